//! Person names: candidate spans of capitalised words, the evidence that makes a candidate a
//! person (a title or office right before it, an apposition after it, a known given name, a
//! reporting verb), name keys for alias merging, the comparison that merges spellings of one
//! name and never two names ([`compatible`], [`same_name`]), and the parts person IRIs are
//! made of ([`person_parts`]).

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::article::{ascii_run, skip_while};
use crate::lexicon::{Culture, NameForms, VariantScope};

/// Lower-case name particles that may stand between the words of a name.
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "as", "ash", "ben", "bin", "ibn", "abu", "de", "da", "di", "du", "del",
    "della", "dos", "das", "do", "los", "las", "van", "von", "der", "den", "ter", "le", "la", "y",
    "bint", "binti",
];

const MAX_PARTICLE_LEN: usize = 5;

/// A filiation word of Arabic and Berber names ("Ould", "Ben", "Bin", "Ibn", "Ag").
pub fn is_filiation(word: &str) -> bool {
    matches!(word, "Ould" | "Ben" | "Bin" | "Ibn" | "Ag")
}

/// A title that Arabic names also use as a given name before a filiation word ("Cheikh Ould
/// Mahjoub", "Sidi Ould Cheikh").
pub fn is_title_given_name(word: &str) -> bool {
    matches!(
        word,
        "Cheikh" | "Cheick" | "Sheikh" | "Shaikh" | "Sidi" | "Moulay"
    )
}

pub fn is_particle(word: &str) -> bool {
    // no lower-cased copy: the particles are ASCII without 'k', and only ASCII letters (and
    // the Kelvin sign, to 'k') lower-case to ASCII letters; most words are longer than all
    word.len() <= MAX_PARTICLE_LEN && PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Whether `s.to_lowercase()` ends with the ASCII `suffix`, without lower-casing `s`: a
/// character lower-cases to one ASCII character only if it is ASCII or the Kelvin sign, so
/// the last characters of `s` decide alone.
pub fn lower_ends_with(s: &str, suffix: &str) -> bool {
    debug_assert!(suffix.is_ascii());
    let mut chars = s.chars().rev();
    suffix.bytes().rev().all(|b| match chars.next() {
        Some(c) if c.is_ascii() => c.to_ascii_lowercase() as u8 == b,
        Some('\u{212A}') => b == b'k',
        _ => false,
    })
}

/// The name articles that may stand, hyphenated, before a capital: "al-Assad", "El-Sissi".
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "Al", "El", "Ad", "As",
];

/// The Unicode classes of the capitalised-token pattern
///
/// `(?:(?-u:\b)(?:al|el|…|As)-)?\p{Lu}(?:[\p{Ll}\p{Lu}\p{M}]+(?:-[\p{L}\p{M}]+)*|\.)`
///
/// which `tokens` runs by hand: the regex engine cost about a thousand instructions a token.
/// The ranges come from regex-syntax, the tables of the regex crate itself, so that non-ASCII
/// characters are classed exactly as the regex classed them.
struct TokenClasses {
    /// `\p{Lu}`
    upper: Vec<(char, char)>,
    /// `\p{Ll}`
    lower: Vec<(char, char)>,
    /// `[\p{Ll}\p{Lu}\p{M}]`
    cased: Vec<(char, char)>,
    /// `[\p{L}\p{M}]`
    letter: Vec<(char, char)>,
}

impl TokenClasses {
    fn get() -> &'static TokenClasses {
        static CLASSES: OnceLock<TokenClasses> = OnceLock::new();
        CLASSES.get_or_init(|| TokenClasses {
            upper: class_ranges(r"\p{Lu}"),
            lower: class_ranges(r"\p{Ll}"),
            cased: class_ranges(r"[\p{Ll}\p{Lu}\p{M}]"),
            letter: class_ranges(r"[\p{L}\p{M}]"),
        })
    }

    // ASCII fast paths: no ASCII character is a mark, and the ASCII letters are the cased ones
    fn is_upper(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            in_class(&self.upper, c)
        }
    }

    fn is_lower(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_lowercase()
        } else {
            in_class(&self.lower, c)
        }
    }

    fn is_cased(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            in_class(&self.cased, c) || is_joiner(c)
        }
    }

    fn is_letter(&self, c: char) -> bool {
        if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            in_class(&self.letter, c) || is_joiner(c)
        }
    }
}

