//! The `newsgraph` command: parses arguments (see `cli.rs`) and runs one small function per
//! subcommand over the library. Exit codes: 0 ok, 1 failure, 2 usage.

mod cli;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;

use cli::{ArticleArgs, Cli, Command};
use newsgraph::export;
use newsgraph::iri::Minter;
use newsgraph::model::Extraction;
use newsgraph::query::{self, ResultsFormat};
use newsgraph::store::GraphStore;
use newsgraph::ArticleOptions;

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
            // one line, as every other error: clap's first line without its "error: " prefix
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            eprintln!("newsgraph: {first} (see newsgraph --help)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Build {
            store,
            article,
            quiet,
            files,
        } => build(&store.store, &article, quiet, &files),
        Command::Extract {
            article,
            format,
            file,
        } => extract(&article, &format, &file),
        Command::Query {
            store,
            query,
            sparql,
            params,
            format,
        } => run_query(&store.store, query, sparql, &params, format),
        Command::Queries => list_queries(),
        Command::Export {
            store,
            format,
            graph,
            output,
            base,
        } => run_export(&store.store, format, graph, output, &base),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("newsgraph: {msg}");
            if e.downcast_ref::<Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

fn options(a: &ArticleArgs) -> Result<ArticleOptions> {
    Ok(ArticleOptions {
        published: a.published,
        lang: a.lang.clone(),
        url: a.url.clone(),
        title: a.title.clone(),
        minter: Minter::new(&a.base).map_err(|e| Usage(e.to_string()))?,
    })
}

/// Reads a file (or stdin for `-`) with a message naming it.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read stdin")?;
        return Ok(buf);
    }
    if path.is_dir() {
        bail!("cannot read article {}: it is a directory", path.display());
    }
    std::fs::read(path).with_context(|| format!("cannot read article {}", path.display()))
}

/// Sidecar metadata `NAME.meta.json` ({"published", "lang", "url", "title"}), used where the
/// command line says nothing.
fn with_sidecar(path: &Path, opts: &ArticleOptions) -> Result<ArticleOptions> {
    let mut o = opts.clone();
    let Some(stem) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".txt"))
    else {
        return Ok(o);
    };
    let meta_path = path.with_file_name(format!("{stem}.meta.json"));
    let Ok(text) = std::fs::read_to_string(&meta_path) else {
        return Ok(o);
    };
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("invalid metadata {}", meta_path.display()))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    if o.published.is_none() {
        if let Some(p) = s("published") {
            o.published = Some(
                chrono::NaiveDate::parse_from_str(&p, "%Y-%m-%d").with_context(|| {
                    format!(
                        "invalid metadata {}: published {p:?} is not YYYY-MM-DD",
                        meta_path.display()
                    )
                })?,
            );
        }
    }
    if o.lang.is_none() {
        o.lang = s("lang").filter(|l| l == "fr" || l == "en");
    }
    if o.url.is_none() {
        o.url = s("url").filter(|u| newsgraph::iri::validate(u).is_ok());
    }
    if o.title.is_none() {
        o.title = s("title");
    }
    Ok(o)
}

fn is_extraction_file(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|p| p.ends_with(".extraction.json"))
}

/// Extraction of one input: a text article, or an extraction file taken as it is.
fn extraction_of(path: &Path, opts: &ArticleOptions) -> Result<Extraction> {
    let bytes = read_input(path)?;
    if is_extraction_file(path) {
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow!("cannot read extraction {}: not UTF-8", path.display()))?;
        return Extraction::from_json(&text)
            .with_context(|| format!("cannot read extraction {}", path.display()));
    }
    let opts = if path.as_os_str() == "-" {
        opts.clone()
    } else {
        with_sidecar(path, opts)?
    };
    newsgraph::extract_article(&bytes, &opts)
        .with_context(|| format!("cannot read article {}", path.display()))
}

fn build(
    store_path: &Path,
    args: &ArticleArgs,
    quiet: bool,
    files: &[PathBuf],
) -> Result<ExitCode> {
    let opts = options(args)?;
    if args.url.is_some() && files.len() > 1 {
        return Err(Usage("--url names one article: give one file with it".into()).into());
    }
    let store = GraphStore::open(store_path)?;
    let mut failures = 0;
    let stdout = std::io::stdout();
    for path in files {
        let result = extraction_of(path, &opts).and_then(|ex| {
            let mapped = newsgraph::map::map(&ex, &opts.minter);
            store.replace_graph(&mapped.graph, &mapped.quads)?;
            Ok((ex, mapped))
        });
        match result {
            Ok((ex, mapped)) => {
                if !quiet {
                    let mut out = stdout.lock();
                    writeln!(
                        out,
                        "{}: {} persons, {} meetings, {} claims, {} triples → graph <{}>",
                        path.display(),
                        ex.persons.len(),
                        ex.meetings.len(),
                        ex.claims.len(),
                        mapped.quads.len(),
                        mapped.graph.as_str()
                    )?;
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("newsgraph: {}", format!("{e:#}").replace('\n', " "));
            }
        }
    }
    if failures > 0 {
        if files.len() > 1 {
            eprintln!("newsgraph: {failures} of {} articles failed", files.len());
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn extract(args: &ArticleArgs, format: &str, file: &Path) -> Result<ExitCode> {
    let opts = options(args)?;
    let ex = extraction_of(file, &opts)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        "json" => writeln!(out, "{}", ex.to_json())?,
        "nquads" | "nq" => {
            let mapped = newsgraph::map::map(&ex, &opts.minter);
            let mut w =
                oxigraph::io::RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut out);
            for q in &mapped.quads {
                w.serialize_quad(q)?;
            }
            w.finish()?;
        }
        other => {
            return Err(Usage(format!(
                "unknown extract format {other:?} (use json or nquads)"
            ))
            .into())
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_query(
    store_path: &Path,
    name: Option<String>,
    sparql: Option<String>,
    params: &[String],
    format: Option<String>,
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
    let text: String = match (name, sparql) {
        (_, Some(s)) => s,
        (Some(n), None) => {
            if let Some(q) = query::bundled(&n) {
                q.text.to_owned()
            } else if n.ends_with(".rq") || n.ends_with(".sparql") || Path::new(&n).is_file() {
                std::fs::read_to_string(&n)
                    .with_context(|| format!("cannot read query file {n}"))?
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
    let store = GraphStore::open_read_only(store_path)?;
    let results = query::run(&store.store, &text, params).map_err(|e| match e {
        query::QueryError::UnknownParam { .. }
        | query::QueryError::MissingParam(_)
        | query::QueryError::BadParam(_) => anyhow::Error::new(Usage(e.to_string())),
        other => anyhow::Error::new(other),
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    query::write_results(results, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn list_queries() -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
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
            // write next to the target, then rename: a failed export leaves no half file
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let res = export::export(&store.store, format, graph.as_ref(), &minter, &mut w)
                .map_err(anyhow::Error::new)
                .and_then(|_| Ok(w.flush()?));
            if let Err(e) = res {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            export::export(&store.store, format, graph.as_ref(), &minter, &mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
