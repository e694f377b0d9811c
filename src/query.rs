//! Query stage: the bundled SPARQL queries (`queries/*.rq`), parameters bound as RDF terms,
//! and results written in the W3C formats (JSON, XML, CSV, TSV) or as a text table.
//!
//! Parameters are never pasted into query text: a `--param NAME=VALUE` becomes an RDF term
//! (an IRI when written `<…>` or as an `http(s)://`/`urn:` IRI, else a plain literal) that
//! Oxigraph substitutes for the query's variable before evaluation.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::store::{hidden_graphs, Visible};
use crate::vocab::PREFIXES;

/// A bundled query with its header metadata.
#[derive(Debug, Clone)]
pub struct NamedQuery {
    pub name: &'static str,
    pub text: &'static str,
}

pub const BUNDLED: &[NamedQuery] = &[
    NamedQuery {
        name: "actors",
        text: include_str!("../queries/actors.rq"),
    },
    NamedQuery {
        name: "who-met-whom",
        text: include_str!("../queries/who-met-whom.rq"),
    },
    NamedQuery {
        name: "meetings",
        text: include_str!("../queries/meetings.rq"),
    },
    NamedQuery {
        name: "claims",
        text: include_str!("../queries/claims.rq"),
    },
    NamedQuery {
        name: "timeline",
        text: include_str!("../queries/timeline.rq"),
    },
    NamedQuery {
        name: "evidence",
        text: include_str!("../queries/evidence.rq"),
    },
];

/// A parameter declared in a query header: `# param: NAME ?var (optional|required) — text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: String,
    pub variable: String,
    pub required: bool,
    pub description: String,
}

/// Header metadata of a query file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub description: String,
    pub params: Vec<ParamSpec>,
    pub columns: Vec<String>,
}

/// Reads the `# description:`, `# param:` and `# columns:` lines at the top of a query.
pub fn header(text: &str) -> Header {
    let mut h = Header::default();
    for line in text
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
    {
        let line = line.trim_start_matches('#').trim();
        if let Some(d) = line.strip_prefix("description:") {
            if !h.description.is_empty() {
                h.description.push(' ');
            }
            h.description.push_str(d.trim());
        } else if let Some(p) = line.strip_prefix("param:") {
            let mut parts = p.trim().splitn(4, ' ');
            let name = parts.next().unwrap_or("").to_owned();
            let variable = parts
                .next()
                .unwrap_or("")
                .trim_start_matches('?')
                .to_owned();
            let required = parts.next().unwrap_or("") == "required";
            let description = parts
                .next()
                .unwrap_or("")
                .trim_start_matches(['—', '-', ' '])
                .to_owned();
            h.params.push(ParamSpec {
                name,
                variable,
                required,
                description,
            });
        } else if let Some(c) = line.strip_prefix("columns:") {
            h.columns = c
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
    }
    h
}

pub fn bundled(name: &str) -> Option<&'static NamedQuery> {
    BUNDLED.iter().find(|q| q.name == name)
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("invalid SPARQL: {0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    #[error("unknown parameter {name:?} (this query takes: {known})")]
    UnknownParam { name: String, known: String },
    #[error("missing required parameter {0:?} (give it with --param {0}=VALUE)")]
    MissingParam(String),
    #[error("bad parameter {0:?}: expected NAME=VALUE")]
    BadParam(String),
    // also the source: a closed standard output is told from other errors by it (the line
    // printed tells each cause once)
    #[error("cannot write results: {0}")]
    Io(#[source] std::io::Error),
    #[error("cannot read the store: {0}")]
    Store(String),
    #[error("the query is nested {0} levels deep; newsgraph reads queries nested at most {MAX_NESTING} levels (brackets, parentheses and braces)")]
    TooDeep(usize),
    #[error("the query is too large: {0} bytes (newsgraph reads queries of at most {MAX_QUERY_BYTES} bytes)")]
    TooLarge(usize),
    #[error("the query is an update; newsgraph queries only read (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE and ADD are not allowed): build articles to change the store")]
    Update,
    #[error("the query ran longer than its time limit of {0} s and was stopped (--timeout SECONDS to change it, 0 for none)")]
    Timeout(u64),
    #[error("the query gave more than {0} rows and was stopped (--max-rows N to change it, 0 for no limit)")]
    TooManyRows(u64),
}

/// The deepest nesting of brackets a query may have: the parser recurses at each level, and
/// about 4,000 levels overflowed the stack (an abort, not an error).
pub const MAX_NESTING: usize = 128;

/// The largest query read, in bytes.
pub const MAX_QUERY_BYTES: usize = 1 << 20;

/// Refuses a query too large or nested too deeply to parse safely, before it is parsed: the
/// deepest nesting of `(`, `[` and `{` outside string literals, IRIs and comments.
pub fn check_size_and_nesting(text: &str) -> Result<(), QueryError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLarge(text.len()));
    }
    let b = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' => {
                // a comment, to the end of the line
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let long = b[i..].starts_with(&[q, q, q]);
                i += if long { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if long {
                        if b[i..].starts_with(&[q, q, q]) {
                            i += 2;
                            break;
                        }
                    } else if b[i] == q || b[i] == b'\n' || b[i] == b'\r' {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                // an IRI when a '>' closes it before any character an IRI cannot hold; else
                // the operator
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c <= b' ' || b"<\"{}|^`\\>".contains(&c))
                    .map(|p| i + 1 + p);
                if let Some(e) = end.filter(|&e| b[e] == b'>') {
                    i = e;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if deepest > MAX_NESTING {
        return Err(QueryError::TooDeep(deepest));
    }
    Ok(())
}

impl From<std::io::Error> for QueryError {
    fn from(e: std::io::Error) -> Self {
        QueryError::Io(e)
    }
}

/// Output formats of `newsgraph query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

impl ResultsFormat {
    /// From a name, an extension or a media type.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "table" | "text" | "txt" => ResultsFormat::Table,
            "csv" | "text/csv" => ResultsFormat::Csv,
            "tsv" | "text/tab-separated-values" => ResultsFormat::Tsv,
            "json" | "srj" | "application/sparql-results+json" | "application/json" => {
                ResultsFormat::Json
            }
            "xml" | "srx" | "application/sparql-results+xml" => ResultsFormat::Xml,
            _ => return None,
        })
    }
}

