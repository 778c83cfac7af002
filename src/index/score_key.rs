//! A passage's score key: one 64-bit hash over everything of the passage
//! that a search's score of it reads, stored at ingest in the
//! [`super::schema::SCORE_KEY`] column.
//!
//! What a ranked search scores of a passage (`query::build`, `query::prune`):
//! the recall index's exact matches and the proximity of the query's words
//! (the characters of the body), the BM25 of its jieba words (their presence
//! and the body's length, cut from the body), the title's BM25 when the
//! passage is its article's lead passage (the only passage the title is
//! indexed on), and the BM25 of the filters that score: province, speaker,
//! role (their values and their number). Every statistic beside them is the
//! whole index's (document frequencies, average lengths, the number of
//! documents), the same for every passage of one search; the day only
//! decides whether a passage is in a range (whose constant score is the
//! same for all). So two passages with one key score the same for every
//! query, wherever they lie: reprints of a text (news repeated, the copies
//! of an archive) are scored once per search (`query::prune`).
//!
//! Each part is hashed with its length, so that no two different lists of
//! parts hash the same bytes. 64 bits: among the few thousand passages one
//! search scores, a collision is a chance of one in about 10^12.

use xxhash_rust::xxh3::Xxh3;

/// The score key of a passage: its body text as stored, its article's title
/// when it is the lead passage (`None` otherwise), and the values of its
/// province, speaker and role fields, in the order indexed.
pub fn score_key<'a>(
    body: &str,
    title: Option<&str>,
    provinces: impl IntoIterator<Item = &'a str>,
    speakers: impl IntoIterator<Item = &'a str>,
    roles: impl IntoIterator<Item = &'a str>,
) -> u64 {
    let mut hasher = Xxh3::new();
    let mut part = |tag: u8, text: &str| {
        hasher.update(&[tag]);
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    part(b'b', body);
    if let Some(title) = title {
        part(b't', title);
    }
    for province in provinces {
        part(b'p', province);
    }
    for speaker in speakers {
        part(b's', speaker);
    }
    for role in roles {
        part(b'r', role);
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: [&str; 0] = [];

    #[test]
    fn every_part_counts() {
        let body = "推动高质量发展";
        let plain = score_key(body, None, NONE, NONE, NONE);
        assert_eq!(plain, score_key(body, None, NONE, NONE, NONE));
        assert_ne!(plain, score_key("推动高质量发展。", None, NONE, NONE, NONE));
        assert_ne!(plain, score_key(body, Some(""), NONE, NONE, NONE));
        assert_ne!(plain, score_key(body, None, ["湖北"], NONE, NONE));
        assert_ne!(plain, score_key(body, None, NONE, ["张三"], NONE));
        assert_ne!(plain, score_key(body, None, NONE, NONE, ["deputy"]));
        // a value is not another field's, nor two values one
        assert_ne!(
            score_key(body, None, ["湖北"], NONE, NONE),
            score_key(body, None, NONE, ["湖北"], NONE)
        );
        assert_ne!(
            score_key(body, None, ["湖北", "湖南"], NONE, NONE),
            score_key(body, None, ["湖北湖南"], NONE, NONE)
        );
    }
}