/// The invisible characters a word may hold without being cut (a soft hyphen, the zero-width
/// space, non-joiner and joiner, the word joiner, a byte order mark): inside a name they are
/// part of its word, and the name's form leaves them out ([`without_joiners`]).
pub const JOINERS: &[char] = &[
    '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
];

fn is_joiner(c: char) -> bool {
    JOINERS.contains(&c)
}

/// `text` without its [`JOINERS`]: "Ja\u{200d}vad" is "Javad" (no copy when it has none).
pub fn without_joiners(text: String) -> String {
    if text.contains(JOINERS) {
        text.chars().filter(|c| !is_joiner(*c)).collect()
    } else {
        text
    }
}

/// The sorted ranges of a Unicode class written as a regex.
fn class_ranges(class: &str) -> Vec<(char, char)> {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::parse(class).map(|h| h.into_kind()) {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        other => panic!("{class} is not a Unicode class: {other:?}"),
    }
}

fn in_class(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The end of the token starting at byte `p`, if one does: the regex's leftmost-first choice,
/// with the article if the rest matches after it, else without.
fn token_at(text: &str, p: usize, cl: &TokenClasses) -> Option<usize> {
    article_at(text.as_bytes(), p)
        .and_then(|after| capitalised_at(text, after, cl))
        .or_else(|| capitalised_at(text, p, cl))
}

/// Where `(?-u:\b)(?:al|el|…|As)-` at byte `p` ends, if it matches there.
fn article_at(bytes: &[u8], p: usize) -> Option<usize> {
    // every article has two or three letters
    if bytes.get(p + 2) != Some(&b'-') && bytes.get(p + 3) != Some(&b'-') {
        return None;
    }
    // `(?-u:\b)` before a letter: no ASCII word byte before it
    if p > 0 && (bytes[p - 1].is_ascii_alphanumeric() || bytes[p - 1] == b'_') {
        return None;
    }
    // (one article at most is followed by a hyphen: "as-" and "ash-" differ at the third byte)
    ARTICLES.iter().find_map(|a| {
        let dash = p + a.len();
        (bytes[p..].starts_with(a.as_bytes()) && bytes.get(dash) == Some(&b'-')).then_some(dash + 1)
    })
}

/// `(?:[OMN]['’]\p{Lu}|\p{Lu})(?:[\p{Ll}\p{Lu}\p{M}]+(?:-[\p{L}\p{M}]+)*|\.)` at byte `p`:
/// greedy, and nothing follows it in the pattern, so every run is taken whole. The first
/// branch is the prefix of Irish and West African surnames joined by an apostrophe (O'Brien,
/// N'Diaye, M'Bow): other letters before an apostrophe are French elisions ("L'Égypte",
/// "D'Alger").
fn capitalised_at(text: &str, p: usize, cl: &TokenClasses) -> Option<usize> {
    let first = text[p..].chars().next().filter(|&c| cl.is_upper(c))?;
    // a Mongolian name after the initial of the father's name, written without a space
    // ("B.Enkhtuvshin", "Ts.Ganzorig"): one token
    if let Some(end) = patronymic_initial_name(text, p + first.len_utf8(), cl) {
        return Some(end);
    }
    let mut after = p + first.len_utf8();
    if matches!(first, 'O' | 'M' | 'N') {
        let rest = text[after..].strip_prefix(['\'', '’']).unwrap_or("");
        if let Some(c) = rest.chars().next().filter(|&c| cl.is_upper(c)) {
            let prefixed = text.len() - rest.len() + c.len_utf8();
            // the branch matches only if the rest of the pattern does after it
            if skip_while(text, prefixed, |c| cl.is_cased(c)) > prefixed
                || text.as_bytes().get(prefixed) == Some(&b'.')
            {
                after = prefixed;
            }
        }
    }
    let mut end = skip_while(text, after, |c| cl.is_cased(c));
    if end == after {
        return (text.as_bytes().get(after) == Some(&b'.')).then_some(after + 1);
    }
    while text.as_bytes().get(end) == Some(&b'-') {
        let part = skip_while(text, end + 1, |c| cl.is_letter(c));
        if part == end + 1 {
            break;
        }
        end = part;
    }
    // "Md. Rafiqul Karim", "Mohd. Azmi": a given name written short keeps its period
    if text.as_bytes().get(end) == Some(&b'.')
        && crate::article::GIVEN_NAME_ABBREVIATIONS.contains(&&text[p..end])
        && text[end + 1..].starts_with(' ')
    {
        return Some(end + 1);
    }
    Some(breton_ch(text, end))
}

/// "B.Enkhtuvshin", "Ts.Ganzorig" from after the first capital: an optional lower-case
/// letter, a period, then a capitalised word of three letters or more. The end of it.
fn patronymic_initial_name(text: &str, after: usize, cl: &TokenClasses) -> Option<usize> {
    let rest = &text[after..];
    let mut chars = rest.char_indices();
    let (mut k, mut c) = chars.next()?;
    if cl.is_lower(c) {
        (k, c) = chars.next()?;
    }
    if c != '.' {
        return None;
    }
    let start = after + k + 1;
    let cap = text[start..].chars().next().filter(|&c| cl.is_upper(c))?;
    let end = skip_while(text, start + cap.len_utf8(), |c| cl.is_lower(c));
    (text[start..end].chars().count() >= 3).then_some(end)
}

/// Past the Breton trigraph "c'h" that ends a name ("Guivarc'h", "Le Floc'h"): the token ended
/// at its apostrophe.
fn breton_ch(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    if end == 0 || b[end - 1] != b'c' {
        return end;
    }
    let rest = &text[end..];
    let after = rest
        .strip_prefix("'h")
        .or_else(|| rest.strip_prefix("’h"))
        .map(|r| text.len() - r.len());
    match after {
        Some(a) if !text[a..].chars().next().is_some_and(char::is_alphanumeric) => a,
        _ => end,
    }
}

/// The capitalised tokens of a text, as the regex's `find_iter` would find them: the leftmost
/// token, then the leftmost one after its end.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let cl = TokenClasses::get();
    let bytes = text.as_bytes();
    let mut p = 0;
    std::iter::from_fn(move || {
        while p < bytes.len() {
            let b = bytes[p];
            // a token starts with a capital or an article
            let (may_start, len) = if b.is_ascii() {
                let article = matches!(b, b'a' | b'e') && article_at(bytes, p).is_some();
                (b.is_ascii_uppercase() || article, 1)
            } else {
                let c = text[p..].chars().next()?;
                (cl.is_upper(c), c.len_utf8())
            };
            if may_start {
                if let Some(end) = token_at(text, p, cl) {
                    let start = p;
                    p = end;
                    return Some((start, end));
                }
            }
            p += len;
        }
        None
    })
}

