//! Markdown → plain text, before a `.md` file is read as a plain one.
//!
//! Owns: heading marks, `[text](url)` links, and inline HTML (`<p>…<br>`,
//! character entities) as found in news saved as Markdown.
//!
//! Does not own: titles or dates ([`super::plain`]), or whole HTML pages
//! ([`super::html`]).

use std::borrow::Cow;

/// Markdown → plain text: heading marks removed, `[text](url)` → `text`,
/// inline HTML (`<p>…<br></p>`) turned into one line per paragraph.
pub fn markdown_to_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line = strip_heading_marks(line);
        let line = strip_links(line);
        if !line.contains('<') && !line.contains('&') {
            out.push_str(&line);
            continue;
        }
        let html = inline_html_to_lines(&line);
        let pieces = html
            .split('\n')
            .map(str::trim)
            .filter(|piece| !piece.is_empty());
        for (i, piece) in pieces.enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(piece);
        }
    }
    out
}

fn strip_heading_marks(line: &str) -> &str {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) {
        let rest = &line[hashes..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return rest.trim();
        }
    }
    line
}

/// `[text](target)` → `text`; anything else unchanged.
fn strip_links(line: &str) -> Cow<'_, str> {
    if !line.contains("](") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find("](") else {
            break;
        };
        let after_paren = &after_open[close + 2..];
        let Some(end) = after_paren.find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&after_open[..close]);
        rest = &after_paren[end + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Tags removed, `<br>` / `</p>` / `</div>` / `</li>` → newline, entities decoded.
fn inline_html_to_lines(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(gt) if is_tag => {
                let name = after[..gt]
                    .trim_start_matches('/')
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    out.push('\n');
                }
                rest = &after[gt + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let c = match name {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "mdash" => '—',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| *c != '\0');
        }
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_inline_html_becomes_lines() {
        let md = "### 标题\n<p><strong>央视网消息</strong>（新闻联播）：第一段。</p><p>第二段&nbsp;A&amp;B。 <br></p>\n[查看原文](https://tv.cctv.com/x.shtml)\n";
        assert_eq!(
            markdown_to_text(md),
            "标题\n央视网消息（新闻联播）：第一段。\n第二段 A&B。\n查看原文\n"
        );
    }
}
