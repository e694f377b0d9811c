//! Hostile and careless use (issue 14): outputs that must not destroy what they replace,
//! inputs that must be checked before they are stored, inputs that never end, and messages
//! that keep their cause. Each test failed before its fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{bin, example, graphs, stdout_of};

fn built_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(example())
        .assert()
        .success();
    store
}

/// Runs `cmd`: exit code and stderr.
fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a command that must end by itself within `limit` (it is killed, and the test fails,
/// if it does not): exit code and stderr.
fn run_bounded(cmd: &mut Command, limit: Duration) -> (Option<i32>, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn newsgraph() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Runs `cmd`, which must fail with exit `code` and one line of error holding `needle`; its
/// stderr.
fn refused(cmd: &mut assert_cmd::Command, code: i32, needle: &str) -> String {
    let (got, err) = run(cmd);
    assert_eq!(got, Some(code), "{err}");
    one_line_error(&err, needle);
    err
}

/// `stderr` is one error line holding `needle` (a build's closing count of articles aside).
fn one_line_error(stderr: &str, needle: &str) {
    let stderr: String = stderr
        .lines()
        .filter(|l| {
            !(l.starts_with("newsgraph: ")
                && l.contains(" articles, ")
                && l.contains(" failed, in "))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("newsgraph: "), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in {stderr}");
}

// ---- outputs that destroy what they replace

fn export_nquads_to(store: &Path, output: &Path) {
    bin()
        .args(["export", "--format", "nquads", "--store"])
        .arg(store)
        .arg("-o")
        .arg(output)
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn export_writes_through_a_fifo_and_a_link_and_keeps_permissions() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let expected = stdout_of(
        bin()
            .args(["export", "--format", "nquads", "--store"])
            .arg(&store),
    );

    // a FIFO (as /dev/stdout or a device would be): written through, still a FIFO
    let fifo = dir.path().join("pipe.nq");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    export_nquads_to(&store, &fifo);
    // asked first: had the FIFO been replaced, its reader would wait forever
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert_eq!(reader.join().unwrap(), expected);

    // a link: its target is replaced, the link stays; a 0600 file stays 0600
    let target = dir.path().join("target.nq");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.nq");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    // an unrelated file of the name the old code used for its temporary file
    std::fs::write(dir.path().join("link.partial"), "mine").unwrap();
    std::fs::write(dir.path().join("target.partial"), "mine too").unwrap();
    export_nquads_to(&store, &link);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("link.partial")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("target.partial")).unwrap(),
        "mine too"
    );
}

#[test]
fn a_failed_export_leaves_nothing_behind_and_parallel_exports_are_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    refused(
        bin()
            .args(["export", "--store"])
            .arg(&store)
            .arg("-o")
            .arg(&out),
        1,
        "is a directory",
    );
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");

    // two exports to one name at once: both succeed, the file is one whole export
    let target = dir.path().join("g.ttl");
    let spawn = || {
        newsgraph()
            .args(["export", "--store"])
            .arg(&store)
            .arg("-o")
            .arg(&target)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let expected = stdout_of(bin().args(["export", "--store"]).arg(&store));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".tmp") || n.ends_with(".partial")),
        "{names:?}"
    );
}

#[test]
fn export_refuses_formats_it_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    for format in ["json", "jsonld", "n3"] {
        refused(
            bin()
                .args(["export", "--format", format, "--store"])
                .arg(&store),
            2,
            "unknown RDF format",
        );
    }
    refused(
        bin()
            .args(["export", "--store"])
            .arg(&store)
            .arg("-o")
            .arg(dir.path().join("g.json")),
        2,
        "cannot guess the format",
    );
}