/// A run of capitalised tokens (byte offsets into the sentence text).
#[derive(Debug, Clone)]
pub struct Run {
    pub tokens: Vec<(usize, usize)>,
}

/// Finds runs of capitalised words separated by single spaces or name particles.
pub fn capitalised_runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut last_end: Option<usize> = None;
    for (start, end) in tokens(text) {
        // a token must start a word: not preceded by a letter or an apostrophe-joined article
        let prev = text[..start].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let joined = match (last_end, runs.last()) {
            (Some(e), Some(_)) => {
                let gap = &text[e..start];
                // one particle, or two ("van der", "de los", "de la")
                gap == " "
                    || (gap.starts_with(' ')
                        && gap.ends_with(' ')
                        && gap.trim().split(' ').count() <= 2
                        && gap.trim().split(' ').all(is_particle))
            }
            _ => false,
        };
        if joined {
            runs.last_mut().unwrap().tokens.push((start, end));
        } else {
            runs.push(Run {
                tokens: vec![(start, end)],
            });
        }
        last_end = Some(end);
    }
    runs
}

/// Strips accents and case: "Saïed" → "saied".
pub fn strip_accents(s: &str) -> String {
    // ASCII characters are starters that neither decompose nor compose, so NFD never reorders
    // across them: runs of ASCII are only lowercased, and the decomposition runs on the rest
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = ascii_run(rest.as_bytes());
        let from = out.len();
        out.push_str(&rest[..ascii]);
        out[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        // NFD is each character's decomposition, then the non-starters of each run reordered;
        // every non-starter is a combining mark (see the test), so once the marks are dropped
        // the reordering changes nothing: no buffered NFD iterator needed
        for c in rest[..other].chars() {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            });
        }
        rest = &rest[other..];
    }
    out
}

