//! Quotes: who said what, with the cue verb.
//!
//! [`extract_quotes`] reads an article body paragraph by paragraph. An
//! Aho-Corasick automaton (a double array over characters) finds cue verbs
//! (表示, 说, 建议, 认为, 指出, 强调…), the `：“` of an interview line and 提案;
//! paragraphs without any are skipped, which keeps extraction fast on large
//! corpora. For each cue the subject is read
//! backwards: an optional adverbial gap (在参加浙江代表团审议时, 也, 向大家,
//! 颇有感触地), then a name with its title chain ([`super::speaker`]), a list of
//! names (张工、袁桐利和杨茂荣), or a pronoun (他/她/其) that refers back to the
//! last person introduced. What was said is the direct quote in “…” (after or
//! before the attribution) or the indirect speech after the cue, up to the next
//! speaker or a narration marker.
//!
//! Precision first: a cue whose subject is not a named person (大家表示,
//! 代表们认为, 相关负责人表示) or that only names a topic (介绍了…, 回答了记者的提问)
//! yields nothing, and the credits block (策划/采写/编辑…) is never read.
//!
//! Invariant: for every quote, `&body[start..end] == text`.

use std::cell::OnceCell;
use std::ops::Range;

use crate::extract::province::section_province;
use crate::extract::roster::link_quotes;
use crate::extract::speaker::{has_surname, is_clause_break, jieba_says_name, Chars, Person};
use crate::model::{Quote, Role, Span, SpanKind};
use crate::split::split;

use self::form::MIN_ALONE_QUOTE_CHARS;
use self::form::{
    colon_attribution, content_attribution, cue_attribution, heading_quote, next_quote_attribution,
    report_attribution, summary_attribution,
};
use self::proposal::{
    proposal_attribution, quoted_proposal_attribution, unquoted_proposal_attribution,
};
use self::resolve::introduced_names;
use self::resolve::opening_subject_before;
use self::role::stated_role;
use self::speech::{cut_speeches, quote_after, quote_before, trim_speech};
use self::trigger::{scan, Trigger};
use self::whole::whole_name;

mod form;
mod gap;
mod proposal;
mod resolve;
mod role;
mod speech;
mod subject;
mod trigger;
mod whole;

/// Every quote attributed to a named speaker in `body`, in text order, with
/// speakers linked to the 14th NPC roster ([`super::roster`]) where the
/// article allows it. Without the article's date only its text decides; see
/// [`extract_quotes_dated`].
pub fn extract_quotes(body: &str) -> Vec<Quote> {
    extract_quotes_dated(body, None)
}

/// [`extract_quotes`] of an article dated `date` (`YYYY-MM-DD`): outside the
/// 14th NPC's term no speaker is linked to its roster.
pub fn extract_quotes_dated(body: &str, date: Option<&str>) -> Vec<Quote> {
    extract_quotes_in_spans(body, &split(body), date)
}

/// [`extract_quotes_dated`] for a caller that has split `body` already:
/// `spans` must be what [`split`] made of it (the body is not split twice).
pub fn extract_quotes_in_spans(body: &str, spans: &[Span], date: Option<&str>) -> Vec<Quote> {
    let mut quotes = find_quotes(body, spans);
    link_quotes(&mut quotes, body, date);
    quotes
}

