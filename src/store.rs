//! Store stage: the only module that opens Oxigraph's on-disk (RocksDB) store.
//!
//! Each article is written in one transaction that first clears the article's named graph:
//! re-ingesting an article replaces its graph atomically, and a crash leaves either the old
//! graph or the new one, never a mix. Readers (queries, exports) open the store read-only, so
//! they work while a build holds the write lock.
//!
//! A long article's graph is too large for one transaction; it is replaced in several steps
//! ([`GraphStore::replace_large_graph`]) under a journal kept in the store itself, the named
//! graph [`JOURNAL`]: readers leave out the graphs the journal names as not whole
//! ([`hidden_graphs`]), and opening the store for writing ([`GraphStore::open`]) repairs them
//! first ([`GraphStore::repairs`]). So every article is in the store whole or not at all, for
//! readers too, also after a SIGKILL.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term,
};
use oxigraph::store::{StorageError, Store};

use crate::vocab::ng;

/// The named graph of the replace journal (`ng:journal`). While a long article's graph is
/// replaced it holds `<graph> ng:replacing "ID"`, written before the first removal, and then
/// `<graph> ng:loaded "ID"`, written by the same atomic bulk load as the new graph; both go
/// when the replace is done. Empty, and absent from the store's graphs, otherwise.
pub const JOURNAL: NamedNodeRef<'static> = ng::JOURNAL;

/// Quads removed per transaction by [`GraphStore::replace_large_graph`].
pub const CLEAR_STEP: usize = 20_000;

/// Transactions of [`GraphStore::replace_large_graph`] between two flushes of the store.
#[cfg(feature = "rocksdb")]
const FLUSH_STEPS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {0} is in use by another process (its lock is held); wait for it to finish or use another --store")]
    Locked(PathBuf),
    #[error("no store at {0} (build one first with `newsgraph build --store {0}`)")]
    Missing(PathBuf),
    // each cause is in its message, so it is not also a `source`: printed with its chain of
    // sources, an error would tell it twice
    #[error("cannot open store {path}: {cause}")]
    Open { path: PathBuf, cause: StorageError },
    #[error("cannot write to store {path}: {cause}")]
    Write { path: PathBuf, cause: StorageError },
    #[error("cannot open store {0}: {1}")]
    Path(PathBuf, String),
    #[error("cannot identify persons across the articles of store {path}: {cause}")]
    Resolve {
        path: PathBuf,
        cause: crate::resolve::ResolveError,
    },
}

/// The quads of `quads` in steps of at most `n` (none empty), for work that must be cut into
/// bounded transactions. `quads` should be one reader (a snapshot) over what the steps
/// change: a new reader per step would walk past the changes of every step before it.
pub(crate) fn steps<E>(
    mut quads: impl Iterator<Item = Result<Quad, E>>,
    n: usize,
) -> impl Iterator<Item = Result<Vec<Quad>, E>> {
    std::iter::from_fn(
        move || match quads.by_ref().take(n).collect::<Result<Vec<Quad>, E>>() {
            Ok(step) if step.is_empty() => None,
            r => Some(r),
        },
    )
}

#[cfg(feature = "rocksdb")]
fn classify(path: &Path, e: StorageError) -> StoreError {
    let text = e.to_string();
    if text.contains("lock")
        && (text.contains("Resource temporarily unavailable") || text.contains("LOCK"))
    {
        StoreError::Locked(path.to_owned())
    } else {
        StoreError::Open {
            path: path.to_owned(),
            cause: e,
        }
    }
}

/// The file that marks a folder as a newsgraph store, so that a build never writes RocksDB's
/// files into a folder of other files (RocksDB would rename one called `LOG`, say).
pub const MARK: &str = "NEWSGRAPH-STORE";
#[cfg(feature = "rocksdb")]
const MARK_TEXT: &str = "A newsgraph store (an Oxigraph RocksDB store, format of Oxigraph 0.5).\n";

/// What a folder given as a store holds.
#[cfg(feature = "rocksdb")]
#[derive(Debug, PartialEq, Eq)]
enum StoreKind {
    /// Nothing.
    Empty,
    /// A store with its mark.
    Marked,
    /// A RocksDB store without the mark: one built before the mark was written.
    Unmarked,
    /// Something else: the name of one of its files.
    Other(String),
}

