//! Extraction stage: a cleaned [`Document`] → the serde [`Extraction`] model.
//!
//! Entry point: [`extract`]. Everything is driven by the lexicons of [`crate::lexicon`] and by
//! general rules over them; the steps are:
//! 1. per sentence, the lexicon hits (countries, places, organisations, titles and offices,
//!    reporting and meeting verbs), date expressions and quotations ([`analyse`]);
//! 2. persons: capitalised name candidates made persons by their evidence, merged into one
//!    entity per person, plus anaphoric titles ("le ministre russe") resolved to them
//!    ([`persons`]);
//! 3. meetings ([`events`]) and claims ([`claims`]), which use the person mentions.

pub mod claims;
pub mod dates;
pub mod events;
pub mod mentions;
pub mod names;
pub mod persons;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::article::{quoted_ranges, Document};
use crate::lexicon::{fold, CountryFormKind, Hit, Lexicon, RoleKind, VerbKind};
use crate::model::{self, ArticleInfo, Extraction, Mention, SentenceSpan};
use dates::{DateMention, DateValue};

/// Place mentions: (sentence, start, end, place id).
pub type PlaceMentions = Vec<(usize, usize, usize, String)>;

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    pub iri: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `fr` or `en`; detected when absent.
    pub lang: Option<String>,
    pub published: Option<NaiveDate>,
    pub sha256: String,
    pub user: std::sync::Arc<crate::userlex::UserLexicon>,
}

/// Lexicon hits and other facts of one sentence. Offsets are bytes of `Document::norm`.
#[derive(Debug, Clone)]
pub struct SentenceInfo {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub countries: Vec<Hit>,
    pub places: Vec<Hit>,
    pub orgs: Vec<Hit>,
    pub roles: Vec<Hit>,
    pub verbs: Vec<Hit>,
    pub dates: Vec<DateMention>,
    /// Quotations: (opening mark, closing mark) byte offsets.
    pub quotes: Vec<(usize, usize)>,
}

/// Shared state of one extraction.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub lex: &'a Lexicon,
    pub lang: String,
    pub reference: Option<NaiveDate>,
    pub sents: Vec<SentenceInfo>,
    pub user: &'a crate::userlex::UserLexicon,
}

impl Ctx<'_> {
    /// The normalised text of a byte range, widened to character boundaries (callers compute
    /// windows such as `end + 60` that may fall inside a character).
    pub fn text(&self, start: usize, end: usize) -> &str {
        let t = &self.doc.norm;
        let mut s = start.min(t.len());
        while !t.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = end.clamp(s, t.len());
        while !t.is_char_boundary(e) {
            e += 1;
        }
        &t[s..e]
    }

    pub fn sentence_text(&self, i: usize) -> &str {
        self.text(self.sents[i].start, self.sents[i].end)
    }

    /// A model mention for a `norm` byte range in sentence `sentence`.
    pub fn mention(&self, start: usize, end: usize, sentence: usize) -> Mention {
        let (s, e) = self.doc.orig_span(start, end);
        Mention {
            start: s,
            end: e,
            text: self.doc.orig_text(s, e),
            sentence,
        }
    }

    pub fn verb_kind(&self, h: &Hit) -> VerbKind {
        self.lex.verbs[h.entries[0]].1
    }

    pub fn in_quote(&self, sent: usize, pos: usize) -> bool {
        self.sents[sent]
            .quotes
            .iter()
            .any(|&(a, b)| pos > a && pos < b)
    }

    /// The country codes named (not as a place: capitals excluded) in a byte range.
    pub fn nationalities_in(&self, sent: usize, start: usize, end: usize) -> Vec<(usize, String)> {
        self.sents[sent]
            .countries
            .iter()
            .filter(|h| h.start >= start && h.end <= end)
            .filter_map(|h| {
                let f = &self.lex.country_forms[h.entries[0]];
                if f.kind == CountryFormKind::Capital {
                    return None;
                }
                // "en Haïti", "in Bali": a location, not a nationality
                let before = self.text(self.sents[sent].start, h.start).trim_end();
                let locative = ends_with_word(
                    before,
                    &[
                        "en", "in", "à", "au", "vers", "to", "from", "at", "dans", "near",
                    ],
                );
                // "to Swedish Health Minister X": an adjective is never a destination
                let place_form = !matches!(f.kind, CountryFormKind::Demonym);
                (!(locative && place_form)).then(|| (h.start, f.iso2.clone()))
            })
            .collect()
    }

    /// Resolves a date value met in sentence `sent`.
    pub fn resolve(&self, v: DateValue, previous: Option<NaiveDate>) -> Option<NaiveDate> {
        v.resolve(self.reference, previous)
    }
}

