//! Person names: candidate spans of capitalised words, the evidence that makes a candidate a
//! person (a title or office right before it, an apposition after it, a known given name, a
//! reporting verb), name keys for alias merging, and the fuzzy comparison used to merge
//! transliteration variants.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Lower-case name particles that may stand between the words of a name.
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "as", "ash", "ben", "bin", "ibn", "abu", "de", "da", "di", "du", "del",
    "della", "dos", "das", "van", "von", "der", "den", "le", "la", "y",
];

pub fn is_particle(word: &str) -> bool {
    // no lower-cased copy: the particles are ASCII without 'k', and only ASCII letters (and
    // the Kelvin sign, to 'k') lower-case to ASCII letters
    PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
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

fn token_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:(?-u:\b)(?:al|el|ad|as|ash|an|ar|at|az|Al|El|Ad|As)-)?\p{Lu}(?:[\p{Ll}\p{Lu}\p{M}]+(?:-[\p{L}\p{M}]+)*|\.)").unwrap()
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
    for m in token_re().find_iter(text) {
        // a token must start a word: not preceded by a letter or an apostrophe-joined article
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let joined = match (last_end, runs.last()) {
            (Some(e), Some(_)) => {
                let gap = &text[e..m.start()];
                gap == " "
                    || (gap.starts_with(' ')
                        && gap.ends_with(' ')
                        && is_particle(gap.trim())
                        && gap.trim().split(' ').count() == 1)
            }
            _ => false,
        };
        if joined {
            runs.last_mut().unwrap().tokens.push((m.start(), m.end()));
        } else {
            runs.push(Run {
                tokens: vec![(m.start(), m.end())],
            });
        }
        last_end = Some(m.end());
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
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ascii].to_ascii_lowercase());
        rest = &rest[ascii..];
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        out.extend(
            rest[..other]
                .nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .flat_map(char::to_lowercase),
        );
        rest = &rest[other..];
    }
    out
}

/// The comparable tokens of a name: accents and case removed, particles and "al-" prefixes
/// dropped, hyphenated parts joined ("Abdel-Fattah Al-Sissi" → ["abdelfattah", "sissi"]).
pub fn key_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in name.split(|c: char| c.is_whitespace()) {
        let t = strip_accents(raw.trim_matches(|c: char| !c.is_alphanumeric()));
        if t.is_empty() || is_particle(&t) {
            continue;
        }
        let mut t = t.as_str();
        for p in [
            "al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-",
        ] {
            if let Some(rest) = t.strip_prefix(p) {
                t = rest;
                break;
            }
        }
        let joined: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
        if !joined.is_empty() {
            out.push(joined);
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

/// Two name tokens are the same word, allowing transliteration variants
/// ("Othman"/"Osman", "Sergueï"/"Sergei", "Abdullah"/"Abdallah").
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

/// Whether two names can denote the same person. `a` and `b` are key tokens.
pub fn compatible(a: &[String], b: &[String]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let (Some(ll), Some(sl)) = (long.last(), short.last()) else {
        return false;
    };
    if short.len() == 1 {
        return long.iter().any(|t| similar(t, sl));
    }
    if !similar(ll, sl) {
        return false;
    }
    // same first name, or the short form is the tail of the long one ("Lopez Obrador")
    similar(&long[0], &short[0]) || long.ends_with(short)
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

    fn k(s: &str) -> Vec<String> {
        key_tokens(s)
    }

    #[test]
    fn runs_join_particles_and_hyphens() {
        let text =
            "Hier, Jean-Marc de La Tour et Bachar al-Assad ont parlé avec Abdel-Fattah Al-Sissi.";
        let runs: Vec<String> = capitalised_runs(text)
            .iter()
            .map(|r| text[r.tokens[0].0..r.tokens.last().unwrap().1].to_owned())
            .collect();
        assert_eq!(
            runs,
            vec![
                "Hier",
                "Jean-Marc de La Tour",
                "Bachar al-Assad",
                "Abdel-Fattah Al-Sissi"
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
