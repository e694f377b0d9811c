//! The extraction data model: plain serde structs, no RDF and no I/O.
//!
//! This is what `newsgraph extract` prints and what `newsgraph build` accepts back as a
//! `*.extraction.json` file (the curation loop). The format is versioned by
//! [`Extraction::format`]; a reader refuses a version it does not know.
//!
//! References between items are by `id` (strings local to one extraction, e.g. `"p1"`).
//! Spans are character offsets (Unicode code points) into the original article text, as in
//! RFC 5147: `start` inclusive, `end` exclusive.

use serde::{Deserialize, Serialize};

/// The format identifier written in every extraction file.
pub const FORMAT: &str = "newsgraph-extraction/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// Always [`FORMAT`].
    pub format: String,
    pub article: ArticleInfo,
    pub sentences: Vec<SentenceSpan>,
    #[serde(default)]
    pub persons: Vec<Person>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub countries: Vec<CountryRef>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub claims: Vec<Claim>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleInfo {
    /// IRI of the article (from `--url`, else derived from the text's hash).
    pub iri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Language code (`fr` or `en`).
    pub lang: String,
    /// Publication date `YYYY-MM-DD`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The date relative expressions were resolved against, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_date: Option<String>,
    /// SHA-256 of the original text, hex.
    pub sha256: String,
    /// Length of the original text in characters.
    pub length: usize,
}

/// A sentence of the cleaned article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A span of the article where something is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// Index of the sentence in [`Extraction::sentences`].
    pub sentence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    /// Most complete form of the name found in the article.
    pub name: String,
    /// Other surface forms of the name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Honorifics and ranks ("général", "Mr").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Positions held, as written ("ministre de la Défense").
    #[serde(default)]
    pub roles: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the nationality, when found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Ids of organisations the person belongs to.
    #[serde(default)]
    pub organizations: Vec<String>,
    /// A Wikidata IRI from a user lexicon, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// schema.org-style type: `Organization`, `NewsAgency`, `GovernmentOrganization`,
    /// `MilitaryOrganization`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// An IRI from a user lexicon, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRef {
    /// ISO 3166-1 alpha-2 code; also the id.
    pub code: String,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: String,
    pub name: String,
    /// `city`, `capital`, `border-crossing`, `place`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// GeoNames id, when the place is in the gazetteer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames: Option<String>,
    /// An IRI from a user lexicon, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    pub mentions: Vec<Mention>,
}

/// Kinds of meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    Meeting,
    PressConference,
    Reception,
    Visit,
    Call,
}

impl MeetingKind {
    /// CAMEO event code of the kind (GDELT's event taxonomy), from `ontology/event-kinds.tsv`.
    pub fn cameo(self) -> &'static str {
        event_codes()[self as usize].0
    }

    /// The CAMEO code of a meeting of this kind in a country none of its participants is from.
    pub fn cameo_third_place(self) -> &'static str {
        event_codes()[self as usize].1
    }

    pub const ALL: [MeetingKind; 5] = [
        MeetingKind::Meeting,
        MeetingKind::PressConference,
        MeetingKind::Reception,
        MeetingKind::Visit,
        MeetingKind::Call,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Meeting => "meeting",
            MeetingKind::PressConference => "press-conference",
            MeetingKind::Reception => "reception",
            MeetingKind::Visit => "visit",
            MeetingKind::Call => "call",
        }
    }
}

const EVENT_KINDS: &str = include_str!("../../../ontology/event-kinds.tsv");

