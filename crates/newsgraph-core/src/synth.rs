//! A deterministic synthetic news corpus, for benchmarks and scale tests: articles in French
//! and English with varied names, titles, countries, capitals, dates, quotations and meeting
//! phrasings, of realistic length (2–4 kB). The same seed gives the same corpus on every
//! machine (ChaCha8).

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::lexicon::{CountryFormKind, Lexicon};

/// One generated article, in the JSON Lines shape `newsgraph build --jsonl` reads.
#[derive(Debug, Clone, Serialize)]
pub struct SynthArticle {
    pub id: String,
    pub url: String,
    pub lang: String,
    pub published: String,
    pub title: String,
    pub text: String,
}

const GIVEN: &[&str] = &[
    "Ahmed", "Maria", "Jean", "Sofia", "Yusuf", "Elena", "Pierre", "Amina", "Carlos", "Hana",
    "Omar", "Claire", "Dmitri", "Fatima", "Luis", "Ingrid", "Kofi", "Mei", "Rashid", "Anna",
    "Tomas", "Leila", "Victor", "Nadia", "Samuel", "Irina",
];
const SYLLABLES: &[&str] = &[
    "ba", "ka", "mo", "ri", "tan", "vel", "dor", "ni", "sa", "lo", "mer", "ga", "zu", "fen", "ho",
    "li", "ver", "ta", "bel", "ko",
];

