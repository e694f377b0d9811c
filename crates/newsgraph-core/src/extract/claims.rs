//! Claims: direct quotations and reported speech, attributed to their speaker.
//!
//! A quotation's speaker is named by the reporting verb after it ("», a déclaré le général X",
//! "” Lavrov said") or before it ("X a déclaré : «", "He said “"); failing that, the person of
//! the sentence, or the previous speaker when a quotation continues. Reported speech is the
//! complement of a reporting verb ("X a affirmé que …", "Il a ajouté que …", "…, a déclaré le
//! porte-parole, Y", "selon X, …"). Pronoun subjects resolve to the last speaker, else to the
//! last person named.

use std::sync::OnceLock;

use regex::Regex;

use super::mentions::resolve_pronoun_why;
use super::names::{lower_ends_with, strip_accents};
use super::persons::Persons;
use super::{Ctx, PlaceMentions};
use crate::lexicon::{CountryFormKind, Hit, VerbKind};
use crate::model;

struct RawClaim {
    speaker: usize,
    sent: usize,
    start: usize,
    end: usize,
    direct: bool,
    /// The claim's text in the sentences after `sent`, if it runs over several (an embedded
    /// post): (sentence, start, end).
    more: Vec<(usize, usize, usize)>,
}

impl RawClaim {
    fn reported(speaker: usize, sent: usize, start: usize, end: usize) -> RawClaim {
        RawClaim {
            speaker,
            sent,
            start,
            end,
            direct: false,
            more: Vec::new(),
        }
    }
}

/// A speaker found for a pronoun: (sentence, person, rule, pronoun start, pronoun end).
type Noted = (usize, usize, &'static str, usize, usize);

thread_local! {
    /// The pronoun resolutions of the claims of the article being read, in order: the
    /// evidence `model::Claim::resolved` is made of (the functions that find a speaker return
    /// only the person).
    static NOTED: std::cell::RefCell<Vec<Noted>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`resolve_pronoun_why`], noting the decision and the pronoun's span (`at`) as evidence.
fn resolve_pronoun_noted(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    last_speaker: Option<(usize, usize)>,
    feminine: Option<bool>,
    at: (usize, usize),
) -> Option<usize> {
    let (c, rule) = resolve_pronoun_why(ctx, persons, sent, last_speaker, feminine)?;
    NOTED.with(|n| n.borrow_mut().push((sent, c, rule, at.0, at.1)));
    Some(c)
}

fn pronoun_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[,;]\s*|(?-u:\b)et\s+|(?-u:\b)and\s+|(?-u:\b)mais\s+|(?-u:\b)but\s+)(il|elle|he|she)(?:\s+(?:a|lui|also|then|later|has|had|aussi|également|encore|en outre|par ailleurs|ensuite|enfin|de son côté|pour sa part))*\s*$").unwrap()
    })
}

/// Words that show a quotation is written, not said: a slogan, a banner, a motto.
fn written_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(slogan|slogans|mot d'ordre|mot d’ordre|devise|motto|banners?|banderoles?|affiches?|pancartes?|placards?|pouvait-on lire|could be read|was printed|were printed|inscrit|inscription)(?-u:\b)").unwrap()
    })
}

/// Reporting verbs that deny.
fn denial_verb_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:a |ont |avait |avaient )?(?:deni|démen|dément|nié|nie|nia|deny)")
            .unwrap()
    })
}

fn according_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "Pour X, …" only at the start of a sentence ("pour" is everywhere else)
        Regex::new(r"(?i)^pour\s+|(?-u:\b)(selon|d'après|according to)\s+").unwrap()
    })
}

fn que_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?-u:\b)(que|qu'|that)(?-u:\b)\s*").unwrap())
}

fn lead_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:\s|,|:|(?-u:\b)que(?-u:\b)|(?-u:\b)qu'|(?-u:\b)that(?-u:\b))*").unwrap()
    })
}

/// What follows a reporting verb when it introduces no statement: circumstances ("after
/// talks with …", "à l'issue de la rencontre", "during a visit to …").
fn circumstance_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:(?:on|last|this)\s+\p{L}+\s+)?(?:after|following|before|during|at the end of|at a|at the|in a statement|à l'issue d|après|lors d|au sortir d|au terme d|en marge d)(?-u:\b)").unwrap()
    })
}

/// The length of a dateline opening a sentence ("New Delhi: ", "ROME (AFP) – "): a few
/// capitalised words, maybe an agency in brackets, then a colon or a dash.
fn dateline_len(text: &str) -> usize {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\p{Lu}[\p{L}\-'.]*(?:[ ,]+\p{Lu}[\p{L}\-'.]*){0,3}(?:\s*\([^)]{1,20}\))?\s*(?::|–|—|--)\s+")
            .unwrap()
    });
    re.find(text).map_or(0, |m| m.end())
}

/// Words of a text, for comparing claims.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

