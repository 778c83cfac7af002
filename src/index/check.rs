//! Verifying an index on disk, file by file: what `policy-search check`
//! runs. tantivy ends every file it writes with a CRC-32 of its bytes (the
//! recall files included, which are written through it); the recall files
//! also carry checksums of their own, per term, and are decoded whole. It
//! reads and reports; it repairs nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use tantivy::directory::error::OpenReadError;
use tantivy::directory::Directory;
use tantivy::SegmentReader;

use super::recall::RecallSegment;
use super::SearchIndex;
use crate::error::{Error, Result};

/// What [`SearchIndex::check`] found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// segments of the last commit
    pub segments: usize,
    /// files whose checksums were verified
    pub files: usize,
    /// damaged files, by path, at most one reason each
    pub damaged: Vec<DamagedFile>,
}

/// One damaged file of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedFile {
    pub path: PathBuf,
    pub reason: String,
}

impl CheckReport {
    pub fn is_intact(&self) -> bool {
        self.damaged.is_empty()
    }
}

impl SearchIndex {
    /// Verifies every file of the last commit: tantivy's checksum of each
    /// file, then each segment opened and its recall file decoded whole
    /// ([`RecallSegment::verify`]). Damage is reported, not returned as an
    /// error; an error is an index that cannot be read at all.
    pub fn check(&self) -> Result<CheckReport> {
        let dir = self.dir.clone().unwrap_or_default();
        let metas = self.index.load_metas()?;
        let mut damaged: BTreeMap<PathBuf, String> = BTreeMap::new();
        let mut files: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
        files.sort();
        let directory = self.index.directory();
        let mut checked = 0;
        for file in files {
            // candidates that a segment may lack (no deletes, no temporary
            // store); a missing component fails the segment's opening below
            if !directory.exists(&file).unwrap_or(false) {
                continue;
            }
            checked += 1;
            match directory.validate_checksum(&file) {
                Ok(true) => {}
                Ok(false) => {
                    damaged.insert(file, "checksum mismatch".to_string());
                }
                Err(OpenReadError::IoError { io_error, .. }) => {
                    damaged.insert(file, crate::error::open_read_reason(&io_error));
                }
                Err(e) => {
                    damaged.insert(file, reason(Error::from(tantivy::TantivyError::from(e))));
                }
            }
        }
        let segments = self.index.searchable_segments()?;
        for segment in &segments {
            let id = segment.id().uuid_string();
            let reader = match SegmentReader::open(segment) {
                Ok(reader) => reader,
                Err(e) => {
                    let (file, why) = file_and_reason(Error::from(e), &id);
                    damaged.entry(file).or_insert(why);
                    continue;
                }
            };
            let opened = RecallSegment::open(&reader).and_then(|recall| {
                recall.verify().map_err(|reason| {
                    crate::error::DamagedFile::new(
                        format!("{id}.{}", super::recall::EXTENSION),
                        reason,
                    )
                    .into_tantivy()
                })
            });
            if let Err(e) = opened {
                let (file, why) = file_and_reason(Error::from(e), &id);
                damaged.entry(file).or_insert(why);
            }
        }
        Ok(CheckReport {
            segments: segments.len(),
            files: checked,
            damaged: damaged
                .into_iter()
                .map(|(file, reason)| DamagedFile {
                    path: dir.join(file),
                    reason,
                })
                .collect(),
        })
    }
}

impl SearchIndex {
    /// Verifies the checksums of every recall file of the last commit (the
    /// table's and every term's, not a decoding of every list): what `stats`
    /// runs, a fraction of [`SearchIndex::check`]'s cost. Err names the
    /// first damaged file.
    pub fn check_recall(&self) -> Result<()> {
        for segment in self.index.searchable_segments()? {
            let reader = SegmentReader::open(&segment)?;
            RecallSegment::open(&reader)?.verify_checksums()?;
        }
        Ok(())
    }
}

/// The reason of a damaged-file error, else the whole error's text.
fn reason(error: Error) -> String {
    match error {
        Error::Damaged { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// The file an error names (relative to the index folder), else the
/// segment's files, and why.
fn file_and_reason(error: Error, segment: &str) -> (PathBuf, String) {
    match error {
        Error::Damaged { file, reason } if !file.as_os_str().is_empty() => (file, reason),
        other => (PathBuf::from(format!("{segment}.*")), reason(other)),
    }
}