fn surname(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(2..=3);
    let s: String = (0..n).map(|_| *SYLLABLES.choose(rng).unwrap()).collect();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

struct Actor {
    given: String,
    surname: String,
    /// (French title, English title)
    title: (&'static str, &'static str),
    iso: String,
    demonym_fr: String,
    demonym_en: String,
}

const TITLES: &[(&str, &str)] = &[
    ("ministre des Affaires étrangères", "Foreign Minister"),
    ("ministre de la Défense", "Defence Minister"),
    ("président", "President"),
    ("Premier ministre", "Prime Minister"),
    ("chef d'état-major", "Chief of Staff"),
    ("ministre de l'Intérieur", "Interior Minister"),
];

fn demonym(lex: &Lexicon, iso: &str, lang: &str) -> Option<String> {
    // the country forms file is sorted; take the first demonym of the language
    lex.country_forms
        .iter()
        .find(|f| {
            f.iso2 == iso
                && f.kind == CountryFormKind::Demonym
                && f.lang == lang
                && !f.form.ends_with('s')
                && !f.form.contains(' ')
        })
        .map(|f| f.form.clone())
}

/// Synthetic news text of at least `bytes` bytes (for long-article tests and benchmarks): the
/// articles of [`corpus`] from `seed`, joined by `sep`, their own line breaks replaced by `nl`.
pub fn news_text(bytes: usize, seed: u64, sep: &str, nl: &str) -> String {
    let mut text = String::with_capacity(bytes + 8192);
    for a in corpus(usize::MAX, seed) {
        if text.len() >= bytes {
            break;
        }
        if !text.is_empty() {
            text.push_str(sep);
        }
        text.push_str(&a.text.replace("\r\n", "\n").replace('\n', nl));
    }
    text
}

/// Generates `count` articles from `seed`.
pub fn corpus(count: usize, seed: u64) -> impl Iterator<Item = SynthArticle> {
    let lex = Lexicon::get();
    // countries with a French and an English demonym and a capital
    let countries: Vec<(String, String, String, String, String)> = lex
        .countries
        .iter()
        .filter_map(|c| {
            let fr = demonym(lex, &c.iso2, "fr")?;
            let en = demonym(lex, &c.iso2, "en")?;
            let cap = lex
                .places
                .iter()
                .find(|p| p.capital && p.iso2 == c.iso2)?
                .name
                .clone();
            Some((c.iso2.clone(), fr, en, cap, c.name_fr.clone()))
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(move |n| article(&mut rng, seed, n, &countries))
}

fn actor(
    rng: &mut ChaCha8Rng,
    countries: &[(String, String, String, String, String)],
) -> (Actor, usize) {
    let ci = rng.random_range(0..countries.len());
    let c = &countries[ci];
    (
        Actor {
            given: GIVEN.choose(rng).unwrap().to_string(),
            surname: surname(rng),
            title: *TITLES.choose(rng).unwrap(),
            iso: c.0.clone(),
            demonym_fr: c.1.clone(),
            demonym_en: c.2.clone(),
        },
        ci,
    )
}

const FR_MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn article(
    rng: &mut ChaCha8Rng,
    seed: u64,
    n: usize,
    countries: &[(String, String, String, String, String)],
) -> SynthArticle {
    let french = rng.random_bool(0.6);
    let (a, _) = actor(rng, countries);
    let (b, bi) = actor(rng, countries);
    let (c, _) = actor(rng, countries);
    let year = rng.random_range(2015..=2025);
    let month = rng.random_range(1..=12u32);
    let day = rng.random_range(1..=28u32);
    let published = format!("{year}-{month:02}-{day:02}");
    let city = countries[bi].3.clone();
    let topics_fr = [
        "la sécurité régionale",
        "la coopération économique",
        "la crise humanitaire",
        "le commerce",
        "l'énergie",
    ];
    let topics_en = [
        "regional security",
        "economic cooperation",
        "the humanitarian crisis",
        "trade",
        "energy",
    ];
    let mut text = String::new();
    let title;
    if french {
        let topic = topics_fr.choose(rng).unwrap();
        title = format!(
            "{} {} reçoit son homologue {}",
            a.title.0, a.surname, b.demonym_fr
        );
        text.push_str(&format!("{title}\n\n"));
        let lead = match rng.random_range(0..3) {
            0 => format!(
                "Le {} {} {}, {} {}, s'est entretenu ce {} {} {} à {} avec son homologue {}, {} {}.",
                a.title.0, a.demonym_fr, "de la République", a.given, a.surname, day, FR_MONTHS[month as usize - 1], year, city, b.demonym_fr, b.given, b.surname
            ),
            1 => format!(
                "{} {}, {} {}, a été reçu le {} {} {} à {} par le {} {} {} {}.",
                a.given, a.surname, a.title.0, a.demonym_fr, day, FR_MONTHS[month as usize - 1], year, city, b.title.0, b.demonym_fr, b.given, b.surname
            ),
            _ => format!(
                "Lors d'un entretien téléphonique le {} {} {}, le {} {} {} {} et le {} {} {} {} ont évoqué {}.",
                day, FR_MONTHS[month as usize - 1], year, a.title.0, a.demonym_fr, a.given, a.surname, b.title.0, b.demonym_fr, b.given, b.surname, topic
            ),
        };
        text.push_str(&lead);
        text.push_str("\n\n");
        for _ in 0..rng.random_range(8..16) {
            let who = if rng.random_bool(0.5) { &a } else { &b };
            match rng.random_range(0..4) {
                0 => text.push_str(&format!(
                    "« Nous voulons renforcer {} entre nos deux pays et avancer ensemble », a déclaré {} {}.\n\n",
                    topic, who.given, who.surname
                )),
                1 => text.push_str(&format!(
                    "Le {} {} a affirmé que les discussions sur {} se poursuivraient dans les prochaines semaines, malgré les tensions avec les {}s.\n\n",
                    who.title.0, who.surname, topic, c.demonym_fr
                )),
                2 => text.push_str(&format!(
                    "M. {} a ajouté que la situation à {} restait préoccupante et qu'une nouvelle réunion était envisagée.\n\n",
                    who.surname, city
                )),
                _ => text.push_str(&format!(
                    "Selon le {} {}, {} {}, la visite a permis de lever plusieurs obstacles sur {}.\n\n",
                    c.title.0, c.demonym_fr, c.given, c.surname, topic
                )),
            }
        }
        text.push_str("Partager\nLire aussi :\nVotre adresse e-mail ne sera pas publiée.\n");
    } else {
        let topic = topics_en.choose(rng).unwrap();
        title = format!(
            "{} {} meets {} counterpart",
            a.demonym_en, a.title.1, b.demonym_en
        );
        text.push_str(&format!("{title}\n\n"));
        let lead = match rng.random_range(0..3) {
            0 => format!(
                "{} {} {} {} met his {} counterpart {} {} in {} on {} {}, {}, to discuss {}.",
                a.demonym_en,
                a.title.1,
                a.given,
                a.surname,
                b.demonym_en,
                b.given,
                b.surname,
                city,
                EN_MONTHS[month as usize - 1],
                day,
                year,
                topic
            ),
            1 => format!(
                "{} {} {} {} hosted {} {} {} {} in {} on {} {}, {}.",
                b.demonym_en,
                b.title.1,
                b.given,
                b.surname,
                a.demonym_en,
                a.title.1,
                a.given,
                a.surname,
                city,
                EN_MONTHS[month as usize - 1],
                day,
                year
            ),
            _ => format!(
                "{} {} {} {} held a phone call with {} {} {} on {} {} {} about {}.",
                a.demonym_en,
                a.title.1,
                a.given,
                a.surname,
                b.title.1,
                b.given,
                b.surname,
                day,
                EN_MONTHS[month as usize - 1],
                year,
                topic
            ),
        };
        text.push_str(&lead);
        text.push_str("\n\n");
        for _ in 0..rng.random_range(8..16) {
            let who = if rng.random_bool(0.5) { &a } else { &b };
            match rng.random_range(0..4) {
                0 => text.push_str(&format!(
                    "“We want to strengthen {} between our two countries,” {} said.\n\n",
                    topic, who.surname
                )),
                1 => text.push_str(&format!(
                    "{} {} told reporters that talks on {} would continue despite tensions with the {}s.\n\n",
                    who.title.1, who.surname, topic, c.demonym_en
                )),
                2 => text.push_str(&format!("Mr {} added that the situation in {} remained a concern.\n\n", who.surname, city)),
                _ => text.push_str(&format!(
                    "According to {} {} {} {}, the visit removed several obstacles on {}.\n\n",
                    c.demonym_en, c.title.1, c.given, c.surname, topic
                )),
            }
        }
        text.push_str("Share this article\nRate this item\nLogin to post comments\n");
    }
    let _ = (&a.iso, &c.iso);
    SynthArticle {
        id: format!("synth-{seed}-{n}"),
        url: format!("https://news.example.org/{seed}/{n}"),
        lang: if french { "fr" } else { "en" }.to_owned(),
        published,
        title,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_it_extracts() {
        let a: Vec<String> = corpus(20, 7).map(|x| x.text).collect();
        let b: Vec<String> = corpus(20, 7).map(|x| x.text).collect();
        assert_eq!(a, b);
        assert_ne!(a, corpus(20, 8).map(|x| x.text).collect::<Vec<_>>());
        let mut persons = 0;
        for art in corpus(20, 7) {
            let ex = crate::extract_article(art.text.as_bytes(), &crate::ArticleOptions::default())
                .unwrap();
            persons += ex.persons.len();
        }
        assert!(persons >= 40, "{persons}");
    }
}
