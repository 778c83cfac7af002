//! Fuzz targets, as property tests: every stage that reads outside data
//! never panics, whatever the bytes. cargo-fuzz needs a nightly compiler;
//! proptest runs on stable, shrinks what it finds, and keeps it.
//!
//! Targets: `decode` (bytes of each file kind), `split` and `extract` (any
//! text), the query (parsed, then run on an index of the seed article), and
//! the recall reader (random bytes, and a real recall file mutated, with and
//! without its checksums made to fit again).
//!
//! Each target runs `FUZZ_CASES` cases (256 by default: a few seconds in a
//! debug build) and stops early after `FUZZ_SECONDS` (30): `cargo test --test
//! fuzz` in the test suite, `.ci/fuzz.sh` for a longer run. An input that
//! fails is shrunk and its seed kept in `fuzz/regressions/<target>.txt`,
//! which every later run replays first; commit that file with the fix.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use policy_search::annotate::annotate;
use policy_search::decode::decode_file;
use policy_search::extract::quote::extract_quotes;
use policy_search::index::recall::tokens::{OPEN_AFTER, OPEN_BEFORE};
use policy_search::index::recall::{verify_bytes, RecallSegment, TermCursor};
use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::model::Article;
use policy_search::query::{parse, Engine, SearchRequest};
use policy_search::split::split;

const SEED_ARTICLE: &str = "index_data/samples/lianghui_2024_xinzhi_shengchanli.txt";

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// The cases of a target, its failures kept in `fuzz/regressions/<file>`.
fn config(regressions: &'static str) -> Config {
    Config {
        cases: env_number("FUZZ_CASES", 256) as u32,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

/// Whether a target has run for its `FUZZ_SECONDS`; the cases left then
/// pass at once.
fn out_of_time(started: &OnceLock<Instant>) -> bool {
    let budget = Duration::from_secs(env_number("FUZZ_SECONDS", 30));
    started.get_or_init(Instant::now).elapsed() > budget
}

/// Text made of what the parsers look at: Chinese, quotes and brackets of
/// both widths, JSON and HTML punctuation, line ends, controls, and any
/// character at all.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("“".to_string()),
        Just("”".to_string()),
        Just("「".to_string()),
        Just("」".to_string()),
        Just("【湖北】".to_string()),
        Just("全国人大代表、".to_string()),
        Just("全国政协委员".to_string()),
        Just("表示：".to_string()),
        Just("说，".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\"".to_string()),
        Just("-".to_string()),
        Just(" OR ".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("{\"title\":\"".to_string()),
        Just("\",\"body\":\"".to_string()),
        Just("\\ud800".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{1b}[2J".to_string()),
        "[新质生产力发展改革湖北省马强，。！？：；、 　a-z0-9]{1,12}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

/// Bytes: random, or the UTF-8, UTF-16 or GB18030 encoding of [`text`].
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        text().prop_map(String::into_bytes),
        text().prop_map(|text| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }),
        text().prop_map(|text| encoding_rs::GB18030.encode(&text).0.into_owned()),
    ]
}

fn article(body: String) -> Article {
    Article {
        id: "fuzz".to_string(),
        title: "fuzz".to_string(),
        body,
        date: None,
        source: "fuzz.txt".to_string(),
        line: None,
        url: None,
        province: None,
    }
}

// ------------------------------------------------------ decode, split, extract

static DECODE: OnceLock<Instant> = OnceLock::new();
static SPLIT: OnceLock<Instant> = OnceLock::new();
static EXTRACT: OnceLock<Instant> = OnceLock::new();
static QUERY: OnceLock<Instant> = OnceLock::new();
static RECALL_RANDOM: OnceLock<Instant> = OnceLock::new();
static RECALL_MUTATED: OnceLock<Instant> = OnceLock::new();

proptest! {
    #![proptest_config(config("fuzz/regressions/decode.txt"))]
    #[test]
    fn decode(bytes in bytes()) {
        if out_of_time(&DECODE) {
            return Ok(());
        }
        for name in ["a.txt", "a.md", "a.jsonl", "a.html"] {
            let decoded = decode_file(Path::new(name), &bytes);
            for article in &decoded.articles {
                // what ingest does next with each article
                annotate(article);
            }
        }
    }
}

proptest! {
    #![proptest_config(config("fuzz/regressions/split.txt"))]
    #[test]
    fn split_covers_the_text(text in text()) {
        if out_of_time(&SPLIT) {
            return Ok(());
        }
        for span in split(&text) {
            prop_assert!(text.get(span.range.clone()).is_some(), "{:?}", span.range);
        }
    }
}

proptest! {
    #![proptest_config(config("fuzz/regressions/extract.txt"))]
    #[test]
    fn extract_quotes_points_into_the_text(text in text()) {
        if out_of_time(&EXTRACT) {
            return Ok(());
        }
        for quote in extract_quotes(&text) {
            prop_assert_eq!(text.get(quote.start..quote.end), Some(quote.text.as_str()));
        }
        let annotated = annotate(&article(text.clone()));
        for passage in &annotated.passages {
            prop_assert!(text.get(passage.start..passage.end).is_some());
        }
    }
}

// ------------------------------------------------------ the query

/// The seed article indexed in memory.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let index = SearchIndex::in_ram().expect("an index in memory");
        let report = ingest(
            &index,
            &[repo(SEED_ARTICLE)],
            &IngestOptions::default(),
            &|_| {},
        )
        .expect("ingest the seed article");
        assert_eq!(report.articles_new, 1);
        Engine::new(index).expect("an engine")
    })
}