/// (code, code at a third place) of each [`MeetingKind`], in [`MeetingKind::ALL`]'s order.
fn event_codes() -> &'static [(&'static str, &'static str); 5] {
    static CODES: std::sync::OnceLock<[(&'static str, &'static str); 5]> =
        std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        let mut codes = [("", ""); 5];
        for f in crate::lexicon::rows(EVENT_KINDS) {
            let k = MeetingKind::ALL
                .iter()
                .position(|k| k.as_str() == f[0])
                .unwrap_or_else(|| panic!("event-kinds.tsv: unknown kind {:?}", f[0]));
            codes[k] = (f[1], f[2]);
        }
        assert!(
            codes.iter().all(|c| !c.0.is_empty()),
            "event-kinds.tsv lacks a kind"
        );
        codes
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub id: String,
    pub kind: MeetingKind,
    /// Person ids.
    pub participants: Vec<String>,
    /// Person id of the host of a reception.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Place id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The trigger spans (one per sentence reporting the meeting).
    pub mentions: Vec<Mention>,
    /// The participants its sentences name by a pronoun, and why each is that person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<Resolution>,
}

/// A participant named by no name where the meeting is told: what stood for the person and
/// the rule that chose the person (the evidence of the decision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Person id.
    pub person: String,
    /// `pronoun` ("il", "she"), `plural-pronoun` ("ils", "they") or, for a claim's
    /// speaker, `description` ("le ministre", "the Pentagon chief").
    pub by: String,
    /// Why this person: `speaker-of-the-clause` ("X said that he met …"),
    /// `subject-of-the-last-meeting`, `subject-of-the-previous-sentence`,
    /// `named-before-in-the-sentence`, `participants-of-the-last-meeting`,
    /// `persons-of-the-previous-sentence`, `last-speaker`, `last-person-named`, and for a
    /// description `holder-of-the-office`.
    pub rule: String,
    /// The pronoun.
    pub mention: Mention,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: String,
    /// Person id.
    pub speaker: String,
    pub text: String,
    /// True for a quotation, false for reported speech.
    pub direct: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Ids of the persons, places and country codes the claim is about.
    #[serde(default)]
    pub about: Vec<String>,
    pub mentions: Vec<Mention>,
    /// How the speaker was found when the claim's sentence names no one: a pronoun ("a-t-il
    /// dit", "selon elle") or a description ("le chef de la diplomatie"), and why that person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<Resolution>,
}

/// Why an extraction file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    // the cause is in the message, so it is not also a `source` (it would print twice)
    #[error("invalid extraction JSON: {0}")]
    Json(serde_json::Error),
    #[error("unsupported extraction format {found:?} (this version reads {FORMAT:?})")]
    Format { found: String },
    #[error("extraction refers to unknown id {0:?}")]
    UnknownId(String),
    #[error("extraction has the id {0:?} twice (ids name one person, organisation, place, meeting or claim)")]
    DuplicateId(String),
    #[error("extraction has an invalid {field}: {message}")]
    Invalid { field: String, message: String },
    #[error("extraction has a span {start}..{end} outside the article (length {length})")]
    BadSpan {
        start: usize,
        end: usize,
        length: usize,
    },
}

impl From<serde_json::Error> for ModelError {
    fn from(e: serde_json::Error) -> Self {
        ModelError::Json(e)
    }
}