/// Detects French or English from function words.
pub fn detect_language(text: &str) -> &'static str {
    let mut fr = 0usize;
    let mut en = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .take(5000)
    {
        match w.to_lowercase().as_str() {
            "le" | "la" | "les" | "des" | "du" | "et" | "est" | "une" | "dans" | "pour" | "qui"
            | "sur" | "avec" | "au" => fr += 1,
            "the" | "and" | "of" | "is" | "was" | "to" | "in" | "with" | "for" | "that" | "on"
            | "said" | "by" => en += 1,
            _ => {}
        }
    }
    if en > fr {
        "en"
    } else {
        "fr"
    }
}

/// Per-sentence lexicon hits.
fn analyse(doc: &Document, lex: &Lexicon, lang: &str) -> Vec<SentenceInfo> {
    let mut infos = doc
        .sentences
        .iter()
        .map(|s| {
            let text = &doc.norm[s.start..s.end];
            let folded = fold(text);
            let shift = |hits: Vec<Hit>| -> Vec<Hit> {
                hits.into_iter()
                    .map(|h| Hit {
                        start: h.start + s.start,
                        end: h.end + s.start,
                        entries: h.entries,
                    })
                    .collect()
            };
            let [countries, places, orgs, roles, verbs] = lex.find_all(text, &folded);
            SentenceInfo {
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
                countries: shift(
                    countries
                        .into_iter()
                        .filter(|h| !in_water_name(&folded, h.start, h.end))
                        .collect(),
                ),
                places: shift(places),
                orgs: shift(orgs),
                roles: shift(roles),
                verbs: shift(with_interposed_verbs(lex, text, verbs)),
                dates: dates::find_dates(text, lang)
                    .into_iter()
                    .map(|d| DateMention {
                        start: d.start + s.start,
                        end: d.end + s.start,
                        ..d
                    })
                    .collect(),
                quotes: quoted_ranges(text)
                    .into_iter()
                    .map(|(a, b)| (a + s.start, b + s.start))
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    paragraph_quotes(&mut infos, &doc.norm);
    infos
}

/// Quotations over several paragraphs: a paragraph that opens a quotation it does not close,
/// followed by a paragraph that opens one again (the typographic convention for a quotation
/// that goes on), is quoted to its end. Only a paragraph of one sentence is taken so.
fn paragraph_quotes(sents: &mut [SentenceInfo], norm: &str) {
    const OPENERS: [char; 3] = ['«', '“', '"'];
    let opens = |s: &SentenceInfo| {
        let t = &norm[s.start..s.end];
        let lead = t.len() - t.trim_start().len();
        t.trim_start()
            .starts_with(OPENERS)
            .then_some(s.start + lead)
    };
    for i in 0..sents.len().saturating_sub(1) {
        let (s, next) = (&sents[i], &sents[i + 1]);
        let alone =
            (i == 0 || sents[i - 1].paragraph != s.paragraph) && next.paragraph != s.paragraph;
        let Some(open) = opens(s) else { continue };
        if !alone || opens(next).is_none() || s.quotes.iter().any(|&(a, _)| a == open) {
            continue;
        }
        let end = s.start + norm[s.start..s.end].trim_end().len();
        sents[i].quotes.retain(|&(a, _)| a < open);
        sents[i].quotes.push((open, end));
    }
}

/// Runs the whole extraction on a cleaned document.
pub fn extract(doc: &Document, input: &ArticleInput) -> Extraction {
    let lex = Lexicon::get();
    let lang = input
        .lang
        .clone()
        .unwrap_or_else(|| detect_language(&doc.norm).to_owned());
    let sents = analyse(doc, lex, &lang);
    let reference = input.published.or_else(|| {
        let all: Vec<DateMention> = sents.iter().flat_map(|s| s.dates.iter().cloned()).collect();
        dates::dominant_date(&all)
    });
    let ctx = Ctx {
        doc,
        lex,
        lang: lang.clone(),
        reference,
        sents,
        user: &input.user,
    };

    let persons = persons::find_persons(&ctx);
    let (places, place_at) = collect_places(&ctx, &persons);
    let meetings = events::find_meetings(&ctx, &persons, &place_at);
    let claims = claims::find_claims(&ctx, &persons, &meetings, &place_at);
    let countries = collect_countries(&ctx);
    let organizations = collect_orgs(&ctx, &persons);

    let sentences = doc
        .sentences
        .iter()
        .map(|s| {
            let (a, b) = doc.orig_span(s.start, s.end);
            SentenceSpan {
                start: a,
                end: b,
                text: doc.orig_text(a, b),
            }
        })
        .collect();

    let mut ex = Extraction {
        format: model::FORMAT.to_owned(),
        article: ArticleInfo {
            iri: input.iri.clone(),
            url: input.url.clone(),
            title: input.title.clone(),
            lang,
            published: input.published.map(|d| d.to_string()),
            reference_date: reference.map(|d| d.to_string()),
            sha256: input.sha256.clone(),
            length: doc.original.chars().count(),
        },
        sentences,
        persons: persons.to_model(&ctx),
        organizations,
        countries,
        places,
        meetings,
        claims,
    };
    link_person_orgs(&mut ex);
    link_user_lexicon(&ctx, &mut ex);
    infer_host_nationality(&mut ex);
    ex
}

/// Countries: every name, long form, abbreviation, demonym or people; capitals only when they
/// act (metonymy: "Moscou refuse…"), not when they are where something happens ("à Moscou").
fn collect_countries(ctx: &Ctx) -> Vec<model::CountryRef> {
    let mut by_code: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        for h in &s.countries {
            let f = &ctx.lex.country_forms[h.entries[0]];
            if f.kind == CountryFormKind::Capital && !is_metonym(ctx, i, h) {
                continue;
            }
            if ctx.lex.country(&f.iso2).is_none() {
                continue;
            }
            by_code
                .entry(f.iso2.clone())
                .or_default()
                .push(ctx.mention(h.start, h.end, i));
        }
    }
    by_code
        .into_iter()
        .map(|(code, mentions)| model::CountryRef { code, mentions })
        .collect()
}

/// A capital acts as its country when it is the subject of a verb: not after a preposition
/// and followed by a lower-case word that is not a preposition or article.
pub fn is_metonym(ctx: &Ctx, sent: usize, h: &Hit) -> bool {
    let s = &ctx.sents[sent];
    let before = ctx.text(s.start, h.start).trim_end().to_lowercase();
    let prev_word = before
        .rsplit(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("");
    const PREPS: &[&str] = &[
        "à", "a", "de", "d'", "en", "au", "aux", "vers", "entre", "et", "par", "pour", "sur",
        "dans", "près", "in", "at", "from", "to", "of", "between", "and", "near", "into", "by",
        "with", "avec", "depuis", "since",
    ];
    if PREPS.contains(&prev_word) || before.ends_with('\'') {
        return false;
    }
    let after = ctx.text(h.end, s.end).trim_start();
    let next_word: String = after
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '\'')
        .collect();
    if next_word.is_empty() || !next_word.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    const NOT_VERBS: &[&str] = &[
        "et", "ou", "de", "du", "des", "à", "au", "en", "le", "la", "les", "and", "or", "of", "in",
        "the", "to", "on", "a", "pour", "for", "où", "where", "qui", "which", "ce", "cette",
        "this", "that", "with", "avec",
    ];
    !NOT_VERBS.contains(&next_word.to_lowercase().as_str())
}

/// Places from the gazetteer (capitals and cities) and places introduced by a locative
/// preposition ("à Idlib", "in Bali"), plus border crossings ("poste-frontière d'X").
fn collect_places(ctx: &Ctx, persons: &persons::Persons) -> (Vec<model::Place>, PlaceMentions) {
    let mut places: Vec<model::Place> = Vec::new();
    // (sentence, start, end, place id) for each place mention
    let mut at: PlaceMentions = Vec::new();
    let mut add = |ctx: &Ctx,
                   places: &mut Vec<model::Place>,
                   sent: usize,
                   start: usize,
                   end: usize,
                   p: model::Place| {
        let key = names::strip_accents(&p.name);
        let idx = match places
            .iter()
            .position(|x| names::strip_accents(&x.name) == key)
        {
            Some(i) => i,
            None => {
                places.push(p);
                places.len() - 1
            }
        };
        places[idx].mentions.push(ctx.mention(start, end, sent));
        at.push((sent, start, end, places[idx].id.clone()));
    };
    let mentioned: std::collections::HashSet<String> = ctx
        .sents
        .iter()
        .flat_map(|s| s.countries.iter())
        .map(|h| ctx.lex.country_forms[h.entries[0]].iso2.clone())
        .collect();
    for (i, s) in ctx.sents.iter().enumerate() {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for h in &s.places {
            if persons.covers(h.start, h.end) {
                continue;
            }
            // the city of the country named right after it ("Bali, Indonesia"), else one in a
            // country the article mentions, else the capital or most populous one
            let named_after = s
                .countries
                .iter()
                .find(|c| c.start > h.end && ctx.text(h.end, c.start).trim() == ",")
                .map(|c| ctx.lex.country_forms[c.entries[0]].iso2.clone());
            let candidates: Vec<&crate::lexicon::PlaceEntry> =
                h.entries.iter().map(|&e| &ctx.lex.places[e]).collect();
            let in_named: Vec<&crate::lexicon::PlaceEntry> = candidates
                .iter()
                .copied()
                .filter(|p| Some(&p.iso2) == named_after.as_ref())
                .collect();
            if named_after.is_some() && in_named.is_empty() {
                continue; // another place of that name: left to the locative rule below
            }
            let pool = if in_named.is_empty() {
                candidates
            } else {
                in_named
            };
            let e = pool
                .iter()
                .copied()
                .max_by_key(|p| (mentioned.contains(&p.iso2), p.capital, p.population))
                .unwrap();
            let locative = after_locative(ctx, i, h.start);
            if !(e.capital || e.population >= 1_000_000 || locative || dateline(ctx, i, h)) {
                continue;
            }
            let name = ctx.text(h.start, h.end).to_owned();
            let p = model::Place {
                id: format!("pl{}", places.len() + 1),
                name: if name.chars().all(|c| !c.is_lowercase()) {
                    e.name.clone()
                } else {
                    name
                },
                kind: if e.capital { "capital" } else { "city" }.to_owned(),
                country: Some(e.iso2.clone()),
                geonames: Some(e.geonames.clone()),
                same_as: None,
                mentions: vec![],
            };
            taken.push((h.start, h.end));
            add(ctx, &mut places, i, h.start, h.end, p);
        }
        // capitalised words after a locative preposition that nothing else claims
        let text = ctx.sentence_text(i);
        for (prep, m) in locatives(text) {
            let (start, end) = (m.start + s.start, m.end + s.start);
            let name = &text[m];
            let kind = if text[prep].to_lowercase().contains("fronti") {
                "border-crossing"
            } else {
                "place"
            };
            let overlaps = |a: usize, b: usize| a < end && start < b;
            if taken.iter().any(|&(a, b)| overlaps(a, b))
                || s.countries.iter().any(|h| overlaps(h.start, h.end))
                || s.orgs.iter().any(|h| overlaps(h.start, h.end))
                || s.roles.iter().any(|h| overlaps(h.start, h.end))
                || s.dates.iter().any(|h| overlaps(h.start, h.end))
                || persons.covers(start, end)
                || ctx.lex.is_not_name(name)
            {
                continue;
            }
            let p = model::Place {
                id: format!("pl{}", places.len() + 1),
                name: name.to_owned(),
                kind: kind.to_owned(),
                country: None,
                geonames: None,
                same_as: None,
                mentions: vec![],
            };
            add(ctx, &mut places, i, start, end, p);
        }
    }
    (places, at)
}

/// The prepositions of [`locative_pattern`], matched in any case.
const LOCATIVE_PREPOSITIONS: &[&str] = &[
    "à",
    "près de",
    "autour de",
    "poste-frontière d'",
    "poste-frontière de",
    "poste-frontière",
    "passage frontalier d'",
    "passage frontalier de",
    "in",
    "near",
    "at the",
    "border crossing of",
];

/// The locative pattern: at a word boundary, a preposition (group 1), then a capitalised name
/// (group 2).
#[cfg(test)]
fn locative_pattern() -> String {
    format!(r"\b{}", locative_body())
}

/// [`locative_pattern`] without its first word boundary, which [`locatives`] tests itself: a
/// Unicode `\b` ("à" is a word character, "déjà" one word) would leave the regex engine's
/// fast paths on any non-ASCII text, and an ASCII one failed before "à" after a space and
/// matched "à" in "déjà".
fn locative_body() -> String {
    let prepositions: Vec<String> = LOCATIVE_PREPOSITIONS
        .iter()
        .map(|p| regex_syntax::escape(p))
        .collect();
    format!(
        r"(?i:({})\s+)((?:al-|el-)?\p{{Lu}}[\p{{L}}\-]+(?:/(?:al-|el-)?\p{{Lu}}[\p{{L}}\-]+)?(?:\s+(?:El|el|Al|al)-\p{{Lu}}[\p{{L}}\-]+)?)",
        prepositions.join("|")
    )
}

fn locative_re() -> &'static regex_automata::meta::Regex {
    static RE: std::sync::OnceLock<regex_automata::meta::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex_automata::meta::Regex::new(&locative_body()).unwrap())
}

