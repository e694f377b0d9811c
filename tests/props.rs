//! Properties: for any text, extraction does not panic and the mapped graph round-trips
//! through Turtle and N-Quads; building twice equals building once.

use std::collections::HashSet;

use newsgraph::iri::Minter;
use newsgraph::{extract_article, map, ArticleOptions};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{Quad, Triple};
use proptest::prelude::*;

/// Fragments that look like news text, so that random combinations reach the rules.
const FRAGMENTS: &[&str] = &[
    "Le président",
    "le général",
    "la ministre",
    "M.",
    "Mr",
    "Prime Minister",
    "Jean Dupont",
    "Ali Haddad",
    "Sarah Collins",
    "Dupont",
    "a déclaré que",
    "a reçu",
    "s'est entretenu avec",
    "said",
    "met",
    "held talks with",
    "«",
    "»",
    "“",
    "”",
    "\"",
    ",",
    ".",
    ":",
    "à Paris",
    "in Lima",
    "lundi",
    "hier",
    "18 mars 2019",
    "July 9, 2022",
    "syrien",
    "Iranians",
    "Il a ajouté que",
    "He said",
    "selon",
    "according to",
    "conférence de presse",
    "phone call",
    "doit rencontrer",
    "\n",
    "\r\n",
    "é",
    "\u{301}",
    "😀",
    "<>{}|\\^`",
    "\u{0}",
    "\u{202e}",
    "’",
    "Leave a Reply",
    "al-",
    "Al-",
    "-",
    "'s",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned), 1 => ".{0,12}"],
        0..60,
    )
    .prop_map(|v| v.join(" "))
}

/// `quads` as oxttl's N-Quads serializer writes them.
fn oxttl_nquads(quads: &[Quad]) -> String {
    let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for q in quads {
        w.serialize_quad(q).unwrap();
    }
    String::from_utf8(w.finish().unwrap()).unwrap()
}

fn roundtrip(quads: &[Quad]) {
    crate::assert_nquads_round_trip(quads);
    // Turtle (one graph: the triples)
    let mut ttl = Vec::new();
    let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
    for (p, ns) in newsgraph::export::prefixes(&Minter::default()) {
        ser = ser.with_prefix(p, ns).unwrap();
    }
    let mut w = ser.for_writer(&mut ttl);
    for q in quads {
        w.serialize_triple(Triple::from(q.clone()).as_ref())
            .unwrap();
    }
    w.finish().unwrap();
    let back: HashSet<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ttl)
        .map(|q| Triple::from(q.unwrap()))
        .collect();
    assert_eq!(
        back,
        quads
            .iter()
            .cloned()
            .map(Triple::from)
            .collect::<HashSet<_>>()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn any_text_extracts_without_panic_and_round_trips(text in news_like()) {
        let opts = ArticleOptions { published: chrono::NaiveDate::from_ymd_opt(2020, 6, 10), ..Default::default() };
        if let Ok(ex) = extract_article(text.as_bytes(), &opts) {
            // the model round-trips through its JSON format
            let back = newsgraph::model::Extraction::from_json(&ex.to_json()).unwrap();
            prop_assert_eq!(&back, &ex);
            let mapped = map::map(&ex, &opts.minter);
            roundtrip(&mapped.to_quads());
            // newsgraph's own N-Quads writer (`extract --format nquads`) writes what oxttl does
            let mut mine = Vec::new();
            mapped.write_nquads(&mut mine);
            prop_assert_eq!(String::from_utf8(mine).unwrap(), oxttl_nquads(&mapped.to_quads()));
        }
    }

    #[test]
    fn the_nquads_writer_writes_any_literal_as_oxttl_does(
        value in any::<String>(),
        lang in prop::sample::select(&["fr", "en-GB", "zh-Hant-TW"][..]),
    ) {
        use oxigraph::model::vocab::xsd;
        use oxigraph::model::{GraphName, Literal, NamedNode};
        let s = NamedNode::new_unchecked("https://w3id.org/newsgraph/id/person/x");
        let p = NamedNode::new_unchecked("http://schema.org/name");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("https://w3id.org/newsgraph/id/article/a"));
        let quads: Vec<Quad> = [
            Literal::new_simple_literal(value.as_str()),
            Literal::new_language_tagged_literal_unchecked(value.as_str(), lang),
            Literal::new_typed_literal(value.as_str(), xsd::DATE),
        ]
        .into_iter()
        .map(|o| Quad::new(s.clone(), p.clone(), o, g.clone()))
        .collect();
        let mut mine = Vec::new();
        map::write_nquads(&quads, &mut mine);
        prop_assert_eq!(String::from_utf8(mine).unwrap(), oxttl_nquads(&quads));
    }

    #[test]
    fn any_unicode_extracts_without_panic(text in "\\PC{0,300}") {
        let _ = extract_article(text.as_bytes(), &ArticleOptions::default());
    }

    #[test]
    fn any_bytes_are_refused_or_read(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = extract_article(&bytes, &ArticleOptions::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn building_twice_equals_building_once(text in news_like()) {
        let opts = ArticleOptions::default();
        let Ok(ex) = extract_article(text.as_bytes(), &opts) else { return Ok(()) };
        let mapped = map::map(&ex, &opts.minter);
        let dir = tempfile::tempdir().unwrap();
        let store = newsgraph::store::GraphStore::open(&dir.path().join("s")).unwrap();
        store.replace_graph(&mapped.graph, mapped.quads()).unwrap();
        let once: HashSet<Quad> = store.store.iter().map(Result::unwrap).collect();
        store.replace_graph(&mapped.graph, mapped.quads()).unwrap();
        let twice: HashSet<Quad> = store.store.iter().map(Result::unwrap).collect();
        prop_assert_eq!(once.len(), store.len().unwrap());
        prop_assert_eq!(once, twice);
    }
}
