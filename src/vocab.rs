//! The vocabulary jieba must keep as units: the bundled policy terms, plus an
//! optional user dictionary given to `ingest --dict FILE`, and the fingerprint
//! of the two that the index records. The jieba instance itself is `segment`'s.
//!
//! Both files hold one term per line, `term [freq [tag]]`, and `#` comment
//! lines: jieba's dictionary format with comments and an optional frequency.
//! They are loaded with jieba's own [`Jieba::load_dict`] once turned into its
//! format (comments dropped, a missing frequency replaced by the one jieba
//! suggests for the term).

use std::fmt::Write as _;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use jieba_rs::Jieba;

use crate::error::{Error, Result};

/// The bundled dictionary, one term per line (`term [freq [tag]]`).
pub const POLICY_DICT: &str = include_str!("vocab/policy_terms.txt");

/// A user dictionary's text and the fingerprint of the vocabulary with it.
struct UserDictionary {
    text: String,
    fingerprint: u64,
}

static USER_DICT: OnceLock<UserDictionary> = OnceLock::new();

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
    let fingerprint = fingerprint_of(Some(&text));
    USER_DICT
        .set(UserDictionary { text, fingerprint })
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
    let user = USER_DICT.get().map(|user| user.text.as_str());
    for dict in [Some(POLICY_DICT), user].into_iter().flatten() {
        let entries = jieba_format(jieba, dict);
        jieba
            .load_dict(&mut entries.as_bytes())
            .expect("every line written with a word and a numeric frequency");
    }
}

/// `dict` in jieba's format, `word freq [tag]` per line: comment lines dropped,
/// a missing (or unreadable) frequency replaced by the one `jieba` suggests.
fn jieba_format(jieba: &Jieba, dict: &str) -> String {
    let mut entries = String::with_capacity(dict.len());
    for line in dict.lines() {
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        if word.starts_with('#') {
            continue;
        }
        let freq = parts
            .next()
            .and_then(|f| f.parse::<usize>().ok())
            .unwrap_or_else(|| jieba.suggest_freq(word));
        let tag = parts.next().unwrap_or_default();
        // writing to a String cannot fail
        let _ = writeln!(entries, "{word} {freq} {tag}");
    }
    entries
}

/// The fingerprint of the vocabulary this process segments with: the bundled
/// terms and the user dictionary loaded, if any. Recorded in the index at every
/// commit and mixed into article hashes, so a change of dictionary re-indexes.
pub fn fingerprint() -> u64 {
    static BUNDLED: LazyLock<u64> = LazyLock::new(|| fingerprint_of(None));
    USER_DICT.get().map_or(*BUNDLED, |user| user.fingerprint)
}

/// The fingerprint of the bundled terms with `user`, the text of a user
/// dictionary, if any: a function of the dictionaries' contents only.
pub fn fingerprint_of(user: Option<&str>) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(POLICY_DICT.as_bytes());
    if let Some(user) = user {
        hasher.update(b"\0user\0");
        hasher.update(user.as_bytes());
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_terms_load_as_units_with_their_frequencies() {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut jieba_format(&jieba, POLICY_DICT).as_bytes())
            .expect("the bundled dictionary is in jieba's format once converted");
        let words: Vec<&str> = jieba
            .cut("发展新质生产力是推动高质量发展的内在要求", true)
            .into_iter()
            .map(|token| token.word)
            .collect();
        assert!(words.contains(&"新质生产力"), "{words:?}");
        assert!(words.contains(&"高质量发展"), "{words:?}");
    }

    #[test]
    fn conversion_drops_comments_and_fills_in_missing_frequencies() {
        let jieba = Jieba::new();
        let converted = jieba_format(
            &jieba,
            "# slogans\n\n科技兴赣 20000 n\n  #note 5\n兴赣\n东数西算 100\n",
        );
        let suggested = jieba.suggest_freq("兴赣");
        assert_eq!(
            converted,
            format!("科技兴赣 20000 n\n兴赣 {suggested} \n东数西算 100 \n")
        );
    }

    #[test]
    fn the_fingerprint_depends_on_the_contents_only() {
        let bundled = fingerprint_of(None);
        assert_eq!(bundled, fingerprint_of(None));
        assert_ne!(bundled, fingerprint_of(Some("")));
        assert_eq!(
            fingerprint_of(Some("科技兴赣 20000 n\n")),
            fingerprint_of(Some("科技兴赣 20000 n\n"))
        );
        assert_ne!(
            fingerprint_of(Some("科技兴赣 20000 n\n")),
            fingerprint_of(Some("科技兴赣 20001 n\n"))
        );
        // no user dictionary is loaded by the library's unit tests
        assert_eq!(fingerprint(), bundled);
    }
}
