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

pub use newsgraph_core::userlex::*;

#[derive(Debug, thiserror::Error)]
pub enum UserLexiconError {
    #[error("cannot read lexicon {path}: {message}")]
    Read { path: String, message: String },
    #[error("lexicon {path}: {iri} has no schema:name")]
    NoName { path: String, iri: String },
}

const SCHEMA: &str = "http://schema.org/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Parses Turtle lexicons (each with the path named in messages) into the lexicon the
/// extraction matches.
pub fn parse(sources: &[(String, Vec<u8>)]) -> Result<UserLexicon, UserLexiconError> {
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
                    if p == format!("{SCHEMA}name") || p == format!("{SCHEMA}alternateName") =>
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
    Ok(UserLexicon::from_entries(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let ttl = r#"@prefix schema: <http://schema.org/> .
            <http://www.wikidata.org/entity/Q1> a schema:Person ; schema:name "Sergueï Lavrov" ; schema:alternateName "Sergey Lavrov" .
            <http://www.wikidata.org/entity/Q2> a schema:Organization ; schema:name "OMS" ."#.as_bytes();
        let lex = parse(&[("t.ttl".into(), ttl.to_vec())]).unwrap();
        assert_eq!(lex.entries.len(), 2);
        assert_eq!(
            lex.person(&["Sergei Lavrov"]).unwrap().iri,
            "http://www.wikidata.org/entity/Q1"
        );
        assert!(lex.person(&["Jean Dupont"]).is_none());
        assert_eq!(lex.find("Selon l'OMS, tout va bien.").len(), 1);
        assert!(parse(&[("bad.ttl".into(), b"not turtle".to_vec())]).is_err());
    }
}