pub fn find_claims(
    ctx: &Ctx,
    persons: &Persons,
    meetings: &[model::Meeting],
    place_at: &PlaceMentions,
) -> Vec<model::Claim> {
    NOTED.with(|n| n.borrow_mut().clear());
    let mut raw: Vec<RawClaim> = Vec::new();
    // the sentence whose colon introduced each claim of a quotation over paragraphs: (claim
    // sentence, introducing sentence)
    let mut introduced_by: Vec<(usize, usize)> = Vec::new();
    // (cluster, sentence)
    let mut last_speaker: Option<(usize, usize)> = None;
    // quotations over several paragraphs after "X a déclaré :": one claim a paragraph
    let mut block_claims: Vec<RawClaim> = Vec::new();
    let mut in_block = vec![false; ctx.sents.len()];
    for block in quoted_blocks(ctx) {
        let first = block[0][0];
        let Some(speaker) = first
            .checked_sub(1)
            .and_then(|intro| colon_speaker(ctx, persons, intro))
        else {
            continue;
        };
        let last_para = block.len() - 1;
        for (k, para) in block.iter().enumerate() {
            let spans: Vec<(usize, usize, usize)> = para
                .iter()
                .enumerate()
                .map(|(n, &j)| {
                    let t = &ctx.sents[j];
                    let text = ctx.sentence_text(j);
                    let mut a = t.start + (text.len() - text.trim_start().len());
                    let mut b = t.start + text.trim_end().len();
                    if n == 0 {
                        a = skip_marks(ctx, a, b);
                    }
                    if k == last_para && n == para.len() - 1 {
                        b = before_closing(ctx, a, b);
                    }
                    (j, a, b)
                })
                .filter(|&(_, a, b)| b > a)
                .collect();
            let Some((&(j, a, b), rest)) = spans.split_first() else {
                continue;
            };
            for &j in para {
                in_block[j] = true;
            }
            introduced_by.push((j, first - 1));
            block_claims.push(RawClaim {
                speaker,
                sent: j,
                start: a,
                end: b,
                direct: true,
                more: rest.to_vec(),
            });
        }
    }
    for (i, s) in ctx.sents.iter().enumerate() {
        if in_block[i] {
            if let Some(k) = block_claims.iter().position(|r| r.sent == i) {
                let r = block_claims.remove(k);
                last_speaker = Some((r.speaker, i));
                raw.push(r);
            }
            continue;
        }
        let speech: Vec<&Hit> = s
            .verbs
            .iter()
            .filter(|v| ctx.verb_kind(v) == VerbKind::Speech && !ctx.in_quote(i, v.start))
            .collect();
        let mut used_verbs: Vec<usize> = Vec::new();
        // quotations that became claims of their own (the others stay in reported speech)
        let mut direct_quotes: Vec<(usize, usize)> = Vec::new();
        // "selon le cabinet de X": the source is not a person, so quotes get no fallback speaker
        // (looked for only when a quotation has no speaker yet: most sentences have none)
        let non_person_source = std::cell::OnceCell::new();
        let non_person_source = || {
            *non_person_source.get_or_init(|| {
                according_re()
                    .find_iter(ctx.sentence_text(i))
                    .any(|m| according_person(ctx, persons, i, s.start + m.end()).is_none())
            })
        };

        // an embedded post: its text, then "— Name (@handle) date" on a line of its own;
        // the paragraph before is the person's, word for word
        if let Some(sp) = post_author(ctx, persons, i) {
            // the sentences of the paragraph just before the line (or of its own paragraph)
            let para = i.checked_sub(1).map(|j| ctx.sents[j].paragraph);
            let block: Vec<usize> = (i.saturating_sub(POST_SENTENCES)..i)
                .filter(|&j| Some(ctx.sents[j].paragraph) == para)
                .collect();
            if let Some((&first, rest)) = block.split_first() {
                let span = |j: usize| {
                    let t = &ctx.sents[j];
                    (j, t.start, t.start + ctx.sentence_text(j).trim_end().len())
                };
                let (_, a, b) = span(first);
                if word_count(ctx.text(a, b)) >= 3 {
                    raw.retain(|r| !block.contains(&r.sent));
                    raw.push(RawClaim {
                        speaker: sp,
                        sent: first,
                        start: a,
                        end: b,
                        direct: true,
                        more: rest.iter().map(|&j| span(j)).collect(),
                    });
                    last_speaker = Some((sp, i));
                }
            }
            continue;
        }

        // 0. "X a déclaré :", "Y told parliament:" closing the sentence: the quotation that
        // follows, in the next paragraph, is X's
        for v in &speech {
            let rest = ctx.text(v.end, s.end).trim();
            if rest.ends_with(':')
                && rest.split_whitespace().count() <= 4
                && !rest.contains(['«', '“', '"'])
            {
                if let Some(c) = subject_before(ctx, persons, i, v.start, s.start, last_speaker) {
                    last_speaker = Some((c, i));
                }
            }
        }

        // 1. quotations
        for &(open, close) in &s.quotes {
            let inner_start = past_char(ctx, open, close);
            let inner = ctx.text(inner_start, close);
            let close_end = past_char(ctx, close, s.end);
            // a reporting verb right after it: "», a déclaré X" / "” X said" / ", said X"
            let after = ctx.text(close_end, s.end);
            let lead = after.len() - after.trim_start_matches([' ', ',', '.']).len();
            let verb_after = speech
                .iter()
                .find(|v| v.start >= close_end && v.start <= close_end + lead + 1)
                .copied();
            // a short quotation is a claim only as a sentence of its own with its speaker
            // after it ("« Chaque goutte compte », a martelé X"); else it is a phrase quoted
            // in passing
            let stands_alone = ctx.text(s.start, open).trim().is_empty() && verb_after.is_some();
            let words = word_count(inner);
            if words < 4 && !(words >= 2 && stands_alone) {
                continue;
            }
            // a question asks, it does not state; a slogan on a banner has no speaker
            if inner.trim_end().ends_with('?') || written_re().is_match(ctx.sentence_text(i)) {
                continue;
            }
            let mut speaker = None;
            let mut attributed = false;
            // before: "X a déclaré : «", "He said “", "affirmant que «"
            let verb_before = speech
                .iter()
                .rfind(|v| {
                    v.end <= open
                        && (open - v.end <= 40
                            || (open - v.end <= 60
                                && ctx.text(v.end, open).trim_end().ends_with(':')))
                })
                .copied();
            // a quotation inside reported speech ("a jugé que l'accord ouvrait « une nouvelle
            // étape »") belongs to the reported claim, not a claim of its own
            let verb_embedding = speech.iter().rfind(|v| v.end <= open).copied();
            let embedded = verb_embedding.is_some_and(|v| {
                let before_verb = ctx.text(s.start, v.start).trim_end_matches([',', ' ']);
                if before_verb.ends_with(['»', '”', '"']) {
                    return false; // "», a affirmé le ministre pour qui « … »"
                }
                let gap = ctx.text(v.end, open).to_lowercase();
                // a colon introduces the quotation: "wrote on X: “…”", "a écrit sur son
                // compte : « … »"
                if gap.trim_end().ends_with(':') && gap.len() <= 60 {
                    return false;
                }
                gap.split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|w| !w.is_empty())
                    .any(|w| {
                        !matches!(
                            w,
                            "que"
                                | "qu'"
                                | "that"
                                | "then"
                                | "encore"
                                | "aussi"
                                | "also"
                                | "alors"
                                | "ensuite"
                        )
                    })
            });
            if embedded {
                continue;
            }
            if let Some(v) = verb_before {
                used_verbs.push(v.start);
            }
            if let Some(v) = verb_after {
                attributed = true;
                speaker = subject_after_or_pronoun(ctx, persons, i, v, last_speaker);
                if speaker.is_some() {
                    used_verbs.push(v.start);
                }
            }
            if speaker.is_none() && !attributed {
                // "X said" right after the quotation
                if let Some(m) = persons
                    .in_sentence(i)
                    .find(|m| m.start >= close_end && m.start <= close_end + lead + 1)
                {
                    if let Some(v) = speech
                        .iter()
                        .find(|v| v.start >= m.end && v.start <= m.end + 2)
                    {
                        used_verbs.push(v.start);
                        speaker = Some(m.cluster);
                    }
                }
                // "“…,” she said": a pronoun, then the verb
                let rest = &after[lead..];
                let pronoun = ["he ", "she ", "He ", "She "]
                    .into_iter()
                    .find(|p| rest.starts_with(p));
                if let (None, Some(p)) = (speaker, pronoun) {
                    let at = close_end + lead;
                    if let Some(v) = speech
                        .iter()
                        .find(|v| v.start >= at + p.len() && v.start <= at + p.len() + 1)
                    {
                        attributed = true;
                        used_verbs.push(v.start);
                        speaker = resolve_pronoun_noted(
                            ctx,
                            persons,
                            i,
                            last_speaker,
                            pronoun_gender(p),
                            (at, at + p.len() - 1),
                        );
                    }
                }
            }
            if speaker.is_none() {
                if let Some(v) = verb_before {
                    attributed = true;
                    let before_verb = ctx.text(s.start, v.start).trim_end();
                    let inverted = before_verb
                        .trim_end_matches([',', ' '])
                        .ends_with(['»', '”', '"']);
                    speaker = if inverted {
                        // "», a affirmé le ministre pour qui « … »"
                        subject_after(ctx, persons, i, v)
                    } else {
                        subject_before(ctx, persons, i, v.start, s.start, last_speaker).or_else(
                            || {
                                sentence_initial(ctx, i, v)
                                    .then(|| subject_after(ctx, persons, i, v))
                                    .flatten()
                            },
                        )
                    };
                }
            }
            if attributed && speaker.is_none() {
                continue;
            }
            if speaker.is_none() && !non_person_source() {
                // the person of the sentence outside quotes, else a continued quotation
                speaker = persons
                    .in_sentence(i)
                    .filter(|m| !ctx.in_quote(i, m.start))
                    .min_by_key(|m| {
                        if m.end <= open {
                            open - m.end
                        } else {
                            m.start - close
                        }
                    })
                    .map(|m| m.cluster)
                    .or_else(|| last_speaker.filter(|&(_, ls)| i - ls <= 1).map(|(c, _)| c));
            }
            if let Some(sp) = speaker {
                direct_quotes.push((open, close));
                // ("“Our doors are open,” he said": the comma is the sentence's, not the
                // speaker's)
                let inner_end = inner_start
                    + ctx
                        .text(inner_start, close)
                        .trim_end()
                        .trim_end_matches(',')
                        .trim_end()
                        .len();
                raw.push(RawClaim {
                    speaker: sp,
                    sent: i,
                    start: inner_start,
                    end: inner_end,
                    direct: true,
                    more: Vec::new(),
                });
                last_speaker = Some((sp, i));
            }
        }

        // 2. reported speech
        // spans of the complement clauses taken so far: a reporting verb inside one is part of
        // that claim ("a précisé que M. X avait évoqué la question"), not a claim of its own
        let mut clauses: Vec<(usize, usize)> = Vec::new();
        // the subject of a denial in this sentence: "X denied A, but confirmed B" is X's B
        let mut denier: Option<usize> = None;
        for (k, v) in speech.iter().enumerate() {
            // a denial states nothing ("denied that any deal was reached", "a démenti avoir
            // rencontré X"); what follows it may ("…, but confirmed that …")
            if denial_verb_re().is_match(ctx.text(v.start, v.end)) {
                denier = denier.or_else(|| {
                    subject_before(ctx, persons, i, v.start, s.start, last_speaker)
                        .or_else(|| subject_after(ctx, persons, i, v))
                });
                continue;
            }
            if used_verbs.contains(&v.start)
                || clauses.iter().any(|&(a, b)| v.start >= a && v.start < b)
            {
                continue;
            }
            let before = ctx.text(s.start, v.start);
            // "X congratulated Y and suggested …": one claim, the first verb's; but "X said A
            // and stressed that B" is two claims of X
            // ", adding that B" too
            // a participle ("soulignant", "adding")
            let participle = ctx
                .text(v.start, v.end)
                .split_whitespace()
                .next()
                .is_some_and(|w| w.ends_with("ant") || w.ends_with("ing"));
            let comma_participle = before.trim_end().ends_with(',') && participle;
            let second_clause = k > 0
                && (coordinated(before) || comma_participle)
                && opens_clause(ctx, i, v)
                && (raw.iter().any(|r| r.sent == i) || denier.is_some());
            if k > 0 && coordinated(before) && !second_clause {
                continue;
            }
            // ", a déclaré le porte-parole, X" (inverted) but not "X, chef de …, a déclaré que"
            // (the words compared without lower-casing the rest of the sentence: only ASCII
            // letters lower-case to these words)
            let after_verb = ctx.text(v.end, s.end).trim_start();
            // a complement clause follows, maybe after a time phrase ("a précisé plus tard que")
            let introduces = after_verb.starts_with([':', '«', '“', '"'])
                || after_verb.split_whitespace().take(5).any(|w| {
                    w.eq_ignore_ascii_case("que")
                        || w.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("qu'"))
                        || w.eq_ignore_ascii_case("that")
                        || w.eq_ignore_ascii_case("whether")
                });
            let comma_before =
                before.trim_end().ends_with(',') && !introduces && !sentence_initial(ctx, i, v);
            // the speaker named after the verb, looked for once
            let subject_after_verb = comma_before
                .then(|| subject_after(ctx, persons, i, v))
                .flatten();
            // … but "Valdez, who arrived on Monday, said Santo Domingo …": the sentence opens
            // with the speaker and a parenthesis, and no one is named after the verb
            // (maybe after a title: "Analyst X, from the Y Institute, said …")
            let opens_with_speaker = || {
                persons.in_sentence(i).next().is_some_and(|m| {
                    // ("The head of the grid company, X, said …": the apposition's comma)
                    let title = ctx.text(s.start, m.start).trim_end().trim_end_matches(',');
                    // (a description only after a determiner: "The Pentagon head, in turn, …")
                    (!m.anaphoric
                        || matches!(
                            title.trim().to_lowercase().as_str(),
                            "" | "the" | "this" | "le" | "la" | "l'" | "ce" | "cette"
                        ))
                        && !title.contains([',', ';', ':', '«', '“', '"'])
                        && title.split_whitespace().count() <= 10
                        && ctx.text(m.end, v.start).trim_start().starts_with(',')
                })
            };
            let inverted = comma_before && (subject_after_verb.is_some() || !opens_with_speaker());
            // a participle reports speech only with a complement clause ("soulignant que …"), not
            // with a noun phrase ("soulignant la récente visite")
            if participle && !introduces {
                continue;
            }
            // "X s'est félicité de …, a ajouté M. Y (porte-parole)": the statement is X's, relayed
            if inverted && raw.iter().any(|r| r.sent == i && !r.direct) {
                continue;
            }
            let speaker = if second_clause {
                raw.iter()
                    .rev()
                    .find(|r| r.sent == i)
                    .map(|r| r.speaker)
                    .or(denier)
                    .or_else(|| subject_before(ctx, persons, i, v.start, s.start, last_speaker))
            } else if inverted {
                subject_after_verb
            } else if sentence_initial(ctx, i, v) {
                // "Déclarant que …, le général X a ajouté …": the subject of the main verb
                speech[k + 1..]
                    .first()
                    .and_then(|w| subject_before(ctx, persons, i, w.start, v.end, last_speaker))
                    .or_else(|| subject_after(ctx, persons, i, v))
            } else {
                subject_before(ctx, persons, i, v.start, s.start, last_speaker)
            };
            let Some(sp) = speaker else { continue };
            // "Elections will be held in spring, Polish Prime Minister X said on Monday": the
            // statement before the comma that opens the speaker's phrase
            if !introduces && !inverted && !second_clause {
                let mut rest = ctx.text(v.end, s.end).to_lowercase();
                for d in s.dates.iter().filter(|d| d.start >= v.end) {
                    rest = rest.replace(&ctx.text(d.start, d.end).to_lowercase(), " ");
                }
                let tail: Vec<&str> = rest
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                let closing = tail.len() <= 3
                    && tail.iter().all(|w| {
                        matches!(
                            *w,
                            "on" | "le"
                                | "in"
                                | "en"
                                | "last"
                                | "dernier"
                                | "today"
                                | "yesterday"
                                | "hier"
                                | "this"
                                | "week"
                                | "cette"
                                | "semaine"
                                | "earlier"
                        )
                    });
                // (or only circumstances follow: "…, Minister X announced after talks with Y in
                // Aswan on Sunday", "…, the minister said after the talks")
                let closing = closing
                    || circumstance_re().is_match(ctx.text(v.end, s.end))
                        && !ctx.text(v.end, s.end).contains(['«', '“', '"']);
                let subject = persons
                    .in_sentence(i)
                    .filter(|m| m.cluster == sp && m.end <= v.start && v.start - m.end <= 2)
                    .last();
                if let (true, Some(m)) = (closing, subject) {
                    let head = ctx.text(s.start, m.start);
                    if let Some(c) = head.rfind(',') {
                        let (a, mut b) = (s.start, s.start + c);
                        while b > a && ctx.text(a, b).ends_with([' ', ',']) {
                            b -= 1;
                        }
                        // (after the dateline: "New Delhi: India and Chile have …")
                        let a = a + dateline_len(ctx.text(a, b));
                        let content = strip_quotes(ctx, &direct_quotes, a, b);
                        let phrase = ctx.text(s.start + c + 1, m.start);
                        // (a phrase quoted in passing stays in the statement: "have closed
                        // “nearly all” chapters, X said")
                        let quoted = direct_quotes.iter().any(|q| q.0 < b && q.1 > a);
                        if word_count(&content) >= 4
                            && !quoted
                            && !phrase.contains(['.', ';'])
                            && phrase.len() < 60
                        {
                            raw.push(RawClaim::reported(sp, i, a, b));
                            last_speaker = Some((sp, i));
                            continue;
                        }
                        // (a quotation before it is a claim already: the circumstances after
                        // the verb are none)
                        if quoted && circumstance_re().is_match(ctx.text(v.end, s.end)) {
                            continue;
                        }
                    }
                }
            }
            // the complement: after the verb up to the next reporting verb, without quotations
            // a complement clause runs on past reporting verbs inside it, unless they follow a
            // comma ("…, affirmant que", "…, a-t-il ajouté")
            let next = speech[k + 1..]
                .iter()
                .filter(|w| {
                    let coordinated = coordinated(ctx.text(s.start, w.start));
                    if coordinated {
                        // "… et a ajouté que B": a claim of its own
                        return opens_clause(ctx, i, w);
                    }
                    // a new clause: after a comma, or with its own subject after a comma
                    // ("Déclarant que …, le général X a ajouté")
                    let clause_start = ctx.text(s.start, w.start).rfind(',').map(|p| s.start + p);
                    let own_subject = clause_start.is_some_and(|c| {
                        persons.in_sentence(i).any(|m| {
                            m.start > c
                                && m.end <= w.start
                                && w.start - m.end <= 2
                                && !que_re().is_match(ctx.text(c, m.start))
                        })
                    });
                    !introduces
                        || own_subject
                        || ctx.text(s.start, w.start).trim_end().ends_with(',')
                })
                .map(|w| w.start)
                .min()
                .unwrap_or(s.end);
            let (mut a, mut b) = if inverted {
                (s.start, before.trim_end().len() + s.start - 1)
            } else {
                (v.end, next)
            };
            if !inverted {
                let rest = ctx.text(a, b);
                let mut lead = lead_re().find(rest).map_or(0, |m| m.end());
                // "a précisé plus tard que …": the clause starts after "que"
                if let Some(q) = que_re().find(rest) {
                    if q.start() > lead && rest[lead..q.start()].split_whitespace().count() <= 4 {
                        lead = q.end();
                    }
                }
                // a date right after the verb ("a annoncé lundi que")
                if let Some(d) = s.dates.iter().find(|d| d.start == a + lead) {
                    lead = d.end - a;
                    lead += lead_re().find(ctx.text(a + lead, b)).map_or(0, |m| m.end());
                }
                a += lead;
            }
            // "“…,” Mr X told the ABC after the meeting": the quotation before the verb is
            // what was said; words after it without "that" are no second statement
            if !introduces
                && !inverted
                && direct_quotes.iter().any(|q| {
                    q.0 >= s.start
                        && q.1 <= v.start
                        && v.start - q.1 <= 60
                        && !ctx
                            .text(q.1, v.start)
                            .split_whitespace()
                            .any(|w| matches!(w, "qui" | "who" | "which"))
                })
            {
                continue;
            }
            let mut content = strip_quotes(ctx, &direct_quotes, a, b);
            // a complement clause may be short ("que l'armée restera mobilisée"), other
            // complements need more words ("said in a statement" is not a claim)
            let min_words = if introduces { 3 } else { 4 };
            if word_count(&content) < min_words && next < s.end {
                // "les a niées, affirmant que « … »": the object comes before the verb
                (a, b) = (s.start, v.end);
                content = strip_quotes(ctx, &direct_quotes, a, b);
            }
            if word_count(&content) < min_words {
                continue;
            }
            while b > a && ctx.text(a, b).ends_with(['.', ' ', ',', ';']) {
                b -= 1;
            }
            // "… and stressed that": the conjunction before the next clause's verb
            for conj in [" and", " et", " but", " mais"] {
                if lower_ends_with(ctx.text(a, b), conj) {
                    b -= conj.len();
                    while b > a && ctx.text(a, b).ends_with([' ', ',']) {
                        b -= 1;
                    }
                    break;
                }
            }
            // "X said A, which the president-elect said B": one claim of X
            let relative = {
                let tail = ctx.text(v.start.saturating_sub(80), v.start).to_lowercase();
                [", which", ", qui", ", who", ", ce que"]
                    .iter()
                    .any(|r| tail.contains(r))
            };
            if let Some(prev) = raw.iter_mut().rev().find(|r| {
                relative
                    && r.sent == i
                    && r.speaker == sp
                    && !r.direct
                    && r.start < a
                    && r.end <= a + 1
            }) {
                prev.end = b;
                continue;
            }
            if introduces {
                clauses.push((a, b));
            }
            raw.push(RawClaim::reported(sp, i, a, b));
            last_speaker = Some((sp, i));
        }

        // 3. "selon X, …" / "according to X"
        for m in according_re().find_iter(ctx.sentence_text(i)) {
            let pos = s.start + m.end();
            if ctx.in_quote(i, pos) {
                continue;
            }
            // "selon le ministre X", or "selon elle"
            let after_word = ctx.text(pos, s.end).to_lowercase();
            let pronoun = ["elle", "lui", "him", "her"].into_iter().find(|p| {
                after_word.starts_with(p) && after_word[p.len()..].starts_with([',', ' '])
            });
            let (speaker, name_end) = match (according_person(ctx, persons, i, pos), pronoun) {
                (Some(p), _) => (p.cluster, p.end),
                (None, Some(p)) => {
                    let feminine = matches!(p, "elle" | "her");
                    let Some(c) = resolve_pronoun_noted(
                        ctx,
                        persons,
                        i,
                        last_speaker,
                        Some(feminine),
                        (pos, pos + p.len()),
                    ) else {
                        continue;
                    };
                    (c, pos + p.len())
                }
                (None, None) => continue,
            };
            let (a, b) = if m.start() == 0 {
                let after = ctx.text(name_end, s.end);
                (name_end + after.find(',').map_or(0, |x| x + 1), s.end)
            } else {
                (s.start, s.start + m.start())
            };
            let (a, mut b) = (a, b);
            while b > a && ctx.text(a, b).ends_with(['.', ' ', ',', ';']) {
                b -= 1;
            }
            let content = strip_quotes(ctx, &direct_quotes, a, b);
            // "Selon X, le pays produit …, « souvent sans contrôle »": a quoted fragment
            // the reported words go on into is part of them, not a claim of its own
            if word_count(&content) >= 4 && direct_quotes.iter().any(|q| q.0 >= a && q.1 <= b) {
                let inside = |q: &(usize, usize)| q.0 >= a && q.1 <= b;
                raw.retain(|r| !(r.sent == i && r.direct && r.start >= a && r.end <= b));
                direct_quotes.retain(|q| !inside(q));
            }
            if word_count(&content) >= 4 && !direct_quotes.iter().any(|q| q.0 >= a && q.1 <= b) {
                raw.push(RawClaim {
                    speaker,
                    sent: i,
                    start: a,
                    end: b,
                    direct: false,
                    more: Vec::new(),
                });
                last_speaker = Some((speaker, i));
            }
        }
    }

    // (each in its place in the text)
    for r in open_quote_paragraphs(ctx, &raw) {
        let at = raw
            .iter()
            .position(|x| (x.sent, x.start) > (r.sent, r.start))
            .unwrap_or(raw.len());
        raw.insert(at, r);
    }

    // to the model: original text, dates, what the claim is about; identical claims merged
    let mut out: Vec<model::Claim> = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in raw {
        let mention = ctx.mention(r.start, r.end, r.sent);
        let more: Vec<model::Mention> = r
            .more
            .iter()
            .map(|&(ms, a, b)| ctx.mention(a, b, ms))
            .collect();
        let text = std::iter::once(&mention)
            .chain(&more)
            .map(|m| m.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            continue;
        }
        let resolved = evidence(ctx, persons, &r, &introduced_by);
        let speaker = persons.id(r.speaker);
        let norm = strip_accents(&text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let key = (speaker.clone(), norm);
        // the same words said again (a headline repeating a quotation): one claim
        if let Some(k) = keys
            .iter()
            .position(|x| x.0 == key.0 && (x.1.contains(&key.1) || key.1.contains(&x.1)))
        {
            if key.1.len() > keys[k].1.len() {
                out[k].text = text.clone();
                keys[k].1 = key.1.clone();
            }
            out[k].mentions.push(mention);
            continue;
        }
        keys.push(key);
        let date = claim_date(ctx, r.sent, meetings);
        let mut about = about(ctx, persons, r.sent, r.start, r.end, r.speaker);
        for (_, _, _, id) in place_at
            .iter()
            .filter(|(s, a, b, _)| *s == r.sent && *a >= r.start && *b <= r.end)
        {
            if !about.contains(id) {
                about.push(id.clone());
            }
        }
        out.push(model::Claim {
            id: format!("c{}", out.len() + 1),
            speaker,
            text,
            direct: r.direct,
            date,
            about,
            mentions: std::iter::once(mention).chain(more).collect(),
            resolved,
        });
    }
    NOTED.with(|n| n.borrow_mut().clear());
    out
}

