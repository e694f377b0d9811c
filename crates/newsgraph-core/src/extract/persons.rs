//! Persons: name candidates made persons by their evidence, merged into one entity per person
//! (surname-only mentions, middle-name and transliteration variants), and anaphoric titles
//! ("le ministre russe", "the secretary") resolved to the person they denote.

use std::sync::OnceLock;

use regex::Regex;

use super::names::{
    capitalised_runs, compatible, family_token, index_forms, is_filiation, is_particle,
    is_title_given_name, key_tokens, lower_ends_with, order, same_name, Order,
};
use super::{is_office, Ctx};
use crate::lexicon::{Hit, RoleKind, VerbKind};
use crate::model;

/// A mention of a person in a sentence (byte offsets of `Document::norm`).
#[derive(Debug, Clone)]
pub struct PMention {
    pub sent: usize,
    pub start: usize,
    pub end: usize,
    pub cluster: usize,
    /// A title standing for the person ("le ministre russe"), not a name.
    pub anaphoric: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Cluster {
    /// Surface forms with their key tokens, one per mention (they vote for the canonical name).
    pub forms: Vec<(String, Vec<String>)>,
    /// The distinct key token lists of the forms.
    pub keysets: Vec<Vec<String>>,
    pub titles: Vec<String>,
    /// (role label, role text as written)
    pub roles: Vec<(String, String)>,
    pub nationality_votes: Vec<String>,
    /// Votes for feminine and masculine grammatical gender (articles, honorifics, feminine
    /// office forms), used to resolve "elle"/"she" and "il"/"he".
    pub gender_votes: (u32, u32),
    pub first: usize,
    /// Where its mentions start.
    starts: Vec<usize>,
}

impl Cluster {
    /// The gender the lexicon gives the given name the person is named by (the first word of
    /// a name of two words or more): a weak cue, asked only when the text's votes do not
    /// decide.
    pub fn name_gender(&self) -> Option<bool> {
        let mut words = self.canonical().split_whitespace();
        match (words.next(), words.next()) {
            (Some(first), Some(_)) => crate::lexicon::given_name_gender(first),
            _ => None,
        }
    }

    /// Whether one of the person's offices, by label or as written, contains `word` (lower
    /// case): "the two deputy ministers", "», a assuré l'industriel".
    pub fn holds_role_word(&self, word: &str) -> bool {
        self.roles.iter().any(|(label, text)| {
            label.to_lowercase().contains(word) || text.to_lowercase().contains(word)
        })
    }

    /// The most complete form: most key tokens; among those, the one whose first and last
    /// words are the spelling most used in the article ("Othman" over a single "Osman"), then
    /// the earliest.
    pub fn canonical(&self) -> &str {
        let max = self.forms.iter().map(|f| f.1.len()).max().unwrap_or(0);
        let votes = |pick: fn(&Vec<String>) -> Option<&String>, word: &String| {
            self.forms
                .iter()
                .filter(|f| f.1.len() >= 2 && pick(&f.1) == Some(word))
                .count()
        };
        let score = |k: &Vec<String>| {
            let first = k.first().map_or(0, |w| votes(|v| v.first(), w));
            let last = k.last().map_or(0, |w| votes(|v| v.last(), w));
            first + last
        };
        let mut best: Option<&(String, Vec<String>)> = None;
        for f in self.forms.iter().filter(|f| f.1.len() == max) {
            if best.is_none_or(|b| score(&f.1) > score(&b.1)) {
                best = Some(f);
            }
        }
        &best.unwrap_or(&self.forms[0]).0
    }

    pub fn nationality(&self) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for v in &self.nationality_votes {
            match counts.iter_mut().find(|(c, _)| c == v) {
                Some(e) => e.1 += 1,
                None => counts.push((v.clone(), 1)),
            }
        }
        // most votes, first seen on ties
        let max = counts.iter().map(|c| c.1).max()?;
        counts.into_iter().find(|c| c.1 == max).map(|c| c.0)
    }
}

/// The persons of an article and all their mentions.
#[derive(Debug, Default)]
pub struct Persons {
    pub clusters: Vec<Cluster>,
    /// Sorted by position.
    pub mentions: Vec<PMention>,
    /// Rank of each cluster in order of first mention (its model id).
    rank: Vec<usize>,
    /// Clusters by (first letter, length in characters) of each of their name tokens, and of
    /// the canonical spelling of a token in a group of `ontology/name-variants.tsv`
    /// (`names::index_forms`): two similar tokens share the first letter and differ in length
    /// by at most 2, so this finds every cluster a name may belong to without comparing it
    /// with all of them.
    index: rustc_hash::FxHashMap<(char, usize), Vec<usize>>,
    /// The same by the family name of multi-word forms only (`names::family_token`: the last
    /// token, the first of a family-name-first name), and by single-word forms.
    last_index: rustc_hash::FxHashMap<(char, usize), Vec<usize>>,
    single_index: rustc_hash::FxHashMap<(char, usize), Vec<usize>>,
}

fn index_put(
    index: &mut rustc_hash::FxHashMap<(char, usize), Vec<usize>>,
    token: &str,
    cluster: usize,
) {
    let bucket = index.entry(token_key(token)).or_default();
    if !bucket.contains(&cluster) {
        bucket.push(cluster);
    }
}

/// Appends the clusters an index holds for tokens that may be similar to `t` (the same first
/// letter, a length at most two apart).
fn index_near(
    index: &rustc_hash::FxHashMap<(char, usize), Vec<usize>>,
    t: &str,
    out: &mut Vec<usize>,
) {
    let (first, len) = token_key(t);
    for l in len.saturating_sub(2)..=len + 2 {
        if let Some(b) = index.get(&(first, l)) {
            out.extend_from_slice(b);
        }
    }
}

fn token_key(t: &str) -> (char, usize) {
    (t.chars().next().unwrap_or(' '), t.chars().count())
}

impl Persons {
    /// Whether a byte range overlaps a person's name.
    pub fn covers(&self, start: usize, end: usize) -> bool {
        self.mentions
            .iter()
            .any(|m| !m.anaphoric && m.start < end && start < m.end)
    }

    pub fn in_sentence(&self, sent: usize) -> impl Iterator<Item = &PMention> {
        // mentions are sorted by position, hence by sentence
        let lo = self.mentions.partition_point(|m| m.sent < sent);
        let hi = self.mentions.partition_point(|m| m.sent <= sent);
        self.mentions[lo..hi].iter()
    }

    /// Model id of a cluster: persons are numbered in order of first mention.
    pub fn id(&self, cluster: usize) -> String {
        format!(
            "p{}",
            self.rank.get(cluster).copied().unwrap_or(cluster) + 1
        )
    }

    fn order(&self) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.clusters.len()).collect();
        o.sort_by_key(|&c| self.clusters[c].first);
        o
    }

    pub fn to_model(&self, ctx: &Ctx) -> Vec<model::Person> {
        self.order()
            .into_iter()
            .map(|c| {
                let cl = &self.clusters[c];
                let name = cl.canonical().to_owned();
                let mut aliases: Vec<String> = Vec::new();
                for (f, _) in &cl.forms {
                    if *f != name && !aliases.contains(f) {
                        aliases.push(f.clone());
                    }
                }
                let mut roles: Vec<String> = Vec::new();
                for (_, r) in &cl.roles {
                    if !roles.iter().any(|x| x.to_lowercase() == r.to_lowercase()) {
                        roles.push(r.clone());
                    }
                }
                let mut titles: Vec<String> = Vec::new();
                for t in &cl.titles {
                    if !titles.contains(t) {
                        titles.push(t.clone());
                    }
                }
                model::Person {
                    id: self.id(c),
                    name,
                    aliases,
                    titles,
                    roles,
                    country: cl.nationality(),
                    organizations: vec![],
                    same_as: None,
                    mentions: self
                        .mentions
                        .iter()
                        .filter(|m| m.cluster == c)
                        .map(|m| ctx.mention(m.start, m.end, m.sent))
                        .collect(),
                }
            })
            .collect()
    }
}

/// A name candidate before merging.
#[derive(Debug, Clone)]
struct Cand {
    sent: usize,
    start: usize,
    end: usize,
    text: String,
    keys: Vec<String>,
    strong: bool,
    title: Option<String>,
    role: Option<(String, String)>,
    nationality: Option<String>,
    /// Some(true) feminine, Some(false) masculine.
    feminine: Option<bool>,
}

impl Cand {
    /// A title or phrase standing for a person ("le ministre russe", "ce dernier").
    fn anaphor(sent: usize, start: usize, end: usize, text: &str) -> Cand {
        Cand {
            sent,
            start,
            end,
            text: text.to_owned(),
            keys: vec![],
            strong: false,
            title: None,
            role: None,
            nationality: None,
            feminine: None,
        }
    }
}

fn role_complement_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:\s+(?:de la|de l'|du|des|de|d'|of the|of|for the|for)\s*[\p{L}\-']+(?:\s+(?:armées|militaire|interarmes|étrangères|nationale|extérieures|intérieures|[\p{Ll}]+iennes|[\p{Ll}]+iens|[\p{Ll}]+aises|[\p{Ll}]+ains))?)").unwrap()
    })
}

