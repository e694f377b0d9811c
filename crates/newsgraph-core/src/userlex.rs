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

impl UserLexicon {
    /// The lexicon of these entries (each with at least one name), matched as the
    /// extraction reads them.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
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
        UserLexicon {
            entries,
            matcher,
            patterns,
        }
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
    fn matches_names_and_persons() {
        let lex = UserLexicon::from_entries(vec![
            Entry {
                iri: "http://www.wikidata.org/entity/Q1".into(),
                kind: EntryKind::Person,
                names: vec!["Sergueï Lavrov".into(), "Sergey Lavrov".into()],
            },
            Entry {
                iri: "http://www.wikidata.org/entity/Q2".into(),
                kind: EntryKind::Organization,
                names: vec!["OMS".into()],
            },
        ]);
        assert_eq!(
            lex.person(&["Sergei Lavrov"]).unwrap().iri,
            "http://www.wikidata.org/entity/Q1"
        );
        assert!(lex.person(&["Jean Dupont"]).is_none());
        assert_eq!(lex.find("Selon l'OMS, tout va bien.").len(), 1);
    }
}