/// What the folder `path` (which exists) holds.
#[cfg(feature = "rocksdb")]
fn store_kind(path: &Path) -> std::io::Result<StoreKind> {
    if path.join(MARK).is_file() {
        return Ok(StoreKind::Marked);
    }
    let mut first = None;
    for entry in std::fs::read_dir(path)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        // the first by name, so that messages name the same file every time
        if first.as_ref().is_none_or(|f| name < *f) {
            first = Some(name);
        }
    }
    let Some(first) = first else {
        return Ok(StoreKind::Empty);
    };
    // what Oxigraph's RocksDB writes first, and only it: the current manifest's name and
    // the database's identity
    if path.join("CURRENT").is_file() && path.join("IDENTITY").is_file() {
        return Ok(StoreKind::Unmarked);
    }
    Ok(StoreKind::Other(first))
}

/// An on-disk store.
pub struct GraphStore {
    pub store: Store,
    path: PathBuf,
    /// Whether this open made the store, in an empty folder (`Some(true)` if it made the
    /// folder too): what [`GraphStore::discard_if_new`] may remove.
    new: Option<bool>,
    /// What opening for writing repaired (see [`GraphStore::repairs`]).
    repairs: Vec<Repair>,
}

/// A graph the journal named when the store was opened for writing: a build stopped while it
/// replaced that long article's graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub graph: NamedNode,
    /// `true`: the new graph had been loaded whole, and only the journal entry was left;
    /// `false`: the graph was not whole, and what was left of it has been removed (the
    /// article is absent until it is built again).
    pub kept: bool,
}

