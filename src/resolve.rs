//! Cross-article identity of persons named by their surname alone.
//!
//! Each article is mapped on its own: a person the article names in full gets the IRI of that
//! name (`person/mohammad-bagheri`), one it names by surname only ("le général Bagheri") gets the
//! surname's IRI (`person/bagheri`). After a build, [`resolve`] identifies each surname-only
//! person with the one full-name person of the store that has that surname and a compatible
//! nationality and rank, by rewriting the person's IRI in that article's graph and recording
//! `ng:resolvedFrom` the surname IRI. Two or more candidates (namesakes: "Ali Bagheri" and
//! "Mohammad Bagheri"), or a nationality that contradicts, leave the surname IRI alone.
//!
//! The result is a function of the set of articles in the store, never of their order: the
//! full-name persons are never rewritten, and a surname-only person is re-resolved from
//! scratch whenever its surname is touched (an identification that no longer holds, because a
//! namesake arrived or the full-name article was replaced, is undone). Meeting and claim IRIs
//! are keyed by surnames ([`Minter::person_key`]), so they do not change when a person is
//! resolved.
//!
//! **Incremental.** Whether a surname-only person is identified depends only on the persons
//! of the store that share its surname key. The mapping writes that key on each person of an
//! article graph (`ng:surnameKey` for a full name, `ng:bareSurnameKey` for a surname alone:
//! [`crate::map::surname_key`]), so it travels and is replaced with the article. Before it
//! writes a batch of articles, a build records the keys of their persons, and those of the
//! graphs they replace, in the `ng:pendingIdentity` graph ([`mark_pending`]); the pass then
//! looks at those keys only, [`KEYS_PER_STEP`] at a time. A key no surname-only person holds
//! is passed over at the cost of one index look-up; for the others, the persons holding the
//! key are found through the index and read, and the step's rewrites and the removal of its
//! keys from the pending graph are one transaction. A killed build leaves its keys pending, so
//! the next build completes the identification. A store built before the index
//! ([`needs_full_pass`]) is indexed and identified as a whole once, by its next build.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad,
    QuadRef, Term,
};
use oxigraph::store::{StorageError, Store, Transaction};

use crate::iri::Minter;
use crate::store::steps;
use crate::vocab::ng;

/// What a pass changed, among the surname keys it looked at.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ResolveReport {
    /// Surname-only persons identified with a full name (in this pass or before), among those
    /// whose surname the pass looked at.
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

/// Surname keys handled per step of the pass: the persons holding them are read, and the
/// step's rewrites committed, together (memory is bounded by the step).
pub const KEYS_PER_STEP: usize = 1_000;

/// Index quads written per transaction when a store built before the index is indexed.
const INDEX_STEP: usize = 10_000;

/// The graph of the pending keys (its subject is the same IRI).
fn pending_graph() -> GraphNameRef<'static> {
    GraphNameRef::NamedNode(ng::PENDING_IDENTITY)
}

/// The keys a build left pending, as one reader (a snapshot).
fn pending_keys(store: &Store) -> impl Iterator<Item = Result<Quad, StorageError>> {
    store.quads_for_pattern(
        Some(ng::PENDING_IDENTITY.into()),
        Some(ng::PENDING_KEY),
        None,
        Some(pending_graph()),
    )
}