/// Turns a parameter value into an RDF term.
pub fn param_term(value: &str) -> Term {
    let v = value.trim();
    let inner = v.strip_prefix('<').and_then(|x| x.strip_suffix('>'));
    let candidate = inner.unwrap_or(v);
    let looks_iri = inner.is_some()
        || candidate.starts_with("http://")
        || candidate.starts_with("https://")
        || candidate.starts_with("urn:");
    if looks_iri && crate::iri::validate(candidate).is_ok() {
        if let Ok(n) = NamedNode::new(candidate) {
            return n.into();
        }
    }
    Literal::new_simple_literal(value).into()
}

/// Prepares and runs a query with parameters (`NAME=VALUE`) on a store, the default graph
/// being the union of all named graphs (but the graphs [`hidden_graphs`] leaves out).
pub fn run(
    store: &Store,
    text: &str,
    params: &[String],
) -> Result<QueryResults<'static>, QueryError> {
    bind(text, params)?.on_store(store)
}

/// A query parsed with the project's prefixes, its parameters bound.
#[derive(Debug, Clone)]
pub struct BoundQuery {
    query: spargebra::Query,
    /// Parameters without a `VALUES` declaration in the query.
    substitutions: Vec<(Variable, Term)>,
}

/// Parses a query and binds its parameters (`NAME=VALUE`).
///
/// A parameter binds a variable of the query as an RDF term in the parsed algebra: the query
/// declares it with `VALUES ?var { UNDEF }` where it should be in scope, and the UNDEF row is
/// replaced by the term. A variable without such a declaration is substituted by Oxigraph
/// (which requires it to be in the SELECT clause). The query text is never edited.
pub fn bind(text: &str, params: &[String]) -> Result<BoundQuery, QueryError> {
    check_size_and_nesting(text)?;
    let h = header(text);
    let mut parser = spargebra::SparqlParser::new();
    for (p, ns) in PREFIXES {
        parser = parser
            .with_prefix(*p, *ns)
            .map_err(|e| QueryError::Syntax(e.to_string()))?;
    }
    let mut query = match parser.clone().parse_query(text) {
        Ok(q) => q,
        // an update is no syntax error: say what it is
        Err(_) if parser.parse_update(text).is_ok() => return Err(QueryError::Update),
        Err(e) => return Err(QueryError::Syntax(e.to_string())),
    };
    let mut given: Vec<String> = Vec::new();
    let mut substitutions: Vec<(Variable, Term)> = Vec::new();
    for p in params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| QueryError::BadParam(p.clone()))?;
        let variable = if h.params.is_empty() {
            name.trim_start_matches('?').to_owned()
        } else {
            let spec = h.params.iter().find(|s| s.name == name).ok_or_else(|| {
                QueryError::UnknownParam {
                    name: name.to_owned(),
                    known: h
                        .params
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })?;
            spec.variable.clone()
        };
        let var = Variable::new(&variable).map_err(|_| QueryError::BadParam(p.clone()))?;
        let term = param_term(value);
        if !bind_values(&mut query, &var, &term) {
            substitutions.push((var, term));
        }
        given.push(name.to_owned());
    }
    if let Some(missing) = h
        .params
        .iter()
        .find(|s| s.required && !given.contains(&s.name))
    {
        return Err(QueryError::MissingParam(missing.name.clone()));
    }
    Ok(BoundQuery {
        query,
        substitutions,
    })
}

