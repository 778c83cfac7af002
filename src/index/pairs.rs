//! The pair map: for each character, the characters that precede it in the
//! recall field's pairs ("X" → every "AX" term).
//!
//! The odd alignment of a recall query starts with "a pair ending with the
//! query's first character". Asked as the regex `.X`, that walks every first
//! character of the term dictionary (milliseconds per segment). With the pair
//! map it becomes `[AB…]X`, which follows only the branches that exist.
//!
//! The map is written next to the index after every ingest, together with the
//! ids of the segments it covers. A reader whose segments are not all covered
//! (a merge or an ingest happened since) rebuilds it from the term dictionary,
//! so the map is never stale and recall never depends on it.

use std::collections::HashSet;
use std::path::Path;

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::error::{Error, Result};

/// File name of the pair map inside the index folder.
pub const FILE_NAME: &str = "policy-search-pairs.bin";
const MAGIC: &[u8; 8] = b"PSPAIRS1";

/// `(second, first)` characters of every two-character recall term, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairMap {
    pairs: Vec<(u32, u32)>,
}

impl PairMap {
    /// Builds the map from the recall field's term dictionaries.
    pub fn from_searcher(searcher: &Searcher, grams: Field) -> Result<PairMap> {
        let mut set: HashSet<(u32, u32)> = HashSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(grams)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let mut chars = term.chars();
                if let (Some(first), Some(second), None) =
                    (chars.next(), chars.next(), chars.next())
                {
                    set.insert((second as u32, first as u32));
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = set.into_iter().collect();
        pairs.sort_unstable();
        Ok(PairMap { pairs })
    }

    /// The characters `A` such that `A` + `second` is a term.
    pub fn firsts(&self, second: char) -> impl Iterator<Item = char> + '_ {
        let key = second as u32;
        let start = self.pairs.partition_point(|&(s, _)| s < key);
        self.pairs[start..]
            .iter()
            .take_while(move |&&(s, _)| s == key)
            .filter_map(|&(_, f)| char::from_u32(f))
    }

    /// Loads the map of `dir` when it covers exactly `segments`.
    pub fn load(dir: &Path, segments: &[String]) -> Option<PairMap> {
        let bytes = std::fs::read(dir.join(FILE_NAME)).ok()?;
        let rest = bytes.strip_prefix(MAGIC)?;
        let (count, mut rest) = read_u32(rest)?;
        let mut covered = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let (len, tail) = read_u32(rest)?;
            let id = tail.get(..len as usize)?;
            covered.push(std::str::from_utf8(id).ok()?.to_string());
            rest = &tail[len as usize..];
        }
        let mut wanted = segments.to_vec();
        wanted.sort();
        covered.sort();
        if wanted != covered || rest.len() % 8 != 0 {
            return None;
        }
        let pairs = rest
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect();
        Some(PairMap { pairs })
    }

    /// Writes the map for `segments` into `dir` (atomically: temp file + rename).
    pub fn save(&self, dir: &Path, segments: &[String]) -> Result<()> {
        let mut bytes = Vec::with_capacity(16 + self.pairs.len() * 8);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(segments.len() as u32).to_le_bytes());
        for id in segments {
            bytes.extend_from_slice(&(id.len() as u32).to_le_bytes());
            bytes.extend_from_slice(id.as_bytes());
        }
        for &(second, first) in &self.pairs {
            bytes.extend_from_slice(&second.to_le_bytes());
            bytes.extend_from_slice(&first.to_le_bytes());
        }
        let path = dir.join(FILE_NAME);
        let temp = dir.join(format!("{FILE_NAME}.tmp"));
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        std::fs::write(&temp, &bytes).map_err(io)?;
        std::fs::rename(&temp, &path).map_err(io)?;
        Ok(())
    }
}

fn read_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let head = bytes.get(..4)?;
    Some((
        u32::from_le_bytes([head[0], head[1], head[2], head[3]]),
        &bytes[4..],
    ))
}

/// The ids of a searcher's segments.
pub fn segment_ids(searcher: &Searcher) -> Vec<String> {
    searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id().uuid_string())
        .collect()
}
