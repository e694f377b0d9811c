//! Ingest: many articles into a store, fast and all-or-nothing per article.
//!
//! Inputs are text files, directories (recursively: `*.txt` with their `*.meta.json` sidecars,
//! and `*.extraction.json`), stdin (`-`) and JSON Lines (one article per line with `text` and
//! optional `id`, `url`, `published`, `lang`, `title`). Articles are read and extracted in
//! batches on all cores (rayon); each batch is then written: into a store that was empty when
//! the build started with Oxigraph's bulk loader (one atomic load per batch), otherwise one
//! transaction per article that replaces the article's graph. Memory is bounded by the batch.
//! One bad article is reported with its name and skipped. [`build_endpoint`] writes the same
//! graphs to a SPARQL endpoint instead (`newsgraph build --endpoint`).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Deserialize;

use crate::model::Extraction;
use crate::remote::{Endpoint, RemoteError};
use crate::store::{GraphStore, StoreError};
use crate::{extract_article, map, ArticleOptions};

/// Articles extracted and written together.
pub const BATCH: usize = 256;

/// One article to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    /// A text file (or `-` for stdin), or a `*.extraction.json`.
    File(PathBuf),
    /// A record of a JSON Lines file: (file, 1-based line, the line).
    Record(PathBuf, usize, String),
}

impl Input {
    /// The name used in messages: the path, or `path:line`.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Record(p, line, _) => format!("{}:{line}", p.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    // the cause is in the message, so it is not also a `source` (it would print twice)
    #[error("cannot read {path}: {cause}")]
    Io {
        path: String,
        cause: std::io::Error,
    },
    #[error(
        "cannot read articles from directory {0}: it holds no *.txt or *.extraction.json file"
    )]
    Directory(String),
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
}