/// The comparable tokens of a name: accents and case removed, particles and "al-" prefixes
/// dropped, hyphenated parts joined ("Abdel-Fattah Al-Sissi" → ["abdelfattah", "sissi"]).
pub fn key_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in name.split(|c: char| c.is_whitespace()) {
        let mut t = strip_accents(raw.trim_matches(|c: char| !c.is_alphanumeric()));
        if t.is_empty() || is_particle(&t) {
            continue;
        }
        // a hyphenated article ("al-Assad": the key is "assad"; the word is lower-cased)
        let prefix = ARTICLES
            .iter()
            .find(|a| t.starts_with(**a) && t.as_bytes().get(a.len()) == Some(&b'-'))
            .map_or(0, |a| a.len() + 1);
        // most words are letters only: the stripped word is the key, without a copy
        if t[prefix..].chars().all(char::is_alphanumeric) {
            t.drain(..prefix);
        } else {
            t = t[prefix..]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
        }
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Two surnames are the same word, allowing transliteration variants ("Lavrov"/"Lavrow",
/// "Abdullah"/"Abdallah", "Zelensky"/"Zelenskyy"): the same first letter, and one edit
/// (two for longer words). Given names are compared by [`same_name`], never by this: two
/// given names one letter apart are as often two names (Anton, Antonia) as one.
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let min = la.min(lb);
    // cheap refusals first: every fuzzy match keeps the first letter and the length ±2
    if a.chars().next() != b.chars().next() || la.abs_diff(lb) > 2 || min < 4 {
        return false;
    }
    let d = levenshtein(a, b);
    d <= 1 || (min >= 5 && d <= 2)
}

/// The spelling of a folded name part with the differences of spelling alone folded away:
/// ph/f, th/t, kh/h, dj/j, ck/k, q/k, ks/x, ee/i, c/k before a, o, u, l, r or t, gu/g
/// before e or i, y/i after a vowel, doubled letters ("Sergueï", "Sergey" → "sergei";
/// "Waleed" → "walid"; "Mustapha" → "mustafa"). Vowels are never dropped nor changed
/// otherwise: "Anton", "Antonio" and "Antonia", "Mahmoud" and "Mohammad", "Yi" and "Yu" keep
/// apart. The transliterations it does not fold are groups of `ontology/name-variants.tsv`.
pub fn spelling(part: &str) -> String {
    let c: Vec<char> = part.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or(' ');
    let vowel = |x: char| matches!(x, 'a' | 'e' | 'i' | 'o' | 'u');
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    let mut i = 0;
    while i < c.len() {
        let (x, next) = (c[i], at(i + 1));
        let (folded, used) = match (x, next) {
            ('p', 'h') => ('f', 2),
            ('t', 'h') => ('t', 2),
            ('k', 'h') => ('h', 2),
            ('d', 'j') => ('j', 2),
            ('c', 'k') => ('k', 2),
            ('k', 's') => ('x', 2),
            ('e', 'e') => ('i', 2),
            ('g', 'u') if matches!(at(i + 2), 'e' | 'i') => ('g', 2),
            ('q', _) => ('k', 1),
            ('c', 'a' | 'o' | 'u' | 'l' | 'r' | 't') => ('k', 1),
            ('y', _) if out.last().is_some_and(|&p| vowel(p)) => ('i', 1),
            _ => (x, 1),
        };
        if out.last() != Some(&folded) {
            out.push(folded);
        }
        i += used;
    }
    out.into_iter().collect()
}

/// The canonical spelling of a folded name part in the groups of `scope`, else the part.
fn canonical(scope: VariantScope, part: &str) -> &str {
    NameForms::get().canonical(scope, part).unwrap_or(part)
}

/// Whether two folded name parts are one name: the same spelling, the same group of
/// `ontology/name-variants.tsv` (of `scope`, or of any part), or, when they are not both in
/// groups, a difference of [`spelling`] alone. Two parts of different groups are two names.
pub fn same_name_in(scope: VariantScope, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let forms = NameForms::get();
    let group = |p: &str| {
        forms
            .canonical(scope, p)
            .or_else(|| forms.canonical(VariantScope::Name, p))
    };
    match (group(a), group(b)) {
        (Some(x), Some(y)) => x == y,
        _ => spelling(a) == spelling(b),
    }
}

/// [`same_name_in`] any part of a name: "Mohammed" and "Muhammad", "Sergueï" and "Sergey",
/// "Youssef" and "Yousef" are one name; "Mahmoud" and "Mohammad", "Anton" and "Antonio" two.
pub fn same_name(a: &str, b: &str) -> bool {
    same_name_in(VariantScope::Name, a, b)
}

/// How the parts of a name are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// "Sergueï Lavrov": the given name first, the family name last (and what a name is read
    /// as when nothing says otherwise).
    GivenFirst,
    /// "Xi Jinping", "Kim Jong Un": a Chinese or Korean family name first, then the given
    /// name, whose parts are one name ("Jong Un", "Jong-un").
    FamilyFirst,
    /// "Nguyen Phu Trong": a Vietnamese family name first, the person called by the last
    /// part ("Trong"), every part kept.
    Vietnamese,
}