impl BoundQuery {
    /// Runs the query on a store, the default graph being the union of all named graphs.
    ///
    /// An article graph that is not whole (a long article being replaced, or left so by a
    /// stopped build: [`hidden_graphs`]) is left out of the dataset, and so is the journal,
    /// whatever the query's `FROM` and `FROM NAMED`: the query then runs on a [`Visible`] view
    /// of the store, until the next build repairs it. When the journal is empty (the normal
    /// case) the query runs on the store as it is.
    pub fn on_store(self, store: &Store) -> Result<QueryResults<'static>, QueryError> {
        self.on_store_until(store, None)
    }

    /// As [`BoundQuery::on_store`]; the evaluation stops with an error once `cancel` is
    /// cancelled (a time limit).
    pub fn on_store_until(
        self,
        store: &Store,
        cancel: Option<CancellationToken>,
    ) -> Result<QueryResults<'static>, QueryError> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(token) = cancel {
            evaluator = evaluator.with_cancellation_token(token);
        }
        let mut prepared = evaluator.for_query(self.query);
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        for (v, t) in self.substitutions {
            prepared = prepared.substitute_variable(v, t);
        }
        let hidden = hidden_graphs(store).map_err(|e| QueryError::Store(e.to_string()))?;
        match hidden {
            None => prepared.on_store(store).execute(),
            Some(hidden) => prepared
                .on_queryable_dataset(Visible::new(store.clone(), hidden))
                .execute(),
        }
        .map_err(|e| QueryError::Evaluation(e.to_string()))
    }

    /// The query to send to an endpoint as text (its `Display` is SPARQL). The parameters
    /// Oxigraph would substitute become a one-row `VALUES` joined at the top of the `WHERE`
    /// pattern, below grouping and the solution modifiers: terms in the algebra, never text.
    pub fn into_sparql(self) -> spargebra::Query {
        let mut query = self.query;
        if self.substitutions.is_empty() {
            return query;
        }
        let mut variables = Vec::new();
        let mut row = Vec::new();
        for (v, t) in self.substitutions {
            let ground: spargebra::term::GroundTerm = match t {
                Term::NamedNode(n) => n.into(),
                Term::Literal(l) => l.into(),
                _ => continue,
            };
            variables.push(v);
            row.push(Some(ground));
        }
        let values = spargebra::algebra::GraphPattern::Values {
            variables,
            bindings: vec![row],
        };
        let (spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. }) = &mut query;
        join_at_top(pattern, values);
        query
    }
}