/// The key of an index or pending quad.
fn key_of(q: &Quad) -> Option<&str> {
    match &q.object {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// The surname keys the index holds in the article graph `graph` (those of the version a
/// build is about to replace).
pub fn graph_keys(store: &Store, graph: &NamedNode) -> Result<BTreeSet<String>, ResolveError> {
    let g = GraphNameRef::NamedNode(graph.as_ref());
    let mut out = BTreeSet::new();
    for predicate in [ng::SURNAME_KEY, ng::BARE_SURNAME_KEY] {
        for q in store.quads_for_pattern(None, Some(predicate), None, Some(g)) {
            out.extend(key_of(&q?).map(str::to_owned));
        }
    }
    Ok(out)
}

/// Records `keys` for the next pass, in one transaction. A build calls it before it writes
/// the articles whose persons hold the keys: killed after the write, it leaves them for the
/// next build's pass.
pub fn mark_pending<'a>(
    store: &Store,
    keys: impl IntoIterator<Item = &'a String>,
) -> Result<(), ResolveError> {
    let mut keys = keys.into_iter().peekable();
    if keys.peek().is_none() {
        return Ok(());
    }
    let mut tx = store.start_transaction()?;
    for k in keys {
        tx.insert(QuadRef::new(
            ng::PENDING_IDENTITY,
            ng::PENDING_KEY,
            LiteralRef::new_simple_literal(k),
            pending_graph(),
        ));
    }
    tx.commit()?;
    Ok(())
}

/// Whether the next pass must look at the whole store: the store has persons but no surname
/// key at all (it was built before the index), or such a pass was started and not finished.
/// A build asks before it writes (its own articles carry keys) and, if so, calls
/// [`mark_full_pass`].
pub fn needs_full_pass(store: &Store) -> Result<bool, ResolveError> {
    use oxigraph::model::vocab::rdf;

    use crate::vocab::schema;
    if full_pass_pending(store)? {
        return Ok(true);
    }
    for predicate in [ng::SURNAME_KEY, ng::BARE_SURNAME_KEY] {
        if store
            .quads_for_pattern(None, Some(predicate), None, None)
            .next()
            .transpose()?
            .is_some()
        {
            return Ok(false);
        }
    }
    Ok(store
        .quads_for_pattern(None, Some(rdf::TYPE), Some(schema::PERSON.into()), None)
        .next()
        .transpose()?
        .is_some())
}

/// Records that the next pass must index and identify the whole store.
pub fn mark_full_pass(store: &Store) -> Result<(), ResolveError> {
    store.insert(QuadRef::new(
        ng::PENDING_IDENTITY,
        ng::PENDING_FULL_PASS,
        &Literal::from(true),
        pending_graph(),
    ))?;
    Ok(())
}

fn full_pass_pending(store: &Store) -> Result<bool, ResolveError> {
    Ok(store
        .quads_for_pattern(
            Some(ng::PENDING_IDENTITY.into()),
            Some(ng::PENDING_FULL_PASS),
            None,
            Some(pending_graph()),
        )
        .next()
        .transpose()?
        .is_some())
}

/// Every person of every article graph: (graph, person) → names, nationalities and roles.
/// Read straight from the store's quad indexes, as a stream: no query plan holds rows. Only
/// for a store built before the index ([`needs_full_pass`]).
fn occurrences(store: &Store) -> Result<BTreeMap<(S, S), Occurrence>, ResolveError> {
    use oxigraph::model::vocab::rdf;

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
    for (predicate, kind) in FACTS {
        for q in store.quads_for_pattern(None, Some(predicate), None, None) {
            let q = q?;
            let Some(k) = key(&mut strings, &q) else {
                continue;
            };
            let Some(o) = out.get_mut(&k) else {
                continue; // not a person
            };
            o.add(&mut strings, kind, &q.object);
        }
    }
    // persons without a name cannot be resolved
    out.retain(|_, o| !o.names.is_empty());
    Ok(out)
}

/// What the pass reads of a person: names (`n`), nationalities (`c`), ranks and positions (`r`).
const FACTS: [(NamedNodeRef<'static>, char); 4] = [
    (crate::vocab::schema::NAME, 'n'),
    (crate::vocab::schema::NATIONALITY, 'c'),
    (crate::vocab::schema::HONORIFIC_PREFIX, 'r'),
    (crate::vocab::schema::JOB_TITLE, 'r'),
];

impl Occurrence {
    fn add(&mut self, strings: &mut Interner, kind: char, object: &Term) {
        match (kind, object) {
            ('n', Term::Literal(n)) => put(&mut self.names, strings.get(n.value())),
            ('c', Term::NamedNode(c)) => put(&mut self.nationalities, strings.get(c.as_str())),
            ('r', Term::Literal(r)) => {
                for w in role_words(r.value()) {
                    put(&mut self.roles, strings.get(&w));
                }
            }
            _ => {}
        }
    }
}

/// The person `p` as the article graph `g` describes it; `None` if it is not a person there
/// or has no name.
fn occurrence(
    store: &Store,
    strings: &mut Interner,
    g: &NamedNode,
    p: &NamedNode,
) -> Result<Option<Occurrence>, ResolveError> {
    use oxigraph::model::vocab::rdf;

    use crate::vocab::schema;
    let gref = GraphNameRef::NamedNode(g.as_ref());
    if !store.contains(QuadRef::new(p, rdf::TYPE, schema::PERSON, gref))? {
        return Ok(None);
    }
    let mut o = Occurrence::default();
    for (predicate, kind) in FACTS {
        for q in store.quads_for_pattern(Some(p.as_ref().into()), Some(predicate), None, Some(gref))
        {
            o.add(strings, kind, &q?.object);
        }
    }
    Ok((!o.names.is_empty()).then_some(o))
}

/// A full-name person over all the articles that name it.
#[derive(Debug, Default)]
struct Candidate {
    nationalities: BTreeSet<S>,
    roles: BTreeSet<S>,
}

/// graph → [(current IRI, target IRI, surname IRI)]
type Rewrites = BTreeMap<S, Vec<(String, String, String)>>;

/// Decides, for each surname-only person of `occ` whose surname key `decides` accepts, which
/// IRI it has: the one compatible full-name person of `occ` with that key, else its own
/// surname IRI. `occ` must hold every person of the store with an accepted key (under any of
/// its names). Returns the persons whose IRI changes.
fn decide(
    occ: &BTreeMap<(S, S), Occurrence>,
    minter: &Minter,
    decides: impl Fn(&str) -> bool,
    report: &mut ResolveReport,
) -> Rewrites {
    // full-name persons by surname key: IRI → nationalities and roles over all articles
    let mut full: BTreeMap<String, BTreeMap<S, Candidate>> = BTreeMap::new();
    for ((_, p), o) in occ {
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

    let mut rewrites = Rewrites::new();
    for ((g, p), o) in occ {
        if !o.names.iter().all(|n| Minter::is_surname_only(n)) {
            continue;
        }
        let Some(name) = o.names.iter().min() else {
            continue;
        };
        let Some(key) = Minter::person_key(name) else {
            continue;
        };
        if !decides(&key) {
            continue;
        }
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
                .entry(g.clone())
                .or_default()
                .push((p.to_string(), target, own));
        }
    }
    rewrites
}

/// Writes `rewrites` in `tx`: each person's quads (as subject or object) in its graph move to
/// the target IRI, an earlier `ng:resolvedFrom` is dropped and the new one recorded.
fn apply(tx: &mut Transaction<'_>, rewrites: &Rewrites) -> Result<(), ResolveError> {
    for (g, changes) in rewrites {
        let graph = NamedNode::new_unchecked(g.as_ref());
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
    Ok(())
}

/// Identifies surname-only persons with full-name persons for the surname keys a build left
/// pending (see the module's documentation), [`KEYS_PER_STEP`] keys per transaction, and
/// empties the pending graph. A store marked by [`mark_full_pass`] is indexed and identified
/// as a whole. Idempotent.
pub fn resolve(store: &Store, minter: &Minter) -> Result<ResolveReport, ResolveError> {
    if full_pass_pending(store)? {
        return full_pass(store, minter);
    }
    let mut report = ResolveReport::default();
    let mut rewritten: BTreeSet<S> = BTreeSet::new();
    // one reader over the pending keys as they were (a snapshot): the steps remove them
    // the keys some surname-only person holds, when many keys are pending (a bulk build): one
    // scan of that index instead of one look-up per key (a look-up costs about a millisecond
    // on a store just bulk-loaded, a scanned quad a microsecond)
    let mut bare: Option<rustc_hash::FxHashSet<String>> = None;
    for step in steps(pending_keys(store), KEYS_PER_STEP) {
        let step = step?;
        if bare.is_none() && step.len() == KEYS_PER_STEP {
            let mut keys = rustc_hash::FxHashSet::default();
            for q in store.quads_for_pattern(None, Some(ng::BARE_SURNAME_KEY), None, None) {
                keys.extend(key_of(&q?).map(str::to_owned));
            }
            bare = Some(keys);
        }
        let mut strings = Interner::default();
        let mut occ: BTreeMap<(S, S), Occurrence> = BTreeMap::new();
        let mut handled: BTreeSet<&str> = BTreeSet::new();
        for k in step.iter().filter_map(key_of) {
            if bare.as_ref().is_some_and(|b| !b.contains(k)) {
                continue;
            }
            let lit = LiteralRef::new_simple_literal(k);
            // the persons holding the key: none named by surname only, nothing to decide
            let mut at: Vec<Quad> = Vec::new();
            for q in
                store.quads_for_pattern(None, Some(ng::BARE_SURNAME_KEY), Some(lit.into()), None)
            {
                at.push(q?);
            }
            if at.is_empty() {
                continue;
            }
            for q in store.quads_for_pattern(None, Some(ng::SURNAME_KEY), Some(lit.into()), None) {
                at.push(q?);
            }
            handled.insert(k);
            for q in at {
                let (GraphName::NamedNode(g), NamedOrBlankNode::NamedNode(p)) =
                    (&q.graph_name, &q.subject)
                else {
                    continue;
                };
                let id = (strings.get(g.as_str()), strings.get(p.as_str()));
                if occ.contains_key(&id) {
                    continue;
                }
                if let Some(o) = occurrence(store, &mut strings, g, p)? {
                    occ.insert(id, o);
                }
            }
        }
        let rewrites = decide(&occ, minter, |k| handled.contains(k), &mut report);
        let mut tx = store.start_transaction()?;
        apply(&mut tx, &rewrites)?;
        for q in &step {
            tx.remove(q.as_ref());
        }
        tx.commit()?;
        rewritten.extend(rewrites.into_keys());
    }
    if store.contains_named_graph(ng::PENDING_IDENTITY)? {
        let mut tx = store.start_transaction()?;
        tx.remove_named_graph(ng::PENDING_IDENTITY)?;
        tx.commit()?;
    }
    report.graphs_rewritten = rewritten.len();
    Ok(report)
}

/// The pass over the whole store, for a store built before the index: reads every person
/// (memory grows with the store's persons), writes each one's surname keys (in transactions
/// of [`INDEX_STEP`] quads: writing them again is harmless), identifies every surname-only
/// person (one transaction), then empties the pending graph, its mark last: killed before
/// that, the next build does it all again.
fn full_pass(store: &Store, minter: &Minter) -> Result<ResolveReport, ResolveError> {
    let occ = occurrences(store)?;
    let mut index: Vec<Quad> = Vec::new();
    let flush = |index: &mut Vec<Quad>| -> Result<(), ResolveError> {
        let mut tx = store.start_transaction()?;
        for q in index.drain(..) {
            tx.insert(q.as_ref());
        }
        tx.commit()?;
        Ok(())
    };
    for ((g, p), o) in &occ {
        for n in &o.names {
            if let Some((predicate, key)) = crate::map::surname_key(n) {
                index.push(Quad::new(
                    NamedNode::new_unchecked(p.as_ref()),
                    predicate,
                    Literal::new_simple_literal(key),
                    NamedNode::new_unchecked(g.as_ref()),
                ));
            }
        }
        if index.len() >= INDEX_STEP {
            flush(&mut index)?;
        }
    }
    flush(&mut index)?;
    let mut report = ResolveReport::default();
    let rewrites = decide(&occ, minter, |_| true, &mut report);
    drop(occ);
    report.graphs_rewritten = rewrites.len();
    let mut tx = store.start_transaction()?;
    apply(&mut tx, &rewrites)?;
    tx.commit()?;
    // the pending keys are handled: removed in steps, then the graph with its mark
    for step in steps(pending_keys(store), KEYS_PER_STEP) {
        let step = step?;
        let mut tx = store.start_transaction()?;
        for q in &step {
            tx.remove(q.as_ref());
        }
        tx.commit()?;
    }
    let mut tx = store.start_transaction()?;
    tx.remove_named_graph(ng::PENDING_IDENTITY)?;
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