/// Whether a folded word is made of romanised Chinese (pinyin, Wade-Giles, Cantonese) or
/// Korean syllables: "jinping", "jongun", "hsienloong", not "kardashian" nor "anderson".
pub fn romanised(word: &str) -> bool {
    let syllables = syllables();
    let c: Vec<char> = word.chars().collect();
    if c.is_empty() || !word.is_ascii() {
        return false;
    }
    // ok[i]: the first i letters are syllables
    let mut ok = vec![false; c.len() + 1];
    ok[0] = true;
    for i in 0..c.len() {
        if !ok[i] {
            continue;
        }
        for j in i + 1..=(i + MAX_SYLLABLE).min(c.len()) {
            if !ok[j] && syllables.contains(&word[i..j]) {
                ok[j] = true;
            }
        }
    }
    ok[c.len()]
}

const MAX_SYLLABLE: usize = 6;

/// The romanised syllables [`romanised`] knows: every initial with every final of pinyin,
/// Wade-Giles and Cantonese spellings, and Korean ones (Revised and McCune-Reischauer:
/// initial, vowel, final consonant). Generous on purpose: it only tells a Chinese or Korean
/// given name from a Western surname after a family name such as Kim, Lee or Mo.
fn syllables() -> &'static rustc_hash::FxHashSet<String> {
    static SYLLABLES: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    SYLLABLES.get_or_init(|| {
        const INITIALS: &[&str] = &[
            "", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch",
            "sh", "r", "z", "c", "s", "y", "w", "hs", "ts", "tz", "kw", "kk", "tt", "pp", "ss",
            "jj",
        ];
        const FINALS: &[&str] = &[
            // pinyin
            "a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong",
            "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
            "uan", "un", "uang", "ue", "ueng", "uan",
            // Wade-Giles, Cantonese and older spellings
            "ien", "ieh", "ih", "ung", "uei", "iung", "eung", "au", "ow", "oi", "ew", "oong", "ok",
            "uk", "ak", "ik", "am", "im", "om", "um", "ee", "oo", "oon", "yew",
        ];
        const VOWELS: &[&str] = &[
            "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i", "oo", "ee", "ou", "you",
        ];
        const CODAS: &[&str] = &["", "k", "n", "t", "l", "m", "p", "ng"];
        let mut set = rustc_hash::FxHashSet::default();
        // the finals that stand alone only ("er", "erh")
        set.insert("er".to_owned());
        set.insert("erh".to_owned());
        for i in INITIALS {
            for f in FINALS {
                set.insert(format!("{i}{f}"));
            }
            for v in VOWELS {
                for c in CODAS {
                    set.insert(format!("{i}{v}{c}"));
                }
            }
        }
        set.retain(|s| s.len() <= MAX_SYLLABLE);
        set
    })
}

/// The order of a name's key tokens ([`key_tokens`]): family-name-first when its first part
/// is a family name of `ontology/family-names-first.tsv`, Chinese or Korean ones only when the
/// rest is [`romanised`] ("Kim Jong-un", not "Kim Darroch" nor "Yao Kouamé N'Guessan").
pub fn order(keys: &[String]) -> Order {
    if keys.len() < 2 {
        return Order::GivenFirst;
    }
    match NameForms::get().family_first(&keys[0]) {
        Some(Culture::Vietnamese) => Order::Vietnamese,
        Some(_) if keys[1..].iter().all(|k| romanised(k)) => Order::FamilyFirst,
        _ => Order::GivenFirst,
    }
}

