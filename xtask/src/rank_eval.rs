//! `cargo xtask rank-eval`: the known-item evaluation of passage ranking.
//!
//! Index: 新闻联播 2023–2025 (`xwlb_cctv/xwlb_2023…2025.jsonl`, about 74,000
//! passages), ingested once into `target/rank-eval/index` (or `--index`).
//!
//! A case: a random passage of the index, a random sentence of it (cut at
//! 。！？；, at least [`MIN_SENTENCE_CHARS`] characters), and 2 or 3 of its
//! content words — jieba nouns and verbs (tags `n…`, `v…`) of at least two
//! characters whose jieba term is in [`MIN_DF`]..=[`MAX_DF`] passages — kept in
//! the sentence's order. The query is those words separated by spaces
//! (spaced) or typed together (unspaced). The relevant hits are the passages
//! holding the sentence; the score of a query is the reciprocal rank of the
//! first of them in the top 10 (MRR@10) and whether there is one (Success@10).
//!
//! Dev and test: passages are split in two by a hash of their id. Tune on
//! `--split dev` (any seeds); score `--split test` only to report. The seed
//! comes from `--seed` or the clock, and is printed: a run is reproduced by
//! giving its seed again.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use policy_search::index::schema;
use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::query::{Engine, SearchRequest};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{Searcher, Term};

/// The years of 新闻联播 in the evaluation index.
const YEARS: [u32; 3] = [2023, 2024, 2025];
/// Fewest passages a query word must be in.
const MIN_DF: u64 = 30;
/// Most passages a query word may be in.
const MAX_DF: u64 = 3000;
/// Shortest target sentence, in characters.
const MIN_SENTENCE_CHARS: usize = 10;
/// Ranks that count.
const TOP: usize = 10;

/// Which half of the passages the cases are drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    /// The half to tune on.
    Dev,
    /// The half only scored to report.
    Test,
}

/// The options of a run.
pub struct Options {
    pub index: Option<PathBuf>,
    pub corpus: Option<PathBuf>,
    pub seed: Option<u64>,
    pub split: Split,
    pub queries: usize,
    pub show_misses: usize,
}

/// One query of the evaluation.
struct Case {
    sentence: String,
    words: Vec<String>,
}

/// Totals of one configuration.
#[derive(Default)]
struct Score {
    queries: usize,
    reciprocal_ranks: f64,
    found: usize,
    no_hit: usize,
    micros: Vec<u128>,
}