/// Where an office ends: after a nationality adjective right after it and its "de …"
/// complement ("ministre afghan de l'Économie").
pub(crate) fn role_end(ctx: &Ctx, sent: usize, h: &Hit) -> usize {
    let s = &ctx.sents[sent];
    let mut end = h.end;
    // a nationality adjective right after the office
    if let Some(c) = s.countries.iter().find(|c| c.start == end + 1) {
        end = c.end;
    }
    let rest = ctx.text(end, s.end);
    if let Some(m) = role_complement_re().find(rest) {
        let has_de =
            ctx.text(h.start, h.end).contains(" de") || ctx.text(h.start, h.end).contains(" of");
        // ("Secretary of State for Western Hemisphere Affairs": a second complement)
        if !has_de || m.as_str().trim_start().starts_with("for ") {
            // (a country as the complement: "Prime Minister of Singapore X Y Z")
            let country_complement = s
                .countries
                .iter()
                .any(|c| c.start >= end && c.end <= end + m.end());
            end += m.end();
            // "Minister for International Development Cooperation", "Minister of Planning and
            // International Cooperation": capitalised words up to a given name
            let head = m.as_str().trim_start();
            if head.starts_with("of ") || head.starts_with("for ") {
                let mut pos = end;
                let tail = ctx.text(end, s.end);
                let mut offset = 0;
                // (where each capitalised word taken starts, where it ends, the word)
                let mut taken: Vec<(usize, usize, &str)> = Vec::new();
                let mut name_found = false;
                // (every word taken is the name)
                let mut whole_name = false;
                for w in tail.split_inclusive(' ') {
                    let word = w.trim();
                    let bare = word.trim_end_matches([',', '.', ';', ':']);
                    let capital = bare.chars().next().is_some_and(char::is_uppercase);
                    if bare.is_empty() && offset == 0 {
                        // a comma right after the complement's first word ends it: "Minister
                        // of Police, Lautafi Vaelupe Tuimaseve, said"
                        if !word.is_empty() && !domain_list_follows(ctx, end + w.len(), s.end) {
                            break;
                        }
                        offset += w.len();
                        continue;
                    }
                    if bare == "and" || bare == "&" {
                        // ("Minister of Agriculture X Y and Trade Minister Z": the "and" joins
                        // another person, named by an office of his own)
                        if office_after_and(ctx, sent, end + offset + w.len()) {
                            break;
                        }
                        offset += w.len();
                        continue;
                    }
                    // a rank or courtesy title the lexicon found here starts the name
                    let honorific = s.roles.iter().any(|h| {
                        h.start == end + offset
                            && ctx.lex.roles[h.entries[0]].kind == RoleKind::Honorific
                    });
                    if !capital && taken.is_empty() {
                        // "special envoy for international water affairs X": a domain in
                        // lower case, up to its head noun
                        if let Some(n) = lowercase_domain_len(&tail[offset..]) {
                            pos = end + offset + n;
                            break;
                        }
                    }
                    if !capital || ctx.lex.is_given_name(bare) || honorific {
                        name_found = capital;
                        // (a family name written first goes with the given name after it:
                        // "Prime Minister of Vietnam Pham Minh Chinh")
                        if capital
                            && taken.last().is_some_and(|t| {
                                key_tokens(t.2).first().is_some_and(|k| {
                                    crate::lexicon::NameForms::get().family_first(k).is_some()
                                })
                            })
                        {
                            taken.pop();
                            pos = taken.last().map_or(end, |t| t.1);
                        }
                        break;
                    }
                    let word_start = end + offset;
                    offset += w.len();
                    pos = end + offset - (w.len() - w.trim_end().len());
                    taken.push((word_start, pos, bare));
                    // ("Minister for Trade, Co-operatives and Small Enterprises, X": a list of
                    // domains goes on after its comma)
                    if word.ends_with(',') {
                        // (a relative or a verb after the comma: the words taken may end on
                        // a name, "Minister for Shipping Nicos X, who was in London")
                        let next_lower = ctx
                            .text(end + offset, s.end)
                            .trim_start()
                            .starts_with(char::is_lowercase);
                        // (a domain on "for" or a country only, not an organisation: "chief
                        // executive of Atlantic Hydrogen Partners, at", "chairperson of the X
                        // Grape Producers, welcomed")
                        if next_lower && taken.len() >= 2 && !head.contains("the ") {
                            if country_complement {
                                whole_name = true;
                                break;
                            }
                            if head.starts_with("for ") {
                                break;
                            }
                        }
                        if !domain_list_follows(ctx, end + offset, s.end) {
                            name_found = true; // a comma: "… Foreign Affairs, X"
                            break;
                        }
                        continue;
                    }
                    // (the end of the sentence or clause: the words taken may end on a name)
                    if word.len() != bare.len() {
                        break;
                    }
                }
                // no given name known to end the complement ("Minister for Foreign Affairs
                // Ciarán Whelan met"): the last two capitalised words are the name, if they
                // can be one
                // "Minister for Political and Security Affairs Wicaksono met": after the
                // domain word ("Affairs"), one word left is the name
                if whole_name {
                    pos = end;
                } else if !name_found
                    && taken.len() >= 2
                    && ctx.lex.is_not_name(taken[taken.len() - 2].2)
                    && !ctx.lex.is_not_name(taken[taken.len() - 1].2)
                {
                    pos = taken[taken.len() - 2].1;
                } else if !name_found && taken.len() >= 3 {
                    let [(first, _, a), (_, _, b)] =
                        [taken[taken.len() - 2], taken[taken.len() - 1]];
                    let joined = ctx.text(taken[taken.len() - 3].1, first);
                    if !ctx.lex.is_not_name(a)
                        && !ctx.lex.is_not_name(b)
                        && joined.trim().is_empty()
                    {
                        pos = taken[taken.len() - 3].1;
                    }
                } else if !name_found
                    && taken.len() == 2
                    && !ctx.lex.is_not_name(taken[0].2)
                    && !ctx.lex.is_not_name(taken[1].2)
                    // (not "of Immigration, Refugees and Citizenship": a list, no name)
                    && ctx.text(taken[0].1, taken[1].0).trim().is_empty()
                {
                    // "Minister of Transport Kabo Sebetela said": the complement had its
                    // word; two more that can be a name are one
                    pos = end;
                }
                end = pos;
            }
        }
    }
    end
}

/// The length of a lower-case domain that goes on an office's "for"/"of" complement up to
/// its head noun ("[for international] water affairs", "[for] consular matters"), at most
/// [`MAX_LOWERCASE_DOMAIN`] words, when a capitalised word follows it.
fn lowercase_domain_len(tail: &str) -> Option<usize> {
    let mut len = 0;
    // a second complement on "for" is a domain to its last lower-case word ("minister of
    // state for mines X")
    let second_for = tail.trim_start().starts_with("for ");
    for (k, w) in tail.split_inclusive(' ').enumerate() {
        let word = w.trim();
        if k >= MAX_LOWERCASE_DOMAIN || !word.starts_with(char::is_lowercase) {
            return None;
        }
        len += w.len();
        let next_capital = tail[len..].trim_start().starts_with(char::is_uppercase);
        let end = len - (w.len() - w.trim_end().len());
        if second_for && k > 0 && word.ends_with(char::is_alphabetic) && next_capital {
            return Some(end);
        }
        if DOMAIN_HEADS.contains(&word) {
            return next_capital.then_some(end);
        }
    }
    None
}

/// The head nouns that end an office's domain written in lower case.
const DOMAIN_HEADS: &[&str] = &[
    "affairs",
    "issues",
    "matters",
    "relations",
    "cooperation",
    "co-operation",
    "development",
];

/// How many lower-case words a domain in lower case may have after "for"/"of" and its first.
const MAX_LOWERCASE_DOMAIN: usize = 3;

/// Whether an office starts within a few capitalised words from `pos` ("… and Trade
/// Minister Z", "… and Agriculture, Land and Fisheries Minister Z"): the words between are
/// that office's domain, not more of the one before.
fn office_after_and(ctx: &Ctx, sent: usize, pos: usize) -> bool {
    let s = &ctx.sents[sent];
    let Some(office) = s
        .roles
        .iter()
        .filter(|h| ctx.lex.roles[h.entries[0]].kind == RoleKind::Office)
        .find(|h| h.start >= pos)
    else {
        return false;
    };
    let between = ctx.text(pos, office.start);
    // (not "… and Sport Diplomacy, Senator X": a title of the name after the comma)
    !between.trim_end().ends_with(',')
        && between.split_whitespace().count() <= 5
        && between.split_whitespace().all(|w| {
            let w = w.trim_end_matches(',');
            w == "and" || w == "&" || w.starts_with(char::is_uppercase) && !w.ends_with("'s")
        })
}

/// The noun of a territorial unit whose proper name follows ("de la Région
/// Nouvelle-Aquitaine", "Province Kivu"); capitalised only ("the Turkistan region Yerlan X"
/// names a person).
fn is_territorial_unit(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && with_lowercase(word, |w| {
            matches!(
                w,
                "région"
                    | "province"
                    | "département"
                    | "wilaya"
                    | "canton"
                    | "préfecture"
                    | "commune"
                    | "gouvernorat"
                    | "oblast"
                    | "region"
                    | "governorate"
                    | "county"
                    | "prefecture"
                    | "municipality"
            )
        })
}

