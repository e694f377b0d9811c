//! Crash safety: killing `newsgraph build` (SIGKILL) at any moment leaves a store that opens
//! and holds only whole articles, each identical to its graph in a clean build (up to the
//! identification of surname-only persons across articles, which the next build completes).
//! A long article, whose graph is replaced in several steps, is whole or absent too, for
//! readers at once and after the next build's repair.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

use crate::{bin, graphs, stdout_of, synth_corpus};

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

/// Each graph of `nquads` in its local form (as [`local_graphs`]).
fn local_nquads(nquads: &str) -> HashMap<GraphName, HashSet<Quad>> {
    let minter = newsgraph::iri::Minter::default();
    let mut by_graph: HashMap<GraphName, Vec<Quad>> = HashMap::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads.as_bytes()) {
        let q = q.unwrap();
        by_graph.entry(q.graph_name.clone()).or_default().push(q);
    }
    by_graph
        .into_iter()
        .map(|(g, quads)| {
            let local = newsgraph::resolve::local_form(&quads, &minter);
            (g, local.into_iter().collect())
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Quads per graph as a query (the query path, read-only) counts them.
fn counted_by_query(store: &Path) -> HashMap<String, usize> {
    stdout_of(
        bin()
            .args(["query", "--format", "tsv", "--store"])
            .arg(store)
            .args([
                "--sparql",
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            ]),
    )
    .lines()
    .skip(1)
    .map(|l| {
        let (g, n) = l.split_once('\t').unwrap();
        let n = n.split('"').nth(1).unwrap_or(n);
        (g.trim_matches(['<', '>']).to_owned(), n.parse().unwrap())
    })
    .collect()
}

/// A long article (several windows, several removal steps) built again in a changed version
/// and killed at several points of the replace: readers (export and query, on a read-only
/// open) see it whole, old or new, or not at all, never in part; the next build repairs the
/// journal and gives the store of an uninterrupted build.
#[test]
fn sigkill_during_a_long_replace_leaves_the_article_whole_or_absent() {
    let d = tempfile::tempdir().unwrap();
    let url = "https://news.example.org/long";
    let long = NamedNode::new(url).unwrap();
    let v1 = d.path().join("v1.txt");
    let v2 = d.path().join("v2.txt");
    // some 45,000 quads each: three removal steps of CLEAR_STEP
    std::fs::write(&v1, newsgraph::synth::news_text(250_000, 1, "\n\n", "\n")).unwrap();
    std::fs::write(&v2, newsgraph::synth::news_text(250_000, 2, "\n\n", "\n")).unwrap();
    let small = synth_corpus(d.path(), 5, 3);
    let build = |store: &Path, file: &Path| {
        bin()
            .args(["build", "-q", "--store"])
            .arg(store)
            .args(["--url", url])
            .arg(file)
            .assert()
            .success();
    };

    // the store before: small articles and the long one's first version
    let before = d.path().join("before");
    bin()
        .args(["build", "-q", "--store"])
        .arg(&before)
        .arg("--jsonl")
        .arg(&small)
        .assert()
        .success();
    build(&before, &v1);
    let old = local_graphs(&before);
    // the reference: the replace, uninterrupted (and how long it takes, to aim the kills)
    let reference_path = d.path().join("ref");
    copy_dir(&before, &reference_path);
    let start = std::time::Instant::now();
    build(&reference_path, &v2);
    let took = start.elapsed();
    let reference = graphs(&reference_path);
    let new = local_graphs(&reference_path);
    let g = GraphName::NamedNode(long.clone());
    assert!(new[&g].len() > 2 * newsgraph::store::CLEAR_STEP);
    assert_ne!(old[&g], new[&g]);
    // the new version as written, before the identity pass that follows in its own
    // transactions (src/resolve.rs: a kill leaves its keys pending, the next build completes
    // it): where that pass joins a surname-only person of one window to the full name of
    // another, quads merge, so the local form of the article before the pass is larger
    let written = local_nquads(&crate::stdout_of(
        bin()
            .args(["extract", "--format", "nquads", "--url", url])
            .arg(&v2),
    ))
    .remove(&g)
    .expect("the mapped long article");

    let exe = assert_cmd::cargo::cargo_bin("newsgraph");
    let mut seen = Vec::new();
    for (k, at) in [0.1, 0.3, 0.5, 0.7, 0.9].into_iter().enumerate() {
        // a random point within each fifth of the replace's time
        let at = at + (rand::random::<f64>() - 0.5) * 0.2;
        let delay = took.mul_f64(at);
        let store = d.path().join(format!("s{k}"));
        copy_dir(&before, &store);
        let mut child = std::process::Command::new(&exe)
            .args(["build", "-q", "--store"])
            .arg(&store)
            .args(["--url", url])
            .arg(&v2)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // (a) readers, read-only: the long article whole (old or new) or absent
        let exported = local_nquads(&crate::nquads(&store));
        let state = match exported.get(&g) {
            None => "absent",
            Some(q) if *q == old[&g] => "old",
            Some(q) if *q == new[&g] => "new",
            Some(q) if *q == written => "new, identity pending",
            Some(q) => panic!(
                "after a kill at {delay:?}, the export holds {} quads of the long article, neither version ({} or {})",
                q.len(),
                old[&g].len(),
                new[&g].len()
            ),
        };
        seen.push(format!("{delay:.1?}: {state}"));
        for (graph, quads) in &exported {
            if graph != &g {
                assert_eq!(Some(quads), old.get(graph), "graph {graph} after a kill");
            }
        }
        let counted = counted_by_query(&store);
        let in_export: HashMap<String, usize> = crate::nquads(&store)
            .lines()
            .filter_map(|l| {
                l.rsplit_once(" <")
                    .map(|(_, g)| g.trim_end_matches("> .").to_owned())
            })
            .fold(HashMap::new(), |mut m, g| {
                *m.entry(g).or_default() += 1;
                m
            });
        assert_eq!(
            counted, in_export,
            "queries and exports see the same graphs"
        );
        assert!(!counted.contains_key(newsgraph::store::JOURNAL.as_str()));

        // (b) the next build repairs the journal: the store of the uninterrupted build
        build(&store, &v2);
        assert_eq!(graphs(&store), reference, "after a kill at {delay:?}");
    }
    eprintln!("long replace of {took:.1?} killed at: {}", seen.join(", "));
}
