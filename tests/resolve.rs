//! One graph across articles: a person named by surname only in one article is the person
//! named in full in another, unless a namesake or a contradiction forbids it; the result does
//! not depend on the order of ingest; one meeting reported by two articles is one meeting.
//! Articles: tests/data/crossdoc (see its README).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNodeRef, Term};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;

use crate::{bin, data};

const ID: &str = "https://w3id.org/newsgraph/id/";

fn article(name: &str) -> PathBuf {
    data("crossdoc").join(format!("{name}.txt"))
}

fn build(store: &Path, names: &[&str]) {
    let mut cmd = bin();
    cmd.args(["build", "-q", "--store"]).arg(store);
    for n in names {
        cmd.arg(article(n));
    }
    cmd.assert().success();
}

fn dump(store: &Path) -> BTreeSet<String> {
    let s = Store::open_read_only(store).unwrap();
    s.iter().map(|q| q.unwrap().to_string()).collect()
}

/// The IRIs of the persons the article graph of `name` holds under the name `person`.
fn persons_named(store: &Path, person: &str) -> BTreeSet<String> {
    let q = format!(
        "SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a <http://schema.org/Person> ; <http://schema.org/name> {:?} }} }}",
        person
    );
    solutions(store, &q)
        .iter()
        .map(|s| match s.get("p") {
            Some(Term::NamedNode(n)) => n.as_str().trim_start_matches(ID).to_owned(),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// The solutions of the SELECT query `q` on the store at `store`.
fn solutions(store: &Path, q: &str) -> Vec<QuerySolution> {
    let s = Store::open_read_only(store).unwrap();
    let QueryResults::Solutions(sols) = SparqlEvaluator::new()
        .parse_query(q)
        .unwrap()
        .on_store(&s)
        .execute()
        .unwrap()
    else {
        panic!("{q}: not a SELECT")
    };
    sols.map(|s| s.unwrap()).collect()
}

#[test]
fn a_surname_alone_is_the_full_name_of_another_article_whatever_the_order() {
    let d = tempfile::tempdir().unwrap();
    let orders: [&[&str]; 3] = [
        &["full-name", "surname-rank"],
        &["surname-rank", "full-name"],
        &["surname-rank", "namesake", "full-name"],
    ];
    let mut dumps = Vec::new();
    for (k, order) in orders.iter().enumerate() {
        let store = d.path().join(format!("s{k}"));
        // one article per build: the order of ingest is the order of the builds
        for name in order.iter() {
            build(&store, &[name]);
        }
        if k < 2 {
            dumps.push(dump(&store));
        }
        // "le général iranien Bagheri" is the general named in full elsewhere, not the
        // negotiator Ali Bagheri: the rank decides between the two
        assert_eq!(
            persons_named(&store, "Bagheri"),
            BTreeSet::from(["person/mohammad-bagheri".to_owned()]),
            "order {order:?}"
        );
    }
    assert_eq!(
        dumps[0], dumps[1],
        "the store depends on the order of ingest"
    );
    // the same articles in one build give the same store too
    let together = d.path().join("together");
    build(&together, &["surname-rank", "full-name"]);
    assert_eq!(dump(&together), dumps[0]);
    // the identification is recorded in the article's graph
    assert!(dumps[0].iter().any(|q| q.contains("resolvedFrom")
        && q.contains("person/mohammad-bagheri")
        && q.contains("person/bagheri>")));
}

/// A copy of the store without its write-ahead logs (RocksDB's `*.log` files).
fn without_logs(store: &Path, copy: &Path) {
    std::fs::create_dir_all(copy).unwrap();
    for e in std::fs::read_dir(store).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "log") || path.ends_with("LOCK") {
            continue;
        }
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_build_leaves_nothing_in_its_log_for_readers_to_replay() {
    // every read-only open (each query, each export) replays what a writer left only in its
    // log: a build writes its buffers out to the store's files when it ends, the identity
    // pass's last writes and an incremental build's too, so the logs can go
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(&store, &["full-name", "namesake"]);
    for (step, copy) in ["a", "b"].into_iter().enumerate() {
        if step == 1 {
            build(&store, &["surname-rank"]);
        }
        without_logs(&store, &d.path().join(copy));
        let (all, in_files) = (dump(&store), dump(&d.path().join(copy)));
        assert!(
            all == in_files,
            "build {}: {} of the {} quads only in the log",
            step + 1,
            all.difference(&in_files).count(),
            all.len()
        );
    }
}

#[test]
fn namesakes_stay_apart_and_an_identification_is_undone_when_it_no_longer_holds() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    // one full name only: "M. Bagheri" (nothing else known) is that person
    build(&store, &["full-name", "surname-bare"]);
    let bare = persons_named(&store, "Bagheri");
    assert_eq!(bare, BTreeSet::from(["person/mohammad-bagheri".to_owned()]));
    // a namesake arrives: "M. Bagheri" could be either, so it is no longer identified
    build(&store, &["namesake"]);
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/bagheri".to_owned()])
    );
    assert_eq!(
        persons_named(&store, "Ali Bagheri"),
        BTreeSet::from(["person/ali-bagheri".to_owned()])
    );
    // and the store equals a fresh build of the three articles
    let fresh = d.path().join("fresh");
    build(&fresh, &["surname-bare", "namesake", "full-name"]);
    assert_eq!(dump(&store), dump(&fresh));
}

#[test]
fn a_contradicting_nationality_is_never_fused() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(&store, &["full-name", "other-country"]);
    // the Afghan minister Bagheri is not the Iranian general
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/bagheri".to_owned()])
    );
}

