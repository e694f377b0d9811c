//! Mentions that name no one: subject pronouns ("il", "she", "ils", "they") standing for
//! the persons of the article, resolved once for meetings and claims alike. A singular
//! pronoun is the subject of the sentence before (gender agreeing), else the last speaker,
//! else the last person named; a plural one the persons coordinated before it in its
//! sentence, else the participants of the meeting told before, else the persons of the
//! sentence before. Nothing is resolved when nothing fits.

use super::persons::Persons;
use super::Ctx;

/// A subject pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// "il"/"he" (`false`), "elle"/"she" (`true`)
    Singular { feminine: bool },
    /// "ils", "elles", "they"
    Plural,
}

/// How many lower-case words may stand between a subject pronoun and its verb ("il a
/// ensuite été reçu", "she also spoke").
const PRONOUN_REACH: usize = 4;

/// The subject pronoun that ends `before` (the text of a clause before its verb), with at
/// most [`PRONOUN_REACH`] lower-case words after it: "Il a été" (reçu), "où ils" (ont
/// rencontré), "She also" (spoke). None when a capitalised word, a digit or a clause mark
/// comes first.
pub fn subject_pronoun(before: &str) -> Option<(Pronoun, std::ops::Range<usize>)> {
    let words: Vec<&str> = before.split_whitespace().rev().collect();
    let name_word =
        |w: &str| w.starts_with(char::is_uppercase) && !w.ends_with([',', ';', ':', '.']);
    let mut reach = 0;
    let mut k = 0;
    while reach <= PRONOUN_REACH {
        let w = *words.get(k)?;
        k += 1;
        // (the capitalised words of a place after a locative do not count: "he flew to
        // Port Moresby for" talks)
        let place = name_word(w) && {
            // (the word before it and up to three more capitalised ones)
            let run = words[k..]
                .iter()
                .take(3)
                .take_while(|p| name_word(p))
                .count();
            words
                .get(k + run)
                .is_some_and(|p| matches!(*p, "to" | "in" | "at" | "à" | "au" | "en" | "vers"))
        };
        if place {
            continue;
        }
        reach += 1;
        let bare = w.trim_start_matches(['(', '«', '"', '“']);
        let lower = bare.to_lowercase();
        let p = match lower.as_str() {
            "il" | "he" => Some(Pronoun::Singular { feminine: false }),
            "elle" | "she" => Some(Pronoun::Singular { feminine: true }),
            "ils" | "elles" | "they" => Some(Pronoun::Plural),
            _ => None,
        };
        if let Some(p) = p {
            // the word's offset in `before` (a sub-slice of it)
            let at = bare.as_ptr() as usize - before.as_ptr() as usize;
            return Some((p, at..at + bare.len()));
        }
        if w.ends_with([',', ';', ':', '.'])
            || bare.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
        {
            return None;
        }
    }
    None
}

/// Whether a person's gender (as the text shows it) agrees with a pronoun's (`Some(true)`
/// for "elle"/"she"); an unknown gender agrees with both.
pub fn agrees(persons: &Persons, c: usize, feminine: Option<bool>) -> bool {
    let (f, m) = persons.clusters[c].gender_votes;
    match feminine {
        Some(true) => m <= f,
        Some(false) => f <= m,
        None => true,
    }
}

/// A person's gender as the text shows it (more feminine than masculine cues, or the
/// reverse), else as the lexicon gives their given name; `true` for feminine.
pub fn shown_gender(persons: &Persons, c: usize) -> Option<bool> {
    let cl = &persons.clusters[c];
    let (f, m) = cl.gender_votes;
    match f.cmp(&m) {
        std::cmp::Ordering::Greater => Some(true),
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal if f == 0 => cl.name_gender(),
        std::cmp::Ordering::Equal => None,
    }
}

/// The persons a plural pronoun at `pos` of sentence `sent` stands for: those named before
/// it in its sentence (two at least), else the participants of the meeting told before
/// (`previous`), else the persons of the sentence before.
pub fn resolve_plural(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    pos: usize,
    previous: Option<&[usize]>,
) -> (Vec<usize>, &'static str) {
    let named = |s: usize, until: usize| {
        let mut out: Vec<usize> = Vec::new();
        for m in persons.in_sentence(s) {
            if m.start < until && !ctx.in_quote(s, m.start) && !out.contains(&m.cluster) {
                out.push(m.cluster);
            }
        }
        out
    };
    let here = named(sent, pos);
    if here.len() >= 2 {
        return (here, "named-before-in-the-sentence");
    }
    if let Some(p) = previous.filter(|p| p.len() >= 2) {
        return (p.to_vec(), "participants-of-the-last-meeting");
    }
    if sent > 0 {
        let before = named(sent - 1, usize::MAX);
        if before.len() >= 2 {
            return (before, "persons-of-the-previous-sentence");
        }
    }
    (Vec::new(), "")
}

/// A pronoun subject ("il", "she", "a-t-il dit"): the subject of the previous sentence (the
/// first person it names outside quotations), else the last speaker, else the last person
/// named; keeping to persons whose gender agrees with the pronoun's (`Some(true)` for
/// "elle"/"she"). Returns the person and the rule that chose it.
pub fn resolve_pronoun_why(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    last_speaker: Option<(usize, usize)>,
    feminine: Option<bool>,
) -> Option<(usize, &'static str)> {
    resolve_pronoun_chained(ctx, persons, sent, last_speaker, feminine, 0)
}

/// How many sentences back a chain of the same pronoun ("Elle … Elle … a-t-elle dit") is
/// followed: a bound on the depth of [`resolve_pronoun_chained`], so a long text of pronouns
/// neither overflows the stack nor walks back to its start for each one.
const PRONOUN_CHAIN: usize = 8;

/// [`resolve_pronoun_why`], `depth` sentences down a chain of the same pronoun.
fn resolve_pronoun_chained(
    ctx: &Ctx,
    persons: &Persons,
    sent: usize,
    last_speaker: Option<(usize, usize)>,
    feminine: Option<bool>,
    depth: usize,
) -> Option<(usize, &'static str)> {
    let agrees = |c: usize| agrees(persons, c, feminine);
    if sent > 0 {
        let first = persons
            .in_sentence(sent - 1)
            .find(|m| !ctx.in_quote(sent - 1, m.start) && agrees(m.cluster));
        // "Elle était accompagnée de l'ambassadeur X … « … », a-t-elle dit": the previous
        // sentence's subject is the same pronoun, standing for the same person
        let prev = &ctx.sents[sent - 1];
        let head = ctx.text(prev.start, first.map_or(prev.end, |m| m.start));
        let same_pronoun = feminine.is_some()
            && head.split_whitespace().next().is_some_and(|w| {
                let w = w.to_lowercase();
                match feminine {
                    Some(true) => w == "elle" || w == "she",
                    _ => w == "il" || w == "he",
                }
            });
        if same_pronoun && sent >= 2 && depth < PRONOUN_CHAIN {
            if let Some(found) =
                resolve_pronoun_chained(ctx, persons, sent - 1, None, feminine, depth + 1)
            {
                return Some((found.0, "same-pronoun-as-the-previous-sentence"));
            }
        }
        if let Some(m) = first {
            return Some((m.cluster, "subject-of-the-previous-sentence"));
        }
    }
    if let Some((c, ls)) = last_speaker {
        if sent - ls <= 3 && agrees(c) {
            return Some((c, "last-speaker"));
        }
    }
    let start = ctx.sents[sent].start;
    persons
        .mentions
        .iter()
        .rfind(|m| m.end <= start && agrees(m.cluster))
        .map(|m| (m.cluster, "last-person-named"))
}
