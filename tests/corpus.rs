//! One graph across many articles: all the dev articles built into one store. A person named
//! in two articles is one entity; no two different persons are fused. Needs the shared dev
//! corpus (../shared/corpus/dev, beside the repository): the test fails without it, so that a
//! run without the corpus cannot pass as a run that checked it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::bin;

fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap()
            } else {
                ' '
            }
        })
        .collect();
    let s = newsgraph::extract::names::strip_accents(&s);
    s.split_whitespace()
        .filter(|w| !["al", "el", "de", "le", "la", "bin", "ben"].contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_person_in_two_articles_is_one_entity_and_namesakes_stay_apart() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    assert!(
        corpus.join("gold").is_dir(),
        "no dev corpus at {} (with its gold/ folder): this test needs it, see README.md",
        corpus.display()
    );
    let d = tempfile::tempdir().unwrap();
    let store_path = d.path().join("s");
    bin()
        .args(["build", "-q", "--store"])
        .arg(&store_path)
        .arg(&corpus)
        .assert()
        .success();
    let store = Store::open_read_only(&store_path).unwrap();

    // gold persons: (article, index) -> normalised forms
    let mut gold: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(corpus.join("gold")).unwrap() {
        let path = entry.unwrap().path();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let article = path.file_stem().unwrap().to_str().unwrap().to_owned();
        for (i, p) in v["persons"].as_array().unwrap().iter().enumerate() {
            let mut forms: BTreeSet<String> = BTreeSet::new();
            forms.insert(norm(p["name"].as_str().unwrap()));
            for a in p["aliases"].as_array().unwrap() {
                forms.insert(norm(a.as_str().unwrap()));
            }
            gold.insert(
                (article.clone(), i),
                forms.into_iter().filter(|f| f.contains(' ')).collect(),
            );
        }
    }
    // gold identity across articles: shared forms, transitively ("Sergueï Lavrov" and "Sergei
    // Lavrov" are joined by an article that gives both)
    let keys: Vec<(String, usize)> = gold.keys().cloned().collect();
    let mut component: Vec<usize> = (0..keys.len()).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..keys.len() {
            for j in 0..keys.len() {
                if !gold[&keys[i]].is_disjoint(&gold[&keys[j]]) && component[i] != component[j] {
                    let m = component[i].min(component[j]);
                    component[i] = m;
                    component[j] = m;
                    changed = true;
                }
            }
        }
    }
    let comp_of = |k: &(String, usize)| component[keys.iter().position(|x| x == k).unwrap()];
    let same_person = |a: &(String, usize), b: &(String, usize)| comp_of(a) == comp_of(b);

    // predicted persons: IRI -> (article, name)
    // graph -> article, by the SHA-256 of the text each graph records
    let mut article_of_hash: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(std::fs::read_to_string(&path).unwrap().as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            article_of_hash.insert(hex, path.file_stem().unwrap().to_str().unwrap().to_owned());
        }
    }
    let q = "SELECT ?p ?g ?n ?h WHERE { GRAPH ?g { ?g <https://w3id.org/newsgraph/ontology#sha256> ?h . ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n } }";
    let QueryResults::Solutions(sols) = SparqlEvaluator::new()
        .parse_query(q)
        .unwrap()
        .on_store(&store)
        .execute()
        .unwrap()
    else {
        panic!()
    };
    let mut by_iri: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for s in sols {
        let s = s.unwrap();
        let get = |v: &str| match s.get(v) {
            Some(Term::NamedNode(n)) => n.as_str().to_owned(),
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => String::new(),
        };
        let article = article_of_hash.get(&get("h")).cloned().unwrap_or_default();
        by_iri
            .entry(get("p"))
            .or_default()
            .push((article, norm(&get("n"))));
    }
    // which gold person each predicted (article, name) is
    let gold_of = |article: &str, name: &str| -> Option<(String, usize)> {
        gold.iter()
            .find(|(k, forms)| k.0 == article && forms.contains(name))
            .map(|(k, _)| k.clone())
    };
    let mut iri_of: BTreeMap<(String, usize), String> = BTreeMap::new();
    for (iri, uses) in &by_iri {
        let golds: Vec<(String, usize)> = uses.iter().filter_map(|(a, n)| gold_of(a, n)).collect();
        // no fusion: every gold person behind one IRI is the same person
        for a in &golds {
            for b in &golds {
                assert!(same_person(a, b), "{iri} fuses {a:?} and {b:?}");
            }
        }
        for g in golds {
            iri_of.insert(g, iri.clone());
        }
    }
    // one entity: a gold person found in two articles has one IRI
    let found: Vec<(String, usize)> = iri_of.keys().cloned().collect();
    let mut shared = 0;
    for a in &found {
        for b in &found {
            if a.0 < b.0 && same_person(a, b) {
                shared += 1;
                assert_eq!(iri_of[a], iri_of[b], "{a:?} and {b:?} are one person");
            }
        }
    }
    assert!(
        shared >= 3,
        "expected persons shared between articles, found {shared}"
    );
}
