//! Tests of reading recall components: postings, cursors and their seeks, damaged files.

use std::io::Write;

use tantivy::directory::{AntiCallToken, TerminatingWrite};

use super::*;
use crate::index::recall::format::FileWriter;

/// A file written into memory.
struct Sink<'a>(&'a mut Vec<u8>);

impl Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for Sink<'_> {
    fn terminate_ref(&mut self, _: AntiCallToken) -> std::io::Result<()> {
        Ok(())
    }
}

/// Term 发 in documents 0..300 (position 2d), term 展 in every third.
const TERMS: [(u32, u32); 2] = [(0x53D1, 1), (0x5C55, 3)];

fn written() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut out = FileWriter::new(Sink(&mut bytes));
    for (key, step) in TERMS {
        out.start_term(key);
        for doc in (0..300).step_by(step as usize) {
            out.add_doc(doc, &[2 * doc, 2 * doc + 1]);
        }
        out.end_term().expect("write a term");
    }
    out.finish().expect("finish the file");
    bytes
}

fn open(bytes: Vec<u8>) -> Result<RecallSegment, String> {
    RecallSegment::from_content(bytes, 300)
}

fn docs_of(segment: &RecallSegment, key: u32) -> Vec<(DocId, Vec<u32>)> {
    let mut cursor = segment
        .postings(key)
        .expect("intact postings")
        .expect("the term")
        .cursor();
    let mut docs = Vec::new();
    while cursor.doc() != TERMINATED {
        let mut positions = Vec::new();
        cursor.positions(&mut positions);
        docs.push((cursor.doc(), positions));
        cursor.advance();
    }
    docs
}

fn expected(step: u32) -> Vec<(DocId, Vec<u32>)> {
    (0..300)
        .step_by(step as usize)
        .map(|doc| (doc, vec![2 * doc, 2 * doc + 1]))
        .collect()
}

#[test]
fn a_file_reads_back_its_postings_and_verifies() {
    let segment = open(written()).expect("an intact file");
    assert_eq!(segment.version(), VERSION);
    for (key, step) in TERMS {
        assert_eq!(docs_of(&segment, key), expected(step));
    }
    assert!(segment.postings(0x4E00).expect("intact").is_none());
    assert_eq!(segment.verify(), Ok(()));
}

#[test]
fn a_changed_byte_is_an_error_when_its_term_is_read_never_a_wrong_list() {
    let intact = written();
    let segment = open(intact.clone()).expect("an intact file");
    let first = segment.postings_at(0).expect("intact");
    // a byte in the middle of the first term's document ids
    let at = first.skips.len() + first.doc_bytes.len() / 2;
    let mut damaged = intact;
    damaged[at] ^= 0x10;
    let segment = open(damaged).expect("the table is intact");
    assert_eq!(docs_of(&segment, TERMS[1].0), expected(TERMS[1].1));
    let error = segment.postings(TERMS[0].0).err().expect("a damaged term");
    assert!(
        format!("{error:?}").contains("checksum mismatch"),
        "{error:?}"
    );
    assert!(segment.verify().is_err());
}

#[test]
fn a_changed_byte_of_the_table_fails_the_opening() {
    let mut damaged = written();
    let footer = damaged.len() - layout(VERSION).0;
    // the key of the last term
    damaged[footer - layout(VERSION).1] ^= 0x01;
    let error = open(damaged).err().expect("a damaged table");
    assert!(error.contains("term table"), "{error}");
}

/// The same file in the layout of version 2: table entries without
/// checksums, a footer without the table's.
fn as_version_2(bytes: &[u8]) -> Vec<u8> {
    let (footer_len, entry_len) = layout(VERSION);
    let footer = bytes.len() - footer_len;
    let terms = read_u32(bytes, footer).expect("terms");
    let table_at = read_u64(bytes, footer + 4).expect("table") as usize;
    let mut old = bytes[..table_at].to_vec();
    for i in 0..terms as usize {
        let at = table_at + i * entry_len;
        old.extend_from_slice(&bytes[at..at + 40]);
    }
    old.extend_from_slice(&terms.to_le_bytes());
    old.extend_from_slice(&(table_at as u64).to_le_bytes());
    old.extend_from_slice(&2u32.to_le_bytes());
    old.extend_from_slice(&MAGIC.to_le_bytes());
    old
}

#[test]
fn a_version_2_file_is_read_without_checksums() {
    let segment = open(as_version_2(&written())).expect("a version 2 file");
    assert_eq!(segment.version(), 2);
    for (key, step) in TERMS {
        assert_eq!(docs_of(&segment, key), expected(step));
    }
    assert_eq!(segment.verify(), Ok(()));
}

#[test]
fn a_file_of_a_newer_version_is_refused_by_its_version() {
    let mut newer = written();
    let at = newer.len() - 8;
    newer[at..at + 4].copy_from_slice(&(VERSION + 1).to_le_bytes());
    let error = open(newer).err().expect("a newer file");
    assert!(error.contains("newer policy-search"), "{error}");
}

#[test]
fn documents_past_the_segment_end_the_list() {
    // a version 2 file (no checksums) of a segment smaller than its ids
    let segment = RecallSegment::from_content(as_version_2(&written()), 100)
        .expect("the table is consistent");
    // the skip entries name documents past 100: found when the term is read
    assert!(segment.postings(TERMS[0].0).is_err());
    assert!(segment.verify().is_err());
}
