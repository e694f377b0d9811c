//! Mapping stage: an [`Extraction`] → RDF quads in the article's named graph. Pure functions,
//! no I/O. No blank nodes are produced, so two graphs are isomorphic exactly when they hold
//! the same quads.
//!
//! Model (see `ontology/newsgraph.ttl` and the README): schema.org for persons,
//! organisations, countries, places, claims and the article; the project's `ng:Meeting`
//! (a `schema:Event`) for meetings; NIF RFC 5147 spans (`<article#char=s,e>`) for mentions and
//! sentences; `prov:wasDerivedFrom` from meetings and claims to their sentences.

use std::collections::HashMap;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use crate::iri::{span, Minter};
use crate::lexicon::Lexicon;
use crate::model::{Extraction, MeetingKind, Mention};
use crate::vocab::{ng, nif, owl, prov, schema};

/// The quads of one article, all in the graph named after the article.
pub struct Mapped {
    pub graph: NamedNode,
    pub quads: Vec<Quad>,
}

struct Builder {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Builder {
    fn add(&mut self, s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            s.clone(),
            p.into_owned(),
            o.into(),
            self.graph.clone(),
        ));
    }
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn owned(iri: String) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn date_lit(d: &str) -> Literal {
    Literal::new_typed_literal(d, xsd::DATE)
}