impl GraphStore {
    /// Opens (creating if needed) a store for writing. Fails at once if another process
    /// holds it. A replace that a stopped build left in the journal is repaired first: see
    /// [`GraphStore::repairs`].
    #[cfg(feature = "rocksdb")]
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let fail = |message: String| StoreError::Path(path.to_owned(), message);
        if path.exists() && !path.is_dir() {
            return Err(fail("it is a file, not a directory".into()));
        }
        let made_folder = !path.exists();
        if made_folder {
            std::fs::create_dir_all(path).map_err(|e| fail(e.to_string()))?;
        }
        let kind = store_kind(path).map_err(|e| fail(e.to_string()))?;
        let new = (kind == StoreKind::Empty).then_some(made_folder);
        match kind {
            StoreKind::Marked => {}
            // a new store, or one built before the mark: marked before RocksDB writes a file
            StoreKind::Empty | StoreKind::Unmarked => {
                std::fs::write(path.join(MARK), MARK_TEXT)
                    .map_err(|e| fail(format!("cannot mark it as a store: {e}")))?;
            }
            StoreKind::Other(file) => {
                return Err(fail(format!(
                    "it is a folder that holds other files ({file}), not a newsgraph store; give a new or empty folder"
                )))
            }
        }
        let store = Store::open(path).map_err(|e| classify(path, e))?;
        let mut s = GraphStore {
            store,
            path: path.to_owned(),
            new,
            repairs: Vec::new(),
        };
        s.repairs = s.repair()?;
        Ok(s)
    }

    /// Opens an existing store read-only (a snapshot; works while a writer holds the lock).
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let store = Store::open_read_only(path).map_err(|e| classify(path, e))?;
        Ok(GraphStore {
            store,
            path: path.to_owned(),
            new: None,
            repairs: Vec::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the store, then opens and closes it once more, so that RocksDB deletes the
    /// write-ahead logs the build's writes have made obsolete: Oxigraph keeps up to ten of them
    /// for reuse (`recycle_log_file_num`), 66 MB or more each, and they stayed on disk until
    /// the next build (660 MB in a 929 MB store). Best effort: another process may take the
    /// store in between, and then the logs go at its next open.
    #[cfg(feature = "rocksdb")]
    pub fn close_and_tidy(self) {
        let path = self.path.clone();
        drop(self);
        drop(Store::open(&path));
    }

    /// Closes the store and, if this open made it (a build that stored nothing into a new or
    /// empty folder), removes what it wrote: the folder too if it made that, else its files.
    pub fn discard_if_new(self) {
        let (Some(made_folder), path) = (self.new, self.path.clone()) else {
            return;
        };
        drop(self);
        if made_folder {
            let _ = std::fs::remove_dir_all(&path);
            return;
        }
        for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            let p = entry.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }

    /// The graphs that opening the store for writing found in the journal and repaired, in
    /// IRI order: each was kept if its new version had been loaded whole, else removed (those
    /// articles need building again). Empty for a store opened read-only, and almost always.
    pub fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    /// Settles every entry of the journal ([`JOURNAL`]): a graph whose new version was
    /// loaded (`ng:loaded` with its replace's ID) is whole and kept; any other is removed, in
    /// steps of [`CLEAR_STEP`] quads as in a replace. The journal is then emptied in one
    /// transaction (anything else in it, which names no graph, goes too). When it is empty
    /// (the normal case) this is one empty prefix scan.
    pub fn repair(&self) -> Result<Vec<Repair>, StoreError> {
        let write = |e| self.write_error(e);
        let (entries, any) = journal(&self.store).map_err(write)?;
        if !any {
            return Ok(Vec::new());
        }
        let mut repairs = Vec::new();
        for (graph, entry) in entries {
            let kept = entry.is_loaded();
            if !kept {
                self.remove_in_steps(&graph)?;
            }
            repairs.push(Repair { graph, kept });
        }
        let graphs: Vec<(&NamedNode, bool)> = repairs.iter().map(|r| (&r.graph, !r.kept)).collect();
        self.close_entries(&graphs, true)?;
        Ok(repairs)
    }

    fn write_error(&self, cause: StorageError) -> StoreError {
        StoreError::Write {
            path: self.path.clone(),
            cause,
        }
    }

    /// Removes the journal entries of `graphs` in one transaction, each graph's name too when
    /// its flag is set (an article graph removed by [`GraphStore::repair`]: its quads are
    /// gone by then), and the journal graph when it is left empty, or with `all` (a repair:
    /// whatever else is in it names no graph).
    fn close_entries(&self, graphs: &[(&NamedNode, bool)], all: bool) -> Result<(), StoreError> {
        let write = |e| self.write_error(e);
        let journal = GraphNameRef::NamedNode(JOURNAL);
        let mut tx = self.store.start_transaction().map_err(write)?;
        for (graph, drop_graph) in graphs {
            let entries = tx
                .quads_for_pattern(Some(graph.as_ref().into()), None, None, Some(journal))
                .collect::<Result<Vec<Quad>, _>>()
                .map_err(write)?;
            for q in &entries {
                tx.remove(q.as_ref());
            }
            if *drop_graph {
                tx.remove_named_graph(graph.as_ref()).map_err(write)?;
            }
        }
        let empty = tx
            .quads_for_pattern(None, None, None, Some(journal))
            .next()
            .transpose()
            .map_err(write)?
            .is_none();
        if empty || all {
            tx.remove_named_graph(JOURNAL).map_err(write)?;
        }
        tx.commit().map_err(write)
    }

    /// Replaces the named graph `graph` by `quads`, in one transaction.
    pub fn replace_graph<'a>(
        &self,
        graph: &NamedNode,
        quads: impl IntoIterator<Item = impl Into<QuadRef<'a>>>,
    ) -> Result<(), StoreError> {
        let write = |e| StoreError::Write {
            path: self.path.clone(),
            cause: e,
        };
        let mut tx = self.store.start_transaction().map_err(write)?;
        tx.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
            .map_err(write)?;
        tx.insert_named_graph(graph.as_ref());
        for q in quads {
            tx.insert(q.into());
        }
        tx.commit().map_err(write)
    }

    /// Loads quads with Oxigraph's bulk loader, for a store that had no data: much faster
    /// than transactions, and atomic (nothing is visible before the final commit). Memory is
    /// the loader's, whatever the number of quads.
    pub fn bulk_load(&self, quads: impl IntoIterator<Item = Quad>) -> Result<(), StoreError> {
        let write = |e| StoreError::Write {
            path: self.path.clone(),
            cause: e,
        };
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(256);
        loader.load_quads(quads).map_err(write)?;
        loader.commit().map_err(write)
    }

    /// Writes the name key (`ng:nameKey`, the name in lower case) of each person of each
    /// article graph, for a store built before that index; does nothing when the store has
    /// one. The bundled queries look a name parameter up in the keys, and read every name
    /// instead only while the store has none; so the keys are written in one atomic bulk load,
    /// before a build writes any article of its own (whose persons carry keys): a store has
    /// the key of every person or of none. Returns the keys written.
    pub fn index_names(&self) -> Result<usize, StoreError> {
        use oxigraph::model::vocab::rdf;

        use crate::vocab::schema;
        let write = |e| self.write_error(e);
        let has = |p: NamedNodeRef<'_>, o: Option<oxigraph::model::TermRef<'_>>| {
            self.store
                .quads_for_pattern(None, Some(p), o, None)
                .next()
                .transpose()
                .map(|q| q.is_some())
        };
        if has(ng::NAME_KEY, None).map_err(write)?
            || !has(rdf::TYPE, Some(schema::PERSON.into())).map_err(write)?
        {
            return Ok(0);
        }
        let mut persons: std::collections::HashSet<(NamedOrBlankNode, GraphName)> =
            std::collections::HashSet::new();
        for q in
            self.store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(schema::PERSON.into()), None)
        {
            let q = q.map_err(write)?;
            persons.insert((q.subject, q.graph_name));
        }
        let mut keys = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(schema::NAME), None, None)
        {
            let q = q.map_err(write)?;
            let Term::Literal(name) = &q.object else {
                continue;
            };
            let key = (q.subject, q.graph_name);
            if persons.contains(&key) {
                let object = Literal::new_simple_literal(name.value().to_lowercase());
                keys.push(Quad::new(key.0, ng::NAME_KEY, object, key.1));
            }
        }
        drop(persons);
        let n = keys.len();
        self.bulk_load(keys)?;
        Ok(n)
    }

    /// Compacts the store (Oxigraph's `optimize`: a full RocksDB compaction), so that reads
    /// look in one file a level instead of in each file a bulk load left.
    pub fn compact(&self) -> Result<(), StoreError> {
        // an in-memory store (the library without RocksDB, as the fuzz crate builds it) has
        // nothing to compact
        #[cfg(feature = "rocksdb")]
        self.store.optimize().map_err(|e| StoreError::Write {
            path: self.path.clone(),
            cause: e,
        })?;
        Ok(())
    }

    /// Writes RocksDB's write buffers out to the store's files, so that the write-ahead log
    /// they were kept in is no longer needed. A read-only open (every query and export)
    /// replays whatever log a writer left: 4.7 MB of it, left by a 10,000-article build's
    /// identity pass, cost each query about 110 M instructions (15 to 20 ms) before it began.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        self.store.flush().map_err(|e| self.write_error(e))?;
        Ok(())
    }

    /// Replaces the named graph `graph` by `quads` when they are too many for one transaction
    /// (a transaction holds its writes in memory, 1.5 to 3 KB a quad: a 4 MB article's graph
    /// took 1.4 GB): the old graph, read from one snapshot, is removed in transactions of
    /// [`CLEAR_STEP`] quads, then the new one is bulk-loaded, atomically. Memory is bounded
    /// whatever the graph's size.
    ///
    /// It is atomic through the journal ([`JOURNAL`]): one small transaction first writes
    /// `<graph> ng:replacing "ID"` (a fresh random ID); the bulk load writes
    /// `<graph> ng:loaded "ID"` with the new graph's quads, so that quad is there if and only
    /// if the new graph is whole; a last small transaction removes both. Until then readers
    /// leave the graph out unless it is loaded ([`hidden_graphs`]), and a crash in between is
    /// settled by the next [`GraphStore::open`]: the new graph kept if loaded, else the
    /// article removed. The article is never seen in part.
    pub fn replace_large_graph(
        &self,
        graph: &NamedNode,
        quads: impl IntoIterator<Item = Quad>,
    ) -> Result<(), StoreError> {
        let write = |e| self.write_error(e);
        let id = Literal::new_simple_literal(format!("{:016x}", rand::random::<u64>()));
        let mut tx = self.store.start_transaction().map_err(write)?;
        tx.insert(QuadRef::new(graph, ng::REPLACING, &id, JOURNAL));
        tx.commit().map_err(write)?;
        self.remove_in_steps(graph)?;
        let loaded = Quad::new(graph.clone(), ng::LOADED, id, JOURNAL);
        self.bulk_load(quads.into_iter().chain(std::iter::once(loaded)))?;
        self.close_entries(&[(graph, false)], false)
    }

    /// Removes the quads of the named graph `graph` in transactions of [`CLEAR_STEP`] quads.
    fn remove_in_steps(&self, graph: &NamedNode) -> Result<(), StoreError> {
        let write = |e| self.write_error(e);
        let g = GraphNameRef::NamedNode(graph.as_ref());
        // one reader over the graph as it was (a snapshot): a new reader per step would walk
        // past the removals of every step before it
        let old = self.store.quads_for_pattern(None, None, None, Some(g));
        for (n, step) in (1..).zip(steps(old, CLEAR_STEP)) {
            let step = step.map_err(write)?;
            let mut tx = self.store.start_transaction().map_err(write)?;
            for q in &step {
                tx.remove(q.as_ref());
            }
            tx.commit().map_err(write)?;
            // the removals wait in RocksDB's write buffers (up to 6 × 128 MB per index as
            // Oxigraph sets them): written out every few steps, they stay a few hundred MB
            #[cfg(feature = "rocksdb")]
            if n % FLUSH_STEPS == 0 {
                self.store.flush().map_err(write)?;
            }
            #[cfg(not(feature = "rocksdb"))]
            let _ = n;
        }
        Ok(())
    }

    /// Identifies surname-only persons across the store's articles for the surname keys
    /// builds left pending ([`crate::resolve`]), in transactions of
    /// [`crate::resolve::KEYS_PER_STEP`] keys.
    pub fn resolve(
        &self,
        minter: &crate::iri::Minter,
    ) -> Result<crate::resolve::ResolveReport, StoreError> {
        crate::resolve::resolve(&self.store, minter).map_err(|e| StoreError::Resolve {
            path: self.path.clone(),
            cause: e,
        })
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| StoreError::Open {
            path: self.path.clone(),
            cause: e,
        })
    }

    /// Whether the store holds no quad: one key look-up (`len` counts every quad of the
    /// store, which on a 50,000-article store read the whole index and took seconds).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(|e| StoreError::Open {
            path: self.path.clone(),
            cause: e,
        })
    }
}

