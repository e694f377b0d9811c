//! Extraction rules on short texts written for the tests, kept as data in
//! `tests/data/rules/*.json` (format: `tests/data/rules/README.md`).
//!
//! One test runs every case and reports all the failing ones at the end, so that one failure
//! does not hide the others. Cases marked `known_gap` (a documented extractor gap) are run but
//! left out of the verdict; the ones that pass again are listed so the mark can be removed.
//! `RULES_ONLY=<text>` runs only the cases whose id contains the text; `RULES_STRICT=1` also
//! fails on known gaps that pass; `RULES_VERBOSE=1` shows why each known gap fails. One line,
//! `rules: N cases, K known gaps (not counted)`, is always printed; the summary per family is
//! printed with `-- --nocapture`.
//!
//! A second test keeps the cases apart from the texts the extractor is measured on: no case
//! may share a word 5-gram with a dev corpus article (`../shared/corpus/dev`, which must be
//! there) or an article of `tests/data/eval/`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use newsgraph_core::model::{Extraction, Person};
use newsgraph_core::{extract_article, ArticleOptions};
use serde::Deserialize;

/// One data file: the cases of a rule family.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    family: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    rule: String,
    lang: String,
    #[serde(default)]
    published: Option<String>,
    text: String,
    /// A documented extractor gap: the case is run but does not count.
    #[serde(default)]
    known_gap: Option<String>,
    expect: Expect,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    persons: Vec<PersonExp>,
    #[serde(default)]
    no_persons: Vec<String>,
    #[serde(default)]
    person_count: Option<usize>,
    #[serde(default)]
    meetings: Vec<MeetingExp>,
    #[serde(default)]
    meeting_count: Option<usize>,
    #[serde(default)]
    claims: Vec<ClaimExp>,
    #[serde(default)]
    claim_count: Option<usize>,
    #[serde(default)]
    no_claims_containing: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    no_countries: Vec<String>,
    #[serde(default)]
    places: Vec<PlaceExp>,
    #[serde(default)]
    no_places: Vec<String>,
    #[serde(default)]
    organizations: Vec<OrgExp>,
    #[serde(default)]
    no_organizations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonExp {
    name: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    no_country: bool,
    #[serde(default)]
    role_contains: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    mentions: Option<usize>,
    #[serde(default)]
    organizations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingExp {
    participants: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    date: Option<String>,
    /// The meeting must have no date (it is dated only vaguely).
    #[serde(default)]
    no_date: bool,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    cameo: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimExp {
    speaker: String,
    contains: String,
    #[serde(default)]
    direct: Option<bool>,
    #[serde(default)]
    not_contains: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceExp {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgExp {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    country: Option<String>,
}

fn extract(case: &Case) -> Result<Extraction, String> {
    let published = match &case.published {
        Some(p) => Some(
            NaiveDate::parse_from_str(p, "%Y-%m-%d")
                .map_err(|e| format!("bad published date {p:?}: {e}"))?,
        ),
        None => None,
    };
    let opts = ArticleOptions {
        published,
        ..Default::default()
    };
    extract_article(case.text.as_bytes(), &opts).map_err(|e| e.to_string())
}

/// The CAMEO code the graph gives a meeting.
fn cameo(ex: &Extraction, k: usize) -> Option<String> {
    Some(ex.cameo(&ex.meetings[k]).to_owned())
}

fn person_name<'a>(ex: &'a Extraction, id: &str) -> &'a str {
    ex.persons
        .iter()
        .find(|p| p.id == id)
        .map_or("?", |p| p.name.as_str())
}

fn place_name<'a>(ex: &'a Extraction, id: &str) -> &'a str {
    ex.places
        .iter()
        .find(|p| p.id == id)
        .map_or("?", |p| p.name.as_str())
}

fn org_name<'a>(ex: &'a Extraction, id: &str) -> &'a str {
    ex.organizations
        .iter()
        .find(|o| o.id == id)
        .map_or("?", |o| o.name.as_str())
}

fn is_named(p: &Person, name: &str) -> bool {
    p.name == name || p.aliases.iter().any(|a| a == name)
}

fn show_person(ex: &Extraction, p: &Person) -> String {
    let orgs: Vec<&str> = p.organizations.iter().map(|o| org_name(ex, o)).collect();
    format!(
        "{} (aliases {:?}, titles {:?}, roles {:?}, country {}, orgs {:?}, {} mentions)",
        p.name,
        p.aliases,
        p.titles,
        p.roles,
        p.country.as_deref().unwrap_or("-"),
        orgs,
        p.mentions.len()
    )
}

