//! Export stage: the store (or one named graph) as Turtle, TriG, N-Triples, N-Quads or
//! RDF/XML, with Oxigraph's serializers. Graph formats (Turtle, N-Triples, RDF/XML) get the
//! union of the named graphs, each triple once; dataset formats (TriG, N-Quads) keep one graph
//! per article. Entry points: [`export`], and [`export_with`] to choose how it sorts. The
//! store's journal graph, and an article graph that it names as not whole ([`hidden_graphs`]),
//! are never written.
//!
//! Output is sorted, so that two exports of the same store are byte-identical: graphs by name,
//! then triples by the N-Triples forms of subject, predicate and object (the terms' `Display`).
//! The sort is external, so memory is bounded whatever the store or graph size: those forms
//! are sorted in runs of at most [`SortOptions::run_bytes`] (64 MiB); a run that fills is
//! written to an anonymous temporary file, and the runs are merged (k-way, a binary heap)
//! while the output is written, each term taken back from its form (literals parsed by
//! Oxigraph's `FromStr`, the inverse of `Display`). Input that fits in one run never touches
//! the disk.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::str::FromStr;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple,
};
use oxigraph::store::Store;

use crate::iri::Minter;
use crate::store::{hidden_graphs, JOURNAL};
use crate::vocab::PREFIXES;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown RDF format {0:?} (use turtle, trig, ntriples, nquads or rdfxml)")]
    Format(String),
    #[error("the store has no graph {0}")]
    NoGraph(String),
    #[error("graph {0} is not whole: a build is replacing it, or stopped while it did (the next build removes it; build that article again)")]
    Pending(String),
    #[error("cannot read the store: {0}")]
    Store(String),
    // also the source: a closed standard output is told from other errors by it (the line
    // printed tells each cause once)
    #[error("cannot write the export: {0}")]
    Io(#[source] std::io::Error),
    /// A temporary file of the sort could not be created, written (a full disk) or read back.
    #[error("cannot {action} a temporary file of the export's sort in {dir}: {error}")]
    Spill {
        action: &'static str,
        dir: String,
        error: std::io::Error,
    },
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

/// The default budget of one sorted run in memory: 64 MiB of term strings.
pub const RUN_BYTES: usize = 64 << 20;
/// The default number of runs merged at once (each has a 64 KiB read buffer).
pub const FAN_IN: usize = 64;

/// What a record costs in memory besides its strings' bytes: the `String`s themselves and an
/// allocation header each (an estimate: the budget bounds memory, it does not measure it).
const RECORD_OVERHEAD: usize = 24 + 16;
/// The buffer of a run file, written or read.
const RUN_BUFFER: usize = 64 << 10;

/// How an export sorts: the memory budget of a sorted run, how many runs are merged at once,
/// and where runs that do not fit are spilled.
#[derive(Clone, Debug)]
pub struct SortOptions {
    run_bytes: usize,
    fan_in: usize,
    temp_dir: Option<PathBuf>,
    /// Opens spill files in place of the temporary directory (a full disk, in tests).
    #[cfg(test)]
    open_spill: Option<fn() -> io::Result<File>>,
}

impl Default for SortOptions {
    fn default() -> Self {
        SortOptions {
            run_bytes: RUN_BYTES,
            fan_in: FAN_IN,
            temp_dir: None,
            #[cfg(test)]
            open_spill: None,
        }
    }
}

impl SortOptions {
    /// Sorted runs of at most `bytes` of term strings (an estimate) are held in memory; a
    /// larger input is spilled run by run. Memory is about twice this at most (a dataset
    /// export sorts graph names and one graph's triples at once). Tiny values force spilling.
    pub fn with_run_bytes(mut self, bytes: usize) -> Self {
        self.run_bytes = bytes.max(1);
        self
    }

    /// At most `runs` spilled runs are merged at once (at least 2); more are first merged
    /// into fewer, longer runs.
    pub fn with_fan_in(mut self, runs: usize) -> Self {
        self.fan_in = runs.max(2);
        self
    }

    /// Spills runs to anonymous files in `dir` instead of the system's temporary directory
    /// (`TMPDIR`, else `/tmp`).
    pub fn with_temp_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.temp_dir = Some(dir.into());
        self
    }

    pub fn run_bytes(&self) -> usize {
        self.run_bytes
    }

    fn dir(&self) -> PathBuf {
        self.temp_dir.clone().unwrap_or_else(std::env::temp_dir)
    }

    fn spill_error(&self, action: &'static str, error: io::Error) -> ExportError {
        ExportError::Spill {
            action,
            dir: self.dir().display().to_string(),
            error,
        }
    }

    /// A new spill file: anonymous (unlinked at once, or `O_TMPFILE`), so the system removes
    /// it when it is closed, whatever happens to the export.
    fn open_spill(&self) -> Result<File, ExportError> {
        #[cfg(test)]
        if let Some(open) = self.open_spill {
            return open().map_err(|e| self.spill_error("create", e));
        }
        match &self.temp_dir {
            Some(dir) => tempfile::tempfile_in(dir),
            None => tempfile::tempfile(),
        }
        .map_err(|e| self.spill_error("create", e))
    }
}