/// The quotes of `body`, split into `spans`, before roster linking.
fn find_quotes(body: &str, spans: &[Span]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut leader: Option<Option<String>> = None;
    let scan = scan(body);
    let mut context = Context {
        body,
        section: None,
        previous_speaker: None,
        recent: Vec::new(),
        known: introduced_names(body, &scan.post_ends),
        leader: &mut leader,
        previous_paragraph: None,
        previous_chars: OnceCell::new(),
        previous_group: None,
        previous_quoted: false,
    };
    // the quotes of the paragraph before whose indirect speech ran to its end
    let mut open: Vec<Quote> = Vec::new();
    for paragraph in paragraphs(body, spans) {
        if !matches!(paragraph, Paragraph::Text(_)) {
            open.clear();
        }
        let (range, section, indexed) = match paragraph {
            Paragraph::Section(section) => {
                context.section = section;
                context.previous_speaker = None;
                context.previous_paragraph = None;
                context.previous_chars = OnceCell::new();
                context.previous_group = None;
                continue;
            }
            Paragraph::Text(range) => (range, context.section, None),
            Paragraph::Heading(range) => {
                let c = Chars::new(&body[range.clone()]);
                if let Some((person, quote)) = heading_quote(&c, range.start, &context) {
                    context.previous_speaker = Some(person.clone());
                    if !context.known.iter().any(|k| k.name == person.name) {
                        context.known.push(person);
                    }
                    quotes.push(quote);
                    continue;
                }
                (range, context.section, Some(c))
            }
        };
        let hits = scan.within(&range);
        let line = &body[range.clone()];
        // the paragraph indexed by character once, for every rule that reads it
        // and, as the paragraph before, for the next one's
        let mut chars = indexed.map_or_else(OnceCell::new, OnceCell::from);
        let mut found = if hits.is_empty() {
            Vec::new()
        } else {
            context.section = section;
            let c = chars.get_or_init(|| Chars::new(line));
            paragraph_quotes(c, range.start, hits, &mut context)
        };
        if found.is_empty() && line.starts_with('“') && !context.previous_quoted {
            let c = chars.get_or_init(|| Chars::new(line));
            found.extend(paragraph_quote(c, range.start, &mut context));
        }
        context.previous_quoted = !found.is_empty();
        context.previous_paragraph = Some(range.clone());
        context.previous_chars = std::mem::take(&mut chars);
        context.previous_group = last_group(&found);
        if found.is_empty() {
            if !open.is_empty() && (continues_speech(line) || voice_goes_on(line, &open)) {
                // 要坚持…: a speech goes on in the paragraph after it
                for quote in &open {
                    quotes.push(Quote {
                        text: line.to_string(),
                        start: range.start,
                        end: range.end,
                        ..quote.clone()
                    });
                }
            } else {
                open.clear();
            }
            continue;
        }
        open = found
            .iter()
            .map(|(_, quote)| quote)
            .filter(|q| {
                q.cue != "“”"
                    && body
                        .get(q.end..range.end)
                        .is_some_and(|rest| rest.trim().is_empty())
                    && !body[..q.start].ends_with('“')
            })
            .cloned()
            .collect();
        if let Some((person, _)) = found.last() {
            context.previous_speaker = Some(person.clone());
        }
        for (person, _) in &found {
            if !context.known.iter().any(|k| k.name == person.name) {
                context.known.push(person.clone());
            }
            context.recent.retain(|p| p.name != person.name);
            context.recent.push(person.clone());
        }
        quotes.extend(found.into_iter().map(|(_, quote)| quote));
    }
    // 林郑月 for 林郑月娥: a name read short, read whole (once per name)
    let mut read: Vec<(String, Option<String>)> = Vec::new();
    for quote in &mut quotes {
        let whole = match read.iter().find(|(name, _)| *name == quote.speaker) {
            Some((_, whole)) => whole.clone(),
            None => {
                let whole = whole_name(body, &quote.speaker, quote.start, &scan.triggers);
                read.push((quote.speaker.clone(), whole.clone()));
                whole
            }
        };
        if let Some(whole) = whole {
            quote.speaker = whole;
        }
    }
    // a speaker is often quoted several times: the body is searched once per
    // name, and a role or province one quote gives holds for the others
    let mut stated: Vec<(String, Option<Role>)> = quotes
        .iter()
        .filter(|q| q.role != Role::Other)
        .map(|q| (q.speaker.clone(), Some(q.role)))
        .collect();
    let provinces: Vec<(String, String)> = quotes
        .iter()
        .filter_map(|q| Some((q.speaker.clone(), q.province.clone()?)))
        .collect();
    for quote in quotes.iter_mut().filter(|q| q.province.is_none()) {
        quote.province = provinces
            .iter()
            .find(|(name, _)| *name == quote.speaker)
            .map(|(_, province)| province.clone());
    }
    for quote in quotes.iter_mut().filter(|q| q.role == Role::Other) {
        let role = match stated.iter().find(|(name, _)| *name == quote.speaker) {
            Some(&(_, role)) => role,
            None => {
                let role = stated_role(body, &quote.speaker);
                stated.push((quote.speaker.clone(), role));
                role
            }
        };
        quote.role = role.unwrap_or(Role::Other);
    }
    quotes.sort_by_key(|q| (q.start, q.end));
    quotes
}