/// Joins `values` with the `WHERE` pattern of `p`: below slicing, distinct, projection,
/// ordering, grouping, select expressions and filters, so that they all see the binding.
fn join_at_top(p: &mut spargebra::algebra::GraphPattern, values: spargebra::algebra::GraphPattern) {
    use spargebra::algebra::GraphPattern as G;
    match p {
        G::Slice { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Project { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Group { inner, .. }
        | G::Extend { inner, .. }
        | G::Filter { inner, .. } => join_at_top(inner, values),
        other => {
            let right = std::mem::take(other);
            *other = G::Join {
                left: Box::new(values),
                right: Box::new(right),
            };
        }
    }
}

/// Replaces the `UNDEF` of every `VALUES ?var { UNDEF }` of the query by `term`. Returns
/// whether the query had such a declaration.
fn bind_values(query: &mut spargebra::Query, var: &Variable, term: &Term) -> bool {
    let ground: spargebra::term::GroundTerm = match term {
        Term::NamedNode(n) => n.clone().into(),
        Term::Literal(l) => l.clone().into(),
        _ => return false,
    };
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    bind_in(pattern, var, &ground)
}

fn bind_in(
    p: &mut spargebra::algebra::GraphPattern,
    var: &Variable,
    term: &spargebra::term::GroundTerm,
) -> bool {
    use spargebra::algebra::GraphPattern as G;
    match p {
        G::Values {
            variables,
            bindings,
        } => match variables.iter().position(|v| v == var) {
            Some(i) => {
                for row in bindings.iter_mut() {
                    if row[i].is_none() {
                        row[i] = Some(term.clone());
                    }
                }
                true
            }
            None => false,
        },
        G::Join { left, right }
        | G::Union { left, right }
        | G::Minus { left, right }
        | G::Lateral { left, right } => {
            let a = bind_in(left, var, term);
            let b = bind_in(right, var, term);
            a || b
        }
        G::LeftJoin { left, right, .. } => {
            let a = bind_in(left, var, term);
            let b = bind_in(right, var, term);
            a || b
        }
        G::Filter { inner, .. }
        | G::Graph { inner, .. }
        | G::Extend { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::Group { inner, .. }
        | G::Service { inner, .. } => bind_in(inner, var, term),
        _ => false,
    }
}

/// Writes query results. Boolean and graph results are written as the format allows
/// (graphs as N-Triples for the tabular formats, Turtle for the table).
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultsFormat,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    write_results_at_most(results, format, out, None)
}

/// As [`write_results`], stopping with [`QueryError::TooManyRows`] after `max_rows` rows (or
/// triples) when there are more.
pub fn write_results_at_most(
    results: QueryResults<'_>,
    format: ResultsFormat,
    out: &mut impl Write,
    max_rows: Option<u64>,
) -> Result<(), QueryError> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| QueryError::Evaluation(e.to_string());
    let mut rows = 0u64;
    let mut count = || {
        rows += 1;
        match max_rows {
            Some(max) if rows > max => Err(QueryError::TooManyRows(max)),
            _ => Ok(()),
        }
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Vec<Variable> = solutions.variables().to_vec();
            if format == ResultsFormat::Table {
                let mut table = comfy_table::Table::new();
                table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
                table.set_header(variables.iter().map(|v| v.as_str()));
                for sol in solutions {
                    let sol = sol.map_err(eval)?;
                    count()?;
                    table.add_row(
                        variables
                            .iter()
                            .map(|v| sol.get(v).map(display_term).unwrap_or_default()),
                    );
                }
                writeln!(out, "{table}")?;
                return Ok(());
            }
            let mut ser = QueryResultsSerializer::from_format(results_format(format))
                .serialize_solutions_to_writer(out, variables)?;
            for sol in solutions {
                let sol = sol.map_err(eval)?;
                count()?;
                ser.serialize(&sol)?;
            }
            ser.finish()?;
        }
        QueryResults::Boolean(b) => {
            if format == ResultsFormat::Table {
                writeln!(out, "{b}")?;
            } else {
                QueryResultsSerializer::from_format(results_format(format))
                    .serialize_boolean_to_writer(out, b)?;
            }
        }
        QueryResults::Graph(triples) => {
            let fmt = if format == ResultsFormat::Table {
                RdfFormat::Turtle
            } else {
                RdfFormat::NTriples
            };
            let mut ser = RdfSerializer::from_format(fmt);
            for (p, ns) in PREFIXES {
                ser = ser
                    .with_prefix(*p, *ns)
                    .map_err(|e| QueryError::Evaluation(e.to_string()))?;
            }
            let mut w = ser.for_writer(out);
            for t in triples {
                let t = t.map_err(eval)?;
                count()?;
                w.serialize_triple(&t)?;
            }
            w.finish()?;
        }
    }
    Ok(())
}