/// Where a [`locative_re`] match may start, from the first letters of the prepositions.
struct LocativeStarts {
    /// Per byte: [`Self::FIRST`] (an ASCII first letter), [`Self::WIDE`] (the lead byte of a
    /// non-ASCII first letter).
    class: [u8; 256],
    /// The non-ASCII first letters, in either case, as UTF-8.
    wide: Vec<Vec<u8>>,
}

impl LocativeStarts {
    const FIRST: u8 = 1;
    const WIDE: u8 = 2;

    fn get() -> &'static LocativeStarts {
        static STARTS: std::sync::OnceLock<LocativeStarts> = std::sync::OnceLock::new();
        STARTS.get_or_init(|| {
            let mut class = [0u8; 256];
            let mut wide: Vec<Vec<u8>> = Vec::new();
            let firsts = LOCATIVE_PREPOSITIONS
                .iter()
                .filter_map(|p| p.chars().next());
            for c in firsts.flat_map(|c| c.to_lowercase().chain(c.to_uppercase())) {
                let mut utf8 = [0; 4];
                let utf8 = c.encode_utf8(&mut utf8).as_bytes();
                if utf8.len() == 1 {
                    class[utf8[0] as usize] |= Self::FIRST;
                } else {
                    class[utf8[0] as usize] |= Self::WIDE;
                    if !wide.iter().any(|w| w == utf8) {
                        wide.push(utf8.to_vec());
                    }
                }
            }
            LocativeStarts { class, wide }
        })
    }
}

