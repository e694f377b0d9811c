//! Crash safety: killing `newsgraph build` (SIGKILL) at any moment leaves a store that opens
//! and holds only whole articles, each identical to its graph in a clean build (up to the
//! identification of surname-only persons across articles, which the next build completes).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use oxigraph::model::{GraphName, Quad};

use crate::{bin, graphs, synth_corpus};

/// Each graph of the store as its article alone gives it ([`newsgraph::resolve::local_form`]),
/// for a store killed before its build identified surname-only persons across articles.
fn local_graphs(store: &Path) -> HashMap<GraphName, HashSet<Quad>> {
    let minter = newsgraph::iri::Minter::default();
    graphs(store)
        .into_iter()
        .map(|(g, quads)| {
            let quads: Vec<Quad> = quads.into_iter().collect();
            let local = newsgraph::resolve::local_form(&quads, &minter);
            (g, local.into_iter().collect())
        })
        .collect()
}

#[test]
fn sigkill_during_build_leaves_only_whole_articles() {
    let d = tempfile::tempdir().unwrap();
    let corpus = synth_corpus(d.path(), 400, 3);
    // the reference: a clean build
    let reference_path = d.path().join("ref");
    bin()
        .args(["build", "-q", "--store"])
        .arg(&reference_path)
        .arg("--jsonl")
        .arg(&corpus)
        .assert()
        .success();
    let reference = graphs(&reference_path);
    let reference_local = local_graphs(&reference_path);
    assert!(reference.len() >= 400);

    let exe = assert_cmd::cargo::cargo_bin("newsgraph");
    // kill an empty-store (bulk) build and a non-empty-store (transactional) build at several moments
    for (k, delay_ms) in [15u64, 50, 120, 300].into_iter().enumerate() {
        let store = d.path().join(format!("s{k}"));
        if k % 2 == 1 {
            // a store that already holds other data: per-article transactions
            bin()
                .args(["build", "-q", "--store"])
                .arg(&store)
                .arg(crate::example())
                .assert()
                .success();
        }
        let mut child = std::process::Command::new(&exe)
            .args(["build", "-q", "--store"])
            .arg(&store)
            .arg("--jsonl")
            .arg(&corpus)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !store.join("CURRENT").exists() {
            continue; // killed before the store was created
        }
        let got = local_graphs(&store);
        for (g, quads) in &got {
            if let Some(expected) = reference_local.get(g) {
                assert_eq!(
                    quads, expected,
                    "graph {g} is not whole after a kill at {delay_ms} ms"
                );
            }
        }
        // and the store is usable again: finishing the build gives the reference
        bin()
            .args(["build", "-q", "--store"])
            .arg(&store)
            .arg("--jsonl")
            .arg(&corpus)
            .assert()
            .success();
        let finished = graphs(&store);
        for (g, quads) in &reference {
            assert_eq!(finished.get(g), Some(quads), "graph {g} after resuming");
        }
    }
}
