//! Minting IRIs: the one place where entity, article and span IRIs are built, from validated
//! parts. The same entity gets the same IRI in every run and every article (slugs of names,
//! ISO codes, GeoNames ids, hashes of a meeting's or claim's defining facts).

use iri_string::types::IriStr;
use sha2::{Digest, Sha256};

use crate::extract::names::{key_tokens, person_parts, strip_accents};

/// The namespace of the project's ontology (`ontology/newsgraph.ttl`), which no article IRI may
/// start with.
pub const ONTOLOGY_NS: &str = "https://w3id.org/newsgraph/ontology#";

/// The default base of entity IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IriError {
    #[error("{value:?} is not a valid absolute IRI: {reason}")]
    Invalid { value: String, reason: String },
    #[error("base IRI {0:?} must end with '/' or '#'")]
    BaseEnd(String),
    #[error("the IRI {start:?}… is too long: {len} bytes (newsgraph reads IRIs of at most {MAX_IRI_BYTES} bytes)")]
    TooLong { start: String, len: usize },
    #[error("{value:?} is not an article IRI: its scheme {scheme:?} is not one of {}", ARTICLE_SCHEMES.join(", "))]
    Scheme { value: String, scheme: String },
    #[error("{0:?} is a name newsgraph keeps for its own graphs, not an article IRI")]
    Reserved(String),
}

/// The longest IRI read from input (an article's URL, a `sameAs`), in bytes: every span IRI
/// of an article repeats its IRI, so a 900 KB URL made a 6 KB article's graph 2.4 GB.
pub const MAX_IRI_BYTES: usize = 8 << 10;

/// The schemes an article IRI may have: web pages, and names that are no address.
pub const ARTICLE_SCHEMES: &[&str] = &["http", "https", "urn", "tag", "file"];

/// Checks that `value` is an absolute IRI (RFC 3987) of at most [`MAX_IRI_BYTES`].
pub fn validate(value: &str) -> Result<(), IriError> {
    if value.len() > MAX_IRI_BYTES {
        return Err(IriError::TooLong {
            start: value.chars().take(60).collect(),
            len: value.len(),
        });
    }
    IriStr::new(value)
        .map(|_| ())
        .map_err(|e| IriError::Invalid {
            value: value.to_owned(),
            reason: e.to_string(),
        })
}

/// Checks an article's IRI (which also names its graph): [`validate`], one of
/// [`ARTICLE_SCHEMES`], and not a name the store keeps for itself (the ontology's namespace,
/// where its journal and identity graphs are).
pub fn validate_article(value: &str) -> Result<(), IriError> {
    validate(value)?;
    let scheme = value.split(':').next().unwrap_or("").to_ascii_lowercase();
    if !ARTICLE_SCHEMES.contains(&scheme.as_str()) {
        return Err(IriError::Scheme {
            value: value.to_owned(),
            scheme,
        });
    }
    if value.starts_with(ONTOLOGY_NS) {
        return Err(IriError::Reserved(value.to_owned()));
    }
    Ok(())
}

/// Mints IRIs under a base.
#[derive(Debug, Clone)]
pub struct Minter {
    base: String,
}

/// What [`Minter::person_ids`] gives of a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonIds {
    pub iri: String,
    /// [`Minter::person_key`]
    pub key: Option<String>,
    /// [`Minter::is_surname_only`]
    pub surname_only: bool,
}