proptest! {
    #![proptest_config(config("fuzz/regressions/query.txt"))]
    #[test]
    fn query(query in text(), facets in any::<bool>(), collapse in any::<bool>()) {
        if out_of_time(&QUERY) {
            return Ok(());
        }
        if parse(&query).is_ok() {
            // an answer or an error, never a panic
            let _ = engine().search(&SearchRequest {
                query,
                facets,
                collapse,
                ..SearchRequest::default()
            });
        }
    }
}

// ------------------------------------------------------ the recall reader

/// The content of the recall file of an index of the seed article (without
/// tantivy's footer: its JSON, the JSON's length, magic 1337).
fn real_recall_file() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = SearchIndex::open_or_create(dir.path()).expect("create an index");
        ingest(
            &index,
            &[repo(SEED_ARTICLE)],
            &IngestOptions {
                jobs: 1,
                ..IngestOptions::default()
            },
            &|_| {},
        )
        .expect("ingest the seed article");
        let file = std::fs::read_dir(dir.path())
            .expect("index folder")
            .map(|entry| entry.expect("entry").path())
            .find(|path| path.extension().is_some_and(|e| e == "rcl"))
            .expect("a recall file");
        let data = std::fs::read(file).expect("read the recall file");
        let n = data.len();
        let json = u32::from_le_bytes(data[n - 8..n - 4].try_into().expect("4 bytes")) as usize;
        let content = data[..n - 8 - json].to_vec();
        verify_bytes(content.clone(), MAX_DOC).expect("the real file verifies");
        content
    })
}

/// Documents of the segment the fuzzed files claim (more than the seed's).
const MAX_DOC: u32 = 1 << 12;

/// Makes the checksums of a version-3 file fit its bytes again, where its
/// table can be read: the decoder then meets the mutated postings.
fn reseal(data: &mut [u8]) {
    let n = data.len();
    if n < 24 {
        return;
    }
    let u32_at =
        |data: &[u8], at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap_or([0; 4]));
    let u64_at =
        |data: &[u8], at: usize| u64::from_le_bytes(data[at..at + 8].try_into().unwrap_or([0; 8]));
    let terms = u32_at(data, n - 24) as usize;
    let table = u64_at(data, n - 20) as usize;
    if table.checked_add(terms.saturating_mul(44)) != Some(n - 24) {
        return;
    }
    for i in 0..terms {
        let at = table + 44 * i;
        let (start, end) = (
            u64_at(data, at + 8) as usize,
            u64_at(data, at + 32) as usize,
        );
        if start <= end && end <= table {
            let crc = crc32fast::hash(&data[start..end]);
            data[at + 40..at + 44].copy_from_slice(&crc.to_le_bytes());
        }
    }
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&data[table..n - 24]);
    hasher.update(&data[n - 24..n - 12]);
    let crc = hasher.finalize();
    data[n - 12..n - 8].copy_from_slice(&crc.to_le_bytes());
}