/// Whether the text from `pos` to the next comma or full stop is the rest of a list of an
/// office's domains ("Co-operatives and Small and Medium Enterprises"): capitalised words
/// joined by "and", no given name among them.
fn domain_list_follows(ctx: &Ctx, pos: usize, end: usize) -> bool {
    let mut rest = ctx.text(pos, end);
    // ("Minister of Culture, Gender, Entertainment and Sport, X": items up to the one with
    // "and")
    for _ in 0..MAX_DOMAINS {
        let segment = rest.split([',', '.', ';', ':']).next().unwrap_or("");
        let mut words: Vec<&str> = segment.split_whitespace().collect();
        // (closed by a comma before the name, or by the lower-case words after its last item:
        // "the Minister of Immigration, Refugees and Citizenship in October")
        let mut closed = rest[segment.len()..].starts_with(',');
        if let Some(k) = words
            .iter()
            .position(|w| w.starts_with(char::is_lowercase) && !matches!(*w, "and" | "of" | "the"))
        {
            if k > 0 && words[..k].contains(&"and") && words[k - 1] != "and" {
                words.truncate(k);
                closed = true;
            }
        }
        // (not ", and Qatar's Undersecretary …": another person, coordinated)
        let domain = !words.is_empty()
            && words[0] != "and"
            && !words.iter().any(|w| w.ends_with("'s") || w.ends_with("’s"))
            && words.iter().all(|w| {
                matches!(*w, "and" | "&" | "of" | "the")
                    || w.starts_with(char::is_uppercase) && !ctx.lex.is_given_name(w)
            });
        if !(closed && domain) {
            return false;
        }
        if words.contains(&"and") || words.contains(&"&") {
            return true;
        }
        rest = &rest[segment.len() + 1..];
    }
    false
}

/// How many comma-separated domains an office may list before its "and".
const MAX_DOMAINS: usize = 5;

/// The text of a role: the office as written, with its "de …" complement (up to its
/// `role_end`), without nationality adjectives ("ministre syrien de la Défense" → "ministre de
/// la Défense").
fn role_text(ctx: &Ctx, sent: usize, h: &Hit, end: usize) -> String {
    let s = &ctx.sents[sent];
    let mut out = String::new();
    let mut pos = h.start;
    for c in s
        .countries
        .iter()
        .filter(|c| c.start >= h.start && c.end <= end)
    {
        let is_name = matches!(
            ctx.lex.country_forms[c.entries[0]].kind,
            crate::lexicon::CountryFormKind::Name | crate::lexicon::CountryFormKind::Long
        );
        if is_name {
            continue;
        }
        out.push_str(ctx.text(pos, c.start));
        pos = c.end;
    }
    out.push_str(ctx.text(pos, end));
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == ',' || c == ' ')
        .to_owned()
}

/// How many characters may stand between an office and the name it introduces.
const MAX_GAP_CHARS: usize = 90;

fn forbidden_gap(gap: &str) -> bool {
    // (a short parenthesis of the office's domain is part of it: "chargé des Ressources
    // pétrolières (Gaz), X")
    let gap = match (gap.find('('), gap.find(')')) {
        (Some(a), Some(b))
            if a < b
                && b - a <= 24
                && !gap[a..b].contains(|c: char| c.is_ascii_digit())
                // (not a side in a caption: "(R)", "(L)")
                && gap[a + 1..b].chars().filter(|c| c.is_alphabetic()).count() >= 2
                // (not "the President's Media Division (PMD), X": someone else's office)
                && !gap[..a].contains("'s ") =>
        {
            std::borrow::Cow::Owned(format!("{}{}", &gap[..a], &gap[b + 1..]))
        }
        _ => std::borrow::Cow::Borrowed(gap),
    };
    gap.char_indices().nth(MAX_GAP_CHARS).is_some()
        || gap.contains(['.', ';', ':', '«', '»', '"', '“', '”', '(', ')', '–', '—'])
        // a relative clause opens between: "un dîner en l'honneur du ministre, auquel ont
        // pris part la chorégraphe X"
        || gap.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "qui" | "auquel" | "auxquels" | "auxquelles" | "laquelle" | "lequel" | "dont"
                    | "où" | "who" | "whom" | "whose" | "which" | "where"
            )
        })
}

fn is_all_caps(t: &str) -> bool {
    let mut letters = 0;
    for c in t.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Finds the persons of the article.
pub fn find_persons(ctx: &Ctx) -> Persons {
    let mut cands: Vec<Cand> = Vec::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        let text = ctx.sentence_text(i);
        // bylines and photo credits name authors and photographers, not actors (a dozen
        // patterns to run: only in sentences with a name candidate)
        let mut credits: Option<Vec<(usize, usize)>> = None;
        let mut last_person_end = s.start;
        // where each office ends, and the complements of offices written apart from them
        // ("ministre afghan de l'Économie"): once per sentence
        let role_ends: Vec<usize> = s.roles.iter().map(|h| role_end(ctx, i, h)).collect();
        let complements: Vec<(usize, usize)> = s
            .roles
            .iter()
            .zip(&role_ends)
            .map(|(h, &e)| (h.end, e))
            .filter(|(a, b)| b > a)
            .collect();
        for run in capitalised_runs(text) {
            for seg in segments(ctx, i, &run, &complements) {
                let (start, end) = (seg.0 + s.start, seg.1 + s.start);
                let credits = credits.get_or_insert_with(|| ctx.lex.credit_spans(text));
                if credits.iter().any(|&(a, b)| seg.0 < b && a < seg.1) {
                    continue;
                }
                let cand = evaluate(ctx, i, &role_ends, start, end, last_person_end);
                if cand.strong {
                    last_person_end = end;
                }
                cands.push(cand);
            }
        }
    }

    let mut persons = Persons::default();
    // 1. strong multi-word names, longest first, then strong single words
    let (mut strong, weak): (Vec<Cand>, Vec<Cand>) = cands.into_iter().partition(|c| c.strong);
    strong.sort_by_key(|c| (std::cmp::Reverse(c.keys.len().min(2)), c.start));
    for c in strong {
        let cluster = find_cluster(&persons, &c.keys, c.start, c.feminine).unwrap_or_else(|| {
            persons.clusters.push(Cluster {
                first: c.start,
                ..Default::default()
            });
            persons.clusters.len() - 1
        });
        add_mention(&mut persons, c, cluster, false);
    }
    // 2. other candidates that name a known person ("Lavrov said", "Blinken's meeting"):
    // spelled as one of its parts (or a variant of it), never one letter apart: nothing says
    // such a word is a person ("à Koloma" is not Koroma)
    for c in weak {
        if let Some(cluster) = find_cluster(&persons, &c.keys, c.start, c.feminine) {
            let spelled = c.keys.iter().all(|k| {
                persons.clusters[cluster]
                    .keysets
                    .iter()
                    .flatten()
                    .any(|t| same_name(t, k))
            });
            // "… mais Ivandro Tavares Spínola sourit. … M. Spínola a eu …": the full name of
            // a person known only by an honorific and the surname
            let cl = &persons.clusters[cluster];
            let full_name = (2..=3).contains(&c.keys.len())
                && !cl.titles.is_empty()
                && cl.keysets.iter().all(|k| k.len() == 1)
                && cl
                    .keysets
                    .iter()
                    .any(|k| c.keys.last().is_some_and(|l| same_name(l, &k[0])))
                && c.text
                    .split_whitespace()
                    .all(|w| w.starts_with(char::is_uppercase) && !ctx.lex.is_not_name(w));
            if spelled || full_name {
                add_mention(&mut persons, c, cluster, false);
            }
        }
    }
    persons.mentions.sort_by_key(|m| (m.start, m.end));
    resolve_anaphora(ctx, &mut persons);
    persons.mentions.sort_by_key(|m| (m.start, m.end));
    let order = persons.order();
    persons.rank = vec![0; order.len()];
    for (r, c) in order.into_iter().enumerate() {
        persons.rank[c] = r;
    }
    persons
}

fn add_mention(persons: &mut Persons, c: Cand, cluster: usize, anaphoric: bool) {
    let cl = &mut persons.clusters[cluster];
    cl.first = cl.first.min(c.start);
    if !anaphoric {
        if !cl.keysets.contains(&c.keys) {
            cl.keysets.push(c.keys.clone());
            for t in &c.keys {
                for f in index_forms(t) {
                    index_put(&mut persons.index, f, cluster);
                }
            }
            match c.keys.as_slice() {
                [one] => {
                    for f in index_forms(one) {
                        index_put(&mut persons.single_index, f, cluster);
                    }
                }
                [_, _, ..] => {
                    for f in family_token(&c.keys).into_iter().flat_map(index_forms) {
                        index_put(&mut persons.last_index, f, cluster);
                    }
                }
                [] => {}
            }
        }
        // every mention counts for the canonical name's vote, so forms repeat
        cl.forms
            .push((super::names::without_joiners(c.text), c.keys));
    }
    if let Some(t) = c.title {
        cl.titles.push(t);
    }
    if let Some(r) = c.role {
        cl.roles.push(r);
    }
    if let Some(n) = c.nationality {
        cl.nationality_votes.push(n);
    }
    match c.feminine {
        Some(true) => cl.gender_votes.0 += 1,
        Some(false) => cl.gender_votes.1 += 1,
        None => {}
    }
    persons.clusters[cluster].starts.push(c.start);
    persons.mentions.push(PMention {
        sent: c.sent,
        start: c.start,
        end: c.end,
        cluster,
        anaphoric,
    });
}