/// "« A.¶« B », a commenté X": a quotation over paragraphs, each paragraph opened by a
/// quotation mark and only the last one closed. The open paragraphs just before a direct
/// claim whose paragraph opens on a quotation mark are the same speaker's, one claim each.
fn open_quote_paragraphs(ctx: &Ctx, raw: &[RawClaim]) -> Vec<RawClaim> {
    // the sentences of paragraph `p`, which ends at sentence `last`
    let paragraph_of = |last: usize| {
        let p = ctx.sents[last].paragraph;
        let mut first = last;
        while first > 0 && ctx.sents[first - 1].paragraph == p {
            first -= 1;
        }
        first..=last
    };
    let opens = |j: usize| {
        ctx.sentence_text(j)
            .trim_start()
            .starts_with(['«', '“', '"'])
    };
    let taken = |j: usize| {
        raw.iter()
            .any(|r| r.sent == j || r.more.iter().any(|m| m.0 == j))
    };
    let mut out: Vec<RawClaim> = Vec::new();
    for r in raw.iter().filter(|r| r.direct) {
        let mut first = *paragraph_of(r.sent).start();
        if !opens(first) {
            continue;
        }
        while first > 0 {
            let para = paragraph_of(first - 1);
            let text: String = para.clone().map(|j| ctx.sentence_text(j)).collect();
            let open_only = opens(*para.start())
                && !text.contains(['»', '”'])
                && text.matches('"').count() <= 1;
            if !open_only || para.clone().any(taken) {
                break;
            }
            let spans: Vec<(usize, usize, usize)> = para
                .clone()
                .map(|j| {
                    let t = &ctx.sents[j];
                    let text = ctx.sentence_text(j);
                    let a = t.start + (text.len() - text.trim_start().len());
                    (j, a, t.start + text.trim_end().len())
                })
                .collect();
            let (j, a, b) = spans[0];
            out.push(RawClaim {
                speaker: r.speaker,
                sent: j,
                start: skip_marks(ctx, a, b),
                end: b,
                direct: true,
                more: spans[1..].to_vec(),
            });
            first = *para.start();
        }
    }
    out
}