/// A graph's entries in the journal.
#[derive(Debug, Default)]
struct Entry {
    replacing: BTreeSet<String>,
    loaded: BTreeSet<String>,
}

impl Entry {
    /// Whether the graph is whole: its new version was loaded by the replace the journal
    /// names (a `ng:loaded` without its `ng:replacing` cannot be written, and is whole too).
    fn is_loaded(&self) -> bool {
        if self.replacing.is_empty() {
            return !self.loaded.is_empty();
        }
        self.replacing.iter().all(|id| self.loaded.contains(id))
    }
}

/// The journal's entries by article graph, and whether the journal graph holds any quad. One
/// prefix scan of the journal graph, which is empty but during a long replace (or after a
/// build stopped in one).
fn journal(store: &Store) -> Result<(BTreeMap<NamedNode, Entry>, bool), StorageError> {
    let mut out: BTreeMap<NamedNode, Entry> = BTreeMap::new();
    let mut any = false;
    for q in store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(JOURNAL))) {
        let q = q?;
        any = true;
        let (NamedOrBlankNode::NamedNode(g), Term::Literal(id)) = (q.subject, q.object) else {
            continue;
        };
        // anything else in the journal names no graph (and is dropped by the next repair)
        if q.predicate.as_ref() == ng::REPLACING {
            out.entry(g)
                .or_default()
                .replacing
                .insert(id.value().to_owned());
        } else if q.predicate.as_ref() == ng::LOADED {
            out.entry(g)
                .or_default()
                .loaded
                .insert(id.value().to_owned());
        }
    }
    Ok((out, any))
}