impl Extraction {
    /// The CAMEO code of one of its meetings: its kind's, or, for talks where no participant
    /// is at home (every participant's country known and none the place's), the kind's code
    /// at a third place (`ontology/event-kinds.tsv`).
    pub fn cameo(&self, m: &Meeting) -> &'static str {
        let place_country = m
            .place
            .as_ref()
            .and_then(|p| self.places.iter().find(|x| &x.id == p))
            .and_then(|p| p.country.as_deref());
        let nationalities: Vec<&str> = m
            .participants
            .iter()
            .filter_map(|p| self.persons.iter().find(|x| &x.id == p))
            .filter_map(|p| p.country.as_deref())
            .collect();
        let third_place = place_country.is_some_and(|pc| {
            !nationalities.is_empty()
                && nationalities.len() == m.participants.len()
                && nationalities.iter().all(|n| *n != pc)
        });
        if third_place {
            m.kind.cameo_third_place()
        } else {
            m.kind.cameo()
        }
    }

    /// Parses and checks an extraction file (format version, references, spans).
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let found = value
            .get("format")
            .and_then(|f| f.as_str())
            .unwrap_or("")
            .to_owned();
        if found != FORMAT {
            return Err(ModelError::Format { found });
        }
        if let Some(c) = first_control(&value) {
            return Err(ModelError::Invalid {
                field: "text".into(),
                message: format!(
                    "it holds the control character U+{:04X} (an article's text holds none)",
                    u32::from(c)
                ),
            });
        }
        let ex: Extraction = serde_json::from_value(value)?;
        ex.validate()?;
        Ok(ex)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("model serializes")
    }

    /// Every mention of every person, organisation, country, place, meeting and claim.
    fn mentions(&self) -> impl Iterator<Item = &Mention> {
        self.persons
            .iter()
            .flat_map(|p| &p.mentions)
            .chain(self.organizations.iter().flat_map(|o| &o.mentions))
            .chain(self.countries.iter().flat_map(|c| &c.mentions))
            .chain(self.places.iter().flat_map(|p| &p.mentions))
            .chain(self.meetings.iter().flat_map(|m| &m.mentions))
            .chain(
                self.meetings
                    .iter()
                    .flat_map(|m| m.resolved.iter().map(|r| &r.mention)),
            )
            .chain(self.claims.iter().flat_map(|c| &c.mentions))
            .chain(
                self.claims
                    .iter()
                    .flat_map(|c| c.resolved.iter().map(|r| &r.mention)),
            )
    }

    /// Checks what the mapping relies on and the store keeps: the article's IRI (which names
    /// its graph) and URL, `sameAs` IRIs, dates, language, hash and country codes, ids
    /// (unique, not empty), references between items, sentence indices and spans.
    fn validate(&self) -> Result<(), ModelError> {
        let invalid = |field: &str, message: String| ModelError::Invalid {
            field: field.to_owned(),
            message,
        };
        let a = &self.article;
        crate::iri::validate_article(&a.iri).map_err(|e| invalid("article.iri", e.to_string()))?;
        if let Some(u) = &a.url {
            crate::iri::validate_article(u).map_err(|e| invalid("article.url", e.to_string()))?;
        }
        if a.lang != "fr" && a.lang != "en" {
            return Err(invalid(
                "article.lang",
                format!("{:?} is not fr or en", a.lang),
            ));
        }
        if a.sha256.len() != 64 || !a.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(
                "article.sha256",
                format!("{:?} is not 64 hexadecimal digits", a.sha256),
            ));
        }
        let date = |field: &str, d: &Option<String>| match d {
            Some(d) if !is_date(d) => {
                Err(invalid(field, format!("{d:?} is not a YYYY-MM-DD date")))
            }
            _ => Ok(()),
        };
        date("article.published", &a.published)?;
        date("article.reference_date", &a.reference_date)?;
        for m in &self.meetings {
            date("meeting date", &m.date)?;
        }
        for c in &self.claims {
            date("claim date", &c.date)?;
        }
        let code = |field: &str, c: Option<&str>| match c {
            Some(c) if !is_country_code(c) => Err(invalid(
                field,
                format!("{c:?} is not an ISO 3166-1 alpha-2 code (two capital letters)"),
            )),
            _ => Ok(()),
        };
        for c in &self.countries {
            code("country code", Some(&c.code))?;
        }
        for p in &self.persons {
            code("person country", p.country.as_deref())?;
        }
        for o in &self.organizations {
            code("organization country", o.country.as_deref())?;
        }
        for p in &self.places {
            code("place country", p.country.as_deref())?;
            if let Some(g) = &p.geonames {
                if g.is_empty() || g.len() > 12 || !g.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid(
                        "place geonames",
                        format!("{g:?} is not a GeoNames id"),
                    ));
                }
            }
        }
        let same_as = self
            .persons
            .iter()
            .map(|p| &p.same_as)
            .chain(self.organizations.iter().map(|o| &o.same_as))
            .chain(self.places.iter().map(|p| &p.same_as));
        for s in same_as.flatten() {
            crate::iri::validate(s).map_err(|e| invalid("same_as", e.to_string()))?;
        }
        // one namespace of ids: a claim is about persons, places and organisations alike
        let mut ids = std::collections::HashSet::new();
        let all_ids = self
            .persons
            .iter()
            .map(|p| &p.id)
            .chain(self.organizations.iter().map(|o| &o.id))
            .chain(self.places.iter().map(|p| &p.id))
            .chain(self.meetings.iter().map(|m| &m.id))
            .chain(self.claims.iter().map(|c| &c.id));
        for id in all_ids {
            if id.is_empty() {
                return Err(invalid("id", "an id is empty".into()));
            }
            if !ids.insert(id.as_str()) {
                return Err(ModelError::DuplicateId(id.clone()));
            }
        }
        let mut codes = std::collections::HashSet::new();
        for c in &self.countries {
            if !codes.insert(c.code.as_str()) {
                return Err(ModelError::DuplicateId(c.code.clone()));
            }
        }
        let persons: std::collections::HashSet<&str> =
            self.persons.iter().map(|p| p.id.as_str()).collect();
        let places: std::collections::HashSet<&str> =
            self.places.iter().map(|p| p.id.as_str()).collect();
        let orgs: std::collections::HashSet<&str> =
            self.organizations.iter().map(|p| p.id.as_str()).collect();
        let countries: std::collections::HashSet<&str> =
            self.countries.iter().map(|c| c.code.as_str()).collect();
        let check = |id: &str, ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(ModelError::UnknownId(id.to_owned()))
            }
        };
        for m in &self.meetings {
            for p in m.participants.iter().chain(m.host.iter()) {
                check(p, persons.contains(p.as_str()))?;
            }
            for r in &m.resolved {
                check(&r.person, m.participants.contains(&r.person))?;
            }
            if let Some(pl) = &m.place {
                check(pl, places.contains(pl.as_str()))?;
            }
        }
        for c in &self.claims {
            check(&c.speaker, persons.contains(c.speaker.as_str()))?;
            for r in &c.resolved {
                check(&r.person, r.person == c.speaker)?;
            }
            for a in &c.about {
                let a = a.as_str();
                check(
                    a,
                    persons.contains(a)
                        || places.contains(a)
                        || countries.contains(a)
                        || orgs.contains(a),
                )?;
            }
        }
        for p in &self.persons {
            for o in &p.organizations {
                check(o, orgs.contains(o.as_str()))?;
            }
        }
        let length = self.article.length;
        let spans = self
            .sentences
            .iter()
            .map(|s| (s.start, s.end))
            .chain(self.mentions().map(|m| (m.start, m.end)));
        for (start, end) in spans {
            if start > end || end > length {
                return Err(ModelError::BadSpan { start, end, length });
            }
        }
        let sentences = self.sentences.len();
        for m in self.mentions() {
            if m.sentence >= sentences {
                return Err(invalid(
                    "mention",
                    format!(
                        "{:?} names sentence {}, and the extraction has {sentences}",
                        m.text, m.sentence
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The first control character ([`crate::article::is_control`]) in the strings of a JSON
/// value, keys included.
fn first_control(v: &serde_json::Value) -> Option<char> {
    let control = |s: &str| s.chars().find(|&c| crate::article::is_control(c));
    match v {
        serde_json::Value::String(s) => control(s),
        serde_json::Value::Array(a) => a.iter().find_map(first_control),
        serde_json::Value::Object(o) => o
            .iter()
            .find_map(|(k, v)| control(k).or_else(|| first_control(v))),
        _ => None,
    }
}

/// Whether `s` is a date `YYYY-MM-DD` of the calendar.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Whether `s` has the form of an ISO 3166-1 alpha-2 code: two capital ASCII letters.
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}
