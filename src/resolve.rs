//! Cross-article identity of persons named by their surname alone.
//!
//! Each article is mapped on its own: a person the article names in full gets the IRI of that
//! name (`person/bagheri-mhmd`), one it names by surname only ("le général Bagheri") gets the
//! surname's IRI (`person/bagheri`). After a build, [`resolve`] looks at the whole store and
//! identifies each surname-only person with the one full-name person of the store that has
//! that surname and a compatible nationality, by rewriting the person's IRI in that article's
//! graph and recording `ng:resolvedFrom` the surname IRI. Two or more candidates (namesakes:
//! "Ali Bagheri" and "Mohammad Bagheri"), or a nationality that contradicts, leave the
//! surname IRI alone.
//!
//! The result is a function of the set of articles in the store, never of their order: the
//! full-name persons are never rewritten, and a surname-only person is re-resolved from
//! scratch at every pass (an identification that no longer holds, because a namesake arrived
//! or the full-name article was replaced, is undone). Meeting and claim IRIs are keyed by
//! surnames ([`Minter::person_key`]), so they do not change when a person is resolved. All the
//! rewrites of a pass are one transaction.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};

use crate::iri::Minter;
use crate::vocab::ng;

/// What a pass changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResolveReport {
    /// Surname-only persons identified with a full name (in this pass or before).
    pub resolved: usize,
    /// Surname-only persons left alone because two or more full names fit.
    pub ambiguous: usize,
    /// Article graphs rewritten by this pass.
    pub graphs_rewritten: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A shared string: the IRIs, names and words of the pass are interned, so memory grows with
/// the distinct strings of the store, not with every occurrence.
type S = std::rc::Rc<str>;

#[derive(Default)]
struct Interner(rustc_hash::FxHashSet<S>);

impl Interner {
    fn get(&mut self, s: &str) -> S {
        if let Some(x) = self.0.get(s) {
            return x.clone();
        }
        let x: S = S::from(s);
        self.0.insert(x.clone());
        x
    }
}

fn put(v: &mut Vec<S>, x: S) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn meets(a: &[S], b: &BTreeSet<S>) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// A person as one article graph describes it.
#[derive(Debug, Default)]
struct Occurrence {
    names: Vec<S>,
    nationalities: Vec<S>,
    /// The words of its ranks and positions ("général", "chef d'état-major des forces
    /// armées"), normalised; courtesy titles (M., Mr, Mme…) are left out: they tell nobody
    /// apart.
    roles: Vec<S>,
}

const COURTESY: &[&str] = &[
    "m", "mr", "mrs", "ms", "miss", "mme", "mlle", "mm", "dr", "sir", "madame", "monsieur",
    "mister", "sheikh", "cheikh",
];