/// An RDF format from a name, an extension or a media type.
pub fn parse_format(s: &str) -> Result<RdfFormat, ExportError> {
    let l = s.to_ascii_lowercase();
    let f = match l.as_str() {
        "turtle" | "ttl" => RdfFormat::Turtle,
        "trig" => RdfFormat::TriG,
        "ntriples" | "n-triples" | "nt" => RdfFormat::NTriples,
        "nquads" | "n-quads" | "nq" => RdfFormat::NQuads,
        "rdfxml" | "rdf/xml" | "rdf" | "xml" | "owl" => RdfFormat::RdfXml,
        // the media types of those five (JSON-LD and N3, which Oxigraph also knows, are not
        // export formats)
        _ => RdfFormat::from_media_type(&l)
            .or_else(|| RdfFormat::from_extension(&l))
            .filter(|f| {
                matches!(
                    f,
                    RdfFormat::Turtle
                        | RdfFormat::TriG
                        | RdfFormat::NTriples
                        | RdfFormat::NQuads
                        | RdfFormat::RdfXml
                )
            })
            .ok_or_else(|| ExportError::Format(s.to_owned()))?,
    };
    Ok(f)
}

/// The prefixes written in exports: the vocabularies plus the entity namespaces of `minter`.
pub fn prefixes(minter: &Minter) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = PREFIXES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    // no prefix for articles: their span IRIs (`…#char=1,5`) would need escapes
    for kind in ["person", "country", "place", "org", "meeting", "claim"] {
        p.push((kind.to_owned(), format!("{}{}/", minter.base(), kind)));
    }
    p
}

/// Writes the store, or the graph `graph`, in `format`, sorting with the default
/// [`SortOptions`] (spilling to the system's temporary directory).
pub fn export(
    store: &Store,
    format: RdfFormat,
    graph: Option<&NamedNode>,
    minter: &Minter,
    out: impl Write,
) -> Result<(), ExportError> {
    export_with(store, format, graph, minter, out, &SortOptions::default())
}