/// The graphs readers must leave out: `None` when the journal is empty (the normal case: one
/// empty prefix scan, and nothing is left out); otherwise the journal graph itself and every
/// article graph it names that is not whole (being replaced, or left so by a stopped build).
/// Queries ([`crate::query`]) and exports ([`crate::export`]) use it, so that they never show
/// an article in part.
///
/// The identity pass's bookkeeping graph (`ng:pendingIdentity`, left by a build stopped before
/// its pass ended, until the next build) is left out the same way.
pub fn hidden_graphs(store: &Store) -> Result<Option<BTreeSet<NamedNode>>, StorageError> {
    let (entries, any) = journal(store)?;
    let pending_identity = store.contains_named_graph(crate::vocab::ng::PENDING_IDENTITY)?;
    if !any && !pending_identity {
        return Ok(None);
    }
    let mut hidden: BTreeSet<NamedNode> = entries
        .into_iter()
        .filter(|(_, e)| !e.is_loaded())
        .map(|(g, _)| g)
        .collect();
    if any {
        hidden.insert(JOURNAL.into_owned());
    }
    if pending_identity {
        hidden.insert(crate::vocab::ng::PENDING_IDENTITY.into_owned());
    }
    Ok(Some(hidden))
}

/// The store without the graphs [`hidden_graphs`] names, as a SPARQL dataset: queries read
/// the store's quad indexes as Oxigraph's own evaluation does, one index scan per pattern
/// whatever the number of graphs, and drop the quads of the hidden graphs. (Giving Oxigraph
/// the list of the other graphs as the default graph instead made it scan the indexes graph
/// by graph: on a 5,000-article store the `actors` query went from 1.4 s to over 11 minutes.)
/// Terms are decoded as they are read, so this is somewhat slower than Oxigraph's own view; it
/// is used only while the journal is not empty.
#[derive(Clone)]
pub struct Visible {
    store: Store,
    hidden: std::sync::Arc<BTreeSet<NamedNode>>,
}

