//! The attribution evaluation: speakers and quotes of 503 新闻联播 items
//! labelled by reading (`tests/eval/attribution/`, see its README), scored per
//! split.
//!
//! The bodies are read from `../shared/corpus/xwlb_cctv/` by file and id; the
//! test fails loudly when the corpus is missing. For each split it prints
//! speaker precision and recall (over the name sets of each article), quote
//! recall (a labelled quote is found when a quote extracted for its speaker
//! contains the labelled substring), role accuracy (of the labelled speakers
//! found), province accuracy (of the quotes given to a labelled speaker, as
//! ingest annotates the article: the province labelled, or none where the
//! text states none) and the recall of each form of attribution. The misses of **dev** are
//! printed to be read; of **test** only the aggregate figures and the count of
//! misses per form are printed: nobody reads its errors. It fails when test
//! falls below `FLOOR`, or dev below `DEV_FLOOR`.
//!
//! Run: `cargo test --release --test attribution_eval -- --include-ignored --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use policy_search::annotate::annotate;
use policy_search::model::{Article, Quote, Role};
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldSpeaker {
    name: String,
    role: String,
    /// the province the text states for the speaker, if any
    province: Option<String>,
}

#[derive(Deserialize)]
struct GoldQuote {
    speaker: String,
    contains: String,
    form: String,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    file: String,
    date: String,
    split: String,
    speakers: Vec<GoldSpeaker>,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct CorpusLine {
    id: String,
    title: String,
    body: String,
}

/// `shared/corpus` in the nearest folder above the repository that has one
/// (`../shared/corpus` of a checkout, `../../shared/corpus` of a worktree
/// kept in a folder of worktrees).
fn corpus_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "shared/corpus not found above {}: this evaluation reads its article bodies from it",
                manifest.display()
            )
        })
}

fn load_items() -> Vec<Item> {
    common::read_jsonl("tests/eval/attribution/labels.jsonl")
}

/// The titles and bodies of the labelled items, by id, read from their
/// corpus files.
fn load_bodies(items: &[Item]) -> HashMap<String, (String, String)> {
    let root = corpus_root();
    let wanted: BTreeMap<&str, BTreeSet<&str>> =
        items.iter().fold(BTreeMap::new(), |mut files, item| {
            files
                .entry(item.file.as_str())
                .or_default()
                .insert(item.id.as_str());
            files
        });
    let mut bodies = HashMap::new();
    for (file, ids) in wanted {
        let path = root.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (i, line) in text.lines().enumerate() {
            // most lines are skipped unparsed: only a wanted id's line is read
            if !line_id(line).is_some_and(|id| ids.contains(id)) {
                continue;
            }
            let parsed: CorpusLine = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            if ids.contains(parsed.id.as_str()) {
                bodies.insert(parsed.id, (parsed.title, parsed.body));
            }
        }
    }
    bodies
}

