//! newsgraph: news articles → an RDF knowledge graph of actors, countries, places, meetings
//! and claims, stored in an embedded Oxigraph store.
//!
//! The pipeline, one module per stage:
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

pub mod article;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod iri;
pub mod lexicon;
pub mod map;
pub mod model;
pub mod query;
pub mod remote;
pub mod resolve;
pub mod store;
pub mod synth;
pub mod userlex;
pub mod vocab;
pub mod window;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use article::{DecodeError, Document};
use extract::ArticleInput;
use iri::Minter;
use model::Extraction;

/// What the user tells about an article besides its text.
#[derive(Debug, Clone, Default)]
pub struct ArticleOptions {
    pub published: Option<NaiveDate>,
    /// `fr` or `en`; detected when absent.
    pub lang: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub minter: Minter,
    /// Known persons, organisations and places (`--lexicon`).
    pub user: std::sync::Arc<userlex::UserLexicon>,
}

/// Why an article could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Iri(#[from] iri::IriError),
}

/// Runs the article stages on raw bytes: decode, clean, extract. An article longer than
/// [`article::WINDOW_BYTES`] is extracted window by window ([`window`]).
pub fn extract_article(bytes: &[u8], opts: &ArticleOptions) -> Result<Extraction, ArticleError> {
    let text = decoded(bytes, opts)?;
    if window::is_long(&text) {
        return Ok(window::extract(&text, opts).extraction);
    }
    let input = opts.input(&text);
    let doc = Document::new(text, lexicon::Lexicon::get());
    Ok(extract::extract(&doc, &input))
}

/// An article read: its model and its graph.
pub struct Article {
    pub extraction: Extraction,
    pub graph: window::Graph,
}

/// [`extract_article`], and the article's graph: mapped at once, or for a long article
/// window by window as it is written.
pub fn read_article(bytes: &[u8], opts: &ArticleOptions) -> Result<Article, ArticleError> {
    let text = decoded(bytes, opts)?;
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

/// The text of an article's bytes, its URL checked.
fn decoded(bytes: &[u8], opts: &ArticleOptions) -> Result<String, ArticleError> {
    let text = article::decode(bytes)?;
    if let Some(u) = &opts.url {
        iri::validate_article(u)?;
    }
    Ok(text)
}

impl ArticleOptions {
    /// What extraction knows of an article besides its sentences: these options and the
    /// SHA-256 of its decoded `text` (which names the article when no URL is given).
    pub fn input(&self, text: &str) -> ArticleInput {
        let sha256 = iri::hex(&Sha256::digest(text.as_bytes()));
        ArticleInput {
            iri: self.minter.article(self.url.as_deref(), &sha256),
            url: self.url.clone(),
            title: self.title.clone().map(article::without_controls),
            lang: self.lang.clone(),
            published: self.published,
            sha256,
            user: self.user.clone(),
        }
    }
}
