//! Hostile input: huge files, decomposed accents, right-to-left scripts and emoji, Windows-1252,
//! old line endings, endless names, and a store that cannot be written (read-only file system,
//! full disk). Durations of the large cases are printed (`--nocapture`), never asserted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use newsgraph::article::MAX_ARTICLE_BYTES;
use newsgraph::iri::Minter;
use newsgraph::model::Extraction;
use newsgraph::{extract_article, map, ArticleOptions};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use predicates::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::{assert_nquads_round_trip, bin, example, graphs, nquads, synth_corpus};

/// A store holding the example article.
fn built_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    bin()
        .args(["build", "-q", "--published", "2019-03-18", "--store"])
        .arg(&store)
        .arg(example())
        .assert()
        .success();
    store
}

/// Synthetic news text of at least `bytes` bytes, articles joined by `sep` (their own line
/// breaks become `nl`).
fn news_text(bytes: usize, sep: &str, nl: &str) -> String {
    let mut text = String::with_capacity(bytes + 8192);
    for a in newsgraph::synth::corpus(usize::MAX, 11) {
        if text.len() >= bytes {
            break;
        }
        if !text.is_empty() {
            text.push_str(sep);
        }
        text.push_str(&a.text.replace("\r\n", "\n").replace('\n', nl));
    }
    text
}

/// Runs `newsgraph ARGS` and checks a clean refusal: exit 1, one line on stderr holding
/// `needle`. Returns the elapsed seconds.
fn refused(args: &[&std::ffi::OsStr], needle: &str) -> f64 {
    let start = Instant::now();
    let out = bin().args(args).output().unwrap();
    let secs = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    secs
}

#[test]
fn a_50_mb_single_line_file_is_refused_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let store = built_store(d.path());
    let before = nquads(&store);
    let file = d.path().join("line.txt");
    let mut text = news_text(50_000_000, " ", " ");
    let mut end = 50_000_000;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.extend(std::iter::repeat_n(' ', 50_000_000 - end));
    assert!(text.len() == 50_000_000 && !text.contains('\n'));
    std::fs::write(&file, &text).unwrap();
    let build = refused(
        &[
            "build".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            file.as_os_str(),
        ],
        "too large: 50000000 bytes",
    );
    let extract = refused(&["extract".as_ref(), file.as_os_str()], "too large");
    eprintln!("50 MB single line: build refused in {build:.2} s, extract in {extract:.2} s");
    assert_eq!(before, nquads(&store), "the store changed");
}

#[test]
fn a_20_mb_article_of_many_paragraphs_is_refused_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let store = built_store(d.path());
    let before = nquads(&store);
    let file = d.path().join("long.txt");
    let text = news_text(20_000_000, "\n\n", "\n");
    assert!(text.len() > 20_000_000 && text.lines().count() > 50_000);
    std::fs::write(&file, &text).unwrap();
    let build = refused(
        &[
            "build".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            file.as_os_str(),
        ],
        "too large",
    );
    // as a JSON Lines record among good ones: the good ones are stored, the big one named
    let jsonl = d.path().join("feed.jsonl");
    let record = |t: &str| serde_json::json!({ "text": t, "lang": "fr" }).to_string();
    std::fs::write(
        &jsonl,
        [
            record("Le président Jean Dupont a reçu lundi le ministre belge Marc Leroy."),
            record(&text),
        ]
        .join("\n"),
    )
    .unwrap();
    let start = Instant::now();
    bin()
        .args(["build", "-q", "--store"])
        .arg(&store)
        .arg("--jsonl")
        .arg(&jsonl)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("feed.jsonl:2: the article is too large")
                .and(predicate::str::contains("1 articles, ")),
        );
    let jsonl_secs = start.elapsed().as_secs_f64();
    eprintln!("20 MB of paragraphs: build refused in {build:.2} s; as a JSON Lines record in {jsonl_secs:.2} s");
    let after = nquads(&store);
    assert!(after.contains("Jean Dupont") && after.len() > before.len());
}

/// Below the limit a long article of many paragraphs is built; its time is printed.
#[test]
fn a_1_mb_article_of_many_paragraphs_builds() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("long.txt");
    let text = news_text(1_000_000, "\n\n", "\n");
    assert!(text.len() < MAX_ARTICLE_BYTES);
    std::fs::write(&file, &text).unwrap();
    let store = d.path().join("s");
    let start = Instant::now();
    bin()
        .args(["build", "--store"])
        .arg(&store)
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("persons"));
    eprintln!(
        "{} bytes of paragraphs: built in {:.2} s",
        text.len(),
        start.elapsed().as_secs_f64()
    );
    let nq = nquads(&store);
    let n = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq.as_bytes())
        .map(Result::unwrap)
        .count();
    assert!(n > 10_000, "{n} quads");
}

