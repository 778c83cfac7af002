//! The library's error type. The binary wraps it in `anyhow` and prints it with `{:#}`.
//!
//! Errors of the file system and of a damaged index get variants of their
//! own, worded for what the user can do about them (free space, fix
//! permissions, `policy-search check`); tantivy's errors are sorted into
//! them in one place, [`From<tantivy::TantivyError>`](Error#impl-From<TantivyError>-for-Error).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// Everything that can go wrong in policy-search.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file (or one line of it) that could not be turned into articles.
    #[error("{}: {reason}", location(path, *line))]
    BadInput {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },
    #[error("invalid query: {0}")]
    Query(String),
    #[error("invalid argument: {0}")]
    Argument(String),
    #[error("index is locked: another policy-search ingest is writing to {0}")]
    Locked(PathBuf),
    #[error("no index at {0} (run `policy-search ingest PATH` first)")]
    NoIndex(PathBuf),
    #[error("the index at {0} was built by an older policy-search; remove that folder and run `policy-search ingest` again")]
    OldIndex(PathBuf),
    #[error("article not found: {0}")]
    NotFound(String),
    /// A file of the index whose bytes are not what was written (a damaged
    /// disk, a copy cut short, an edit); `file` is relative to the index
    /// folder until the caller that knows the folder joins it.
    #[error("damaged index: {}: {reason} (`policy-search check` lists the damaged files; ingesting the sources into a new index folder rebuilds it)", file.display())]
    Damaged { file: PathBuf, reason: String },
    /// Segment files without the `meta.json` that lists them.
    #[error("damaged index: {} holds {segment_files} segment files but no meta.json, the list of the index's segments; restore meta.json from a backup, or run `policy-search ingest --force` to start a new index there (deleting those files)", dir.display())]
    MissingMeta { dir: PathBuf, segment_files: usize },
    #[error("no space left on the device{}: free some space and run the command again (what was committed before is intact)", at(path))]
    DiskFull { path: Option<PathBuf> },
    #[error("permission denied{}: the index folder and its files must be readable by this user (and writable, to ingest or remove)", at(path))]
    PermissionDenied { path: Option<PathBuf> },
    #[error("read-only file system{}: ingest and remove need a writable index folder (search, quotes, speakers, stats, check and serve work on a read-only one)", at(path))]
    ReadOnly { path: Option<PathBuf> },
    /// tantivy's indexing thread died on an I/O error that it did not
    /// pass on: what was added since the last commit is lost.
    #[error("the index writer stopped{}: most often the disk is full or the index folder is not writable; what was ingested before the last commit is intact: free some space or fix the permissions and run ingest again", at(path))]
    WriterStopped { path: Option<PathBuf> },
    /// The caller gave up on the work (a deadline, a client gone, shutdown); see `cancel`.
    #[error("stopped before it finished (deadline passed, client gone or server shutting down)")]
    Cancelled,
    #[error("index error: {0}")]
    Index(tantivy::TantivyError),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A search cluster (OpenSearch) that cannot be reached or refuses a request.
    #[error("{url}: {reason}")]
    Remote { url: String, reason: String },
}

/// ` at PATH` when the path is known.
fn at(path: &Option<PathBuf>) -> String {
    match path {
        Some(path) => format!(" at {}", path.display()),
        None => String::new(),
    }
}

