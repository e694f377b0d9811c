//! Arbitrary bytes through the article stages: decode → clean and split → extract (fr, en and
//! detected) → map to quads → N-Quads → Oxigraph's parser. Nothing may panic, every span must
//! lie in the text, and the N-Quads must re-parse into the same quads.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use newsgraph::article::{decode, Document};
use newsgraph::lexicon::Lexicon;
use newsgraph::model::Extraction;
use newsgraph::{extract_article, map, ArticleOptions};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::Quad;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let chars = text.chars().count();
    let doc = Document::new(text, Lexicon::get());
    for (i, s) in doc.sentences.iter().enumerate() {
        assert!(s.start <= s.end && s.end <= doc.norm.len());
        let _ = doc.sentence_text(i);
        let (a, b) = doc.orig_span(s.start, s.end);
        assert!(
            a <= b && b <= chars,
            "sentence {i} span {a}..{b} of {chars} chars"
        );
        let _ = doc.orig_text(a, b);
    }
    for lang in [Some("fr"), Some("en"), None] {
        let opts = ArticleOptions {
            lang: lang.map(str::to_owned),
            published: chrono::NaiveDate::from_ymd_opt(2020, 6, 10),
            ..Default::default()
        };
        let ex = extract_article(data, &opts).expect("decoded above, so it extracts");
        // the model round-trips through its JSON format (what `build` accepts back)
        let back = Extraction::from_json(&ex.to_json()).expect("own JSON reads back");
        assert_eq!(back, ex);
        let mapped = map::map(&ex, &opts.minter);
        let mut nq = Vec::new();
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut nq);
        for q in &mapped.to_quads() {
            w.serialize_quad(q).expect("serialize to memory");
        }
        w.finish().expect("serialize to memory");
        let parsed: HashSet<Quad> = RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&nq)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("N-Quads do not re-parse: {e}"));
        let quads: HashSet<Quad> = mapped.to_quads().into_iter().collect();
        assert_eq!(parsed, quads);
    }
});