/// The cluster a name belongs to: the compatible one (when a short form fits several, those of
/// the gender the name's own cue gives, "Ms. Irazábal", if any, then the most recently
/// mentioned before `pos`).
fn find_cluster(
    persons: &Persons,
    keys: &[String],
    pos: usize,
    feminine: Option<bool>,
) -> Option<usize> {
    if keys.is_empty() {
        return None;
    }
    // the clusters with a token that may be similar to one of the name's
    // (a single word may be any word of a longer form; two longer forms share the last word)
    let mut near: Vec<usize> = Vec::new();
    let mut look = |index: &rustc_hash::FxHashMap<(char, usize), Vec<usize>>, t: &str| {
        index_near(index, t, &mut near);
    };
    match keys {
        [one] => index_forms(one).for_each(|f| look(&persons.index, f)),
        [_, _, ..] => {
            for f in family_token(keys).into_iter().flat_map(index_forms) {
                look(&persons.last_index, f);
            }
            for t in keys {
                index_forms(t).for_each(|f| look(&persons.single_index, f));
            }
        }
        [] => {}
    }
    near.sort_unstable();
    near.dedup();
    let mut fits: Vec<usize> = near
        .into_iter()
        .filter(|&c| {
            persons.clusters[c]
                .keysets
                .iter()
                .any(|k| compatible(k, keys))
        })
        .collect();
    // "Saqr bin Rashid" and "Saqr bin Rashid Al Mualla", "Ahmad Fauzi" and "Ahmad Fauzi
    // Mokhtar": a name of two words or more that begins another, word for word, is the same
    // person's shorter form (given-name-first names only: "Kim Jong" is not "Kim Jong Un")
    if fits.is_empty() && keys.len() >= 2 && order(keys) == Order::GivenFirst {
        let prefix = |short: &[String], long: &[String]| {
            short.len() < long.len()
                && order(long) == Order::GivenFirst
                && short.iter().zip(long).all(|(a, b)| same_name(a, b))
        };
        // (the clusters with a word like the name's first: looked up, not scanned)
        let mut first: Vec<usize> = Vec::new();
        for f in index_forms(&keys[0]) {
            index_near(&persons.index, f, &mut first);
        }
        first.sort_unstable();
        first.dedup();
        fits = first
            .into_iter()
            .filter(|&c| {
                persons.clusters[c]
                    .keysets
                    .iter()
                    .any(|k| k.len() >= 2 && (prefix(keys, k) || prefix(k, keys)))
            })
            .collect();
        if fits.len() > 1 {
            return None;
        }
    }
    match fits.len() {
        0 => None,
        1 => Some(fits[0]),
        _ => {
            // prefer a cluster whose family name matches exactly, then the latest mentioned
            let family = family_token(keys);
            let exact: Vec<usize> = fits
                .iter()
                .copied()
                .filter(|&c| {
                    persons.clusters[c]
                        .keysets
                        .iter()
                        .any(|k| family_token(k) == family)
                })
                .collect();
            let mut pool = if exact.is_empty() { fits } else { exact };
            // a cluster the name's gender contradicts (more votes for the other) is left out
            if let Some(f) = feminine {
                let agrees = |c: &usize| {
                    let (fem, masc) = persons.clusters[*c].gender_votes;
                    if f {
                        masc <= fem
                    } else {
                        fem <= masc
                    }
                };
                if pool.iter().any(agrees) {
                    pool.retain(agrees);
                }
            }
            pool.into_iter().max_by_key(|&c| {
                persons.clusters[c]
                    .starts
                    .iter()
                    .filter(|&&s| s <= pos)
                    .max()
                    .copied()
                    .unwrap_or(0)
            })
        }
    }
}

/// Splits a run of capitalised tokens where a token cannot be part of a name (a country, an
/// office, an organisation, a date, a function word, an acronym). Returns sentence-relative
/// byte ranges. A token inside one of the `complements` of an office ends a name too, unless
/// it is a given name ("le porte-parole de Vladimir Poutine").
fn segments(
    ctx: &Ctx,
    sent: usize,
    run: &super::names::Run,
    complements: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let s = &ctx.sents[sent];
    let text = ctx.sentence_text(sent);
    let mut out = Vec::new();
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let n = run.tokens.len();
    for (k, &(a, b)) in run.tokens.iter().enumerate() {
        let tok = &text[a..b];
        let (abs_a, abs_b) = (a + s.start, b + s.start);
        let overlaps = |hits: &[Hit]| hits.iter().any(|h| h.start < abs_b && abs_a < h.end);
        let particle_inside = !cur.is_empty() && k + 1 < n && is_particle(tok);
        let complement = complements.iter().any(|&(ca, cb)| ca < abs_b && abs_a < cb)
            && !ctx.lex.is_given_name(tok);
        // "Ismaël Ould Cheikh Ahmed": a title word after a filiation word is a name
        let after_filiation = k > 0 && {
            let (pa, pb) = run.tokens[k - 1];
            is_filiation(&text[pa..pb]) || &text[pa..pb] == "Abu"
        };
        // "Cheikh Ould Mahjoub": a title word right before a filiation word is a given name
        let before_filiation = k + 1 < n && is_title_given_name(tok) && {
            let (na, nb) = run.tokens[k + 1];
            is_filiation(&text[na..nb])
        };
        let breaker = !particle_inside
            && (complement
                || overlaps(&s.countries)
                || overlaps(&s.roles) && !after_filiation && !before_filiation
                || s.orgs
                    .iter()
                    .any(|h| ctx.lex.orgs[h.entries[0]].named && h.start < abs_b && abs_a < h.end)
                || s.dates.iter().any(|h| h.start < abs_b && abs_a < h.end)
                || ctx.lex.is_not_name(tok.trim_end_matches('.'))
                // a social-media handle ("@SecDef Lloyd Austin") or hashtag is no name
                || text[..a].ends_with(['@', '#'])
                // "la Région Nouvelle-Aquitaine", "Wilaya Oran": the name of the unit
                || text[..a]
                    .trim_end()
                    .rsplit([' ', '\''])
                    .next()
                    .is_some_and(is_territorial_unit)
                || k + 1 < n && is_territorial_unit(tok)
                || is_all_caps(tok)
                || tok.ends_with('.')
                    && tok.chars().count() > 2
                    && !crate::article::GIVEN_NAME_ABBREVIATIONS.contains(&tok.trim_end_matches('.')));
        if breaker {
            if !cur.is_empty() {
                out.push((cur[0].0, cur.last().unwrap().1));
                cur.clear();
            }
        } else {
            cur.push((a, b));
        }
    }
    if !cur.is_empty() {
        out.push((cur[0].0, cur.last().unwrap().1));
    }
    // a trailing particle or initial cannot end a name
    out.into_iter()
        .filter_map(|(a, b)| {
            let t = &text[a..b];
            let t = t.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
            (!t.is_empty() && !is_particle(t)).then(|| (a, a + t.len()))
        })
        .collect()
}

