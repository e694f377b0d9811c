//! Integration tests: one binary, modules per concern.

mod cli;
mod corpus;
mod crash;
mod endpoint;
mod example;
mod export;
mod fuzz;
mod hostile;
mod props;
mod resolve;
mod safety;

use std::path::{Path, PathBuf};

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("newsgraph").unwrap()
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/damascus-2019-03-18.txt")
}

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// What `cmd` prints, once it has succeeded (else its error fails the test).
pub fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The store's N-Quads export.
pub fn nquads(store: &Path) -> String {
    stdout_of(
        bin()
            .args(["export", "--format", "nquads", "--store"])
            .arg(store),
    )
}

/// Each article graph of the store at `store`, by name, with its quads.
pub fn graphs(
    store: &Path,
) -> std::collections::HashMap<
    oxigraph::model::GraphName,
    std::collections::HashSet<oxigraph::model::Quad>,
> {
    let s = oxigraph::store::Store::open(store).expect("the store opens");
    let mut out: std::collections::HashMap<_, std::collections::HashSet<_>> =
        std::collections::HashMap::new();
    for q in s.iter() {
        let q = q.unwrap();
        // the store's bookkeeping (a replace's journal, the keys an identity pass has still to
        // handle) is no article
        if let oxigraph::model::GraphName::NamedNode(g) = &q.graph_name {
            if g.as_ref() == newsgraph::store::JOURNAL
                || g.as_ref() == newsgraph::vocab::ng::PENDING_IDENTITY
            {
                continue;
            }
        }
        out.entry(q.graph_name.clone()).or_default().insert(q);
    }
    out
}

/// A synthetic JSON Lines corpus of `count` articles (`newsgraph synth`), written in `dir`.
pub fn synth_corpus(dir: &Path, count: usize, seed: u64) -> PathBuf {
    let corpus = dir.join("c.jsonl");
    let out = bin()
        .args([
            "synth",
            "--count",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .output()
        .unwrap();
    std::fs::write(&corpus, out.stdout).unwrap();
    corpus
}

/// `quads` written as N-Quads and parsed back are the same set.
pub fn assert_nquads_round_trip(quads: &[oxigraph::model::Quad]) {
    use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
    let mut nq = Vec::new();
    let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut nq);
    for q in quads {
        w.serialize_quad(q).unwrap();
    }
    w.finish().unwrap();
    let back: std::collections::HashSet<oxigraph::model::Quad> =
        RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&nq)
            .map(Result::unwrap)
            .collect();
    assert_eq!(back, quads.iter().cloned().collect());
}