impl Default for Minter {
    fn default() -> Self {
        Minter {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// Lower-case ASCII-or-letter slug: "Bachar al-Assad" → "bachar-al-assad". Only letters,
/// digits and '-' survive, so the result is always a valid IRI path segment: the runs of
/// letters and digits joined by one '-', cut after 80 characters, never ending with '-'.
pub fn slug(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    // one pass over the characters (splitting, joining and cutting in turn built a string and
    // a vector for each step, and slugs are made for every entity of every article)
    let stripped = strip_accents(text);
    let mut out = String::with_capacity(stripped.len());
    let mut chars = 0;
    let mut gap = false;
    for c in stripped.chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            if chars == MAX_CHARS {
                break;
            }
            out.push('-');
            chars += 1;
        }
        gap = false;
        if chars == MAX_CHARS {
            break;
        }
        out.push(c);
        chars += 1;
    }
    // the cut may fall right after a '-'
    let kept = out.trim_end_matches('-').len();
    out.truncate(kept);
    out
}

/// Hex SHA-256 of `parts` joined by a separator that cannot occur in them.
pub fn hash(parts: &[&str]) -> String {
    hex(&digest(parts))
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().into()
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

    /// A person: the parts of the name, folded, in the written order, each in its group's
    /// canonical spelling (`ontology/name-variants.tsv`): the given and family names of a
    /// given-name-first name ("Mohammed Abbas", "Muhammad Abbas" → `person/mohammad-abbas`;
    /// "Ali Abdullah Ayoub" and "Ali Ayoub" → `person/ali-ayoub`), the family name and the
    /// whole given name of a family-name-first one ("Kim Jong Un", "Kim Jong-un" →
    /// `person/kim-jongun`; "Wang Yi" → `person/wang-yi`), every part of a Vietnamese one. Two
    /// given names that are not one name never share an IRI ("Mahmoud Abbas" is
    /// `person/mahmoud-abbas`). See `names::person_parts`.
    pub fn person(&self, name: &str) -> String {
        self.person_ids(name).iri
    }

    /// A person's IRI ([`Minter::person`]), surname key ([`Minter::person_key`]) and whether
    /// the name is a surname alone ([`Minter::is_surname_only`]), from one reading of the
    /// name's key tokens: the mapping needs all three for every person.
    pub fn person_ids(&self, name: &str) -> PersonIds {
        let keys = key_tokens(name);
        let parts = person_parts(&keys);
        let local = slug(&parts.iri.join("-"));
        let local = if local.is_empty() {
            format!("h{}", &hash(&[name])[..16])
        } else {
            local
        };
        PersonIds {
            iri: self.mint("person", &local),
            key: parts.key.map(|k| slug(&k)).filter(|k| !k.is_empty()),
            surname_only: keys.len() == 1,
        }
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

    /// The surname key of a person's name (`lavrov` for "Sergueï Lavrov" and for "M. Lavrov";
    /// the family name of a family-name-first name, `xi` for "Xi Jinping"; canonical in the
    /// groups of `ontology/name-variants.tsv`, `hussein` for "Fuad Hussain"), or `None` when
    /// the name has no usable token. Meetings and claims are keyed by their
    /// persons' surname keys, so their IRIs do not change when a surname-only mention is
    /// identified with a full name across articles (the store's identity pass, `newsgraph::resolve`).
    pub fn person_key(name: &str) -> Option<String> {
        let parts = person_parts(&key_tokens(name));
        parts.key.map(|k| slug(&k)).filter(|k| !k.is_empty())
    }

    /// Whether the name is a surname alone ("Bagheri", "M. Lavrov" gives "Lavrov").
    pub fn is_surname_only(name: &str) -> bool {
        key_tokens(name).len() == 1
    }

    /// A meeting is defined by its date, place and participants (their surname keys, see
    /// [`Minter::person_key`]): two articles reporting the same meeting give the same IRI,
    /// whatever words they use for it.
    pub fn meeting<S: AsRef<str>>(
        &self,
        date: Option<&str>,
        place: Option<&str>,
        participants: &[S],
    ) -> String {
        let mut parts: Vec<&str> = participants.iter().map(|p| p.as_ref()).collect();
        parts.sort_unstable();
        parts.dedup();
        let mut all = vec![date.unwrap_or(""), place.unwrap_or("")];
        all.extend(parts);
        // 24 hex digits: the first 12 bytes of the digest
        self.mint("meeting", &hex(&digest(&all)[..12]))
    }

    /// A claim is defined by its speaker (surname key) and its words.
    pub fn claim(&self, speaker_key: &str, text: &str) -> String {
        // hash(&[speaker_key, words joined by one space]); the words are joined in one string
        // and hashed at once (an update per word cost more than copying them)
        let stripped = strip_accents(text);
        let mut words = String::with_capacity(stripped.len());
        for w in stripped.split_whitespace() {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(w);
        }
        let mut h = Sha256::new();
        h.update(speaker_key.as_bytes());
        h.update([0x1f]);
        h.update(words.as_bytes());
        h.update([0x1f]);
        self.mint("claim", &hex(&h.finalize()[..12]))
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
    Spans::of(article).span(start, end)
}

/// The character spans of one article ([`span`]), its IRI read once for all of them.
pub struct Spans {
    /// `article#char=`
    prefix: String,
}

impl Spans {
    pub fn of(article: &str) -> Self {
        let article = article.split('#').next().unwrap_or(article);
        let mut prefix = String::with_capacity(article.len() + 6);
        prefix.push_str(article);
        prefix.push_str("#char=");
        Spans { prefix }
    }

    pub fn span(&self, start: usize, end: usize) -> String {
        // itoa: the formatting machinery cost more than the rest of a span IRI
        let mut out = String::with_capacity(self.prefix.len() + 2 * 20 + 1);
        out.push_str(&self.prefix);
        out.push_str(itoa::Buffer::new().format(start));
        out.push(',');
        out.push_str(itoa::Buffer::new().format(end));
        out
    }
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
            "https://w3id.org/newsgraph/id/person/kais-saied"
        );
        assert_eq!(m.person("Sergueï Lavrov"), m.person("Sergei Lavrov"));
        assert_eq!(m.person("Othman Al-Ghanemi"), m.person("Osman Ghanemi"));
        assert_eq!(
            m.person("Mohammad Hossein Bagheri"),
            m.person("Mohammed Bagheri")
        );
        assert_ne!(m.person("Raul Castro"), m.person("Fidel Castro"));
        // given names that are two names, however alike (tests/identity.rs has many more)
        assert_ne!(m.person("Mahmoud Abbas"), m.person("Mohammad Abbas"));
        assert_ne!(m.person("Anton Weber"), m.person("Antonio Weber"));
        assert_eq!(
            m.person("Wang Yi"),
            "https://w3id.org/newsgraph/id/person/wang-yi"
        );
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

    /// The slug as it was first written, in steps: the one-pass [`slug`] must agree with it.
    fn slug_in_steps(text: &str) -> String {
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

    #[test]
    fn slug_is_the_joined_runs_cut_at_80() {
        let long = "ab ".repeat(40);
        for text in [
            "Bachar al-Assad",
            "",
            "--",
            " -a- b -",
            "Ünïcödé 😀 name",
            "محمد بن سلمان",
            "x\u{0}y",
            &"a".repeat(100),
            &long,
            &format!("{} b", "a".repeat(79)),
            &format!("{} b", "a".repeat(80)),
            &format!("{}-b", "a".repeat(78)),
        ] {
            assert_eq!(slug(text), slug_in_steps(text), "{text:?}");
        }
    }

    #[test]
    fn person_ids_agree_with_the_single_functions() {
        let m = Minter::default();
        for name in [
            "Sergueï Lavrov",
            "M. Lavrov",
            "Abdel-Fattah Al-Sissi",
            "",
            "  ",
            "de la",
            "محمد",
        ] {
            let ids = m.person_ids(name);
            assert_eq!(ids.iri, m.person(name));
            assert_eq!(ids.key, Minter::person_key(name));
            assert_eq!(ids.surname_only, Minter::is_surname_only(name));
        }
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
