//! User lexicons (`newsgraph build --lexicon FILE.ttl`): known persons, organisations and
//! places with their names, aliases and IRIs (usually Wikidata's), in Turtle:
//!
//! ```turtle
//! @prefix schema: <http://schema.org/> .
//! @prefix wd: <http://www.wikidata.org/entity/> .
//! wd:Q71320 a schema:Person ; schema:name "Sergueï Lavrov" ;
//!     schema:alternateName "Sergei Lavrov" , "Sergey Lavrov" .
//! wd:Q7817 a schema:Organization ; schema:name "Organisation mondiale de la santé" ;
//!     schema:alternateName "OMS" , "WHO" .
//! wd:Q1218 a schema:Place ; schema:name "Jérusalem" ; schema:alternateName "Jerusalem" .
//! ```
//!
//! A person of an article whose name or alias matches a lexicon person (the same rules as alias
//! merging) gets `owl:sameAs` the lexicon IRI; a lexicon name found in a text is a person even
//! without a title before it. Organisations and places are found by their names and linked the
//! same way.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};

use crate::extract::names::{compatible, key_tokens};
use crate::lexicon::{fold, Matcher};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Person,
    Organization,
    Place,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub iri: String,
    pub kind: EntryKind,
    pub names: Vec<String>,
}

/// The entries of the user lexicons.
#[derive(Default)]
pub struct UserLexicon {
    pub entries: Vec<Entry>,
    matcher: Option<Matcher>,
    /// (entry, name index) per matcher pattern
    patterns: Vec<(usize, usize)>,
}

impl std::fmt::Debug for UserLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserLexicon({} entries)", self.entries.len())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UserLexiconError {
    #[error("cannot read lexicon {path}: {message}")]
    Read { path: String, message: String },
    #[error("lexicon {path}: {iri} has no schema:name")]
    NoName { path: String, iri: String },
}

const SCHEMA: &str = "http://schema.org/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

impl UserLexicon {
    /// Parses Turtle lexicons; `name` is used in messages.
    pub fn parse(sources: &[(String, Vec<u8>)]) -> Result<Self, UserLexiconError> {
        let mut entries: Vec<Entry> = Vec::new();
        for (path, bytes) in sources {
            let mut kinds: Vec<(String, EntryKind)> = Vec::new();
            let mut names: Vec<(String, String)> = Vec::new();
            for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(bytes) {
                let q = q.map_err(|e| UserLexiconError::Read {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                    continue;
                };
                let p = q.predicate.as_str();
                match (p, &q.object) {
                    (RDF_TYPE, Term::NamedNode(t)) => {
                        let kind = match t.as_str().strip_prefix(SCHEMA) {
                            Some("Person") => EntryKind::Person,
                            Some(
                                "Organization" | "GovernmentOrganization" | "NewsMediaOrganization",
                            ) => EntryKind::Organization,
                            Some("Place" | "City" | "Country") => EntryKind::Place,
                            _ => continue,
                        };
                        kinds.push((s.as_str().to_owned(), kind));
                    }
                    (p, Term::Literal(l))
                        if p == format!("{SCHEMA}name")
                            || p == format!("{SCHEMA}alternateName") =>
                    {
                        names.push((s.as_str().to_owned(), l.value().to_owned()));
                    }
                    _ => {}
                }
            }
            for (iri, kind) in kinds {
                let ns: Vec<String> = names
                    .iter()
                    .filter(|(s, _)| *s == iri)
                    .map(|(_, n)| n.clone())
                    .collect();
                if ns.is_empty() {
                    return Err(UserLexiconError::NoName {
                        path: path.clone(),
                        iri,
                    });
                }
                entries.push(Entry {
                    iri,
                    kind,
                    names: ns,
                });
            }
        }
        let mut patterns = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            for (n, _) in entry.names.iter().enumerate() {
                patterns.push((e, n));
            }
        }
        let matcher = (!patterns.is_empty()).then(|| {
            Matcher::new(
                patterns
                    .iter()
                    .enumerate()
                    .map(|(i, &(e, n))| (entries[e].names[n].as_str(), i)),
            )
        });
        Ok(UserLexicon {
            entries,
            matcher,
            patterns,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Lexicon names found in a text: (start, end, entry).
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(m) = &self.matcher else {
            return vec![];
        };
        m.find(text, &fold(text))
            .into_iter()
            .map(|h| (h.start, h.end, self.patterns[h.entries[0]].0))
            .collect()
    }

    /// The lexicon person a name denotes, when exactly one fits.
    pub fn person(&self, names: &[&str]) -> Option<&Entry> {
        let keys: Vec<Vec<String>> = names
            .iter()
            .map(|n| key_tokens(n))
            .filter(|k| k.len() >= 2)
            .collect();
        let fits: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Person)
            .filter(|e| {
                e.names.iter().any(|n| {
                    let k = key_tokens(n);
                    k.len() >= 2 && keys.iter().any(|x| compatible(x, &k))
                })
            })
            .collect();
        (fits.len() == 1).then(|| fits[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let ttl = r#"@prefix schema: <http://schema.org/> .
            <http://www.wikidata.org/entity/Q1> a schema:Person ; schema:name "Sergueï Lavrov" ; schema:alternateName "Sergey Lavrov" .
            <http://www.wikidata.org/entity/Q2> a schema:Organization ; schema:name "OMS" ."#.as_bytes();
        let lex = UserLexicon::parse(&[("t.ttl".into(), ttl.to_vec())]).unwrap();
        assert_eq!(lex.entries.len(), 2);
        assert_eq!(
            lex.person(&["Sergei Lavrov"]).unwrap().iri,
            "http://www.wikidata.org/entity/Q1"
        );
        assert!(lex.person(&["Jean Dupont"]).is_none());
        assert_eq!(lex.find("Selon l'OMS, tout va bien.").len(), 1);
        assert!(UserLexicon::parse(&[("bad.ttl".into(), b"not turtle".to_vec())]).is_err());
    }
}
