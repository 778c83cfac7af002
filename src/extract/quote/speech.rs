//! Where what was said starts and ends: “…” quotes before or after the
//! attribution, and indirect speech cut at the next speaker or at narration.

use std::sync::LazyLock;

use memchr::memmem;

use crate::extract::speaker::Chars;

use super::Attribution;

/// Ends indirect speech at the next attribution or at a narration marker.
pub(super) fn cut_speeches(c: &Chars, found: &mut [Attribution]) {
    let starts: Vec<(usize, Vec<String>)> = found
        .iter()
        .map(|a| {
            (
                a.subject_start,
                a.people.iter().map(|p| p.name.clone()).collect(),
            )
        })
        .collect();
    for attribution in found.iter_mut().filter(|a| !a.quoted) {
        let (from, _) = attribution.speech;
        let same = |names: &[String]| {
            names.len() == attribution.people.len()
                && attribution
                    .people
                    .iter()
                    .zip(names)
                    .all(|(p, n)| p.name == *n)
        };
        // 米勒说，他近期每天都在关注…，期待…: the speech may open with the
        // speaker's own 他, the subject of a cue inside it
        let next_subject = starts
            .iter()
            .filter(|(s, names)| *s > from || (*s == from && !same(names)))
            .map(|(s, _)| *s)
            .min()
            .unwrap_or(c.len());
        let names: Vec<&str> = attribution.people.iter().map(|p| p.name.as_str()).collect();
        attribution.speech.1 = speech_end(c, from, next_subject, &names);
    }
}

/// Sentence starts that hand the floor back to the reporter.
pub(super) const NARRATION_MARKERS: &[&str] = &[
    "代表们",
    "委员们",
    "大家",
    "记者",
    "据了解",
    "据介绍",
    "据统计",
    "据悉",
    "数据显示",
    "统计显示",
    "截至",
    "此外",
    "另外",
    "会上",
    "在今天的",
    "随后",
    "走进",
    "作为",
    "这让",
];

/// Words that show a sentence is the reporter's, not the speaker's: the
/// reporter's own voice or the effect the speech had.
pub(super) const NARRATION_WORDS: &[&str] = &[
    "记者",
    "据悉",
    "了解到",
    "报道",
    "采访",
    "答复",
    "引发",
    "反响",
];

/// Openings by which the reporter points back at what was said
/// (这些关于…的建言，得到了…回应; 这番话…), with the nouns for it.
const BACK_REFERENCES: &[&str] = &["这些", "这番", "这一", "这个", "这条", "这项", "这份"];
const SPEECH_NOUNS: &[&str] = &[
    "建言", "建议", "番话", "些话", "发言", "谈话", "心声", "提议", "意见", "议案", "提案", "呼吁",
    "讲话", "表态",
];

/// The end of indirect speech starting at `from`: its first sentence, and the
/// following sentences of the paragraph up to `limit` while they still read as
/// the speaker's (李利建议…。两个月后，人力资源社会保障部给她作了答复… stops at 。).
pub(super) fn speech_end(c: &Chars, from: usize, limit: usize, speakers: &[&str]) -> usize {
    let mut end = sentence_end(c, from, limit);
    while end < limit {
        let next = end;
        let following = sentence_end(c, next, limit);
        if following == next || narration_sentence(c.slice(next, following), speakers) {
            break;
        }
        // 今年两会，杨昌芹就带来了…: the sentence the next speaker opens
        // belongs to that speaker, also the words before the name
        if following == limit && limit < c.len() && !ends_sentence(c, limit) {
            break;
        }
        end = following;
    }
    end.min(limit)
}

/// Whether the character before `at` closes a sentence.
fn ends_sentence(c: &Chars, at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| c.get(i))
        .is_some_and(|ch| matches!(ch, '。' | '！' | '？' | '!' | '?' | '”'))
}

/// Whether a sentence after indirect speech is narration: it opens with a
/// narration marker or a time phrase (两个月后，), or names the speaker or the
/// reporter (她, 记者, 习近平代表中共中央…).
pub(super) fn narration_sentence(sentence: &str, speakers: &[&str]) -> bool {
    let sentence = sentence.trim_start();
    if NARRATION_MARKERS.iter().any(|m| sentence.starts_with(m)) {
        return true;
    }
    let outside_quotes = outside_quotes(sentence);
    if NARRATION_WORDS.iter().any(|w| outside_quotes.contains(w))
        || speakers.iter().any(|name| outside_quotes.contains(name))
        || third_person(&outside_quotes)
    {
        return true;
    }
    if attendance(&outside_quotes) {
        return true;
    }
    let head = sentence
        .split(['，', ',', '：', ':'])
        .next()
        .unwrap_or_default();
    // 这些关于产业创新和人才发展的建言，得到了…: the speech spoken of
    if BACK_REFERENCES.iter().any(|r| head.starts_with(r))
        && SPEECH_NOUNS.iter().any(|noun| head.contains(noun))
    {
        return true;
    }
    // 两个月后，: a time phrase that moves the story on (过去五年， / 2021年， /
    // “十四五”期间， stay: speakers look back and ahead too).
    // (the head is a prefix of the sentence: shorter in characters when
    // shorter in bytes)
    let head_shorter = head.len() < sentence.len();
    if head_shorter && head.chars().count() <= 6 && head.ends_with('后') {
        return true;
    }
    // 迪迪扎表示，…: someone else takes the floor (a name the subject reader missed).
    head_shorter
        && ["表示", "说", "指出", "强调", "认为", "介绍"]
            .iter()
            .any(|cue| head.ends_with(cue))
}