/// Decides whether a candidate is a person, and reads its title, role and nationality.
/// `role_ends` are the `role_end`s of the sentence's offices.
fn evaluate(
    ctx: &Ctx,
    sent: usize,
    role_ends: &[usize],
    start: usize,
    end: usize,
    last_person_end: usize,
) -> Cand {
    let s = &ctx.sents[sent];
    let text = ctx.text(start, end).to_owned();
    let keys = key_tokens(&text);
    let multi = keys.len() >= 2;
    let mut cand = Cand {
        sent,
        start,
        end,
        text,
        keys,
        strong: false,
        title: None,
        role: None,
        nationality: None,
        feminine: None,
    };
    if cand.keys.is_empty() {
        return cand;
    }
    // the whole candidate is a known place or organisation: not a person
    let exact = |hits: &[Hit]| hits.iter().any(|h| h.start <= start && h.end >= end);
    if exact(&s.places) || exact(&s.orgs) || ctx.in_quote(sent, start) && !multi {
        return cand;
    }
    // a name inside the name of an institution, a street or a prize: "the Kofi Annan
    // International Peacekeeping Training Centre", "l'université Omar-Bongo"; an honorific
    // right before the name stays with it ("l'aéroport international Sir Seewoosagur
    // Ramgoolam")
    // (honorifics in a row: "S.E. Dr X", "Dato Paduka Haji X")
    let mut name_start = start;
    while let Some(h) = s.roles.iter().find(|h| {
        h.end <= name_start
            && h.start < name_start
            && ctx.lex.roles[h.entries[0]].kind == RoleKind::Honorific
            && ctx.text(h.end, name_start).trim().is_empty()
    }) {
        name_start = h.start;
    }
    let given_name = cand.keys.len() >= 2
        && ctx
            .lex
            .is_given_name(cand.text.split_whitespace().next().unwrap_or(""));
    // (a one-word title between a place's word and the name is part of the place's name:
    // "l'hôtel Roi Christophe", "avenue Président Kennedy"; not "Electricity Authority
    // Managing Director X")
    let title_start = s
        .roles
        .iter()
        .find(|h| {
            let title = ctx.text(h.start, h.end);
            h.end < name_start
                && ctx.text(h.end, name_start).trim().is_empty()
                && title.starts_with(char::is_uppercase)
                && !title.contains(' ')
                && ctx
                    .text(s.start, h.start)
                    .split_whitespace()
                    .next_back()
                    .map(|w| w.rsplit(['\'', '’']).next().unwrap_or(w))
                    .is_some_and(|w| with_lowercase(w, |w| NAMED_PLACE_HEADS.contains(&w)))
        })
        .map_or(name_start, |h| h.start);
    if names_an_institution(
        ctx.text(s.start, title_start),
        ctx.text(end, s.end),
        given_name,
    ) || cand
        .text
        .split_whitespace()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase) && is_institution_head(w))
        // (a firm's word ends the candidate: "Hindalco Industries"; inside it, it is an
        // office's domain run into the name, "Heavy Industries X Y")
        || cand
            .text
            .split_whitespace()
            .next_back()
            .is_some_and(|w| w.starts_with(char::is_uppercase) && is_organisation_word(w))
    {
        return cand;
    }

    // titles and offices before the name, with nothing but adjectives and complements between
    let window_start = last_person_end.max(s.start);
    let mut adjacent_honorific = None;
    let mut honorific_start = start;
    let mut office: Option<&Hit> = None;
    let mut office_end = 0;
    let mut office_tight = false;
    for (h, &complement_end) in s
        .roles
        .iter()
        .zip(role_ends)
        .filter(|(h, _)| h.end <= start && h.start >= window_start)
    {
        // an office reaches the name over its honorifics: "le ministre koweïtien du
        // Pétrole, M. X"
        let is_honorific = ctx.lex.roles[h.entries[0]].kind == RoleKind::Honorific;
        // (and over honorifics with a full stop after the office's complement: "Deputy
        // Minister for Consular Affairs Dr. Y")
        let to_name = ctx.text(h.end, name_start.max(h.end));
        let until = if !is_honorific
            && h.end <= name_start
            && name_start < start
            && (to_name.trim_end().ends_with(',')
                || to_name.split_whitespace().all(|w| {
                    w.starts_with(char::is_uppercase)
                        || matches!(w, "for" | "of" | "and" | "the" | "de" | "du" | "des" | "et")
                })) {
            name_start
        } else {
            start
        };
        let gap = ctx.text(h.end, until);
        // ("Le ministre qatari à Deir Ammar": a place after a locative preposition)
        let locative = gap
            .split_whitespace()
            .next_back()
            .is_some_and(|w| matches!(w, "à" | "au" | "aux" | "in" | "at"));
        if forbidden_gap(gap)
            || locative
            || s.verbs.iter().any(|v| v.start >= h.end && v.end <= start)
        {
            continue;
        }
        // an office that ends on its preposition ("head of") is followed by its complement,
        // not by the name, until a comma: "the head of Lithuanian Railways, X"; so is an
        // office with a complement before a name that opens on no given name ("le PDG de la
        // compagnie Air Horizon")
        let form = ctx.text(h.start, h.end);
        let complement = [" of ", " for ", " de ", " du ", " des ", " d'"]
            .iter()
            .any(|p| {
                gap.get(..p.len())
                    .is_some_and(|g| g.eq_ignore_ascii_case(p))
            })
            && gap
                .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
                .any(|w| {
                    w.chars().next().is_some_and(char::is_lowercase)
                        && !matches!(
                            w,
                            "the"
                                | "a"
                                | "an"
                                | "and"
                                | "of"
                                | "for"
                                | "on"
                                | "to"
                                | "in"
                                | "at"
                                | "de"
                                | "la"
                                | "le"
                                | "les"
                                | "l"
                                | "du"
                                | "des"
                                | "d"
                                | "et"
                                | "en"
                                | "à"
                                | "au"
                                | "aux"
                        )
                });
        // (unless the complement found reaches the name: "special envoy for international
        // water affairs X")
        let complement_text = ctx.text(h.end, complement_end.max(h.end));
        let reaches = complement_end > h.end
            && complement_end <= until
            && ctx.text(complement_end, until).trim().is_empty()
            && (complement_text
                .rsplit(' ')
                .next()
                .is_some_and(|w| DOMAIN_HEADS.contains(&w))
                // (a domain on "for" names no institution: "minister for mines X")
                || complement_text.contains(" for "));
        if !is_honorific
            && !gap.contains(',')
            && ([" of", " de", " du", " des", " d'"]
                .iter()
                .any(|p| lower_ends_with(form, p))
                || complement && multi && !reaches)
        {
            continue;
        }
        // "directrice générale": an adjective of the office before it, not a rank
        if is_honorific
            && matches!(form.to_lowercase().as_str(), "général" | "générale")
            && s.roles.iter().any(|o| {
                o.end < h.start
                    && ctx.lex.roles[o.entries[0]].kind != RoleKind::Honorific
                    && ctx.text(o.end, h.start).trim().is_empty()
            })
        {
            continue;
        }
        // gap without country words and punctuation
        let mut rest = gap.to_owned();
        for c in s
            .countries
            .iter()
            .filter(|c| c.start >= h.end && c.end <= start)
        {
            rest = rest.replace(ctx.text(c.start, c.end), " ");
        }
        let tight = rest
            .trim_matches(|c: char| c.is_whitespace() || c == ',')
            .is_empty()
            || rest.trim() == "'s"
            // "le ministre afghan de l'Économie Bagheri"
            || complement_end > h.end
                && complement_end <= until
                && ctx
                    .text(complement_end, until)
                    .trim_matches(|c: char| c.is_whitespace() || c == ',')
                    .is_empty()
            || rest
                .trim_matches(|c: char| c.is_whitespace() || c == ',')
                .split_whitespace()
                .all(|w| {
                    matches!(
                        w,
                        "le" | "la"
                            | "l'"
                            | "the"
                            | "son"
                            | "sa"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "nouveau"
                            | "nouvelle"
                            | "new"
                            | "former"
                            | "ancien"
                            | "ancienne"
                            | "incoming"
                            | "outgoing"
                    )
                });
        if is_honorific {
            if tight {
                adjacent_honorific = Some(ctx.text(h.start, h.end).to_owned());
                honorific_start = h.start;
            }
        } else if office.is_some_and(|o| {
            o.end <= h.start && ctx.text(office_end.max(o.end), h.start).trim().is_empty()
        }) {
            // "Deputy Foreign Minister Ambassador X": the second office word is a form of
            // address; the first is the office
            office_tight = tight;
        } else {
            office = Some(h);
            office_end = complement_end;
            office_tight = tight;
        }
    }
    // an apposition after the name: "X, ministre de …", "X, the foreign minister"
    let appos = s
        .roles
        .iter()
        .zip(role_ends)
        .filter(|(h, _)| h.start >= end && h.start <= end + 40 && is_office(ctx, h))
        .find(|(h, _)| {
            let gap = ctx.text(end, h.start);
            apposition_re().is_match(gap)
        });
    let verb_after = s.verbs.iter().any(|v| {
        v.start >= end
            && v.start <= end + 2
            && matches!(
                ctx.verb_kind(v),
                VerbKind::Speech
                    | VerbKind::Meeting
                    | VerbKind::Reception
                    | VerbKind::Received
                    | VerbKind::Visit
            )
    });
    // "a été reçu par X", "met with X": the object of a meeting verb
    let verb_before = multi
        && s.verbs.iter().any(|v| {
            v.end <= start
                && matches!(
                    ctx.verb_kind(v),
                    VerbKind::Meeting | VerbKind::Reception | VerbKind::Received | VerbKind::Call
                )
                // (compared without lower-casing the text between: only ASCII letters and the
                // Kelvin sign lower-case to ASCII letters, and these words have no 'k')
                && ["par", "by", "avec", "with", ""]
                    .iter()
                    .any(|w| ctx.text(v.end, start).trim().eq_ignore_ascii_case(w))
        });
    let first_token = cand.text.split_whitespace().next().unwrap_or("");
    // ("Cheikh Ould Mahjoub": a title used as a given name before a filiation word)
    let title_given = is_title_given_name(first_token)
        && cand
            .text
            .split_whitespace()
            .nth(1)
            .is_some_and(is_filiation);
    let given = ctx.lex.is_given_name(first_token) || verb_before || title_given;

    // "gouverneur du département de Norte de Santander": a name after "de" completes a noun
    let after_de = {
        let b = ctx.text(s.start, start);
        [" de ", " du ", " des ", " d'", " of ", " of the "]
            .iter()
            .any(|p| lower_ends_with(b, p))
    };
    if after_de && adjacent_honorific.is_none() && !office_tight {
        office = None;
    }
    cand.strong = if multi {
        adjacent_honorific.is_some() || office.is_some() || appos.is_some() || given || verb_after
    } else {
        adjacent_honorific.is_some() || (office.is_some() && office_tight)
    };
    if !cand.strong {
        return cand;
    }
    cand.feminine = gender_cue(
        ctx,
        s.start,
        office.map_or(start, |o| o.start),
        adjacent_honorific.as_deref(),
        office.map(|o| ctx.text(o.start, o.end)),
    );
    cand.title = adjacent_honorific;
    let role_hit = office.map(|o| (o, &office_end)).or(appos);
    if let Some((h, &h_end)) = role_hit {
        let label = ctx.lex.roles[h.entries[0]].label.clone();
        if label != "Counterpart" {
            let text = role_text(ctx, sent, h, h_end);
            // "ministre kirghize des Affaires étrangères" is a Minister of Foreign Affairs
            let label = ctx.lex.role_label(&text).map_or(label, str::to_owned);
            cand.role = Some((label, text));
        }
    }
    // nationality: a country word of the office phrase before the name ("le ministre syrien
    // de la Défense, le général X", "China's Foreign Minister X"), else of an apposition after
    // it ("X, commandant des armées irakiennes")
    if let Some(o) = office {
        let mut from = window_start.max(o.start.saturating_sub(25));
        // (not over a verb: "the Ghanaian envoy met minister X")
        if let Some(v) = s
            .verbs
            .iter()
            .rfind(|v| v.start >= from && v.end <= o.start)
        {
            from = v.end;
        }
        cand.nationality = ctx
            .nationalities_in(sent, from, start)
            .last()
            .map(|n| n.1.clone());
    }
    // a rank's nationality: "le général iranien X", "Iranian General X"
    if cand.nationality.is_none() && cand.title.is_some() {
        let before = s
            .countries
            .iter()
            .filter(|c| c.end + 1 == honorific_start)
            .map(|c| c.start)
            .next_back()
            .unwrap_or(honorific_start);
        cand.nationality = ctx
            .nationalities_in(sent, before, start)
            .last()
            .map(|n| n.1.clone());
    }
    if cand.nationality.is_none() {
        if let Some((a, _)) = appos {
            let rest = ctx.text(a.end, s.end);
            let stop = a.end + rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
            cand.nationality = ctx
                .nationalities_in(sent, a.start, stop)
                .first()
                .map(|n| n.1.clone());
        }
    }
    cand
}