/// [`export`], sorting as `sort` says. The bytes written do not depend on `sort`.
pub fn export_with(
    store: &Store,
    format: RdfFormat,
    graph: Option<&NamedNode>,
    minter: &Minter,
    out: impl Write,
    sort: &SortOptions,
) -> Result<(), ExportError> {
    let st = |e: oxigraph::store::StorageError| ExportError::Store(e.to_string());
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in prefixes(minter) {
        ser = ser
            .with_prefix(p, ns)
            .map_err(|e| ExportError::Store(e.to_string()))?;
    }
    let mut w = ser.for_writer(out);
    // one empty prefix scan when the journal is empty (the normal case); the journal graph
    // is never written, even if it were left empty
    let hidden = hidden_graphs(store).map_err(st)?.unwrap_or_default();
    let shown = |g: &GraphName| match g {
        GraphName::NamedNode(n) => n.as_ref() != JOURNAL && !hidden.contains(n),
        _ => true,
    };
    if let Some(g) = graph {
        if g.as_ref() == JOURNAL || !store.contains_named_graph(g.as_ref()).map_err(st)? {
            return Err(ExportError::NoGraph(g.to_string()));
        }
        if hidden.contains(g) {
            return Err(ExportError::Pending(g.to_string()));
        }
    }
    if format.supports_datasets() {
        // sorted by graph first ("DEFAULT", the default graph's form, after the IRIs), then
        // one graph at a time
        let mut graphs = ExternalSort::<1>::new(sort, false);
        match graph {
            Some(g) => graphs.push([g.to_string()])?,
            None => {
                for g in store.named_graphs() {
                    let g = GraphName::from(g.map_err(st)?);
                    if shown(&g) {
                        graphs.push([g.to_string()])?;
                    }
                }
                graphs.push([GraphName::DefaultGraph.to_string()])?;
            }
        }
        for name in graphs.finish()? {
            let [name] = name?;
            let g = graph_name(&name)?;
            let mut quads = ExternalSort::<3>::new(sort, false);
            for q in store.quads_for_pattern(None, None, None, Some(g.as_ref())) {
                quads.push(key(q.map_err(st)?))?;
            }
            for k in quads.finish()? {
                w.serialize_quad(triple(&k?)?.as_ref().in_graph(g.as_ref()))?;
            }
        }
    } else {
        // the union of the graphs: each triple once (equal forms are equal triples)
        let iter: Box<dyn Iterator<Item = Result<Quad, _>>> = match graph {
            Some(g) => Box::new(store.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            )),
            None => Box::new(store.iter()),
        };
        let mut triples = ExternalSort::<3>::new(sort, true);
        for q in iter {
            let q = q.map_err(st)?;
            if shown(&q.graph_name) {
                triples.push(key(q))?;
            }
        }
        for k in triples.finish()? {
            w.serialize_triple(&triple(&k?)?)?;
        }
    }
    w.finish()?;
    Ok(())
}

/// The sort key of a quad: the N-Triples forms of its subject, predicate and object.
fn key(q: Quad) -> [String; 3] {
    [
        q.subject.to_string(),
        q.predicate.to_string(),
        q.object.to_string(),
    ]
}

/// The triple whose key is `k`. Keys are the `Display` forms of valid terms of the store, so
/// an IRI is `<IRI>` as it is (no escapes) and a blank node `_:ID`: those are taken back
/// without validating them again (`new_unchecked`, a third of an export's time otherwise);
/// literals, which have escapes, are parsed by Oxigraph (`Literal::from_str`).
fn triple(k: &[String; 3]) -> Result<Triple, ExportError> {
    let [s, p, o] = k;
    let bad = || ExportError::Store(format!("cannot read back the term {s} {p} {o}"));
    let subject: NamedOrBlankNode = match node(s).ok_or_else(bad)? {
        Term::NamedNode(n) => n.into(),
        Term::BlankNode(b) => b.into(),
        Term::Literal(_) => return Err(bad()),
    };
    let Some(Term::NamedNode(predicate)) = node(p) else {
        return Err(bad());
    };
    let object = match node(o) {
        Some(term) => term,
        None => Literal::from_str(o).map_err(|_| bad())?.into(),
    };
    Ok(Triple::new(subject, predicate, object))
}

/// An IRI (`<…>`) or blank node (`_:…`) from its `Display` form; `None` for anything else.
fn node(s: &str) -> Option<Term> {
    if let Some(iri) = s.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
        Some(NamedNode::new_unchecked(iri).into())
    } else {
        s.strip_prefix("_:")
            .map(|id| BlankNode::new_unchecked(id).into())
    }
}

/// The graph name whose form is `s`.
fn graph_name(s: &str) -> Result<GraphName, ExportError> {
    if s == GraphName::DefaultGraph.to_string() {
        return Ok(GraphName::DefaultGraph);
    }
    match node(s) {
        Some(Term::NamedNode(n)) => Ok(n.into()),
        Some(Term::BlankNode(b)) => Ok(b.into()),
        _ => Err(ExportError::Store(format!(
            "cannot read back the graph name {s}"
        ))),
    }
}

