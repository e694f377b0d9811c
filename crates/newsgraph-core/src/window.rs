//! Long articles, window by window: an article longer than [`WINDOW_BYTES`] is cleaned and
//! extracted in windows of whole paragraphs ([`article::windows`]), and its graph is mapped
//! window by window (the `newsgraph` crate's `window::Graph`). No rule sees more than one window, so time is linear in the
//! article's length whatever the rules do inside a window; memory holds the article's model
//! and one window's quads, never the whole graph's.
//!
//! Entry point: [`extract`] (a long article's text → its merged model and its windows'
//! models). The graph of an article, whole or window by window, is mapped by the `newsgraph`
//! crate's `window::Graph`.
//!
//! What a window does not see: the language and the reference date are the whole article's
//! (detected, like a short article's, from its first 5,000 words and its most frequent full
//! date); a person named in full in one window and by surname alone in another is two persons
//! of the model, as in two articles, and the store's identity pass (`newsgraph::resolve`) joins
//! them. The article's graph is the union of its windows' graphs: an entity found in several
//! windows is one node (the same IRI) holding the facts of each.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::article::{self, Document, WINDOW_BYTES};
use crate::extract::dates::{self, DateValue};
use crate::extract::{self as rules, ArticleInput};
use crate::iri::Minter;
use crate::lexicon::Lexicon;
use crate::model::{self, ArticleInfo, Extraction, Mention};
use crate::ArticleOptions;

/// Words read to detect the language, as [`rules::detect_language`] reads them.
const DETECT_WORDS: usize = 5000;

/// A long article extracted window by window.
#[derive(Debug, Clone)]
pub struct Windowed {
    /// The article's model: the windows' models merged (an entity found in several windows,
    /// by its IRI, is one), ids and sentence numbers renumbered for the whole article.
    pub extraction: Extraction,
    /// Each window's own model, in order: offsets in the whole article, sentence numbers and
    /// ids of the window's own, the article's [`ArticleInfo`]. What the graph of a long article maps.
    pub windows: Vec<Extraction>,
}

/// Extracts a long article window by window (the windows on all cores). `text` is the
/// decoded article; any length works, and one window gives what [`rules::extract`] gives
/// (but for the article-wide language and reference date).
pub fn extract(text: &str, opts: &ArticleOptions) -> Windowed {
    let lex = Lexicon::get();
    let base = opts.input(text);
    let (lang, reference) = article_wide(text, opts, lex);
    let input = ArticleInput {
        lang: Some(lang.clone()),
        // the whole article's reference date, which a window would otherwise take from its
        // own dates (the model's `published` is set back below)
        published: reference,
        ..base.clone()
    };
    let mut windows: Vec<(usize, Extraction)> = article::windows(text, lex)
        .enumerate()
        .par_bridge()
        .filter(|(_, w)| !w.doc.sentences.is_empty())
        .map(|(i, w)| {
            let mut ex = rules::extract(&w.doc, &input);
            shift(&mut ex, w.char_start);
            (i, ex)
        })
        .collect();
    windows.sort_unstable_by_key(|(i, _)| *i);
    let info = ArticleInfo {
        iri: base.iri,
        url: base.url,
        title: base.title,
        lang,
        published: opts.published.map(|d| d.to_string()),
        reference_date: reference.map(|d| d.to_string()),
        sha256: base.sha256,
        length: text.chars().count(),
    };
    let windows: Vec<Extraction> = windows
        .into_iter()
        .map(|(_, mut ex)| {
            ex.article = info.clone();
            ex
        })
        .collect();
    Windowed {
        extraction: merge(info, &windows, &opts.minter),
        windows,
    }
}

/// Whether `text` is extracted window by window.
pub fn is_long(text: &str) -> bool {
    text.len() > WINDOW_BYTES
}

