//! The `newsgraph` command: parses arguments (see `cli.rs`) and runs one small function per
//! subcommand over the library. Exit codes: 0 ok, 1 failure, 2 usage.

mod cli;
mod output;
mod terminal;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use clap::Parser;
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

use cli::{ArticleArgs, Cli, Command};
use newsgraph::iri::Minter;
use newsgraph::query::{self, ResultsFormat};
use newsgraph::remote::Endpoint;
use newsgraph::store::GraphStore;
use newsgraph::ArticleOptions;
use newsgraph::{export, ingest};
use output::{OutputFile, Stdout, StdoutError};

// mimalloc: extraction and mapping allocate many small strings; glibc malloc/free took about
// 30% of extraction's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An error of the user's making: exit code 2.
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Usage {}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            eprintln!(
                "newsgraph: {} (see newsgraph --help)",
                clap_line(&e.to_string())
            );
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Build {
            store,
            endpoint,
            puts,
            article,
            quiet,
            files,
            jsonl,
        } => {
            if puts.is_some() && endpoint.is_none() {
                Err(Usage("--puts is for --endpoint builds".into()).into())
            } else {
                let endpoint = endpoint.map(|url| {
                    let puts = puts.map_or(ingest::PUTS_IN_FLIGHT, usize::from);
                    (url, puts)
                });
                build(&store.path(), endpoint, &article, quiet, &files, &jsonl)
            }
        }
        Command::Extract {
            article,
            format,
            files,
            jsonl,
        } => extract(&article, &format, &files, &jsonl),
        Command::Query {
            store,
            endpoint,
            query,
            sparql,
            params,
            format,
            timeout,
            max_rows,
        } => run_query(
            &store.path(),
            endpoint,
            QueryText {
                name: query,
                sparql,
            },
            &params,
            format,
            QueryLimits::new(timeout, max_rows),
        ),
        Command::Queries => list_queries(),
        Command::Synth { count, seed } => synth(count, seed),
        Command::Export {
            store,
            format,
            graph,
            output,
            base,
        } => run_export(&store.path(), format, graph, output, &base),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // `newsgraph … | head`: only standard output closed by its reader ends quietly
            if StdoutError::is_closed_stdout(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: {}", one_line(&e));
            if e.downcast_ref::<Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// clap's error on one line, as every other error: without its "error: " prefix and its usage
/// and help lines, its tips ("a similar argument exists") kept, and a value that held a line
/// end (`--url $'a\nb'`) kept whole with its reason.
fn clap_line(text: &str) -> String {
    let mut parts = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.trim_start_matches("error: "));
        }
    }
    let joined = parts.join(" ");
    single_line(if joined.is_empty() {
        "invalid arguments"
    } else {
        &joined
    })
}

/// Standard output, buffered; on a terminal, with its control characters escaped.
fn stdout_writer() -> std::io::BufWriter<terminal::Safe<Stdout>> {
    std::io::BufWriter::new(terminal::Safe::new(
        Stdout::lock(),
        std::io::stdout().is_terminal(),
    ))
}

/// `text` on one line: line ends as spaces, other control characters escaped (a message may
/// quote a hostile input).
fn single_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// An error and its causes on one line, each told once: a cause whose text the line already
/// holds is left out. Our errors tell their cause in their message and do not return it as
/// `source` as well; an error of a dependency may do both, and a context added here
/// (`cannot read lexicon FILE`) is followed by its cause.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    single_line(&line)
}

fn options(a: &ArticleArgs) -> Result<ArticleOptions> {
    Ok(ArticleOptions {
        published: a.published,
        lang: a.lang.clone(),
        url: a.url.clone(),
        title: a.title.clone(),
        minter: Minter::new(&a.base).map_err(|e| Usage(e.to_string()))?,
        user: std::sync::Arc::new(user_lexicon(&a.lexicon)?),
    })
}

/// Reads the `--lexicon` files.
fn user_lexicon(paths: &[PathBuf]) -> Result<newsgraph::userlex::UserLexicon> {
    let mut sources = Vec::new();
    for p in paths {
        let bytes = read_named_file(p, "lexicon", MAX_LEXICON_BYTES)?;
        sources.push((p.display().to_string(), bytes));
    }
    Ok(newsgraph::userlex::parse(&sources)?)
}

