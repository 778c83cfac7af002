//! What the quote automaton looks for: cue verbs, content and report verbs,
//! proposals in quotes, `：“` and 提案, each with what kind of attribution it starts.

use std::ops::Range;
use std::sync::OnceLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use super::form::COMMA_FREE;
use super::resolve::POSTS;
use crate::extract::speaker::RULERS;

/// What an automaton match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    /// A speech verb; `loose` verbs may run straight into the clause (他说歼-20…),
    /// the others need `，`/`：` after them.
    Cue { verb: &'static str, loose: bool },
    /// `告诉大家，…`: the verb takes an object before the speech.
    Tell { verb: &'static str },
    /// `名字：“…”`.
    ColonQuote,
    /// `“…”是…景亚萍此次的提案之一`.
    Proposal,
    /// `向总书记汇报了村里的产业发展情况`, `关心的是…`: what follows, to the
    /// end of the sentence, is what was said.
    Content { verb: &'static str },
    /// `围绕推进新型工业化向总书记作了汇报`: the topic after 围绕 is what was said.
    Report,
    /// `X带来“…”的建议`, `X提出了关于“…”的建议`, `X把“…”的建议带到全国两会`,
    /// `X以“…”“…”为内容提出建议`: the proposal is the quote.
    QuotedProposal,
    /// `全国人大代表张伟对此深有感触。“……。”`: a quote that is a sentence of
    /// its own, after a sentence about someone.
    NextQuote,
    /// `周强从六个方面总结2021年主要工作：一是…`, `赵乐际对今后一年的任务进行
    /// 部署：…`: a report summed up, its content after the colon.
    Summary { verb: &'static str },
}

pub(super) const TRIGGERS: &[(&str, Trigger)] = &[
    (
        "表示",
        Trigger::Cue {
            verb: "表示",
            loose: false,
        },
    ),
    (
        "说",
        Trigger::Cue {
            verb: "说",
            loose: true,
        },
    ),
    // 双方一致同意将共同努力…: what the sides agreed on, said together
    (
        "一致同意",
        Trigger::Cue {
            verb: "同意",
            loose: true,
        },
    ),
    // 他说到，…: 说 with a complement, then the speech
    (
        "说到",
        Trigger::Cue {
            verb: "说",
            loose: false,
        },
    ),
    (
        "说道",
        Trigger::Cue {
            verb: "说",
            loose: false,
        },
    ),
    (
        "介绍说",
        Trigger::Cue {
            verb: "介绍",
            loose: false,
        },
    ),
    (
        "解释说",
        Trigger::Cue {
            verb: "解释",
            loose: false,
        },
    ),
    (
        "认为",
        Trigger::Cue {
            verb: "认为",
            loose: true,
        },
    ),
    (
        "建议",
        Trigger::Cue {
            verb: "建议",
            loose: true,
        },
    ),
    (
        "指出",
        Trigger::Cue {
            verb: "指出",
            loose: false,
        },
    ),
    (
        "强调",
        Trigger::Cue {
            verb: "强调",
            loose: false,
        },
    ),
    (
        "提出",
        Trigger::Cue {
            verb: "提出",
            loose: false,
        },
    ),
    (
        "介绍",
        Trigger::Cue {
            verb: "介绍",
            loose: false,
        },
    ),
    (
        "呼吁",
        Trigger::Cue {
            verb: "呼吁",
            loose: true,
        },
    ),
    (
        "透露",
        Trigger::Cue {
            verb: "透露",
            loose: false,
        },
    ),
    // 坦言压力大: a frank word, the speech right after it
    (
        "坦言",
        Trigger::Cue {
            verb: "坦言",
            loose: true,
        },
    ),
    (
        "直言",
        Trigger::Cue {
            verb: "直言",
            loose: false,
        },
    ),
    (
        "报告",
        Trigger::Cue {
            verb: "报告",
            loose: false,
        },
    ),
    (
        "汇报",
        Trigger::Cue {
            verb: "汇报",
            loose: false,
        },
    ),
    (
        "希望",
        Trigger::Cue {
            verb: "希望",
            loose: true,
        },
    ),
    (
        "称",
        Trigger::Cue {
            verb: "称",
            loose: true,
        },
    ),
    (
        "宣布",
        Trigger::Cue {
            verb: "宣布",
            loose: false,
        },
    ),
    (
        "相信",
        Trigger::Cue {
            verb: "相信",
            loose: true,
        },
    ),
    (
        "指责",
        Trigger::Cue {
            verb: "指责",
            loose: true,
        },
    ),
    (
        "警告",
        Trigger::Cue {
            verb: "警告",
            loose: false,
        },
    ),
    (
        "警告说",
        Trigger::Cue {
            verb: "警告",
            loose: false,
        },
    ),
    (
        "回应",
        Trigger::Cue {
            verb: "回应",
            loose: false,
        },
    ),
    (
        "谈到",
        Trigger::Cue {
            verb: "谈到",
            loose: false,
        },
    ),
    (
        "重申",
        Trigger::Cue {
            verb: "重申",
            loose: false,
        },
    ),
    (
        "要求",
        Trigger::Cue {
            verb: "要求",
            loose: true,
        },
    ),
    (
        "叮嘱",
        Trigger::Cue {
            verb: "叮嘱",
            loose: true,
        },
    ),
    (
        "嘱托",
        Trigger::Cue {
            verb: "嘱托",
            loose: false,
        },
    ),
    (
        "勉励",
        Trigger::Cue {
            verb: "勉励",
            loose: true,
        },
    ),
    (
        "问道",
        Trigger::Cue {
            verb: "问",
            loose: false,
        },
    ),
    (
        "提问说",
        Trigger::Cue {
            verb: "问",
            loose: false,
        },
    ),
    (
        "回忆说",
        Trigger::Cue {
            verb: "回忆",
            loose: false,
        },
    ),
    (
        "补充说",
        Trigger::Cue {
            verb: "补充",
            loose: false,
        },
    ),
    (
        "感慨",
        Trigger::Cue {
            verb: "感慨",
            loose: false,
        },
    ),
    (
        "期待",
        Trigger::Cue {
            verb: "期待",
            loose: true,
        },
    ),
    ("汇报了", Trigger::Content { verb: "汇报" }),
    // topic reports that give their content: 王阶介绍了中医在抗疫中发挥的独特作用
    ("介绍了", Trigger::Content { verb: "介绍" }),
    ("分享了", Trigger::Content { verb: "分享" }),
    ("分享", Trigger::Content { verb: "分享" }),
    ("提出了", Trigger::Content { verb: "提出" }),
    ("讲述了", Trigger::Content { verb: "讲述" }),
    ("谈到了", Trigger::Content { verb: "谈到" }),
    (
        "看来",
        Trigger::Cue {
            verb: "看来",
            loose: false,
        },
    ),
    // 他充分肯定…所取得的巨大成就, 尼科利奇高度赞赏中国发展对…的引领作用:
    // (评价 is a verb of saying below, 高度评价 a resolution's word)
    // an appraisal with its degree, what is appraised is what was said
    // (found by the verb and kept after 充分 or 高度 only, see [`scan`]: the
    // automaton is slower for each common first character)
    ("肯定", Trigger::Content { verb: "肯定" }),
    ("赞赏", Trigger::Content { verb: "赞赏" }),
    ("关心的是", Trigger::Content { verb: "关心" }),
    ("关注的是", Trigger::Content { verb: "关注" }),
    ("谈的是", Trigger::Content { verb: "谈" }),
    ("聚焦的是", Trigger::Content { verb: "聚焦" }),
    // 习近平作了部署：要做到…: what was laid down, after a colon
    (
        "作了部署",
        Trigger::Cue {
            verb: "部署",
            loose: false,
        },
    ),
    (
        "作出部署",
        Trigger::Cue {
            verb: "部署",
            loose: false,
        },
    ),
    ("作了汇报", Trigger::Report),
    ("作汇报", Trigger::Report),
    (
        "提出建议",
        Trigger::Cue {
            verb: "建议",
            loose: false,
        },
    ),
    (
        "提出了建议",
        Trigger::Cue {
            verb: "建议",
            loose: false,
        },
    ),
    ("”的建议", Trigger::QuotedProposal),
    ("”的提案", Trigger::QuotedProposal),
    ("”的议案", Trigger::QuotedProposal),
    ("”为内容", Trigger::QuotedProposal),
    ("告诉", Trigger::Tell { verb: "告诉" }),
    // 总书记鼓励大家，林区经济转型…: encouragement or advice to the people
    // spoken to (only to a group or a pronoun: see `cue_attribution`), as
    // 勉励 and 叮嘱 above
    ("鼓励", Trigger::Tell { verb: "鼓励" }),
    ("嘱咐", Trigger::Tell { verb: "嘱咐" }),
    ("：“", Trigger::ColonQuote),
    ("。“", Trigger::NextQuote),
    ("提案", Trigger::Proposal),
    ("议案", Trigger::Proposal),
    ("总结", Trigger::Summary { verb: "总结" }),
    ("回顾", Trigger::Summary { verb: "回顾" }),
    ("部署", Trigger::Summary { verb: "部署" }),
    ("阐述", Trigger::Summary { verb: "阐述" }),
];

/// How far a summing-up verb may stand from the colon after which the
/// content follows (总结一年来贯彻党中央决策部署，统筹推进…情况：).
pub(super) const SUMMARY_REACH: usize = 48;

/// Where the colon is that closes the words after a summing-up verb, within
/// [`SUMMARY_REACH`] characters and the sentence, as a count of characters
/// from `after`'s start.
pub(super) fn summary_colon(after: &str) -> Option<usize> {
    for (i, ch) in after.chars().take(SUMMARY_REACH).enumerate() {
        match ch {
            '：' | ':' => return Some(i),
            '。' | '；' | '！' | '？' | '“' | '\n' => return None,
            _ => {}
        }
    }
    None
}

/// More verbs of saying, each with the verb it stands for: they need `，` or
/// `：` after them, like the cues of [`TRIGGERS`] that are not loose.
pub(super) const SAYING: &[(&str, &str)] = &[
    // 习近平总书记还指示，…: an instruction
    ("指示", "指示"),
    // 提醒，…, 预计，…, 提到，…
    ("提醒", "提醒"),
    ("告诫", "告诫"),
    ("寄语", "寄语"),
    ("号召", "号召"),
    ("提议", "提议"),
    ("倡议", "倡议"),
    ("主张", "主张"),
    ("声称", "声称"),
    ("宣称", "宣称"),
    ("承认", "承认"),
    ("反驳", "反驳"),
    ("批评", "批评"),
    ("预计", "预计"),
    ("估计", "估计"),
    ("坚信", "坚信"),
    ("断言", "断言"),
    ("分析", "分析"),
    ("评价", "评价"),
    ("谈及", "谈及"),
    ("谈起", "谈起"),
    ("提到", "提到"),
    ("回答", "回答"),
    ("感叹", "感叹"),
    ("补充", "补充"),
    // 分析说, 强调说, 总书记鼓励说, 笑着说, 写道: how it was said, then 说/道
    ("分析说", "说"),
    ("评价说", "说"),
    ("强调说", "说"),
    ("指出说", "说"),
    ("表示说", "说"),
    ("透露说", "说"),
    ("坦言说", "说"),
    ("直言说", "说"),
    ("感慨说", "说"),
    ("回答说", "说"),
    ("解读说", "说"),
    ("回应说", "说"),
    ("提醒说", "说"),
    ("鼓励说", "说"),
    ("称赞说", "说"),
    ("感叹说", "说"),
    ("批评说", "说"),
    ("笑着说", "说"),
    ("总结说", "说"),
    ("感叹道", "说"),
    ("补充道", "说"),
    ("回忆道", "说"),
    ("写道", "说"),
    ("笑道", "说"),
    // 刘德华说得好，“…”: a saying approved
    ("说得好", "说"),
];

/// What follows a cue that is not loose when speech comes after it (see
/// [`super::form::follow_ok`]).
const SPEECH_OPENERS: [char; 6] = ['，', '：', ',', ':', '“', '。'];

/// What one pass of the automaton over an article body found.
pub(super) struct Scan {
    /// Triggers, by byte range in the body, in text order.
    pub triggers: Vec<(Range<usize>, Trigger)>,
    /// Byte offsets where a post of [`POSTS`] ends (伊朗外长|扎里夫).
    pub post_ends: Vec<usize>,
}

impl Scan {
    /// The triggers that lie inside `range` of the body.
    pub fn within(&self, range: &Range<usize>) -> &[(Range<usize>, Trigger)] {
        let from = self
            .triggers
            .partition_point(|(hit, _)| hit.start < range.start);
        let to = from
            + self.triggers[from..]
                .iter()
                .take_while(|(hit, _)| hit.end <= range.end)
                .count();
        &self.triggers[from..to]
    }
}

/// Finds the triggers and the posts of `body` in one pass: the text is read
/// once, whatever the number of patterns. Kept out of its caller: inlined
/// into it, the automaton's loop was compiled to about 1 % more
/// instructions a cold round of the extract bench (callgrind).
#[inline(never)]
pub(super) fn scan(body: &str) -> Scan {
    let mut found = Scan {
        triggers: Vec::new(),
        post_ends: Vec::new(),
    };
    for hit in automaton().leftmost_find_iter(body) {
        let value = hit.value() as usize;
        let mut start = hit.start();
        let trigger = match TRIGGERS.get(value) {
            // (议案 only as the noun of a proposal's content: …的议案)
            Some((pattern, _)) if *pattern == "议案" && !body[..hit.start()].ends_with('的') => {
                continue
            }
            Some(&(_, trigger)) => trigger,
            None => match SAYING.get(value - TRIGGERS.len()) {
                Some(&(_, verb)) => Trigger::Cue { verb, loose: false },
                None => {
                    found.post_ends.push(hit.end());
                    continue;
                }
            },
        };
        // a cue that needs punctuation after it and has none opens no
        // speech (分析, 预计, 介绍 are common words): a paragraph with no
        // other trigger is then not read at all
        if let Trigger::Cue { verb, loose: false } = trigger {
            if !COMMA_FREE.contains(&verb) && !body[hit.end()..].starts_with(SPEECH_OPENERS) {
                continue;
            }
        }
        // an appraisal with its degree: the degree is part of the cue
        if let Trigger::Content {
            verb: "肯定" | "赞赏",
        } = trigger
        {
            match ["充分", "高度"]
                .iter()
                .find(|degree| body[..start].ends_with(*degree))
            {
                Some(degree) => start -= degree.len(),
                None => continue,
            }
        }
        // (总结，… is a cue like the others; a summing-up with no colon
        // after it sums up nothing)
        if let Trigger::Summary { .. } = trigger {
            let after = &body[hit.end()..];
            if !after.starts_with(SPEECH_OPENERS) && summary_colon(after).is_none() {
                continue;
            }
        }
        found.triggers.push((start..hit.end(), trigger));
    }
    found
}

/// The triggers, the verbs of [`SAYING`], then the posts: a match's value
/// (its pattern's index) tells which. A double array over characters (daachorse) steps once a
/// character where a byte automaton steps three times on Chinese text.
fn automaton() -> &'static CharwiseDoubleArrayAhoCorasick<u32> {
    static AUTOMATON: OnceLock<CharwiseDoubleArrayAhoCorasick<u32>> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(
                TRIGGERS
                    .iter()
                    .map(|(pattern, _)| *pattern)
                    .chain(SAYING.iter().map(|(pattern, _)| *pattern))
                    .chain(POSTS.iter().chain(RULERS).copied()),
            )
            .unwrap_or_else(|_| unreachable!("the trigger patterns are fixed, distinct and valid"))
    })
}