/// Why the speaker of a claim is that person, when its sentence names the speaker by no name:
/// the pronoun resolved for it ("a-t-il dit", "selon elle", "She said"), else the description
/// that stood for the person ("le chef de la diplomatie a déclaré :" before a quotation over
/// paragraphs, "the minister said"), an office resolved to its holder.
fn evidence(
    ctx: &Ctx,
    persons: &Persons,
    r: &RawClaim,
    introduced_by: &[(usize, usize)],
) -> Vec<model::Resolution> {
    let resolution = |by: &str, rule: &str, sent: usize, a: usize, b: usize| model::Resolution {
        person: persons.id(r.speaker),
        by: by.to_owned(),
        rule: rule.to_owned(),
        mention: ctx.mention(a, b, sent),
    };
    let noted = NOTED.with(|n| {
        n.borrow()
            .iter()
            .find(|x| x.0 == r.sent && x.1 == r.speaker && !(x.3 >= r.start && x.4 <= r.end))
            .copied()
    });
    if let Some((sent, _, rule, a, b)) = noted {
        return vec![resolution("pronoun", rule, sent, a, b)];
    }
    // the sentence that names the speaker: the claim's, or the one whose colon introduced it
    let sent = introduced_by
        .iter()
        .find(|&&(j, _)| j == r.sent)
        .map_or(r.sent, |&(_, intro)| intro);
    let outside = |m: &&super::persons::PMention| {
        m.cluster == r.speaker
            && !ctx.in_quote(sent, m.start)
            && !(m.start >= r.start && m.end <= r.end)
    };
    if persons
        .in_sentence(sent)
        .filter(outside)
        .any(|m| !m.anaphoric)
    {
        return Vec::new();
    }
    persons
        .in_sentence(sent)
        .find(outside)
        .map(|m| {
            vec![resolution(
                "description",
                "holder-of-the-office",
                sent,
                m.start,
                m.end,
            )]
        })
        .unwrap_or_default()
}