/// An external merge sort of records of `N` strings, ordered as arrays (the first string,
/// then the next…), optionally without repeats.
struct ExternalSort<'o, const N: usize> {
    opts: &'o SortOptions,
    dedup: bool,
    /// The run being filled, and its estimated size.
    run: Vec<[String; N]>,
    bytes: usize,
    /// Spilled sorted runs, each with its level: a run of level `l + 1` is `fan_in` runs of
    /// level `l` merged. Levels never increase along the list.
    runs: Vec<(u32, File)>,
}

impl<'o, const N: usize> ExternalSort<'o, N> {
    fn new(opts: &'o SortOptions, dedup: bool) -> Self {
        ExternalSort {
            opts,
            dedup,
            run: Vec::new(),
            bytes: 0,
            runs: Vec::new(),
        }
    }

    fn push(&mut self, record: [String; N]) -> Result<(), ExportError> {
        self.bytes += record
            .iter()
            .map(|s| s.len() + RECORD_OVERHEAD)
            .sum::<usize>();
        self.run.push(record);
        if self.bytes >= self.opts.run_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Sorts the run in memory (without repeats if asked).
    fn sort_run(&mut self) -> Vec<[String; N]> {
        let mut run = std::mem::take(&mut self.run);
        self.bytes = 0;
        run.sort_unstable();
        if self.dedup {
            run.dedup();
        }
        run
    }

    /// Writes the sorted run to a file, then merges the last `fan_in` runs while they have
    /// the same level, as a counter carries: each record is written once a level.
    fn spill(&mut self) -> Result<(), ExportError> {
        let run = self.sort_run();
        let file = write_run(self.opts, run.into_iter().map(Ok))?;
        self.runs.push((0, file));
        let fan_in = self.opts.fan_in;
        while self.runs.len() >= fan_in {
            let tail = &self.runs[self.runs.len() - fan_in..];
            let level = tail[0].0;
            if tail.iter().any(|(l, _)| *l != level) {
                break;
            }
            self.merge_last(fan_in, level + 1)?;
        }
        Ok(())
    }

    /// Merges the last `n` spilled runs into one run of level `level`.
    fn merge_last(&mut self, n: usize, level: u32) -> Result<(), ExportError> {
        let files = self.runs.split_off(self.runs.len() - n);
        let sources = files
            .into_iter()
            .map(|(_, f)| Source::<N>::File(BufReader::with_capacity(RUN_BUFFER, f)))
            .collect();
        let merged = Merge::<N>::new(self.opts, sources, self.dedup)?;
        let file = write_run(self.opts, merged)?;
        self.runs.push((level, file));
        Ok(())
    }

    /// The records in order: the spilled runs (at most `fan_in - 1`) and the last run, which
    /// stays in memory, merged.
    fn finish(mut self) -> Result<Merge<'o, N>, ExportError> {
        let last = self.sort_run();
        let fan_in = self.opts.fan_in;
        if self.runs.len() >= fan_in {
            // the shortest runs are last
            let n = self.runs.len() - fan_in + 2;
            self.merge_last(n, u32::MAX)?;
        }
        let mut sources: Vec<Source<N>> = std::mem::take(&mut self.runs)
            .into_iter()
            .map(|(_, f)| Source::File(BufReader::with_capacity(RUN_BUFFER, f)))
            .collect();
        sources.push(Source::Memory(last.into_iter()));
        Merge::new(self.opts, sources, self.dedup)
    }
}