/// Office nouns whose form tells the holder's gender (`true`: feminine), read by
/// [`gender_cue`]: "présidente", "de l'ambassadeur d'Arménie, X".
const OFFICE_GENDER: &[(&str, bool)] = &[
    ("présidente", true),
    ("première", true),
    ("cheffe", true),
    ("ambassadrice", true),
    ("directrice", true),
    ("chancelière", true),
    ("sénatrice", true),
    ("conseillère", true),
    ("envoyée", true),
    ("députée", true),
    ("dirigeante", true),
    ("vice-présidente", true),
    ("reine", true),
    ("spokeswoman", true),
    ("queen", true),
    ("président", false),
    ("premier", false),
    ("ambassadeur", false),
    ("directeur", false),
    ("chancelier", false),
    ("sénateur", false),
    ("conseiller", false),
    ("envoyé", false),
    ("député", false),
    ("dirigeant", false),
    ("vice-président", false),
    ("roi", false),
    ("spokesman", false),
    ("king", false),
];

/// Grammatical gender from the words before a name or office: "Mme", "Mrs", "la ministre",
/// "présidente" are feminine; "M.", "Mr", "le ministre" masculine.
fn gender_cue(
    ctx: &Ctx,
    sent_start: usize,
    phrase_start: usize,
    honorific: Option<&str>,
    office: Option<&str>,
) -> Option<bool> {
    if let Some(h) = honorific {
        let cue = with_lowercase(h.trim_end_matches('.'), |h| match h {
            "mme" | "mrs" | "ms" | "mlle" | "madame" | "générale" | "dame" => Some(true),
            "m" | "mr" | "monsieur" | "sir" | "fr" => Some(false),
            _ => None,
        });
        if cue.is_some() {
            return cue;
        }
    }
    if let Some(o) = office {
        let first = o.split_whitespace().next().unwrap_or("");
        let cue = with_lowercase(first, |first| {
            OFFICE_GENDER
                .iter()
                .find(|(w, _)| *w == first)
                .map(|&(_, feminine)| feminine)
        });
        if cue.is_some() {
            return cue;
        }
    }
    // the last word, compared without lower-casing the sentence (lower-casing moves no
    // space or comma, and only ASCII letters lower-case to these words)
    let before = ctx.text(sent_start, phrase_start).trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    if is("la") || is("sa") {
        Some(true)
    } else if is("le") || is("du") || is("au") {
        Some(false)
    } else {
        None
    }
}

fn apposition_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:\s*,\s*(?:en sa qualité d(?:e\s+|['’])|in (?:his|her) capacity as\s+)?|\s+(?:en sa qualité d(?:e\s+|['’])|in (?:his|her) capacity as\s+))(?:(?:le|la|l'|the|un|une|a|an|son|sa|his|her)\s+)?(?:[\p{L}\-]+(?:['’]s)?\s+)?$",
        )
        .unwrap()
    })
}

/// Offices without a name ("le ministre russe", "Le chef de l'Etat", "the secretary")
/// resolved to the person holding that office named before (or, failing that, after).
/// How many mentions back a title alone looks for its person.
const ANAPHORA_WINDOW: usize = 200;

/// Whether an office stands alone after its determiner: "the minister", "la ministre", not
/// "the minister of trade" nor "the energy minister".
fn bare_office(ctx: &Ctx, sent: usize, h: &Hit) -> bool {
    let s = &ctx.sents[sent];
    let form = ctx.text(h.start, h.end);
    let before = ctx.text(s.start, h.start).trim_end().to_lowercase();
    let after = ctx.text(h.end, s.end).to_lowercase();
    !form.contains(' ')
        && before
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()
            .is_some_and(|d| matches!(d, "the" | "le" | "la" | "l'" | "l’"))
        && ![
            " of ", " for ", " de ", " du ", " des ", " d'", " d’", " chargé",
        ]
        .iter()
        .any(|p| after.starts_with(p))
}

/// The person a story is about among the holders of an office: named (by name) before the
/// mention at `idx` at least [`PRINCIPAL_MENTIONS`] times and at least twice as often as
/// any other holder, counterparts who inherit the office included.
fn principal_of(
    persons: &Persons,
    idx: usize,
    candidates: &[usize],
    inheriting: &[usize],
) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = candidates
        .iter()
        .chain(inheriting)
        .map(|&c| {
            let n = persons.mentions[..idx]
                .iter()
                .filter(|m| m.cluster == c && !m.anaphoric)
                .count();
            (n, c)
        })
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts.dedup_by_key(|x| x.1);
    let (best, c) = *counts.first()?;
    let second = counts.get(1).map_or(0, |x| x.0);
    (counts.len() >= 2 && best >= PRINCIPAL_MENTIONS && best >= 2 * second).then_some(c)
}

/// "Son homologue haïtienne a expliqué que …", "His counterpart said …": a counterpart who
/// opens a sentence without a name is the person last introduced as a counterpart (of that
/// nationality, when one is written).
fn counterpart_subjects(ctx: &Ctx, persons: &Persons, new_mentions: &mut Vec<(Cand, usize)>) {
    // (where a counterpart was named, who)
    let mut named: Vec<usize> = Vec::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        for h in s
            .roles
            .iter()
            .filter(|h| is_office(ctx, h) && ctx.lex.roles[h.entries[0]].label == "Counterpart")
        {
            let next = persons.in_sentence(i).find(|m| m.start >= h.end);
            let names = next.filter(|m| {
                let gap = ctx.text(h.end, m.start);
                gap.len() <= 120
                    && !gap.contains(['.', ';', ':', '«', '»', '"', '“', '”'])
                    && !s.verbs.iter().any(|v| v.start >= h.end && v.end <= m.start)
            });
            if let Some(m) = names {
                named.push(m.cluster);
                continue;
            }
            if ctx.in_quote(i, h.start) {
                continue;
            }
            let before = ctx.text(s.start, h.start).trim().to_lowercase();
            let opens = before
                .rsplit(", ")
                .next()
                .is_some_and(|d| matches!(d, "son" | "sa" | "his" | "her" | "their" | "leur"));
            if !opens {
                continue;
            }
            let stop = s
                .verbs
                .iter()
                .find(|v| v.start >= h.end)
                .map_or(s.end, |v| v.start);
            let nationality = ctx
                .nationalities_in(i, h.end, stop)
                .first()
                .map(|n| n.1.clone());
            let chosen = named.iter().rev().copied().find(|&c| {
                nationality.is_none() || persons.clusters[c].nationality() == nationality
            });
            if let Some(c) = chosen {
                new_mentions.push((
                    Cand::anaphor(i, h.start, h.end, ctx.text(h.start, h.end)),
                    c,
                ));
            }
        }
    }
}

/// How often the principal of a story is named before a bare office stands for them.
const PRINCIPAL_MENTIONS: usize = 3;