/// The significant words of a rank or position: "chef d'état-major des armées" → {chef,
/// etat, major, armees}; courtesy titles give none.
fn role_words(text: &str) -> impl Iterator<Item = String> {
    let t = crate::extract::names::strip_accents(&text.to_lowercase());
    let t: String = t
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let courtesy = COURTESY.contains(&t.trim());
    t.split_whitespace()
        .filter(|w| !courtesy && w.chars().count() >= 4 && !STOP.contains(w))
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

const STOP: &[&str] = &["pour", "with", "from", "dans", "avec", "their", "leur"];

/// Every person of every article graph: (graph, person) → names, nationalities and roles.
/// Read straight from the store's quad indexes, as a stream: no query plan holds rows.
fn occurrences(store: &Store) -> Result<BTreeMap<(S, S), Occurrence>, ResolveError> {
    use oxigraph::model::vocab::rdf;
    use oxigraph::model::GraphName;

    use crate::vocab::schema;
    let mut strings = Interner::default();
    let mut out: BTreeMap<(S, S), Occurrence> = BTreeMap::new();
    let key = |strings: &mut Interner, q: &Quad| match (&q.graph_name, &q.subject) {
        // the store's replace journal is no article
        (GraphName::NamedNode(g), _) if g.as_ref() == crate::store::JOURNAL => None,
        (GraphName::NamedNode(g), NamedOrBlankNode::NamedNode(p)) => {
            Some((strings.get(g.as_str()), strings.get(p.as_str())))
        }
        _ => None,
    };
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), Some(schema::PERSON.into()), None) {
        if let Some(k) = key(&mut strings, &q?) {
            out.entry(k).or_default();
        }
    }
    for (predicate, kind) in [
        (schema::NAME, 'n'),
        (schema::NATIONALITY, 'c'),
        (schema::HONORIFIC_PREFIX, 'r'),
        (schema::JOB_TITLE, 'r'),
    ] {
        for q in store.quads_for_pattern(None, Some(predicate), None, None) {
            let q = q?;
            let Some(k) = key(&mut strings, &q) else {
                continue;
            };
            let Some(o) = out.get_mut(&k) else {
                continue; // not a person
            };
            match (kind, &q.object) {
                ('n', Term::Literal(n)) => put(&mut o.names, strings.get(n.value())),
                ('c', Term::NamedNode(c)) => put(&mut o.nationalities, strings.get(c.as_str())),
                ('r', Term::Literal(r)) => {
                    for w in role_words(r.value()) {
                        put(&mut o.roles, strings.get(&w));
                    }
                }
                _ => {}
            }
        }
    }
    // persons without a name cannot be resolved
    out.retain(|_, o| !o.names.is_empty());
    Ok(out)
}

/// A full-name person over all the articles that name it.
#[derive(Debug, Default)]
struct Candidate {
    nationalities: BTreeSet<S>,
    roles: BTreeSet<S>,
}

/// Identifies surname-only persons with full-name persons across the store's articles (see
/// the module's documentation). Idempotent.
pub fn resolve(store: &Store, minter: &Minter) -> Result<ResolveReport, ResolveError> {
    let occ = occurrences(store)?;

    // full-name persons by surname key: IRI → nationalities and roles over all articles
    let mut full: BTreeMap<String, BTreeMap<S, Candidate>> = BTreeMap::new();
    for ((_, p), o) in &occ {
        if o.names.iter().any(|n| !Minter::is_surname_only(n)) {
            for n in &o.names {
                if let Some(key) = Minter::person_key(n) {
                    let c = full.entry(key).or_default().entry(p.clone()).or_default();
                    c.nationalities.extend(o.nationalities.iter().cloned());
                    c.roles.extend(o.roles.iter().cloned());
                }
            }
        }
    }

    let mut report = ResolveReport::default();
    // graph → [(current IRI, target IRI, surname IRI)]
    let mut rewrites: BTreeMap<&str, Vec<(String, String, String)>> = BTreeMap::new();
    for ((g, p), o) in &occ {
        if !o.names.iter().all(|n| Minter::is_surname_only(n)) {
            continue;
        }
        let Some(name) = o.names.iter().min() else {
            continue;
        };
        let Some(key) = Minter::person_key(name) else {
            continue;
        };
        let own = minter.person(name);
        // neither nationality nor position may contradict (a general is not the negotiator
        // of the same name); among several, one that shares a rank or position word wins
        let compatible = |c: &Candidate| {
            (o.nationalities.is_empty()
                || c.nationalities.is_empty()
                || meets(&o.nationalities, &c.nationalities))
                && (o.roles.is_empty() || c.roles.is_empty() || meets(&o.roles, &c.roles))
        };
        let mut candidates: Vec<(&S, &Candidate)> = full
            .get(&key)
            .map(|by_iri| by_iri.iter().filter(|(_, c)| compatible(c)).collect())
            .unwrap_or_default();
        if candidates.len() > 1 {
            let sharing: Vec<(&S, &Candidate)> = candidates
                .iter()
                .filter(|(_, c)| meets(&o.roles, &c.roles))
                .copied()
                .collect();
            if sharing.len() == 1 {
                candidates = sharing;
            }
        }
        let candidates: Vec<&S> = candidates.into_iter().map(|(iri, _)| iri).collect();
        let target: String = match candidates.as_slice() {
            [one] => {
                report.resolved += 1;
                one.to_string()
            }
            [] => own.clone(),
            _ => {
                report.ambiguous += 1;
                own.clone()
            }
        };
        if *target != **p {
            rewrites
                .entry(g.as_ref())
                .or_default()
                .push((p.to_string(), target, own));
        }
    }
    if rewrites.is_empty() {
        return Ok(report);
    }
    report.graphs_rewritten = rewrites.len();

    let mut tx = store.start_transaction()?;
    for (g, changes) in &rewrites {
        let graph = NamedNode::new_unchecked(*g);
        for (from, to, own) in changes {
            let from = NamedNode::new_unchecked(from);
            let to = NamedNode::new_unchecked(to);
            let own = NamedNode::new_unchecked(own);
            let gref = GraphNameRef::NamedNode(graph.as_ref());
            let mut old: Vec<Quad> = Vec::new();
            for q in tx.quads_for_pattern(Some(from.as_ref().into()), None, None, Some(gref)) {
                old.push(q?);
            }
            for q in tx.quads_for_pattern(None, None, Some(from.as_ref().into()), Some(gref)) {
                let q = q?;
                if q.subject != NamedOrBlankNode::NamedNode(from.clone()) {
                    old.push(q);
                }
            }
            for q in &old {
                tx.remove(q.as_ref());
                // the record of an earlier identification goes with it
                if q.predicate.as_ref() == ng::RESOLVED_FROM {
                    continue;
                }
                let subject = match &q.subject {
                    NamedOrBlankNode::NamedNode(n) if n == &from => to.clone().into(),
                    s => s.clone(),
                };
                let object = match &q.object {
                    Term::NamedNode(n) if n == &from => to.clone().into(),
                    o => o.clone(),
                };
                tx.insert(Quad::new(subject, q.predicate.clone(), object, graph.clone()).as_ref());
            }
            if to != own {
                tx.insert(
                    Quad::new(to.clone(), ng::RESOLVED_FROM, own.clone(), graph.clone()).as_ref(),
                );
            }
        }
    }
    tx.commit()?;
    Ok(report)
}