#[test]
fn a_folder_that_is_not_a_store_is_refused_and_an_empty_build_leaves_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("LOG"), "my log").unwrap();
    refused(
        bin().args(["build", "--store"]).arg(&folder).arg(example()),
        1,
        "not a newsgraph store",
    );
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("LOG")]);
    assert_eq!(
        std::fs::read_to_string(folder.join("LOG")).unwrap(),
        "my log"
    );

    // a build that stores nothing leaves no store behind
    let bad = dir.path().join("empty.txt");
    std::fs::write(&bad, "").unwrap();
    let store = dir.path().join("new-store");
    let (code, _) = run(bin().args(["build", "--store"]).arg(&store).arg(&bad));
    assert_eq!(code, Some(1));
    assert!(!store.exists());
    // an empty folder given as the store stays, empty
    let empty = dir.path().join("empty-store");
    std::fs::create_dir(&empty).unwrap();
    let (code, _) = run(bin().args(["build", "--store"]).arg(&empty).arg(&bad));
    assert_eq!(code, Some(1));
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);

    // a store is marked, and one built before the mark is still a store
    let store = built_store(dir.path());
    assert!(store.join(newsgraph::store::MARK).is_file());
    std::fs::remove_file(store.join(newsgraph::store::MARK)).unwrap();
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(example())
        .assert()
        .success();
    assert!(store.join(newsgraph::store::MARK).is_file());
}

// ---- input stored without checking

/// The example's extraction, as `newsgraph extract` prints it.
fn extraction() -> serde_json::Value {
    let text = stdout_of(bin().args(["extract"]).arg(example()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn an_extraction_file_is_checked_like_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let good = extraction();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "not a valid absolute IRI",
            Box::new(|v| v["article"]["iri"] = "not an iri".into()),
        ),
        (
            "not a valid absolute IRI",
            Box::new(|v| v["article"]["iri"] = "https://ex.org/a> <b> <c> <d> .\n<x".into()),
        ),
        (
            "keeps for its own graphs",
            Box::new(|v| {
                v["article"]["iri"] = "https://w3id.org/newsgraph/ontology#journal".into()
            }),
        ),
        (
            "is not an article IRI",
            Box::new(|v| v["article"]["iri"] = "javascript:alert(1)".into()),
        ),
        (
            "too long",
            Box::new(|v| {
                v["article"]["iri"] = format!("https://ex.org/{}", "a".repeat(9000)).into()
            }),
        ),
        (
            "not a YYYY-MM-DD date",
            Box::new(|v| v["meetings"][0]["date"] = "2019-02-30".into()),
        ),
        (
            "not a YYYY-MM-DD date",
            Box::new(|v| v["article"]["published"] = "yesterday".into()),
        ),
        (
            "not an ISO 3166-1",
            Box::new(|v| v["persons"][0]["country"] = "Syria".into()),
        ),
        (
            "not an ISO 3166-1",
            Box::new(|v| v["countries"][0]["code"] = "sy\n".into()),
        ),
        (
            "twice",
            Box::new(|v| v["persons"][1]["id"] = v["persons"][0]["id"].clone()),
        ),
        (
            "same_as",
            Box::new(|v| v["persons"][0]["same_as"] = "not an IRI".into()),
        ),
        (
            "control character",
            Box::new(|v| v["persons"][0]["name"] = "A\u{1b}[2J".into()),
        ),
        (
            "sentence",
            Box::new(|v| v["persons"][0]["mentions"][0]["sentence"] = 9999.into()),
        ),
    ];
    for (i, (needle, edit)) in cases.iter().enumerate() {
        let mut v = good.clone();
        edit(&mut v);
        let file = dir.path().join(format!("case{i}.extraction.json"));
        std::fs::write(&file, serde_json::to_string(&v).unwrap()).unwrap();
        let store = dir.path().join(format!("store{i}"));
        refused(
            bin().args(["build", "--store"]).arg(&store).arg(&file),
            1,
            needle,
        );
        assert!(!store.exists(), "case {i}: nothing stored, no store left");
    }
    // the extraction as printed builds
    let file = dir.path().join("good.extraction.json");
    std::fs::write(&file, serde_json::to_string(&good).unwrap()).unwrap();
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(dir.path().join("ok"))
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn an_article_given_twice_in_one_build_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let name = example().display().to_string();
    let err = refused(
        bin()
            .args(["build", "--quiet", "--store"])
            .arg(&store)
            .arg(example())
            .arg(example()),
        1,
        &format!("{name}: the article <"),
    );
    assert!(
        err.contains(&format!("is also {name}, earlier in this build")),
        "{err}"
    );

    // a corrected extraction beside its article: the extraction (first by name) is kept
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::copy(example(), articles.join("a.txt")).unwrap();
    std::fs::copy(
        example().with_extension("meta.json"),
        articles.join("a.meta.json"),
    )
    .unwrap();
    let mut ex = extraction();
    ex["persons"][0]["name"] = "Corrected Name".into();
    std::fs::write(articles.join("a.extraction.json"), ex.to_string()).unwrap();
    let store = dir.path().join("store2");
    let err = refused(
        bin()
            .args(["build", "--quiet", "--store"])
            .arg(&store)
            .arg(&articles),
        1,
        "a.txt: the article <",
    );
    assert!(
        err.contains("a.extraction.json, earlier in this build"),
        "{err}"
    );
    let names = stdout_of(
        bin()
            .args([
                "query",
                "--sparql",
                "SELECT ?n { ?p a schema:Person ; schema:name ?n }",
                "--store",
            ])
            .arg(&store),
    );
    assert!(names.contains("Corrected Name"), "{names}");
}

