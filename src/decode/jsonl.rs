//! `.jsonl` files → one article per line.
//!
//! Owns: the record's fields (`title`, `body`, and optional `id`, `date`,
//! `url`, `province`), a bad line reported as `path:line` with the reason
//! while the other lines are read, and the content id when a record has none.
//!
//! Does not own: reading the date's spelling ([`super::date`]) or the
//! encoding ([`super::encoding`]).

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::model::Article;

use super::date::normalize_date;
use super::encoding::normalize_line_ends_owned;
use super::{content_id, Decoded};

/// One JSONL record. Unknown fields (`source`, `category`, …) are skipped.
#[derive(Deserialize)]
struct Record {
    title: String,
    body: String,
    #[serde(default, deserialize_with = "string_or_integer")]
    id: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    province: Option<String>,
}

fn string_or_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Some(value))
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Visitor)
}

pub(super) fn decode_jsonl(path: &Path, text: &str) -> Decoded {
    let source = path.display().to_string();
    let mut decoded = Decoded::default();
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                decoded
                    .problems
                    .push(Error::bad_input(path, Some(number), json_reason(&error)));
                continue;
            }
        };
        if record.body.trim().is_empty() {
            decoded
                .problems
                .push(Error::bad_input(path, Some(number), "empty body"));
            continue;
        }
        let title = normalize_line_ends_owned(record.title);
        let body = normalize_line_ends_owned(record.body);
        let date = match record.date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                let date = normalize_date(raw);
                if date.is_none() {
                    let reason = format!("unrecognised date {raw:?} (ignored)");
                    decoded
                        .problems
                        .push(Error::bad_input(path, Some(number), reason));
                }
                date
            }
        };
        let id = match record.id.filter(|id| !id.trim().is_empty()) {
            Some(id) => id,
            None => content_id(&title, &body),
        };
        decoded.articles.push(Article {
            id,
            title,
            body,
            date,
            source: source.clone(),
            line: Some(number),
            url: non_empty(record.url),
            province: non_empty(record.province),
        });
    }
    decoded
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

/// serde_json's message without its "at line 1 column N" (always line 1 here),
/// with the column kept.
fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message.as_str(),
    };
    let kind = match error.classify() {
        serde_json::error::Category::Data => "bad record",
        _ => "invalid JSON",
    };
    format!("{kind}: {message} (column {})", error.column())
}