#[test]
fn one_meeting_reported_by_two_articles_is_one_meeting_with_both_sources() {
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(&store, &["full-name", "same-meeting"]);
    let q = "PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX schema: <http://schema.org/>
        SELECT ?m (COUNT(DISTINCT ?a) AS ?sources) WHERE { GRAPH ?g { ?m a ng:Meeting ; schema:subjectOf ?a } } GROUP BY ?m";
    let rows = solutions(&store, q);
    assert_eq!(rows.len(), 1, "one meeting: {rows:?}");
    let Some(Term::Literal(n)) = rows[0].get("sources") else {
        panic!()
    };
    assert_eq!(n.value(), "2");
}

/// Builds one file with options (`--url` names its graph, so a later build replaces it).
fn build_file(store: &Path, file: &Path, options: &[&str]) {
    bin()
        .args(["build", "-q", "--store"])
        .arg(store)
        .args(options)
        .arg(file)
        .assert()
        .success();
}

#[test]
fn batches_in_any_order_give_the_store_of_one_build() {
    let d = tempfile::tempdir().unwrap();
    let all = [
        "full-name",
        "same-meeting",
        "surname-rank",
        "namesake",
        "surname-bare",
        "other-country",
    ];
    let together = d.path().join("together");
    build(&together, &all);
    let expected = dump(&together);
    // the index is in the articles' graphs and nothing is left pending
    assert!(expected.iter().any(|q| q.contains("bareSurnameKey")));
    assert!(!expected.iter().any(|q| q.contains("pendingIdentity")));
    let s = Store::open_read_only(&together).unwrap();
    assert!(!s
        .contains_named_graph(newsgraph::vocab::ng::PENDING_IDENTITY)
        .unwrap());
    let orders: [&[&[&str]]; 3] = [
        &[&all[..2], &all[2..4], &all[4..]],
        &[&all[4..], &all[2..4], &all[..2]],
        &[&all[3..5], &all[..1], &all[5..], &all[1..3]],
    ];
    for (k, batches) in orders.iter().enumerate() {
        let store = d.path().join(format!("s{k}"));
        for batch in batches.iter() {
            build(&store, batch);
        }
        assert_eq!(dump(&store), expected, "batches {batches:?}");
    }
}

