//! The bundled policy vocabulary: terms jieba must keep as units.

use jieba_rs::Jieba;

/// The bundled dictionary, one term per line (`term [freq [tag]]`).
pub const POLICY_DICT: &str = include_str!("vocab/policy_terms.txt");

/// Adds the bundled policy terms to a jieba instance.
pub fn add_policy_terms(jieba: &mut Jieba) {
    for line in POLICY_DICT.lines() {
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        if word.starts_with('#') {
            continue;
        }
        let freq = parts.next().and_then(|f| f.parse().ok());
        let tag = parts.next();
        jieba.add_word(word, freq, tag);
    }
}

/// A fingerprint of the vocabulary in use: recorded in the index at every
/// commit and mixed into article hashes, so a change of dictionary re-indexes.
pub fn fingerprint() -> u64 {
    xxhash_rust::xxh3::xxh3_64(POLICY_DICT.as_bytes())
}