fn resolve_anaphora(ctx: &Ctx, persons: &mut Persons) {
    let mut new_mentions: Vec<(Cand, usize)> = Vec::new();
    // clusters by the label of their offices
    let mut by_label: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (c, cl) in persons.clusters.iter().enumerate() {
        for (l, _) in &cl.roles {
            let v = by_label.entry(l.as_str()).or_default();
            if !v.contains(&c) {
                v.push(c);
            }
        }
    }
    // "X, ministre des Affaires étrangères, … son homologue guinéen, Y": Y holds X's office
    // (for the descriptions below only: a counterpart's role stays unwritten)
    let mut inherited: std::collections::HashMap<usize, Vec<String>> =
        std::collections::HashMap::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        for h in s
            .roles
            .iter()
            .filter(|h| is_office(ctx, h) && ctx.lex.roles[h.entries[0]].label == "Counterpart")
        {
            let subject = persons
                .in_sentence(i)
                .find(|m| m.end <= h.start && !ctx.in_quote(i, m.start));
            let named = persons.in_sentence(i).find(|m| {
                m.start >= h.end
                    && m.start - h.end <= 40
                    && !forbidden_gap(ctx.text(h.end, m.start))
            });
            if let (Some(a), Some(b)) = (subject, named) {
                if a.cluster != b.cluster && persons.clusters[b.cluster].roles.is_empty() {
                    let labels = persons.clusters[a.cluster]
                        .roles
                        .iter()
                        .map(|(l, _)| l.clone())
                        .collect();
                    inherited.entry(b.cluster).or_insert(labels);
                }
            }
        }
    }
    counterpart_subjects(ctx, persons, &mut new_mentions);
    // the offices found held by a person named without one ("La vice-ministre, elle, …"
    // again later)
    let mut held_by_focus: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    for (i, s) in ctx.sents.iter().enumerate() {
        // ("After her meeting with Ms X, the minister …": X is in a clause of its own)
        let adjunct_end = super::events::opening_adjunct_re()
            .find(ctx.sentence_text(i))
            .map_or(s.start, |m| s.start + m.end());
        for h in s.roles.iter().filter(|h| is_office(ctx, h)) {
            let entry = &ctx.lex.roles[h.entries[0]];
            if matches!(entry.label.as_str(), "Counterpart" | "Head") {
                continue;
            }
            // a name right after, or this office is an apposition of a name before
            let next_person = persons.in_sentence(i).find(|m| m.start >= h.end);
            if let Some(m) = next_person {
                // (honorifics between are part of the name's phrase: "Minister for Water
                // Affairs Dr. X")
                let mut gap = ctx.text(h.end, m.start).to_owned();
                for t in s.roles.iter().filter(|t| {
                    t.start >= h.end
                        && t.end <= m.start
                        && ctx.lex.roles[t.entries[0]].kind == RoleKind::Honorific
                }) {
                    gap = gap.replace(ctx.text(t.start, t.end), " ");
                }
                // (not "le ministre des Hydrocarbures et M. X": two persons)
                let coordinated = gap.split_whitespace().next_back().is_some_and(|w| {
                    ["et", "and", "avec", "with"]
                        .iter()
                        .any(|c| w.eq_ignore_ascii_case(c))
                });
                if !forbidden_gap(&gap)
                    && !coordinated
                    && !s.verbs.iter().any(|v| v.start >= h.end && v.end <= m.start)
                {
                    continue;
                }
            }
            let before = ctx.text(s.start, h.start);
            let before_trim = before.trim_end();
            if persons.in_sentence(i).any(|m| {
                m.end <= h.start && !(m.end <= adjunct_end && adjunct_end <= h.start) && {
                    let g = ctx.text(m.end, h.start);
                    g.trim_start().starts_with(',') && g.len() < 40 && !g.contains(['.', ';'])
                }
            }) {
                continue;
            }
            // plural or indefinite: not one known person
            let prev_word = before_trim.rsplit(' ').next().unwrap_or("").to_lowercase();
            if matches!(
                prev_word.as_str(),
                "les"
                    | "des"
                    | "un"
                    | "une"
                    | "a"
                    | "an"
                    | "ses"
                    | "leurs"
                    | "deux"
                    | "two"
                    | "trois"
                    | "three"
                    | "d'un"
                    | "d'une"
                    | "aux"
                    | "ces"
                    | "plusieurs"
                    | "other"
                    | "autres"
            ) {
                continue;
            }
            let first_word = ctx
                .text(h.start, h.end)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            if first_word.ends_with('s')
                && !matches!(first_word.as_str(), "sous" | "ss-secrétaire")
                && first_word != "chancellors"
                && !entry.form.to_lowercase().starts_with(&first_word)
            {
                continue;
            }
            let nat_end = (h.end + 60).min(s.end);
            let mut stop = nat_end;
            if let Some(p) = ctx.text(h.end, nat_end).find([',', '.', ';']) {
                stop = h.end + p;
            }
            // "la ministre a rencontré son homologue estonien": not hers
            if let Some(v) = s.verbs.iter().find(|v| v.start >= h.end && v.start < stop) {
                stop = v.start;
            }
            // "le ministre russe" (after) or "the Malaysian leader", "Mexico's president" (before)
            let adjective_before = s
                .countries
                .iter()
                .rfind(|c| c.end <= h.start && matches!(ctx.text(c.end, h.start).trim(), "" | "'s"))
                .map_or(h.start, |c| c.start);
            let nationality = ctx
                .nationalities_in(i, adjective_before.min(h.start.saturating_sub(1)), stop)
                .first()
                .map(|n| n.1.clone());
            let label = entry.label.as_str();
            let feminine = gender_cue(ctx, s.start, h.start, None, Some(ctx.text(h.start, h.end)));
            // a counterpart's inherited office counts only when no one holds it outright
            let fits_with = |c: usize, inherit: bool| {
                let gender_ok = super::mentions::agrees(persons, c, feminine);
                let cl = &persons.clusters[c];
                let own = cl.roles.iter().map(|(l, _)| l);
                let extra = inherited.get(&c).filter(|_| inherit);
                let role_ok = own.chain(extra.into_iter().flatten()).any(|l| {
                    l == label
                        || (label == "Head of State"
                            && matches!(l.as_str(), "President" | "King" | "Emir" | "Sultan"))
                        // ("le ministre" is not the Prime Minister)
                        || (label == "Minister"
                            && l.contains("Minister")
                            && !l.contains("Prime Minister"))
                        || (label == "Secretary" && l.contains("Secretary"))
                        || (label == "Envoy" && l.ends_with("Envoy"))
                        || (label == "Diplomat"
                            && matches!(
                                l.as_str(),
                                "Ambassador" | "Diplomat" | "Envoy" | "Chargé d'affaires"
                            ))
                        || (label == "Leader"
                            && matches!(
                                l.as_str(),
                                "President"
                                    | "Prime Minister"
                                    | "King"
                                    | "Emir"
                                    | "Sultan"
                                    | "Supreme Leader"
                                    | "Chancellor"
                                    | "Head of State"
                                    | "Head of Government"
                                    | "Leader"
                            ))
                });
                // "the Malaysian leader": only with a stated nationality
                if label == "Leader" && (nationality.is_none() || cl.nationality() != nationality) {
                    return false;
                }
                // "the Romanian official", "la responsable espagnole", "le diplomate du
                // Vatican": a word for any office holder, told apart by nationality alone
                let generic = matches!(label, "Official" | "Diplomat")
                    && nationality.is_some()
                    && cl.nationality() == nationality;
                if label == "Official" && !generic {
                    return false;
                }
                let nat_ok = match (&nationality, cl.nationality()) {
                    (Some(a), Some(b)) => *a == b,
                    _ => true,
                };
                (role_ok || generic) && nat_ok && gender_ok
            };
            // the persons named in the last stretch of text before (a bounded window, so a
            // long article stays linear), and any named later with exactly this office
            let idx = persons.mentions.partition_point(|m| m.start < h.start);
            let mut pool: Vec<usize> = persons.mentions[idx.saturating_sub(ANAPHORA_WINDOW)..idx]
                .iter()
                .map(|m| m.cluster)
                .chain(by_label.get(label).into_iter().flatten().copied())
                .collect();
            pool.sort_unstable();
            pool.dedup();
            let mut candidates: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&c| fits_with(c, false))
                .collect();
            let inheriting: Vec<usize> = pool.into_iter().filter(|&c| fits_with(c, true)).collect();
            let of_nationality = |c: &usize| persons.clusters[*c].nationality() == nationality;
            if candidates.is_empty() {
                candidates = inheriting.clone();
            }
            // "le ministre zambien" when the Zambian is only "son homologue zambien, X": the
            // counterpart of that nationality, before an office holder of unknown nationality
            if nationality.is_some() && !candidates.iter().any(of_nationality) {
                let counterparts: Vec<usize> =
                    inheriting.iter().copied().filter(of_nationality).collect();
                if !counterparts.is_empty() {
                    candidates = counterparts;
                }
            }
            // "le ministre ivoirien": a person known to be Ivorian before one of unknown nationality
            if nationality.is_some()
                && candidates
                    .iter()
                    .any(|&c| persons.clusters[c].nationality() == nationality)
            {
                candidates.retain(|&c| persons.clusters[c].nationality() == nationality);
            }
            if candidates.is_empty() {
                // "Celle de Lilit X a commencé par … La vice-ministre arménienne a été
                // accueillie …": a person just named with no office yet holds it, when she is
                // the only one
                let focus = held_by_focus
                    .get(label)
                    .copied()
                    .or_else(|| roleless_focus(ctx, persons, i, (h.start, h.end), label, feminine));
                if let Some(c) = focus {
                    held_by_focus.insert(label, c);
                    new_mentions.push((
                        Cand::anaphor(i, h.start, h.end, ctx.text(h.start, h.end)),
                        c,
                    ));
                }
                continue;
            }
            // "the Japanese official" with a vice-minister and an ambassador of Japan named:
            // the one member of a government
            if matches!(label, "Official" | "Diplomat") && candidates.len() > 1 {
                let ministers: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&c| {
                        persons.clusters[c].roles.iter().any(|(l, _)| {
                            l.contains("Minister")
                                || l.contains("President")
                                || l.contains("Secretary of State")
                        })
                    })
                    .collect();
                if ministers.len() == 1 {
                    candidates = ministers;
                }
            }
            // the candidate mentioned last before this office
            let idx = persons.mentions.partition_point(|m| m.start < h.start);
            // ("… hosted a dinner for the minister": a bare office stands for the person the
            // story is about, when one holder is named far more often than any other)
            let principal = (nationality.is_none() && bare_office(ctx, i, h))
                .then(|| principal_of(persons, idx, &candidates, &inheriting))
                .flatten();
            let chosen = principal.or_else(|| {
                persons.mentions[..idx]
                    .iter()
                    .rev()
                    .find(|m| m.end <= h.start && candidates.contains(&m.cluster))
                    .map(|m| m.cluster)
                    .or_else(|| {
                        // named later in the article (a headline before the body): only when one
                        // person holds exactly that office
                        let exact: Vec<usize> = candidates
                            .iter()
                            .copied()
                            .filter(|&c| persons.clusters[c].roles.iter().any(|(l, _)| l == label))
                            .collect();
                        (exact.len() == 1).then(|| exact[0])
                    })
            });
            if let Some(c) = chosen {
                new_mentions.push((
                    Cand::anaphor(i, h.start, h.end, ctx.text(h.start, h.end)),
                    c,
                ));
            }
        }
    }
    // "ce dernier", "cette dernière", "the latter": the person named last before (the
    // sentences are searched only when the article has the words at all)
    let sents = if latter_anywhere_re().is_match(&ctx.doc.norm) {
        &ctx.sents[..]
    } else {
        &[]
    };
    for (i, s) in sents.iter().enumerate() {
        for m in latter_re().find_iter(ctx.sentence_text(i)) {
            let (start, end) = (s.start + m.start(), s.start + m.end());
            if ctx.in_quote(i, start) {
                continue;
            }
            let feminine = m.as_str().to_lowercase().contains("dernière");
            let idx = persons.mentions.partition_point(|x| x.start < start);
            let chosen = persons.mentions[..idx].iter().rev().find(|x| {
                let (f, mm) = persons.clusters[x.cluster].gender_votes;
                x.end <= start && (!feminine || mm <= f) && (feminine || f <= mm || f == 0)
            });
            if let Some(x) = chosen {
                new_mentions.push((Cand::anaphor(i, start, end, m.as_str()), x.cluster));
            }
        }
    }
    for (cand, c) in new_mentions {
        add_mention(persons, cand, c, true);
    }
}

