//! The CLI contract: every subcommand, exit codes and error messages on bad input, and the
//! store left as it was.

use predicates::prelude::*;

use crate::{bin, example, nquads};

fn built_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    (dir, path)
}

#[test]
fn build_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(dir.path().join("s"))
        .arg(example())
        .assert()
        .success()
        .stdout(predicate::str::contains("4 persons").and(predicate::str::contains("triples")));
}

#[test]
fn build_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["build", "--store"])
        .arg(dir.path().join("s"))
        .arg("-")
        .write_stdin("Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy.")
        .assert()
        .success()
        .stdout(predicate::str::contains("2 persons"));
}

#[test]
fn query_who_met_whom_in_every_format() {
    let (_d, store) = built_store();
    bin()
        .args(["query", "who-met-whom", "--format", "json", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"head\"")
                .and(predicate::str::contains("person_name"))
                .and(predicate::str::contains("Bachar al-Assad")),
        );
    bin()
        .args(["query", "who-met-whom", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("person_name,other_name,date"));
    bin()
        .args(["query", "who-met-whom", "--format", "tsv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("?person_name\t"));
    bin()
        .args(["query", "who-met-whom", "--format", "xml", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("<sparql"));
    bin()
        .args(["query", "who-met-whom", "--format", "table", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("2019-03-18"));
}

#[test]
fn every_bundled_query_runs() {
    let (_d, store) = built_store();
    for q in ["actors", "who-met-whom", "meetings", "claims", "timeline"] {
        bin()
            .args(["query", q, "--format", "csv", "--store"])
            .arg(&store)
            .assert()
            .success();
    }
    let meeting = String::from_utf8(
        bin()
            .args([
                "query",
                "--format",
                "tsv",
                "--sparql",
                "SELECT ?m WHERE { ?m a <https://w3id.org/newsgraph/ontology#Meeting> } LIMIT 1",
                "--store",
            ])
            .arg(&store)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let iri = meeting.lines().nth(1).unwrap().trim().to_owned();
    bin()
        .args(["query", "evidence", "--format", "csv", "--param"])
        .arg(format!("item={iri}"))
        .arg("--store")
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("#char="));
    bin()
        .args(["query", "evidence", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing required parameter"));
}

#[test]
fn parameters_filter_and_cannot_inject() {
    let (_d, store) = built_store();
    bin()
        .args([
            "query",
            "who-met-whom",
            "--format",
            "csv",
            "--param",
            "person=Assad",
            "--store",
        ])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("Bachar al-Assad"));
    let before = nquads(&store);
    for evil in [
        "x\" } UNION { ?s ?p ?o } #",
        "') || true || ('",
        "Assad\n}",
        "} ; DROP ALL ; {",
    ] {
        let out = bin()
            .args(["query", "who-met-whom", "--format", "csv", "--param"])
            .arg(format!("person={evil}"))
            .arg("--store")
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().lines().count(),
            1,
            "rows for {evil:?}"
        );
    }
    assert_eq!(before, nquads(&store));
    bin()
        .args(["query", "who-met-whom", "--param", "nobody=1", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown parameter"));
}

#[test]
fn a_name_parameter_finds_the_same_rows_with_and_without_the_name_index() {
    use newsgraph::vocab::ng;
    let (d, store) = built_store();
    let rows = |store: &std::path::Path, query: &str, param: &str| {
        let out = bin()
            .args([
                "query", query, "--format", "csv", "--param", param, "--store",
            ])
            .arg(store)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let cases = [
        ("who-met-whom", "person=assad"),
        ("who-met-whom", "person=AL-ASS"),
        ("claims", "speaker=Ayoub"),
        ("claims", "speaker=nobody"),
    ];
    let indexed: Vec<String> = cases.iter().map(|(q, p)| rows(&store, q, p)).collect();
    assert!(indexed[0].contains("Bachar al-Assad") && indexed[0] == indexed[1]);
    assert!(indexed[2].lines().count() > 1 && indexed[3].lines().count() == 1);
    // a store built before the index: its names are read
    let old = d.path().join("old");
    let s = oxigraph::store::Store::open(&old).unwrap();
    let src = oxigraph::store::Store::open_read_only(&store).unwrap();
    for q in src.iter() {
        let q = q.unwrap();
        if q.predicate != ng::NAME_KEY {
            s.insert(&q).unwrap();
        }
    }
    assert!(s.len().unwrap() < src.len().unwrap());
    drop(s);
    for ((q, p), rows_indexed) in cases.iter().zip(&indexed) {
        assert_eq!(&rows(&old, q, p), rows_indexed, "{q} {p}");
    }
    // its next build writes the keys of its persons
    bin()
        .args(["build", "-q", "--store"])
        .arg(&old)
        .arg("-")
        .write_stdin("Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy.")
        .assert()
        .success();
    let s = oxigraph::store::Store::open_read_only(&old).unwrap();
    let keys = s
        .quads_for_pattern(None, Some(ng::NAME_KEY), None, None)
        .count();
    assert_eq!(keys, 4 + 2);
}

#[test]
fn queries_lists_the_bundled_queries() {
    bin().arg("queries").assert().success().stdout(
        predicate::str::contains("who-met-whom")
            .and(predicate::str::contains(
                "columns: person_name, other_name, date",
            ))
            .and(predicate::str::contains("param person")),
    );
}

#[test]
fn extract_prints_json_and_nquads_and_build_takes_json_back() {
    let out = bin()
        .args(["extract", "--published", "2019-03-18"])
        .arg(example())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains("\"format\": \"newsgraph-extraction/1\""));
    let nq = bin()
        .args(["extract", "--format", "nquads", "--published", "2019-03-18"])
        .arg(example())
        .output()
        .unwrap();
    assert!(String::from_utf8(nq.stdout)
        .unwrap()
        .contains("<http://schema.org/Person>"));
    // the curation loop: edit the JSON, build it as it is
    let dir = tempfile::tempdir().unwrap();
    let edited = json.replace("Bachar al-Assad", "Bashar al-Assad");
    let file = dir.path().join("a.extraction.json");
    std::fs::write(&file, edited).unwrap();
    let store = dir.path().join("s");
    bin()
        .args(["build", "--store"])
        .arg(&store)
        .arg(&file)
        .assert()
        .success();
    bin()
        .args(["query", "actors", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("Bashar al-Assad"));
}

#[test]
fn export_formats_and_graph_and_file() {
    let (d, store) = built_store();
    for (f, needle) in [
        ("turtle", "@prefix"),
        ("trig", "{"),
        ("ntriples", "> ."),
        ("nquads", "> ."),
        ("rdfxml", "rdf:RDF"),
    ] {
        bin()
            .args(["export", "--format", f, "--store"])
            .arg(&store)
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
    let out = d.path().join("g.ttl");
    bin()
        .args(["export", "--store"])
        .arg(&store)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("schema:Person"));
    bin()
        .args(["export", "--graph", "http://nowhere.example/x", "--store"])
        .arg(&store)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no graph"));
    bin()
        .args(["export", "--format", "docx", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown RDF format"));
}

/// Each bad input: a clear one-line message, a non-zero exit, and the store unchanged.
#[test]
fn bad_input_is_refused_and_loses_nothing() {
    let (d, store) = built_store();
    let before = nquads(&store);
    let empty = d.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let blank = d.path().join("blank.txt");
    std::fs::write(&blank, " \n\t\n").unwrap();
    let latin1 = d.path().join("latin1.txt");
    std::fs::write(&latin1, b"Le pr\xe9sident est venu.").unwrap();
    let empty_dir = d.path().join("nothing-here");
    std::fs::create_dir(&empty_dir).unwrap();
    let binary = d.path().join("bin.txt");
    std::fs::write(&binary, b"abc\0\x01\x02").unwrap();
    let cases: Vec<(Vec<std::ffi::OsString>, i32, &str)> = vec![
        (
            vec!["build".into(), d.path().join("missing.txt").into()],
            1,
            "cannot read article",
        ),
        (vec!["build".into(), empty.clone().into()], 1, "empty"),
        (vec!["build".into(), blank.into()], 1, "whitespace"),
        (
            vec!["build".into(), empty_dir.clone().into()],
            1,
            "directory",
        ),
        (vec!["build".into(), latin1.into()], 1, "not UTF-8"),
        (vec!["build".into(), binary.into()], 1, "binary"),
        (
            vec![
                "build".into(),
                "--published".into(),
                "2019-13-45".into(),
                example().into(),
            ],
            2,
            "YYYY-MM-DD",
        ),
        (
            vec![
                "build".into(),
                "--url".into(),
                "not an iri".into(),
                example().into(),
            ],
            2,
            "IRI",
        ),
        (
            vec![
                "build".into(),
                "--base".into(),
                "http://ex.org/no-slash".into(),
                example().into(),
            ],
            2,
            "must end",
        ),
        (
            vec!["query".into(), "no-such-query".into()],
            2,
            "unknown query",
        ),
        (
            vec!["query".into(), "--sparql".into(), "SELEKT * WHERE {".into()],
            1,
            "invalid SPARQL",
        ),
    ];
    for (args, code, msg) in cases {
        let out = bin()
            .args(&args)
            .arg("--store")
            .arg(&store)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: not one line: {err}"
        );
        assert_eq!(before, nquads(&store), "{args:?} changed the store");
    }
    // a failing article among good ones: the good ones are stored, exit 1
    let other = tempfile::tempdir().unwrap();
    let s2 = other.path().join("s");
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(&s2)
        .arg(&empty)
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 failed"));
    assert_eq!(before, nquads(&s2));
}

#[test]
fn unwritable_store_path() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("file");
    std::fs::write(&file, "x").unwrap();
    bin()
        .args(["build", "--store"])
        .arg(&file)
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot open store"));
    bin()
        .args(["build", "--store"])
        .arg(file.join("sub"))
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot open store"));
    bin()
        .args(["query", "actors", "--store"])
        .arg(d.path().join("none"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no store"));
}

#[test]
fn a_locked_store_gives_a_clear_error() {
    let (_d, store) = built_store();
    let _held = oxigraph::store::Store::open(&store).unwrap();
    bin()
        .args(["build", "--store"])
        .arg(&store)
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("in use by another process"));
    // readers still work
    bin()
        .args(["query", "actors", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success();
}

#[test]
fn build_takes_directories_and_json_lines() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("feed/sub");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy.",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.meta.json"),
        r#"{"published": "2024-03-06", "lang": "fr"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("notes.md"), "ignored").unwrap();
    let store = d.path().join("s");
    bin()
        .args(["build", "--store"])
        .arg(&store)
        .arg(d.path().join("feed"))
        .assert()
        .success()
        .stdout(predicate::str::contains("a.txt: 2 persons, 1 meetings"));
    bin()
        .args(["query", "meetings", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("2024-03-04"));

    let jsonl = d.path().join("feed.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"x1\", \"text\": \"Canadian Foreign Minister Laura Stone met Diego Ramos in Lima on Monday.\", \"published\": \"2024-05-08\", \"lang\": \"en\"}\n\n{\"text\": 3}\n{\"text\": \"Le général Omar Diallo a affirmé que l'armée restera mobilisée.\", \"published\": \"2024-13-01\"}\n",
    )
    .unwrap();
    let s2 = d.path().join("s2");
    bin()
        .args(["build", "--store"])
        .arg(&s2)
        .arg("--jsonl")
        .arg(&jsonl)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("feed.jsonl:1: 2 persons"))
        .stderr(
            predicate::str::contains("feed.jsonl:3: invalid record")
                .and(predicate::str::contains("feed.jsonl:4: published"))
                .and(predicate::str::contains("1 articles, ")),
        );
    bin()
        .args(["query", "who-met-whom", "--format", "csv", "--store"])
        .arg(&s2)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Laura Stone").and(predicate::str::contains("2024-05-06")),
        );
}

#[test]
fn a_malformed_sidecar_names_the_file() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), "Le président Jean Dupont a parlé.").unwrap();
    std::fs::write(d.path().join("a.meta.json"), "{oops").unwrap();
    bin()
        .args(["build", "--store"])
        .arg(d.path().join("s"))
        .arg(d.path().join("a.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.meta.json: invalid JSON"));
}

/// A sidecar field that is not valid is refused as in JSON Lines, naming the sidecar and the
/// field on one line: that article is reported and skipped, the others are built, exit 1.
#[test]
fn a_sidecar_with_an_invalid_field_is_refused_naming_the_file_and_the_field() {
    let d = tempfile::tempdir().unwrap();
    let text = "Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy.";
    let cases = [
        ("lang", r#"{"lang": "de"}"#, r#"lang "de" is not fr or en"#),
        (
            "url",
            r#"{"url": "not an iri"}"#,
            r#"url "not an iri" is not a valid absolute IRI"#,
        ),
        (
            "published",
            r#"{"published": "18/03/2019"}"#,
            r#"published "18/03/2019" is not YYYY-MM-DD"#,
        ),
        (
            "title",
            r#"{"title": 3}"#,
            "title is a number, not a string",
        ),
        ("array", "[]", "not a JSON object but an array"),
    ];
    for (name, meta, _) in &cases {
        std::fs::write(d.path().join(format!("{name}.txt")), text).unwrap();
        std::fs::write(d.path().join(format!("{name}.meta.json")), meta).unwrap();
    }
    // a good one beside them, and a null field read as absent
    std::fs::write(d.path().join("good.txt"), text).unwrap();
    std::fs::write(
        d.path().join("good.meta.json"),
        r#"{"lang": "fr", "url": "https://example.org/a", "published": "2024-03-06", "title": null}"#,
    )
    .unwrap();
    let store = d.path().join("s");
    let out = bin()
        .args(["build", "--store"])
        .arg(&store)
        .arg(d.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (name, _, message) in &cases {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("{name}.meta.json: ")))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line.starts_with("newsgraph: "), "{line}");
        assert!(line.contains(message), "{line}");
    }
    assert!(stderr.contains("1 articles, "), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("good.txt: 2 persons"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // the good article has its sidecar's URL and date
    bin()
        .args(["query", "meetings", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("2024-03-04"));
    assert!(crate::nquads(&store).contains("<https://example.org/a>"));
    // the CLI's options win over a sidecar's, but a broken sidecar is broken all the same
    bin()
        .args(["extract", "--lang", "fr"])
        .arg(d.path().join("lang.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            r#"lang.meta.json: lang "de" is not fr or en"#,
        ));
}

#[test]
fn user_lexicons_link_entities() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    let lexicon = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lexicon.ttl");
    bin()
        .args(["build", "-q", "--store"])
        .arg(&store)
        .arg("--lexicon")
        .arg(&lexicon)
        .arg(example())
        .assert()
        .success();
    let out = bin()
        .args(["query", "--format", "csv", "--sparql", "SELECT ?x ?w WHERE { ?x owl:sameAs ?w FILTER(STRSTARTS(STR(?w), \"https://kb.example.org/\")) }", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for (x, w) in [
        ("person/ali-ayoub", "ali-abdullah-ayoub"),
        ("person/bashar-assad", "bashar-al-assad"),
        ("/org/", "kb.example.org/sana"),
        ("/place/", "kb.example.org/idlib"),
    ] {
        assert!(
            text.lines().any(|l| l.contains(x) && l.contains(w)),
            "{x} {w} in {text}"
        );
    }
    let bad = d.path().join("bad.ttl");
    std::fs::write(&bad, "not turtle").unwrap();
    bin()
        .args(["build", "--store"])
        .arg(d.path().join("s2"))
        .arg("--lexicon")
        .arg(&bad)
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read lexicon"));
}
