//! Exports through the external sort: a long article's graph and a store of many articles,
//! exported with run budgets small enough to spill many runs, give the same bytes as with the
//! default budget (which sorts these in memory) and re-parse into the store's graph.

use std::collections::HashSet;
use std::path::Path;

use newsgraph::export::{export_with, SortOptions};
use newsgraph::iri::Minter;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, Quad, Triple};
use oxigraph::store::Store;

use crate::{bin, example, stdout_of, synth_corpus};

fn export(
    store: &Store,
    format: RdfFormat,
    graph: Option<&NamedNode>,
    sort: &SortOptions,
) -> Vec<u8> {
    let minter = Minter::new("https://news.example.org/").unwrap();
    let mut out = Vec::new();
    export_with(store, format, graph, &minter, &mut out, sort).unwrap();
    out
}

fn parse(format: RdfFormat, bytes: &[u8]) -> HashSet<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.unwrap_or_else(|e| panic!("{format} does not re-parse: {e}")))
        .collect()
}

/// A store with the example, a 40-article corpus and one long article (300 KB: 70,000 quads).
fn store_with_a_long_article(dir: &Path) -> (Store, NamedNode) {
    let long = dir.join("long.txt");
    std::fs::write(&long, newsgraph::synth::news_text(300_000, 5, "\n\n", "\n")).unwrap();
    let corpus = synth_corpus(dir, 40, 2);
    let path = dir.join("store");
    let stdout = stdout_of(
        bin()
            .args(["build", "--store"])
            .arg(&path)
            .arg(example())
            .arg(&long)
            .arg("--jsonl")
            .arg(&corpus),
    );
    let line = stdout.lines().nth(1).unwrap();
    let graph = line
        .rsplit_once("graph <")
        .and_then(|(_, g)| g.split_once('>'))
        .map(|(g, _)| NamedNode::new(g).unwrap())
        .unwrap_or_else(|| panic!("{stdout}"));
    (Store::open_read_only(&path).unwrap(), graph)
}

#[test]
fn a_long_graph_and_a_whole_store_spilled_in_small_runs_export_the_same_bytes() {
    let d = tempfile::tempdir().unwrap();
    let (store, graph) = store_with_a_long_article(d.path());
    let in_graph: HashSet<Quad> = store
        .quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
        .map(Result::unwrap)
        .collect();
    assert!(in_graph.len() > 20_000, "{} quads", in_graph.len());
    let spill_dir = d.path().join("spill");
    std::fs::create_dir(&spill_dir).unwrap();
    // 256 KiB runs: tens of runs, merged 4 at a time (several levels)
    let small = SortOptions::default()
        .with_run_bytes(256 << 10)
        .with_fan_in(4)
        .with_temp_dir(&spill_dir);
    let default = SortOptions::default();

    for format in [RdfFormat::NQuads, RdfFormat::Turtle] {
        let spilled = export(&store, format, Some(&graph), &small);
        assert!(
            spilled == export(&store, format, Some(&graph), &default),
            "{format}"
        );
        let back = parse(format, &spilled);
        let want: HashSet<Quad> = if format.supports_datasets() {
            in_graph.clone()
        } else {
            in_graph
                .iter()
                .map(|q| Triple::from(q.clone()).in_graph(oxigraph::model::GraphName::DefaultGraph))
                .collect()
        };
        assert!(
            back == want,
            "{format}: {} quads back, {} in the graph",
            back.len(),
            want.len()
        );
    }

    // the whole store: graphs kept apart, and the union once each triple
    let all: HashSet<Quad> = store.iter().map(Result::unwrap).collect();
    let nq = export(&store, RdfFormat::NQuads, None, &small);
    assert!(nq == export(&store, RdfFormat::NQuads, None, &default));
    assert!(parse(RdfFormat::NQuads, &nq) == all);
    let nt = export(&store, RdfFormat::NTriples, None, &small);
    assert!(nt == export(&store, RdfFormat::NTriples, None, &default));
    let union: HashSet<Triple> = all.into_iter().map(Triple::from).collect();
    let lines = nt.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(lines, union.len(), "each triple of the union once");
    assert!(
        std::fs::read_dir(&spill_dir).unwrap().next().is_none(),
        "no spill file left"
    );
}