fn location(path: &std::path::Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

impl Error {
    pub fn bad_input(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        reason: impl Into<String>,
    ) -> Self {
        Error::BadInput {
            path: path.into(),
            line,
            reason: reason.into(),
        }
    }
}

impl Error {
    /// The error of an I/O failure on `path`: disk full, permission denied
    /// and read-only file system in their own words, else [`Error::Io`].
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        let path = path.into();
        Error::from_io(&source, Some(&path)).unwrap_or(Error::Io { path, source })
    }

    /// The variant of an I/O error of a kind the user can act on.
    fn from_io(error: &io::Error, path: Option<&Path>) -> Option<Error> {
        if let Some(damaged) = error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<DamagedFile>())
        {
            return Some(Error::Damaged {
                file: damaged.file.clone(),
                reason: damaged.reason.clone(),
            });
        }
        let path = path.map(Path::to_path_buf);
        // ENOSPC, EDQUOT, EROFS on Linux, for kinds std does not map everywhere
        match (error.kind(), error.raw_os_error()) {
            (io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded, _)
            | (_, Some(28 | 122)) => Some(Error::DiskFull { path }),
            (io::ErrorKind::ReadOnlyFilesystem, _) | (_, Some(30)) => {
                Some(Error::ReadOnly { path })
            }
            (io::ErrorKind::PermissionDenied, _) => Some(Error::PermissionDenied { path }),
            _ => None,
        }
    }

    /// The error located in the index folder `dir`: a damaged file's name
    /// joined to it (tantivy and the recall index name files relative to
    /// it), and the folder named where a file-system error names no path.
    pub fn in_index(mut self, dir: &Path) -> Error {
        self.locate_in(dir);
        self
    }

    /// [`Error::in_index`], in place.
    pub fn locate_in(&mut self, dir: &Path) {
        match self {
            Error::Damaged { file, .. } if file.is_relative() => *file = dir.join(&*file),
            Error::DiskFull { path }
            | Error::PermissionDenied { path }
            | Error::ReadOnly { path }
            | Error::WriterStopped { path }
                if path.is_none() =>
            {
                *path = Some(dir.to_path_buf())
            }
            _ => {}
        }
    }
}

impl From<TantivyError> for Error {
    /// Damaged files, a full disk, permissions and read-only file systems
    /// become their own variants; the rest stays [`Error::Index`].
    fn from(error: TantivyError) -> Error {
        let (io_error, path): (&io::Error, Option<&Path>) = match &error {
            TantivyError::IoError(io_error) => (io_error, None),
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
                return Error::Damaged {
                    file: file.clone(),
                    reason: "the file is missing".to_string(),
                };
            }
            TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
                if io_error.kind() == io::ErrorKind::InvalidData =>
            {
                return Error::from_io(io_error, None).unwrap_or_else(|| Error::Damaged {
                    file: filepath.clone(),
                    reason: open_read_reason(io_error),
                });
            }
            TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            | TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
                (io_error, Some(filepath))
            }
            TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
                io_error,
                directory_path,
            }) => (io_error, Some(directory_path)),
            TantivyError::LockFailure(LockError::IoError(io_error), _) => (io_error, None),
            TantivyError::DataCorruption(corruption) => return damaged_from_tantivy(corruption),
            // an I/O error flattened into text by tantivy (writing field norms)
            TantivyError::InternalError(text) => {
                return from_os_error_text(text, None).unwrap_or(Error::Index(error));
            }
            TantivyError::ErrorInThread(text) if text.contains("writer was killed") => {
                return Error::WriterStopped { path: None };
            }
            // an I/O error that reached us as text only (a merge or a
            // thread of tantivy's): its OS error code still says what it was
            _ => {
                return from_os_error_text(&error.to_string(), None).unwrap_or(Error::Index(error))
            }
        };
        Error::from_io(io_error, path)
            // an I/O error re-made from another one's text keeps the code in it
            .or_else(|| from_os_error_text(&io_error.to_string(), path))
            .unwrap_or(Error::Index(error))
    }
}

/// The variant of an I/O error known only by its text, which ends in
/// `(os error N)`.
fn from_os_error_text(text: &str, path: Option<&Path>) -> Option<Error> {
    let code = text
        .rsplit_once("(os error ")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(code, _)| code.parse::<i32>().ok())?;
    Error::from_io(&io::Error::from_raw_os_error(code), path)
}

