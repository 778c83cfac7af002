//! The recall index: a segment component of our own (a tantivy segment
//! plugin) that holds, for every passage and quote text, each occurrence of a
//! common pair and each folded word character that no common pair covers,
//! with its position — the tokens of
//! [`for_each_recall_token`](tokens::for_each_recall_token). A substring is
//! the phrase of its common pairs and characters, a character term matching
//! the character itself or either half of a common pair ([`TermCursor`]), so
//! every query string that occurs in a text finds it, whatever jieba made of
//! the text.
//!
//! Why not a tantivy text field: tantivy indexes a token by hashing it into
//! the segment's term table and appending to that term's posting list, a
//! scattered write per token; with a character per token this was two thirds
//! of the cost of indexing the jieba field itself. Here the writer appends
//! the tokens of the last few hundred documents to one small buffer, sorts it
//! by term (a radix sort) every 65,536 tokens and appends each term's
//! documents and positions, already encoded, to that term's postings: a term
//! is met once per buffer and document, and the segment's tokens are held
//! compressed (about 2.5 bytes a token). The postings are written in blocks
//! of 128 documents with a skip entry each, so that a phrase query seeks
//! instead of decoding long lists.
//!
//! Merges remap document ids the way tantivy stacks segments (deleted
//! documents dropped), so the component stays aligned with the rest of the
//! segment.
//!
//! The parts, from text to query:
//! * [`tokens`]: the recall tokens of a text and the recall terms of a query
//!   run (the table of common pairs, the term keys);
//! * `writer`: a new segment's postings, gathered and sorted by term;
//! * `format`: the file's byte layout (`.rcl`) and the versions read;
//! * `reader`: a segment's component opened and checked, posting lists and
//!   their cursors, and the components of a searcher's segments;
//! * `union`: one query term's lists merged into one;
//! * `phrase`: exact matching of a run ([`RecallQuery`]);
//! * `near`: proximity of several runs ([`RecallNearQuery`]).
//!
//! This file holds the plugin that tantivy calls on writing and merging a
//! segment, the names of the component and its fields, and the public names
//! of the module.

use tantivy::index::SegmentComponent;
use tantivy::indexer::doc_id_mapping::MappingType;
use tantivy::{
    DocId, PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin, TantivyError,
    TERMINATED,
};

mod format;
mod near;
mod phrase;
mod reader;
pub mod tokens;
mod union;
mod writer;

use format::FileWriter;
pub use near::RecallNearQuery;
pub use phrase::{gated, resume, seek_one, Gate, RecallQuery};
pub use reader::{verify_bytes, Cursor, Postings, RecallSegment, RecallSegments};
pub use union::{AnyCursor, TermCursor};
use writer::RecallWriter;

/// File extension of the component.
pub const EXTENSION: &str = "rcl";
/// Name of the schema field of passage texts the component indexes.
pub const FIELD: &str = "body";
/// Name of the schema field of quote texts the component indexes, under
/// their own terms ([`QUOTE_TERM`] set), so that a passage search never
/// meets a quote (and needs no filter on the document kind) and vice versa.
pub const QUOTE_FIELD: &str = "quote_chars";
/// Bit set on the term keys of quote texts (keys are below 2^21 otherwise).
pub const QUOTE_TERM: u32 = 1 << 21;

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

fn corrupted(what: &str) -> TantivyError {
    TantivyError::InternalError(format!("recall index: {what}"))
}

/// The error of a damaged recall file, `name` in the index folder.
fn damaged(name: &str, reason: impl Into<String>) -> TantivyError {
    crate::error::DamagedFile::new(name, reason).into_tantivy()
}

/// The segment plugin; register it on every create and open of the index.
#[derive(Debug, Default)]
pub struct RecallPlugin;

impl SegmentPlugin for RecallPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        let schema = ctx.segment.schema();
        let fields = [(FIELD, 0), (QUOTE_FIELD, QUOTE_TERM)]
            .into_iter()
            .filter_map(|(name, flag)| Some((schema.get_field(name).ok()?, flag)))
            .collect();
        Ok(Box::new(RecallWriter::new(fields)))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(corrupted("sorted indexes are not supported"));
        }
        let sources: Vec<RecallSegment> = ctx
            .readers
            .iter()
            .map(RecallSegment::open)
            .collect::<tantivy::Result<_>>()?;
        // tantivy stacks the source segments in order, without deleted documents
        let mut maps: Vec<Vec<DocId>> = Vec::with_capacity(ctx.readers.len());
        let mut next: DocId = 0;
        for reader in ctx.readers {
            let map = (0..reader.max_doc())
                .map(|doc| {
                    if reader.is_deleted(doc) {
                        TERMINATED
                    } else {
                        next += 1;
                        next - 1
                    }
                })
                .collect();
            maps.push(map);
        }
        let mut keys: Vec<u32> = sources.iter().flat_map(RecallSegment::keys).collect();
        keys.sort_unstable();
        keys.dedup();

        let write = ctx.target_segment.open_write(component())?;
        let mut out = FileWriter::new(write);
        let mut positions = Vec::new();
        for key in keys {
            out.start_term(key);
            for (source, map) in sources.iter().zip(&maps) {
                // checked (checksum and skips) as it is read
                let Some(postings) = source.postings(key)? else {
                    continue;
                };
                let mut cursor = postings.cursor();
                while cursor.doc() != TERMINATED {
                    let doc = map[cursor.doc() as usize];
                    if doc != TERMINATED {
                        positions.clear();
                        cursor.positions(&mut positions);
                        out.add_doc(doc, &positions);
                    }
                    cursor.advance();
                }
            }
            out.end_term()?;
        }
        out.finish()
    }
}
