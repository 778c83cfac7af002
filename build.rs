//! Build script: the fingerprint of the annotation rules.
//!
//! What an article becomes in the index depends on its text and on the rules
//! that split and annotate it (`split`, `extract`, `annotate`, `dedup`, and
//! the folding of `normalize`). The
//! fingerprint of those sources (tests left out) is compiled in as
//! `POLICY_SEARCH_RULES`, mixed into every article's hash and recorded at
//! every commit: after an upgrade that changes the rules, articles read again
//! are annotated again instead of being skipped as unchanged.

use std::path::{Path, PathBuf};

const RULE_SOURCES: &[&str] = &[
    "src/split",
    "src/extract",
    "src/annotate.rs",
    "src/dedup.rs",
    "src/normalize.rs",
    "src/vocab/t2s.txt",
];

fn main() {
    let mut files = Vec::new();
    for root in RULE_SOURCES {
        println!("cargo:rerun-if-changed={root}");
        collect(Path::new(root), &mut files);
    }
    files.sort();
    // FNV-1a over each file's path and contents: the same on every machine
    // and with every compiler
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let contents =
            std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let name = file.to_string_lossy().replace('\\', "/");
        for byte in name.bytes().chain([0]).chain(contents).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=POLICY_SEARCH_RULES={hash:016x}");
}

/// The files under `path` (or `path` itself), without tests.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    let is_test = path
        .file_name()
        .is_some_and(|n| n == "tests" || n == "tests.rs");
    if is_test {
        return;
    }
    if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    } else {
        files.push(path.to_path_buf());
    }
}