/// `全国人大代表张伟一直关注乡村教育。⏎“……。”`: a paragraph that is one
/// quote, after a paragraph that quotes nobody and whose last clauses open
/// with one person, is that person's (`base` is where `line` starts).
#[inline(never)]
fn paragraph_quote(c: &Chars, base: usize, context: &mut Context) -> Option<(Person, Quote)> {
    let inside = quote_after(c, 0)?;
    // the quote is the whole paragraph, and long enough to be a statement
    let rest = c.slice(inside.1 + 1, c.len());
    if inside.1 < inside.0 + MIN_ALONE_QUOTE_CHARS || !matches!(rest, "" | "。") {
        return None;
    }
    let range = context.previous_paragraph.clone()?;
    // taken out of the context while its subject is read, and put back
    let previous = std::mem::take(&mut context.previous_chars);
    let before = previous.get_or_init(|| Chars::new(&context.body[range]));
    let opened = opening_subject_before(before, before.len(), context);
    context.previous_chars = previous;
    let (_, person) = opened?;
    let (from, to) = trim_speech(c, inside);
    let quote = quote_of(
        &person,
        "“”",
        base + c.offsets[from]..base + c.offsets[to],
        context,
    );
    Some((person, quote))
}

/// The quote of `person` at `range` of the body, with `cue`.
fn quote_of(person: &Person, cue: &str, range: Range<usize>, context: &Context) -> Quote {
    Quote {
        speaker: person.name.clone(),
        role: person.role,
        titles: person.titles.clone(),
        province: person.province.or(context.section).map(str::to_string),
        text: context.body[range.clone()].to_string(),
        cue: cue.to_string(),
        start: range.start,
        end: range.end,
        roster: None,
    }
}

/// The people of a paragraph's last statement when several made it.
fn last_group(found: &[(Person, Quote)]) -> Option<Vec<Person>> {
    let (_, last) = found.last()?;
    let people: Vec<Person> = found
        .iter()
        .filter(|(_, q)| q.start == last.start && q.end == last.end)
        .map(|(person, _)| person.clone())
        .collect();
    (people.len() >= 2).then_some(people)
}

/// Openings of a paragraph that carry on the speech of the paragraph before:
/// the instructions and enumerations of a reported speech (要…, 必须…, 一要…,
/// 双方要…, 第二，…).
const CONTINUATIONS: &[&str] = &[
    "要",
    "必须",
    "我们要",
    "我们必须",
    "双方要",
    "双方应",
    "一要",
    "二要",
    "三要",
    "四要",
    "五要",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "第一，",
    "第二，",
    "第三，",
    "第四，",
    "首先，",
    "其次，",
    "最后，",
];

/// Whether a paragraph opens as a reported speech goes on.
fn continues_speech(line: &str) -> bool {
    CONTINUATIONS
        .iter()
        .any(|opening| line.starts_with(opening))
}

/// Words of a speaker's own voice: what they or their side must or will do.
const VOICE: &[&str] = &["我们", "必须", "不能", "应当", "应该"];

/// Whether a paragraph with no cue goes on with the statement of the
/// paragraph before, which ran to its end (陈锡文介绍说，…。⏎目前，全国有
/// …。…不能搞强迫命令，必须要遵循底线。): its first sentence does not read
/// as the reporter's (a narration opening, a name of the speaker, 记者, a
/// time phrase that moves the story on), and it speaks in the speaker's
/// voice ([`VOICE`]) outside quotation marks.
fn voice_goes_on(line: &str, open: &[Quote]) -> bool {
    if line.starts_with('“') || !VOICE.iter().any(|w| line.contains(w)) {
        return false;
    }
    let first = line
        .find(['。', '！', '？'])
        .map_or(line, |at| &line[..at + '。'.len_utf8()]);
    let speakers: Vec<&str> = open.iter().map(|q| q.speaker.as_str()).collect();
    // (目前，德国总统施泰因迈尔仍希望…: someone new after a post is the
    // reporter's subject)
    let c = Chars::new(first);
    !self::speech::narration_sentence(first, &speakers)
        && crate::extract::speaker::mentions(&c, 0, c.len()).is_empty()
        && {
            // (the text outside quotes made once for every word)
            let outside = self::speech::outside_quotes(line);
            VOICE.iter().any(|w| outside.contains(w))
        }
}