/// A person's name, titles, roles and country.
type PersonFacts = (String, Vec<String>, Vec<String>, Option<String>);

/// What identifies the persons of an extraction, whatever the offsets.
fn persons(ex: &Extraction) -> Vec<PersonFacts> {
    ex.persons
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.titles.clone(),
                p.roles.clone(),
                p.country.clone(),
            )
        })
        .collect()
}

fn opts() -> ArticleOptions {
    ArticleOptions {
        published: chrono::NaiveDate::from_ymd_opt(2024, 3, 6),
        ..Default::default()
    }
}

#[test]
fn decomposed_accents_give_the_same_persons_as_composed_ones() {
    let nfc = "Le président Frédéric Lefèvre a reçu lundi à Genève la ministre belge Hélène Dubé. \
               « Nous sommes prêts », a déclaré Frédéric Lefèvre. Mme Dubé a salué l'accord.\n\
               Le général Zoé Bérénice Ngoné s'est entretenu mardi avec Frédéric Lefèvre.";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let a = extract_article(nfc.as_bytes(), &opts()).unwrap();
    let b = extract_article(nfd.as_bytes(), &opts()).unwrap();
    assert!(a.persons.len() >= 3, "{:?}", persons(&a));
    // names as found in the normalised (composed) text, so the same in both
    assert_eq!(persons(&a), persons(&b));
    let minter = Minter::default();
    let iris = |ex: &Extraction| -> Vec<String> {
        ex.persons.iter().map(|p| minter.person(&p.name)).collect()
    };
    assert_eq!(iris(&a), iris(&b));
    assert_eq!(a.meetings.len(), b.meetings.len());
    assert_eq!(a.claims.len(), b.claims.len());
}

/// Builds `text` into a fresh store and checks that every export re-parses into the store's
/// quads. Returns the N-Quads export.
fn build_and_reparse(text: &str) -> String {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("a.txt");
    std::fs::write(&file, text).unwrap();
    let store = d.path().join("s");
    bin()
        .args(["build", "--published", "2024-03-06", "--store"])
        .arg(&store)
        .arg(&file)
        .assert()
        .success();
    let nq = nquads(&store);
    let quads: HashSet<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq.as_bytes())
        .map(Result::unwrap)
        .collect();
    assert!(!quads.is_empty());
    let triples: HashSet<(NamedOrBlankNode, String, Term)> = quads
        .iter()
        .map(|q| (q.subject.clone(), q.predicate.to_string(), q.object.clone()))
        .collect();
    for format in ["turtle", "trig", "ntriples", "rdfxml"] {
        let out = bin()
            .args(["export", "--format", format, "--store"])
            .arg(&store)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        let rdf_format = RdfFormat::from_extension(match format {
            "turtle" => "ttl",
            "ntriples" => "nt",
            "rdfxml" => "rdf",
            f => f,
        })
        .unwrap();
        let back: Vec<Quad> = RdfParser::from_format(rdf_format)
            .for_slice(&out.stdout)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{format} export does not re-parse: {e}"));
        if format == "trig" {
            assert_eq!(back.into_iter().collect::<HashSet<_>>(), quads, "{format}");
        } else {
            let back: HashSet<_> = back
                .into_iter()
                .map(|q| (q.subject, q.predicate.to_string(), q.object))
                .collect();
            assert_eq!(back, triples, "{format}");
        }
    }
    nq
}

#[test]
fn right_to_left_scripts_and_emoji_around_names_do_not_break_exports() {
    let text =
        "🇫🇷 Le président 😀Jean Dupont😀 a reçu lundi à Paris le ministre belge Marc Leroy 👍.\n\
                قال الرئيس محمد علي إن المحادثات مع Jean Dupont كانت مثمرة.\n\
                \u{200F}ראש הממשלה נפגש עם Marc Leroy בירושלים\u{200E}.\n\
                \u{202E}Marc Leroy\u{202C} a déclaré : « Nous sommes prêts 🙏 ».\n\
                Le ministre 👨‍👩‍👧 Ali Haddad 🇸🇾 a déclaré que la réunion était « utile ».";
    let nq = build_and_reparse(text);
    assert!(nq.contains("\"Jean Dupont\""), "{nq}");
    assert!(nq.contains("\"Marc Leroy\""), "{nq}");
}