/// The successive matches of [`locative_re`] in `text` (as its `captures_iter` gives them):
/// the spans of the preposition and of the name.
///
/// A match starts with the first letter of a preposition, in either case, after a character
/// that is not a (Unicode) word character. Searching the whole sentence made the regex engine
/// walk every byte, its prefilter having only those letters to look for; trying the regex
/// anchored at each such boundary, from left to right, finds the same leftmost matches with
/// the same groups, at a fifth of the cost.
fn locatives(text: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    use regex_automata::{Anchored, Input};
    let re = locative_re();
    let mut caps = re.create_captures();
    let starts = LocativeStarts::get();
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // a first letter (a word character, on a character boundary), and `\b`: no word
        // character before it
        let class = starts.class[bytes[at] as usize];
        let candidate = class & (LocativeStarts::FIRST | LocativeStarts::WIDE) != 0
            && (class & LocativeStarts::WIDE == 0
                || starts.wide.iter().any(|w| bytes[at..].starts_with(w)))
            && !text[..at]
                .chars()
                .next_back()
                .is_some_and(regex_syntax::is_word_character);
        if !candidate {
            at += 1;
            continue;
        }
        re.search_captures(
            &Input::new(text)
                .span(at..text.len())
                .anchored(Anchored::Yes),
            &mut caps,
        );
        match (caps.get_match(), caps.get_group(1), caps.get_group(2)) {
            (Some(m), Some(prep), Some(name)) => {
                found.push((prep.range(), name.range()));
                at = m.end();
            }
            _ => at += 1,
        }
    }
    found
}