fn results_format(f: ResultsFormat) -> QueryResultsFormat {
    match f {
        ResultsFormat::Csv | ResultsFormat::Table => QueryResultsFormat::Csv,
        ResultsFormat::Tsv => QueryResultsFormat::Tsv,
        ResultsFormat::Json => QueryResultsFormat::Json,
        ResultsFormat::Xml => QueryResultsFormat::Xml,
    }
}

/// A term as a person reads it: IRIs shortened with the known prefixes, literals bare.
fn display_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            for (p, ns) in PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(ns) {
                    return format!("{p}:{local}");
                }
            }
            n.as_str().to_owned()
        }
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_query_parses_and_has_a_header() {
        for q in BUNDLED {
            let h = header(q.text);
            assert!(!h.description.is_empty(), "{} has no description", q.name);
            assert!(!h.columns.is_empty(), "{} has no columns", q.name);
            let mut parser = spargebra::SparqlParser::new();
            for (p, ns) in PREFIXES {
                parser = parser.with_prefix(*p, *ns).unwrap();
            }
            let parsed = parser
                .parse_query(q.text)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
            // every declared parameter has its VALUES placeholder
            for p in &h.params {
                let mut copy = parsed.clone();
                let var = Variable::new(&p.variable).unwrap();
                assert!(
                    bind_values(&mut copy, &var, &Literal::new_simple_literal("x").into()),
                    "{}: no VALUES ?{}",
                    q.name,
                    p.variable
                );
            }
        }
    }

    #[test]
    fn parameters_become_terms() {
        assert_eq!(
            param_term("<http://ex.org/a>"),
            Term::from(NamedNode::new("http://ex.org/a").unwrap())
        );
        assert_eq!(
            param_term("https://ex.org/a"),
            Term::from(NamedNode::new("https://ex.org/a").unwrap())
        );
        assert_eq!(
            param_term("x\" } UNION { ?s ?p ?o"),
            Term::from(Literal::new_simple_literal("x\" } UNION { ?s ?p ?o"))
        );
        assert_eq!(
            param_term("<not an iri>"),
            Term::from(Literal::new_simple_literal("<not an iri>"))
        );
    }

    /// Rows of a query's solutions, sorted.
    fn rows(results: QueryResults<'_>) -> Vec<Vec<Option<Term>>> {
        let QueryResults::Solutions(solutions) = results else {
            panic!("not solutions")
        };
        let variables = solutions.variables().to_vec();
        let mut rows: Vec<Vec<Option<Term>>> = solutions
            .map(|s| {
                let s = s.unwrap();
                variables.iter().map(|v| s.get(v).cloned()).collect()
            })
            .collect();
        rows.sort_by_key(|r| format!("{r:?}"));
        rows
    }

    /// What an endpoint runs (the bound query printed as SPARQL, over the union of the
    /// graphs) gives what the store runs, and a value stays one term.
    #[test]
    fn bound_queries_print_as_the_same_query() {
        let store = Store::new().unwrap();
        let ex = crate::extract_article(
            "Le président Jean Dupont a reçu lundi le ministre belge des Affaires étrangères, Marc Leroy."
                .as_bytes(),
            &crate::ArticleOptions::default(),
        )
        .unwrap();
        let mapped = crate::map::map(&ex, &crate::iri::Minter::default());
        store.extend(mapped.to_quads()).unwrap();
        let who = bundled("who-met-whom").unwrap().text;
        let countries =
            "SELECT ?p ?c WHERE { ?p schema:nationality/ng:countryCode ?c } ORDER BY ?p";
        for (text, param, expected) in [
            (who, "person=dupont", 1),
            (who, "person=x\" } } DROP ALL # <a> ' \\ \n", 0),
            (countries, "c=BE", 1),
            (countries, "c=BE\" } ?p ?q ?r {", 0),
        ] {
            let bound = bind(text, &[param.into()]).unwrap();
            let printed = bound.clone().into_sparql().to_string();
            let mut remote = SparqlEvaluator::new()
                .parse_query(&printed)
                .unwrap_or_else(|e| panic!("{e}: {printed}"));
            remote.dataset_mut().set_default_graph_as_union();
            let remote = rows(remote.on_store(&store).execute().unwrap());
            let local = rows(bound.on_store(&store).unwrap());
            assert_eq!(remote, local, "{param}: {printed}");
            assert_eq!(local.len(), expected, "{param}: {printed}");
        }
    }
}