#[test]
fn windows_1252_text_is_refused_with_the_byte_position() {
    let d = tempfile::tempdir().unwrap();
    let store = built_store(d.path());
    let before = nquads(&store);
    // "L’armée" with a Windows-1252 right quote (0x92), then é (0xE9) and a euro sign (0x80)
    let cases: [(&[u8], usize); 3] = [
        (b"L\x92arm\xe9e a tir\xe9 sur 3 \x80 de cibles.", 2),
        (b"Le pr\xe9sident Jean Dupont est venu.", 6),
        // after a UTF-8 BOM the position still counts the input's bytes
        (b"\xEF\xBB\xBFLe ministre a dit \x93oui\x94.", 22),
    ];
    for (i, (bytes, pos)) in cases.into_iter().enumerate() {
        let file = d.path().join(format!("cp1252-{i}.txt"));
        std::fs::write(&file, bytes).unwrap();
        refused(
            &[
                "build".as_ref(),
                "--store".as_ref(),
                store.as_os_str(),
                file.as_os_str(),
            ],
            &format!("not UTF-8 text: invalid byte sequence at byte {pos}"),
        );
    }
    assert_eq!(before, nquads(&store), "the store changed");
}

#[test]
fn crlf_and_lone_cr_give_the_same_sentences_as_lf() {
    let lf = std::fs::read_to_string(example())
        .unwrap()
        .replace("\r\n", "\n");
    let o = ArticleOptions {
        published: chrono::NaiveDate::from_ymd_opt(2019, 3, 18),
        ..Default::default()
    };
    let base = extract_article(lf.as_bytes(), &o).unwrap();
    assert!(base.sentences.len() > 10);
    let texts =
        |ex: &Extraction| -> Vec<String> { ex.sentences.iter().map(|s| s.text.clone()).collect() };
    for (what, text) in [
        ("CRLF", lf.replace('\n', "\r\n")),
        ("CR", lf.replace('\n', "\r")),
    ] {
        let ex = extract_article(text.as_bytes(), &o).unwrap();
        assert_eq!(texts(&ex), texts(&base), "{what}");
        assert_eq!(persons(&ex), persons(&base), "{what}");
        assert_eq!(ex.meetings.len(), base.meetings.len(), "{what}");
        let claims =
            |ex: &Extraction| -> Vec<String> { ex.claims.iter().map(|c| c.text.clone()).collect() };
        assert_eq!(claims(&ex), claims(&base), "{what}");
        if what == "CR" {
            // one character per line break, as LF: the very same spans
            assert_eq!(ex.sentences, base.sentences, "{what}");
        }
    }
}

#[test]
fn a_10000_character_name_still_gives_valid_iris() {
    let ascii = format!("A{}", "b".repeat(9_999));
    let accented = format!("É{}", "é".repeat(9_999));
    let odd = format!("Z{}", "a<>\"{}|\\^`%20".repeat(770));
    for long in [ascii, accented, odd] {
        let text = format!(
            "Le président Jean {long} a reçu lundi à Paris le ministre belge Marc Leroy. \
             « Nous sommes prêts », a déclaré Jean {long}.\nM. {long} a quitté Paris."
        );
        let ex = extract_article(text.as_bytes(), &opts()).unwrap();
        if !long.starts_with('Z') {
            // the name is read as a person's (its IRI keeps a bounded slug)
            assert!(
                ex.persons.iter().any(|p| p.name.chars().count() > 10_000),
                "{:?}",
                ex.persons.iter().map(|p| p.name.len()).collect::<Vec<_>>()
            );
        }
        let mapped = map::map(&ex, &Minter::default());
        let mut names = 0;
        for q in &mapped.to_quads() {
            let mut check = |iri: &str| {
                newsgraph::iri::validate(iri).unwrap_or_else(|e| panic!("{e}"));
                names += 1;
            };
            if let NamedOrBlankNode::NamedNode(n) = &q.subject {
                check(n.as_str());
            }
            check(q.predicate.as_str());
            if let Term::NamedNode(n) = &q.object {
                check(n.as_str());
            }
            if let GraphName::NamedNode(n) = &q.graph_name {
                check(n.as_str());
            }
        }
        assert!(names > 0);
        assert_nquads_round_trip(&mapped.to_quads());
    }
}

