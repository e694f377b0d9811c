//! newsgraph: news articles → an RDF knowledge graph of actors, countries, places, meetings
//! and claims, stored in an embedded Oxigraph store.
//!
//! The pipeline, one module per stage; the extraction stages are the `newsgraph-core` crate
//! (no store, no Oxigraph), re-exported here:
//! [`article`] (decode, clean, sentences with offsets) → [`extract`] (rules and lexicons of
//! [`lexicon`] → the serde [`model`]) → [`map`] (model → quads, IRIs from [`iri`], terms from
//! [`vocab`]) → [`store`] (Oxigraph), or [`remote`] (a SPARQL endpoint over HTTP) → [`query`] /
//! [`export`]. An article over [`article::WINDOW_BYTES`] goes through the same stages window by
//! window ([`window`]).
//!
//! ```
//! use newsgraph::{extract_article, ArticleOptions};
//! let ex = extract_article(
//!     "Le président Jean Dupont a reçu lundi à Paris le ministre belge des Affaires étrangères, Marc Leroy.".as_bytes(),
//!     &ArticleOptions { published: chrono::NaiveDate::from_ymd_opt(2024, 3, 6), ..Default::default() },
//! ).unwrap();
//! assert_eq!(ex.persons.len(), 2);
//! assert_eq!(ex.meetings[0].date.as_deref(), Some("2024-03-04"));
//! ```

pub mod export;
pub mod ingest;
pub mod map;
pub mod query;
pub mod remote;
pub mod resolve;
pub mod store;
pub mod userlex;
pub mod vocab;
pub mod window;

pub use newsgraph_core::{
    article, extract, extract_article, iri, lexicon, model, synth, ArticleError, ArticleOptions,
};

use newsgraph_core::article::Document;
use newsgraph_core::article_text;
use newsgraph_core::model::Extraction;

/// An article read: its model and its graph.
pub struct Article {
    pub extraction: Extraction,
    pub graph: window::Graph,
}

/// [`extract_article`], and the article's graph: mapped at once, or for a long article
/// window by window as it is written.
pub fn read_article(bytes: &[u8], opts: &ArticleOptions) -> Result<Article, ArticleError> {
    let text = article_text(bytes, opts)?;
    if window::is_long(&text) {
        let w = window::extract(&text, opts);
        let name = oxigraph::model::NamedNode::new_unchecked(w.extraction.article.iri.clone());
        return Ok(Article {
            extraction: w.extraction,
            graph: window::Graph::windowed(name, w.windows, opts.minter.clone()),
        });
    }
    let input = opts.input(&text);
    let doc = Document::new(text, lexicon::Lexicon::get());
    let extraction = extract::extract(&doc, &input);
    let graph = window::Graph::whole(map::map(&extraction, &opts.minter));
    Ok(Article { extraction, graph })
}
