//! Per-stage throughput of the pipeline, per article, in bytes of article text (MB/s):
//!
//! - `clean`: decode + noise removal + normalisation + sentence split ([`article`])
//! - `extract`: the rules over a cleaned document ([`extract::extract`])
//! - `map`: the extraction → RDF quads ([`map::map`])
//! - `store`: one article's graph written in one transaction ([`GraphStore::replace_graph`])
//!   into a RocksDB store in a temporary directory
//! - `pipeline`: 100 JSON Lines records through [`ingest::build`] (parse, all of the above,
//!   store), on one rayon thread, into an empty store (bulk load) and into a store that
//!   already holds those graphs (one replacing transaction per article)
//!
//! Inputs: the bundled example article (`example`, one article per iteration) and
//! [`SYNTH`] articles of the deterministic synthetic corpus (`synth`, the [`SYNTH`] articles
//! per iteration: divide the time by [`SYNTH`] for the time per article).
//!
//! Run (short, for a shared 2-core machine):
//! `cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3`
//! (add a filter such as `extract/` to run one stage).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oxigraph::model::{NamedNode, Quad};

use newsgraph::article::{self, Document};
use newsgraph::extract::{self, ArticleInput};
use newsgraph::ingest::{self, Input};
use newsgraph::lexicon::Lexicon;
use newsgraph::map::{self, Mapped};
use newsgraph::model::Extraction;
use newsgraph::store::GraphStore;
use newsgraph::synth::{self, SynthArticle};
use newsgraph::ArticleOptions;

/// Synthetic articles per iteration of the `synth` benchmarks.
const SYNTH: usize = 10;
/// Articles of the whole-pipeline benchmarks.
const PIPELINE: usize = 100;
const SEED: u64 = 1;

const EXAMPLE: &[u8] = include_bytes!("../examples/damascus-2019-03-18.txt");

/// One article with its metadata, and each stage's output computed once (the next stage's
/// input).
struct Prepared {
    bytes: Vec<u8>,
    input: ArticleInput,
    doc: Document,
    ex: Extraction,
    mapped: Mapped,
}

fn prepare(bytes: Vec<u8>, opts: &ArticleOptions) -> Prepared {
    let text = article::decode(&bytes).expect("article decodes");
    let input = opts.input(&text);
    let doc = Document::new(text, Lexicon::get());
    let ex = extract::extract(&doc, &input);
    let mapped = map::map(&ex, &opts.minter);
    Prepared {
        bytes,
        input,
        doc,
        ex,
        mapped,
    }
}

fn example() -> Vec<Prepared> {
    let opts = ArticleOptions {
        published: chrono::NaiveDate::from_ymd_opt(2019, 3, 18),
        lang: Some("fr".into()),
        title: Some("Rencontre entre le ministre de la Défense et les chefs d’état-major irakien et iranien à Damas".into()),
        ..Default::default()
    };
    vec![prepare(EXAMPLE.to_vec(), &opts)]
}

fn synth_options(a: &SynthArticle) -> ArticleOptions {
    ArticleOptions {
        published: chrono::NaiveDate::parse_from_str(&a.published, "%Y-%m-%d").ok(),
        lang: Some(a.lang.clone()),
        url: Some(a.url.clone()),
        title: Some(a.title.clone()),
        ..Default::default()
    }
}

fn synthetic() -> Vec<Prepared> {
    synth::corpus(SYNTH, SEED)
        .map(|a| prepare(a.text.clone().into_bytes(), &synth_options(&a)))
        .collect()
}

/// The quads of `m` in the graph `<graph>-n`.
fn renamed(m: &Mapped, n: usize) -> (NamedNode, Vec<Quad>) {
    let graph = NamedNode::new_unchecked(format!("{}-{n}", m.graph.as_str()));
    let quads = m
        .quads()
        .map(|q| {
            Quad::new(
                q.subject.into_owned(),
                q.predicate.into_owned(),
                q.object.into_owned(),
                graph.clone(),
            )
        })
        .collect();
    (graph, quads)
}

fn stages(c: &mut Criterion) {
    let minter = newsgraph::iri::Minter::default();
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = GraphStore::open(&tmp.path().join("store")).expect("store opens");
    for (name, set) in [("example", example()), ("synth", synthetic())] {
        let bytes: usize = set.iter().map(|p| p.bytes.len()).sum();

        let mut g = c.benchmark_group("clean");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for p in &set {
                    let text = article::decode(black_box(&p.bytes)).unwrap();
                    black_box(Document::new(text, Lexicon::get()));
                }
            })
        });
        g.finish();

        let mut g = c.benchmark_group("extract");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for p in &set {
                    black_box(extract::extract(black_box(&p.doc), &p.input));
                }
            })
        });
        g.finish();

        let mut g = c.benchmark_group("map");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for p in &set {
                    black_box(map::map(black_box(&p.ex), &minter));
                }
            })
        });
        g.finish();

        // a new graph: the article's quads under a graph name not used before (renamed
        // outside the timing), as a first build writes them
        let mut n = 0usize;
        let mut g = c.benchmark_group("store");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(20); // tens of ms per iteration
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    n += 1;
                    set.iter()
                        .map(|p| renamed(&p.mapped, n))
                        .collect::<Vec<_>>()
                },
                |graphs| {
                    for (graph, quads) in &graphs {
                        store.replace_graph(graph, black_box(quads)).unwrap();
                    }
                    graphs
                },
                BatchSize::SmallInput,
            )
        });
        g.finish();

        // the same graph replaced again and again: every pass deletes and re-inserts the
        // same keys, the worst case of a re-ingest
        let mut g = c.benchmark_group("store-replace");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(10); // up to hundreds of ms per iteration
        g.bench_function(name, |b| {
            b.iter(|| {
                for p in &set {
                    store
                        .replace_graph(&p.mapped.graph, black_box(p.mapped.quads()))
                        .unwrap();
                }
            })
        });
        g.finish();
    }

    // the whole pipeline on one thread, as `newsgraph build --jsonl` does per core
    let records: Vec<String> = synth::corpus(PIPELINE, SEED)
        .map(|a| serde_json::to_string(&a).unwrap())
        .collect();
    let bytes: usize = synth::corpus(PIPELINE, SEED).map(|a| a.text.len()).sum();
    let inputs = || {
        records.iter().enumerate().map(|(i, r)| {
            Ok(Input::Record(
                PathBuf::from("bench.jsonl"),
                i + 1,
                r.clone(),
            ))
        })
    };
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let opts = ArticleOptions::default();
    let build = |store: &GraphStore| {
        let report = one_thread
            .install(|| ingest::build(store, inputs(), &opts, |_| {}))
            .unwrap();
        assert_eq!(report.articles, PIPELINE);
        report.bulk
    };
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("synth100-bulk", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = GraphStore::open(&dir.path().join("store")).unwrap();
                (dir, store)
            },
            |(dir, store)| {
                assert!(build(&store));
                (dir, store) // dropped (store closed, directory removed) outside the timing
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let full = GraphStore::open(&dir.path().join("store")).unwrap();
    build(&full);
    g.bench_function("synth100-replace", |b| b.iter(|| assert!(!build(&full))));
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