/// How many paragraphs a quotation may run over.
const BLOCK_PARAGRAPHS: usize = 8;

/// Quotations that run over several paragraphs: each block is its paragraphs, each paragraph
/// its sentences. The first paragraph opens a quotation it does not close; the next ones go
/// on (without marks, or opening again: the English convention), the last closes it.
fn quoted_blocks(ctx: &Ctx) -> Vec<Vec<Vec<usize>>> {
    // the article's paragraphs, as runs of sentences
    let mut paras: Vec<Vec<usize>> = Vec::new();
    for (j, t) in ctx.sents.iter().enumerate() {
        match paras.last_mut() {
            Some(p) if ctx.sents[p[0]].paragraph == t.paragraph => p.push(j),
            _ => paras.push(vec![j]),
        }
    }
    let text = |p: &[usize]| {
        let (a, b) = (ctx.sents[p[0]].start, ctx.sents[p[p.len() - 1]].end);
        ctx.text(a, b).trim()
    };
    // (opens a quotation it leaves open, closes one it did not open, has no marks at all)
    let marks = |t: &str| {
        let count = |c: char| t.matches(c).count();
        let (fo, fc) = (count('«'), count('»'));
        let (co, cc) = (count('“'), count('”'));
        let straight = count('"');
        let starts = t.starts_with(['«', '“', '"']);
        let tail = t.trim_end_matches(['.', ',', ' ', '!', '?', '…']);
        let ends = tail.ends_with(['»', '”', '"']);
        let opens = fo > fc || co > cc || (straight % 2 == 1 && starts && !ends);
        let closes = fc > fo || cc > co || (straight % 2 == 1 && ends && !starts);
        // "“ … ”" after an English paragraph left open: the last paragraph, opened again
        let reopened_closed = starts
            && ends
            && (fo == fc && co == cc && straight % 2 == 0)
            && (fo + co + straight) == 2;
        let none = fo + fc + co + cc + straight == 0;
        (opens, closes, reopened_closed, none)
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < paras.len() {
        let t = text(&paras[k]);
        if !t.starts_with(['«', '“', '"']) || !marks(t).0 {
            k += 1;
            continue;
        }
        let english = !t.starts_with('«');
        let mut block = vec![paras[k].clone()];
        let mut end = None;
        for (n, p) in paras.iter().enumerate().skip(k + 1).take(BLOCK_PARAGRAPHS) {
            let (o, c, rc, none) = marks(text(p));
            let starts = text(p).starts_with(['«', '“', '"']);
            if c || (english && rc) {
                block.push(p.clone());
                end = Some(n);
                break;
            }
            if (none && !english) || (english && o && starts) {
                block.push(p.clone());
                continue;
            }
            break;
        }
        match end {
            Some(n) => {
                out.push(block);
                k = n + 1;
            }
            None => k += 1,
        }
    }
    out
}

/// Past the quotation marks and spaces at `a`.
fn skip_marks(ctx: &Ctx, a: usize, b: usize) -> usize {
    let t = ctx.text(a, b);
    a + (t.len() - t.trim_start_matches(['«', '“', '"', ' ', '\u{a0}']).len())
}

/// Before the closing mark that ends `a..b` (and the punctuation and spaces after it).
fn before_closing(ctx: &Ctx, a: usize, b: usize) -> usize {
    let t = ctx.text(a, b);
    let trimmed = t.trim_end_matches(['.', ',', ' ', '\u{a0}']);
    let inner = trimmed.trim_end_matches(['»', '”', '"']).trim_end();
    if inner.len() < trimmed.len() {
        a + inner.len()
    } else {
        b
    }
}

/// The speaker that a sentence ending with a colon introduces ("X a tenu à rassurer :",
/// "Speaking to journalists after the meeting, Ms X said:", "le chef de la diplomatie a
/// fait une déclaration à la presse :"): the first person it names outside quotations.
fn colon_speaker(ctx: &Ctx, persons: &Persons, sent: usize) -> Option<usize> {
    if !ctx.sentence_text(sent).trim_end().ends_with(':') {
        return None;
    }
    persons
        .in_sentence(sent)
        .find(|m| !ctx.in_quote(sent, m.start))
        .map(|m| m.cluster)
}

/// How many sentences an embedded post may have.
const POST_SENTENCES: usize = 6;

/// The author of an embedded post, when sentence `sent` is its attribution line: a dash, a
/// person's name, a handle in parentheses ("— Donald J. Trump (@realDonaldTrump) 24 août
/// 2019").
fn post_author(ctx: &Ctx, persons: &Persons, sent: usize) -> Option<usize> {
    let t = ctx.sentence_text(sent).trim_start();
    let body = t.strip_prefix(['—', '–', '-'])?;
    if !body.contains("(@") {
        return None;
    }
    let s = &ctx.sents[sent];
    let handle = s.start + (ctx.sentence_text(sent).len() - t.len()) + t.find("(@")?;
    persons
        .in_sentence(sent)
        .find(|m| m.end <= handle && ctx.text(m.end, handle).trim().is_empty())
        .map(|m| m.cluster)
}

/// Where the character at `pos` ends (a closing quotation mark is one to three bytes).
fn past_char(ctx: &Ctx, pos: usize, end: usize) -> usize {
    pos + ctx.text(pos, end).chars().next().map_or(1, char::len_utf8)
}

/// A verb coordinated with an earlier one: "… and suggested", "… et a ajouté", "… but
/// warned".
fn coordinated(before: &str) -> bool {
    let b = before.trim_end().to_lowercase();
    // "… mais il a confirmé", "… but she said": the same subject again, as a pronoun
    let b = ["il", "elle", "he", "she"]
        .iter()
        .find_map(|p| {
            b.strip_suffix(p)
                .filter(|rest| rest.ends_with(' '))
                .map(str::trim_end)
        })
        .unwrap_or(&b);
    b.ends_with(" and") || b.ends_with(" et") || b.ends_with(" but") || b.ends_with(" mais")
}

/// A reporting verb followed by its own complement clause ("stressed that", "a ajouté que").
fn opens_clause(ctx: &Ctx, sent: usize, v: &Hit) -> bool {
    let after = ctx
        .text(v.end, ctx.sents[sent].end)
        .trim_start()
        .to_lowercase();
    after
        .split_whitespace()
        .take(5)
        .any(|w| w == "que" || w.starts_with("qu'") || w.starts_with("qu’") || w == "that")
}

/// A participle opening the sentence: "Déclarant que …", "Soulignant …".
fn sentence_initial(ctx: &Ctx, sent: usize, v: &Hit) -> bool {
    let before = ctx.text(ctx.sents[sent].start, v.start).trim();
    before.is_empty()
        || before.eq_ignore_ascii_case("pour sa part,")
        || before.eq_ignore_ascii_case("de son côté,")
}

/// The person after "selon"/"according to", when only titles stand between ("selon le
/// ministre X", "according to Mr X"), not "selon le cabinet de X".
fn according_person<'p>(
    ctx: &Ctx,
    persons: &'p Persons,
    sent: usize,
    pos: usize,
) -> Option<&'p super::persons::PMention> {
    let s = &ctx.sents[sent];
    let p = persons
        .in_sentence(sent)
        .find(|p| p.start >= pos && p.start <= pos + 80)?;
    let mut gap = ctx.text(pos, p.start).to_owned();
    // an office with its complement ("le ministre algérien de l'Énergie")
    let offices: Vec<(usize, usize)> = s
        .roles
        .iter()
        .filter(|h| h.start >= pos && h.end <= p.start)
        .map(|h| (h.start, super::persons::role_end(ctx, sent, h).min(p.start)))
        .collect();
    for &(a, b) in &offices {
        gap = gap.replace(ctx.text(a, b), " ");
    }
    for h in s
        .roles
        .iter()
        .chain(s.countries.iter())
        .filter(|h| h.start >= pos && h.end <= p.start)
    {
        gap = gap.replace(ctx.text(h.start, h.end), " ");
    }
    // capitalised words before an office: "Health Minister", "Upper East Regional Minister"
    let first_office = offices.first().map_or(pos, |o| o.0);
    let modifiers = ctx.text(pos, first_office).to_owned();
    let only_titles = gap
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let capitalised_modifier = w.chars().next().is_some_and(char::is_uppercase)
                && modifiers.split_whitespace().any(|m| m == w);
            capitalised_modifier
                || matches!(
                    w.to_lowercase().as_str(),
                    "le" | "la"
                        | "l'"
                        | "les"
                        | "du"
                        | "de"
                        | "des"
                        | "the"
                        | "a"
                        | "son"
                        | "sa"
                        | "his"
                        | "her"
                )
        });
    only_titles.then_some(p)
}