/// A person's name as its IRI and its key read it ([`person_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonParts {
    pub order: Order,
    /// The parts the IRI writes, in the written order, each in its group's canonical
    /// spelling: given and family name ("mohammad", "abbas"); the family name and the given
    /// name's parts joined ("kim", "jongun"); every part of a Vietnamese name.
    pub iri: Vec<String>,
    /// The family name, canonical (the last part of a Vietnamese name, which the person is
    /// called by): the key of a surname-only mention of the same person.
    pub key: Option<String>,
}

/// How a name's key tokens make its IRI and key. A given-name-first name keeps its first and
/// last parts ("Ali Abdullah Ayoub" and "Ali Ayoub" are one person, as alias merging has
/// it); a family-name-first one its family name and whole given name.
pub fn person_parts(keys: &[String]) -> PersonParts {
    let name = |p: &str| canonical(VariantScope::Name, p).to_owned();
    let family = |p: &str| {
        let forms = NameForms::get();
        forms
            .canonical(VariantScope::Family, p)
            .or_else(|| forms.canonical(VariantScope::Name, p))
            .unwrap_or(p)
            .to_owned()
    };
    let order = order(keys);
    let iri: Vec<String> = match (order, keys) {
        (_, []) => vec![],
        // a family name alone, as the family name of a full name writes it
        (_, [one]) if NameForms::get().family_first(one).is_some() => vec![family(one)],
        (_, [one]) => vec![name(one)],
        (Order::GivenFirst, [first, .., last]) => vec![name(first), name(last)],
        (Order::FamilyFirst, [first, rest @ ..]) => {
            let given = rest.concat();
            let forms = NameForms::get();
            let given = forms
                .canonical(VariantScope::Given, &given)
                .or_else(|| forms.canonical(VariantScope::Name, &given))
                .map_or(given.clone(), str::to_owned);
            vec![family(first), given]
        }
        (Order::Vietnamese, _) => keys.iter().map(|k| name(k)).collect(),
    };
    let key = match order {
        Order::FamilyFirst => iri.first().cloned(),
        _ => iri.last().cloned(),
    };
    PersonParts { order, iri, key }
}

/// The part of a name alias merging compares surnames by: the family name (first for a
/// family-name-first name, canonical in the family groups), else the last part.
fn family_part(keys: &[String], order: Order) -> Option<&str> {
    match order {
        Order::FamilyFirst => keys.first().map(String::as_str),
        _ => keys.last().map(String::as_str),
    }
}

/// Whether two family names of family-name-first names are one: the same spelling or the
/// same group (no fuzzy match: "Zhang" and "Zhong", "Lu" and "Lou" are two families).
fn same_family_first(a: &str, b: &str) -> bool {
    let forms = NameForms::get();
    let canon = |p| forms.canonical(VariantScope::Family, p).unwrap_or(p);
    a == b || canon(a) == canon(b)
}

/// Whether two surnames of given-name-first names are one: [`similar`], or one group.
fn same_surname(a: &str, b: &str) -> bool {
    similar(a, b) || {
        let forms = NameForms::get();
        forms
            .canonical(VariantScope::Name, a)
            .is_some_and(|x| forms.canonical(VariantScope::Name, b) == Some(x))
    }
}

/// The tokens a cluster of alias merging is found by: each token, and its canonical
/// spelling when it is in a group (so "Iouri" finds "Yuri"). See `persons::find_cluster`.
pub fn index_forms(token: &str) -> impl Iterator<Item = &str> {
    let forms = NameForms::get();
    let canon = forms
        .canonical(VariantScope::Name, token)
        .or_else(|| forms.canonical(VariantScope::Family, token))
        .filter(|c| *c != token);
    std::iter::once(token).chain(canon)
}

/// The token of a multi-word name that alias merging looks other multi-word names up by:
/// its family name ([`order`]).
pub fn family_token(keys: &[String]) -> Option<&str> {
    family_part(keys, order(keys))
}