fn show_meeting(ex: &Extraction, k: usize) -> String {
    let m = &ex.meetings[k];
    let parts: Vec<&str> = m.participants.iter().map(|p| person_name(ex, p)).collect();
    format!(
        "{} {:?} host {} date {} place {} cameo {}",
        m.kind.as_str(),
        parts,
        m.host.as_deref().map_or("-", |h| person_name(ex, h)),
        m.date.as_deref().unwrap_or("-"),
        m.place.as_deref().map_or("-", |p| place_name(ex, p)),
        cameo(ex, k).unwrap_or_else(|| "-".into())
    )
}

/// What was extracted, for the failure report.
fn dump(ex: &Extraction) -> String {
    let mut s = String::new();
    for p in &ex.persons {
        let _ = writeln!(s, "      person  {}", show_person(ex, p));
    }
    for k in 0..ex.meetings.len() {
        let _ = writeln!(s, "      meeting {}", show_meeting(ex, k));
    }
    for c in &ex.claims {
        let _ = writeln!(
            s,
            "      claim   {} ({}): {:?}",
            person_name(ex, &c.speaker),
            if c.direct { "direct" } else { "reported" },
            c.text
        );
    }
    let codes: Vec<&str> = ex.countries.iter().map(|c| c.code.as_str()).collect();
    let _ = writeln!(s, "      countries {codes:?}");
    for p in &ex.places {
        let _ = writeln!(
            s,
            "      place   {} ({}, {})",
            p.name,
            p.kind,
            p.country.as_deref().unwrap_or("-")
        );
    }
    for o in &ex.organizations {
        let _ = writeln!(
            s,
            "      org     {} ({}, {})",
            o.name,
            o.kind,
            o.country.as_deref().unwrap_or("-")
        );
    }
    s
}

