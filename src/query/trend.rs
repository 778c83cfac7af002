//! Counts over time: for each query of a [`TrendRequest`], the passages it
//! matches (the `total` a search with the same filters reports) and the
//! articles they belong to, per year or per month ([`Engine::trend`]).
//!
//! One pass per query over its matches: the period comes from the `day`
//! column, the article from the stored passage (read in index order, so the
//! document store decompresses each block once). An article dated by its
//! year only counts in its year and, by month, as `undated`; so does an
//! article without a date.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::store::StoreReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{Engine, Filters};
use crate::error::{Error, Result};
use crate::index::schema;

/// Most queries one trend may compare.
pub const MAX_TREND_QUERIES: usize = 20;

/// Blocks of the document store kept decompressed per segment.
const STORE_CACHE_BLOCKS: usize = 8;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    #[default]
    Year,
    Month,
}

impl Period {
    /// `year` or `month`.
    pub fn parse(text: &str) -> Option<Period> {
        match text.trim() {
            "year" | "years" | "y" | "年" => Some(Period::Year),
            "month" | "months" | "m" | "月" => Some(Period::Month),
            _ => None,
        }
    }

    /// The period of a day number (`20240305`), or `None` when the day does
    /// not say it (0, or a year-only date by month).
    pub(crate) fn of_day(self, day: u64) -> Option<u32> {
        let (year, month) = (day / 10_000, day / 100 % 100);
        match self {
            Period::Year if year > 0 => Some(year as u32),
            Period::Month if year > 0 && month > 0 => Some((year * 100 + month) as u32),
            _ => None,
        }
    }

    /// The period after `key`.
    fn next(self, key: u32) -> u32 {
        match self {
            Period::Year => key + 1,
            Period::Month if key % 100 >= 12 => (key / 100 + 1) * 100 + 1,
            Period::Month => key + 1,
        }
    }

    /// `2024` or `2024-03`.
    fn label(self, key: u32) -> String {
        match self {
            Period::Year => key.to_string(),
            Period::Month => format!("{}-{:02}", key / 100, key % 100),
        }
    }
}

/// Counts of several queries over time.
#[derive(Debug, Clone, Default)]
pub struct TrendRequest {
    /// Each in the query syntax of a search.
    pub queries: Vec<String>,
    pub by: Period,
    /// Applied to every query, as in a search.
    pub filters: Filters,
}

/// The answer to a [`TrendRequest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub by: Period,
    /// Every period from the first to the last with a match, in order
    /// (`2024`, or `2024-03` by month).
    pub periods: Vec<String>,
    /// One per query, in the order asked.
    pub series: Vec<TrendSeries>,
}

/// One query's counts, one per period of [`Trend::periods`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendSeries {
    pub query: String,
    /// Matching passages per period.
    pub passages: Vec<u64>,
    /// Articles with a matching passage per period.
    pub articles: Vec<u64>,
    /// Matching passages in all (the total of a search with the same filters).
    pub total: u64,
    /// Matching passages whose date does not name the period.
    pub undated: u64,
}

impl TrendRequest {
    /// Refuses a request without queries or with too many.
    pub(crate) fn check(&self) -> Result<()> {
        if self.queries.is_empty() {
            return Err(Error::Argument("give at least one query".into()));
        }
        if self.queries.len() > MAX_TREND_QUERIES {
            return Err(Error::Argument(format!(
                "at most {MAX_TREND_QUERIES} queries may be compared"
            )));
        }
        Ok(())
    }

    /// The answer from each query's counts (in the order of the queries):
    /// every period from the first to the last with a match.
    pub(crate) fn assemble(&self, counted: Vec<PeriodCounts>) -> Trend {
        let first = counted
            .iter()
            .filter_map(|c| c.passages.keys().next())
            .min();
        let last = counted
            .iter()
            .filter_map(|c| c.passages.keys().next_back())
            .max();
        let mut keys = Vec::new();
        if let (Some(&first), Some(&last)) = (first, last) {
            let mut key = first;
            while key <= last {
                keys.push(key);
                key = self.by.next(key);
            }
        }
        let at = |counts: &BTreeMap<u32, u64>| -> Vec<u64> {
            keys.iter()
                .map(|key| counts.get(key).copied().unwrap_or(0))
                .collect()
        };
        let series = self
            .queries
            .iter()
            .zip(counted)
            .map(|(query, counts)| TrendSeries {
                query: query.clone(),
                passages: at(&counts.passages),
                articles: at(&counts.articles),
                total: counts.passages.values().sum::<u64>() + counts.undated,
                undated: counts.undated,
            })
            .collect();
        Trend {
            by: self.by,
            periods: keys.iter().map(|&key| self.by.label(key)).collect(),
            series,
        }
    }
}