impl Visible {
    pub fn new(store: Store, hidden: BTreeSet<NamedNode>) -> Self {
        Visible {
            store,
            hidden: std::sync::Arc::new(hidden),
        }
    }

    fn shown(&self, g: &GraphName) -> bool {
        match g {
            GraphName::NamedNode(n) => !self.hidden.contains(n),
            _ => true,
        }
    }
}

fn subject_ref(t: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        _ => None,
    }
}

impl spareval::QueryableDataset<'static> for Visible {
    type InternalTerm = Term;
    type Error = StorageError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&Term>,
        predicate: Option<&Term>,
        object: Option<&Term>,
        graph_name: Option<Option<&Term>>,
    ) -> impl Iterator<Item = Result<spareval::InternalQuad<Term>, StorageError>> + use<> {
        let none = || -> Box<dyn Iterator<Item = _>> { Box::new(std::iter::empty()) };
        // a term that cannot be in that position matches nothing
        let subject = match subject.map(subject_ref) {
            Some(None) => return none(),
            s => s.flatten(),
        };
        let predicate = match predicate {
            Some(Term::NamedNode(n)) => Some(n.as_ref()),
            Some(_) => return none(),
            None => None,
        };
        let graph: Option<GraphNameRef<'_>> = match graph_name {
            None => None,
            Some(None) => Some(GraphNameRef::DefaultGraph),
            Some(Some(g)) => match subject_ref(g) {
                Some(NamedOrBlankNodeRef::NamedNode(n))
                    if self.hidden.contains(&n.into_owned()) =>
                {
                    return none()
                }
                Some(g) => Some(g.into()),
                None => return none(),
            },
        };
        let this = self.clone();
        Box::new(
            self.store
                .quads_for_pattern(subject, predicate, object.map(Term::as_ref), graph)
                .filter(move |q| q.as_ref().map_or(true, |q| this.shown(&q.graph_name)))
                .map(|q| {
                    let q = q?;
                    Ok(spareval::InternalQuad {
                        subject: q.subject.into(),
                        predicate: q.predicate.into(),
                        object: q.object,
                        graph_name: match q.graph_name {
                            GraphName::DefaultGraph => None,
                            GraphName::NamedNode(n) => Some(n.into()),
                            GraphName::BlankNode(b) => Some(b.into()),
                        },
                    })
                }),
        )
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<Term, StorageError>> + use<> {
        let this = self.clone();
        self.store
            .named_graphs()
            .filter(move |g| {
                g.as_ref()
                    .map_or(true, |g| this.shown(&GraphName::from(g.clone())))
            })
            .map(|g| g.map(Term::from))
    }

    fn contains_internal_graph_name(&self, graph_name: &Term) -> Result<bool, StorageError> {
        match subject_ref(graph_name) {
            Some(NamedOrBlankNodeRef::NamedNode(n)) if self.hidden.contains(&n.into_owned()) => {
                Ok(false)
            }
            Some(g) => self.store.contains_named_graph(g),
            None => Ok(false),
        }
    }

    fn internalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }

    fn externalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }
}

#[cfg(all(test, feature = "rocksdb"))]
mod tests {
    use super::*;

    fn ex(s: &str) -> NamedNode {
        NamedNode::new(format!("https://example.org/{s}")).unwrap()
    }

    /// `n` quads in graph `g`.
    fn graph(g: &NamedNode, n: usize) -> Vec<Quad> {
        (0..n)
            .map(|i| {
                Quad::new(
                    ex(&format!("s{i}")),
                    ex("p"),
                    Literal::new_simple_literal(format!("{}-{i}", g.as_str())),
                    g.clone(),
                )
            })
            .collect()
    }