fn after_locative(ctx: &Ctx, sent: usize, pos: usize) -> bool {
    let before = ctx.text(ctx.sents[sent].start, pos).trim_end();
    const WORDS: &[&str] = &[
        "à", "a", "de", "d'", "au", "en", "in", "at", "to", "from", "near", "visit", "visite",
        "vers", "dans",
    ];
    ends_with_word(before, WORDS) || lower_tail(before, 2).0.ends_with("d'")
}

/// Whether `text`, lower-cased, is one of `words` or ends with a space and one of them
/// (words of at most 6 characters).
///
/// Only the tail is lower-cased: lower-casing is done a character at a time, each giving one
/// or more, so the last 7 characters decide the last 7 of the whole (the final-sigma rule, the
/// one that looks at neighbours, never gives a letter of these words); the text equals a
/// word only if the tail is the whole text.
fn ends_with_word(text: &str, words: &[&str]) -> bool {
    debug_assert!(words.iter().all(|w| w.chars().count() <= 6));
    let (tail, whole) = lower_tail(text, 7);
    words.iter().any(|w| {
        (whole && tail == *w) || tail.strip_suffix(w).is_some_and(|rest| rest.ends_with(' '))
    })
}

/// The last `n` characters of `text` lower-cased, and whether they are all of it.
fn lower_tail(text: &str, n: usize) -> (String, bool) {
    let start = text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    (text[start..].to_lowercase(), start == 0)
}

