//! Ingest: many articles into a store, fast and all-or-nothing per article.
//!
//! Inputs are text files, directories (recursively: `*.txt` with their `*.meta.json` sidecars,
//! and `*.extraction.json`), stdin (`-`) and JSON Lines (one article per line with `text` and
//! optional `id`, `url`, `published`, `lang`, `title`). Articles are read and extracted in
//! batches on all cores (rayon); each batch is then written: into a store that was empty when
//! the build started with Oxigraph's bulk loader (one atomic load per batch), otherwise one
//! transaction per article that replaces the article's graph (a long article's graph is
//! bulk-loaded after its old one is removed, under the store's journal, so that it too is
//! whole or absent: [`GraphStore::replace_large_graph`]). Memory is
//! bounded by the batch, which ends at [`BATCH`] articles or [`BATCH_BYTES`] of input; every
//! input is read through a bounded reader.
//! One bad article is reported with its name and skipped. [`build_endpoint`] writes the same
//! graphs to a SPARQL endpoint instead (`newsgraph build --endpoint`).

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Deserialize;

use crate::article::{DecodeError, MAX_ARTICLE_BYTES};
use crate::model::Extraction;
use crate::remote::{Endpoint, RemoteError};
use crate::resolve;
use crate::store::{GraphStore, StoreError};
use crate::window::Graph;
use crate::{extract_article, map, read_article, Article, ArticleOptions};

/// Articles extracted and written together.
pub const BATCH: usize = 256;

/// Input bytes extracted and written together at most (a batch also ends after [`BATCH`]
/// articles): the models of a batch's long articles are held until the batch is written.
pub const BATCH_BYTES: u64 = 64 << 20;

/// One article to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    /// A text file (or `-` for stdin), or a `*.extraction.json`.
    File(PathBuf),
    /// A record of a JSON Lines file: (file, 1-based line, the line).
    Record(PathBuf, usize, String),
}

impl Input {
    /// Bytes the input holds, about (what a batch counts): a file's size, a record's length;
    /// stdin counts as an article of the largest size.
    fn size(&self) -> u64 {
        match self {
            Input::File(p) if p.as_os_str() == "-" => MAX_ARTICLE_BYTES as u64,
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Record(_, _, line) => line.len() as u64,
        }
    }

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
    Io { path: String, cause: std::io::Error },
    #[error(
        "cannot read articles from directory {0}: it holds no *.txt or *.extraction.json file"
    )]
    Directory(String),
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
}

/// Expands paths: a directory gives its `*.txt` and `*.extraction.json` files, recursively,
/// in name order, symbolic links followed, each file once (a link to a file already found, or
/// a link that loops back to a folder above it, adds nothing). A directory that holds no
/// article, or that cannot be read, is an error of its own, among the inputs: the build
/// reports it and goes on with the others.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Input, InputError>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.is_dir() {
            match walk(p, &mut seen) {
                Ok(files) if files.is_empty() => {
                    out.push(Err(InputError::Directory(p.display().to_string())))
                }
                Ok(files) => out.extend(files.into_iter().map(|f| Ok(Input::File(f)))),
                Err(e) => out.push(Err(e)),
            }
        } else {
            out.push(Ok(Input::File(p.clone())));
        }
    }
    out
}

/// The article files under `dir`, sorted by path; `seen` holds the (device, inode) of the
/// files already taken.
fn walk(
    dir: &Path,
    seen: &mut std::collections::HashSet<(u64, u64)>,
) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = match entry {
            Ok(e) => e,
            // a link back to a folder above it: its files are found once, through the folder
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                return Err(InputError::Io {
                    path: e.path().unwrap_or(dir).display().to_string(),
                    cause: e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot walk the directory")),
                })
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        if !(name.ends_with(".txt") || name.ends_with(".extraction.json")) {
            continue;
        }
        if let Some(id) = file_id(entry.path()) {
            if !seen.insert(id) {
                continue;
            }
        }
        files.push(entry.into_path());
    }
    files.sort();
    Ok(files)
}

/// The (device, inode) of a file, links followed.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// The longest JSON Lines record read, in bytes: twice the longest article, as JSON escapes
/// lengthen a text (`\n`, `\"`, `\u00e9`). A longer line is reported and skipped without being
/// held in memory.
pub const MAX_RECORD_BYTES: usize = 2 * MAX_ARTICLE_BYTES;