#[test]
fn article_iris_are_capped_and_checked_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let long = format!("https://ex.org/{}", "a".repeat(9000));
    for (url, needle) in [
        (long.as_str(), "too long"),
        ("javascript:alert(1)", "is not an article IRI"),
        (
            "https://w3id.org/newsgraph/ontology#journal",
            "keeps for its own graphs",
        ),
        // a line end in the value: the reason is kept
        ("https://ex.org/a\nb", "is not a valid absolute IRI"),
    ] {
        refused(
            bin()
                .args(["build", "--store"])
                .arg(&store)
                .arg("--url")
                .arg(url)
                .arg(example()),
            2,
            needle,
        );
        // in a sidecar and in JSON Lines
        let article = dir.path().join("x.txt");
        std::fs::copy(example(), &article).unwrap();
        std::fs::write(
            dir.path().join("x.meta.json"),
            serde_json::json!({ "url": url }).to_string(),
        )
        .unwrap();
        refused(
            bin().args(["build", "--store"]).arg(&store).arg(&article),
            1,
            needle,
        );
        let jsonl = dir.path().join("x.jsonl");
        std::fs::write(
            &jsonl,
            serde_json::json!({ "text": "Le président Jean Dupont a parlé.", "url": url })
                .to_string(),
        )
        .unwrap();
        refused(
            bin()
                .args(["build", "--store"])
                .arg(&store)
                .arg("--jsonl")
                .arg(&jsonl),
            1,
            needle,
        );
    }
    assert!(!store.exists());
}

#[test]
fn control_characters_are_never_stored_and_exports_stay_valid_xml() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Le président \u{1b}]0;pwned\u{7}Jean Dupont a reçu lundi le ministre belge Marc Leroy.\u{1b}[2J\u{9b}\u{c}Il a déclaré : « Nous avons parlé. »",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.meta.json"),
        r#"{"title": "T\u001b[31m"}"#,
    )
    .unwrap();
    let store = dir.path().join("store");
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&article)
        .assert()
        .success();
    let rdfxml = stdout_of(
        bin()
            .args(["export", "--format", "rdfxml", "--store"])
            .arg(&store),
    );
    let nq = stdout_of(
        bin()
            .args(["export", "--format", "nquads", "--store"])
            .arg(&store),
    );
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{c}'] {
        assert!(!rdfxml.contains(c) && !nq.contains(c), "{c:?} stored");
    }
    assert!(
        !nq.contains("\\u001B") && !nq.contains("\\u0007"),
        "no escaped control either"
    );
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::RdfXml)
        .for_slice(rdfxml.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("the RDF/XML export is XML");
    // offsets are those of the file: one character for one
    let csv = stdout_of(
        bin()
            .args([
                "query",
                "--sparql",
                "SELECT ?n { ?p a schema:Person ; schema:name ?n } ORDER BY ?n",
                "--store",
            ])
            .arg(&store),
    );
    assert!(
        csv.contains("Jean Dupont") && csv.contains("Marc Leroy"),
        "{csv}"
    );
}