/// Whether a sentence tells who attended or came along, ending on the verb
/// and a short object after a list of people (…贺一诚，以及澳门特区政府主要官员等
/// 出席酒会。, 丁薛祥、刘鹤，以及李作成出席仪式。): the scene, not the speech,
/// where a speaker's own 出席 has its long object (我期待赴华出席第二届…论坛。).
fn attendance(sentence: &str) -> bool {
    let body = sentence.trim_end().trim_end_matches(['。', '！', '!']);
    // (SIMD finders built once: this is asked of many sentences)
    static VERBS: LazyLock<[memmem::FinderRev<'static>; 2]> = LazyLock::new(|| {
        [
            memmem::FinderRev::new("出席"),
            memmem::FinderRev::new("陪同"),
        ]
    });
    let Some(at) = VERBS
        .iter()
        .filter_map(|verb| verb.rfind(body.as_bytes()))
        .max()
    else {
        return false;
    };
    let object = &body[at + "出席".len()..];
    (1..=5).contains(&object.chars().count())
        && !object.contains(['，', '、', ','])
        && body[..at].contains(['、', '等'])
}

/// Whether the text speaks of someone as 他/她 (not 其他, 他人, 他国, 他们):
/// in a following sentence that is the reporter speaking of the speaker.
pub(super) fn third_person(text: &str) -> bool {
    // (each character with the one before and the one after, no copy)
    let mut previous = None;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if matches!(ch, '他' | '她')
            && !matches!(previous, Some('其' | '吉' | '利'))
            && !chars
                .peek()
                .is_some_and(|next| matches!(next, '们' | '人' | '国' | '乡' | '方' | '者'))
        {
            return true;
        }
        previous = Some(ch);
    }
    false
}

/// The text of `sentence` outside “…” quotes.
pub(super) fn outside_quotes(sentence: &str) -> String {
    let mut depth = 0i32;
    let mut out = String::with_capacity(sentence.len());
    // the text between two quote marks, copied a run at a time
    let mut from = 0;
    for (at, mark) in sentence.match_indices(['“', '”']) {
        if depth == 0 {
            out.push_str(&sentence[from..at]);
        }
        depth = if mark == "“" {
            depth + 1
        } else {
            (depth - 1).max(0)
        };
        from = at + mark.len();
    }
    if depth == 0 {
        out.push_str(&sentence[from..]);
    }
    out
}

/// The index after the sentence that contains `from` (after its 。！？), or `limit`.
pub(super) fn sentence_end(c: &Chars, from: usize, limit: usize) -> usize {
    let mut depth = 0i32;
    for i in from..limit.min(c.len()) {
        match c.chars[i] {
            '“' => depth += 1,
            '”' => depth = (depth - 1).max(0),
            '。' | '！' | '？' | '!' | '?' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    limit.min(c.len())
}

/// Drops surrounding spaces from a character range.
pub(super) fn trim_speech(c: &Chars, (mut from, mut to): (usize, usize)) -> (usize, usize) {
    while from < to && c.chars[from].is_whitespace() {
        from += 1;
    }
    while to > from && c.chars[to - 1].is_whitespace() {
        to -= 1;
    }
    (from, to)
}

/// The “…” quote that closes right before character `at` (skipping one `，`);
/// returns the range inside the marks.
pub(super) fn quote_before(c: &Chars, at: usize) -> Option<(usize, usize)> {
    let mut close = at.checked_sub(1)?;
    if matches!(c.get(close), Some('，' | ',')) {
        close = close.checked_sub(1)?;
    }
    if c.get(close) != Some('”') {
        return None;
    }
    let mut depth = 0;
    for i in (0..close).rev() {
        match c.chars[i] {
            '”' => depth += 1,
            '“' if depth == 0 => return Some((i + 1, close)),
            '“' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The “…” quote that opens at character `open`; returns the range inside the marks.
pub(super) fn quote_after(c: &Chars, open: usize) -> Option<(usize, usize)> {
    if c.get(open) != Some('“') {
        return None;
    }
    let mut depth = 0;
    for i in open + 1..c.len() {
        match c.chars[i] {
            '“' => depth += 1,
            '”' if depth == 0 => return Some((open + 1, i)),
            '”' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether the “…” quote with inside range `inside` is the whole utterance
/// (`说：“……。”`), not a term at the start of indirect speech (`说，“十三五”期间…`).
pub(super) fn closes_sentence(c: &Chars, (_, close): (usize, usize)) -> bool {
    let before_close = close.checked_sub(1).and_then(|i| c.get(i));
    let after_close = c.get(close + 1);
    matches!(before_close, Some('。' | '！' | '？' | '!' | '?' | '…'))
        || matches!(
            after_close,
            None | Some('。' | '！' | '？' | '!' | '?' | '\r')
        )
}