/// An article graph as the article alone gives it: every person the graph names by surname
/// only back under its surname IRI, and no `ng:resolvedFrom`. Two builds of an article agree
/// on this form whatever else their stores hold (used by the crash tests).
pub fn local_form(quads: &[Quad], minter: &Minter) -> Vec<Quad> {
    use oxigraph::model::vocab::rdf;

    use crate::vocab::schema;
    let mut names: std::collections::HashMap<&NamedOrBlankNode, Vec<&str>> =
        std::collections::HashMap::new();
    for q in quads {
        if q.predicate.as_ref() == rdf::TYPE && q.object == Term::from(schema::PERSON.into_owned())
        {
            names.entry(&q.subject).or_default();
        }
    }
    for q in quads {
        if q.predicate.as_ref() == schema::NAME {
            if let (Some(v), Term::Literal(l)) = (names.get_mut(&q.subject), &q.object) {
                v.push(l.value());
            }
        }
    }
    let rename: std::collections::HashMap<NamedNode, NamedNode> = names
        .into_iter()
        .filter_map(|(p, ns)| {
            let NamedOrBlankNode::NamedNode(p) = p else {
                return None;
            };
            let first = ns.first()?;
            ns.iter()
                .all(|n| Minter::is_surname_only(n))
                .then(|| (p.clone(), NamedNode::new_unchecked(minter.person(first))))
        })
        .collect();
    quads
        .iter()
        .filter(|q| q.predicate.as_ref() != ng::RESOLVED_FROM)
        .map(|q| {
            let mut q = q.clone();
            if let NamedOrBlankNode::NamedNode(n) = &q.subject {
                if let Some(to) = rename.get(n) {
                    q.subject = to.clone().into();
                }
            }
            if let Term::NamedNode(n) = &q.object {
                if let Some(to) = rename.get(n) {
                    q.object = to.clone().into();
                }
            }
            q
        })
        .collect()
}
