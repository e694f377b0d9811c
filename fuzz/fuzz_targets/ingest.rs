//! Arbitrary bytes as a JSON Lines feed and as a `NAME.meta.json` sidecar, through the public
//! readers (`ingest::jsonl_records`, `ingest::extraction_of`, `ingest::with_sidecar`). Nothing
//! may panic; every JSON Lines error names `FILE:LINE` with the right line, and every sidecar
//! error names the sidecar.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::ingest::{extraction_of, jsonl_records, with_sidecar, Input};
use newsgraph::{map, ArticleOptions};

/// A directory of this process for the files the readers open (tmpfs when there is one).
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("newsgraph-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let opts = ArticleOptions::default();

    // JSON Lines
    let feed = dir().join("feed.jsonl");
    std::fs::write(&feed, data).unwrap();
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    let prefix = format!("{}:", feed.display());
    for r in jsonl_records(&feed).expect("the file exists") {
        match r {
            Ok(input) => {
                let Input::Record(_, line, ref text) = input else {
                    panic!("a JSON Lines source gives records")
                };
                // the record is the line it names (without its line ending)
                let raw = lines[line - 1];
                let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                assert_eq!(text.as_bytes(), raw, "line {line}");
                let name = input.name();
                assert_eq!(name, format!("{prefix}{line}"));
                match extraction_of(&input, &opts) {
                    Ok(ex) => {
                        let _ = map::map(&ex, &opts.minter);
                    }
                    Err(e) => {
                        assert!(e.starts_with(&format!("{name}: ")), "{e}");
                        assert!(!e.contains('\n'), "not one line: {e}");
                    }
                }
            }
            Err(e) => {
                let e = e.to_string();
                assert!(e.starts_with(&prefix), "{e}");
                let line: usize = e[prefix.len()..]
                    .split(':')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("no line number: {e}"));
                assert!(line >= 1 && line <= lines.len(), "{e}");
            }
        }
    }

    // the sidecar of a.txt
    let meta = dir().join("a.meta.json");
    std::fs::write(&meta, data).unwrap();
    match with_sidecar(&dir().join("a.txt"), &opts) {
        Ok(o) => {
            if let Some(u) = &o.url {
                newsgraph::iri::validate(u).expect("a sidecar URL is a valid IRI");
            }
            assert!(matches!(o.lang.as_deref(), None | Some("fr" | "en")));
        }
        Err(e) => {
            let e = e.to_string();
            assert!(e.starts_with(&format!("{}: ", meta.display())), "{e}");
            assert!(!e.contains('\n'), "not one line: {e}");
        }
    }
});