fn int_lit(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// Maps an extraction to quads. `minter` decides entity IRIs; the article IRI and graph come
/// from the extraction.
pub fn map(ex: &Extraction, minter: &Minter) -> Mapped {
    let lex = Lexicon::get();
    let article = node(&ex.article.iri);
    // room for the quads up front: growing the vector (quads are large) cost as much as
    // building them; a mention is 7-8 quads, a sentence 6, an entity or event about 10-20
    let mentions: usize = ex.countries.iter().map(|c| c.mentions.len()).sum::<usize>()
        + ex.places.iter().map(|p| p.mentions.len()).sum::<usize>()
        + ex.organizations
            .iter()
            .map(|o| o.mentions.len())
            .sum::<usize>()
        + ex.persons.iter().map(|p| p.mentions.len()).sum::<usize>()
        + ex.meetings.iter().map(|m| m.mentions.len()).sum::<usize>()
        + ex.claims.iter().map(|c| c.mentions.len()).sum::<usize>();
    let entities = ex.countries.len()
        + ex.places.len()
        + ex.organizations.len()
        + ex.persons.len()
        + ex.meetings.len()
        + ex.claims.len();
    let mut b = Builder {
        graph: GraphName::NamedNode(article.clone()),
        quads: Vec::with_capacity(16 + 6 * ex.sentences.len() + 9 * mentions + 16 * entities),
    };
    let lang = ex.article.lang.as_str();
    let text_lit = |t: &str| {
        Literal::new_language_tagged_literal(t, lang)
            .unwrap_or_else(|_| Literal::new_simple_literal(t))
    };

    // the article
    b.add(&article, rdf::TYPE, schema::NEWS_ARTICLE);
    b.add(&article, rdf::TYPE, nif::CONTEXT);
    b.add(
        &article,
        schema::IN_LANGUAGE,
        Literal::new_simple_literal(lang),
    );
    b.add(
        &article,
        ng::SHA256,
        Literal::new_simple_literal(&ex.article.sha256),
    );
    b.add(
        &article,
        ng::EXTRACTOR,
        Literal::new_simple_literal(concat!("newsgraph ", env!("CARGO_PKG_VERSION"))),
    );
    if let Some(u) = &ex.article.url {
        if crate::iri::validate(u).is_ok() {
            b.add(&article, schema::URL, node(u));
        }
    }
    if let Some(t) = &ex.article.title {
        b.add(&article, schema::HEADLINE, text_lit(t));
    }
    if let Some(d) = &ex.article.published {
        b.add(&article, schema::DATE_PUBLISHED, date_lit(d));
    }
    if let Some(d) = &ex.article.reference_date {
        b.add(&article, ng::REFERENCE_DATE, date_lit(d));
    }

    // sentences
    let sentence_iris: Vec<NamedNode> = ex
        .sentences
        .iter()
        .map(|s| {
            let iri = owned(span(&ex.article.iri, s.start, s.end));
            b.add(&iri, rdf::TYPE, nif::SENTENCE);
            b.add(&iri, rdf::TYPE, nif::RFC5147_STRING);
            b.add(&iri, nif::BEGIN_INDEX, int_lit(s.start));
            b.add(&iri, nif::END_INDEX, int_lit(s.end));
            b.add(&iri, nif::ANCHOR_OF, Literal::new_simple_literal(&s.text));
            b.add(&iri, nif::REFERENCE_CONTEXT, article.clone());
            iri
        })
        .collect();

    let mention = |b: &mut Builder, entity: &NamedNode, m: &Mention| {
        let iri = owned(span(&ex.article.iri, m.start, m.end));
        b.add(entity, ng::MENTION, iri.clone());
        b.add(&iri, rdf::TYPE, nif::RFC5147_STRING);
        b.add(&iri, nif::BEGIN_INDEX, int_lit(m.start));
        b.add(&iri, nif::END_INDEX, int_lit(m.end));
        b.add(&iri, nif::ANCHOR_OF, Literal::new_simple_literal(&m.text));
        b.add(&iri, nif::REFERENCE_CONTEXT, article.clone());
        if let Some(s) = sentence_iris.get(m.sentence) {
            b.add(&iri, nif::SENTENCE_P, s.clone());
        }
    };

    // countries
    let mut ids: HashMap<String, NamedNode> = HashMap::new();
    let country_node = |b: &mut Builder, code: &str| -> NamedNode {
        let iri = owned(minter.country(code));
        b.add(&iri, rdf::TYPE, schema::COUNTRY);
        b.add(&iri, ng::COUNTRY_CODE, Literal::new_simple_literal(code));
        if let Some(c) = lex.country(code) {
            if !c.name_en.is_empty() {
                b.add(
                    &iri,
                    schema::NAME,
                    Literal::new_language_tagged_literal_unchecked(&c.name_en, "en"),
                );
            }
            if !c.name_fr.is_empty() {
                b.add(
                    &iri,
                    schema::NAME,
                    Literal::new_language_tagged_literal_unchecked(&c.name_fr, "fr"),
                );
            }
            if !c.wikidata.is_empty() {
                b.add(
                    &iri,
                    owl::SAME_AS,
                    node(&format!("http://www.wikidata.org/entity/{}", c.wikidata)),
                );
            }
        } else {
            b.add(&iri, schema::NAME, Literal::new_simple_literal(code));
        }
        iri
    };
    for c in &ex.countries {
        let iri = country_node(&mut b, &c.code);
        b.add(&iri, schema::SUBJECT_OF, article.clone());
        for m in &c.mentions {
            mention(&mut b, &iri, m);
        }
        ids.insert(c.code.clone(), iri);
    }
    // a country the article does not mention (a city's, an organisation's) is linked with its
    // code but not declared a country of this article
    let country_ref = |b: &mut Builder, code: &str| -> NamedNode {
        ids.get(code).cloned().unwrap_or_else(|| {
            let iri = owned(minter.country(code));
            b.add(&iri, ng::COUNTRY_CODE, Literal::new_simple_literal(code));
            iri
        })
    };

    // places
    let mut place_ids: HashMap<String, NamedNode> = HashMap::new();
    for p in &ex.places {
        let iri = owned(minter.place(&p.name, p.country.as_deref(), p.geonames.as_deref()));
        b.add(&iri, rdf::TYPE, schema::PLACE);
        match p.kind.as_str() {
            "city" | "capital" => b.add(&iri, rdf::TYPE, schema::CITY),
            "border-crossing" => b.add(&iri, rdf::TYPE, ng::BORDER_CROSSING),
            _ => {}
        }
        b.add(&iri, schema::NAME, Literal::new_simple_literal(&p.name));
        if let Some(c) = &p.country {
            let c = country_ref(&mut b, c);
            b.add(&iri, schema::CONTAINED_IN_PLACE, c);
        }
        if let Some(g) = &p.geonames {
            if !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()) {
                b.add(
                    &iri,
                    owl::SAME_AS,
                    node(&format!("https://sws.geonames.org/{g}/")),
                );
            }
        }
        if let Some(sa) = p
            .same_as
            .as_ref()
            .filter(|s| crate::iri::validate(s).is_ok())
        {
            b.add(&iri, owl::SAME_AS, node(sa));
        }
        b.add(&iri, schema::SUBJECT_OF, article.clone());
        for m in &p.mentions {
            mention(&mut b, &iri, m);
        }
        place_ids.insert(p.id.clone(), iri);
    }

    // organisations
    let mut org_ids: HashMap<String, NamedNode> = HashMap::new();
    for o in &ex.organizations {
        let iri = owned(minter.organization(&o.name, o.country.as_deref()));
        b.add(&iri, rdf::TYPE, schema::ORGANIZATION);
        match o.kind.as_str() {
            "NewsAgency" => b.add(&iri, rdf::TYPE, schema::NEWS_MEDIA_ORGANIZATION),
            "GovernmentOrganization" => b.add(&iri, rdf::TYPE, schema::GOVERNMENT_ORGANIZATION),
            "MilitaryOrganization" => b.add(&iri, rdf::TYPE, ng::MILITARY_ORGANIZATION),
            _ => {}
        }
        b.add(&iri, schema::NAME, Literal::new_simple_literal(&o.name));
        if let Some(c) = &o.country {
            let c = country_ref(&mut b, c);
            b.add(&iri, ng::COUNTRY, c);
        }
        if let Some(sa) = o
            .same_as
            .as_ref()
            .filter(|s| crate::iri::validate(s).is_ok())
        {
            b.add(&iri, owl::SAME_AS, node(sa));
        }
        b.add(&iri, schema::SUBJECT_OF, article.clone());
        for m in &o.mentions {
            mention(&mut b, &iri, m);
        }
        org_ids.insert(o.id.clone(), iri);
    }

    // persons
    let mut person_ids: HashMap<String, NamedNode> = HashMap::new();
    let mut person_keys: HashMap<String, String> = HashMap::new();
    for p in &ex.persons {
        let iri = owned(minter.person(&p.name));
        b.add(&iri, rdf::TYPE, schema::PERSON);
        b.add(&iri, schema::NAME, Literal::new_simple_literal(&p.name));
        for a in &p.aliases {
            b.add(&iri, schema::ALTERNATE_NAME, Literal::new_simple_literal(a));
        }
        for t in &p.titles {
            b.add(&iri, schema::HONORIFIC_PREFIX, text_lit(t));
        }
        for r in &p.roles {
            b.add(&iri, schema::JOB_TITLE, text_lit(r));
        }
        if let Some(c) = &p.country {
            let c = country_ref(&mut b, c);
            b.add(&iri, schema::NATIONALITY, c);
        }
        for o in &p.organizations {
            if let Some(o) = org_ids.get(o) {
                b.add(&iri, schema::AFFILIATION, o.clone());
            }
        }
        if let Some(s) = &p.same_as {
            if crate::iri::validate(s).is_ok() {
                b.add(&iri, owl::SAME_AS, node(s));
            }
        }
        b.add(&iri, schema::SUBJECT_OF, article.clone());
        for m in &p.mentions {
            mention(&mut b, &iri, m);
        }
        person_ids.insert(p.id.clone(), iri.clone());
        person_keys.insert(
            p.id.clone(),
            Minter::person_key(&p.name).unwrap_or_else(|| iri.as_str().to_owned()),
        );
    }

    // meetings
    for m in &ex.meetings {
        let keys: Vec<String> = m
            .participants
            .iter()
            .filter_map(|p| person_keys.get(p).cloned())
            .collect();
        let place = m.place.as_ref().and_then(|p| place_ids.get(p));
        let iri = owned(minter.meeting(m.date.as_deref(), place.map(|p| p.as_str()), &keys));
        b.add(&iri, rdf::TYPE, ng::MEETING);
        b.add(&iri, rdf::TYPE, schema::EVENT);
        let kind = match m.kind {
            MeetingKind::Meeting => ng::TALKS,
            MeetingKind::PressConference => ng::PRESS_CONFERENCE,
            MeetingKind::Reception => ng::RECEPTION,
            MeetingKind::Visit => ng::VISIT,
            MeetingKind::Call => ng::PHONE_CALL,
        };
        b.add(&iri, ng::MEETING_KIND_P, kind);
        // talks where no participant is at home: CAMEO 044, meet at a third location
        let place_country = m
            .place
            .as_ref()
            .and_then(|p| ex.places.iter().find(|x| &x.id == p))
            .and_then(|p| p.country.as_deref());
        let nationalities: Vec<&str> = m
            .participants
            .iter()
            .filter_map(|p| ex.persons.iter().find(|x| &x.id == p))
            .filter_map(|p| p.country.as_deref())
            .collect();
        let third_place = m.kind == MeetingKind::Meeting
            && place_country.is_some_and(|pc| {
                !nationalities.is_empty()
                    && nationalities.len() == m.participants.len()
                    && nationalities.iter().all(|n| *n != pc)
            });
        let cameo = if third_place { "044" } else { m.kind.cameo() };
        b.add(&iri, ng::CAMEO_CODE, Literal::new_simple_literal(cameo));
        for p in m.participants.iter().filter_map(|p| person_ids.get(p)) {
            b.add(&iri, ng::PARTICIPANT, p.clone());
        }
        if let Some(h) = m.host.as_ref().and_then(|h| person_ids.get(h)) {
            b.add(&iri, ng::HOST, h.clone());
        }
        if let Some(d) = &m.date {
            b.add(&iri, schema::START_DATE, date_lit(d));
        }
        if let Some(p) = place {
            b.add(&iri, schema::LOCATION, p.clone());
        }
        b.add(&iri, schema::SUBJECT_OF, article.clone());
        for x in &m.mentions {
            mention(&mut b, &iri, x);
            if let Some(s) = sentence_iris.get(x.sentence) {
                b.add(&iri, prov::WAS_DERIVED_FROM, s.clone());
            }
        }
    }

    // claims
    for c in &ex.claims {
        let Some(speaker) = person_ids.get(&c.speaker) else {
            continue;
        };
        let key = person_keys.get(&c.speaker).map_or("", String::as_str);
        let iri = owned(minter.claim(key, &c.text));
        b.add(&iri, rdf::TYPE, schema::CLAIM);
        b.add(&iri, ng::SPEAKER, speaker.clone());
        b.add(&iri, schema::TEXT, text_lit(&c.text));
        b.add(&iri, ng::DIRECT, Literal::from(c.direct));
        b.add(&iri, ng::CAMEO_CODE, Literal::new_simple_literal("010"));
        if let Some(d) = &c.date {
            b.add(&iri, schema::DATE_CREATED, date_lit(d));
        }
        for a in &c.about {
            let target = person_ids
                .get(a)
                .or_else(|| place_ids.get(a))
                .or_else(|| org_ids.get(a))
                .cloned();
            let target = match target {
                Some(t) => t,
                None if a.len() == 2 => country_ref(&mut b, a),
                None => continue,
            };
            b.add(&iri, schema::ABOUT, target);
        }
        b.add(&iri, schema::APPEARANCE, article.clone());
        for x in &c.mentions {
            mention(&mut b, &iri, x);
            if let Some(s) = sentence_iris.get(x.sentence) {
                b.add(&iri, prov::WAS_DERIVED_FROM, s.clone());
            }
        }
    }

    // a set: the same fact found twice is one quad (the first one is kept). The set borrows
    // the quads: cloning each quad into it cost more than building them.
    let keep: Vec<bool> = {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(b.quads.len());
        b.quads.iter().map(|q| seen.insert(q.as_ref())).collect()
    };
    let mut keep = keep.into_iter();
    b.quads.retain(|_| keep.next().unwrap_or(false));
    Mapped {
        graph: article,
        quads: b.quads,
    }
}

