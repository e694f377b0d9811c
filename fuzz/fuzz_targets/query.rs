//! Arbitrary text as a query (`newsgraph query --sparql TEXT`): the size and nesting guard
//! runs before the parser, and nothing it lets through may overflow the parser's stack (an
//! abort, which libFuzzer reports) or panic, with and without parameters bound.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::query;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bound) = query::bind(text, &[]) {
        // what goes to an endpoint is the query as text: it must parse again
        let sparql = bound.into_sparql().to_string();
        query::bind(&sparql, &[]).expect("a bound query prints as a query");
    }
    let _ = query::bind(text, &["x=<http://ex.org/a>".to_owned(), "y=b".to_owned()]);
});