/// A dateline: "ROME, 9 July 2022 –" or "Port-au-Prince, le 12 octobre" at a sentence start.
fn dateline(ctx: &Ctx, sent: usize, h: &Hit) -> bool {
    let s = &ctx.sents[sent];
    h.start == s.start && ctx.text(h.end, s.end).starts_with(',')
}

/// Organisations: named ones from the lexicon, and a head noun with a nationality adjective
/// or complement ("l'armée syrienne", "forces armées iraniennes", "the Iranian army").
fn collect_orgs(ctx: &Ctx, persons: &persons::Persons) -> Vec<model::Organization> {
    let mut orgs: Vec<model::Organization> = Vec::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        for h in &s.orgs {
            if persons.covers(h.start, h.end) {
                continue;
            }
            let e = &ctx.lex.orgs[h.entries[0]];
            let (name, country, start, end) = if e.named {
                (
                    ctx.text(h.start, h.end).to_owned(),
                    (!e.country.is_empty()).then(|| e.country.clone()),
                    h.start,
                    h.end,
                )
            } else {
                // the nationality must be attached: an adjective right after (fr) or before (en),
                // or "de/of COUNTRY" right after
                let after = s.countries.iter().find(|c| {
                    let gap = ctx.text(h.end, c.start.max(h.end));
                    c.start >= h.end
                        && (gap == " "
                            || gap == " de "
                            || gap == " d'"
                            || gap == " de la "
                            || gap == " of ")
                });
                let before = s
                    .countries
                    .iter()
                    .find(|c| c.end <= h.start && ctx.text(c.end, h.start) == " ");
                let Some(c) = after.or(before) else { continue };
                let f = &ctx.lex.country_forms[c.entries[0]];
                if f.kind == CountryFormKind::Capital {
                    continue;
                }
                let (a, b) = (h.start.min(c.start), h.end.max(c.end));
                (ctx.text(a, b).to_owned(), Some(f.iso2.clone()), a, b)
            };
            let key = names::strip_accents(&name);
            let idx = match orgs
                .iter()
                .position(|o| names::strip_accents(&o.name) == key)
            {
                Some(x) => x,
                None => {
                    orgs.push(model::Organization {
                        id: format!("o{}", orgs.len() + 1),
                        name,
                        kind: e.org_type.clone(),
                        country,
                        same_as: None,
                        mentions: vec![],
                    });
                    orgs.len() - 1
                }
            };
            orgs[idx].mentions.push(ctx.mention(start, end, i));
        }
    }
    orgs
}

/// A person whose role phrase names an organisation of the article belongs to it
/// ("chef d'état-major des forces armées iraniennes").
fn link_person_orgs(ex: &mut Extraction) {
    for p in &mut ex.persons {
        for o in &ex.organizations {
            let key = names::strip_accents(&o.name);
            if p.roles
                .iter()
                .any(|r| names::strip_accents(r).contains(&key))
                && !p.organizations.contains(&o.id)
            {
                p.organizations.push(o.id.clone());
            }
        }
    }
}