/// Expands paths: a directory gives its `*.txt` and `*.extraction.json` files, recursively, in
/// name order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Input>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            if files.is_empty() {
                return Err(InputError::Directory(p.display().to_string()));
            }
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |e| InputError::Io {
        path: dir.display().to_string(),
        cause: e,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            if name.ends_with(".txt") || name.ends_with(".extraction.json") {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// Reads the records of a JSON Lines source (a file or `-`), lazily.
pub fn jsonl_records(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Input, InputError>>>, InputError> {
    let name = path.to_path_buf();
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(path).map_err(|e| InputError::Io {
            path: path.display().to_string(),
            cause: e,
        })?;
        Box::new(std::io::BufReader::new(f))
    };
    Ok(Box::new(reader.lines().enumerate().filter_map(
        move |(i, line)| match line {
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(Ok(Input::Record(name.clone(), i + 1, l))),
            Err(e) => Some(Err(InputError::Invalid {
                name: format!("{}:{}", name.display(), i + 1),
                message: e.to_string(),
            })),
        },
    )))
}

/// A JSON Lines record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    text: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A message about hostile input made safe to print on one line: control characters escaped
/// (serde_json quotes an unknown field name raw, newlines and terminal escapes included) and
/// at most [`BRIEF`] characters kept, so a megabyte of garbage gives a readable line.
fn brief(message: &str) -> String {
    let mut out = String::new();
    for (i, c) in message.chars().enumerate() {
        if i == BRIEF {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters of an input error message kept by [`brief`].
const BRIEF: usize = 300;

/// Sidecar metadata `NAME.meta.json` ({"published", "lang", "url", "title"}), used where the
/// options say nothing. A malformed sidecar is an error naming the file.
pub fn with_sidecar(path: &Path, opts: &ArticleOptions) -> Result<ArticleOptions, InputError> {
    let mut o = opts.clone();
    let Some(stem) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".txt"))
    else {
        return Ok(o);
    };
    let meta_path = path.with_file_name(format!("{stem}.meta.json"));
    let bad = |message: String| InputError::Invalid {
        name: meta_path.display().to_string(),
        message: brief(&message),
    };
    let text = match std::fs::read(&meta_path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            bad(format!(
                "not UTF-8 text: invalid byte sequence at byte {}",
                e.utf8_error().valid_up_to() + 1
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(o),
        Err(e) => return Err(bad(format!("cannot read: {e}"))),
    };
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    if o.published.is_none() {
        if let Some(p) = s("published") {
            o.published = Some(
                parse_date(&p).ok_or_else(|| bad(format!("published {p:?} is not YYYY-MM-DD")))?,
            );
        }
    }
    if o.lang.is_none() {
        o.lang = s("lang").filter(|l| l == "fr" || l == "en");
    }
    if o.url.is_none() {
        o.url = s("url").filter(|u| crate::iri::validate(u).is_ok());
    }
    if o.title.is_none() {
        o.title = s("title");
    }
    Ok(o)
}

/// Reads and extracts one input.
pub fn extraction_of(input: &Input, opts: &ArticleOptions) -> Result<Extraction, String> {
    match input {
        Input::File(path) => {
            let bytes = if path.as_os_str() == "-" {
                let mut buf = Vec::new();
                std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                    .map_err(|e| format!("cannot read stdin: {e}"))?;
                buf
            } else if path.is_dir() {
                return Err(format!(
                    "cannot read article {}: it is a directory",
                    path.display()
                ));
            } else {
                std::fs::read(path)
                    .map_err(|e| format!("cannot read article {}: {e}", path.display()))?
            };
            if path
                .to_str()
                .is_some_and(|p| p.ends_with(".extraction.json"))
            {
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("cannot read extraction {}: not UTF-8", path.display()))?;
                return Extraction::from_json(&text)
                    .map_err(|e| format!("cannot read extraction {}: {e}", path.display()));
            }
            let opts = if path.as_os_str() == "-" {
                opts.clone()
            } else {
                with_sidecar(path, opts).map_err(|e| e.to_string())?
            };
            extract_article(&bytes, &opts)
                .map_err(|e| format!("cannot read article {}: {e}", path.display()))
        }
        Input::Record(path, line, text) => {
            let name = format!("{}:{line}", path.display());
            let fail = |message: String| format!("{name}: {}", brief(&message));
            let r: Record =
                serde_json::from_str(text).map_err(|e| fail(format!("invalid record: {e}")))?;
            let mut o = opts.clone();
            if let Some(p) = &r.published {
                o.published = Some(
                    parse_date(p)
                        .ok_or_else(|| fail(format!("published {p:?} is not YYYY-MM-DD")))?,
                );
            }
            if let Some(l) = &r.lang {
                if l != "fr" && l != "en" {
                    return Err(fail(format!("lang {l:?} is not fr or en")));
                }
                o.lang = Some(l.clone());
            }
            if let Some(u) = &r.url {
                crate::iri::validate(u).map_err(|e| fail(e.to_string()))?;
                o.url = Some(u.clone());
            } else if let Some(id) = &r.id {
                // an id without a URL: a stable article IRI under the base
                o.url = Some(format!(
                    "{}article/{}",
                    o.minter.base(),
                    crate::iri::slug(id)
                ));
            }
            if r.title.is_some() {
                o.title = r.title.clone();
            }
            extract_article(r.text.as_bytes(), &o).map_err(|e| fail(e.to_string()))
        }
    }
}

/// An article read, extracted and mapped, or why not.
pub type Outcome = Result<(Extraction, map::Mapped), String>;

/// The outcome of one article.
#[derive(Debug)]
pub struct ArticleReport {
    pub name: String,
    pub result: Result<ArticleSummary, String>,
}

#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub graph: String,
    pub persons: usize,
    pub meetings: usize,
    pub claims: usize,
    pub triples: usize,
}

impl ArticleSummary {
    /// The summary of an article written.
    pub fn new(ex: &Extraction, m: &map::Mapped) -> Self {
        ArticleSummary {
            graph: m.graph.as_str().to_owned(),
            persons: ex.persons.len(),
            meetings: ex.meetings.len(),
            claims: ex.claims.len(),
            triples: m.quads.len(),
        }
    }
}

/// Totals of a build.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub articles: usize,
    pub triples: usize,
    pub failures: usize,
    pub elapsed: Duration,
    pub bulk: bool,
    pub resolve: crate::resolve::ResolveReport,
}

impl BuildReport {
    /// Counts one article's outcome.
    fn count(&mut self, result: &Result<ArticleSummary, String>) {
        match result {
            Ok(s) => {
                self.articles += 1;
                self.triples += s.triples;
            }
            Err(_) => self.failures += 1,
        }
    }
}

/// Reads, extracts and maps the inputs in batches of [`BATCH`] on all cores, handing each
/// batch (in input order) to `each`. Memory is bounded by the batch.
pub fn process<E>(
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    mut each: impl FnMut(Vec<(String, Outcome)>) -> Result<(), E>,
) -> Result<(), E> {
    let mut inputs = inputs.peekable();
    let mut batch: Vec<Result<Input, InputError>> = Vec::with_capacity(BATCH);
    while inputs.peek().is_some() {
        batch.clear();
        batch.extend(inputs.by_ref().take(BATCH));
        let done: Vec<(String, Outcome)> = batch
            .par_iter()
            .map(|i| match i {
                Ok(input) => (
                    input.name(),
                    extraction_of(input, opts).map(|ex| {
                        let m = map::map(&ex, &opts.minter);
                        (ex, m)
                    }),
                ),
                Err(e) => (String::new(), Err(e.to_string())),
            })
            .collect();
        each(done)?;
    }
    Ok(())
}

/// Builds the inputs into the store. `on_article` is called for each article, in input order.
pub fn build(
    store: &GraphStore,
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    mut on_article: impl FnMut(&ArticleReport),
) -> Result<BuildReport, StoreError> {
    let start = Instant::now();
    let bulk = store.is_empty()?;
    let mut report = BuildReport {
        bulk,
        ..Default::default()
    };
    process(inputs, opts, |done| {
        let ok: Vec<&map::Mapped> = done
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|(_, m)| m))
            .collect();
        if bulk {
            store.bulk_load(ok.iter().flat_map(|m| m.quads.iter()))?;
        } else {
            for m in &ok {
                store.replace_graph(&m.graph, &m.quads)?;
            }
        }
        for (name, r) in done {
            let result = r.map(|(ex, m)| ArticleSummary::new(&ex, &m));
            report.count(&result);
            on_article(&ArticleReport { name, result });
        }
        Ok::<(), StoreError>(())
    })?;
    // cross-article identity, once the articles are in: a function of the store's articles
    report.resolve = store.resolve(&opts.minter)?;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// A build into an endpoint stopped by an error about the endpoint.
#[derive(Debug, thiserror::Error)]
#[error("{article}: cannot write graph <{graph}>: {error}; the build stopped there")]
pub struct EndpointError {
    pub article: String,
    pub graph: String,
    pub error: RemoteError,
}

/// Builds the inputs into a SPARQL endpoint: each article's graph replaces the endpoint's
/// graph of that name (Graph Store Protocol `PUT`), in input order. `on_article` is called for
/// each article, as by [`build`].
///
/// An article the endpoint refuses (a 4xx about that request, e.g. 400 or 413) is reported
/// like an unreadable one and the build goes on. An error about the endpoint itself
/// (unreachable, a timeout, a wrong URL, 401, 403, 5xx: see
/// [`RemoteError::is_about_endpoint`]) stops the build, naming the article: the following
/// articles would fail alike, and the articles written stay written.
pub fn build_endpoint(
    endpoint: &Endpoint,
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    mut on_article: impl FnMut(&ArticleReport),
) -> Result<BuildReport, EndpointError> {
    let start = Instant::now();
    let mut report = BuildReport::default();
    process(inputs, opts, |done| {
        for (name, r) in done {
            let result = match r {
                Ok((ex, m)) => match endpoint.put_graph(&m.graph, &m.quads) {
                    Ok(()) => Ok(ArticleSummary::new(&ex, &m)),
                    Err(error) if error.is_about_endpoint() => {
                        return Err(EndpointError {
                            article: name,
                            graph: m.graph.into_string(),
                            error,
                        })
                    }
                    Err(e) => Err(format!("{name}: cannot write graph <{}>: {e}", m.graph)),
                },
                Err(e) => Err(e),
            };
            report.count(&result);
            on_article(&ArticleReport { name, result });
        }
        Ok(())
    })?;
    report.elapsed = start.elapsed();
    Ok(report)
}