/// The value of the first `"id"` of a JSON line, read without parsing it.
fn line_id(line: &str) -> Option<&str> {
    let after_key = &line[line.find("\"id\"")? + 4..];
    let open = after_key.find('"')? + 1;
    let len = after_key[open..].find('"')?;
    Some(&after_key[open..open + len])
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// The figures of one split.
#[derive(Default)]
struct Score {
    items: usize,
    predicted_speakers: usize,
    gold_speakers: usize,
    speakers_right: usize,
    roles_right: usize,
    /// quotes given to a labelled speaker, and those whose province is the
    /// one labelled for that speaker (none where the text states none)
    speaker_quotes: usize,
    provinces_right: usize,
    gold_quotes: usize,
    quotes_found: usize,
    /// form → (found, labelled)
    forms: BTreeMap<String, (usize, usize)>,
    extracted_quotes: usize,
    misses: String,
}

impl Score {
    fn speaker_precision(&self) -> f64 {
        ratio(self.speakers_right, self.predicted_speakers)
    }
    fn speaker_recall(&self) -> f64 {
        ratio(self.speakers_right, self.gold_speakers)
    }
    fn quote_recall(&self) -> f64 {
        ratio(self.quotes_found, self.gold_quotes)
    }
    fn role_accuracy(&self) -> f64 {
        ratio(self.roles_right, self.speakers_right)
    }
    fn province_accuracy(&self) -> f64 {
        ratio(self.provinces_right, self.speaker_quotes)
    }

    fn add(&mut self, item: &Item, quotes: &[Quote], body: &str) {
        self.items += 1;
        self.extracted_quotes += quotes.len();
        let found: BTreeSet<&str> = quotes.iter().map(|q| q.speaker.as_str()).collect();
        let gold: BTreeSet<&str> = item.speakers.iter().map(|s| s.name.as_str()).collect();
        self.predicted_speakers += found.len();
        self.gold_speakers += gold.len();
        self.speakers_right += found.intersection(&gold).count();
        let roles: HashMap<&str, Role> = quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.role))
            .collect();
        for speaker in &item.speakers {
            let Some(&role) = roles.get(speaker.name.as_str()) else {
                continue;
            };
            if Some(role) == Role::parse(&speaker.role) {
                self.roles_right += 1;
            } else {
                self.misses += &format!(
                    "  {}: role of {} is {role}, labelled {}\n",
                    item.id, speaker.name, speaker.role
                );
            }
        }
        for quote in quotes {
            let Some(speaker) = item.speakers.iter().find(|s| s.name == quote.speaker) else {
                continue;
            };
            self.speaker_quotes += 1;
            if quote.province == speaker.province {
                self.provinces_right += 1;
            } else {
                self.misses += &format!(
                    "  {}: province of {} is {}, labelled {}: {}\n",
                    item.id,
                    speaker.name,
                    quote.province.as_deref().unwrap_or("none"),
                    speaker.province.as_deref().unwrap_or("none"),
                    excerpt(&quote.text)
                );
            }
        }
        for name in found.difference(&gold) {
            let said = quotes
                .iter()
                .find(|q| q.speaker == *name)
                .map_or("", |q| q.text.as_str());
            self.misses += &format!(
                "  {}: spurious speaker {name}: {}\n",
                item.id,
                excerpt(said)
            );
        }
        for name in gold.difference(&found) {
            self.misses += &format!("  {}: missed speaker {name}\n", item.id);
        }
        for gold_quote in &item.quotes {
            let counts = self.forms.entry(gold_quote.form.clone()).or_default();
            counts.1 += 1;
            self.gold_quotes += 1;
            let hit = quotes
                .iter()
                .any(|q| q.speaker == gold_quote.speaker && q.text.contains(&gold_quote.contains));
            if hit {
                counts.0 += 1;
                self.quotes_found += 1;
                continue;
            }
            let context = body
                .find(&gold_quote.contains)
                .map(|at| around(body, at))
                .unwrap_or_else(|| "(the labelled text is not in the body)".to_string());
            let by_other: Vec<&str> = quotes
                .iter()
                .filter(|q| q.text.contains(&gold_quote.contains))
                .map(|q| q.speaker.as_str())
                .collect();
            self.misses += &format!(
                "  {}: missed [{}] {}: {}{}\n      … {context}\n",
                item.id,
                gold_quote.form,
                gold_quote.speaker,
                gold_quote.contains,
                if by_other.is_empty() {
                    String::new()
                } else {
                    format!(" (given to {})", by_other.join("、"))
                }
            );
        }
    }

    fn print(&self, split: &str) {
        println!(
            "{split}: {} items, {} quotes extracted; speaker precision {:.3} ({}/{}), \
             speaker recall {:.3} ({}/{}), quote recall {:.3} ({}/{}), role accuracy {:.3} ({}/{}), \
             province accuracy {:.3} ({}/{})",
            self.items,
            self.extracted_quotes,
            self.speaker_precision(),
            self.speakers_right,
            self.predicted_speakers,
            self.speaker_recall(),
            self.speakers_right,
            self.gold_speakers,
            self.quote_recall(),
            self.quotes_found,
            self.gold_quotes,
            self.role_accuracy(),
            self.roles_right,
            self.speakers_right,
            self.province_accuracy(),
            self.provinces_right,
            self.speaker_quotes,
        );
        for (form, (found, labelled)) in &self.forms {
            println!(
                "  {split} form {form:<10} recall {:.3} ({found}/{labelled}), missed {}",
                ratio(*found, *labelled),
                labelled - found
            );
        }
    }
}