fn strip_quotes(ctx: &Ctx, quotes: &[(usize, usize)], a: usize, b: usize) -> String {
    let mut out = String::new();
    let mut pos = a;
    for &(qa, qb) in quotes.iter().filter(|q| q.0 >= a && q.1 < b) {
        out.push_str(ctx.text(pos, qa));
        pos = qb + ctx.text(qb, b).chars().next().map_or(1, char::len_utf8);
    }
    if pos < b {
        out.push_str(ctx.text(pos, b));
    }
    out
}

/// The person named after an inverted reporting verb (", a déclaré le général X").
fn subject_after(ctx: &Ctx, persons: &Persons, sent: usize, v: &Hit) -> Option<usize> {
    subject_after_or_pronoun(ctx, persons, sent, v, None)
}

/// The gender of a pronoun at the end of `text` ("…, elle", "She"), if any.
fn pronoun_gender(text: &str) -> Option<bool> {
    let t = text.to_lowercase();
    if t.contains("elle") || t.contains("she") {
        Some(true)
    } else if t.contains("il") || t.contains("he") {
        Some(false)
    } else {
        None
    }
}

/// The length of a subject pronoun joined by a hyphen at the start of `after` ("-il",
/// "-t-elle", "-ils"), or 0.
fn hyphened_pronoun_len(after: &str) -> usize {
    let prefix = if after.starts_with("-t-") {
        3
    } else if after.starts_with('-') {
        1
    } else {
        return 0;
    };
    ["elles", "elle", "ils", "il"]
        .into_iter()
        .find(|p| {
            after
                .get(prefix..prefix + p.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(p))
                && !after[prefix + p.len()..].starts_with(char::is_alphabetic)
        })
        .map_or(0, |p| prefix + p.len())
}

