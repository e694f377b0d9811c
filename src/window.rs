//! The graph of an article: its quads mapped at once, or for a long article window by window
//! as they are written ([`Graph`]), each quad once. How a long article is extracted window by
//! window is the core crate's [`newsgraph_core::window`], re-exported here.

use std::cell::Cell;
use std::collections::{BTreeSet, HashSet};
use std::hash::{BuildHasher, RandomState};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};

pub use newsgraph_core::window::*;

use crate::iri::Minter;
use crate::map;
use crate::model::Extraction;

/// An article's graph, to be written: its quads mapped at once, or, for a long article,
/// window by window as they are read ([`Graph::quads`]).
pub struct Graph {
    pub name: NamedNode,
    content: Content,
    /// The number of quads, once known.
    len: Cell<Option<usize>>,
}

enum Content {
    Whole(map::Mapped),
    Windows {
        windows: Vec<Extraction>,
        minter: Minter,
    },
}

impl Graph {
    /// The graph of an article mapped at once.
    pub fn whole(m: map::Mapped) -> Self {
        Graph {
            name: m.graph.clone(),
            len: Cell::new(Some(m.len())),
            content: Content::Whole(m),
        }
    }

    /// The graph of a long article: its windows' models ([`Windowed::windows`]), mapped when
    /// the quads are read.
    pub fn windowed(name: NamedNode, windows: Vec<Extraction>, minter: Minter) -> Self {
        Graph {
            name,
            content: Content::Windows { windows, minter },
            len: Cell::new(None),
        }
    }

    /// The mapped graph, when it is all in memory (an article mapped at once).
    pub fn mapped(&self) -> Option<&map::Mapped> {
        match &self.content {
            Content::Whole(m) => Some(m),
            Content::Windows { .. } => None,
        }
    }

    /// The quads, each once: a long article's mapped one window at a time.
    pub fn quads(&self) -> Quads<'_> {
        Quads {
            graph: self,
            next: 0,
            current: Vec::new().into_iter(),
            seen: HashSet::new(),
            hashers: (RandomState::new(), RandomState::new()),
            count: 0,
        }
    }

    /// The number of quads: known for an article mapped at once, and for a long one once
    /// [`Graph::quads`] has been read to the end.
    pub fn len(&self) -> Option<usize> {
        self.len.get()
    }

    /// The surname keys of the graph's persons (their `ng:surnameKey` and `ng:bareSurnameKey`
    /// values, see [`map::surname_key`]), without mapping a long article's windows: what the
    /// identity pass ([`crate::resolve`]) must look at again once the graph is written.
    pub fn surname_keys(&self) -> BTreeSet<String> {
        use crate::vocab::ng;
        match &self.content {
            Content::Whole(m) => m
                .quads()
                .filter(|q| q.predicate == ng::SURNAME_KEY || q.predicate == ng::BARE_SURNAME_KEY)
                .filter_map(|q| match q.object {
                    oxigraph::model::TermRef::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                })
                .collect(),
            Content::Windows { windows, .. } => windows
                .iter()
                .flat_map(|w| &w.persons)
                .filter_map(|p| map::surname_key(&p.name).map(|(_, k)| k))
                .collect(),
        }
    }

    /// Whether the graph is known to hold no quad.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

/// The quads of a [`Graph`].
pub struct Quads<'a> {
    graph: &'a Graph,
    /// The next window to map, and the quads of the last one mapped.
    next: usize,
    current: std::vec::IntoIter<Quad>,
    /// 128-bit hashes of the quads given that do not name a span of the article: those are
    /// the ones two windows can both give (an entity's name, the article's date); a quad
    /// about a span belongs to the one window holding that span.
    seen: HashSet<u128>,
    hashers: (RandomState, RandomState),
    count: usize,
}

impl Quads<'_> {
    fn is_new(&mut self, q: &Quad) -> bool {
        let article = self.graph.name.as_str();
        let span = |iri: &str| crate::iri::is_span_of(article, iri);
        let local = matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if span(n.as_str()))
            || matches!(&q.object, Term::NamedNode(n) if span(n.as_str()));
        local || {
            let h = (u128::from(self.hashers.0.hash_one(q)) << 64)
                | u128::from(self.hashers.1.hash_one(q));
            self.seen.insert(h)
        }
    }
}

impl Iterator for Quads<'_> {
    type Item = Quad;

    fn next(&mut self) -> Option<Quad> {
        let graph = self.graph;
        let (windows, minter) = match &graph.content {
            Content::Whole(m) => {
                if self.next == 0 {
                    self.next = 1;
                    self.current = m.to_quads().into_iter();
                }
                return self.current.next();
            }
            Content::Windows { windows, minter } => (windows, minter),
        };
        loop {
            if let Some(q) = self.current.next() {
                if self.is_new(&q) {
                    self.count += 1;
                    return Some(q);
                }
                continue;
            }
            let Some(w) = windows.get(self.next) else {
                graph.len.set(Some(self.count));
                return None;
            };
            self.next += 1;
            self.current = map::map(w, minter).to_quads().into_iter();
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn news(bytes: usize, sep: &str, nl: &str) -> String {
        newsgraph_core::synth::news_text(bytes, 5, sep, nl)
    }

    fn opts() -> crate::ArticleOptions {
        crate::ArticleOptions::default()
    }

    #[test]
    fn a_long_articles_graph_is_the_union_of_its_windows_graphs_each_quad_once() {
        let text = news(200_000, "\n\n", "\n");
        let w = extract(&text, &opts());
        let minter = Minter::default();
        let union: HashSet<Quad> = w
            .windows
            .iter()
            .flat_map(|x| map::map(x, &minter).to_quads())
            .collect();
        let name = NamedNode::new_unchecked(w.extraction.article.iri.clone());
        let graph = Graph::windowed(name, w.windows, minter.clone());
        assert_eq!(graph.len(), None);
        let quads: Vec<Quad> = graph.quads().collect();
        assert_eq!(graph.len(), Some(quads.len()));
        let set: HashSet<Quad> = quads.iter().cloned().collect();
        assert_eq!(set.len(), quads.len(), "a quad given twice");
        assert_eq!(set, union);
        // the merged model maps to the same entities
        let merged: HashSet<Quad> = map::map(&w.extraction, &minter)
            .to_quads()
            .into_iter()
            .collect();
        let subjects = |s: &HashSet<Quad>| -> HashSet<NamedOrBlankNode> {
            s.iter().map(|q| q.subject.clone()).collect()
        };
        assert_eq!(subjects(&merged), subjects(&set));
        // the surname keys, read without mapping, are those the quads carry
        let keys: BTreeSet<String> = set
            .iter()
            .filter(|q| {
                q.predicate.as_ref() == crate::vocab::ng::SURNAME_KEY
                    || q.predicate.as_ref() == crate::vocab::ng::BARE_SURNAME_KEY
            })
            .filter_map(|q| match &q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        assert!(!keys.is_empty());
        assert_eq!(graph.surname_keys(), keys);
        let whole = Graph::whole(map::map(&w.extraction, &minter));
        assert!(!whole.surname_keys().is_empty());
    }
}
