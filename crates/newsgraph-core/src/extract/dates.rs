//! Dates: absolute ("18 mars 2019", "July 9, 2022", "19/03/2019"), partial ("le 18 mars",
//! "On August 2") and relative ("ce lundi", "dimanche", "hier", "yesterday", "plus tard dans la
//! journée") expressions, resolved against a reference date with chrono's calendar.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::{Regex, RegexBuilder};

/// A date expression found in a text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub value: DateValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// Day, month and year written out.
    Absolute(NaiveDate),
    /// Day and month, year to infer.
    DayMonth(u32, u32),
    /// A weekday, with what qualifies it.
    Weekday(Weekday, Qualified),
    /// Days relative to the reference date (hier = -1).
    Offset(i64),
    /// "later that day": the date of the previous event.
    SameDay,
    /// Days relative to the date of the story so far ("la veille" = -1, "le lendemain" = +1):
    /// the previous event's, else the reference date.
    StoryOffset(i64),
    /// A time too vague to give a day ("earlier this month", "la semaine dernière", "in
    /// recent weeks"): the event has no known date, and takes none from the story around it.
    Vague,
}

/// How a weekday is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualified {
    /// Not at all ("lundi", "on Monday"): the most recent such day, the reference day itself
    /// included ("ce mardi matin" in a paper of that Tuesday).
    Bare,
    /// As past ("lundi dernier", "last Monday"): the most recent such day before the
    /// reference day.
    Past,
    /// As coming ("lundi prochain", "next Monday").
    Next,
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("fév", 2),
    ("fev", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("lundi", Weekday::Mon),
    ("mardi", Weekday::Tue),
    ("mercredi", Weekday::Wed),
    ("jeudi", Weekday::Thu),
    ("vendredi", Weekday::Fri),
    ("samedi", Weekday::Sat),
    ("dimanche", Weekday::Sun),
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

fn month(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|&(_, v)| v)
}

fn weekday(name: &str) -> Option<Weekday> {
    let n = name.to_lowercase();
    WEEKDAYS.iter().find(|(w, _)| *w == n).map(|&(_, v)| v)
}

const MONTH_RE: &str = r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|january|february|march|april|may|june|july|august|september|october|november|december|janv\.?|jan\.?|f[ée]vr?\.?|avr\.?|juil\.?|d[ée]c\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?";
const WEEKDAY_RE: &str = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday";

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?x)
            (?-u:\b)(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))(?-u:\b)
          | (?-u:\b)(?P<num>(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})/(?P<ny>\d{{4}}))(?-u:\b)
          | (?-u:\b)(?P<range>(?P<d0>1er|\d{{1,2}})\s+(?:et|and|au|to|-|–)\s+\d{{1,2}}\s+(?P<m0>{mo})(?:,?\s+(?P<y0>\d{{4}}))?)(?-u:\b)
          | (?-u:\b)(?P<dmy>(?:(?:{wd}),?\s+)?(?P<d1>1er|\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{mo})(?:,?\s+(?P<y1>\d{{4}}))?)(?-u:\b)
          | (?-u:\b)(?P<mdy>(?:(?:{wd}),?\s+)?(?P<m2>{mo})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?)(?-u:\b)
          | (?-u:\b)(?P<rel>avant-hier|hier|yesterday|aujourd'hui|today|demain|tomorrow)(?-u:\b)
          | (?-u:\b)(?P<vague>(?:in\s+)?(?:early|late|mid-?)\s*(?:{mo})|(?:au\s+)?(?:d[ée]but|fin|mi-)\s*(?:{mo})|(?:earlier|later)\s+(?:this|that|in\s+the|last)\s+(?:week|month|year)|(?:last|this\s+past|the\s+previous)\s+(?:week|month|year)|(?:in\s+)?recent\s+(?:days|weeks|months)|(?:a\s+few|several)\s+(?:days|weeks|months)\s+ago|a\s+week\s+ago|(?:en|in)\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|january|february|march|april|june|july|august|september|october|november|december)|(?:in\s+the|last|this\s+past)\s+(?:spring|summer|autumn|fall|winter)|(?:au\s+printemps|en\s+été|à\s+l'automne|en\s+hiver)(?:\s+dernier)?|(?:a|one|two|three|a\s+few|several)\s+(?:days?|weeks?)\s+(?:earlier|before)|the\s+previous\s+week|(?:une|deux)\s+semaines?\s+plus\s+t[ôo]t|(?:quelques|plusieurs|deux|trois)\s+jours\s+plus\s+t[ôo]t|il\s+y\s+a\s+une\s+semaine|la\s+semaine\s+pr[ée]c[ée]dente|plus\s+t[ôo]t\s+(?:ce\s+mois-ci|cette\s+semaine|cette\s+ann[ée]e|dans\s+(?:le\s+mois|la\s+semaine|l'ann[ée]e))|(?:au\s+)?d[ée]but\s+(?:du\s+mois|de\s+la\s+semaine|de\s+l'ann[ée]e)|(?:la\s+semaine|le\s+mois)\s+(?:derni[eè]re?|pass[ée]e?)|ces\s+derni(?:ers|[eè]res)\s+(?:jours|semaines|mois)|il\s+y\s+a\s+(?:quelques|plusieurs)\s+(?:jours|semaines|mois))(?-u:\b)
          | (?P<before>^\W*(?:earlier|previously|plus\s+t[ôo]t|auparavant|pr[ée]c[ée]demment)\s*,)
          | (?P<eve>(?-u:\b)(?:à\s+)?la\s+veille\s+d(?:u|e|es|')|(?-u:\b)on\s+the\s+eve\s+of|(?-u:\b)the\s+day\s+before\s+the\s)
          | (?-u:\b)(?P<story>la\s+veille|the\s+day\s+before|the\s+previous\s+day|le\s+lendemain|the\s+next\s+day|the\s+following\s+day)(?-u:\b)
          | (?P<same>plus\s+tard\s+dans\s+la\s+journ[ée]e|later\s+(?:that|in\s+the|the\s+same)\s+day|le\s+m[êe]me\s+jour|the\s+same\s+day|le\s+soir\s+m[êe]me|ce\s+soir-l[àa]|the\s+same\s+(?:evening|night|afternoon)|that\s+(?:same\s+)?(?:evening|night|afternoon)|ce\s+jour-l[àa])
          | (?-u:\b)(?P<wd>(?:last\s+|next\s+)?(?P<w>{wd})(?:\s+(?P<wq>prochain|dernier|next|last))?)(?-u:\b)",
            wd = WEEKDAY_RE,
            mo = MONTH_RE
        );
        RegexBuilder::new(&p).case_insensitive(true).build().unwrap()
    })
}

