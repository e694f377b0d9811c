//! Arbitrary bytes as a `*.extraction.json` file (`Extraction::from_json`, the curation loop's
//! reader). Nothing may panic; what it accepts must map to quads that serialize as N-Quads and
//! parse back the same (every IRI valid, no forged line), and whose article graph is neither
//! a reserved graph nor longer than the IRI cap.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::iri::{Minter, MAX_IRI_BYTES};
use newsgraph::map;
use newsgraph::model::Extraction;
use oxigraph::io::{RdfFormat, RdfParser};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ex) = Extraction::from_json(text) else {
        return;
    };
    assert!(ex.article.iri.len() <= MAX_IRI_BYTES);
    assert!(!ex.article.iri.starts_with(newsgraph::vocab::ng::NS));
    let mapped = map::map(&ex, &Minter::default());
    let quads: Vec<_> = mapped.quads().map(|q| q.into_owned()).collect();
    let mut nq = Vec::new();
    mapped.write_nquads(&mut nq);
    let back: Vec<_> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&nq)
        .collect::<Result<_, _>>()
        .expect("the N-Quads of an accepted extraction parse");
    let set = |v: &[oxigraph::model::Quad]| v.iter().cloned().collect::<std::collections::HashSet<_>>();
    assert_eq!(set(&back), set(&quads));
    // the model round-trips through its JSON
    assert_eq!(Extraction::from_json(&ex.to_json()).expect("its own JSON reads back"), ex);
});
