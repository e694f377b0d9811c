//! Regressions found by fuzzing (`fuzz/`), each with the input that failed.

use predicates::prelude::*;

use newsgraph::ingest::{extraction_of, jsonl_records};
use newsgraph::ArticleOptions;

use crate::{bin, data};

/// Every error of a JSON Lines source, through the library.
fn errors(path: &std::path::Path) -> Vec<String> {
    jsonl_records(path)
        .unwrap()
        .map(|r| {
            r.map_err(|e| e.to_string())
                .and_then(|i| extraction_of(&i, &ArticleOptions::default()).map(|_| ()))
        })
        .filter_map(Result::err)
        .collect()
}

/// `fuzz/fuzz_targets/ingest.rs`, crash-ed4a5669…: serde_json quotes an unknown field name as
/// it is, so a key holding "\n" made a multi-line error (and one holding ESC could drive the
/// terminal). Errors about records are now one line, control characters escaped, length bounded.
#[test]
fn fuzz_ingest_unknown_field_with_newline_gives_a_one_line_error() {
    let feed = data("fuzz/ingest-unknown-field-with-newline.jsonl");
    let errs = errors(&feed);
    assert!(errs.iter().any(|e| e.contains("unknown field")), "{errs:?}");
    for e in &errs {
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert!(e.starts_with(&format!("{}:", feed.display())), "{e}");
    }
    let out = bin()
        .args(["build", "-q", "--store"])
        .arg(tempfile::tempdir().unwrap().path().join("s"))
        .arg("--jsonl")
        .arg(&feed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for line in stderr.lines() {
        assert!(
            line.starts_with("newsgraph: "),
            "a continuation line: {line:?}"
        );
    }

    // the same with a terminal escape and a megabyte-long key
    let d = tempfile::tempdir().unwrap();
    let feed = d.path().join("evil.jsonl");
    let long = "k".repeat(1 << 20);
    std::fs::write(
        &feed,
        format!("{{\"text\": \"a\", \"\\u001b[2J\\r{long}\": 1}}\n"),
    )
    .unwrap();
    let errs = errors(&feed);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].contains("\\u{1b}[2J\\r"), "{}", errs[0]);
    assert!(errs[0].chars().count() < 1000, "{} chars", errs[0].len());
    bin()
        .args(["extract", "--jsonl"])
        .arg(&feed)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "evil.jsonl:1: invalid record: unknown field",
        ));
}
