//! Integration tests: one binary, modules per concern.

mod cli;
mod corpus;
mod crash;
mod endpoint;
mod example;
mod fuzz;
mod hostile;
mod props;
mod resolve;
mod rules;

use std::path::{Path, PathBuf};

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("newsgraph").unwrap()
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/damascus-2019-03-18.txt")
}

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The store's N-Quads export.
pub fn nquads(store: &Path) -> String {
    let out = bin()
        .args(["export", "--format", "nquads", "--store"])
        .arg(store)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