/// Whether two names can denote the same person. `a` and `b` are key tokens.
///
/// A single word is the other's family name (spelled alike, [`similar`]), or one of its
/// other parts, the same name ([`same_name`]). Two longer names need the same family name and
/// the same given name, never two given names that are not one name ("Mahmoud Abbas" and
/// "Mohammad Abbas", "Anton Weber" and "Antonio Weber", "Kim Jong-un" and "Kim Jong-il" are
/// two persons); a given-name-first name may also be the tail of the other ("Lopez Obrador").
pub fn compatible(a: &[String], b: &[String]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let [.., sl] = short else {
        return false;
    };
    if long.is_empty() {
        return false;
    }
    let lo = order(long);
    if short.len() == 1 {
        let family = family_part(long, lo).unwrap_or_default();
        let family_ok = match lo {
            Order::FamilyFirst => same_family_first(family, sl),
            // the last part of a Vietnamese name is a given name
            Order::Vietnamese => same_name(family, sl),
            Order::GivenFirst => similar(family, sl),
        };
        // or the given name of a family-name-first name, its parts joined ("Jinping",
        // "Jong-un"), or any part of the name
        return family_ok
            || (lo == Order::FamilyFirst
                && same_name_in(VariantScope::Given, &long[1..].concat(), sl))
            || long.iter().any(|t| same_name(t, sl));
    }
    let so = order(short);
    match (lo, so) {
        (Order::FamilyFirst, Order::FamilyFirst) => {
            same_family_first(&long[0], &short[0])
                && same_name_in(
                    VariantScope::Given,
                    &long[1..].concat(),
                    &short[1..].concat(),
                )
        }
        // one read family-name-first, the other not: two names
        (Order::FamilyFirst, _) | (_, Order::FamilyFirst) => false,
        // a Vietnamese name: the family name first, then given names, each the same name
        // ("Tran Van Minh" and "Tran Van Manh" are two persons)
        (Order::Vietnamese, _) | (_, Order::Vietnamese) => {
            same_family_first(&long[0], &short[0])
                && same_name(&long[long.len() - 1], sl)
                && (long.len() != short.len()
                    || long.iter().zip(short).all(|(a, b)| same_name(a, b)))
        }
        _ => {
            let ll = long.last().unwrap_or(sl);
            if !same_surname(ll, sl) {
                return false;
            }
            // same first name, or the short form is the tail of the long one ("Lopez Obrador")
            same_name(&long[0], &short[0]) || long.ends_with(short)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_ends_with_is_lower_casing_then_ends_with() {
        for s in [
            "Le ministre DE ",
            "the Minister Of The ",
            "İ",
            "x İ de ",
            "\u{212A}",
            "ΣΑΣ de ",
            "",
            "ÉTÉ et",
            "Rome AND",
            "été et",
        ] {
            for p in [" de ", " of the ", " et", " and", "k", "", " d'"] {
                assert_eq!(
                    lower_ends_with(s, p),
                    s.to_lowercase().ends_with(p),
                    "{s:?} {p:?}"
                );
            }
        }
    }

    /// The pattern `tokens` runs by hand.
    fn token_re() -> regex::Regex {
        regex::Regex::new(r"(?:(?-u:\b)(?:al|el|ad|as|ash|an|ar|at|az|Al|El|Ad|As)-)?(?:\p{Lu}\p{Ll}?\.\p{Lu}\p{Ll}{2,}|(?:[OMN]['’]\p{Lu}|\p{Lu})(?:[\p{Ll}\p{Lu}\p{M}\x{ad}\x{200b}-\x{200d}\x{2060}\x{feff}]+(?:-[\p{L}\p{M}\x{ad}\x{200b}-\x{200d}\x{2060}\x{feff}]+)*|\.))").unwrap()
    }

    fn same_tokens_as_regex(re: &regex::Regex, text: &str) {
        let expected: Vec<(usize, usize)> = re
            .find_iter(text)
            .map(|m| {
                // ("Md. X": a given name written short keeps its period)
                let bare = article_at(text.as_bytes(), m.start())
                    .filter(|&a| a < m.end())
                    .unwrap_or(m.start());
                let short = crate::article::GIVEN_NAME_ABBREVIATIONS
                    .contains(&&text[bare..m.end()])
                    && text[m.end()..].starts_with(". ");
                (
                    m.start(),
                    if short {
                        m.end() + 1
                    } else {
                        breton_ch(text, m.end())
                    },
                )
            })
            .collect();
        assert_eq!(tokens(text).collect::<Vec<_>>(), expected, "{text:?}");
    }

    #[test]
    fn tokens_are_the_regex_matches() {
        let re = token_re();
        for text in [
            "",
            "Jean-Marc de La Tour et Bachar al-Assad, Abdel-Fattah Al-Sissi.",
            "al-Assad as-Sadr ash-Shara ash-x as-x Al-x Al- El-É a-B xal-Assad _al-B 1el-B",
            "M. J.-P. Él. A. ÉCOLE Ǆemal ǅemal Ⓐbc Ab\u{301}c A\u{301}b Kelvin KL Aª Aʰ A中 中A",
            "Guivarc'h, Le Floc’h, Marc'hadour Bac'hx Saïed Sergueï Ökalan ÖZ İstanbul ßA Aß Éa-中-ʰ-\u{301} A-- A-.b A.-b",
            "Sean O'Brien, N’Diaye, M'Bow, L'Égypte, D'Alger, O'B. O'B O' O'b N'Guessan-Kouamé",
            "Md. Rafiqul Karim, al-Md. X, Md.X, Mohd. Azmi, B.Enkhtuvshin, Ts.Ganzorig, U.S.Army, B.Ab",
        ] {
            same_tokens_as_regex(&re, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_the_regex_matches_on_any_text(
            text in "[aelshdnrtzAELSDMON\\-. _1'’éÉǅǄʰª\u{301}Ⓐ\u{212A}ßİ中ΣσΆ\u{200d}\u{ad}]{0,40}"
        ) {
            same_tokens_as_regex(&token_re(), &text);
        }
    }

    #[test]
    fn every_non_starter_is_a_combining_mark() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert!(
                unicode_normalization::char::canonical_combining_class(c) == 0
                    || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn strip_accents_drops_the_marks_of_nfd() {
        use unicode_normalization::UnicodeNormalization;
        for s in [
            "Saïed Sergueï ÉCOLE Ǆemal İstanbul",
            "a\u{301}\u{327}b e\u{327}\u{301} ḉ Å Ω \u{212A} ß ﬁ 한국",
            "\u{301}x\u{5B0}\u{591}y",
        ] {
            let expected: String = s
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(strip_accents(s), expected, "{s:?}");
        }
    }

    #[test]
    fn no_particle_is_longer_than_the_bound() {
        assert!(PARTICLES.iter().all(|p| p.len() <= MAX_PARTICLE_LEN));
    }

    fn k(s: &str) -> Vec<String> {
        key_tokens(s)
    }

    /// The texts of a text's capitalised runs.
    fn run_texts(text: &str) -> Vec<String> {
        capitalised_runs(text)
            .iter()
            .map(|r| text[r.tokens[0].0..r.tokens.last().unwrap().1].to_owned())
            .collect()
    }

    #[test]
    fn runs_join_particles_and_hyphens() {
        let runs = run_texts(
            "Hier, Jean-Marc de La Tour et Bachar al-Assad ont parlé avec Abdel-Fattah Al-Sissi.",
        );
        assert_eq!(
            runs,
            vec![
                "Hier",
                "Jean-Marc de La Tour",
                "Bachar al-Assad",
                "Abdel-Fattah Al-Sissi"
            ]
        );
        // two particles in a row, not three
        let runs =
            run_texts("Ricardo van der Kamp a vu Rodolfo de los Reyes, pas Ana de la de Souza.");
        assert_eq!(
            runs,
            vec![
                "Ricardo van der Kamp",
                "Rodolfo de los Reyes",
                "Ana",
                "Souza"
            ]
        );
    }

    #[test]
    fn keys_drop_particles_and_accents() {
        assert_eq!(k("Abdel-Fattah Al-Sissi"), vec!["abdelfattah", "sissi"]);
        assert_eq!(k("Bachar al-Assad"), vec!["bachar", "assad"]);
        assert_eq!(k("Kais Saïed"), vec!["kais", "saied"]);
    }

    #[test]
    fn merges_variants_but_not_namesakes() {
        assert!(compatible(&k("Pierre Jean Martin"), &k("Pierre Martin")));
        assert!(compatible(&k("Youssef Al-Hamadi"), &k("Yousef Hamadi")));
        assert!(compatible(&k("Othmane Benali"), &k("Osmane Benali")));
        assert!(compatible(&k("Sergueï Ivanov"), &k("Sergei Ivanov")));
        assert!(compatible(&k("Juan Carlos Perez Lopez"), &k("Perez Lopez")));
        assert!(compatible(&k("Pierre Martin"), &k("Martin")));
        assert!(!compatible(&k("Pierre Martin"), &k("Jacques Martin")));
        assert!(!compatible(&k("Raul Castro"), &k("Fidel Castro")));
    }
}
