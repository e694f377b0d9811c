//! Store stage: the only module that opens Oxigraph's on-disk (RocksDB) store.
//!
//! Each article is written in one transaction that first clears the article's named graph:
//! re-ingesting an article replaces its graph atomically, and a crash leaves either the old
//! graph or the new one, never a mix. Readers (queries, exports) open the store read-only, so
//! they work while a build holds the write lock.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, NamedNode, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};

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

/// An on-disk store.
pub struct GraphStore {
    pub store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens (creating if needed) a store for writing. Fails at once if another process
    /// holds it.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if path.exists() && !path.is_dir() {
            return Err(StoreError::Path(
                path.to_owned(),
                "it is a file, not a directory".into(),
            ));
        }
        if !path.exists() {
            std::fs::create_dir_all(path)
                .map_err(|e| StoreError::Path(path.to_owned(), e.to_string()))?;
        }
        let store = Store::open(path).map_err(|e| classify(path, e))?;
        Ok(GraphStore {
            store,
            path: path.to_owned(),
        })
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
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

    /// Replaces the named graph `graph` by `quads` when they are too many for one transaction
    /// (a transaction holds its writes in memory, 1.5 to 3 KB a quad: a 4 MB article's graph
    /// took 1.4 GB): the old graph, read from one snapshot, is removed in transactions of
    /// [`CLEAR_STEP`] quads, then the new one is bulk-loaded, atomically. Memory is bounded
    /// whatever the graph's size. A crash in between leaves the graph absent, or, if it was
    /// there, in part; building the article again mends it.
    pub fn replace_large_graph(
        &self,
        graph: &NamedNode,
        quads: impl IntoIterator<Item = Quad>,
    ) -> Result<(), StoreError> {
        let write = |e| StoreError::Write {
            path: self.path.clone(),
            cause: e,
        };
        let g = GraphNameRef::NamedNode(graph.as_ref());
        // one reader over the graph as it was (a snapshot): a new reader per step would walk
        // past the removals of every step before it
        let mut old = self.store.quads_for_pattern(None, None, None, Some(g));
        for n in 1.. {
            let step = old
                .by_ref()
                .take(CLEAR_STEP)
                .collect::<Result<Vec<Quad>, _>>()
                .map_err(write)?;
            if step.is_empty() {
                break;
            }
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
        self.bulk_load(quads)
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