/// Appends `quads` to `out` as N-Quads, byte for byte what oxttl's `NQuadsSerializer` writes
/// (`<s> <p> o <g> .` and a newline; literals escaped as `oxrdf` prints them), without going
/// through `fmt`: the formatting machinery cost more than extracting the article. A term this
/// writer does not know (an RDF 1.2 triple term or directional literal) is printed by `oxrdf`.
pub fn write_nquads(quads: &[Quad], out: &mut Vec<u8>) {
    use oxigraph::model::{GraphNameRef, NamedOrBlankNodeRef, TermRef};
    use std::io::Write;
    fn iri(out: &mut Vec<u8>, s: &str) {
        out.push(b'<');
        out.extend_from_slice(s.as_bytes());
        out.push(b'>');
    }
    for q in quads {
        match q.subject.as_ref() {
            NamedOrBlankNodeRef::NamedNode(n) => iri(out, n.as_str()),
            NamedOrBlankNodeRef::BlankNode(n) => {
                out.extend_from_slice(b"_:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
        }
        out.push(b' ');
        iri(out, q.predicate.as_str());
        out.push(b' ');
        match q.object.as_ref() {
            TermRef::NamedNode(n) => iri(out, n.as_str()),
            TermRef::BlankNode(n) => {
                out.extend_from_slice(b"_:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
            TermRef::Literal(l)
                if l.datatype() == xsd::STRING || l.datatype() == rdf::LANG_STRING =>
            {
                quoted(out, l.value());
                if let Some(lang) = l.language() {
                    out.push(b'@');
                    out.extend_from_slice(lang.as_bytes());
                }
            }
            TermRef::Literal(l) if l.language().is_none() => {
                quoted(out, l.value());
                out.extend_from_slice(b"^^");
                iri(out, l.datatype().as_str());
            }
            #[allow(unreachable_patterns)]
            other => {
                let _ = write!(out, "{other}");
            }
        }
        match q.graph_name.as_ref() {
            GraphNameRef::NamedNode(n) => {
                out.push(b' ');
                iri(out, n.as_str());
            }
            GraphNameRef::BlankNode(n) => {
                out.extend_from_slice(b" _:");
                out.extend_from_slice(n.as_str().as_bytes());
            }
            GraphNameRef::DefaultGraph => {}
        }
        out.extend_from_slice(b" .\n");
    }
}

/// A string literal's lexical form as `oxrdf::literal::print_quoted_str` writes it.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (escape, len): (Option<&[u8]>, usize) = match b {
            b'\x08' => (Some(b"\\b"), 1),
            b'\t' => (Some(b"\\t"), 1),
            b'\n' => (Some(b"\\n"), 1),
            b'\x0c' => (Some(b"\\f"), 1),
            b'\r' => (Some(b"\\r"), 1),
            b'"' => (Some(b"\\\""), 1),
            b'\\' => (Some(b"\\\\"), 1),
            0..=0x1f | 0x7f => (None, 1),
            // U+FFFE and U+FFFF: EF BF BE / EF BF BF
            0xef if bytes.get(i + 1) == Some(&0xbf)
                && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)) =>
            {
                (None, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            Some(e) => out.extend_from_slice(e),
            None => {
                let c = s[i..].chars().next().map_or(0, u32::from);
                out.extend_from_slice(format!("\\u{c:04X}").as_bytes());
            }
        }
        i += len;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod nquads_tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::BlankNode;

    fn oxttl(quads: &[Quad]) -> Vec<u8> {
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in quads {
            w.serialize_quad(q).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn write_nquads_is_oxttl_byte_for_byte() {
        let s = NamedNode::new_unchecked("http://e.org/s");
        let p = NamedNode::new_unchecked("http://e.org/p");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("http://e.org/g#x"));
        let b = BlankNode::new_unchecked("b0");
        let texts = [
            "plain",
            "",
            "état « ça » \"quoted\" back\\slash",
            "ctl \u{0} \u{1} \u{8} \t \n \u{b} \u{c} \r \u{1f} \u{7f} end",
            "nonchars \u{fffe}\u{ffff}\u{fffd} \u{10ffff} 日本",
        ];
        let mut quads = Vec::new();
        for t in texts {
            for o in [
                Term::from(Literal::new_simple_literal(t)),
                Literal::new_language_tagged_literal_unchecked(t, "fr").into(),
                Literal::new_typed_literal(t, xsd::DATE).into(),
                Literal::new_typed_literal(t, xsd::STRING).into(),
            ] {
                for graph in [g.clone(), GraphName::DefaultGraph, b.clone().into()] {
                    quads.push(Quad::new(s.clone(), p.clone(), o.clone(), graph.clone()));
                    quads.push(Quad::new(b.clone(), p.clone(), o.clone(), graph));
                }
            }
        }
        quads.push(Quad::new(s.clone(), p.clone(), b.clone(), g.clone()));
        quads.push(Quad::new(s.clone(), p.clone(), s.clone(), g));
        quads.push(Quad::new(
            s,
            p,
            Literal::from(true),
            GraphName::DefaultGraph,
        ));
        let mut mine = Vec::new();
        write_nquads(&quads, &mut mine);
        assert_eq!(
            String::from_utf8(mine).unwrap(),
            String::from_utf8(oxttl(&quads)).unwrap()
        );
    }
}