fn subject_after_or_pronoun(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    v: &Hit,
    last_speaker: Option<(usize, usize)>,
) -> Option<usize> {
    // ("», dit-il": the pronoun may follow the lexicon's verb form, joined by a hyphen)
    let verb_end = v.end + hyphened_pronoun_len(ctx.text(v.end, ctx.sents[sent].end));
    let verb = ctx.text(v.start, verb_end).to_lowercase();
    if verb.contains("-t-il")
        || verb.contains("-t-elle")
        || verb.contains("-ils")
        || verb.contains("-elles")
        || verb.ends_with("-il")
        || verb.ends_with("-elle")
    {
        return resolve_pronoun_noted(
            ctx,
            persons,
            sent,
            last_speaker,
            Some(verb.contains("elle")),
            (v.start, verb_end),
        );
    }
    let raw_after = ctx.text(v.end, ctx.sents[sent].end);
    let after = raw_after.trim_start().to_lowercase();
    if let Some(p) = ["he ", "she ", "il ", "elle "]
        .iter()
        .find(|p| after.starts_with(**p))
    {
        let feminine = after.starts_with("she") || after.starts_with("elle");
        let at = v.end + (raw_after.len() - raw_after.trim_start().len());
        return resolve_pronoun_noted(
            ctx,
            persons,
            sent,
            last_speaker,
            Some(feminine),
            (at, at + p.len() - 1),
        );
    }
    persons
        .in_sentence(sent)
        .find(|m| {
            m.start >= v.end
                && m.start - v.end <= 100
                && !ctx.text(v.end, m.start).contains([';', '«', '“'])
        })
        .map(|m| m.cluster)
        .or_else(|| {
            // "», a poursuivi le très haut diplomate": a definite description that names no
            // one, after a quotation, is the speaker of the moment
            let raw_after = ctx.text(v.end, ctx.sents[sent].end).trim_start();
            let noun = ["le ", "la ", "l'", "the "].iter().find_map(|d| {
                let rest = raw_after.strip_prefix(d)?;
                let word = rest
                    .split(|c: char| !c.is_alphabetic() && c != '-')
                    .next()
                    .filter(|w| w.starts_with(char::is_lowercase))?;
                Some(word.to_lowercase())
            })?;
            described_speaker(ctx, persons, sent, &noun, last_speaker)
        })
}

