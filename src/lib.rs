//! newsgraph: news articles → an RDF knowledge graph of actors, countries, places, meetings
//! and claims, stored in an embedded Oxigraph store.
//!
//! The pipeline, one module per stage:
//! [`article`] (decode, clean, sentences with offsets) → [`extract`] (rules and lexicons of
//! [`lexicon`] → the serde [`model`]) → [`map`] (model → quads, IRIs from [`iri`], terms from
//! [`vocab`]) → [`store`] (Oxigraph), or [`remote`] (a SPARQL endpoint over HTTP) → [`query`] /
//! [`export`].
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
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("{0}")]
    Iri(#[from] iri::IriError),
}

/// Runs the article stages on raw bytes: decode, clean, extract.
pub fn extract_article(bytes: &[u8], opts: &ArticleOptions) -> Result<Extraction, ArticleError> {
    let text = article::decode(bytes)?;
    if let Some(u) = &opts.url {
        iri::validate(u)?;
    }
    let sha256 = iri::hex(&Sha256::digest(text.as_bytes()));
    let doc = Document::new(text, lexicon::Lexicon::get());
    let input = ArticleInput {
        iri: opts.minter.article(opts.url.as_deref(), &sha256),
        url: opts.url.clone(),
        title: opts.title.clone(),
        lang: opts.lang.clone(),
        published: opts.published,
        sha256,
        user: opts.user.clone(),
    };
    Ok(extract::extract(&doc, &input))
}