/// What a paragraph needs from the rest of the article.
struct Context<'a> {
    body: &'a str,
    section: Option<&'static str>,
    /// The last person quoted, in this paragraph or one before it.
    previous_speaker: Option<Person>,
    /// The people quoted so far, the most recent last, each once.
    recent: Vec<Person>,
    /// The people the article has named so far: speakers found, and names
    /// written after a post anywhere in it ([`introduced_names`]).
    known: Vec<Person>,
    /// The person called 总书记 in this article, looked up on first use.
    leader: &'a mut Option<Option<String>>,
    /// The paragraph before this one (byte range in the body), for a group
    /// word that opens a paragraph (两位代表告诉记者, 他们表示).
    previous_paragraph: Option<Range<usize>>,
    /// The paragraph before indexed by character: kept from its own reading,
    /// or made on first use.
    previous_chars: OnceCell<Chars<'a>>,
    /// The people of the previous paragraph's last statement, when several.
    previous_group: Option<Vec<Person>>,
    /// Whether the paragraph before quoted anyone.
    previous_quoted: bool,
}

impl<'a> Context<'a> {
    /// The paragraph before this one, indexed by character.
    fn previous_chars(&self) -> Option<&Chars<'a>> {
        let range = self.previous_paragraph.clone()?;
        Some(
            self.previous_chars
                .get_or_init(|| Chars::new(&self.body[range])),
        )
    }

    fn leader(&mut self) -> Option<String> {
        if self.leader.is_none() {
            *self.leader = Some(find_leader(self.body));
        }
        self.leader.clone().flatten()
    }
}

/// The name written before 总书记 in the article (习近平总书记 → 习近平).
fn find_leader(body: &str) -> Option<String> {
    find_leader_before(body).or_else(|| find_leader_after(body))
}

/// `总书记、中央军委主席习近平`: the name after the chain of posts that starts
/// with 总书记, when no name stands before it anywhere.
fn find_leader_after(body: &str) -> Option<String> {
    body.match_indices("总书记").find_map(|(at, found)| {
        let chain: String = body[at + found.len()..]
            .chars()
            .take_while(|&ch| !is_clause_break(ch))
            .take(24)
            .collect();
        let c = Chars::new(&chain);
        (0..c.len().saturating_sub(2)).find_map(|start| {
            let name = c.slice(start, start + 3);
            (has_surname(name) && jieba_says_name(name)).then(|| name.to_string())
        })
    })
}

fn find_leader_before(body: &str) -> Option<String> {
    body.match_indices("总书记").find_map(|(at, _)| {
        let before: String = body[..at]
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let c = Chars::new(&before);
        (0..c.len().saturating_sub(1)).find_map(|start| {
            let name = c.slice(start, c.len());
            (has_surname(name) && jieba_says_name(name)).then(|| name.to_string())
        })
    })
}

/// The first three-character name with `surname` in `body` (习近平 for 习主席).
fn name_with_surname(body: &str, surname: char) -> Option<String> {
    body.match_indices(surname).find_map(|(at, _)| {
        let name: String = body[at..].chars().take(3).collect();
        (name.chars().count() == 3 && jieba_says_name(&name)).then_some(name)
    })
}

/// One attribution found in a paragraph, before its speech is cut to length.
struct Attribution {
    people: Vec<Person>,
    /// Character index where the subject clause starts.
    subject_start: usize,
    cue: &'static str,
    /// Character range of what was said.
    speech: (usize, usize),
    /// The speech is a “…” quote with fixed ends.
    quoted: bool,
}

