//! Minting IRIs: the one place where entity, article and span IRIs are built, from validated
//! parts. The same entity gets the same IRI in every run and every article (slugs of names,
//! ISO codes, GeoNames ids, hashes of a meeting's or claim's defining facts).

use iri_string::types::IriStr;
use sha2::{Digest, Sha256};

use crate::extract::names::{key_tokens, strip_accents};

/// The default base of entity IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IriError {
    #[error("{value:?} is not a valid absolute IRI: {reason}")]
    Invalid { value: String, reason: String },
    #[error("base IRI {0:?} must end with '/' or '#'")]
    BaseEnd(String),
}

/// Checks that `value` is an absolute IRI (RFC 3987).
pub fn validate(value: &str) -> Result<(), IriError> {
    IriStr::new(value)
        .map(|_| ())
        .map_err(|e| IriError::Invalid {
            value: value.to_owned(),
            reason: e.to_string(),
        })
}

/// Mints IRIs under a base.
#[derive(Debug, Clone)]
pub struct Minter {
    base: String,
}

impl Default for Minter {
    fn default() -> Self {
        Minter {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// Lower-case ASCII-or-letter slug: "Bachar al-Assad" → "bachar-al-assad". Only letters,
/// digits and '-' survive, so the result is always a valid IRI path segment.
pub fn slug(text: &str) -> String {
    let s: String = strip_accents(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let s: String = s.chars().take(80).collect();
    s.trim_end_matches('-').to_owned()
}

/// A spelling-proof key of a given name: transliteration pairs folded (th/s, ou/u, gu/g,
/// y/i, ph/f, kh/h), then the first letter and the consonants, doubles collapsed:
/// "Mohammad", "Mohammed", "Muhammad" → "mhmd"; "Othman", "Osman" → "osmn".
pub fn skeleton(word: &str) -> String {
    let w = strip_accents(word);
    let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut w = w;
    for (from, to) in [
        ("th", "s"),
        ("ph", "f"),
        ("kh", "h"),
        ("dh", "d"),
        ("gu", "g"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("y", "i"),
        ("ck", "k"),
        ("q", "k"),
    ] {
        w = w.replace(from, to);
    }
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    slug(&out)
}

/// Hex SHA-256 of `parts` joined by a separator that cannot occur in them.
pub fn hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    hex(&h.finalize())
}

/// Lower-case hex of `bytes` (one table look-up per nibble, not a `format!` per byte).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

impl Minter {
    pub fn new(base: &str) -> Result<Self, IriError> {
        validate(base)?;
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(IriError::BaseEnd(base.to_owned()));
        }
        Ok(Minter {
            base: base.to_owned(),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn mint(&self, kind: &str, local: &str) -> String {
        let mut iri = String::with_capacity(self.base.len() + kind.len() + 1 + local.len());
        iri.push_str(&self.base);
        iri.push_str(kind);
        iri.push('/');
        iri.push_str(local);
        debug_assert!(validate(&iri).is_ok(), "minted an invalid IRI {iri}");
        iri
    }

    /// A person: the surname and a transliteration-proof skeleton of the first name, so that
    /// "Ali Abdullah Ayoub" and "Ali Ayoub", "Sergueï Lavrov" and "Sergei Lavrov", "Othman
    /// Al-Ghanemi" and "Osman Ghanemi" are one IRI in every article (`person/lavrov-srg`).
    pub fn person(&self, name: &str) -> String {
        let keys = key_tokens(name);
        let local = match keys.len() {
            0 => String::new(),
            1 => slug(&keys[0]),
            n => format!("{}-{}", slug(&keys[n - 1]), skeleton(&keys[0])),
        };
        let local = if local.is_empty() || local.ends_with('-') {
            format!("h{}", &hash(&[name])[..16])
        } else {
            local
        };
        self.mint("person", &local)
    }

    pub fn country(&self, iso2: &str) -> String {
        self.mint("country", &slug(iso2).to_uppercase())
    }

    pub fn place(&self, name: &str, country: Option<&str>, geonames: Option<&str>) -> String {
        match geonames {
            Some(id) if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) => {
                self.mint("place", &format!("geonames-{id}"))
            }
            _ => {
                let s = slug(name);
                let s = if s.is_empty() {
                    format!("h{}", &hash(&[name])[..16])
                } else {
                    s
                };
                match country {
                    Some(c) => self.mint("place", &format!("{}-{}", slug(c), s)),
                    None => self.mint("place", &s),
                }
            }
        }
    }

    pub fn organization(&self, name: &str, country: Option<&str>) -> String {
        let s = slug(name);
        let s = if s.is_empty() {
            format!("h{}", &hash(&[name])[..16])
        } else {
            s
        };
        match country {
            Some(c) => self.mint("org", &format!("{}-{}", slug(c), s)),
            None => self.mint("org", &s),
        }
    }

    /// The surname key of a person's name (`lavrov` for "Sergueï Lavrov" and for "M. Lavrov"),
    /// or `None` when the name has no usable token. Meetings and claims are keyed by their
    /// persons' surname keys, so their IRIs do not change when a surname-only mention is
    /// identified with a full name across articles ([`crate::resolve`]).
    pub fn person_key(name: &str) -> Option<String> {
        let keys = key_tokens(name);
        let last = slug(keys.last()?);
        (!last.is_empty()).then_some(last)
    }

    /// Whether the name is a surname alone ("Bagheri", "M. Lavrov" gives "Lavrov").
    pub fn is_surname_only(name: &str) -> bool {
        key_tokens(name).len() == 1
    }

    /// A meeting is defined by its date, place and participants (their surname keys, see
    /// [`Minter::person_key`]): two articles reporting the same meeting give the same IRI,
    /// whatever words they use for it.
    pub fn meeting(
        &self,
        date: Option<&str>,
        place: Option<&str>,
        participants: &[String],
    ) -> String {
        let mut parts: Vec<&str> = participants.iter().map(String::as_str).collect();
        parts.sort_unstable();
        parts.dedup();
        let mut all = vec![date.unwrap_or(""), place.unwrap_or("")];
        all.extend(parts);
        self.mint("meeting", &hash(&all)[..24])
    }

    /// A claim is defined by its speaker (surname key) and its words.
    pub fn claim(&self, speaker_key: &str, text: &str) -> String {
        // hash(&[speaker_key, words joined by one space]), without building the joined text
        let mut h = Sha256::new();
        h.update(speaker_key.as_bytes());
        h.update([0x1f]);
        for (i, w) in strip_accents(text).split_whitespace().enumerate() {
            if i > 0 {
                h.update(b" ");
            }
            h.update(w.as_bytes());
        }
        h.update([0x1f]);
        self.mint("claim", &hex(&h.finalize())[..24])
    }

    /// The article: its URL when given, else derived from the text's hash.
    pub fn article(&self, url: Option<&str>, sha256: &str) -> String {
        match url {
            Some(u) => u.split('#').next().unwrap_or(u).to_owned(),
            None => self.mint("article", &sha256[..32.min(sha256.len())]),
        }
    }
}

/// An RFC 5147 character span of an article: `<article#char=start,end>`.
pub fn span(article: &str, start: usize, end: usize) -> String {
    use std::fmt::Write;
    let article = article.split('#').next().unwrap_or(article);
    let mut out = String::with_capacity(article.len() + 28);
    out.push_str(article);
    out.push_str("#char=");
    let _ = write!(out, "{start},{end}");
    out
}

/// Whether `iri` is a character span of `article` (as [`span`] writes them).
pub fn is_span_of(article: &str, iri: &str) -> bool {
    let article = article.split('#').next().unwrap_or(article);
    iri.strip_prefix(article)
        .is_some_and(|rest| rest.starts_with("#char="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_iris_are_valid_whatever_the_name() {
        let m = Minter::default();
        for name in [
            "Bachar al-Assad",
            "a<b>c\"{}|\\^`",
            "  ",
            "محمد",
            "Ünïcödé 😀 name",
            "x\u{0}y",
        ] {
            validate(&m.person(name)).unwrap();
            validate(&m.place(name, Some("SY"), None)).unwrap();
            validate(&m.organization(name, None)).unwrap();
        }
    }

    #[test]
    fn same_person_same_iri() {
        let m = Minter::default();
        assert_eq!(m.person("Ali Abdullah Ayoub"), m.person("Ali Ayoub"));
        assert_eq!(
            m.person("Kais Saïed"),
            "https://w3id.org/newsgraph/id/person/saied-ks"
        );
        assert_eq!(m.person("Sergueï Lavrov"), m.person("Sergei Lavrov"));
        assert_eq!(m.person("Othman Al-Ghanemi"), m.person("Osman Ghanemi"));
        assert_eq!(
            m.person("Mohammad Hossein Bagheri"),
            m.person("Mohammed Bagheri")
        );
        assert_ne!(m.person("Raul Castro"), m.person("Fidel Castro"));
    }

    #[test]
    fn base_and_url_are_checked() {
        assert!(Minter::new("http://example.org/kg/").is_ok());
        assert!(matches!(
            Minter::new("not an iri"),
            Err(IriError::Invalid { .. })
        ));
        assert!(matches!(
            Minter::new("http://example.org/kg"),
            Err(IriError::BaseEnd(_))
        ));
        assert!(validate("http://exa mple.org/").is_err());
    }

    #[test]
    fn spans() {
        assert_eq!(span("http://ex.org/a#x", 3, 9), "http://ex.org/a#char=3,9");
        assert!(is_span_of("http://ex.org/a#x", "http://ex.org/a#char=3,9"));
        assert!(!is_span_of("http://ex.org/a", "http://ex.org/ab#char=3,9"));
        assert!(!is_span_of("http://ex.org/a", "http://ex.org/a"));
    }

    #[test]
    fn hex_and_claim_hash() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        let norm = strip_accents(" Le  président\na dit ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            Minter::default().claim("lavrov", " Le  président\na dit "),
            Minter::default().mint("claim", &hash(&["lavrov", &norm])[..24])
        );
    }
}