pub fn main(root: &Path, options: Options) -> Result<()> {
    let index_dir = options
        .index
        .clone()
        .unwrap_or_else(|| root.join("target/rank-eval/index"));
    let corpus = options
        .corpus
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpus/xwlb_cctv"));
    let index = open_or_build(&index_dir, &corpus)?;
    let seed = options.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let engine = Engine::new(index.clone())?;
    let searcher = index.reader()?.searcher();
    let passages = passage_addresses(&searcher, options.split)?;
    println!(
        "rank-eval: {} passages of 新闻联播 {}–{} in the {:?} half; seed {seed}; {} queries per row",
        passages.len(),
        YEARS[0],
        YEARS[YEARS.len() - 1],
        options.split,
        options.queries,
    );
    println!("| words | typed | MRR@{TOP} | Success@{TOP} | no hit | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|---|---|");
    for (round, words) in [3usize, 2].into_iter().enumerate() {
        let mut rng = Rng::new(seed ^ (round as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let cases = draw(&searcher, &passages, &mut rng, words, options.queries)?;
        for unspaced in [false, true] {
            let mut score = Score::default();
            let mut misses = 0;
            for case in &cases {
                let query = if unspaced {
                    case.words.concat()
                } else {
                    case.words.join(" ")
                };
                let started = Instant::now();
                let results = engine.search(&SearchRequest {
                    query: query.clone(),
                    limit: TOP,
                    ..SearchRequest::default()
                })?;
                score.micros.push(started.elapsed().as_micros());
                score.queries += 1;
                if results.hits.is_empty() {
                    score.no_hit += 1;
                }
                let rank = results
                    .hits
                    .iter()
                    .position(|hit| hit.text.contains(&case.sentence));
                match rank {
                    Some(rank) => {
                        score.found += 1;
                        score.reciprocal_ranks += 1.0 / (rank as f64 + 1.0);
                    }
                    None if misses < options.show_misses => {
                        misses += 1;
                        eprintln!("miss: {query} ← {}", case.sentence);
                        for hit in results.hits.iter().take(3) {
                            let text: String = hit.text.chars().take(60).collect();
                            eprintln!("    {:.2} {} | {text}", hit.score, hit.title);
                        }
                    }
                    None => {}
                }
            }
            print_row(words, unspaced, &mut score);
        }
    }
    Ok(())
}

fn print_row(words: usize, unspaced: bool, score: &mut Score) {
    let n = score.queries.max(1) as f64;
    score.micros.sort_unstable();
    let percentile = |p: f64| -> f64 {
        let at = ((score.micros.len() as f64 * p).ceil() as usize).saturating_sub(1);
        score.micros.get(at).map_or(0.0, |&us| us as f64 / 1000.0)
    };
    println!(
        "| {words} | {} | {:.3} | {:.2} | {:.1} % | {:.1} | {:.1} |",
        if unspaced { "unspaced" } else { "spaced" },
        score.reciprocal_ranks / n,
        score.found as f64 / n,
        100.0 * score.no_hit as f64 / n,
        percentile(0.5),
        percentile(0.99),
    );
}

/// The evaluation index, ingested from the 新闻联播 years when missing.
fn open_or_build(index_dir: &Path, corpus: &Path) -> Result<SearchIndex> {
    if index_dir.join("meta.json").exists() {
        return Ok(SearchIndex::open(index_dir)?);
    }
    let inputs: Vec<PathBuf> = YEARS
        .iter()
        .map(|year| corpus.join(format!("xwlb_{year}.jsonl")))
        .collect();
    for input in &inputs {
        if !input.is_file() {
            bail!(
                "{} is missing: rank-eval needs the 新闻联播 corpus (give --corpus DIR)",
                input.display()
            );
        }
    }
    eprintln!("rank-eval: building {} …", index_dir.display());
    let index = SearchIndex::open_or_create(index_dir)?;
    let report = ingest(&index, &inputs, &IngestOptions::default(), &|_| {})?;
    eprintln!(
        "rank-eval: {} articles, {} passages",
        report.articles_new, report.passages
    );
    Ok(index)
}

/// The passages of one half, in the order of their ids.
fn passage_addresses(searcher: &Searcher, split: Split) -> Result<Vec<tantivy::DocAddress>> {
    let schema = searcher.schema();
    let kind = schema.get_field(schema::KIND)?;
    let passage_id = schema.get_field(schema::PASSAGE_ID)?;
    let query = TermQuery::new(
        Term::from_field_text(kind, schema::KIND_PASSAGE),
        IndexRecordOption::Basic,
    );
    let addresses: Vec<_> = searcher
        .search(&query, &DocSetCollector)?
        .into_iter()
        .collect();
    let mut half = Vec::with_capacity(addresses.len() / 2 + 1);
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc
            .get_first(passage_id)
            .and_then(|v| v.as_str())
            .context("a passage without an id")?;
        let in_test = fnv1a(id.as_bytes()) % 2 == 1;
        if in_test == (split == Split::Test) {
            half.push((id.to_string(), address));
        }
    }
    // in the order of their ids, so that a seed draws the same cases from
    // any index of the same articles, however they fell into segments
    half.sort_unstable();
    Ok(half.into_iter().map(|(_, address)| address).collect())
}

/// `count` cases of `words` words each.
fn draw(
    searcher: &Searcher,
    passages: &[tantivy::DocAddress],
    rng: &mut Rng,
    words: usize,
    count: usize,
) -> Result<Vec<Case>> {
    let schema = searcher.schema();
    let body = schema.get_field(schema::BODY)?;
    let jieba = policy_search::segment::jieba();
    let mut cases = Vec::with_capacity(count);
    let mut attempts = 0;
    while cases.len() < count {
        attempts += 1;
        if attempts > count * 200 {
            bail!("too few passages with {words} content words in a sentence");
        }
        let address = passages[rng.below(passages.len())];
        let doc: TantivyDocument = searcher.doc(address)?;
        let Some(text) = doc.get_first(body).and_then(|v| v.as_str()) else {
            continue;
        };
        let sentences: Vec<&str> = text
            .split(['。', '！', '？', '；'])
            .map(str::trim)
            .filter(|s| s.chars().count() >= MIN_SENTENCE_CHARS)
            .collect();
        if sentences.is_empty() {
            continue;
        }
        let sentence = sentences[rng.below(sentences.len())];
        let mut seen = HashSet::new();
        let mut content: Vec<String> = Vec::new();
        for tag in jieba.tag(sentence, true) {
            let word = tag.word;
            if !(tag.tag.starts_with('n') || tag.tag.starts_with('v'))
                || word.chars().count() < 2
                || !word.chars().all(char::is_alphanumeric)
                || !seen.insert(word.to_string())
            {
                continue;
            }
            let folded = policy_search::normalize::fold(word);
            let df = searcher.doc_freq(&Term::from_field_text(body, &folded))?;
            if (MIN_DF..=MAX_DF).contains(&df) {
                content.push(word.to_string());
            }
        }
        if content.len() < words {
            continue;
        }
        // `words` of them at random, in the sentence's order
        let mut picked: Vec<usize> = (0..content.len()).collect();
        for i in 0..words {
            let j = i + rng.below(picked.len() - i);
            picked.swap(i, j);
        }
        picked.truncate(words);
        picked.sort_unstable();
        cases.push(Case {
            sentence: sentence.to_string(),
            words: picked.into_iter().map(|i| content[i].clone()).collect(),
        });
    }
    Ok(cases)
}

/// FNV-1a: a stable hash of a passage id, for the dev/test split.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// splitmix64: a seeded generator, the same draws for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