/// Writes `records` to a new spill file, rewound for reading. Each string is its length
/// (8 bytes, little-endian) then its UTF-8 bytes.
fn write_run<const N: usize>(
    opts: &SortOptions,
    records: impl Iterator<Item = Result<[String; N], ExportError>>,
) -> Result<File, ExportError> {
    let write = |e| opts.spill_error("write", e);
    let mut w = BufWriter::with_capacity(RUN_BUFFER, opts.open_spill()?);
    for record in records {
        for s in &record? {
            w.write_all(&(s.len() as u64).to_le_bytes())
                .map_err(write)?;
            w.write_all(s.as_bytes()).map_err(write)?;
        }
    }
    let mut file = w.into_inner().map_err(|e| write(e.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(write)?;
    Ok(file)
}

/// A sorted run being merged.
enum Source<const N: usize> {
    Memory(std::vec::IntoIter<[String; N]>),
    File(BufReader<File>),
}

impl<const N: usize> Source<N> {
    fn next(&mut self) -> io::Result<Option<[String; N]>> {
        match self {
            Source::Memory(it) => Ok(it.next()),
            Source::File(r) => read_record(r),
        }
    }
}

/// The next record of a run file, or `None` at its end.
fn read_record<const N: usize>(r: &mut BufReader<File>) -> io::Result<Option<[String; N]>> {
    if r.fill_buf()?.is_empty() {
        return Ok(None);
    }
    let mut record: [String; N] = std::array::from_fn(|_| String::new());
    for s in &mut record {
        let mut len = [0; 8];
        r.read_exact(&mut len)?;
        let len = u64::from_le_bytes(len);
        let mut bytes = Vec::new();
        // `take`: a damaged length cannot make a huge allocation
        if r.by_ref().take(len).read_to_end(&mut bytes)? as u64 != len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        *s = String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    }
    Ok(Some(record))
}

/// A k-way merge of sorted runs: a binary heap holds the head of each run.
struct Merge<'o, const N: usize> {
    opts: &'o SortOptions,
    sources: Vec<Source<N>>,
    heap: BinaryHeap<Reverse<([String; N], usize)>>,
    dedup: bool,
}

impl<'o, const N: usize> Merge<'o, N> {
    fn new(
        opts: &'o SortOptions,
        sources: Vec<Source<N>>,
        dedup: bool,
    ) -> Result<Self, ExportError> {
        let mut merge = Merge {
            opts,
            heap: BinaryHeap::with_capacity(sources.len()),
            sources,
            dedup,
        };
        for i in 0..merge.sources.len() {
            merge.refill(i)?;
        }
        Ok(merge)
    }

    /// Moves the next record of run `i` into the heap.
    fn refill(&mut self, i: usize) -> Result<(), ExportError> {
        let next = self.sources[i]
            .next()
            .map_err(|e| self.opts.spill_error("read", e))?;
        if let Some(record) = next {
            self.heap.push(Reverse((record, i)));
        }
        Ok(())
    }
}

impl<const N: usize> Iterator for Merge<'_, N> {
    type Item = Result<[String; N], ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let [Source::Memory(only)] = self.sources.as_mut_slice() {
            // nothing was spilled: the sorted run as it is (its head is in the heap)
            return self
                .heap
                .pop()
                .map(|Reverse((r, _))| r)
                .or_else(|| only.next())
                .map(Ok);
        }
        let Reverse((record, i)) = self.heap.pop()?;
        if let Err(e) = self.refill(i) {
            return Some(Err(e));
        }
        // each run is sorted without repeats: a repeat is at the head of another run
        while self.dedup && self.heap.peek().is_some_and(|Reverse((r, _))| *r == record) {
            if let Some(Reverse((_, j))) = self.heap.pop() {
                if let Err(e) = self.refill(j) {
                    return Some(Err(e));
                }
            }
        }
        Some(Ok(record))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use oxigraph::model::vocab::xsd;
    use oxigraph::model::QuadRef;

    use super::*;

    const FORMATS: [RdfFormat; 5] = [
        RdfFormat::Turtle,
        RdfFormat::TriG,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::RdfXml,
    ];

    fn minter() -> Minter {
        Minter::new("https://news.example.org/").unwrap()
    }

    /// The export as it was before the external sort: everything sorted in memory by the
    /// same keys (`sort_by_cached_key`), the union deduplicated. The reference bytes.
    fn in_memory(store: &Store, format: RdfFormat, graph: Option<&NamedNode>) -> Vec<u8> {
        let mut ser = RdfSerializer::from_format(format);
        for (p, ns) in prefixes(&minter()) {
            ser = ser.with_prefix(p, ns).unwrap();
        }
        let mut w = ser.for_writer(Vec::new());
        let by_key = |q: &Quad| {
            (
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        };
        if format.supports_datasets() {
            let mut graphs: Vec<(String, GraphName)> = match graph {
                Some(g) => vec![(g.to_string(), GraphName::NamedNode(g.clone()))],
                None => {
                    let mut v: Vec<_> = store
                        .named_graphs()
                        .map(|g| {
                            let g = GraphName::from(g.unwrap());
                            (g.to_string(), g)
                        })
                        .collect();
                    v.push((GraphName::DefaultGraph.to_string(), GraphName::DefaultGraph));
                    v
                }
            };
            graphs.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, g) in &graphs {
                let mut quads: Vec<Quad> = store
                    .quads_for_pattern(None, None, None, Some(g.as_ref()))
                    .map(Result::unwrap)
                    .collect();
                quads.sort_by_cached_key(by_key);
                for q in &quads {
                    w.serialize_quad(q).unwrap();
                }
            }
        } else {
            let mut quads: Vec<Quad> = match graph {
                Some(g) => store
                    .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                    .map(Result::unwrap)
                    .collect(),
                None => store.iter().map(Result::unwrap).collect(),
            };
            quads.sort_by_cached_key(by_key);
            let mut triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
            triples.dedup();
            for t in &triples {
                w.serialize_triple(t).unwrap();
            }
        }
        w.finish().unwrap()
    }

    /// A store on disk with what sorting and parsing back could get wrong: literals with
    /// escapes, controls, quotes, right-to-left text and emoji, language tags and datatypes,
    /// blank nodes (also as a graph name), the default graph, and triples in several graphs.
    fn awkward_store(dir: &std::path::Path) -> (Store, NamedNode) {
        let store = Store::open(dir).unwrap();
        let ex = |s: &str| NamedNode::new(format!("https://news.example.org/{s}")).unwrap();
        let objects: Vec<Term> = vec![
            Literal::new_simple_literal("plain").into(),
            Literal::new_simple_literal("quote \" backslash \\ tab\t nl\n cr\r").into(),
            Literal::new_simple_literal("controls \u{0}\u{8}\u{c}\u{1f}\u{7f}\u{fffe}").into(),
            Literal::new_language_tagged_literal("دمشق 🇸🇾 ירושלים", "ar")
                .unwrap()
                .into(),
            Literal::new_language_tagged_literal("Élisabeth", "fr-FR")
                .unwrap()
                .into(),
            Literal::new_typed_literal("2019-03-18", xsd::DATE).into(),
            Literal::new_typed_literal("-12", xsd::INTEGER).into(),
            Literal::new_simple_literal("x".repeat(5000)).into(),
            ex("org/Ba'ath").into(),
            BlankNode::new("b1").unwrap().into(),
        ];
        let graphs: Vec<GraphName> = vec![
            ex("article/1").into(),
            ex("article/2").into(),
            BlankNode::new("g").unwrap().into(),
            GraphName::DefaultGraph,
        ];
        for (gi, g) in graphs.iter().enumerate() {
            for i in 0..40 {
                // subjects 0..20 in every graph: the union has repeats to drop
                let s: NamedOrBlankNode = if i % 7 == 0 {
                    BlankNode::new(format!("s{i}")).unwrap().into()
                } else {
                    ex(&format!("person/{}", i + 20 * usize::from(i >= 20) * gi)).into()
                };
                for (j, o) in objects.iter().enumerate() {
                    let p = ex(&format!("p{}", (i + j) % 4));
                    store.insert(QuadRef::new(&s, &p, o, g.as_ref())).unwrap();
                }
            }
        }
        (store, ex("article/2"))
    }

    static SPILLS: AtomicUsize = AtomicUsize::new(0);

    fn counted_spill() -> io::Result<File> {
        SPILLS.fetch_add(1, Ordering::Relaxed);
        tempfile::tempfile()
    }

    #[test]
    fn only_the_five_export_formats_are_accepted() {
        for (name, format) in [
            ("turtle", RdfFormat::Turtle),
            ("text/turtle", RdfFormat::Turtle),
            ("TriG", RdfFormat::TriG),
            ("nt", RdfFormat::NTriples),
            ("application/n-quads", RdfFormat::NQuads),
            ("rdfxml", RdfFormat::RdfXml),
        ] {
            assert_eq!(parse_format(name).unwrap(), format, "{name}");
        }
        // JSON-LD and N3 are formats Oxigraph knows, not export formats
        for bad in [
            "json",
            "jsonld",
            "application/ld+json",
            "n3",
            "text/n3",
            "csv",
            "",
        ] {
            assert!(parse_format(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn spilled_exports_are_byte_identical_to_the_in_memory_sort() {
        let dir = tempfile::tempdir().unwrap();
        let (store, graph) = awkward_store(dir.path());
        for (run_bytes, fan_in) in [(1, 2), (300, 3), (20_000, 4), (RUN_BYTES, FAN_IN)] {
            let mut sort = SortOptions::default()
                .with_run_bytes(run_bytes)
                .with_fan_in(fan_in);
            sort.open_spill = Some(counted_spill);
            for format in FORMATS {
                for graph in [None, Some(&graph)] {
                    SPILLS.store(0, Ordering::Relaxed);
                    let mut out = Vec::new();
                    export_with(&store, format, graph, &minter(), &mut out, &sort).unwrap();
                    let spills = SPILLS.load(Ordering::Relaxed);
                    assert!(
                        out == in_memory(&store, format, graph),
                        "{format} {graph:?}, runs of {run_bytes} bytes merged {fan_in} at once"
                    );
                    if run_bytes == RUN_BYTES {
                        assert_eq!(spills, 0, "what fits is sorted in memory");
                    } else {
                        assert!(spills > 1, "{format}: {spills} runs");
                    }
                }
            }
        }
    }

    #[test]
    fn a_full_disk_while_spilling_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = awkward_store(dir.path());
        let mut sort = SortOptions::default().with_run_bytes(1000);
        // writes to /dev/full fail as on a full disk (ENOSPC)
        sort.open_spill = Some(|| {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/full")
        });
        for format in [RdfFormat::Turtle, RdfFormat::NQuads] {
            let err = export_with(&store, format, None, &minter(), io::sink(), &sort).unwrap_err();
            assert!(matches!(
                err,
                ExportError::Spill {
                    action: "write",
                    ..
                }
            ));
            assert!(
                err.to_string()
                    .starts_with("cannot write a temporary file of the export's sort in ")
                    && err.to_string().contains("No space left on device"),
                "{err}"
            );
        }
        let sort = SortOptions::default()
            .with_run_bytes(1000)
            .with_temp_dir(dir.path().join("missing"));
        let err = export(&store, RdfFormat::Turtle, None, &minter(), io::sink());
        assert!(err.is_ok(), "the default budget does not spill this store");
        let err = export_with(
            &store,
            RdfFormat::Turtle,
            None,
            &minter(),
            io::sink(),
            &sort,
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "cannot create a temporary file of the export's sort in {}: ",
                dir.path().join("missing").display()
            )),
            "{err}"
        );
    }

    #[test]
    fn the_merge_drops_repeats_across_runs_only_when_asked() {
        let opts = SortOptions::default().with_run_bytes(1).with_fan_in(2);
        for dedup in [false, true] {
            let mut sort = ExternalSort::<1>::new(&opts, dedup);
            for s in ["b", "a", "c", "a", "b", "a", ""] {
                sort.push([s.to_owned()]).unwrap();
            }
            let out: Vec<String> = sort
                .finish()
                .unwrap()
                .map(|r| r.unwrap()[0].clone())
                .collect();
            let want: &[&str] = if dedup {
                &["", "a", "b", "c"]
            } else {
                &["", "a", "a", "a", "b", "b", "c"]
            };
            assert_eq!(out, want);
        }
    }
}