#[test]
fn a_zero_width_joiner_inside_a_name_does_not_cut_it() {
    let text = "Le ministre iranien des Affaires étrangères, Mohammad Ja\u{200d}vad Zarif, a rencontré lundi le président Jean Dupont.";
    let out = stdout_of(
        bin()
            .args(["extract", "--lang", "fr", "-"])
            .write_stdin(text),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Mohammad Javad Zarif"), "{names:?}");
}

// ---- inputs that never end

#[cfg(unix)]
#[test]
fn directory_loops_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(articles.join("sub")).unwrap();
    std::fs::copy(example(), articles.join("sub/a.txt")).unwrap();
    std::os::unix::fs::symlink(&articles, articles.join("sub/self")).unwrap();
    std::os::unix::fs::symlink(articles.join("sub"), articles.join("again")).unwrap();
    std::os::unix::fs::symlink(articles.join("sub/a.txt"), articles.join("link.txt")).unwrap();
    let store = dir.path().join("store");
    let (code, err) = run_bounded(
        newsgraph()
            .args(["build", "--store"])
            .arg(&store)
            .arg(&articles),
        Duration::from_secs(120),
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(graphs(&store).len(), 1);
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("article.txt");
    mkfifo(&fifo);
    let store = dir.path().join("store");
    refused_at_once(
        newsgraph()
            .args(["build", "--store"])
            .arg(&store)
            .arg(&fifo),
        "not a regular file",
    );
    refused_at_once(
        newsgraph()
            .args(["extract", "--lexicon", "/dev/zero"])
            .arg(example()),
        "cannot read lexicon /dev/zero: it is not a regular file",
    );
    let query = dir.path().join("q.rq");
    mkfifo(&query);
    let real = built_store(dir.path());
    refused_at_once(
        newsgraph()
            .args(["query", "--store"])
            .arg(&real)
            .arg(&query),
        "not a regular file",
    );
}

/// `cmd` ends within a minute with exit 1 and one line of error holding `needle`.
fn refused_at_once(cmd: &mut Command, needle: &str) {
    let (code, err) = run_bounded(cmd, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{err}");
    one_line_error(&err, needle);
}

#[test]
fn deep_and_runaway_queries_are_stopped_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let deep = format!(
        "SELECT * {{ FILTER({}1{}) }}",
        "(".repeat(4000),
        ")".repeat(4000)
    );
    refused(
        bin()
            .args(["query", "--sparql", &deep, "--store"])
            .arg(&store),
        1,
        "nested 4002 levels deep",
    );
    // also before it is sent to an endpoint
    refused(
        bin().args([
            "query",
            "--sparql",
            &deep,
            "--endpoint",
            "http://127.0.0.1:9/query",
        ]),
        1,
        "nested 4002 levels deep",
    );
    // brackets inside strings, IRIs and comments do not count
    let quoted = format!(
        "SELECT * {{ BIND(\"{}\" AS ?x) BIND(<http://ex.org/{}> AS ?y) # {}\n }}",
        "(".repeat(500),
        "((((".repeat(100),
        "{".repeat(500)
    );
    stdout_of(
        bin()
            .args(["query", "--sparql", &quoted, "--store"])
            .arg(&store),
    );

    // a cross product stopped by the time limit
    let cross = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let start = Instant::now();
    refused(
        bin()
            .args(["query", "--timeout", "1", "--sparql", cross, "--store"])
            .arg(&store),
        1,
        "ran longer than its time limit of 1 s",
    );
    assert!(start.elapsed() < Duration::from_secs(60));
    // and a row limit
    refused(
        bin()
            .args([
                "query",
                "--max-rows",
                "5",
                "--sparql",
                "SELECT * { ?s ?p ?o }",
                "--store",
            ])
            .arg(&store),
        1,
        "more than 5 rows",
    );

    // an update says what it is
    refused(
        bin()
            .args([
                "query",
                "--sparql",
                "INSERT DATA { <a:b> <a:c> <a:d> }",
                "--store",
            ])
            .arg(&store),
        1,
        "the query is an update; newsgraph queries only read",
    );
}

// ---- messages that keep their cause

#[test]
fn byte_order_marks_in_sidecars_and_json_lines_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::copy(example(), &article).unwrap();
    std::fs::write(
        dir.path().join("a.meta.json"),
        "\u{feff}{\"published\": \"2019-03-18\", \"url\": \"https://ex.org/a\"}",
    )
    .unwrap();
    let jsonl = dir.path().join("b.jsonl");
    std::fs::write(&jsonl, "\u{feff}{\"text\": \"Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy.\", \"url\": \"https://ex.org/b\"}\n").unwrap();
    let store = dir.path().join("store");
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&article)
        .arg("--jsonl")
        .arg(&jsonl)
        .assert()
        .success();
    let g = graphs(&store);
    assert_eq!(g.len(), 2);
}