#[test]
fn a_replaced_article_makes_and_undoes_an_identification() {
    let d = tempfile::tempdir().unwrap();
    let text = |name: &str| std::fs::read_to_string(article(name)).unwrap();
    // the namesake's and the general's articles under URLs of their own, then replaced by
    // texts that name other persons
    let namesake = d.path().join("namesake.txt");
    let general = d.path().join("general.txt");
    let (namesake_url, general_url) = (
        [
            "--url",
            "https://example.org/namesake",
            "--published",
            "2024-05-08",
        ],
        [
            "--url",
            "https://example.org/general",
            "--published",
            "2024-05-08",
        ],
    );
    let store = d.path().join("s");
    std::fs::write(&general, text("full-name")).unwrap();
    build_file(&store, &general, &general_url);
    std::fs::write(&namesake, text("namesake")).unwrap();
    build_file(&store, &namesake, &namesake_url);
    build(&store, &["surname-bare"]);
    // two full names fit "M. Bagheri"
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/bagheri".to_owned()])
    );
    // the namesake's article now names someone else: one full name fits
    std::fs::write(
        &namesake,
        text("namesake").replace("Ali Bagheri", "Ali Vaezi"),
    )
    .unwrap();
    build_file(&store, &namesake, &namesake_url);
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/mohammad-bagheri".to_owned()])
    );
    // and the general's article too: no full name fits any more
    std::fs::write(
        &general,
        text("full-name").replace("Mohammad Hossein Bagheri", "Mohammad Hossein Rezaei"),
    )
    .unwrap();
    build_file(&store, &general, &general_url);
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/bagheri".to_owned()])
    );
    // the store is the fresh build of the articles it holds
    let fresh = d.path().join("fresh");
    build(&fresh, &["surname-bare"]);
    build_file(&fresh, &namesake, &namesake_url);
    build_file(&fresh, &general, &general_url);
    assert_eq!(dump(&store), dump(&fresh));
}

/// Removes the surname-key index from a store, as a store built before it.
/// Removes the index quads of `predicates` from the store.
fn without_index(store: &Path, predicates: &[NamedNodeRef<'_>]) {
    let s = Store::open(store).unwrap();
    let mut index = Vec::new();
    for &p in predicates {
        index.extend(
            s.quads_for_pattern(None, Some(p), None, None)
                .map(|q| q.unwrap()),
        );
    }
    assert!(!index.is_empty());
    for q in &index {
        s.remove(q).unwrap();
    }
}

#[test]
fn a_store_built_before_the_index_is_indexed_and_identified_by_its_next_build() {
    use newsgraph::vocab::ng;
    let d = tempfile::tempdir().unwrap();
    let fresh = d.path().join("fresh");
    build(&fresh, &["surname-bare", "namesake", "full-name"]);
    // before any index; with the surname keys but before the name keys
    let before: [&[NamedNodeRef<'_>]; 2] = [
        &[ng::NAME_KEY, ng::SURNAME_KEY, ng::BARE_SURNAME_KEY],
        &[ng::NAME_KEY],
    ];
    for (k, predicates) in before.into_iter().enumerate() {
        let store = d.path().join(format!("s{k}"));
        build(&store, &["full-name", "surname-bare"]);
        without_index(&store, predicates);
        // the namesake's keys alone would not find "M. Bagheri", which has no key: the build
        // sees a store without index and looks at the whole store
        build(&store, &["namesake"]);
        assert_eq!(
            persons_named(&store, "Bagheri"),
            BTreeSet::from(["person/bagheri".to_owned()])
        );
        assert_eq!(dump(&store), dump(&fresh), "store {k}");
    }
}

#[test]
fn keys_left_pending_by_a_killed_build_are_handled_by_the_next_build() {
    use newsgraph::vocab::ng;
    let d = tempfile::tempdir().unwrap();
    let store = d.path().join("s");
    build(&store, &["surname-bare"]);
    // a build killed after writing the general's article, before its pass: the graph is
    // there and its keys are pending
    let nq = bin()
        .args(["extract", "--format", "nquads"])
        .arg(article("full-name"))
        .output()
        .unwrap();
    assert!(nq.status.success());
    {
        let s = Store::open(&store).unwrap();
        s.load_from_slice(oxigraph::io::RdfFormat::NQuads, &nq.stdout)
            .unwrap();
        newsgraph::resolve::mark_pending(&s, &["bagheri".to_owned()]).unwrap();
        assert_eq!(
            s.quads_for_pattern(None, Some(ng::PENDING_KEY), None, None)
                .count(),
            1
        );
    }
    // the next build, of an unrelated article, completes the identification
    build_file(
        &store,
        &data("eval/2026-11-a").join("en-01-penrose-marsden-london.txt"),
        &[],
    );
    assert_eq!(
        persons_named(&store, "Bagheri"),
        BTreeSet::from(["person/mohammad-bagheri".to_owned()])
    );
    let fresh = d.path().join("fresh");
    build(&fresh, &["full-name", "surname-bare"]);
    build_file(
        &fresh,
        &data("eval/2026-11-a").join("en-01-penrose-marsden-london.txt"),
        &[],
    );
    assert_eq!(dump(&store), dump(&fresh));
}
