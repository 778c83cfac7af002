//! Highlight ranges and snippets, computed on folded text so they land exactly
//! on the matched characters (traditional/simplified and full-width folded,
//! zero-width characters skipped). Pure functions; no tantivy.

use crate::normalize::{fold_char, is_ignorable, is_word_char};

/// What to highlight: a sequence of runs that must follow each other with only
/// punctuation or spaces between them (one run for a plain word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    pub runs: Vec<Vec<char>>,
}

impl Needle {
    pub fn new(runs: &[String]) -> Needle {
        Needle {
            runs: runs.iter().map(|r| r.chars().collect()).collect(),
        }
    }
}

/// Characters shown in a snippet at most (about).
pub const SNIPPET_CHARS: usize = 160;

/// Character ranges `[start, end)` in `text` where any needle matches, merged.
pub fn find(text: &str, needles: &[Needle]) -> Vec<[usize; 2]> {
    // folded characters with their index in `text`, ignorable ones dropped
    let hay: Vec<(char, usize)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| !is_ignorable(*c))
        .map(|(i, c)| (fold_char(c), i))
        .collect();
    let mut ranges = Vec::new();
    for needle in needles {
        if needle.runs.is_empty() {
            continue;
        }
        for start in 0..hay.len() {
            if let Some(end) = match_at(&hay, start, needle) {
                ranges.push([hay[start].1, hay[end - 1].1 + 1]);
            }
        }
    }
    merge(ranges)
}

/// Whether `needle` matches at `start`; returns the end index in `hay`.
fn match_at(hay: &[(char, usize)], start: usize, needle: &Needle) -> Option<usize> {
    let mut pos = start;
    for (n, run) in needle.runs.iter().enumerate() {
        if n > 0 {
            // at least one separator between runs, and only separators
            let sep_start = pos;
            while pos < hay.len() && !is_word_char(hay[pos].0) {
                pos += 1;
            }
            if pos == sep_start {
                return None;
            }
        }
        if pos + run.len() > hay.len() {
            return None;
        }
        if hay[pos..pos + run.len()]
            .iter()
            .zip(run)
            .any(|((h, _), r)| h != r)
        {
            return None;
        }
        pos += run.len();
    }
    Some(pos)
}

/// Sorts and merges overlapping or touching ranges.
pub fn merge(mut ranges: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    ranges.sort_unstable();
    let mut merged: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r[0] <= last[1] => last[1] = last[1].max(r[1]),
            _ => merged.push(r),
        }
    }
    merged
}