/// The differences between a case's expectations and the extraction (empty when it passes).
fn check(case: &Case, ex: &Extraction) -> Vec<String> {
    let mut diffs = Vec::new();
    let e = &case.expect;
    if ex.article.lang != case.lang {
        diffs.push(format!(
            "language detected {:?}, expected {:?}",
            ex.article.lang, case.lang
        ));
    }

    // persons
    for want in &e.persons {
        let Some(p) = ex.persons.iter().find(|p| p.name == want.name) else {
            let other = ex.persons.iter().find(|p| is_named(p, &want.name));
            diffs.push(match other {
                Some(p) => format!(
                    "person {:?} is only an alias of {}",
                    want.name,
                    show_person(ex, p)
                ),
                None => format!("missing person {:?}", want.name),
            });
            continue;
        };
        let mut bad = Vec::new();
        if let Some(c) = &want.country {
            if p.country.as_deref() != Some(c) {
                bad.push(format!("country {c}"));
            }
        }
        if want.no_country && p.country.is_some() {
            bad.push("no country".to_owned());
        }
        if let Some(r) = &want.role_contains {
            if !p.roles.iter().any(|x| x.contains(r.as_str())) {
                bad.push(format!("a role containing {r:?}"));
            }
        }
        if let Some(t) = &want.title {
            if !p.titles.iter().any(|x| x == t) {
                bad.push(format!("title {t:?}"));
            }
        }
        for a in &want.aliases {
            if !p.aliases.contains(a) {
                bad.push(format!("alias {a:?}"));
            }
        }
        if let Some(n) = want.mentions {
            if p.mentions.len() != n {
                bad.push(format!("{n} mentions"));
            }
        }
        for o in &want.organizations {
            if !p.organizations.iter().any(|id| org_name(ex, id) == o) {
                bad.push(format!("member of {o:?}"));
            }
        }
        if !bad.is_empty() {
            diffs.push(format!(
                "person {:?}: expected {}; got {}",
                want.name,
                bad.join(", "),
                show_person(ex, p)
            ));
        }
    }
    for n in &e.no_persons {
        if let Some(p) = ex.persons.iter().find(|p| is_named(p, n)) {
            diffs.push(format!("{n:?} must not be a person; got {}", p.name));
        }
    }
    if let Some(n) = e.person_count {
        if ex.persons.len() != n {
            let names: Vec<&str> = ex.persons.iter().map(|p| p.name.as_str()).collect();
            diffs.push(format!(
                "expected {n} persons, got {}: {names:?}",
                ex.persons.len()
            ));
        }
    }

    // meetings: the one whose participants are exactly the ones named
    for want in &e.meetings {
        let mut wanted: Vec<&str> = want.participants.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        let candidates: Vec<usize> = (0..ex.meetings.len())
            .filter(|&k| {
                let mut got: Vec<&str> = ex.meetings[k]
                    .participants
                    .iter()
                    .map(|p| person_name(ex, p))
                    .collect();
                got.sort_unstable();
                got == wanted
            })
            .collect();
        let fits = |k: usize| -> Vec<String> {
            let m = &ex.meetings[k];
            let mut bad = Vec::new();
            if let Some(kind) = &want.kind {
                if m.kind.as_str() != kind {
                    bad.push(format!("kind {kind}"));
                }
            }
            if let Some(d) = &want.date {
                if m.date.as_deref() != Some(d) {
                    bad.push(format!("date {d}"));
                }
            }
            if want.no_date && m.date.is_some() {
                bad.push("no date".to_owned());
            }
            if let Some(pl) = &want.place {
                if m.place.as_deref().map(|p| place_name(ex, p)) != Some(pl) {
                    bad.push(format!("place {pl}"));
                }
            }
            if let Some(h) = &want.host {
                if m.host.as_deref().map(|p| person_name(ex, p)) != Some(h) {
                    bad.push(format!("host {h}"));
                }
            }
            if let Some(c) = &want.cameo {
                if cameo(ex, k).as_deref() != Some(c) {
                    bad.push(format!("CAMEO {c}"));
                }
            }
            bad
        };
        if candidates.iter().any(|&k| fits(k).is_empty()) {
            continue;
        }
        match candidates.first() {
            Some(&k) => diffs.push(format!(
                "meeting {:?}: expected {}; got {}",
                want.participants,
                fits(k).join(", "),
                show_meeting(ex, k)
            )),
            None => diffs.push(format!(
                "missing meeting with participants {:?}",
                want.participants
            )),
        }
    }
    if let Some(n) = e.meeting_count {
        if ex.meetings.len() != n {
            diffs.push(format!("expected {n} meetings, got {}", ex.meetings.len()));
        }
    }

    // claims: one whose text contains the words
    for want in &e.claims {
        let found: Vec<_> = ex
            .claims
            .iter()
            .filter(|c| c.text.contains(want.contains.as_str()))
            .collect();
        if found.is_empty() {
            diffs.push(format!("missing claim containing {:?}", want.contains));
            continue;
        }
        let ok = found.iter().any(|c| {
            person_name(ex, &c.speaker) == want.speaker
                && want.direct.is_none_or(|d| d == c.direct)
                && want
                    .not_contains
                    .as_ref()
                    .is_none_or(|n| !c.text.contains(n.as_str()))
        });
        if !ok {
            let c = found[0];
            diffs.push(format!(
                "claim {:?}: expected speaker {}{}{}; got {} ({}): {:?}",
                want.contains,
                want.speaker,
                want.direct
                    .map_or(String::new(), |d| if d { ", direct" } else { ", reported" }
                        .to_owned()),
                want.not_contains
                    .as_ref()
                    .map_or(String::new(), |n| format!(", without {n:?}")),
                person_name(ex, &c.speaker),
                if c.direct { "direct" } else { "reported" },
                c.text
            ));
        }
    }
    if let Some(n) = e.claim_count {
        if ex.claims.len() != n {
            diffs.push(format!("expected {n} claims, got {}", ex.claims.len()));
        }
    }
    for w in &e.no_claims_containing {
        if let Some(c) = ex.claims.iter().find(|c| c.text.contains(w.as_str())) {
            diffs.push(format!(
                "no claim may contain {w:?}; got {}: {:?}",
                person_name(ex, &c.speaker),
                c.text
            ));
        }
    }

    // countries, places, organisations
    let codes: Vec<&str> = ex.countries.iter().map(|c| c.code.as_str()).collect();
    for c in &e.countries {
        if !codes.contains(&c.as_str()) {
            diffs.push(format!("missing country {c} in {codes:?}"));
        }
    }
    for c in &e.no_countries {
        if codes.contains(&c.as_str()) {
            diffs.push(format!("country {c} must not be found"));
        }
    }
    for want in &e.places {
        match ex.places.iter().find(|p| p.name == want.name) {
            None => diffs.push(format!("missing place {:?}", want.name)),
            Some(p) => {
                if want.kind.as_ref().is_some_and(|k| *k != p.kind)
                    || want
                        .country
                        .as_ref()
                        .is_some_and(|c| p.country.as_deref() != Some(c))
                {
                    diffs.push(format!(
                        "place {:?}: expected kind {} country {}; got {} {}",
                        want.name,
                        want.kind.as_deref().unwrap_or("any"),
                        want.country.as_deref().unwrap_or("any"),
                        p.kind,
                        p.country.as_deref().unwrap_or("-")
                    ));
                }
            }
        }
    }
    for n in &e.no_places {
        if ex.places.iter().any(|p| &p.name == n) {
            diffs.push(format!("{n:?} must not be a place"));
        }
    }
    for want in &e.organizations {
        match ex.organizations.iter().find(|o| o.name == want.name) {
            None => diffs.push(format!("missing organisation {:?}", want.name)),
            Some(o) => {
                if want.kind.as_ref().is_some_and(|k| *k != o.kind)
                    || want
                        .country
                        .as_ref()
                        .is_some_and(|c| o.country.as_deref() != Some(c))
                {
                    diffs.push(format!(
                        "organisation {:?}: expected kind {} country {}; got {} {}",
                        want.name,
                        want.kind.as_deref().unwrap_or("any"),
                        want.country.as_deref().unwrap_or("any"),
                        o.kind,
                        o.country.as_deref().unwrap_or("-")
                    ));
                }
            }
        }
    }
    for n in &e.no_organizations {
        if ex.organizations.iter().any(|o| &o.name == n) {
            diffs.push(format!("{n:?} must not be an organisation"));
        }
    }
    diffs
}

