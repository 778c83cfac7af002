//! The lengths of a segment's passages by block of documents, for the
//! gate of the ranked walk (`prune`) to skip whole blocks: in each block
//! of [`BLOCK`] documents, the shortest body. A passage's bound by its
//! body's words is largest where its body is shortest, so a block whose
//! shortest body cannot enter holds no passage that can by its body alone
//! (the gate stops at those holding a title's word).
//!
//! They depend on the segment alone, not on the query: read once a
//! segment (a pass over its lengths) and kept for the next searches.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::Field;
use tantivy::{DocId, SegmentReader};

use crate::error::Result;

/// Documents a block.
pub(super) const BLOCK: DocId = 32;

/// Segments whose blocks are kept (a few indexes' worth; a segment's are
/// a byte a block, 6 KB for 200,000 passages).
const KEPT: usize = 256;

/// A segment's blocks: the shortest body's length id of each.
pub(super) struct Blocks(Vec<u8>);

impl Blocks {
    /// The shortest body's length id of the block of `doc`; `None` past
    /// the segment's end.
    pub(super) fn at(&self, doc: DocId) -> Option<u8> {
        self.0.get((doc / BLOCK) as usize).copied()
    }

    fn read(reader: &SegmentReader, body: Field) -> Result<Blocks> {
        let max_doc = reader.max_doc();
        let mut shortest = vec![u8::MAX; max_doc.div_ceil(BLOCK) as usize];
        let bodies = reader.get_fieldnorms_reader(body)?;
        for (block, shortest) in shortest.iter_mut().enumerate() {
            let start = block as DocId * BLOCK;
            for doc in start..(start + BLOCK).min(max_doc) {
                *shortest = (*shortest).min(bodies.fieldnorm_id(doc));
            }
        }
        Ok(Blocks(shortest))
    }
}

type Key = (SegmentId, Field);

static KEPT_BLOCKS: Mutex<VecDeque<(Key, Arc<Blocks>)>> = Mutex::new(VecDeque::new());

/// The blocks of the segment `reader` reads, by the lengths of `body`:
/// those kept, or read and kept.
pub(super) fn of(reader: &SegmentReader, body: Field) -> Result<Arc<Blocks>> {
    let key = (reader.segment_id(), body);
    let found = {
        let kept = KEPT_BLOCKS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, blocks)| blocks.clone())
    };
    if let Some(blocks) = found {
        return Ok(blocks);
    }
    let blocks = Arc::new(Blocks::read(reader, body)?);
    let mut kept = KEPT_BLOCKS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if kept.len() >= KEPT {
        kept.pop_front();
    }
    kept.push_back((key, blocks.clone()));
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use tantivy::doc;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, IndexWriter};

    use super::*;

    #[test]
    fn a_block_holds_its_shortest_body() -> Result<()> {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        // 80 passages: bodies of 30 words but the 40th (3 words) and the
        // 70th (1 word)
        for doc in 0..80u32 {
            let words = match doc {
                40 => 3,
                70 => 1,
                _ => 30,
            };
            writer.add_document(doc!(body => vec!["词"; words].join(" ")))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let blocks = Blocks::read(searcher.segment_reader(0), body)?;
        let id = tantivy::fieldnorm::FieldNormReader::fieldnorm_to_id;
        assert_eq!(blocks.at(0), Some(id(30)));
        assert_eq!(blocks.at(BLOCK - 1), Some(id(30)));
        assert_eq!(blocks.at(BLOCK), Some(id(3)));
        assert_eq!(blocks.at(79), Some(id(1)));
        assert_eq!(blocks.at(3 * BLOCK), None);
        Ok(())
    }
}