/// Finds the date expressions of a text. `lang` chooses the order of numeric dates.
pub fn find_dates(text: &str, lang: &str) -> Vec<DateMention> {
    let mut out = Vec::new();
    // find with the fast DFA first; captures only on the span found
    for found in date_re().find_iter(text) {
        let Some(c) = date_re().captures_at(&text[..found.end()], found.start()) else {
            continue;
        };
        let whole = c.get(0).unwrap();
        let value = if c.name("iso").is_some() {
            ymd(&c["iy"], &c["im"], &c["id"]).map(DateValue::Absolute)
        } else if c.name("num").is_some() {
            let (d, m) = if lang == "en" {
                (&c["nm"], &c["nd"])
            } else {
                (&c["nd"], &c["nm"])
            };
            ymd(&c["ny"], m, d).map(DateValue::Absolute)
        } else if c.name("range").is_some() {
            // "les 3 et 4 juin", "on 3 and 4 June": the first day
            day_month(&c["d0"], &c["m0"], c.name("y0").map(|m| m.as_str()))
        } else if c.name("dmy").is_some() {
            day_month(&c["d1"], &c["m1"], c.name("y1").map(|m| m.as_str()))
        } else if c.name("mdy").is_some() {
            day_month(&c["d2"], &c["m2"], c.name("y2").map(|m| m.as_str()))
        } else if let Some(r) = c.name("rel") {
            Some(DateValue::Offset(
                match r.as_str().to_lowercase().as_str() {
                    "avant-hier" => -2,
                    "hier" | "yesterday" => -1,
                    "demain" | "tomorrow" => 1,
                    _ => 0,
                },
            ))
        } else if c.name("same").is_some() {
            Some(DateValue::SameDay)
        } else if let Some(s) = c.name("story") {
            let s = s.as_str().to_lowercase();
            let before = s.contains("veille") || s.contains("before") || s.contains("previous");
            Some(DateValue::StoryOffset(if before { -1 } else { 1 }))
        } else if c.name("vague").is_some() || c.name("before").is_some() || c.name("eve").is_some()
        {
            // ("la veille du forum", "on the eve of the summit": a day told from another
            // event's, not from the story's)
            Some(DateValue::Vague)
        } else if let Some(w) = c.name("w") {
            let q = c.name("wq").map(|m| m.as_str().to_lowercase());
            let lower = whole.as_str().to_lowercase();
            let qualified = if matches!(q.as_deref(), Some("prochain") | Some("next"))
                || lower.starts_with("next")
            {
                Qualified::Next
            } else if matches!(q.as_deref(), Some("dernier") | Some("last"))
                || lower.starts_with("last")
            {
                Qualified::Past
            } else {
                Qualified::Bare
            };
            weekday(w.as_str()).map(|w| DateValue::Weekday(w, qualified))
        } else {
            None
        };
        if let Some(value) = value {
            out.push(DateMention {
                start: whole.start(),
                end: whole.end(),
                value,
            });
        }
    }
    out
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn day_month(d: &str, m: &str, y: Option<&str>) -> Option<DateValue> {
    let d: u32 = if d.eq_ignore_ascii_case("1er") {
        1
    } else {
        d.parse().ok()?
    };
    let m = month(m)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    match y {
        Some(y) => NaiveDate::from_ymd_opt(y.parse().ok()?, m, d).map(DateValue::Absolute),
        None => Some(DateValue::DayMonth(d, m)),
    }
}

impl DateValue {
    /// Resolves against the reference date (`reference`) and the date of the previous event
    /// (`previous`, for "later that day"). `None` when it cannot be resolved unambiguously.
    pub fn resolve(
        self,
        reference: Option<NaiveDate>,
        previous: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        match self {
            DateValue::Absolute(d) => Some(d),
            DateValue::DayMonth(d, m) => {
                let r = reference?;
                // the year that puts the date nearest the reference
                [r.year() - 1, r.year(), r.year() + 1]
                    .iter()
                    .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
                    .min_by_key(|x| (*x - r).num_days().abs())
            }
            DateValue::Weekday(w, qualified) => {
                let r = reference?;
                let diff = (r.weekday().num_days_from_monday() as i64
                    - w.num_days_from_monday() as i64)
                    .rem_euclid(7);
                match qualified {
                    Qualified::Next => {
                        let ahead = (7 - diff) % 7;
                        Some(r + Duration::days(if ahead == 0 { 7 } else { ahead }))
                    }
                    Qualified::Past if diff == 0 => Some(r - Duration::days(7)),
                    Qualified::Past | Qualified::Bare => Some(r - Duration::days(diff)),
                }
            }
            DateValue::Offset(n) => reference.map(|r| r + Duration::days(n)),
            DateValue::SameDay => previous.or(reference),
            DateValue::StoryOffset(n) => previous.or(reference).map(|d| d + Duration::days(n)),
            DateValue::Vague => None,
        }
    }
}

/// The article's own dominant date, used when no publication date is given: the most
/// frequent fully written date (earliest on ties).
pub fn dominant_date(mentions: &[DateMention]) -> Option<NaiveDate> {
    let mut counts: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if let DateValue::Absolute(d) = m.value {
            match counts.iter_mut().find(|(x, _, _)| *x == d) {
                Some(e) => e.1 += 1,
                None => counts.push((d, 1, i)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(d, _, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn first(text: &str, lang: &str, reference: &str) -> Option<NaiveDate> {
        find_dates(text, lang)[0]
            .value
            .resolve(Some(d(reference)), None)
    }

    #[test]
    fn absolute_dates_in_both_languages() {
        assert_eq!(
            first("le 3 avril 2021 à Paris", "fr", "2000-01-01"),
            Some(d("2021-04-03"))
        );
        assert_eq!(
            first("le 1er mai 2020", "fr", "2000-01-01"),
            Some(d("2020-05-01"))
        );
        assert_eq!(
            first("on July 9, 2022, in Rome", "en", "2000-01-01"),
            Some(d("2022-07-09"))
        );
        assert_eq!(
            first("ROME, 9 July 2022", "en", "2000-01-01"),
            Some(d("2022-07-09"))
        );
        assert_eq!(
            first("publié le 05/04/2020", "fr", "2000-01-01"),
            Some(d("2020-04-05"))
        );
        assert_eq!(
            first("posted 04/05/2020", "en", "2000-01-01"),
            Some(d("2020-04-05"))
        );
    }

    #[test]
    fn partial_and_relative_dates() {
        // 2020-06-10 is a Wednesday
        assert_eq!(
            first("le 8 juin", "fr", "2020-06-10"),
            Some(d("2020-06-08"))
        );
        assert_eq!(
            first("le 28 décembre", "fr", "2021-01-03"),
            Some(d("2020-12-28"))
        );
        assert_eq!(
            first("ce mercredi", "fr", "2020-06-10"),
            Some(d("2020-06-10"))
        );
        assert_eq!(first("dimanche", "fr", "2020-06-10"), Some(d("2020-06-07")));
        assert_eq!(
            first("hier soir", "fr", "2020-06-10"),
            Some(d("2020-06-09"))
        );
        assert_eq!(
            first("on Monday", "en", "2020-06-10"),
            Some(d("2020-06-08"))
        );
        assert_eq!(
            first("next Monday", "en", "2020-06-10"),
            Some(d("2020-06-15"))
        );
        assert_eq!(
            first("lundi prochain", "fr", "2020-06-10"),
            Some(d("2020-06-15"))
        );
        assert_eq!(
            first("yesterday", "en", "2020-06-10"),
            Some(d("2020-06-09"))
        );
        let same = find_dates("plus tard dans la journée", "fr")[0].value;
        assert_eq!(
            same.resolve(Some(d("2020-06-10")), Some(d("2020-06-08"))),
            Some(d("2020-06-08"))
        );
    }

    #[test]
    fn unresolvable_without_reference() {
        assert_eq!(
            find_dates("mardi 3 décembre", "fr")[0]
                .value
                .resolve(None, None),
            None
        );
    }

    #[test]
    fn dominant_date_is_most_frequent() {
        let m = find_dates(
            "le 2 mai 2020, puis le 3 mai 2020 et encore le 3 mai 2020",
            "fr",
        );
        assert_eq!(dominant_date(&m), Some(d("2020-05-03")));
    }
}