/// How many sentences back an unheld office looks for a person named without one.
const FOCUS_REACH: usize = 2;

/// The one person named in the [`FOCUS_REACH`] sentences before sentence `sent` (or earlier
/// in it) who holds no office, for an office that no one named holds: "Celle de Lilit X a
/// commencé par … La vice-ministre arménienne …". Not for heads of state or government, who
/// are often left unnamed.
fn roleless_focus(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    (at, end): (usize, usize),
    label: &str,
    feminine: Option<bool>,
) -> Option<usize> {
    if matches!(
        label,
        "Head of State"
            | "Head of Government"
            | "President"
            | "Prime Minister"
            | "King"
            | "Emir"
            | "Sultan"
            | "Leader"
            | "Supreme Leader"
            | "Official"
            | "Spokesperson"
    ) {
        return None;
    }
    // ("Economist Geoffrey Ooi said": a name the office introduces, even unread)
    let after = ctx.text(end, ctx.sents[sent].end).trim_start();
    if after.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let mut found: Vec<usize> = Vec::new();
    for s in sent.saturating_sub(FOCUS_REACH)..=sent {
        // (a sentence of the story, not a byline: "Par notre correspondante, X")
        let told = ctx
            .sentence_text(s)
            .trim_end()
            .ends_with(['.', '!', '?', '»', '"', '”', ':']);
        for m in persons.in_sentence(s) {
            if (s == sent && m.start >= at) || ctx.in_quote(s, m.start) || !told {
                continue;
            }
            if !found.contains(&m.cluster) {
                found.push(m.cluster);
            }
        }
    }
    let [c] = found[..] else {
        return None;
    };
    (persons.clusters[c].roles.is_empty() && super::mentions::agrees(persons, c, feminine))
        .then_some(c)
}

/// The words that name the person named last before ("the latter").
const LATTER: &str = "ce dernier|cette dernière|the latter";

/// `latter_re` without its word boundaries: it matches every text with a match of
/// `latter_re` in it (one search of the article instead of one a sentence).
fn latter_anywhere_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!("(?i){LATTER}")).unwrap())
}

fn latter_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"(?i)(?-u:\b)({LATTER})(?-u:\b)")).unwrap())
}

/// Head words of institutions, streets, buildings and prizes named after persons.
const INSTITUTION_HEADS: &[&str] = &[
    "centre",
    "center",
    "cité",
    "tech",
    "institute",
    "institut",
    "foundation",
    "fondation",
    "university",
    "université",
    "college",
    "collège",
    "school",
    "école",
    "lycée",
    "hospital",
    "hôpital",
    "airport",
    "aéroport",
    "stadium",
    "stade",
    "prize",
    "prix",
    "award",
    "street",
    "avenue",
    "road",
    "rue",
    "boulevard",
    "bridge",
    "pont",
    "square",
    "place",
    "library",
    "bibliothèque",
    "museum",
    "musée",
    "memorial",
    "mémorial",
    "port",
    "barracks",
    "caserne",
    "base",
    "limited",
    "ltd",
    "hotel",
    "hôtel",
    "berhad",
    "committee",
    "corporation",
    "railways",
    "administration",
    "authority",
    "autorité",
    "division",
    "dam",
    "barrage",
    "palace",
    "palais",
    "hall",
    "building",
    "station",
    "gare",
    "park",
    "parc",
    "highway",
    "autoroute",
    "harbour",
    "harbor",
    "academy",
    "académie",
    "terminal",
    "lake",
    "river",
    "fleuve",
    "plaza",
    "quay",
    "quai",
    "campus",
    "arena",
    "cathedral",
    "cathédrale",
    "mosque",
    "mosquée",
    "church",
    "église",
    // Spanish and Portuguese names keep their own words
    "centro",
    "instituto",
    "universidad",
    "universidade",
    "fundación",
    "fundação",
    "aeropuerto",
    "aeroporto",
    "avenida",
    "calle",
    "praça",
    "palacio",
    "palácio",
    "estadio",
    "estádio",
    "museo",
    "museu",
    // old towns, ships
    "kasbah",
    "casbah",
    "médina",
    "medina",
    "brise-glace",
    "icebreaker",
    "navire",
    "frégate",
    "frigate",
    "porte-avions",
];

/// The [`INSTITUTION_HEADS`] of places named after a person with a title: "l'hôtel Roi
/// Christophe", "avenue Président Kennedy".
const NAMED_PLACE_HEADS: &[&str] = &[
    "hotel",
    "hôtel",
    "avenue",
    "boulevard",
    "rue",
    "street",
    "road",
    "place",
    "square",
    "pont",
    "bridge",
    "quai",
    "stade",
    "stadium",
    "lycée",
    "collège",
    "école",
    "aéroport",
    "airport",
];

/// Words that end the name of a firm or a public body ("Hindalco Industries", "the Reserve
/// Bank"): within or right after a name candidate, never before it, where they are an office's
/// domain ("Minister for Large and Medium Industries X").
const ORGANISATION_WORDS: &[&str] = &[
    "inc",
    "plc",
    "corp",
    "industries",
    "holdings",
    "enterprises",
    "company",
    "compagnie",
    "bank",
    "banque",
    "ministry",
    "ministère",
    "agency",
    "agence",
    "commission",
    "council",
    "tower",
];

/// The [`INSTITUTION_HEADS`] that name a place when written in lower case right after a name:
/// none of them is a word that commonly follows a person's name in a sentence.
const LOWER_CASE_HEADS_AFTER: &[&str] = &[
    "airport",
    "stadium",
    "street",
    "avenue",
    "boulevard",
    "bridge",
    "hospital",
    "university",
    "museum",
    "highway",
];

/// Adjectives that may stand between an institution word and the name it bears
/// ("l'aéroport international Houari-Boumediene", "le stade municipal Omnisport").
const INSTITUTION_ADJECTIVES: &[&str] = &[
    "international",
    "internationale",
    "national",
    "nationale",
    "municipal",
    "municipale",
    "présidentiel",
    "présidentielle",
    "militaire",
    "universitaire",
    "régional",
    "régionale",
];

/// Whether a word is one of the [`ORGANISATION_WORDS`], in any case.
fn is_organisation_word(word: &str) -> bool {
    with_lowercase(word, |w| ORGANISATION_WORDS.contains(&w))
}

/// Whether a word is one of the `INSTITUTION_HEADS`, in any case.
fn is_institution_head(word: &str) -> bool {
    // a set: every word around every name candidate is looked up
    static HEADS: OnceLock<rustc_hash::FxHashSet<&str>> = OnceLock::new();
    let heads = HEADS.get_or_init(|| INSTITUTION_HEADS.iter().copied().collect());
    with_lowercase(word, |w| heads.contains(w))
}

/// `f` of the word lower-cased (`str::to_lowercase`), on the stack for a short ASCII word (most
/// words): no allocation.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0; 24];
    match buf.get_mut(..word.len()) {
        Some(lower) if word.is_ascii() => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            f(std::str::from_utf8(lower).expect("ASCII"))
        }
        _ => f(&word.to_lowercase()),
    }
}

/// Whether the name between `before` and `after` is part of an institution's name: an
/// institution word right before it ("l'université Omar-Bongo", "avenue Habib-Bourguiba"), or
/// capitalised words ending in one right after it ("Kofi Annan International … Centre").
fn names_an_institution(before: &str, after: &str, given_name: bool) -> bool {
    let is_head = |w: &str| is_institution_head(w.trim_matches(|c: char| !c.is_alphanumeric()));
    // the institution word, maybe followed by an adjective or two
    for prev in before.split_whitespace().rev().take(3) {
        // ("le directeur du port, Paul X": a comma ends the institution's name)
        if prev.ends_with([',', ';', ':']) {
            break;
        }
        let prev = prev.rsplit(['\'', '’']).next().unwrap_or(prev);
        if is_head(prev) {
            return true;
        }
        if !with_lowercase(prev, |w| INSTITUTION_ADJECTIVES.contains(&w)) {
            break;
        }
    }
    // ("the Da Nang People's Committee")
    let after = after
        .strip_prefix("'s ")
        .or_else(|| after.strip_prefix("’s "))
        .unwrap_or(after);
    for (k, w) in after.split_whitespace().enumerate() {
        if k >= 6 {
            break;
        }
        let first = w.chars().next().unwrap_or(' ');
        if (is_head(w) || is_organisation_word(w.trim_matches(|c: char| !c.is_alphanumeric())))
            && first.is_uppercase()
        {
            return true;
        }
        // English writes some heads in lower case right after the name ("Asuncion's Silvio
        // Pettirossi airport", "the Nelson Mandela bridge")
        if k == 0
            && LOWER_CASE_HEADS_AFTER.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        {
            return true;
        }
        // (a connector right after the name opens a complement of the person: "Economist X
        // of Sunway University said")
        // (and "and" after a given name and a surname: "Ambassador X and Nepal Electricity
        // Authority Managing Director Y")
        let connector = match w {
            "of" | "for" | "de" | "du" | "des" => k > 0,
            "and" => k > 0 || !given_name,
            _ => false,
        };
        if !(first.is_uppercase() || connector) {
            break;
        }
        if w.ends_with([',', '.', ';', ':', ')']) {
            break;
        }
    }
    false
}