/// The article's language and reference date (the publication date, else its most frequent
/// full date, the earliest written on ties), read over every window: what
/// [`rules::extract`] decides from the whole document.
fn article_wide(text: &str, opts: &ArticleOptions, lex: &Lexicon) -> (String, Option<NaiveDate>) {
    if let (Some(lang), Some(_)) = (&opts.lang, opts.published) {
        return (lang.clone(), opts.published);
    }
    let mut lang = opts.lang.clone();
    // the first words of the cleaned text, and the windows whose dates wait for the language
    let mut head = String::new();
    let mut waiting: Vec<Document> = Vec::new();
    let mut dates = DateCount::default();
    let count_dates = opts.published.is_none();
    for w in article::windows(text, lex) {
        match &lang {
            Some(l) if count_dates => dates.add(&w.doc, l),
            Some(_) => break,
            None => {
                head.push_str(&w.doc.norm);
                waiting.push(w.doc);
                if head
                    .split(|c: char| !c.is_alphabetic() && c != '\'')
                    .take(DETECT_WORDS)
                    .count()
                    >= DETECT_WORDS
                {
                    let l = rules::detect_language(&head).to_owned();
                    if count_dates {
                        for d in waiting.drain(..) {
                            dates.add(&d, &l);
                        }
                    }
                    lang = Some(l);
                }
            }
        }
    }
    let lang = lang.unwrap_or_else(|| rules::detect_language(&head).to_owned());
    for d in waiting.drain(..) {
        if count_dates {
            dates.add(&d, &lang);
        }
    }
    (lang, opts.published.or_else(|| dates.dominant()))
}

/// Full dates of an article: for each, how often it is written and where first.
#[derive(Default)]
struct DateCount {
    by_date: HashMap<NaiveDate, (usize, usize)>,
    seen: usize,
}

impl DateCount {
    fn add(&mut self, doc: &Document, lang: &str) {
        for s in &doc.sentences {
            for m in dates::find_dates(&doc.norm[s.start..s.end], lang) {
                if let DateValue::Absolute(d) = m.value {
                    let e = self.by_date.entry(d).or_insert((0, self.seen));
                    e.0 += 1;
                    self.seen += 1;
                }
            }
        }
    }

    /// As [`dates::dominant_date`]: the most frequent, the first written on ties.
    fn dominant(&self) -> Option<NaiveDate> {
        self.by_date
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(d, _)| *d)
    }
}

/// Every span of `ex`.
fn spans_mut(ex: &mut Extraction) -> impl Iterator<Item = (&mut usize, &mut usize)> {
    let mentions = ex
        .persons
        .iter_mut()
        .flat_map(|p| p.mentions.iter_mut())
        .chain(
            ex.organizations
                .iter_mut()
                .flat_map(|o| o.mentions.iter_mut()),
        )
        .chain(ex.countries.iter_mut().flat_map(|c| c.mentions.iter_mut()))
        .chain(ex.places.iter_mut().flat_map(|p| p.mentions.iter_mut()))
        .chain(ex.meetings.iter_mut().flat_map(|m| {
            m.mentions
                .iter_mut()
                .chain(m.resolved.iter_mut().map(|r| &mut r.mention))
        }))
        .chain(ex.claims.iter_mut().flat_map(|c| {
            c.mentions
                .iter_mut()
                .chain(c.resolved.iter_mut().map(|r| &mut r.mention))
        }))
        .map(|m| (&mut m.start, &mut m.end));
    ex.sentences
        .iter_mut()
        .map(|s| (&mut s.start, &mut s.end))
        .chain(mentions)
}

/// Moves a window's spans to the whole article: `chars` characters later.
fn shift(ex: &mut Extraction, chars: usize) {
    for (start, end) in spans_mut(ex) {
        *start += chars;
        *end += chars;
    }
}

fn push_new<T: PartialEq>(into: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    for x in items {
        if !into.contains(&x) {
            into.push(x);
        }
    }
}