/// Why tantivy could not open a file for reading, in a user's words.
pub(crate) fn open_read_reason(error: &io::Error) -> String {
    if error.kind() == io::ErrorKind::InvalidData {
        // tantivy's footer (format version, CRC-32) is not where it belongs
        "the file does not end with tantivy's footer: it was cut short or overwritten".to_string()
    } else {
        error.to_string()
    }
}

/// tantivy's data-corruption error, whose fields are private: its file
/// from its `Debug` text, ``Data corruption (in file `"x.idx"`): why.``
fn damaged_from_tantivy(corruption: &tantivy::error::DataCorruption) -> Error {
    let text = format!("{corruption:?}");
    let file = text
        .split_once("(in file `")
        .and_then(|(_, rest)| rest.split_once("`)"))
        .map(|(file, _)| file.trim_matches('"').to_string());
    let reason = text
        .split_once("): ")
        .map_or(text.as_str(), |(_, reason)| reason)
        .trim_end_matches('.')
        .to_string();
    Error::Damaged {
        file: PathBuf::from(file.unwrap_or_default()),
        reason,
    }
}

/// A damaged file of the index: carried through tantivy (whose plugin and
/// query interfaces return its error type) inside an I/O error of kind
/// `InvalidData`, and turned into [`Error::Damaged`] on the way out.
#[derive(Debug, Clone)]
pub struct DamagedFile {
    /// relative to the index folder
    pub file: PathBuf,
    pub reason: String,
}

impl DamagedFile {
    pub fn new(file: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        DamagedFile {
            file: file.into(),
            reason: reason.into(),
        }
    }

    /// The error to return from tantivy's interfaces.
    pub fn into_tantivy(self) -> TantivyError {
        TantivyError::IoError(Arc::new(io::Error::new(io::ErrorKind::InvalidData, self)))
    }
}

impl std::fmt::Display for DamagedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.reason)
    }
}

impl std::error::Error for DamagedFile {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_system_errors_say_what_happened() {
        let full = TantivyError::InternalError("No space left on device (os error 28)".into());
        let error = Error::from(full).in_index(Path::new("/data/index"));
        assert!(matches!(error, Error::DiskFull { .. }), "{error}");
        assert!(error
            .to_string()
            .starts_with("no space left on the device at /data/index"));
        // an I/O error re-made from another one's text, as a merge reports it
        let retold = TantivyError::IoError(Arc::new(io::Error::other(
            "No space left on device (os error 28)",
        )));
        assert!(matches!(Error::from(retold), Error::DiskFull { .. }));

        let read_only = TantivyError::LockFailure(
            LockError::IoError(Arc::new(io::Error::from_raw_os_error(30))),
            None,
        );
        assert!(matches!(Error::from(read_only), Error::ReadOnly { .. }));

        let denied = TantivyError::OpenWriteError(OpenWriteError::IoError {
            io_error: Arc::new(io::Error::from(io::ErrorKind::PermissionDenied)),
            filepath: PathBuf::from("meta.json"),
        });
        let error = Error::from(denied);
        assert!(
            error
                .to_string()
                .starts_with("permission denied at meta.json"),
            "{error}"
        );

        let killed = TantivyError::ErrorInThread("An index writer was killed.".into());
        assert!(matches!(Error::from(killed), Error::WriterStopped { .. }));
    }

    #[test]
    fn a_damaged_file_is_named_in_the_index_folder() {
        let error = Error::from(DamagedFile::new("a.rcl", "checksum mismatch").into_tantivy())
            .in_index(Path::new("/data/index"));
        assert_eq!(
            error.to_string().split(" (").next(),
            Some("damaged index: /data/index/a.rcl: checksum mismatch")
        );
        let missing = TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("b.idx".into()));
        let error = Error::from(missing).in_index(Path::new("/data/index"));
        assert!(
            error
                .to_string()
                .contains("/data/index/b.idx: the file is missing"),
            "{error}"
        );
    }
}
