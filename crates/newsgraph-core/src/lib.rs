//! newsgraph-core: the extraction stages of newsgraph, with no RDF store and no Oxigraph, so
//! that a rule change builds and tests in a minute.
//!
//! [`article`] (decode, clean, sentences with offsets) → [`extract`] (rules and lexicons of
//! [`lexicon`] → the serde [`model`], IRIs minted by [`iri`]). An article over
//! [`article::WINDOW_BYTES`] goes through the same stages window by window ([`window`]). The
//! `newsgraph` crate maps the model to RDF and writes it into a store.
//!
//! ```
//! use newsgraph_core::{extract_article, ArticleOptions};
//! let ex = extract_article(
//!     "Le président Jean Dupont a reçu lundi à Paris le ministre belge des Affaires étrangères, Marc Leroy.".as_bytes(),
//!     &ArticleOptions { published: chrono::NaiveDate::from_ymd_opt(2024, 3, 6), ..Default::default() },
//! ).unwrap();
//! assert_eq!(ex.persons.len(), 2);
//! assert_eq!(ex.meetings[0].date.as_deref(), Some("2024-03-04"));
//! ```

pub mod article;
pub mod extract;
pub mod iri;
pub mod lexicon;
pub mod model;
pub mod synth;
pub mod userlex;
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
    let text = article_text(bytes, opts)?;
    if window::is_long(&text) {
        return Ok(window::extract(&text, opts).extraction);
    }
    let input = opts.input(&text);
    let doc = Document::new(text, lexicon::Lexicon::get());
    Ok(extract::extract(&doc, &input))
}

/// The text of an article's bytes, its URL checked.
pub fn article_text(bytes: &[u8], opts: &ArticleOptions) -> Result<String, ArticleError> {
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