/// The article's model from its windows' (see [`Windowed::extraction`]). Persons,
/// organisations and places are one by IRI (as the mapping makes them), countries by code;
/// meetings and claims are each window's.
fn merge(info: ArticleInfo, windows: &[Extraction], minter: &Minter) -> Extraction {
    let mut out = Extraction {
        format: model::FORMAT.to_owned(),
        article: info,
        sentences: Vec::new(),
        persons: Vec::new(),
        organizations: Vec::new(),
        countries: Vec::new(),
        places: Vec::new(),
        meetings: Vec::new(),
        claims: Vec::new(),
    };
    // entity IRI → index in `out`
    let mut persons: HashMap<String, usize> = HashMap::new();
    let mut orgs: HashMap<String, usize> = HashMap::new();
    let mut places: HashMap<String, usize> = HashMap::new();
    let mut countries: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for w in windows {
        let first = out.sentences.len();
        out.sentences.extend(w.sentences.iter().cloned());
        let moved = |ms: &[Mention]| -> Vec<Mention> {
            ms.iter()
                .map(|m| Mention {
                    sentence: m.sentence + first,
                    ..m.clone()
                })
                .collect()
        };
        // the window's ids → the article's
        let mut ids: HashMap<&str, String> = HashMap::new();
        for o in &w.organizations {
            let n = out.organizations.len();
            let i = *orgs
                .entry(minter.organization(&o.name, o.country.as_deref()))
                .or_insert(n);
            if i == n {
                out.organizations.push(model::Organization {
                    id: format!("o{}", n + 1),
                    mentions: Vec::new(),
                    ..o.clone()
                });
            }
            let m = &mut out.organizations[i];
            m.same_as = m.same_as.take().or_else(|| o.same_as.clone());
            m.mentions.extend(moved(&o.mentions));
            ids.insert(&o.id, m.id.clone());
        }
        for p in &w.places {
            let n = out.places.len();
            let i = *places
                .entry(minter.place(&p.name, p.country.as_deref(), p.geonames.as_deref()))
                .or_insert(n);
            if i == n {
                out.places.push(model::Place {
                    id: format!("pl{}", n + 1),
                    mentions: Vec::new(),
                    ..p.clone()
                });
            }
            let m = &mut out.places[i];
            m.same_as = m.same_as.take().or_else(|| p.same_as.clone());
            m.mentions.extend(moved(&p.mentions));
            ids.insert(&p.id, m.id.clone());
        }
        for p in &w.persons {
            let n = out.persons.len();
            let i = *persons.entry(minter.person(&p.name)).or_insert(n);
            if i == n {
                out.persons.push(model::Person {
                    id: format!("p{}", n + 1),
                    aliases: Vec::new(),
                    titles: Vec::new(),
                    roles: Vec::new(),
                    organizations: Vec::new(),
                    mentions: Vec::new(),
                    ..p.clone()
                });
            }
            let m = &mut out.persons[i];
            let name = m.name.clone();
            push_new(
                &mut m.aliases,
                std::iter::once(&p.name)
                    .chain(&p.aliases)
                    .filter(|a| **a != name)
                    .cloned(),
            );
            push_new(&mut m.titles, p.titles.iter().cloned());
            for r in &p.roles {
                if !m.roles.iter().any(|x| x.to_lowercase() == r.to_lowercase()) {
                    m.roles.push(r.clone());
                }
            }
            m.country = m.country.take().or_else(|| p.country.clone());
            m.same_as = m.same_as.take().or_else(|| p.same_as.clone());
            push_new(
                &mut m.organizations,
                p.organizations
                    .iter()
                    .filter_map(|o| ids.get(o.as_str()).cloned()),
            );
            m.mentions.extend(moved(&p.mentions));
            ids.insert(&p.id, m.id.clone());
        }
        for c in &w.countries {
            countries
                .entry(c.code.clone())
                .or_default()
                .extend(moved(&c.mentions));
        }
        let id = |x: &String| ids.get(x.as_str()).cloned();
        // the evidence of a resolution: its person's article id, its pronoun's sentence moved
        let resolutions = |rs: &[model::Resolution]| -> Vec<model::Resolution> {
            rs.iter()
                .filter_map(|r| {
                    Some(model::Resolution {
                        person: id(&r.person)?,
                        mention: moved(std::slice::from_ref(&r.mention)).pop()?,
                        ..r.clone()
                    })
                })
                .collect()
        };
        for m in &w.meetings {
            let mut participants = Vec::new();
            push_new(&mut participants, m.participants.iter().filter_map(id));
            out.meetings.push(model::Meeting {
                id: format!("m{}", out.meetings.len() + 1),
                participants,
                host: m.host.as_ref().and_then(id),
                place: m.place.as_ref().and_then(id),
                mentions: moved(&m.mentions),
                resolved: resolutions(&m.resolved),
                ..m.clone()
            });
        }
        for c in &w.claims {
            let Some(speaker) = id(&c.speaker) else {
                continue;
            };
            let mut about = Vec::new();
            // a country is named by its code, the same in every window
            push_new(
                &mut about,
                c.about.iter().map(|a| id(a).unwrap_or(a.clone())),
            );
            let resolved = resolutions(&c.resolved);
            out.claims.push(model::Claim {
                id: format!("c{}", out.claims.len() + 1),
                speaker,
                about,
                mentions: moved(&c.mentions),
                resolved,
                ..c.clone()
            });
        }
    }
    out.countries = countries
        .into_iter()
        .map(|(code, mentions)| model::CountryRef { code, mentions })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::windows;

    fn news(bytes: usize, sep: &str, nl: &str) -> String {
        crate::synth::news_text(bytes, 5, sep, nl)
    }

    fn opts() -> ArticleOptions {
        ArticleOptions::default()
    }

    /// The windows' texts, checked to cover `text` in order and to fit a window.
    fn window_texts(text: &str) -> Vec<String> {
        let mut chars = 0;
        let mut out = Vec::new();
        for w in windows(text, Lexicon::get()) {
            assert_eq!(w.char_start, chars);
            // one window, more only by the LF of a CR LF
            assert!(w.doc.original.len() <= WINDOW_BYTES + 1);
            chars += w.doc.original.chars().count();
            out.push(w.doc.original);
        }
        assert_eq!(out.concat(), text);
        out
    }

    #[test]
    fn paragraphs_are_cut_at_line_ends() {
        for nl in ["\n", "\r\n", "\r"] {
            let text = news(300_000, &format!("{nl}{nl}"), nl);
            let w = window_texts(&text);
            assert!(w.len() >= 5, "{}", w.len());
            for t in &w[..w.len() - 1] {
                assert!(t.ends_with(nl), "{:?}", &t[t.len() - 20..]);
            }
        }
    }

    #[test]
    fn a_long_line_is_cut_at_sentence_ends_else_spaces_else_characters() {
        let text = news(300_000, " ", " ");
        assert!(!text.contains('\n'));
        let w = window_texts(&text);
        for (a, b) in w.iter().zip(&w[1..]) {
            assert!(a.ends_with(char::is_whitespace), "{:?}", &a[a.len() - 20..]);
            let before = a.trim_end();
            assert!(
                before.ends_with(['.', '!', '?', '…', '»', '"', '”', ')']),
                "{before:?}"
            );
            assert!(
                b.starts_with(|c: char| c.is_uppercase()
                    || c.is_numeric()
                    || "«\"“('-–—".contains(c)),
                "{b:?}"
            );
        }
        // no sentence end: at a space
        let words = "mot ".repeat(50_000);
        for t in &window_texts(&words)[..1] {
            assert!(t.ends_with(' '));
        }
        // no space: between characters, never before a combining mark
        let marks = "e\u{301}".repeat(100_000);
        let w = window_texts(&marks);
        assert!(w.len() > 2);
        for t in &w[1..] {
            assert!(t.starts_with('e'), "{:?}", &t[..4]);
        }
    }

    #[test]
    fn a_line_repeated_in_a_later_window_is_dropped_as_in_the_whole_article() {
        let caption = "Une légende de photo assez longue pour compter comme une vraie ligne ici.";
        let text = format!("{caption}\n{}\n{caption}\n", news(200_000, "\n\n", "\n"));
        let whole = Document::new(text.clone(), Lexicon::get());
        let dropped: usize = windows(&text, Lexicon::get())
            .map(|w| w.doc.dropped_lines)
            .sum();
        assert_eq!(dropped, whole.dropped_lines);
        assert!(dropped >= 1);
    }

    /// The text of a character span of `chars`.
    fn span(chars: &[char], start: usize, end: usize) -> String {
        chars[start..end].iter().collect()
    }

    #[test]
    fn a_long_article_keeps_the_whole_articles_offsets_sentences_and_reference_date() {
        let text = news(250_000, "\n\n", "\n");
        let w = extract(&text, &opts());
        let ex = &w.extraction;
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(ex.article.length, chars.len());
        // the sentences of the whole document, in order, at the same offsets
        let doc = Document::new(text.clone(), Lexicon::get());
        let whole: Vec<(usize, usize)> = doc
            .sentences
            .iter()
            .map(|s| doc.orig_span(s.start, s.end))
            .collect();
        let got: Vec<(usize, usize)> = ex.sentences.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, whole);
        for s in &ex.sentences {
            assert_eq!(span(&chars, s.start, s.end), s.text);
        }
        // every mention is its text, in its sentence
        let mut mentions = 0;
        let mut check = |m: &Mention| {
            assert_eq!(span(&chars, m.start, m.end), m.text);
            let s = &ex.sentences[m.sentence];
            assert!(s.start <= m.start && m.end <= s.end, "{m:?} not in {s:?}");
            mentions += 1;
        };
        ex.persons
            .iter()
            .flat_map(|p| &p.mentions)
            .for_each(&mut check);
        ex.organizations
            .iter()
            .flat_map(|o| &o.mentions)
            .for_each(&mut check);
        ex.countries
            .iter()
            .flat_map(|c| &c.mentions)
            .for_each(&mut check);
        ex.places
            .iter()
            .flat_map(|p| &p.mentions)
            .for_each(&mut check);
        ex.meetings
            .iter()
            .flat_map(|m| &m.mentions)
            .for_each(&mut check);
        ex.claims
            .iter()
            .flat_map(|c| &c.mentions)
            .for_each(&mut check);
        assert!(mentions > 1000, "{mentions}");
        // ids and spans hold together (what a curated extraction file must)
        assert_eq!(&Extraction::from_json(&ex.to_json()).unwrap(), ex);
        // one person per IRI
        let minter = Minter::default();
        let iris: std::collections::HashSet<String> =
            ex.persons.iter().map(|p| minter.person(&p.name)).collect();
        assert_eq!(iris.len(), ex.persons.len());
        // the reference date is the whole article's dominant date
        let all: Vec<dates::DateMention> = doc
            .sentences
            .iter()
            .flat_map(|s| dates::find_dates(&doc.norm[s.start..s.end], "fr"))
            .collect();
        assert_eq!(ex.article.lang, "fr");
        assert_eq!(
            ex.article.reference_date,
            dates::dominant_date(&all).map(|d| d.to_string())
        );
        for win in &w.windows {
            assert_eq!(win.article, ex.article);
        }
    }

    #[test]
    fn a_short_article_is_not_windowed() {
        let text = news(10_000, "\n\n", "\n");
        assert!(!is_long(&text));
        assert_eq!(windows(&text, Lexicon::get()).count(), 1);
    }
}