impl Engine {
    /// Matching passages and articles per period for each query.
    pub fn trend(&self, request: &TrendRequest) -> Result<Trend> {
        request.check()?;
        let searcher = self.reader.searcher();
        let mut counted = Vec::with_capacity(request.queries.len());
        for query in &request.queries {
            let (built, _, _) = self.passage_query(&searcher, query, &request.filters)?;
            let collector = PeriodCounter {
                by: request.by,
                article_id: self.fields().article_id,
            };
            let gathered: GatheredCounts = searcher.search(&built, &collector)?;
            counted.push(gathered.counts());
        }
        Ok(request.assemble(counted))
    }
}

/// One query's counts per period key ([`Period::of_day`]): matching
/// passages, articles with a matching passage, and undated passages.
#[derive(Debug, Default)]
pub(crate) struct PeriodCounts {
    pub(crate) passages: BTreeMap<u32, u64>,
    pub(crate) articles: BTreeMap<u32, u64>,
    pub(crate) undated: u64,
}

/// What the collector gathers: passages per period, (period, article)
/// pairs, undated passages.
#[derive(Default)]
struct GatheredCounts {
    passages: BTreeMap<u32, u64>,
    articles: HashSet<(u32, String)>,
    undated: u64,
}

impl GatheredCounts {
    fn counts(self) -> PeriodCounts {
        let mut articles: BTreeMap<u32, u64> = BTreeMap::new();
        for (key, _) in &self.articles {
            *articles.entry(*key).or_default() += 1;
        }
        PeriodCounts {
            passages: self.passages,
            articles,
            undated: self.undated,
        }
    }
}

/// Counts matching passages per period and gathers their articles.
struct PeriodCounter {
    by: Period,
    article_id: Field,
}

struct SegmentPeriodCounter {
    by: Period,
    article_id: Field,
    day: Option<Column<u64>>,
    store: StoreReader,
    counts: GatheredCounts,
    /// The first error reading a stored passage, returned by `harvest`.
    failed: Option<tantivy::TantivyError>,
}

impl Collector for PeriodCounter {
    type Fruit = GatheredCounts;
    type Child = SegmentPeriodCounter;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriodCounter> {
        Ok(SegmentPeriodCounter {
            by: self.by,
            article_id: self.article_id,
            day: reader.fast_fields().u64(schema::DAY).ok(),
            store: reader.get_store_reader(STORE_CACHE_BLOCKS)?,
            counts: GatheredCounts::default(),
            failed: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<tantivy::Result<GatheredCounts>>,
    ) -> tantivy::Result<GatheredCounts> {
        let mut total = GatheredCounts::default();
        for fruit in fruits {
            let fruit = fruit?;
            for (key, count) in fruit.passages {
                *total.passages.entry(key).or_default() += count;
            }
            total.articles.extend(fruit.articles);
            total.undated += fruit.undated;
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentPeriodCounter {
    type Fruit = tantivy::Result<GatheredCounts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let day = self.day.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let Some(key) = self.by.of_day(day) else {
            self.counts.undated += 1;
            return;
        };
        *self.counts.passages.entry(key).or_default() += 1;
        if self.failed.is_some() {
            return;
        }
        match self.store.get::<TantivyDocument>(doc) {
            Ok(stored) => {
                if let Some(id) = stored.get_first(self.article_id).and_then(|v| v.as_str()) {
                    self.counts.articles.insert((key, id.to_string()));
                }
            }
            Err(error) => self.failed = Some(error),
        }
    }

    fn harvest(self) -> tantivy::Result<GatheredCounts> {
        match self.failed {
            Some(error) => Err(error),
            None => Ok(self.counts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_of_days_follow_each_other_and_are_labelled() {
        assert_eq!(Period::Year.of_day(20240305), Some(2024));
        assert_eq!(Period::Month.of_day(20240305), Some(202403));
        // a year-only date has a year but no month; no date has neither
        assert_eq!(Period::Year.of_day(20240000), Some(2024));
        assert_eq!(Period::Month.of_day(20240000), None);
        assert_eq!(Period::Year.of_day(0), None);
        assert_eq!(Period::Month.next(202411), 202412);
        assert_eq!(Period::Month.next(202412), 202501);
        assert_eq!(Period::Year.next(2024), 2025);
        assert_eq!(Period::Month.label(202403), "2024-03");
        assert_eq!(Period::parse("month"), Some(Period::Month));
        assert_eq!(Period::parse("week"), None);
    }
}
