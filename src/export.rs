//! Export stage: the store (or one named graph) as Turtle, TriG, N-Triples, N-Quads or
//! RDF/XML, with Oxigraph's serializers. Graph formats (Turtle, N-Triples, RDF/XML) get the
//! union of the named graphs; dataset formats (TriG, N-Quads) keep one graph per article.
//! Output is sorted so that two exports of the same store are byte-identical; a dataset format
//! is sorted and written one graph at a time. The store's journal graph, and an article graph
//! that it names as not whole ([`hidden_graphs`]), are never written.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Triple};
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
    // the cause is in the message, so it is not also a `source` (it would print twice)
    #[error("cannot write the export: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
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
        _ => RdfFormat::from_media_type(&l)
            .or_else(|| RdfFormat::from_extension(&l))
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

/// Writes the store, or the graph `graph`, in `format`.
pub fn export(
    store: &Store,
    format: RdfFormat,
    graph: Option<&NamedNode>,
    minter: &Minter,
    out: impl Write,
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
        // sorted by graph first: one graph at a time is sorted and written, so memory is that
        // of the largest graph, not of the store
        let mut graphs: Vec<(String, GraphName)> = match graph {
            Some(g) => vec![(g.to_string(), GraphName::NamedNode(g.clone()))],
            None => {
                let mut v: Vec<(String, GraphName)> = store
                    .named_graphs()
                    .map(|g| g.map(|g| (g.to_string(), GraphName::from(g))))
                    .filter(|g| g.as_ref().map_or(true, |(_, g)| shown(g)))
                    .collect::<Result<_, _>>()
                    .map_err(st)?;
                v.push((GraphName::DefaultGraph.to_string(), GraphName::DefaultGraph));
                v
            }
        };
        graphs.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, g) in &graphs {
            let mut quads: Vec<Quad> = Vec::new();
            for q in store.quads_for_pattern(None, None, None, Some(g.as_ref())) {
                quads.push(q.map_err(st)?);
            }
            quads.sort_by_cached_key(|q| {
                (
                    q.subject.to_string(),
                    q.predicate.to_string(),
                    q.object.to_string(),
                )
            });
            for q in &quads {
                w.serialize_quad(q)?;
            }
        }
    } else {
        // the union of the graphs: each triple once
        let iter: Box<dyn Iterator<Item = Result<Quad, _>>> = match graph {
            Some(g) => Box::new(store.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            )),
            None => Box::new(store.iter()),
        };
        let mut triples: Vec<Triple> = Vec::new();
        for q in iter {
            let q = q.map_err(st)?;
            if shown(&q.graph_name) {
                triples.push(Triple::from(q));
            }
        }
        triples.sort_by_cached_key(|t| {
            (
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            )
        });
        triples.dedup();
        for t in &triples {
            w.serialize_triple(t)?;
        }
    }
    w.finish()?;
    Ok(())
}