/// Persons, organisations and places named in a user lexicon get its IRI as `same_as`; the
/// lexicon's organisations and places found in the text are added.
fn link_user_lexicon(ctx: &Ctx, ex: &mut Extraction) {
    if ctx.user.is_empty() {
        return;
    }
    for p in &mut ex.persons {
        let names: Vec<&str> = std::iter::once(p.name.as_str())
            .chain(p.aliases.iter().map(String::as_str))
            .collect();
        if let Some(e) = ctx.user.person(&names) {
            p.same_as = Some(e.iri.clone());
        }
    }
    for (i, s) in ctx.sents.iter().enumerate() {
        for (a, b, e) in ctx.user.find(ctx.sentence_text(i)) {
            let entry = &ctx.user.entries[e];
            let (start, end) = (s.start + a, s.start + b);
            let mention = ctx.mention(start, end, i);
            match entry.kind {
                crate::userlex::EntryKind::Organization => {
                    link_or_add(&mut ex.organizations, entry, mention, |id, mention| {
                        model::Organization {
                            id: format!("o{id}"),
                            name: entry.names[0].clone(),
                            kind: "Organization".into(),
                            country: None,
                            same_as: Some(entry.iri.clone()),
                            mentions: vec![mention],
                        }
                    })
                }
                crate::userlex::EntryKind::Place => {
                    link_or_add(&mut ex.places, entry, mention, |id, mention| model::Place {
                        id: format!("pl{id}"),
                        name: entry.names[0].clone(),
                        kind: "place".into(),
                        country: None,
                        geonames: None,
                        same_as: Some(entry.iri.clone()),
                        mentions: vec![mention],
                    })
                }
                crate::userlex::EntryKind::Person => {}
            }
        }
    }
}

/// Organisations and places, as a user lexicon entry links them.
trait Linkable {
    fn parts(&mut self) -> (&str, &mut Option<String>, &mut Vec<Mention>);
}

impl Linkable for model::Organization {
    fn parts(&mut self) -> (&str, &mut Option<String>, &mut Vec<Mention>) {
        (&self.name, &mut self.same_as, &mut self.mentions)
    }
}

impl Linkable for model::Place {
    fn parts(&mut self) -> (&str, &mut Option<String>, &mut Vec<Mention>) {
        (&self.name, &mut self.same_as, &mut self.mentions)
    }
}

/// Links the item already found under the lexicon entry's IRI or the mention's text, else adds
/// one made by `new(number, mention)`.
fn link_or_add<T: Linkable>(
    items: &mut Vec<T>,
    entry: &crate::userlex::Entry,
    mention: Mention,
    new: impl FnOnce(usize, Mention) -> T,
) {
    let found = items.iter_mut().find_map(|it| {
        let (name, same_as, mentions) = it.parts();
        (same_as.as_deref() == Some(entry.iri.as_str()) || name == mention.text)
            .then_some((same_as, mentions))
    });
    match found {
        Some((same_as, mentions)) => {
            *same_as = Some(entry.iri.clone());
            if !mentions.contains(&mention) {
                mentions.push(mention);
            }
        }
        None => {
            let n = items.len() + 1;
            items.push(new(n, mention));
        }
    }
}

/// A host whose nationality the text does not state receives at home: the country of the
/// place where they hold a reception ("Le président X a reçu à Damas …").
fn infer_host_nationality(ex: &mut Extraction) {
    let mut found: Vec<(String, String)> = Vec::new();
    for m in &ex.meetings {
        let (Some(h), Some(pl)) = (&m.host, &m.place) else {
            continue;
        };
        if let Some(c) = ex
            .places
            .iter()
            .find(|p| &p.id == pl)
            .and_then(|p| p.country.clone())
        {
            found.push((h.clone(), c));
        }
    }
    for (h, c) in found {
        if let Some(p) = ex
            .persons
            .iter_mut()
            .find(|p| p.id == h && p.country.is_none())
        {
            p.country = Some(c);
        }
    }
}

/// Role hits that are offices (not honorifics).
pub fn is_office(ctx: &Ctx, h: &Hit) -> bool {
    ctx.lex.roles[h.entries[0]].kind == RoleKind::Office
}

