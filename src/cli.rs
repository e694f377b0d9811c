//! Command-line arguments (clap derive types only; `main.rs` dispatches).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "News articles → an RDF knowledge graph (actors, countries, places, meetings, claims) in an embedded Oxigraph store"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

fn parse_iri(s: &str) -> Result<String, String> {
    newsgraph::iri::validate(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

fn parse_article_iri(s: &str) -> Result<String, String> {
    newsgraph::iri::validate_article(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

fn parse_base(s: &str) -> Result<String, String> {
    newsgraph::iri::Minter::new(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

fn parse_endpoint(s: &str) -> Result<String, String> {
    newsgraph::remote::check_url(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.to_string())
}

fn parse_lang(s: &str) -> Result<String, String> {
    match s {
        "fr" | "en" => Ok(s.to_owned()),
        _ => Err(format!("{s:?} is not a supported language (fr or en)")),
    }
}

#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The store directory (RocksDB) [default: $NEWSGRAPH_STORE, else newsgraph-store]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

impl StoreArg {
    /// `--store`, else `$NEWSGRAPH_STORE`, else `newsgraph-store`. The variable is read here
    /// rather than by clap, for which a value from the environment conflicts with `--endpoint`
    /// as if it had been typed.
    pub fn path(&self) -> PathBuf {
        self.store
            .clone()
            .or_else(|| std::env::var_os("NEWSGRAPH_STORE").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("newsgraph-store"))
    }
}

#[derive(Debug, clap::Args)]
pub struct ArticleArgs {
    /// Publication date (YYYY-MM-DD), against which relative dates are resolved
    #[arg(long, value_parser = parse_date)]
    pub published: Option<NaiveDate>,
    /// Language of the article (detected when absent)
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<String>,
    /// The article's URL: its IRI and the name of its graph (else derived from its text)
    #[arg(long, value_parser = parse_article_iri)]
    pub url: Option<String>,
    /// The article's title
    #[arg(long)]
    pub title: Option<String>,
    /// Base IRI of the entities (persons, countries, places, meetings, claims)
    #[arg(long, value_parser = parse_base, default_value = newsgraph::iri::DEFAULT_BASE)]
    pub base: String,
    /// A Turtle lexicon of known persons, organisations and places (repeatable): see
    /// examples/lexicon.ttl
    #[arg(long, value_name = "FILE.ttl")]
    pub lexicon: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract articles and write their graphs into the store or an endpoint (one named graph per article;
    /// building an article again replaces its graph)
    Build {
        #[command(flatten)]
        store: StoreArg,
        /// Write to a SPARQL 1.1 Graph Store Protocol endpoint instead of a local store (Oxigraph
        /// server: http://HOST:PORT/store): one PUT URL?graph=ARTICLE per article, replacing the
        /// graph. A refused article is reported and the build goes on; an unreachable endpoint,
        /// 401, 403, 404 or 5xx stops it (exit 1)
        #[arg(long, value_name = "URL", value_parser = parse_endpoint, conflicts_with = "store")]
        endpoint: Option<String>,
        /// PUTs in flight at once to the endpoint (default 4; 1 sends the articles one by one).
        /// The articles of one graph are always sent in input order
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
        puts: Option<u16>,
        #[command(flatten)]
        article: ArticleArgs,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
        /// JSON Lines of articles (`-` for stdin): one object per line with "text" and optional
        /// "id", "url", "published", "lang", "title"
        #[arg(long, value_name = "FILE")]
        jsonl: Vec<PathBuf>,
        /// Articles: text files (`-` for stdin), directories (their *.txt, recursively), or
        /// `*.extraction.json` files from `newsgraph extract`
        #[arg(required_unless_present = "jsonl")]
        files: Vec<PathBuf>,
    },
    /// Print an article's extraction (JSON, or its graph as N-Quads) without touching a store
    Extract {
        #[command(flatten)]
        article: ArticleArgs,
        /// json (the extraction model; JSON Lines for several articles) or nquads (the mapped
        /// graphs, streamed: a stateless map step for batch engines)
        #[arg(long, default_value = "json")]
        format: String,
        /// JSON Lines of articles (`-` for stdin), as for build
        #[arg(long, value_name = "FILE")]
        jsonl: Vec<PathBuf>,
        /// Articles (`-` for stdin) or directories
        #[arg(required_unless_present = "jsonl")]
        files: Vec<PathBuf>,
    },
    /// Run a bundled query (see `newsgraph queries`), a .rq file or --sparql text
    Query {
        #[command(flatten)]
        store: StoreArg,
        /// Send the query to a SPARQL 1.1 Protocol endpoint instead of a local store (Oxigraph
        /// server: http://HOST:PORT/query). Its default graph must be the union of the article
        /// graphs (Oxigraph: serve --union-default-graph)
        #[arg(long, value_name = "URL", value_parser = parse_endpoint, conflicts_with = "store")]
        endpoint: Option<String>,
        /// A bundled query name or a .rq file
        #[arg(required_unless_present = "sparql", conflicts_with = "sparql")]
        query: Option<String>,
        /// SPARQL query text
        #[arg(long)]
        sparql: Option<String>,
        /// NAME=VALUE, bound as an RDF term (an IRI for <…> or http(s)://…, else a literal)
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// table, csv, tsv, json (SPARQL 1.1 Query Results JSON) or xml; table on a terminal, else csv
        #[arg(long)]
        format: Option<String>,
        /// Stop the query after this many seconds, with an error (0: no limit) [default: 60 on
        /// a terminal, else no limit]
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
        /// Stop after this many rows, with an error (0: no limit) [default: 100000 on a
        /// terminal, else no limit]
        #[arg(long, value_name = "N")]
        max_rows: Option<u64>,
    },
    /// List the bundled queries with their description, parameters and columns
    Queries,
    /// Write a deterministic synthetic corpus as JSON Lines (for benchmarks and scale tests)
    Synth {
        /// Number of articles
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Random seed: the same seed gives the same corpus
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Export the store (or one graph) as RDF
    Export {
        #[command(flatten)]
        store: StoreArg,
        /// turtle, trig, ntriples, nquads or rdfxml (guessed from -o's extension, else turtle)
        #[arg(long)]
        format: Option<String>,
        /// Export only this named graph (an article IRI)
        #[arg(long, value_parser = parse_iri)]
        graph: Option<String>,
        /// Output file (default: stdout)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Base IRI of the entities, for the export's prefixes
        #[arg(long, value_parser = parse_base, default_value = newsgraph::iri::DEFAULT_BASE)]
        base: String,
    },
}
