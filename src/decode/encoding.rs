//! Bytes → text: which encoding a file is in, and whether it is text at all.
//!
//! Owns: the BOM (UTF-8, UTF-16 LE/BE), valid and almost valid UTF-8,
//! chardetng's guess for the rest (GBK read as GB18030), rejecting empty,
//! binary, undecodable and garbled files, and CRLF / CR → LF.
//!
//! Does not own: what the text means — titles, dates and articles belong to
//! the format modules next to this one.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::Encoding;

/// A file's text, with the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    /// The decoded text, BOM removed, line ends normalised to `\n`.
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
}

/// Why a file's bytes are not text we can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// No bytes, or only whitespace.
    Empty,
    /// NUL bytes, or mostly control / undecodable characters.
    Binary,
    /// Decodes, but too much of it is U+FFFD.
    Undecodable {
        encoding: &'static str,
        invalid: usize,
        chars: usize,
    },
    /// Only a single-byte encoding accepts the bytes, and what it gives is
    /// mostly accented Latin letters and symbols: damaged multi-byte text.
    Garbled { encoding: &'static str },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => f.write_str("empty file"),
            TextError::Binary => f.write_str("binary file"),
            TextError::Undecodable {
                encoding,
                invalid,
                chars,
            } => write!(
                f,
                "undecodable bytes ({invalid} of {chars} characters are not valid {encoding})"
            ),
            TextError::Garbled { encoding } => write!(
                f,
                "undecodable bytes (neither UTF-8 nor GB18030; as {encoding} it is mostly accented letters and symbols)"
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// How many leading bytes (or characters) the binary check looks at.
const SNIFF_LEN: usize = 8 * 1024;
/// How many bytes chardetng sees at most.
const DETECT_LEN: usize = 1024 * 1024;

/// Decodes bytes to text: BOM first (UTF-8, UTF-16 LE/BE), then valid UTF-8,
/// then (almost valid UTF-8 aside) chardetng's guess — GBK is read as GB18030.
pub fn decode_text(bytes: &[u8]) -> Result<Text<'_>, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let (text, encoding, had_errors) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if looks_binary(text.chars().take(SNIFF_LEN)) {
                return Err(TextError::Binary);
            }
            (text, encoding, had_errors)
        }
        None => {
            let sniff = &bytes[..bytes.len().min(SNIFF_LEN)];
            if looks_binary(sniff.iter().map(|&byte| char::from(byte))) {
                return Err(TextError::Binary);
            }
            decode_without_bom(bytes)
        }
    };
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    check_replacements(&text, encoding, had_errors)?;
    check_mojibake(&text, encoding)?;
    Ok(Text {
        text: normalize_line_ends(text),
        encoding,
    })
}

fn decode_without_bom(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding, bool) {
    // encoding_rs validates UTF-8 several times faster than `str::from_utf8`
    // on Chinese text, and borrows the bytes when they are valid
    if let (text @ Cow::Borrowed(_), false) = encoding_rs::UTF_8.decode_without_bom_handling(bytes)
    {
        return (text, encoding_rs::UTF_8, false);
    }
    // UTF-8 damaged in a few places (a truncated last character, a stray
    // byte) stays UTF-8; other encodings fail on nearly every character.
    let invalid = bytes
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .count();
    if invalid <= 1 + bytes.len() / 1000 {
        return (String::from_utf8_lossy(bytes), encoding_rs::UTF_8, true);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(DETECT_LEN)], true);
    let mut encoding = detector.guess(None, false);
    if encoding == encoding_rs::GBK {
        encoding = encoding_rs::GB18030;
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text, encoding, had_errors)
}

/// Chinese text damaged beyond GB18030 or UTF-8 (lost bytes shift every
/// character) is accepted by some single-byte encoding, which turns it into
/// Latin-1 letters and symbols (þ¸®¹¤…). More than a third of the non-ASCII
/// characters in U+0080–U+02FF, from a single-byte guess, is such mojibake.
fn check_mojibake(text: &str, encoding: &'static Encoding) -> Result<(), TextError> {
    if !encoding.is_single_byte() {
        return Ok(());
    }
    let (mut non_ascii, mut latin) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        if c.is_ascii() {
            continue;
        }
        non_ascii += 1;
        if ('\u{80}'..='\u{2FF}').contains(&c) {
            latin += 1;
        }
    }
    if non_ascii >= 16 && latin * 3 > non_ascii {
        return Err(TextError::Garbled {
            encoding: encoding.name(),
        });
    }
    Ok(())
}

/// NUL, or more than 10% control characters other than tab, line ends, form
/// feed and escape, or more than 30% U+FFFD.
fn looks_binary(chars: impl Iterator<Item = char>) -> bool {
    let (mut total, mut control, mut replacement) = (0usize, 0usize, 0usize);
    for c in chars {
        total += 1;
        match c {
            '\0' => return true,
            '\t' | '\n' | '\r' | '\x0c' | '\x1b' => {}
            '\u{fffd}' => replacement += 1,
            c if c.is_control() && (c as u32) < 0x80 => control += 1,
            _ => {}
        }
    }
    control * 10 > total || replacement * 10 > total * 3
}

/// More than 2% U+FFFD (and more than a couple) means the guess was wrong or
/// the file is damaged beyond use. When the decoder met no invalid bytes, the
/// U+FFFD were in the file already: only its start is checked (garbage written
/// by an earlier lossy conversion), so clean text costs no full extra pass.
fn check_replacements(
    text: &str,
    encoding: &'static Encoding,
    had_errors: bool,
) -> Result<(), TextError> {
    let limit = if had_errors {
        usize::MAX
    } else {
        16 * SNIFF_LEN
    };
    let (mut chars, mut invalid) = (0usize, 0usize);
    for c in text.chars().take(limit) {
        chars += 1;
        invalid += usize::from(c == '\u{fffd}');
    }
    if invalid > 2 && invalid * 50 > chars {
        return Err(TextError::Undecodable {
            encoding: encoding.name(),
            invalid,
            chars,
        });
    }
    Ok(())
}

fn normalize_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\r') {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

pub(super) fn normalize_line_ends_owned(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let text = decode_text("标题\r\n正文\r第二行".as_bytes());
        assert_eq!(
            text.map(|t| t.text.into_owned()),
            Ok("标题\n正文\n第二行".to_string())
        );
    }
}