/// The quotes of the paragraph `line`, which starts at byte `base` of the
/// body and holds the triggers `hits` (by byte range in the body).
fn paragraph_quotes(
    c: &Chars,
    base: usize,
    hits: &[(Range<usize>, Trigger)],
    context: &mut Context,
) -> Vec<(Person, Quote)> {
    let mut found: Vec<Attribution> = Vec::new();
    let mut consumed_until = 0;
    for (hit, trigger) in hits {
        let trigger = *trigger;
        let cue_start = c.char_index(hit.start - base);
        let cue_end = c.char_index(hit.end - base);
        if cue_start < consumed_until {
            continue;
        }
        let attribution = match trigger {
            Trigger::Cue { verb, loose } => {
                cue_attribution(c, cue_start, cue_end, verb, loose, false, context, &found)
            }
            Trigger::Tell { verb } => {
                cue_attribution(c, cue_start, cue_end, verb, false, true, context, &found)
            }
            Trigger::ColonQuote => colon_attribution(c, cue_start, context),
            Trigger::Proposal => proposal_attribution(c, cue_start, context)
                .or_else(|| unquoted_proposal_attribution(c, cue_start, context, &found)),
            Trigger::Content { verb } => {
                content_attribution(c, cue_start, cue_end, verb, context, &found)
            }
            Trigger::Report => report_attribution(c, cue_start, context, &found),
            Trigger::QuotedProposal => quoted_proposal_attribution(c, cue_start, context, &found),
            Trigger::NextQuote => next_quote_attribution(c, cue_start + 1, context, &found),
            Trigger::Summary { verb } => {
                summary_attribution(c, cue_start..cue_end, verb, context, &found)
            }
        };
        if let Some(attribution) = attribution {
            // “……”他说。 after the same quote taken as standing alone
            let again = found.iter().any(|a| {
                a.speech == attribution.speech
                    && a.people
                        .iter()
                        .map(|p| &p.name)
                        .eq(attribution.people.iter().map(|p| &p.name))
            });
            if again {
                continue;
            }
            if attribution.quoted && attribution.speech.1 > cue_end {
                consumed_until = attribution.speech.1;
            }
            if attribution.quoted && attribution.speech.1 > cue_end && attribution.cue != "“”" {
                // “我们要把乡村建设好，”张伟代表说，“这是我们的责任。”: the
                // quote before the attribution is the same speaker's
                // (not a name in quotes: “叙利亚…全国联盟”委员萨菲表示，“…”)
                let before = quote_before(c, attribution.subject_start).filter(|&(open, close)| {
                    close > open
                        && matches!(
                            c.chars[close - 1],
                            '。' | '！' | '？' | '!' | '?' | '，' | ',' | '…'
                        )
                        && found.iter().all(|a| a.speech.1 < open)
                });
                if let Some(inside) = before {
                    found.push(Attribution {
                        people: attribution.people.clone(),
                        subject_start: inside.0 - 1,
                        cue: attribution.cue,
                        speech: inside,
                        quoted: true,
                    });
                }
            }
            found.push(attribution);
        }
    }
    cut_speeches(c, &mut found);
    let mut quotes = Vec::new();
    for attribution in found {
        let (from, to) = trim_speech(c, attribution.speech);
        if to <= from + 1 {
            continue;
        }
        let start = base + c.offsets[from];
        let end = base + c.offsets[to];
        for person in attribution.people {
            let quote = quote_of(&person, attribution.cue, start..end, context);
            quotes.push((person, quote));
        }
    }
    quotes
}

/// A piece of the body as quote extraction reads it.
enum Paragraph {
    /// A `【…】` section header: the province it names, if any.
    Section(Option<&'static str>),
    /// A paragraph, with the pieces split cut from it joined again.
    Text(Range<usize>),
    /// A short heading line over the paragraph below it.
    Heading(Range<usize>),
}

/// The lines of the passages [`split`] makes, and its section headers; the
/// credits block is left out.
fn paragraphs(body: &str, spans: &[Span]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    for span in spans {
        // spans made of another text are skipped, not trusted
        let Some(text) = body.get(span.range.clone()) else {
            continue;
        };
        match &span.kind {
            SpanKind::Section(name) => out.push(Paragraph::Section(section_province(name))),
            SpanKind::Credits => {}
            // a structural heading (一、…, 第五章 …) is a heading over what follows
            SpanKind::Heading => {
                let line = text;
                let start = span.range.start + (line.len() - line.trim_start().len());
                let end = span.range.start + line.trim_end().len();
                if start < end {
                    out.push(Paragraph::Heading(start..end));
                }
            }
            SpanKind::Passage => {
                let mut start = span.range.start;
                for line in text.split_inclusive('\n') {
                    let end = start + line.trim_end().len();
                    let range = start + (line.len() - line.trim_start().len())..end;
                    start += line.len();
                    if range.is_empty() {
                        continue;
                    }
                    // a long paragraph split cut into passages is one paragraph here
                    if let Some(Paragraph::Text(previous)) = out.last_mut() {
                        let between = body.get(previous.end..range.start);
                        if between.is_some_and(|between| !between.contains('\n')) {
                            previous.end = range.end;
                            continue;
                        }
                    }
                    // split glues a heading to the paragraph below it
                    if range.end < span.range.end && range.start == span.range.start {
                        out.push(Paragraph::Heading(range));
                    } else {
                        out.push(Paragraph::Text(range));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