/// Up to 30 characters of `text`.
fn excerpt(text: &str) -> String {
    text.chars().take(30).collect()
}

/// About 60 characters of `body` before byte `at` and 40 from it, on one line.
fn around(body: &str, at: usize) -> String {
    let before: String = body[..at]
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = body[at..].chars().take(40).collect();
    format!("{before}⟦{after}").replace('\n', "⏎")
}

/// The floor of test's speaker precision, speaker recall and quote recall.
/// The targets are 0.95, 0.90 and 0.85; precision and quote recall
/// meet theirs, speaker recall does not yet: the floors are just below the
/// figures reached (0.980, 0.885 and 0.864 on 503 items), raised as the rules
/// improve. Batch 12 (statements made by several, the form test misses most)
/// lowered quote recall on the whole set from 0.870 to 0.860 before the
/// rules it led to, which brought it back to 0.863: its floor is 0.86.
const FLOOR: (f64, f64, f64) = (0.975, 0.88, 0.86);

/// The same floors for dev (reached: 0.992, 0.965 and 0.960 on 503 items;
/// batch 12 lowered speaker recall from 0.966 to 0.954 before the rules it
/// led to, which brought it back to 606 of 628, just under 0.965), so that a
/// change that loses what the rules were tuned on fails too.
const DEV_FLOOR: (f64, f64, f64) = (0.99, 0.96, 0.96);

#[test]
#[ignore = "needs ../shared/corpus"]
fn attribution_on_the_labelled_set() {
    let items = load_items();
    let bodies = load_bodies(&items);
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    for item in &items {
        assert!(
            matches!(item.split.as_str(), "dev" | "test"),
            "{}: split {}",
            item.id,
            item.split
        );
        let (title, body) = bodies
            .get(&item.id)
            .unwrap_or_else(|| panic!("{}: not found in {}", item.id, item.file));
        // what the index gets: the article annotated as ingest annotates it
        let article = Article {
            id: item.id.clone(),
            title: title.clone(),
            body: body.clone(),
            date: Some(item.date.clone()),
            source: item.file.clone(),
            line: None,
            url: None,
            province: None,
        };
        let quotes: Vec<Quote> = annotate(&article)
            .quotes
            .into_iter()
            .map(|(quote, _)| quote)
            .collect();
        scores
            .entry(item.split.as_str())
            .or_default()
            .add(item, &quotes, body);
    }
    let dev = &scores["dev"];
    let test = &scores["test"];
    assert!(
        dev.items + test.items >= 200 && dev.gold_quotes + test.gold_quotes >= 500,
        "the labelled set needs at least 200 items and 500 quotes"
    );
    println!(
        "dev misses (test misses are never printed):\n{}",
        dev.misses
    );
    dev.print("dev");
    test.print("test");
    assert_floor("dev", dev, DEV_FLOOR);
    assert_floor("test", test, FLOOR);
}

/// Fails when a split's speaker precision, speaker recall or quote recall
/// is below its floor.
fn assert_floor(split: &str, score: &Score, floor: (f64, f64, f64)) {
    let (precision, recall, quotes) = (
        score.speaker_precision(),
        score.speaker_recall(),
        score.quote_recall(),
    );
    assert!(
        precision >= floor.0 && recall >= floor.1 && quotes >= floor.2,
        "{split} below its floor: speaker precision {precision:.3} (≥ {}), \
         speaker recall {recall:.3} (≥ {}), quote recall {quotes:.3} (≥ {})",
        floor.0,
        floor.1,
        floor.2,
    );
}