#[derive(Default)]
struct Tally {
    fr: usize,
    en: usize,
    passed: usize,
    gaps: usize,
}

/// The files with extension `ext` in `dir`, sorted.
fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    paths.sort();
    paths
}

/// The workspace's root (this crate is `crates/newsgraph-core`).
fn project_root() -> PathBuf {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    core.parent()
        .and_then(Path::parent)
        .unwrap_or(core)
        .to_path_buf()
}

/// Every case file of `tests/data/rules`, with its file name.
fn case_files() -> Vec<(String, CaseFile)> {
    let dir = project_root().join("tests/data/rules");
    let paths = files_in(&dir, "json");
    assert!(!paths.is_empty(), "no case files in {}", dir.display());
    paths
        .iter()
        .map(|path| {
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(path).unwrap();
            let file: CaseFile = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{file_name}: not a case file: {e}"));
            (file_name, file)
        })
        .collect()
}

#[test]
fn rule_cases() {
    let only = std::env::var("RULES_ONLY").ok();
    let strict = std::env::var("RULES_STRICT").is_ok_and(|v| v == "1");
    let verbose = std::env::var("RULES_VERBOSE").is_ok_and(|v| v == "1");

    let mut failures: Vec<String> = Vec::new();
    let mut gaps: Vec<String> = Vec::new();
    let mut fixed: Vec<String> = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    for (file_name, file) in &case_files() {
        for case in &file.cases {
            if let Some(prev) = ids.insert(case.id.clone(), file_name.clone()) {
                panic!("case id {} in both {prev} and {file_name}", case.id);
            }
            assert!(
                matches!(case.lang.as_str(), "fr" | "en"),
                "{}: lang must be fr or en",
                case.id
            );
            if only.as_ref().is_some_and(|o| !case.id.contains(o.as_str())) {
                continue;
            }
            let t = tally.entry(file.family.clone()).or_default();
            if case.lang == "fr" {
                t.fr += 1;
            } else {
                t.en += 1;
            }
            let (diffs, extracted) = match extract(case) {
                Ok(ex) => (check(case, &ex), dump(&ex)),
                Err(e) => (vec![format!("extraction failed: {e}")], String::new()),
            };
            let label = format!("{file_name}#{} ({})", case.id, case.rule);
            match (&case.known_gap, diffs.is_empty()) {
                (None, true) => t.passed += 1,
                (Some(_), true) => fixed.push(case.id.clone()),
                (Some(reason), false) => {
                    t.gaps += 1;
                    let mut msg = format!("{} [{reason}]", case.id);
                    if verbose {
                        let _ = write!(msg, "\n    text: {}", case.text);
                        for d in &diffs {
                            let _ = write!(msg, "\n  - {d}");
                        }
                    }
                    gaps.push(msg);
                }
                (None, false) => {
                    let mut msg = format!("--- {label}\n    text: {}\n", case.text);
                    for d in &diffs {
                        let _ = writeln!(msg, "  - {d}");
                    }
                    let _ = write!(msg, "    extracted:\n{extracted}");
                    failures.push(msg);
                }
            }
        }
    }

    // written to the process's stderr, not through eprintln!, so that the test harness does not
    // capture it: the count of cases that cannot fail stays in sight on every run
    let cases: usize = tally.values().map(|t| t.fr + t.en).sum();
    let _ = writeln!(
        std::io::stderr(),
        "rules: {cases} cases, {} known gaps (run, not counted: they cannot fail the test){}",
        gaps.len() + fixed.len(),
        if fixed.is_empty() {
            String::new()
        } else {
            format!(", {} of them passing now", fixed.len())
        }
    );
    eprintln!("rule cases (family: fr + en, passed, known gaps):");
    for (family, t) in &tally {
        eprintln!(
            "  {family}: {} + {}, {} passed, {} known gaps",
            t.fr, t.en, t.passed, t.gaps
        );
    }
    if !gaps.is_empty() {
        eprintln!("{} known gaps (not counted):", gaps.len());
        for g in &gaps {
            eprintln!("  {g}");
        }
    }
    if !fixed.is_empty() {
        eprintln!(
            "known gaps that now pass, remove their known_gap: {}",
            fixed.join(", ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} rule cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        !strict || fixed.is_empty(),
        "known gaps that now pass (RULES_STRICT): {}",
        fixed.join(", ")
    );
}

/// Generic 5-grams a case may share with an evaluation text: the office or idiom the case is
/// about, which any French article words the same way (an office with its article, a fixed
/// phrase that is a rule's own pattern). Anything else shared is taken from evaluation text.
const GENERIC_5_GRAMS: &[&str] = &[
    "le chef de l etat",        // coreference and bare-title cases: the office itself
    "le chef de la diplomatie", // coreference: the office itself
    "plus tard dans la journee", // dates: the same-day expression itself
];

/// The word 5-grams of a text: accents stripped, lower case, every character that is neither
/// a letter nor a digit a word boundary ("l'État" is "l etat").
fn five_grams(text: &str) -> HashSet<String> {
    let folded: String = newsgraph_core::extract::names::strip_accents(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.windows(5).map(|w| w.join(" ")).collect()
}

/// The texts the extractor is measured on: the dev corpus (which must be there) and every
/// set of `tests/data/eval`.
fn evaluation_texts() -> Vec<PathBuf> {
    let root = project_root();
    let dev = root.join("../shared/corpus/dev");
    assert!(
        dev.is_dir(),
        "no dev corpus at {}: the rule cases cannot be checked against it",
        dev.display()
    );
    let mut texts = files_in(&dev, "txt");
    assert!(!texts.is_empty(), "no article in {}", dev.display());
    let eval = root.join("tests/data/eval");
    let sets: Vec<PathBuf> = std::fs::read_dir(&eval)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", eval.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert!(!sets.is_empty(), "no evaluation set in {}", eval.display());
    for set in &sets {
        let articles = files_in(set, "txt");
        assert!(!articles.is_empty(), "no article in {}", set.display());
        texts.extend(articles);
    }
    texts
}

#[test]
fn rule_cases_share_no_5_gram_with_evaluation_texts() {
    let root = project_root();
    let mut source: HashMap<String, PathBuf> = HashMap::new();
    for path in evaluation_texts() {
        let text = std::fs::read_to_string(&path).unwrap();
        for gram in five_grams(&text) {
            source.entry(gram).or_insert_with(|| path.clone());
        }
    }
    let mut shared: Vec<String> = Vec::new();
    let mut allowed_seen: HashSet<&str> = HashSet::new();
    for (file_name, file) in case_files() {
        for case in &file.cases {
            let mut grams: Vec<String> = five_grams(&case.text)
                .into_iter()
                .filter(|g| source.contains_key(g))
                .collect();
            grams.sort();
            for gram in grams {
                if let Some(g) = GENERIC_5_GRAMS.iter().find(|g| **g == gram) {
                    allowed_seen.insert(g);
                    continue;
                }
                let from = source[&gram].strip_prefix(&root).unwrap_or(&source[&gram]);
                shared.push(format!(
                    "{file_name}#{}: \"{gram}\" (in {})",
                    case.id,
                    from.display()
                ));
            }
        }
    }
    assert!(
        shared.is_empty(),
        "{} word 5-grams of rule cases are in evaluation texts: write those cases in words of \
         your own (tests/data/rules/README.md)\n  {}",
        shared.len(),
        shared.join("\n  ")
    );
    // an allowance no case needs any more goes
    let unused: Vec<&&str> = GENERIC_5_GRAMS
        .iter()
        .filter(|g| !allowed_seen.contains(**g))
        .collect();
    assert!(
        unused.is_empty(),
        "GENERIC_5_GRAMS no case shares with an evaluation text: {unused:?}"
    );
}
