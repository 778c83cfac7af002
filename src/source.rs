//! Paths and folders → the files to read.
//!
//! Owns: turning the paths given on the command line into a deterministic,
//! sorted stream of [`SourceFile`]s (recursing into folders, following
//! symlinks), deciding each file's [`Format`] from its extension, a file's
//! [`identity`] (one name however it was spelled), and reading a file's
//! bytes, its first bytes first ([`read_checked`]). Problems (missing paths, unreadable folders, symlink loops,
//! unsupported file types) are items of the stream, so one bad path never stops
//! the others.
//!
//! Does not own: what the bytes mean — that is [`crate::decode`].

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// How a file's bytes are turned into articles, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `.txt`: one article; the first non-empty line is the title.
    Text,
    /// `.md`, `.markdown`: like `Text`, with heading marks and inline HTML removed.
    Markdown,
    /// `.jsonl`: one article per line.
    Jsonl,
    /// `.html`, `.htm`: the article text of a web page.
    Html,
}

impl Format {
    /// The format for a file extension (without the dot, any case).
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "jsonl" => Some(Format::Jsonl),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format for a path, from its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()
            .and_then(|extension| extension.to_str())
            .and_then(Format::from_extension)
    }
}

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub format: Format,
}

/// The reason given for a file whose extension is not one we read.
pub fn unsupported_reason(path: &Path) -> String {
    match path.extension() {
        Some(extension) => format!("unsupported file type (.{})", extension.to_string_lossy()),
        None => "unsupported file type (no extension)".to_string(),
    }
}

/// Walks `paths` in the given order; folders are walked recursively, sorted by
/// file name, following symlinks.
///
/// Yields an error (and goes on) for: a path that does not exist, a folder that
/// cannot be read, a symlink loop, a file named explicitly whose type is not
/// supported, and a file inside a folder whose type is not supported (reason
/// `unsupported file type (.xyz)`). Hidden files and folders (name starting
/// with `.`) inside folders are ignored silently.
pub fn walk(paths: &[PathBuf]) -> impl Iterator<Item = Result<SourceFile, Error>> + Send {
    // Owned, so the walk does not borrow the caller's slice.
    let paths: Vec<PathBuf> = paths.to_vec();
    paths.into_iter().flat_map(walk_path)
}

/// Reads a file's bytes.
pub fn read(file: &SourceFile) -> Result<Vec<u8>, Error> {
    std::fs::read(&file.path).map_err(|source| Error::Io {
        path: file.path.clone(),
        source,
    })
}

/// Reads a file's first `head_len` bytes into `bytes` (replacing what it
/// held), asks `judge` about them, and reads the rest only when `judge`
/// accepts: a 1 GB binary file costs one small read. `judge` returns the
/// reason a file is refused. One buffer read into file after file keeps its
/// pages: a fresh buffer per file costs a page fault every 4 kB of input.
pub fn read_checked(
    file: &SourceFile,
    head_len: usize,
    judge: impl FnOnce(&[u8]) -> Option<String>,
    bytes: &mut Vec<u8>,
) -> Result<(), Error> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: file.path.clone(),
        source,
    };
    bytes.clear();
    let mut opened = std::fs::File::open(&file.path).map_err(io)?;
    let metadata = opened.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(Error::bad_input(&file.path, None, "not a regular file"));
    }
    (&mut opened)
        .take(head_len as u64)
        .read_to_end(bytes)
        .map_err(io)?;
    if let Some(reason) = judge(bytes) {
        return Err(Error::bad_input(&file.path, None, reason));
    }
    let expected = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
    bytes.reserve(expected.saturating_sub(bytes.len()));
    opened.read_to_end(bytes).map_err(io)?;
    Ok(())
}

/// The one name of a file: its canonical path (symlinks resolved, `.` and
/// `..` removed), so that `a/x.txt`, `./a/../a/x.txt` and a symlink to it are
/// the same source. The path as given when it cannot be resolved.
pub fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

type Files = Box<dyn Iterator<Item = Result<SourceFile, Error>> + Send>;

fn walk_path(path: PathBuf) -> Files {
    let metadata = match std::fs::metadata(&path) {
        Ok(metadata) => metadata,
        Err(source) => return Box::new(std::iter::once(Err(Error::Io { path, source }))),
    };
    if metadata.is_dir() {
        return Box::new(walk_dir(path));
    }
    let item = if !metadata.is_file() {
        Err(Error::bad_input(path, None, "not a regular file"))
    } else {
        match Format::from_path(&path) {
            Some(format) => Ok(SourceFile { path, format }),
            None => {
                let reason = unsupported_reason(&path);
                Err(Error::bad_input(path, None, reason))
            }
        }
    };
    Box::new(std::iter::once(item))
}

fn walk_dir(root: PathBuf) -> impl Iterator<Item = Result<SourceFile, Error>> + Send {
    WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
        .filter_map(move |entry| match entry {
            Ok(entry) => {
                let file_type = entry.file_type();
                if file_type.is_dir() {
                    return None;
                }
                let path = entry.into_path();
                if !file_type.is_file() {
                    return Some(Err(Error::bad_input(path, None, "not a regular file")));
                }
                Some(match Format::from_path(&path) {
                    Some(format) => Ok(SourceFile { path, format }),
                    None => {
                        let reason = unsupported_reason(&path);
                        Err(Error::bad_input(path, None, reason))
                    }
                })
            }
            Err(error) => Some(Err(walk_error(&root, error))),
        })
}

fn walk_error(root: &Path, error: walkdir::Error) -> Error {
    let path = error.path().unwrap_or(root).to_path_buf();
    if let Some(ancestor) = error.loop_ancestor() {
        let reason = format!("symlink loop (points back to {})", ancestor.display());
        return Error::bad_input(path, None, reason);
    }
    Error::Io {
        path,
        source: std::io::Error::from(error),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_any_case() {
        let cases = [
            ("a/20240305.md", Some(Format::Markdown)),
            ("a/b.MARKDOWN", Some(Format::Markdown)),
            ("xwlb_2024.jsonl", Some(Format::Jsonl)),
            ("政府工作报告.TXT", Some(Format::Text)),
            ("page.htm", Some(Format::Html)),
            ("page.Html", Some(Format::Html)),
            ("news.gb18030.dat", None),
            ("README", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Format::from_path(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn unsupported_reason_names_the_extension() {
        assert_eq!(
            unsupported_reason(Path::new("x/a.xyz")),
            "unsupported file type (.xyz)"
        );
        assert_eq!(
            unsupported_reason(Path::new("x/Makefile")),
            "unsupported file type (no extension)"
        );
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let items: Vec<_> = walk(&[PathBuf::from("/nonexistent/政府工作报告.txt")]).collect();
        assert_eq!(items.len(), 1);
        let message = items[0].as_ref().map(|_| ()).unwrap_err().to_string();
        assert!(
            message.starts_with("/nonexistent/政府工作报告.txt: "),
            "{message}"
        );
    }
}