/// The expanded files' inputs, then the records of each JSON Lines file, read lazily; a JSON
/// Lines file that cannot be opened is reported among the inputs.
fn with_records(
    inputs: Vec<Result<ingest::Input, ingest::InputError>>,
    jsonl: &[PathBuf],
) -> impl Iterator<Item = Result<ingest::Input, ingest::InputError>> + '_ {
    inputs.into_iter().chain(jsonl.iter().flat_map(|j| {
        ingest::jsonl_records(j).unwrap_or_else(|e| Box::new(std::iter::once(Err(e))))
    }))
}

fn build(
    store_path: &Path,
    endpoint: Option<(String, usize)>,
    args: &ArticleArgs,
    quiet: bool,
    files: &[PathBuf],
    jsonl: &[PathBuf],
) -> Result<ExitCode> {
    let opts = options(args)?;
    let inputs = ingest::expand(files);
    if args.url.is_some() && (inputs.len() != 1 || !jsonl.is_empty()) {
        return Err(Usage("--url names one article: give one file with it".into()).into());
    }
    let inputs = with_records(inputs, jsonl);
    let progress = if !quiet && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} articles  {per_sec}  {elapsed_precise}  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Some(bar)
    } else {
        None
    };
    let mut out = stdout_writer();
    let mut write_error: Option<std::io::Error> = None;
    let mut on_article = |a: &ingest::ArticleReport| {
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        match &a.result {
            Ok(s) if !quiet && write_error.is_none() => {
                if let Err(e) = writeln!(
                    out,
                    "{}: {} persons, {} meetings, {} claims, {} triples → graph <{}>",
                    a.name, s.persons, s.meetings, s.claims, s.triples, s.graph
                ) {
                    write_error = Some(e);
                }
            }
            Ok(_) => {}
            Err(e) => {
                let line = format!("newsgraph: {}", single_line(e));
                match &progress {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
    };
    let endpoint_build = endpoint.is_some();
    let report = match endpoint {
        None => {
            let store = GraphStore::open(store_path)?;
            for r in store.repairs() {
                let line = repair_line(r);
                match &progress {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
            let report = ingest::build(&store, inputs, &opts, &mut on_article);
            match &report {
                // a store this build made is removed again if it stores nothing
                Ok(r) if r.articles == 0 => store.discard_if_new(),
                Ok(_) => store.close_and_tidy(),
                Err(_) => {}
            }
            report?
        }
        Some((url, puts)) => {
            let endpoint = Endpoint::new(&url).map_err(|e| Usage(e.to_string()))?;
            ingest::build_endpoint(&endpoint, puts, inputs, &opts, &mut on_article)?
        }
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // the articles are stored whatever became of their summary lines: say so
    if let Some(e) = write_error.or_else(|| out.flush().err()) {
        let stored = if endpoint_build { "sent" } else { "stored" };
        return Err(anyhow::Error::new(e).context(format!(
            "{} articles {stored}, {} failed, but their summary lines were lost",
            report.articles, report.failures
        )));
    }
    let total = report.articles + report.failures;
    if total > 1 {
        eprintln!(
            "newsgraph: {} articles, {} triples, {} failed, in {:.1} s{}{}{}",
            report.articles,
            report.triples,
            report.failures,
            report.elapsed.as_secs_f64(),
            if report.bulk { " (bulk load)" } else { "" },
            // none for an endpoint build
            if report.resolve_elapsed.is_zero() {
                String::new()
            } else {
                format!(
                    ", identity pass {:.1} s",
                    report.resolve_elapsed.as_secs_f64()
                )
            },
            if report.compact_elapsed.is_zero() {
                String::new()
            } else {
                format!(", compaction {:.1} s", report.compact_elapsed.as_secs_f64())
            }
        );
    }
    let r = &report.resolve;
    if r.graphs_rewritten > 0 {
        eprintln!(
            "newsgraph: persons named by surname only: {} identified across articles, {} left apart (several full names fit); {} article graphs updated",
            r.resolved, r.ambiguous, r.graphs_rewritten
        );
    }
    if report.failures > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn extract(
    args: &ArticleArgs,
    format: &str,
    files: &[PathBuf],
    jsonl: &[PathBuf],
) -> Result<ExitCode> {
    let opts = options(args)?;
    if !matches!(format, "json" | "nquads" | "nq") {
        return Err(Usage(format!(
            "unknown extract format {format:?} (use json or nquads)"
        ))
        .into());
    }
    let inputs = ingest::expand(files);
    let single = inputs.len() == 1 && jsonl.is_empty();
    let inputs = with_records(inputs, jsonl);
    let mut out = stdout_writer();
    let mut failures = 0usize;
    // each article is serialised on the core that extracted it (see `process_then`); a long
    // article's graph is written here as it is mapped, window by window
    enum Serialised {
        Bytes(Vec<u8>),
        Long(Box<newsgraph::Article>),
    }
    let spare: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::default();
    // a buffer of at least `need` bytes, from the spares written before
    let buffer = |need: usize| -> Vec<u8> {
        let mut buf = match spare.lock().ok().and_then(|mut s| s.pop()) {
            Some(b) if b.capacity() >= need => b,
            // growing a spare buffer would copy its old bytes: a small one is replaced, by
            // one at least twice its size, so that the spares soon fit every article (a
            // buffer allocated anew is pages the system must zero first)
            Some(b) => Vec::with_capacity(need.max(2 * b.capacity())),
            None => Vec::with_capacity(need),
        };
        buf.clear();
        buf
    };
    // JSON: the extraction alone, never mapped to quads
    let json = |_name: String, r: Result<newsgraph::model::Extraction, String>| {
        let ex = r?;
        let mut buf = buffer(4096);
        if single {
            writeln!(buf, "{}", ex.to_json()).map_err(|e| e.to_string())?;
        } else {
            serde_json::to_writer(&mut buf, &ex).map_err(|e| e.to_string())?;
            buf.push(b'\n');
        }
        Ok(Serialised::Bytes(buf))
    };
    let nquads = |_name: String, r: ingest::Outcome| -> Result<Serialised, String> {
        let a = r?;
        let Some(m) = a.graph.mapped() else {
            return Ok(Serialised::Long(Box::new(a)));
        };
        // under 256 bytes a quad (190 on average): growing the buffer by doubling copied it more
        // than the writing itself. The buffers written are recycled: a batch's N-Quads are
        // about 15 MB, and allocating them afresh for every batch made the allocator return
        // and fault in those pages again each time (a tenth of the time of extraction)
        let mut buf = buffer(256 * a.graph.len().unwrap_or(16));
        m.write_nquads(&mut buf);
        Ok(Serialised::Bytes(buf))
    };
    let mut write = |done: Vec<Result<Serialised, String>>| -> Result<()> {
        for r in done {
            match r {
                Ok(Serialised::Bytes(bytes)) => {
                    out.write_all(&bytes)?;
                    if let Ok(mut s) = spare.lock() {
                        s.push(bytes);
                    }
                }
                Ok(Serialised::Long(a)) => {
                    let mut buf = Vec::new();
                    for q in a.graph.quads() {
                        buf.clear();
                        newsgraph::map::write_nquads(std::iter::once(&q), &mut buf);
                        out.write_all(&buf)?;
                    }
                }
                Err(e) => {
                    failures += 1;
                    if single {
                        return Err(anyhow!(e));
                    }
                    eprintln!("newsgraph: {}", single_line(&e));
                }
            }
        }
        Ok(())
    };
    if format == "json" {
        ingest::process_with(inputs, &opts, ingest::extraction_of, json, &mut write)?;
    } else {
        ingest::process_then(inputs, &opts, nquads, &mut write)?;
    }
    out.flush()?;
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What opening the store repaired, on one line.
fn repair_line(r: &newsgraph::store::Repair) -> String {
    if r.kept {
        format!(
            "newsgraph: a build stopped after it had replaced graph <{}>: the new graph is whole and kept",
            r.graph.as_str()
        )
    } else {
        format!(
            "newsgraph: a build stopped while it replaced graph <{}>: what was left of it has been removed; build that article again",
            r.graph.as_str()
        )
    }
}

/// What `query` runs: a bundled query's name or a file, or a text.
struct QueryText {
    name: Option<String>,
    sparql: Option<String>,
}

/// How long a query may run and how many rows it may give.
struct QueryLimits {
    timeout: Option<std::time::Duration>,
    max_rows: Option<u64>,
}

impl QueryLimits {
    /// On a terminal, a person waits for the answer: 60 s and 100,000 rows unless told
    /// otherwise; a script gets no limit unless it asks. 0 is no limit.
    fn new(timeout: Option<u64>, max_rows: Option<u64>) -> Self {
        let terminal = std::io::stdout().is_terminal();
        let timeout = timeout.unwrap_or(if terminal { 60 } else { 0 });
        let max_rows = max_rows.unwrap_or(if terminal { 100_000 } else { 0 });
        QueryLimits {
            timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)),
            max_rows: (max_rows > 0).then_some(max_rows),
        }
    }

    /// Starts the clock: the token is cancelled when the time is up (the local evaluation
    /// stops at its next read), and should the query still run a few seconds later (an
    /// endpoint that does not answer, a step that reads nothing), the process ends with the
    /// error.
    fn start(&self) -> Option<oxigraph::sparql::CancellationToken> {
        let limit = self.timeout?;
        let token = oxigraph::sparql::CancellationToken::new();
        let t = token.clone();
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            t.cancel();
            std::thread::sleep(std::time::Duration::from_secs(5));
            eprintln!("newsgraph: {}", query::QueryError::Timeout(limit.as_secs()));
            std::process::exit(1);
        });
        Some(token)
    }
}

/// The largest `--lexicon` file read, in bytes.
const MAX_LEXICON_BYTES: usize = 64 << 20;

/// Reads a file the command line names (a query, a lexicon): a regular file only (a FIFO
/// would block, a device never end), of at most `max` bytes.
fn read_named_file(path: &Path, what: &str, max: usize) -> Result<Vec<u8>> {
    use ingest::FileError;
    ingest::read_regular_file(path, max).map_err(|e| {
        let message = match e {
            FileError::Directory | FileError::NotRegular => {
                "it is not a regular file (a directory, a FIFO, a device or a socket)".to_owned()
            }
            FileError::TooLarge(Some(n)) => {
                format!("it is too large: {n} bytes (newsgraph reads at most {max})")
            }
            FileError::TooLarge(None) => {
                format!("it is too large (newsgraph reads at most {max} bytes)")
            }
            FileError::Io(e) => e.to_string(),
        };
        anyhow!("cannot read {what} {}: {message}", path.display())
    })
}

fn run_query(
    store_path: &Path,
    endpoint: Option<String>,
    text: QueryText,
    params: &[String],
    format: Option<String>,
    limits: QueryLimits,
) -> Result<ExitCode> {
    let format = match format {
        Some(f) => ResultsFormat::parse(&f).ok_or_else(|| {
            Usage(format!(
                "unknown results format {f:?} (use table, csv, tsv, json or xml)"
            ))
        })?,
        None if std::io::stdout().is_terminal() => ResultsFormat::Table,
        None => ResultsFormat::Csv,
    };
    let text: String = match (text.name, text.sparql) {
        (_, Some(s)) => s,
        (Some(n), None) => {
            if let Some(q) = query::bundled(&n) {
                q.text.to_owned()
            } else if n.ends_with(".rq") || n.ends_with(".sparql") || Path::new(&n).is_file() {
                let bytes = read_named_file(Path::new(&n), "query file", query::MAX_QUERY_BYTES)?;
                String::from_utf8(bytes)
                    .map_err(|_| anyhow!("cannot read query file {n}: it is not UTF-8 text"))?
            } else {
                let names: Vec<&str> = query::BUNDLED.iter().map(|q| q.name).collect();
                return Err(Usage(format!(
                    "unknown query {n:?} (bundled queries: {}; or give a .rq file)",
                    names.join(", ")
                ))
                .into());
            }
        }
        (None, None) => {
            return Err(Usage("give a query name, a .rq file or --sparql".into()).into())
        }
    };
    let usage = |e: query::QueryError| match e {
        query::QueryError::UnknownParam { .. }
        | query::QueryError::MissingParam(_)
        | query::QueryError::BadParam(_) => anyhow::Error::new(Usage(e.to_string())),
        other => anyhow::Error::new(other),
    };
    let clock = limits.start();
    // an error once the clock has run out is the time limit's
    let timed_out = |e: query::QueryError| -> anyhow::Error {
        match (&clock, limits.timeout) {
            (Some(token), Some(t)) if token.is_cancelled() => {
                anyhow::Error::new(query::QueryError::Timeout(t.as_secs()))
            }
            _ => usage(e),
        }
    };
    // the store stays open while its results are read
    let store;
    let results = match endpoint {
        None => {
            store = GraphStore::open_read_only(store_path)?;
            let bound = query::bind(&text, params).map_err(usage)?;
            bound
                .on_store_until(&store.store, clock.clone())
                .map_err(timed_out)?
        }
        Some(url) => {
            let endpoint = Endpoint::new(&url).map_err(|e| Usage(e.to_string()))?;
            let bound = query::bind(&text, params).map_err(usage)?;
            endpoint.query(&bound.into_sparql())?
        }
    };
    let mut out = stdout_writer();
    query::write_results_at_most(results, format, &mut out, limits.max_rows).map_err(timed_out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn synth(count: usize, seed: u64) -> Result<ExitCode> {
    let mut out = stdout_writer();
    for a in newsgraph::synth::corpus(count, seed) {
        // serde_json's I/O error back as the io::Error it holds: a closed stdout stays one
        serde_json::to_writer(&mut out, &a).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn list_queries() -> Result<ExitCode> {
    let mut out = Stdout::lock();
    for q in query::BUNDLED {
        let h = query::header(q.text);
        writeln!(out, "{}\n    {}", q.name, h.description)?;
        for p in &h.params {
            writeln!(
                out,
                "    param {} ({}): {}",
                p.name,
                if p.required { "required" } else { "optional" },
                p.description
            )?;
        }
        writeln!(out, "    columns: {}", h.columns.join(", "))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_export(
    store_path: &Path,
    format: Option<String>,
    graph: Option<String>,
    output: Option<PathBuf>,
    base: &str,
) -> Result<ExitCode> {
    let format = match (&format, &output) {
        (Some(f), _) => export::parse_format(f).map_err(|e| Usage(e.to_string()))?,
        (None, Some(o)) => match o.extension().and_then(|e| e.to_str()) {
            Some(ext) => export::parse_format(ext)
                .map_err(|e| Usage(format!("cannot guess the format of {}: {e}", o.display())))?,
            None => RdfFormat::Turtle,
        },
        (None, None) => RdfFormat::Turtle,
    };
    let minter = Minter::new(base).map_err(|e| Usage(e.to_string()))?;
    let graph = graph
        .map(|g| NamedNode::new(g).map_err(|e| Usage(e.to_string())))
        .transpose()?;
    let store = GraphStore::open_read_only(store_path)?;
    match output {
        Some(path) => {
            // a regular file is replaced whole once written (a failed export leaves it as it
            // was, and no temporary file); a device or a pipe is written through
            let mut target = OutputFile::create(&path)?;
            // the sort spills beside the output, where there is room for it, not in a /tmp
            // that may be memory
            let sort = export::SortOptions::default().with_temp_dir(target.folder());
            let mut w = std::io::BufWriter::new(target.writer());
            export::export_with(&store.store, format, graph.as_ref(), &minter, &mut w, &sort)
                .map_err(|e| {
                    anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
                })?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            drop(w);
            target.finish()?;
        }
        None => {
            let mut w = stdout_writer();
            export::export(&store.store, format, graph.as_ref(), &minter, &mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that tells its cause and also returns it as its source, as some do.
    #[derive(Debug, thiserror::Error)]
    #[error("IO error: {0}")]
    struct Both(#[source] std::io::Error);

    #[test]
    fn each_cause_is_printed_once() {
        let disk = || std::io::Error::other("No space left on device");
        let e = anyhow::Error::new(Both(disk())).context("cannot load the batch");
        assert_eq!(
            one_line(&e),
            "cannot load the batch: IO error: No space left on device"
        );
        let store = newsgraph::store::StoreError::Write {
            path: "s".into(),
            cause: oxigraph::store::StorageError::Io(disk()),
        };
        assert_eq!(
            one_line(&anyhow::Error::new(store)),
            "cannot write to store s: No space left on device"
        );
        let e = anyhow::Error::new(disk()).context("cannot read lexicon x.ttl");
        assert_eq!(
            one_line(&e),
            "cannot read lexicon x.ttl: No space left on device"
        );
    }
}