#[test]
fn a_sidecar_that_is_not_utf8_is_an_error_naming_it() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), "Le président Jean Dupont a parlé.").unwrap();
    // Windows-1252 "é": the sidecar used to be skipped without a word
    std::fs::write(d.path().join("a.meta.json"), b"{\"title\": \"\xe9t\xe9\"}").unwrap();
    let store = d.path().join("s");
    refused(
        &[
            "build".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            d.path().join("a.txt").as_os_str(),
        ],
        "a.meta.json: not UTF-8 text: invalid byte sequence at byte 12",
    );
}

// --- stores that cannot be written -----------------------------------------------------------

/// Whether this process runs as root (the owner of /proc/self is the effective user).
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A tmpfs mounted for the life of the value. Root only: a failure to mount is a test failure,
/// not a skip, so that CI (root) cannot pass without running the test.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .expect("cannot run mount");
        assert!(
            out.status.success(),
            "mount -t tmpfs failed as root: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Tmpfs(dir.to_owned())
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "remount {options}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_store_on_a_read_only_file_system_gives_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    if !is_root() {
        // without root: a directory without write permission, which root would ignore
        use std::os::unix::fs::PermissionsExt;
        let ro = d.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        refused(
            &[
                "build".as_ref(),
                "--store".as_ref(),
                ro.join("store").as_os_str(),
                example().as_os_str(),
            ],
            "cannot open store",
        );
        eprintln!("not root: checked a directory without write permission, not a read-only mount");
        return;
    }
    let fs = Tmpfs::mount(&d.path().join("mnt"), "64m");
    let store = built_store(&fs.0);
    let before = nquads(&store);
    fs.remount("ro");
    // an existing store: refused at open, with the reason
    refused(
        &[
            "build".as_ref(),
            "--store".as_ref(),
            store.as_os_str(),
            example().as_os_str(),
        ],
        "Read-only file system",
    );
    // a new store
    let new = fs.0.join("new");
    refused(
        &[
            "build".as_ref(),
            "--store".as_ref(),
            new.as_os_str(),
            example().as_os_str(),
        ],
        "Read-only file system",
    );
    // queries and exports still read it
    bin()
        .args(["query", "actors", "--format", "csv", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("Bachar al-Assad"));
    assert_eq!(before, nquads(&store));
}

/// A build that fills the disk: a one-line error naming the cause, exit 1; once space is
/// freed the store opens, holds only whole articles, and the build resumes. Both write paths:
/// the bulk loader (empty store) and per-article transactions (a store with data).
#[test]
fn a_full_disk_fails_the_build_cleanly_and_loses_no_article() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs to fill needs root (CI runs as root)");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let corpus = synth_corpus(d.path(), 400, 3);
    let reference_path = d.path().join("ref");
    bin()
        .args(["build", "-q", "--store"])
        .arg(&reference_path)
        .arg(example())
        .arg("--jsonl")
        .arg(&corpus)
        .assert()
        .success();
    let reference = graphs(&reference_path);
    assert!(reference.len() > 400);

    for (k, prefilled) in [false, true].into_iter().enumerate() {
        // 4 MB: the store of the 400 articles takes 22 MB
        let fs = Tmpfs::mount(&d.path().join(format!("mnt{k}")), "4m");
        let store = fs.0.join("store");
        if prefilled {
            bin()
                .args(["build", "-q", "--store"])
                .arg(&store)
                .arg(example())
                .assert()
                .success();
        }
        let out = bin()
            .args(["build", "-q", "--store"])
            .arg(&store)
            .arg("--jsonl")
            .arg(&corpus)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "prefilled {prefilled}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
        assert!(
            err.contains("cannot write to store") && err.contains("No space left on device"),
            "{err}"
        );
        // free space, then: whole articles only
        fs.remount("size=256m");
        let got = graphs(&store);
        if prefilled {
            assert!(got.len() > 1, "the example and some articles were stored");
        }
        for (g, quads) in &got {
            assert_eq!(
                Some(quads),
                reference.get(g),
                "graph {g} is not whole after a full disk (prefilled {prefilled})"
            );
        }
        bin()
            .args(["build", "-q", "--store"])
            .arg(&store)
            .arg("--jsonl")
            .arg(&corpus)
            .assert()
            .success();
        let finished = graphs(&store);
        for (g, quads) in &finished {
            assert_eq!(Some(quads), reference.get(g), "graph {g} after resuming");
        }
        // every article; the example only where it was built first
        assert_eq!(finished.len(), reference.len() - usize::from(!prefilled));
    }
}
