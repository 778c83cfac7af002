//! The vocabulary jieba must keep as units: the bundled policy terms, plus an
//! optional user dictionary given to `ingest --dict FILE`.

use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::error::{Error, Result};

/// The bundled dictionary, one term per line (`term [freq [tag]]`).
pub const POLICY_DICT: &str = include_str!("vocab/policy_terms.txt");

static USER_DICT: OnceLock<String> = OnceLock::new();

/// Largest user dictionary accepted, in bytes (jieba's own dictionary is 5 MB).
pub const MAX_USER_DICT_BYTES: u64 = 64 << 20;

/// Loads a user dictionary (same format as the bundled one) for this process.
/// Must be called before any text is segmented; a second call is an error.
/// Only a regular file of at most [`MAX_USER_DICT_BYTES`] is read: a FIFO
/// would block and `/dev/zero` would never end.
pub fn load_user_dictionary(path: &Path) -> Result<()> {
    let text = read_user_dictionary(path)?;
    for (n, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        if let (Some(_), Some(freq)) = (parts.next(), parts.next()) {
            if !line.trim_start().starts_with('#') && freq.parse::<usize>().is_err() {
                return Err(Error::bad_input(
                    path,
                    Some(n + 1),
                    format!("frequency '{freq}' is not a number (format: term [freq [tag]])"),
                ));
            }
        }
    }
    USER_DICT
        .set(text)
        .map_err(|_| Error::Argument("a user dictionary is already loaded".into()))
}

fn read_user_dictionary(path: &Path) -> Result<String> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let refuse = |reason: String| Err(Error::bad_input(path, None, reason));
    // judged before opening: opening a FIFO blocks until a writer comes
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return refuse("a dictionary must be a regular file".into());
    }
    if metadata.len() > MAX_USER_DICT_BYTES {
        return refuse(format!(
            "a dictionary must be at most {} MB",
            MAX_USER_DICT_BYTES >> 20
        ));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_USER_DICT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_USER_DICT_BYTES {
        return refuse(format!(
            "a dictionary must be at most {} MB",
            MAX_USER_DICT_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).or_else(|_| refuse("a dictionary must be UTF-8 text".into()))
}

/// Adds the bundled terms and the user dictionary (if any) to a jieba instance.
pub fn add_policy_terms(jieba: &mut Jieba) {
    for dict in [Some(POLICY_DICT), USER_DICT.get().map(String::as_str)]
        .into_iter()
        .flatten()
    {
        for line in dict.lines() {
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
}

/// A fingerprint of the vocabulary in use: recorded in the index at every
/// commit and mixed into article hashes, so a change of dictionary re-indexes.
pub fn fingerprint() -> u64 {
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(POLICY_DICT.as_bytes());
        if let Some(user) = USER_DICT.get() {
            hasher.update(b"\0user\0");
            hasher.update(user.as_bytes());
        }
        hasher.digest()
    })
}