/// How many sentences back a description after a quotation ("», a confié l'armailli")
/// looks for the person it was written before ("avec l'armailli X").
const DESCRIPTION_REACH: usize = 12;

/// The speaker a description after a quotation stands for: the person its noun was written
/// before or after as a title ("l'armailli X", "X, industriel") or who holds it as an office;
/// else the speaker of the moment, unless an office of theirs is known and the noun is none
/// of it while a person first named in the sentence before has not spoken yet ("»,
/// a assuré l'industriel" after "… dont le directeur de la division, X").
fn described_speaker(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    noun: &str,
    last_speaker: Option<(usize, usize)>,
) -> Option<usize> {
    let holds = |c: usize| persons.clusters[c].holds_role_word(noun);
    let titled = |m: &super::persons::PMention| {
        let s = &ctx.sents[m.sent];
        let before = ctx.text(s.start, m.start).trim_end().to_lowercase();
        let after = ctx.text(m.end, s.end).trim_start().to_lowercase();
        before.ends_with(noun)
            && !before[..before.len() - noun.len()].ends_with(char::is_alphabetic)
            || after
                .strip_prefix(", ")
                .is_some_and(|a| a.starts_with(noun))
    };
    let mut titled_person = None;
    for j in (sent.saturating_sub(DESCRIPTION_REACH)..sent).rev() {
        if let Some(m) = persons
            .in_sentence(j)
            .filter(|m| !m.anaphoric && !ctx.in_quote(j, m.start))
            .find(|m| titled(m) || holds(m.cluster))
        {
            titled_person = Some(m.cluster);
            break;
        }
    }
    if titled_person.is_some() {
        return titled_person;
    }
    let (ls, at) = last_speaker.filter(|&(_, ls)| sent - ls <= 3)?;
    let known_office = !persons.clusters[ls].roles.is_empty();
    let newcomer = (sent > 0 && known_office)
        .then(|| {
            persons
                .in_sentence(sent - 1)
                .filter(|m| !m.anaphoric && !ctx.in_quote(sent - 1, m.start))
                .map(|m| m.cluster)
                .filter(|&c| c != ls && persons.clusters[c].first >= ctx.sents[at].start)
                .last()
        })
        .flatten();
    Some(newcomer.unwrap_or(ls))
}

/// The subject of a reporting verb: the person named before it in the sentence (after
/// `from`), or a pronoun resolved to the last speaker.
fn subject_before(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    verb_start: usize,
    from: usize,
    last_speaker: Option<(usize, usize)>,
) -> Option<usize> {
    let s = &ctx.sents[sent];
    let before = ctx.text(s.start, verb_start);
    if let Some(c) = pronoun_re().captures(before) {
        let g = pronoun_gender(&c[1]);
        let w = c.get(1).expect("group 1");
        return resolve_pronoun_noted(
            ctx,
            persons,
            sent,
            last_speaker,
            g,
            (s.start + w.start(), s.start + w.end()),
        );
    }
    // a participle ("…, affirmant que") shares the subject of the main verb before it
    let participle = ctx
        .text(verb_start, s.end)
        .split_whitespace()
        .next()
        .is_some_and(|w| w.ends_with("ant"));
    let other_verb_between = |m_end: usize| {
        !participle
            && s.verbs.iter().any(|w| {
                ctx.verb_kind(w) == VerbKind::Speech
                    && w.start >= m_end
                    && w.end <= verb_start
                    && !ctx.in_quote(sent, w.start)
            })
    };
    persons
        .in_sentence(sent)
        .filter(|m| {
            m.start >= from
                && m.end <= verb_start
                && !ctx.in_quote(sent, m.start)
                && !other_verb_between(m.end)
        })
        .filter(|m| !ctx.text(m.end, verb_start).contains(';'))
        // the person nearest the verb is its subject in "X, chef de …, a déclaré" and in
        // "Lors de sa rencontre avec Y, …, X a déclaré"
        .last()
        .map(|m| m.cluster)
}

/// The date of a claim: a date in its sentence that belongs to the reporting verb (no
/// other trigger is nearer to it), else the date of the meeting reported last, else the
/// reference date.
fn claim_date(ctx: &Ctx, sent: usize, meetings: &[model::Meeting]) -> Option<String> {
    let s = &ctx.sents[sent];
    for d in s.dates.iter().filter(|d| !ctx.in_quote(sent, d.start)) {
        let nearest = s.verbs.iter().min_by_key(|v| {
            if v.end <= d.start {
                d.start - v.end
            } else {
                v.start.saturating_sub(d.end)
            }
        });
        if nearest.is_none_or(|v| ctx.verb_kind(v) == VerbKind::Speech) {
            if let Some(x) = ctx.resolve(d.value, None) {
                return Some(x.to_string());
            }
        }
    }
    meetings
        .iter()
        .filter(|m| m.kind != model::MeetingKind::Visit)
        .filter_map(|m| {
            let last = m
                .mentions
                .iter()
                .map(|x| x.sentence)
                .filter(|&x| x <= sent)
                .max()?;
            m.date.clone().map(|d| (last, d))
        })
        .max_by_key(|(s, _)| *s)
        .map(|(_, d)| d)
        .or_else(|| ctx.reference.map(|d| d.to_string()))
}

/// Countries, places and persons mentioned in the claim's span.
fn about(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    a: usize,
    b: usize,
    speaker: usize,
) -> Vec<String> {
    let s = &ctx.sents[sent];
    let mut out: Vec<String> = Vec::new();
    for h in s.countries.iter().filter(|h| h.start >= a && h.end <= b) {
        let f = &ctx.lex.country_forms[h.entries[0]];
        if f.kind == CountryFormKind::Capital && !super::is_metonym(ctx, sent, h) {
            continue;
        }
        if ctx.lex.country(&f.iso2).is_some() && !out.contains(&f.iso2) {
            out.push(f.iso2.clone());
        }
    }
    for m in persons
        .in_sentence(sent)
        .filter(|m| m.start >= a && m.end <= b && m.cluster != speaker)
    {
        let id = persons.id(m.cluster);
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
