//! The acceptance checks of the example article, asserted through SPARQL on a built store.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::{bin, example};

/// A store built once from the example article by the CLI (a read-only handle).
fn store() -> &'static (tempfile::TempDir, Store) {
    static S: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        bin()
            .args(["build", "--published", "2019-03-18", "--store"])
            .arg(&path)
            .arg(example())
            .assert()
            .success();
        let store = Store::open_read_only(&path).unwrap();
        (dir, store)
    })
}

fn select(q: &str) -> Vec<Vec<String>> {
    let q = format!(
        "PREFIX schema: <http://schema.org/> PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> {q}"
    );
    let mut prepared = SparqlEvaluator::new().parse_query(&q).unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(sols) = prepared.on_store(&store().1).execute().unwrap() else {
        panic!("not a SELECT")
    };
    let vars: Vec<_> = sols.variables().to_vec();
    sols.map(|s| {
        let s = s.unwrap();
        vars.iter()
            .map(|v| match s.get(v) {
                Some(Term::Literal(l)) => l.value().to_owned(),
                Some(Term::NamedNode(n)) => n.as_str().to_owned(),
                Some(t) => t.to_string(),
                None => String::new(),
            })
            .collect()
    })
    .collect()
}

fn persons() -> Vec<(String, String, String)> {
    select("SELECT ?name ?c (GROUP_CONCAT(?r; separator='|') AS ?roles) WHERE { ?p a schema:Person ; schema:name ?name . OPTIONAL { ?p schema:nationality/ng:countryCode ?c } OPTIONAL { ?p schema:jobTitle ?r } } GROUP BY ?p ?name ?c")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}

#[test]
fn the_four_persons_each_once_with_country_and_role() {
    let ps = persons();
    let names: BTreeSet<&str> = ps.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(ps.len(), 4, "persons: {ps:?}");
    assert_eq!(
        names,
        BTreeSet::from([
            "Ali Abdullah Ayoub",
            "Othman Al-Ghanemi",
            "Mohammad Hossein Bagheri",
            "Bachar al-Assad"
        ])
    );
    let get = |n: &str| ps.iter().find(|p| p.0 == n).unwrap();
    assert_eq!(get("Ali Abdullah Ayoub").1, "SY");
    assert!(
        get("Ali Abdullah Ayoub")
            .2
            .to_lowercase()
            .contains("ministre de la défense"),
        "{:?}",
        get("Ali Abdullah Ayoub")
    );
    assert_eq!(get("Othman Al-Ghanemi").1, "IQ");
    assert!(
        get("Othman Al-Ghanemi").2.contains("chef d'état-major"),
        "{:?}",
        get("Othman Al-Ghanemi")
    );
    assert_eq!(get("Mohammad Hossein Bagheri").1, "IR");
    assert!(get("Mohammad Hossein Bagheri")
        .2
        .contains("chef d'état-major"));
    assert_eq!(get("Bachar al-Assad").1, "SY");
    assert!(get("Bachar al-Assad").2.contains("président"));
}

#[test]
fn the_countries() {
    let codes: BTreeSet<String> =
        select("SELECT ?c WHERE { ?x a schema:Country ; ng:countryCode ?c }")
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
    for c in ["SY", "IQ", "IR", "US", "RU", "TR"] {
        assert!(codes.contains(c), "{c} missing from {codes:?}");
    }
    let wd = select(
        "SELECT ?w WHERE { ?x ng:countryCode 'SY' ; <http://www.w3.org/2002/07/owl#sameAs> ?w }",
    );
    assert_eq!(wd[0][0], "http://www.wikidata.org/entity/Q858");
}

/// (kind, date, place, sorted participant names) of every meeting.
fn meetings() -> Vec<(String, String, String, Vec<String>)> {
    select(
        "SELECT ?m ?kind ?date ?place (GROUP_CONCAT(?n; separator='|') AS ?ps) WHERE {
           ?m a ng:Meeting ; ng:meetingKind ?k ; ng:participant/schema:name ?n .
           BIND(STRAFTER(STR(?k), '#') AS ?kind)
           OPTIONAL { ?m schema:startDate ?date } OPTIONAL { ?m schema:location/schema:name ?place } }
         GROUP BY ?m ?kind ?date ?place",
    )
    .into_iter()
    .map(|r| {
        let mut ps: Vec<String> = r[4].split('|').map(str::to_owned).collect();
        ps.sort();
        ps.dedup();
        (r[1].clone(), r[2].clone(), r[3].clone(), ps)
    })
    .collect()
}

fn has_meeting(kind: &str, date: &str, place: &str, who: &[&str]) -> bool {
    let mut who: Vec<String> = who.iter().map(|s| s.to_string()).collect();
    who.sort();
    meetings()
        .iter()
        .any(|m| m.0 == kind && m.1 == date && m.2 == place && m.3 == who)
}

#[test]
fn the_talks_and_the_joint_press_conference_in_damascus() {
    let three = [
        "Ali Abdullah Ayoub",
        "Othman Al-Ghanemi",
        "Mohammad Hossein Bagheri",
    ];
    assert!(
        has_meeting("Talks", "2019-03-18", "Damas", &three),
        "{:#?}",
        meetings()
    );
    assert!(
        has_meeting("PressConference", "2019-03-18", "Damas", &three),
        "{:#?}",
        meetings()
    );
}