/// The best window of `text` around `highlights`, cut at sentence ends where
/// possible, always containing the first whole match. Returns the snippet and
/// the highlight ranges shifted into it.
pub fn snippet(text: &str, highlights: &[[usize; 2]]) -> (String, Vec<[usize; 2]>) {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= SNIPPET_CHARS {
        return (text.to_string(), highlights.to_vec());
    }
    let sentences = sentence_bounds(&chars);
    // the sentence window with the most highlighted characters
    let focus = best_focus(&sentences, highlights);
    let (mut start, mut end) = sentences[focus];
    let mut left = focus;
    let mut right = focus + 1;
    loop {
        let mut grew = false;
        if right < sentences.len() && sentences[right].1 - start <= SNIPPET_CHARS {
            end = sentences[right].1;
            right += 1;
            grew = true;
        }
        if left > 0 && end - sentences[left - 1].0 <= SNIPPET_CHARS {
            left -= 1;
            start = sentences[left].0;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    if end - start > SNIPPET_CHARS {
        // one long sentence: centre on its first match, keep the match whole
        let first = highlights
            .iter()
            .find(|h| h[0] >= start && h[1] <= end)
            .copied()
            .unwrap_or([start, start]);
        let half = SNIPPET_CHARS.saturating_sub(first[1] - first[0]) / 2;
        let s = first[0].saturating_sub(half).max(start);
        let e = (s + SNIPPET_CHARS).max(first[1]).min(end);
        start = s;
        end = e;
    }
    let mut out = String::new();
    let prefix = usize::from(start > 0);
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < n {
        out.push('…');
    }
    let shifted = highlights
        .iter()
        .filter(|h| h[1] > start && h[0] < end)
        .map(|h| {
            [
                h[0].max(start) - start + prefix,
                h[1].min(end) - start + prefix,
            ]
        })
        .collect();
    (out, shifted)
}

/// Whether one sentence of `text` (cut at 。！？；, line breaks and their
/// ASCII forms) holds a match of every group: each group is one query
/// word's needles (its alternatives). A known item is most often recalled
/// by words of one of its sentences; a passage holding them in different
/// sentences is a weaker candidate.
pub fn one_sentence_holds(text: &str, groups: &[Vec<Needle>]) -> bool {
    if groups.is_empty() {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let sentences = sentence_bounds(&chars);
    let sentence_of = |at: usize| sentences.partition_point(|&(_, end)| end <= at);
    // per sentence, how many groups it holds so far
    let mut held = vec![0usize; sentences.len()];
    for group in groups {
        let mut in_sentence = vec![false; sentences.len()];
        for [start, _] in find(text, group) {
            if let Some(seen) = in_sentence.get_mut(sentence_of(start)) {
                *seen = true;
            }
        }
        for (count, seen) in held.iter_mut().zip(in_sentence) {
            *count += usize::from(seen);
        }
    }
    held.contains(&groups.len())
}

/// `(start, end)` character bounds of the sentences of `chars`.
fn sentence_bounds(chars: &[char]) -> Vec<(usize, usize)> {
    let mut bounds = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end], '”' | '’' | '」' | '）' | ')') {
                end += 1;
            }
            bounds.push((start, end));
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < chars.len() {
        bounds.push((start, chars.len()));
    }
    bounds
}

fn best_focus(sentences: &[(usize, usize)], highlights: &[[usize; 2]]) -> usize {
    let mut best = 0;
    let mut best_score = 0;
    for (i, &(s, e)) in sentences.iter().enumerate() {
        let score: usize = highlights
            .iter()
            .map(|h| h[1].min(e).saturating_sub(h[0].max(s)))
            .sum();
        if score > best_score {
            best = i;
            best_score = score;
        }
    }
    best
}

/// Slices `text` by a character range.
pub fn char_slice(text: &str, range: [usize; 2]) -> String {
    text.chars()
        .skip(range[0])
        .take(range[1] - range[0])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(s: &str) -> Needle {
        Needle::new(&crate::normalize::runs(s))
    }

    #[test]
    fn finds_multi_character_cjk_matches_exactly() {
        let text = "“新質生產力”是全国政协委员的提案之一，加快发展新质生产力。";
        let ranges = find(text, &[needle("新质生产力")]);
        assert_eq!(ranges.len(), 2);
        for r in &ranges {
            let s = char_slice(text, *r);
            assert!(s == "新質生產力" || s == "新质生产力", "{s}");
        }
    }

    #[test]
    fn overlapping_matches_collapse_into_one_span() {
        let text = "推进高质量发展";
        let ranges = find(text, &[needle("高质量"), needle("质量发展")]);
        assert_eq!(ranges, vec![[2, 7]]);
    }

    #[test]
    fn phrase_with_punctuation_matches_as_one_span() {
        let text = "要带头推进全产业链绿色生产，助力四川打造全球新能源装备";
        let ranges = find(text, &[needle("绿色生产,助力")]);
        assert_eq!(char_slice(text, ranges[0]), "绿色生产，助力");
    }

    #[test]
    fn one_sentence_holds_every_word_or_not() {
        let groups = |words: &[&str]| -> Vec<Vec<Needle>> {
            words.iter().map(|w| vec![needle(w)]).collect()
        };
        let text = "习近平举行仪式欢迎贝宁总统访华。塔隆是应习近平的邀请对我国进行国事访问的。";
        assert!(one_sentence_holds(text, &groups(&["邀请", "国事访问"])));
        // both words, but in two sentences
        assert!(!one_sentence_holds(text, &groups(&["仪式", "国事访问"])));
        // a word the text lacks
        assert!(!one_sentence_holds(text, &groups(&["邀请", "会谈"])));
        // alternatives: one of them is enough
        let any = vec![vec![needle("会谈"), needle("邀请")], vec![needle("访问")]];
        assert!(one_sentence_holds(text, &any));
        // a line break ends a sentence, and a last sentence without a stop counts
        let lines =
            "俄称控制乌防御阵地 乌称打击俄炼油厂\n俄罗斯国防部26日称，俄军当天控制了大诺沃谢尔卡村";
        assert!(!one_sentence_holds(
            lines,
            &groups(&["打击", "俄罗斯国防部"])
        ));
        assert!(one_sentence_holds(
            lines,
            &groups(&["控制", "俄罗斯国防部"])
        ));
        assert!(!one_sentence_holds(text, &[]));
    }

    #[test]
    fn snippet_contains_whole_match() {
        let text =
            "前言。".repeat(60) + "加快发展新质生产力，扎实推进高质量发展。" + &"后记。".repeat(60);
        let ranges = find(&text, &[needle("新质生产力")]);
        let (snip, shifted) = snippet(&text, &ranges);
        assert!(snip.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(char_slice(&snip, shifted[0]), "新质生产力");
    }
}