/// Opens `data` as a recall file and, when it opens, reads it every way a
/// query does: each term's list walked, seeked and its positions read, and
/// each character through the lists of its pairs.
fn read_every_way(data: Vec<u8>) -> Result<(), String> {
    let whole = verify_bytes(data.clone(), MAX_DOC);
    let segment = RecallSegment::from_content(data, MAX_DOC)?;
    let keys: Vec<u32> = segment.keys().collect();
    let mut positions = Vec::new();
    for &key in &keys {
        let Ok(Some(postings)) = segment.postings(key) else {
            continue;
        };
        let mut cursor = postings.clone().cursor();
        let mut previous = None;
        while cursor.doc() != tantivy::TERMINATED {
            assert!(cursor.doc() < MAX_DOC);
            assert!(previous < Some(cursor.doc()), "documents out of order");
            previous = Some(cursor.doc());
            positions.clear();
            cursor.positions(&mut positions);
            cursor.advance();
        }
        let mut seeking = postings.cursor();
        let mut target = 0;
        while seeking.seek(target) != tantivy::TERMINATED {
            target = seeking.doc() + 3;
        }
        // a character's own list merged with its pairs', both ends open
        if let Some(mut any) = TermCursor::open(&segment, key | OPEN_BEFORE | OPEN_AFTER)
            .ok()
            .flatten()
        {
            while any.doc() != tantivy::TERMINATED {
                positions.clear();
                any.positions(&mut positions);
                any.advance();
            }
        }
    }
    whole
}

proptest! {
    #![proptest_config(config("fuzz/regressions/recall_random.txt"))]
    #[test]
    fn recall_random_bytes(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        terms in 0u32..8,
        version in 1u32..5,
        table_back in 0usize..400,
        seal in any::<bool>(),
    ) {
        if out_of_time(&RECALL_RANDOM) {
            return Ok(());
        }
        // a footer that gets the reader past its first checks
        let mut data = body;
        let table_at = data.len().saturating_sub(table_back) as u64;
        data.extend_from_slice(&terms.to_le_bytes());
        data.extend_from_slice(&table_at.to_le_bytes());
        if version >= 3 {
            data.extend_from_slice(&0u32.to_le_bytes());
        }
        data.extend_from_slice(&version.to_le_bytes());
        data.extend_from_slice(&0x5053_5243u32.to_le_bytes());
        if seal {
            reseal(&mut data);
        }
        let _ = read_every_way(data);
    }
}

proptest! {
    #![proptest_config(config("fuzz/regressions/recall_mutated.txt"))]
    #[test]
    fn recall_mutated_file(
        changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::weighted(0.1, any::<prop::sample::Index>()),
        seal in any::<bool>(),
    ) {
        if out_of_time(&RECALL_MUTATED) {
            return Ok(());
        }
        let original = real_recall_file();
        let mut data = original.to_vec();
        for (at, byte) in &changes {
            let at = at.index(data.len());
            data[at] = *byte;
        }
        if let Some(cut) = cut {
            data.truncate(cut.index(data.len()));
        }
        let changed = data.as_slice() != original;
        // a change of the version can make the file one of an older layout,
        // which has no checksums
        let version_kept = data.len() == original.len()
            && data[data.len() - 8..data.len() - 4] == original[original.len() - 8..original.len() - 4];
        if seal {
            reseal(&mut data);
        }
        let read = read_every_way(data);
        if changed && !seal && version_kept {
            // every byte of a version-3 file is under a checksum
            prop_assert!(read.is_err(), "a change went unnoticed");
        }
    }
}