/// Reads the records of a JSON Lines source (a file or `-`), lazily, each line through a
/// reader bounded by [`MAX_RECORD_BYTES`].
pub fn jsonl_records(
    path: &Path,
) -> Result<Box<dyn Iterator<Item = Result<Input, InputError>>>, InputError> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(path).map_err(|e| InputError::Io {
            path: path.display().to_string(),
            cause: e,
        })?;
        Box::new(std::io::BufReader::new(f))
    };
    Ok(Box::new(Records {
        reader,
        path: path.to_path_buf(),
        line: 0,
        failed: false,
    }))
}

/// The records of a JSON Lines source.
struct Records {
    reader: Box<dyn BufRead>,
    path: PathBuf,
    /// The last line read, 1-based.
    line: usize,
    /// Whether reading failed (the source is given up: a read error repeats).
    failed: bool,
}

impl Iterator for Records {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            let invalid = |line: usize, message: String| InputError::Invalid {
                name: format!("{}:{line}", self.path.display()),
                message,
            };
            let mut buf = Vec::new();
            let limit = MAX_RECORD_BYTES as u64 + 1;
            match (&mut self.reader).take(limit).read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(invalid(self.line + 1, e.to_string())));
                }
            }
            if buf.len() as u64 == limit && buf.last() != Some(&b'\n') {
                // the rest of the line is read past, not kept
                if let Err(e) = self.reader.skip_until(b'\n') {
                    self.failed = true;
                    return Some(Err(invalid(self.line, e.to_string())));
                }
                return Some(Err(invalid(
                    self.line,
                    format!(
                        "the record is too large: more than {MAX_RECORD_BYTES} bytes (newsgraph reads records of at most {MAX_RECORD_BYTES} bytes)"
                    ),
                )));
            }
            // a byte order mark before the first record, as some editors write one
            if self.line == 1 && buf.starts_with(BOM) {
                buf.drain(..BOM.len());
            }
            // the line without its line ending, as `BufRead::lines` gives it
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            match String::from_utf8(buf) {
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => return Some(Ok(Input::Record(self.path.clone(), self.line, l))),
                Err(e) => {
                    return Some(Err(invalid(
                        self.line,
                        format!(
                            "not UTF-8 text: invalid byte sequence at byte {} of the line",
                            e.utf8_error().valid_up_to() + 1
                        ),
                    )))
                }
            }
        }
        None
    }
}

/// UTF-8's byte order mark, which JSON files may start with (RFC 8259 lets readers ignore it).
const BOM: &[u8] = b"\xef\xbb\xbf";

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

/// The largest `NAME.meta.json` sidecar read, in bytes (it holds four short fields).
pub const MAX_SIDECAR_BYTES: usize = 1 << 20;