/// A country word that is part of the name of a sea, an ocean, a gulf, a strait or a channel
/// ("golfe de Guinée", "canal de Mozambique", "océan Indien", "South China Sea"): no country.
/// `folded` is the lower-cased sentence, `start..end` the hit.
fn in_water_name(folded: &str, start: usize, end: usize) -> bool {
    let before = folded[..start].trim_end();
    let after = folded[end..].trim_start();
    const BEFORE: &[&str] = &[
        "océan",
        "mer",
        "golfe",
        "canal",
        "détroit",
        "baie",
        "mer de",
        "mer d'",
        "golfe de",
        "golfe du",
        "canal de",
        "canal du",
        "détroit de",
        "baie de",
        "gulf of",
        "sea of",
        "bay of",
        "strait of",
        "straits of",
        // the typographic apostrophe's form of "mer d'" (built here once: replacing it in
        // every word at every country hit cost more than the test)
        "mer d’",
    ];
    const AFTER: &[&str] = &["sea", "ocean", "gulf", "strait", "channel"];
    let word_before = |w: &str| {
        before.ends_with(w)
            && before[..before.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    let after_word = |w: &str| {
        after.starts_with(w)
            && after[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    BEFORE.iter().any(|w| word_before(w)) || AFTER.iter().any(|w| after_word(w))
}

/// An auxiliary and its participle parted by a phrase between commas ("X a, pour sa part,
/// assuré que", "a, de son côté, affirmé"): one verb from the auxiliary to the participle,
/// when the two words alone are a verb form of the lexicon.
fn interposed_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(&format!(
            r"(?i)(?-u:\b)({}),\s*[^,.;:«»“”\x22]{{2,40}},\s*(\p{{L}}[\p{{L}}'’-]*)",
            AUXILIARIES.join("|")
        ))
        .unwrap()
    })
}

/// The auxiliaries of [`interposed_re`] (ASCII).
const AUXILIARIES: &[&str] = &["a", "avait", "ont", "avaient", "has", "have", "had"];

fn with_interposed_verbs(lex: &Lexicon, text: &str, mut verbs: Vec<Hit>) -> Vec<Hit> {
    // an auxiliary right before a comma: nothing to look for in most sentences (a byte test
    // on each comma, where the regular expression's search cost some 45,000 instructions an
    // article)
    let bytes = text.as_bytes();
    let aux_before_comma = memchr::memchr_iter(b',', bytes).any(|i| {
        AUXILIARIES.iter().any(|aux| {
            // the word before the comma, from an ASCII word boundary as in the pattern
            let Some(start) = i.checked_sub(aux.len()) else {
                return false;
            };
            bytes[start..i].eq_ignore_ascii_case(aux.as_bytes())
                && (start == 0
                    || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_'))
        })
    });
    if !aux_before_comma {
        return verbs;
    }
    let mut added = false;
    for c in interposed_re().captures_iter(text) {
        let (aux, participle) = (c.get(1).unwrap(), c.get(2).unwrap());
        if verbs
            .iter()
            .any(|h| h.start < participle.end() && aux.start() < h.end)
        {
            continue;
        }
        let phrase = format!("{} {}", aux.as_str(), participle.as_str());
        if let Some(entries) = lex.verb_form(&phrase) {
            verbs.push(Hit {
                start: aux.start(),
                end: participle.end(),
                entries,
            });
            added = true;
        }
    }
    if added {
        verbs.sort_by_key(|h| h.start);
    }
    verbs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locative_starts_after_a_character_that_is_no_word_character() {
        let names = |t: &str| -> Vec<String> {
            locatives(t)
                .into_iter()
                .map(|(_, n)| t[n].to_owned())
                .collect()
        };
        assert_eq!(names("réunion à Damas, puis À Homs"), ["Damas", "Homs"]);
        assert!(names("déjà Rome, voilà Nice, Begin Doha").is_empty());
    }

    /// `locatives` (anchored searches at the possible starts) finds what one search of the
    /// whole text finds, groups included.
    #[test]
    fn locatives_are_the_matches_of_the_whole_text() {
        let re = regex::Regex::new(&locative_pattern()).unwrap();
        for text in [
            "Il est arrivé à Damas puis À Homs, près de Bagdad et autour de Mossoul.",
            "au poste-frontière de Nassib, au poste-frontière d'Al-Qaïm, au passage frontalier de Rafah",
            "Talks in Bali, near Kyiv, at the Kremlin, at the border crossing of Rafah; in al-Tanf",
            "café à Paris, déjà Rome, voilà Nice, IN GENEVA, In Doha, Near Gaza, ÀBC, xin Bali",
            "Réunion à Damas, puis\u{a0}à Homs (à Alep), «à Bagdad», éin Bali, _in Doha, 2in Gaza",
            "in Alep/al-Bab and near Deir el-Zor, at the Sidi El-Barrani, in",
        ] {
            let expected: Vec<_> = re
                .captures_iter(text)
                .map(|c| (c.get(1).unwrap().range(), c.get(2).unwrap().range()))
                .collect();
            assert!(!expected.is_empty(), "{text}");
            assert_eq!(locatives(text), expected, "{text}");
        }
    }
}
