//! Facet counts from fast-field columns: per segment, a counter per term
//! ordinal of the `province`, `speaker` and `role` columns and per year of
//! `day`; ordinals are turned into names once per segment, not per document.
//! (tantivy's `FacetCollector` decodes the facet path of every matching
//! document, which dominated broad queries.)

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

use super::schema;
use crate::model::FacetCounts;

/// Counts matching documents per province, speaker, role and year.
pub struct FacetCounter;

/// Name → count, per facet.
#[derive(Default)]
pub struct Tally {
    province: HashMap<String, u64>,
    speaker: HashMap<String, u64>,
    role: HashMap<String, u64>,
    year: HashMap<String, u64>,
}

pub struct SegmentFacetCounter {
    columns: [(Option<StrColumn>, Vec<u64>); 3],
    day: Option<Column<u64>>,
    years: HashMap<u64, u64>,
}

impl Collector for FacetCounter {
    type Fruit = Tally;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fast = reader.fast_fields();
        let column = |name: &str| -> tantivy::Result<(Option<StrColumn>, Vec<u64>)> {
            let column = fast.str(name)?;
            let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
            Ok((column, counts))
        };
        Ok(SegmentFacetCounter {
            columns: [
                column(schema::PROVINCE)?,
                column(schema::SPEAKER)?,
                column(schema::ROLE)?,
            ],
            day: fast.u64(schema::DAY).ok(),
            years: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut total = Tally::default();
        for fruit in fruits {
            for (into, from) in [
                (&mut total.province, fruit.province),
                (&mut total.speaker, fruit.speaker),
                (&mut total.role, fruit.role),
                (&mut total.year, fruit.year),
            ] {
                for (name, count) in from {
                    *into.entry(name).or_default() += count;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in &mut self.columns {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
        if let Some(day) = self.day.as_ref().and_then(|c| c.first(doc)) {
            if day > 0 {
                *self.years.entry(day / 10_000).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Tally {
        let [province, speaker, role] = self.columns.map(|(column, counts)| names(column, counts));
        Tally {
            province,
            speaker,
            role,
            year: self
                .years
                .into_iter()
                .map(|(year, count)| (year.to_string(), count))
                .collect(),
        }
    }
}

/// The counted ordinals of a column, by name.
fn names(column: Option<StrColumn>, counts: Vec<u64>) -> HashMap<String, u64> {
    let Some(column) = column else {
        return HashMap::new();
    };
    let counted: Vec<(u64, u64)> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, count)| *count > 0)
        .map(|(ord, count)| (ord as u64, count))
        .collect();
    let ords: Vec<u64> = counted.iter().map(|(ord, _)| *ord).collect();
    let mut found = Vec::with_capacity(ords.len());
    let resolved = column
        .dictionary()
        .sorted_ords_to_term_cb(&ords, |bytes| {
            found.push(String::from_utf8_lossy(bytes).into_owned())
        })
        .unwrap_or(false);
    if !resolved || found.len() != counted.len() {
        return HashMap::new();
    }
    found
        .into_iter()
        .zip(counted)
        .map(|(name, (_, count))| (name, count))
        .collect()
}

impl Tally {
    /// Sorted facet counts: most frequent first, years in order.
    pub fn into_counts(self) -> FacetCounts {
        let sorted = |map: HashMap<String, u64>| {
            let mut values: Vec<(String, u64)> = map.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values
        };
        let mut year: Vec<(String, u64)> = self.year.into_iter().collect();
        year.sort();
        FacetCounts {
            province: sorted(self.province),
            speaker: sorted(self.speaker),
            role: sorted(self.role),
            year,
        }
    }
}