#[test]
fn a_directory_without_articles_is_reported_and_the_others_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("nothing-here");
    std::fs::create_dir(&empty).unwrap();
    let store = dir.path().join("store");
    let (code, err) = run(bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&empty)
        .arg(example()));
    assert_eq!(code, Some(1));
    assert!(err.contains("nothing-here: it holds no *.txt"), "{err}");
    assert_eq!(graphs(&store).len(), 1);
}

#[test]
fn extract_nquads_types_offsets_as_the_store_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(dir.path());
    let extracted = stdout_of(bin().args(["extract", "--format", "nquads"]).arg(example()));
    let exported = stdout_of(
        bin()
            .args(["export", "--format", "nquads", "--store"])
            .arg(&store),
    );
    let parse = |s: &str| -> std::collections::HashSet<oxigraph::model::Quad> {
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
            .for_slice(s.as_bytes())
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(parse(&extracted), parse(&exported));
}

#[cfg(unix)]
#[test]
fn a_full_standard_output_says_the_articles_were_stored() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let out = newsgraph()
        .args(["build", "--store"])
        .arg(&store)
        .arg(example())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    one_line_error(
        &err,
        "1 articles stored, 0 failed, but their summary lines were lost",
    );
    assert!(err.contains("cannot write to standard output"), "{err}");
    assert_eq!(graphs(&store).len(), 1);
}

#[test]
fn a_build_leaves_no_old_log_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let corpus = crate::synth_corpus(dir.path(), 300, 3);
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(example())
        .assert()
        .success();
    // incremental: one transaction per article
    build_jsonl(&store, &corpus);
    let logs: Vec<(String, u64)> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    let bytes: u64 = logs.iter().map(|l| l.1).sum();
    assert!(bytes < 64 << 10, "write-ahead logs left: {logs:?}");
}

/// Builds a JSON Lines corpus into `store` (incrementally if it holds articles).
fn build_jsonl(store: &Path, corpus: &Path) {
    bin()
        .args(["build", "--quiet", "--store"])
        .arg(store)
        .arg("--jsonl")
        .arg(corpus)
        .assert()
        .success();
}

#[test]
fn a_standard_output_closed_by_its_reader_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = crate::synth_corpus(dir.path(), 200, 5);
    let store = dir.path().join("store");
    build_jsonl(&store, &corpus);
    let commands: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["synth".into(), "--count".into(), "20000".into()],
        vec![
            "export".into(),
            "--format".into(),
            "nquads".into(),
            "--store".into(),
            store.clone().into(),
        ],
        vec![
            "query".into(),
            "--sparql".into(),
            "SELECT * { ?s ?p ?o }".into(),
            "--store".into(),
            store.clone().into(),
        ],
        vec![
            "extract".into(),
            "--format".into(),
            "nquads".into(),
            "--jsonl".into(),
            corpus.clone().into(),
        ],
    ];
    for args in commands {
        // `newsgraph … | head -c 100`
        let mut child = newsgraph()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 100];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut head).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}