#[test]
fn assad_receives_the_delegations_with_ayoub_present() {
    let four = [
        "Bachar al-Assad",
        "Ali Abdullah Ayoub",
        "Othman Al-Ghanemi",
        "Mohammad Hossein Bagheri",
    ];
    let ok = meetings().iter().any(|m| {
        m.0 == "Reception" && m.1 == "2019-03-18" && {
            let mut w: Vec<String> = four.iter().map(|s| s.to_string()).collect();
            w.sort();
            m.3 == w
        }
    });
    assert!(ok, "{:#?}", meetings());
    let host =
        select("SELECT ?n WHERE { ?m ng:meetingKind ng:Reception ; ng:host/schema:name ?n }");
    assert_eq!(host, vec![vec!["Bachar al-Assad".to_owned()]]);
}

#[test]
fn bagheri_arrives_the_day_before() {
    assert!(
        has_meeting(
            "Visit",
            "2019-03-17",
            "Damas",
            &["Mohammad Hossein Bagheri"]
        ),
        "{:#?}",
        meetings()
    );
}

#[test]
fn claims_have_the_right_speakers() {
    let claims = select("SELECT ?n ?t ?d WHERE { ?c a schema:Claim ; ng:speaker/schema:name ?n ; schema:text ?t ; ng:direct ?d }");
    let by = |who: &str, words: &str| claims.iter().any(|c| c[0] == who && c[1].contains(words));
    assert!(
        by("Ali Abdullah Ayoub", "reprendra chaque centimètre carré"),
        "{claims:#?}"
    );
    assert!(by("Ali Abdullah Ayoub", "quitteront la Syrie"));
    assert!(by(
        "Ali Abdullah Ayoub",
        "utilisera tout ce qui est en son pouvoir"
    ));
    assert!(by(
        "Othman Al-Ghanemi",
        "verront l’ouverture du passage frontalier"
    ));
    assert!(by("Othman Al-Ghanemi", "rouvrir"));
    assert!(by(
        "Mohammad Hossein Bagheri",
        "La Syrie et l’Irak ont demandé"
    ));
    assert!(by(
        "Mohammad Hossein Bagheri",
        "troupes iraniennes avaient été invitées"
    ));
    assert!(by("Bachar al-Assad", "la relation qui unit la Syrie"));
    // nobody else speaks
    assert!(claims.iter().all(|c| [
        "Ali Abdullah Ayoub",
        "Othman Al-Ghanemi",
        "Mohammad Hossein Bagheri",
        "Bachar al-Assad"
    ]
    .contains(&c[0].as_str())));
}

#[test]
fn every_fact_points_to_its_sentence_span() {
    // each meeting and claim has a mention whose span lies in a sentence of the article
    let rows = select(
        "SELECT ?x ?b ?e ?sb ?se WHERE { { ?x a ng:Meeting } UNION { ?x a schema:Claim }
           ?x ng:mention ?m . ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:sentence ?s .
           ?s nif:beginIndex ?sb ; nif:endIndex ?se }",
    );
    assert!(!rows.is_empty());
    let text: Vec<char> = std::fs::read_to_string(example())
        .unwrap()
        .chars()
        .collect();
    for r in &rows {
        let n: Vec<usize> = r[1..].iter().map(|x| x.parse().unwrap()).collect();
        assert!(n[2] <= n[0] && n[1] <= n[3] && n[3] <= text.len(), "{r:?}");
    }
    // the anchor of a person mention is the text at its offsets
    let anchors = select("SELECT ?a ?b ?e WHERE { ?p a schema:Person ; ng:mention ?m . ?m nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e }");
    for r in anchors {
        let (b, e): (usize, usize) = (r[1].parse().unwrap(), r[2].parse().unwrap());
        assert_eq!(text[b..e].iter().collect::<String>(), r[0]);
    }
}

#[test]
fn building_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    let dump = |p: &std::path::Path| -> BTreeSet<String> {
        let out = bin()
            .args(["export", "--format", "nquads", "--store"])
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    let once = dump(&path);
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    let twice = dump(&path);
    assert_eq!(once, twice);
    let raw = bin()
        .args(["export", "--format", "nquads", "--store"])
        .arg(&path)
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        String::from_utf8(raw).unwrap().lines().count(),
        twice.len(),
        "duplicate quads"
    );
}

#[test]
fn turtle_and_trig_exports_reparse_to_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    bin()
        .args(["build", "--published", "2019-03-18", "--store"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    let store_quads: std::collections::HashSet<Quad> = {
        let s = Store::open_read_only(&path).unwrap();
        s.iter().map(Result::unwrap).collect()
    };
    let trig = bin()
        .args(["export", "--format", "trig", "--store"])
        .arg(&path)
        .output()
        .unwrap()
        .stdout;
    let parsed: std::collections::HashSet<Quad> = RdfParser::from_format(RdfFormat::TriG)
        .for_slice(&trig)
        .map(Result::unwrap)
        .collect();
    assert_eq!(parsed, store_quads);
    let ttl = bin()
        .args(["export", "--store"])
        .arg(&path)
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8_lossy(&ttl).contains("@prefix schema:"));
    let triples: BTreeSet<String> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ttl)
        .map(|q| {
            let q = q.unwrap();
            format!("{} {} {}", q.subject, q.predicate, q.object)
        })
        .collect();
    let expected: BTreeSet<String> = store_quads
        .iter()
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect();
    assert_eq!(triples, expected);
}
