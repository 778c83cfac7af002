//! `.html` / `.htm` pages → the one article they hold.
//!
//! Owns: refusing absurdly deep nesting before parsing, the title (`<h1>`,
//! else `<title>`), the main content element and its text one line per
//! block with page chrome left out, the page's date and canonical URL.
//!
//! Does not own: inline HTML inside Markdown ([`super::markdown`]), cleaning
//! titles ([`super::plain`]) or reading dates ([`super::date`]).

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::model::Article;

use super::date::{date_from_file_name, normalize_date};
use super::plain::clean_title;
use super::{collapse_whitespace, content_id, Decoded};

/// Elements whose text is never article text.
const CHROME: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form",
    "button", "select", "iframe", "svg",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "main",
    "hr",
];

/// Deeper nesting than this is not a real page: html5ever's tree building is
/// quadratic in the depth, so such a file is reported instead of parsed.
const MAX_HTML_DEPTH: usize = 2000;

pub(super) fn decode_html(path: &Path, text: &str) -> Decoded {
    if html_nesting_depth(text) > MAX_HTML_DEPTH {
        let reason = format!("HTML nested too deeply (over {MAX_HTML_DEPTH} levels)");
        return Decoded::problem(path, None, reason);
    }
    let document = Html::parse_document(text);
    let heading = first_match(&document, "h1").filter(|h1| !element_text(*h1).is_empty());
    let title = match heading {
        Some(h1) => clean_title(&element_text(h1)),
        None => first_match(&document, "title")
            .map(|title| clean_title(&element_text(title)))
            .unwrap_or_default(),
    };
    let container = main_content(&document);
    let body = block_text(container, heading);
    if body.is_empty() {
        return Decoded::problem(path, None, "no article text found");
    }
    let date = date_from_file_name(path).or_else(|| html_date(&document));
    let article = Article {
        id: content_id(&title, &body),
        title,
        body,
        date,
        source: path.display().to_string(),
        line: None,
        url: html_url(&document),
        province: None,
    };
    Decoded {
        articles: vec![article],
        problems: Vec::new(),
    }
}

/// Elements that never have an end tag, or whose end tag may be left out.
const UNCLOSED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
    "colgroup", "optgroup",
];

/// A quick upper estimate of the element nesting depth, from the tags alone.
fn html_nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if UNCLOSED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|gt| rest[..gt].ends_with('/'));
        if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn first_match<'a>(document: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).next()
}

/// `<article>`, else `<main>` / `[role=main]`, else the element whose `<p>`
/// children hold the most text, else `<body>`.
fn main_content(document: &Html) -> ElementRef<'_> {
    for selector in ["article", "main, [role=main]"] {
        if let Some(element) =
            first_match(document, selector).filter(|e| !block_text(*e, None).is_empty())
        {
            return element;
        }
    }
    if let Ok(paragraphs) = Selector::parse("p") {
        let mut text_by_parent = HashMap::new();
        let mut order = Vec::new();
        for paragraph in document.select(&paragraphs) {
            let Some(parent) = paragraph.parent().and_then(ElementRef::wrap) else {
                continue;
            };
            let len: usize = paragraph.text().map(|t| t.trim().len()).sum();
            let entry = text_by_parent.entry(parent.id()).or_insert_with(|| {
                order.push(parent);
                0
            });
            *entry += len;
        }
        let best = order
            .iter()
            .copied()
            .max_by_key(|parent| text_by_parent.get(&parent.id()).copied().unwrap_or(0));
        if let Some(best) = best {
            return best;
        }
    }
    first_match(document, "body").unwrap_or_else(|| document.root_element())
}

/// The text under `root`, one line per block element, chrome elements and the
/// `skip` element (the title heading) left out. Iterative: deep trees cannot
/// overflow the stack.
fn block_text(root: ElementRef<'_>, skip: Option<ElementRef<'_>>) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let text = collapse_whitespace(line.trim());
        if !text.is_empty() {
            lines.push(text);
        }
        line.clear();
    };
    let root_id = root.id();
    let mut current = root.first_child();
    while let Some(node) = current {
        let mut descend = false;
        match node.value() {
            Node::Text(text) => line.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                let skipped =
                    CHROME.contains(&name) || skip.is_some_and(|skip| skip.id() == node.id());
                if !skipped {
                    if BLOCKS.contains(&name) {
                        flush(&mut line, &mut lines);
                    }
                    descend = true;
                }
            }
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                current = Some(child);
                continue;
            }
            if let Node::Element(element) = node.value() {
                if BLOCKS.contains(&element.name()) {
                    flush(&mut line, &mut lines);
                }
            }
        }
        // Next sibling, or climb up closing blocks until there is one.
        let mut at = node;
        current = None;
        loop {
            if let Some(sibling) = at.next_sibling() {
                current = Some(sibling);
                break;
            }
            let Some(parent) = at.parent() else {
                break;
            };
            if parent.id() == root_id {
                break;
            }
            if let Node::Element(element) = parent.value() {
                if BLOCKS.contains(&element.name()) {
                    flush(&mut line, &mut lines);
                }
            }
            at = parent;
        }
    }
    flush(&mut line, &mut lines);
    lines.join("\n")
}

fn element_text(element: ElementRef<'_>) -> String {
    collapse_whitespace(element.text().collect::<String>().trim())
}

fn html_date(document: &Html) -> Option<String> {
    let candidates = [
        ("meta[property='article:published_time']", "content"),
        ("meta[name=pubdate]", "content"),
        ("meta[name=publishdate]", "content"),
        ("meta[name=date]", "content"),
        ("time[datetime]", "datetime"),
    ];
    candidates.iter().find_map(|(selector, attr)| {
        let value = first_match(document, selector)?.attr(attr)?;
        normalize_date(value).filter(|date| date.len() == 10)
    })
}

fn html_url(document: &Html) -> Option<String> {
    ["link[rel=canonical]", "meta[property='og:url']"]
        .iter()
        .find_map(|selector| {
            let element = first_match(document, selector)?;
            element.attr("href").or_else(|| element.attr("content"))
        })
        .map(|url| url.trim().to_string())
        .filter(|url| !url.is_empty())
}