    fn quads_of(store: &Store, g: &NamedNode) -> std::collections::HashSet<Quad> {
        store
            .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
            .map(Result::unwrap)
            .collect()
    }

    fn journal_entry(store: &Store, g: &NamedNode, p: NamedNodeRef<'_>, id: &str) {
        store
            .insert(QuadRef::new(
                g,
                p,
                &Literal::new_simple_literal(id),
                JOURNAL,
            ))
            .unwrap();
    }

    /// What readers get: the N-Quads export and the graphs a query sees.
    fn seen(store: &Store) -> (String, BTreeSet<String>) {
        let mut nq = Vec::new();
        crate::export::export(
            store,
            oxigraph::io::RdfFormat::NQuads,
            None,
            &crate::iri::Minter::default(),
            &mut nq,
        )
        .unwrap();
        let q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }";
        let oxigraph::sparql::QueryResults::Solutions(rows) =
            crate::query::run(store, q, &[]).unwrap()
        else {
            panic!("not solutions")
        };
        let graphs = rows
            .map(|r| r.unwrap().get("g").unwrap().to_string())
            .collect();
        (String::from_utf8(nq).unwrap(), graphs)
    }

    /// A store with a whole graph `a` and `b`, and a journal that says `b` is being replaced
    /// (`loaded`: whether its new version was loaded), `b` with `b_quads` quads left.
    fn stopped_replace(dir: &Path, loaded: Option<&str>, b_quads: usize) -> (NamedNode, NamedNode) {
        let (a, b) = (ex("a"), ex("b"));
        let s = GraphStore::open(dir).unwrap();
        s.replace_graph(&a, &graph(&a, 5)).unwrap();
        journal_entry(&s.store, &b, ng::REPLACING, "1");
        s.store.extend(graph(&b, b_quads)).unwrap();
        if let Some(id) = loaded {
            journal_entry(&s.store, &b, ng::LOADED, id);
        }
        (a, b)
    }

    #[test]
    fn a_replace_stopped_before_its_load_is_hidden_then_removed() {
        let d = tempfile::tempdir().unwrap();
        // the old graph in part; then the same with a `loaded` of another replace
        for (k, loaded) in [None, Some("0")].into_iter().enumerate() {
            let dir = d.path().join(k.to_string());
            let (a, b) = stopped_replace(&dir, loaded, 3);
            {
                let s = GraphStore::open_read_only(&dir).unwrap();
                let hidden = hidden_graphs(&s.store).unwrap().unwrap();
                assert_eq!(hidden, BTreeSet::from([b.clone(), JOURNAL.into_owned()]));
                let (nq, graphs) = seen(&s.store);
                assert!(
                    !nq.contains(b.as_str()) && !nq.contains(JOURNAL.as_str()),
                    "{nq}"
                );
                assert!(nq.contains(a.as_str()));
                assert_eq!(graphs, BTreeSet::from([a.to_string()]));
            }
            let s = GraphStore::open(&dir).unwrap();
            assert_eq!(
                s.repairs(),
                [Repair {
                    graph: b.clone(),
                    kept: false
                }]
            );
            assert!(quads_of(&s.store, &b).is_empty());
            assert!(!s.store.contains_named_graph(&b).unwrap());
            assert!(!s.store.contains_named_graph(JOURNAL).unwrap());
            assert_eq!(quads_of(&s.store, &a), graph(&a, 5).into_iter().collect());
            assert_eq!(hidden_graphs(&s.store).unwrap(), None);
            drop(s);
            // repaired once: the next open finds nothing to do
            assert!(GraphStore::open(&dir).unwrap().repairs().is_empty());
        }
    }

    /// The rows of `query` on `store`, as sorted strings.
    fn rows(store: &Store, query: &str) -> Vec<String> {
        let mut out = Vec::new();
        crate::query::write_results(
            crate::query::run(store, query, &[]).unwrap(),
            crate::query::ResultsFormat::Tsv,
            &mut out,
        )
        .unwrap();
        let mut rows: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        rows.sort();
        rows
    }

    /// Queries on a store with a graph not whole give what they give on the store without it,
    /// whatever their dataset clauses, and never see the journal.
    #[test]
    fn queries_leave_out_a_graph_not_whole_and_the_journal() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = stopped_replace(d.path(), None, 3);
        let without = Store::new().unwrap();
        without.extend(graph(&a, 5)).unwrap();
        let s = GraphStore::open_read_only(d.path()).unwrap();
        for q in [
            "SELECT ?s ?o WHERE { ?s ?p ?o }".to_owned(),
            "SELECT ?s WHERE { ?s <https://example.org/p> ?o . ?s ?q ?o2 }".to_owned(),
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g".to_owned(),
            format!(
                "SELECT * FROM <{a}> FROM <{b}> WHERE {{ ?s ?p ?o }}",
                a = a.as_str(),
                b = b.as_str()
            ),
            format!(
                "SELECT * FROM NAMED <{b}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                b = b.as_str()
            ),
            format!(
                "SELECT * WHERE {{ GRAPH <{b}> {{ ?s ?p ?o }} }}",
                b = b.as_str()
            ),
            format!(
                "SELECT * WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
                JOURNAL.as_str()
            ),
            "SELECT ?s ?id WHERE { ?s ng:replacing ?id }".to_owned(),
        ] {
            assert_eq!(rows(&s.store, &q), rows(&without, &q), "{q}");
        }
        assert!(rows(&s.store, "SELECT * WHERE { ?s ?p ?o }").len() > 5);
    }

    #[test]
    fn a_replace_stopped_after_its_load_keeps_the_new_graph() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = stopped_replace(d.path(), Some("1"), 4);
        {
            let s = GraphStore::open_read_only(d.path()).unwrap();
            // the new graph is whole: only the journal is left out
            let hidden = hidden_graphs(&s.store).unwrap().unwrap();
            assert_eq!(hidden, BTreeSet::from([JOURNAL.into_owned()]));
            let (nq, graphs) = seen(&s.store);
            assert!(!nq.contains(JOURNAL.as_str()), "{nq}");
            assert_eq!(graphs, BTreeSet::from([a.to_string(), b.to_string()]));
        }
        let s = GraphStore::open(d.path()).unwrap();
        assert_eq!(
            s.repairs(),
            [Repair {
                graph: b.clone(),
                kept: true
            }]
        );
        assert_eq!(quads_of(&s.store, &b), graph(&b, 4).into_iter().collect());
        assert_eq!(quads_of(&s.store, &a), graph(&a, 5).into_iter().collect());
        assert!(!s.store.contains_named_graph(JOURNAL).unwrap());
    }

    /// Something else in the journal graph names no graph: no article is hidden or removed
    /// for it, and the next repair drops it.
    #[test]
    fn a_foreign_quad_in_the_journal_removes_nothing() {
        let d = tempfile::tempdir().unwrap();
        let a = ex("a");
        {
            let s = GraphStore::open(d.path()).unwrap();
            s.replace_graph(&a, &graph(&a, 5)).unwrap();
            journal_entry(&s.store, &a, ex("p").as_ref(), "1");
            assert_eq!(
                hidden_graphs(&s.store).unwrap(),
                Some(BTreeSet::from([JOURNAL.into_owned()]))
            );
            assert_eq!(seen(&s.store).1, BTreeSet::from([a.to_string()]));
        }
        let s = GraphStore::open(d.path()).unwrap();
        assert!(s.repairs().is_empty());
        assert_eq!(quads_of(&s.store, &a), graph(&a, 5).into_iter().collect());
        assert!(!s.store.contains_named_graph(JOURNAL).unwrap());
    }

    #[test]
    fn a_large_replace_leaves_the_new_graph_and_no_journal() {
        let d = tempfile::tempdir().unwrap();
        let s = GraphStore::open(d.path()).unwrap();
        let (a, b) = (ex("a"), ex("b"));
        s.replace_graph(&a, &graph(&a, 5)).unwrap();
        s.bulk_load(graph(&b, CLEAR_STEP + 10)).unwrap();
        let mut new = graph(&b, 7);
        new.push(Quad::new(ex("t"), ex("p"), ex("o"), b.clone()));
        s.replace_large_graph(&b, new.clone()).unwrap();
        assert_eq!(quads_of(&s.store, &b), new.into_iter().collect());
        assert_eq!(quads_of(&s.store, &a), graph(&a, 5).into_iter().collect());
        assert!(!s.store.contains_named_graph(JOURNAL).unwrap());
        assert_eq!(hidden_graphs(&s.store).unwrap(), None);
    }
}