/// Sidecar metadata `NAME.meta.json` ({"published", "lang", "url", "title"}), used where the
/// options say nothing. A malformed sidecar, or one with a field that is not a string or not
/// valid (a date that is not `YYYY-MM-DD`, a language other than `fr` or `en`, a URL that is
/// not an absolute IRI), is an error naming the file and the field, as in JSON Lines. Other
/// fields are left to the user.
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
    let bytes = match std::fs::File::open(&meta_path) {
        Ok(f) => read_at_most(f, MAX_SIDECAR_BYTES)
            .map_err(|e| bad(format!("cannot read: {e}")))?
            .ok_or_else(|| {
                bad(format!(
                    "too large: more than {MAX_SIDECAR_BYTES} bytes (a sidecar holds published, lang, url and title)"
                ))
            })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(o),
        Err(e) => return Err(bad(format!("cannot read: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "not UTF-8 text: invalid byte sequence at byte {}",
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    let v: serde_json::Value =
        serde_json::from_str(without_bom(&text)).map_err(|e| bad(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(fields) = v else {
        return Err(bad(format!("not a JSON object but {}", json_kind(&v))));
    };
    let field = |k: &str| match fields.get(k) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(bad(format!("{k} is {}, not a string", json_kind(other)))),
    };
    let published = match field("published")? {
        Some(p) => {
            Some(parse_date(p).ok_or_else(|| bad(format!("published {p:?} is not YYYY-MM-DD")))?)
        }
        None => None,
    };
    let lang = match field("lang")? {
        Some(l) if l == "fr" || l == "en" => Some(l.to_owned()),
        Some(l) => return Err(bad(format!("lang {l:?} is not fr or en"))),
        None => None,
    };
    let url = match field("url")? {
        Some(u) => {
            crate::iri::validate_article(u).map_err(|e| bad(format!("url {e}")))?;
            Some(u.to_owned())
        }
        None => None,
    };
    let title = field("title")?.map(str::to_owned);
    o.published = o.published.or(published);
    o.lang = o.lang.or(lang);
    o.url = o.url.or(url);
    o.title = o.title.or(title);
    Ok(o)
}

/// What a JSON value is, for messages.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads `reader` to its end if it holds at most `max` bytes; `None` if it holds more (then
/// only `max + 1` bytes were read).
fn read_at_most(reader: impl Read, max: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut buf)?;
    Ok((buf.len() <= max).then_some(buf))
}

/// Why [`read_regular_file`] read nothing.
#[derive(Debug)]
pub enum FileError {
    Directory,
    /// A FIFO, a device or a socket: opening one may block, and reading it may never end.
    NotRegular,
    /// Larger than the cap: its size when known before reading.
    TooLarge(Option<u64>),
    Io(std::io::Error),
}

/// Reads a regular file of at most `max` bytes. What it is, is asked before it is opened (a
/// FIFO blocks its opener until a writer comes); its size too, so that a huge file is refused
/// unread; and at most `max + 1` bytes are read (a file that grows meanwhile).
pub fn read_regular_file(path: &Path, max: usize) -> Result<Vec<u8>, FileError> {
    let meta = std::fs::metadata(path).map_err(FileError::Io)?;
    if meta.is_dir() {
        return Err(FileError::Directory);
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > max as u64 {
        return Err(FileError::TooLarge(Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(FileError::Io)?;
    read_at_most(file, max)
        .map_err(FileError::Io)?
        .ok_or(FileError::TooLarge(None))
}

/// `text` without the byte order mark some editors write first (RFC 8259 lets JSON readers
/// ignore it).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The largest `*.extraction.json` read, in bytes: an extraction's JSON is about four times
/// the text of its article.
pub const MAX_EXTRACTION_BYTES: usize = 4 * MAX_ARTICLE_BYTES;

/// An input read: an article's bytes and options, or a curated extraction.
enum Source {
    Article(Vec<u8>, ArticleOptions),
    Extraction(Box<Extraction>),
}

/// Reads one input, without extracting it. Errors are messages naming the input.
fn source_of(input: &Input, opts: &ArticleOptions) -> Result<Source, String> {
    match input {
        Input::File(path) if path.as_os_str() == "-" => {
            let bytes = read_at_most(std::io::stdin(), MAX_ARTICLE_BYTES)
                .map_err(|e| format!("cannot read stdin: {e}"))?
                .ok_or_else(|| format!("cannot read stdin: {}", DecodeError::TooLarge(None)))?;
            Ok(Source::Article(bytes, opts.clone()))
        }
        Input::File(path) => {
            let extraction = path
                .to_str()
                .is_some_and(|p| p.ends_with(".extraction.json"));
            let what = if extraction { "extraction" } else { "article" };
            let fail =
                |message: String| format!("cannot read {what} {}: {message}", path.display());
            let max = if extraction {
                MAX_EXTRACTION_BYTES
            } else {
                MAX_ARTICLE_BYTES
            };
            let bytes = read_regular_file(path, max).map_err(|e| match e {
                FileError::Directory => fail("it is a directory".into()),
                FileError::NotRegular => fail(
                    "it is not a regular file (a FIFO, a device or a socket); give - to read standard input".into(),
                ),
                FileError::TooLarge(size) if extraction => fail(format!(
                    "the extraction is too large: {} (newsgraph reads at most {max} bytes)",
                    size.map_or(format!("more than {max} bytes"), |n| format!("{n} bytes"))
                )),
                FileError::TooLarge(size) => fail(DecodeError::TooLarge(size).to_string()),
                FileError::Io(e) => fail(e.to_string()),
            })?;
            if extraction {
                let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8".into()))?;
                return Extraction::from_json(without_bom(&text))
                    .map(|ex| Source::Extraction(Box::new(ex)))
                    .map_err(|e| fail(e.to_string()));
            }
            let opts = with_sidecar(path, opts).map_err(|e| e.to_string())?;
            Ok(Source::Article(bytes, opts))
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
                crate::iri::validate_article(u).map_err(|e| fail(format!("url {e}")))?;
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
            Ok(Source::Article(r.text.into_bytes(), o))
        }
    }
}

/// How an article's error is told: `cannot read article FILE: …`, or `FILE:LINE: …`.
fn article_error(input: &Input, e: crate::ArticleError) -> String {
    match input {
        Input::File(path) if path.as_os_str() == "-" => format!("cannot read stdin: {e}"),
        Input::File(path) => format!("cannot read article {}: {e}", path.display()),
        Input::Record(..) => format!("{}: {}", input.name(), brief(&e.to_string())),
    }
}

/// Reads and extracts one input.
pub fn extraction_of(input: &Input, opts: &ArticleOptions) -> Result<Extraction, String> {
    match source_of(input, opts)? {
        Source::Article(bytes, o) => {
            extract_article(&bytes, &o).map_err(|e| article_error(input, e))
        }
        Source::Extraction(ex) => Ok(*ex),
    }
}

/// Reads, extracts and maps one input.
pub fn article_of(input: &Input, opts: &ArticleOptions) -> Result<Article, String> {
    match source_of(input, opts)? {
        Source::Article(bytes, o) => read_article(&bytes, &o).map_err(|e| article_error(input, e)),
        Source::Extraction(extraction) => {
            let extraction = *extraction;
            let graph = Graph::whole(map::map(&extraction, &opts.minter));
            Ok(Article { extraction, graph })
        }
    }
}

/// An article read, extracted and mapped, or why not.
pub type Outcome = Result<Article, String>;

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
    /// The summary of an article written (its graph's quads read).
    pub fn new(a: &Article) -> Self {
        ArticleSummary {
            graph: a.graph.name.as_str().to_owned(),
            persons: a.extraction.persons.len(),
            meetings: a.extraction.meetings.len(),
            claims: a.extraction.claims.len(),
            triples: a.graph.len().unwrap_or(0),
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
    /// Of which the identity pass.
    pub resolve_elapsed: Duration,
    /// Of which the compaction after a bulk load (none otherwise).
    pub compact_elapsed: Duration,
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

/// Reads, extracts and maps the inputs in batches of [`BATCH`] articles or [`BATCH_BYTES`]
/// bytes on all cores, handing each batch (in input order) to `each`. Memory is bounded by
/// the batch (a long article's graph is mapped as it is read: [`Graph::quads`]).
pub fn process<E>(
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    each: impl FnMut(Vec<(String, Outcome)>) -> Result<(), E>,
) -> Result<(), E> {
    process_then(inputs, opts, |name, outcome| (name, outcome), each)
}

/// As [`process`], but each article's outcome first goes through `then` on the core that
/// extracted it, and `each` receives what `then` returns. A caller that only needs, say, the
/// serialised graph turns the outcome into bytes there: the outcome is then freed by the thread
/// that allocated it (freeing it on the calling thread cost as much as mapping it) and the
/// serialisation runs on all cores.
pub fn process_then<T: Send, E>(
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    then: impl Fn(String, Outcome) -> T + Sync,
    each: impl FnMut(Vec<T>) -> Result<(), E>,
) -> Result<(), E> {
    process_with(inputs, opts, article_of, then, each)
}

/// As [`process_then`], each input going through `work` (such as [`article_of`], or
/// [`extraction_of`] where the quads are not needed) instead of being extracted and mapped.
pub fn process_with<O, T: Send, E>(
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    work: impl Fn(&Input, &ArticleOptions) -> Result<O, String> + Sync,
    then: impl Fn(String, Result<O, String>) -> T + Sync,
    mut each: impl FnMut(Vec<T>) -> Result<(), E>,
) -> Result<(), E> {
    let mut inputs = inputs.peekable();
    let mut batch: Vec<Result<Input, InputError>> = Vec::with_capacity(BATCH);
    while inputs.peek().is_some() {
        batch.clear();
        let mut bytes = 0;
        while batch.len() < BATCH && bytes < BATCH_BYTES {
            let Some(i) = inputs.next() else { break };
            bytes += i.as_ref().map_or(0, Input::size);
            batch.push(i);
        }
        let done: Vec<T> = batch
            .par_iter()
            .map(|i| match i {
                Ok(input) => then(input.name(), work(input, opts)),
                Err(e) => then(String::new(), Err(e.to_string())),
            })
            .collect();
        each(done)?;
    }
    Ok(())
}

/// The articles of one build by IRI: a second article with the IRI of one before it (the same
/// file given twice, a `.txt` beside the `.extraction.json` made from it, two records with one
/// `url`) is refused, naming both, instead of replacing or merging with the first.
#[derive(Default)]
struct Repeats(std::collections::HashMap<String, String>);

impl Repeats {
    fn refuse(&mut self, done: &mut [(String, Outcome)]) {
        for (name, r) in done.iter_mut() {
            let Ok(a) = r else { continue };
            let iri = a.graph.name.as_str();
            let message = match self.0.get(iri) {
                Some(first) => format!(
                    "{name}: the article <{iri}> is also {first}, earlier in this build; a build takes each article once (the first is kept: build this one on its own to replace it)"
                ),
                None => {
                    self.0.insert(iri.to_owned(), name.clone());
                    continue;
                }
            };
            *r = Err(message);
        }
    }
}

/// Builds the inputs into the store. `on_article` is called for each article, in input order.
///
/// Before each batch is written, the surname keys of its persons and of the graphs it
/// replaces are recorded as pending ([`resolve::mark_pending`]); once all are written, the
/// identity pass handles those keys only ([`GraphStore::resolve`]).
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
    let identity = |cause| StoreError::Resolve {
        path: store.path().to_owned(),
        cause,
    };
    // a store built before the surname-key index: asked before this build's articles (which
    // carry keys) are written
    if !bulk && resolve::needs_full_pass(&store.store).map_err(identity)? {
        resolve::mark_full_pass(&store.store).map_err(identity)?;
    }
    // a store built before the name keys gets them before this build's articles, which have
    // theirs
    if !bulk {
        store.index_names()?;
    }
    let mut repeats = Repeats::default();
    process(inputs, opts, |mut done| {
        repeats.refuse(&mut done);
        let ok: Vec<&Graph> = done
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|a| &a.graph))
            .collect();
        // the surname keys the batch touches (its persons', and those of the graphs it
        // replaces), recorded before it is written: the identity pass looks at them only
        let mut keys = std::collections::BTreeSet::new();
        for g in &ok {
            keys.extend(g.surname_keys());
            if !bulk {
                keys.extend(resolve::graph_keys(&store.store, &g.name).map_err(identity)?);
            }
        }
        resolve::mark_pending(&store.store, &keys).map_err(identity)?;
        if bulk {
            store.bulk_load(ok.iter().flat_map(|g| g.quads()))?;
        } else {
            for g in &ok {
                match g.mapped() {
                    Some(m) => store.replace_graph(&g.name, m.quads())?,
                    None => store.replace_large_graph(&g.name, g.quads())?,
                }
            }
        }
        for (name, r) in done {
            let result = r.map(|a| ArticleSummary::new(&a));
            report.count(&result);
            on_article(&ArticleReport { name, result });
        }
        Ok::<(), StoreError>(())
    })?;
    // cross-article identity, once the articles are in, for the surname keys they touched: a
    // function of the store's articles
    let pass = Instant::now();
    report.resolve = store.resolve(&opts.minter)?;
    report.resolve_elapsed = pass.elapsed();
    // a bulk load leaves its data in many overlapping files, each of which a read may have to
    // look in: compacted once, the whole-store queries read their terms about twice as fast
    // (10,000 articles: `claims` 3.9 -> 2.0 s, a one-pattern listing 0.75 -> 0.38 s). An
    // incremental build writes through RocksDB's own compactions and needs none.
    if bulk && report.articles > 0 {
        let compact = Instant::now();
        store.compact()?;
        report.compact_elapsed = compact.elapsed();
    }
    store.flush()?;
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

/// PUTs in flight at once to an endpoint by default (`build --puts`): a PUT waits on the
/// network and on the server's transaction, not on this machine's cores (one at a time, a
/// build to a server on the same machine spent most of its time waiting).
pub const PUTS_IN_FLIGHT: usize = 4;

/// What became of one article of a batch sent to an endpoint.
enum Put {
    Written(ArticleSummary),
    /// Not extracted, or its PUT refused (the message names the article).
    Failed(String),
    /// The endpoint cannot take requests: (graph, error). The build stops.
    Endpoint(String, RemoteError),
}

/// Sends a batch's graphs, `puts` at a time, and gives each article's outcome in input order,
/// up to and including the first error about the endpoint: every article before it is sent,
/// and no PUT for a later one starts after it (one already in flight completes). The articles
/// of one graph go to the same sender, in input order: a graph built twice in a batch ends as
/// the later article, as when they were sent one by one.
fn put_batch(endpoint: &Endpoint, puts: usize, done: Vec<(String, Outcome)>) -> Vec<(String, Put)> {
    use std::hash::{BuildHasher, Hash, Hasher};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let n = done.len();
    let senders = puts.min(n).max(1);
    // each sender's articles (with their place in the batch), by graph
    let mut queues: Vec<Vec<(usize, String, Outcome)>> = (0..senders).map(|_| Vec::new()).collect();
    for (i, (name, r)) in done.into_iter().enumerate() {
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        match &r {
            Ok(a) => a.graph.name.as_str().hash(&mut h),
            Err(_) => i.hash(&mut h),
        }
        queues[(h.finish() % senders as u64) as usize].push((i, name, r));
    }
    // the first article whose PUT found the endpoint unable to take requests: no article after
    // it is sent, every article before it is (as one by one)
    let stop = AtomicUsize::new(usize::MAX);
    let send = |queue: Vec<(usize, String, Outcome)>| {
        let mut sent = Vec::new();
        for (i, name, r) in queue {
            if i > stop.load(Ordering::SeqCst) {
                break;
            }
            let put = match r {
                Ok(a) => match endpoint.put_graph(&a.graph.name, a.graph.quads()) {
                    Ok(()) => Put::Written(ArticleSummary::new(&a)),
                    Err(error) if error.is_about_endpoint() => {
                        stop.fetch_min(i, Ordering::SeqCst);
                        Put::Endpoint(a.graph.name.into_string(), error)
                    }
                    Err(e) => Put::Failed(format!(
                        "{name}: cannot write graph <{}>: {e}",
                        a.graph.name.as_str()
                    )),
                },
                Err(e) => Put::Failed(e),
            };
            sent.push((i, name, put));
        }
        sent
    };
    let mut outcomes: Vec<Option<(String, Put)>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let senders: Vec<_> = queues
            .into_iter()
            .map(|queue| scope.spawn(|| send(queue)))
            .collect();
        for sender in senders {
            match sender.join() {
                Ok(sent) => {
                    for (i, name, put) in sent {
                        outcomes[i] = Some((name, put));
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    // in input order, up to the first endpoint error (every article before it was sent)
    let mut out = Vec::new();
    for (name, put) in outcomes.into_iter().map_while(|o| o) {
        let last = matches!(put, Put::Endpoint(..));
        out.push((name, put));
        if last {
            break;
        }
    }
    out
}

/// Builds the inputs into a SPARQL endpoint: each article's graph replaces the endpoint's
/// graph of that name (Graph Store Protocol `PUT`), `puts` at a time ([`put_batch`]),
/// reported in input order. `on_article` is called for
/// each article, as by [`build`].
///
/// An article the endpoint refuses (a 4xx about that request, e.g. 400 or 413) is reported
/// like an unreadable one and the build goes on. An error about the endpoint itself
/// (unreachable, a timeout, a wrong URL, 401, 403, 5xx: see
/// [`RemoteError::is_about_endpoint`]) stops the build, naming the article: the following
/// articles would fail alike, and the articles written stay written.
pub fn build_endpoint(
    endpoint: &Endpoint,
    puts: usize,
    inputs: impl Iterator<Item = Result<Input, InputError>>,
    opts: &ArticleOptions,
    mut on_article: impl FnMut(&ArticleReport),
) -> Result<BuildReport, EndpointError> {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let mut repeats = Repeats::default();
    process(inputs, opts, |mut done| {
        repeats.refuse(&mut done);
        for (name, put) in put_batch(endpoint, puts, done) {
            let result = match put {
                Put::Written(summary) => Ok(summary),
                Put::Failed(e) => Err(e),
                Put::Endpoint(graph, error) => {
                    return Err(EndpointError {
                        article: name,
                        graph,
                        error,
                    })
                }
            };
            report.count(&result);
            on_article(&ArticleReport { name, result });
        }
        Ok(())
    })?;
    report.elapsed = start.elapsed();
    Ok(report)
}
