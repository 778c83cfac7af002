//! Names: where a person's name starts or ends in a paragraph — 2–4 character
//! Chinese names checked against the shipped surname list, names with `·`,
//! transliterated foreign names after a post, and jieba's name tags for
//! doubtful spans (remembered per thread).
//!
//! One concern at about 700 lines: every rule here answers "is this span a
//! name?", and they call one another (a transliterated name is tried where a
//! Chinese one fails, both consult the same jieba cache); the tests are in
//! `tests.rs` beside it.

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::title::{title_endings, TITLE_LAST_CHARS};
use super::{is_name_boundary, Chars};

/// Characters that never occur inside a person's name in news text.
pub(crate) fn is_forbidden_in_name(ch: char) -> bool {
    matches!(
        ch,
        '们' | '的'
            | '了'
            | '在'
            | '是'
            | '和'
            | '与'
            | '及'
            | '等'
            | '都'
            | '也'
            | '还'
            | '就'
            | '不'
            | '这'
            | '那'
            | '我'
            | '你'
            | '他'
            | '她'
            | '其'
            | '之'
            | '说'
            | '称'
            | '向'
            | '对'
            | '给'
            | '把'
            | '被'
            | '从'
            | '让'
            | '而'
            | '并'
            | '或'
            | '但'
            | '又'
            | '则'
            | '即'
            | '所'
            | '很'
            | '最'
            | '每'
            | '该'
            | '此'
            | '时'
            | '表'
            | '示'
            | '认'
            | '员'
            | '代'
            | '委'
            | '记'
            | '者'
            | '省'
            | '市'
            | '县'
            | '区'
    )
}

pub(super) fn is_han(ch: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&ch) || ('\u{3400}'..='\u{4dbf}').contains(&ch)
}

pub(super) fn is_name_dot(ch: char) -> bool {
    matches!(ch, '·' | '•' | '・' | '‧')
}

/// A dot of a name, or a hyphen written for one between two Han characters
/// (司马义-铁力瓦尔地, 阿卜杜拉曼-基纳纳): older transcriptions use it.
fn is_name_dot_at(c: &Chars, i: usize) -> bool {
    match c.get(i) {
        Some(ch) if is_name_dot(ch) => true,
        Some('-' | '－') => {
            i > 0 && c.get(i - 1).is_some_and(is_han) && c.get(i + 1).is_some_and(is_han)
        }
        _ => false,
    }
}

/// Tibetan given names, two of which make a name (扎西多杰, 格桑卓嘎): such
/// names have no surname, and jieba takes their halves for places or words.
const TIBETAN_NAMES: &[&str] = &[
    "扎西", "多杰", "多吉", "卓玛", "卓嘎", "次仁", "格桑", "旺堆", "达瓦", "尼玛", "平措", "顿珠",
    "索朗", "央金", "拉姆", "德吉", "罗布", "巴桑", "普布", "边巴", "白玛", "加央", "才让", "才旦",
    "仁青", "旦增", "益西", "洛桑", "丹增", "措姆", "曲珍", "拉巴", "次旦", "贡嘎", "桑杰", "强巴",
    "群培", "欧珠", "米玛", "琼达", "阿旺", "坚参", "土登", "泽仁", "永宗", "降央", "泽旺", "索南",
    "尼玛", "卓玛", "拉珍", "向巴", "平措", "德庆", "次珍", "玉珍", "益西", "旺姆", "曲措", "拉毛",
    "吉措", "更登",
];

/// Whether `name` is two Tibetan given names.
fn tibetan_name(name: &str) -> bool {
    let mut chars = name.char_indices();
    let Some((mid, _)) = chars.nth(2) else {
        return false;
    };
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| TIBETAN_NAMES.iter().copied().collect());
    name.chars().count() == 4 && set.contains(&name[..mid]) && set.contains(&name[mid..])
}

/// Whether `name` is a deputy's name in the shipped NPC roster: a strong
/// sign that the span is a person's name (names without a Han surname,
/// 扎西多杰, 如克亚木·麦提赛地, and names jieba splits).
fn roster_name(name: &str) -> bool {
    crate::extract::roster::roster().has_name(name)
}

pub(super) struct Surnames {
    single: FxHashSet<char>,
    compound: FxHashSet<&'static str>,
}

pub(super) fn surnames() -> &'static Surnames {
    static SURNAMES: OnceLock<Surnames> = OnceLock::new();
    SURNAMES.get_or_init(|| {
        let mut single = FxHashSet::default();
        let mut compound = FxHashSet::default();
        for line in include_str!("../../data/surnames.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut chars = line.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => {
                    single.insert(ch);
                }
                (Some(_), Some(_)) => {
                    compound.insert(line);
                }
                _ => {}
            }
        }
        Surnames { single, compound }
    })
}

/// Whether `name` starts with a known compound surname (欧阳, 司马) and has
/// more after it.
fn compound_surname(name: &str) -> bool {
    match name.char_indices().nth(2) {
        Some((end, _)) => surnames().compound.contains(&name[..end]),
        None => false,
    }
}

/// Whether `name` starts with a known surname (single or compound).
pub(crate) fn has_surname(name: &str) -> bool {
    let table = surnames();
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if let Some(second) = chars.next() {
        let end = first.len_utf8() + second.len_utf8();
        if name.len() > end && table.compound.contains(&name[..end]) {
            return true;
        }
    }
    table.single.contains(&first)
}

/// jieba's opinion: `false` when the span is one dictionary word that is not a
/// name (同学, 高铁), `true` otherwise.
pub(super) fn jieba_accepts(candidate: &str) -> bool {
    remembered(&ACCEPTED, candidate, jieba_accepts_uncached)
}

thread_local! {
    /// [`jieba_accepts`]'s decisions.
    static ACCEPTED: RefCell<FxHashMap<String, bool>> = RefCell::default();
    /// [`jieba_says_name`]'s decisions.
    static NAMED: RefCell<FxHashMap<String, bool>> = RefCell::default();
}

/// Forgets this thread's remembered jieba decisions, so that a benchmark can
/// time extraction on names it has not seen, as ingest meets them.
#[doc(hidden)]
pub fn forget_names() {
    ACCEPTED.with_borrow_mut(FxHashMap::clear);
    NAMED.with_borrow_mut(FxHashMap::clear);
}

/// `decide(candidate)`, remembered per thread: the same names come back in
/// article after article, and asking jieba (HMM included) is most of the cost
/// of finding speakers.
pub(super) fn remembered(
    seen: &'static std::thread::LocalKey<RefCell<FxHashMap<String, bool>>>,
    candidate: &str,
    decide: fn(&str) -> bool,
) -> bool {
    /// Entries kept per thread before starting afresh.
    const MAX_SEEN: usize = 65_536;
    if let Some(known) = seen.with_borrow(|seen| seen.get(candidate).copied()) {
        return known;
    }
    let decision = decide(candidate);
    seen.with_borrow_mut(|seen| {
        if seen.len() >= MAX_SEEN {
            seen.clear();
        }
        seen.insert(candidate.to_string(), decision);
    });
    decision
}

/// Two characters that read as a surname and a given name but name no
/// person in news text: a character said twice (殷殷嘱托, 谆谆: the roster's
/// 冉冉 and 兰兰 are people) and a country's army or media by its one-character
/// short name (乌军称, 巴媒称; 韩军 and 王军 are people).
pub(super) fn no_person(candidate: &str) -> bool {
    /// Short names of countries in 乌军, 美媒: none a common surname.
    const COUNTRIES: &str = "美俄日英法德意印巴伊以叙乌朝土埃越菲泰澳缅阿";
    if country_then_word(candidate) {
        return true;
    }
    let mut chars = candidate.chars();
    let (Some(first), Some(second), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    (first == second && !roster_name(candidate))
        || (COUNTRIES.contains(first) && matches!(second, '军' | '媒'))
}

/// `中国和韩国均希望`, `伊朗核问题`, `印尼方表示`, `古巴已表示`: a country's
/// two-character short name whose first character is a surname (韩, 伊, 古,
/// 巴, 沙, 欧…), then an adverb or the first character of the next word,
/// reads as a surname and a given name of three characters. None of these
/// characters ends a given name after a country's name (韩国瑜, 韩国栋 are
/// people: 瑜 and 栋 are not among them).
fn country_then_word(candidate: &str) -> bool {
    /// Adverbs after a subject (均, 已, 曾, 仍, 将…) and the first
    /// characters of words that follow a country (方, 人, 党, 核问题, 针对,
    /// 指出, 反对, 多次, 寄语, 对, 在, 向).
    const AFTER: &str = "均也都已曾仍于将自又还则亦却便就会方人党核指反多针寄对在向与和同称";
    let mut chars = candidate.chars();
    let (Some(_), Some(_), Some(last), None) =
        (chars.next(), chars.next(), chars.next(), chars.next())
    else {
        return false;
    };
    AFTER.contains(last)
        && crate::extract::speaker::is_body_name(&candidate[..candidate.len() - last.len_utf8()])
}

pub(super) fn jieba_accepts_uncached(candidate: &str) -> bool {
    let jieba = crate::segment::jieba();
    let tags = jieba.tag(candidate, false);
    if NOT_NAMES.contains(&candidate)
        || no_person(candidate)
        || title_endings().any(|t| candidate.ends_with(t))
    {
        return false;
    }
    // 中方, 韩方, 对方: a side, not a person; 双方均 (均表示: both said)
    let core = candidate.strip_suffix('均').unwrap_or(candidate);
    if NOT_NAMES.contains(&core) || (core.chars().count() == 2 && core.ends_with('方')) {
        return false;
    }
    match tags.as_slice() {
        [only] => only.tag.starts_with("nr") || only.tag == "x" || !jieba.has_word(only.word),
        // 通道/上: a verb, adverb or function word of two characters is no given name.
        several => !several.iter().any(|t| {
            t.word.chars().count() >= 2
                && ["v", "f", "d", "p", "c", "u", "r", "m", "q", "t"]
                    .iter()
                    .any(|p| t.tag.starts_with(p))
        }),
    }
}

/// Whether jieba knows `candidate` as one dictionary word that is not a name.
fn jieba_one_other_word(candidate: &str) -> bool {
    let jieba = crate::segment::jieba();
    if NOT_NAMES.contains(&candidate) || title_endings().any(|t| candidate.ends_with(t)) {
        return true;
    }
    // 通道上 of 代表通道上: a word and a place word
    let first_two: String = candidate.chars().take(2).collect();
    let word_then_place = candidate.chars().count() == 3
        && candidate.ends_with(['上', '中', '下', '里', '内', '外', '时', '后', '前', '间'])
        && jieba.has_word(&first_two);
    word_then_place
        || matches!(jieba.tag(candidate, false).as_slice(),
            [only] if !only.tag.starts_with("nr") && jieba.has_word(only.word))
}

/// Whether jieba's dictionary covers `candidate` with words of two characters
/// or more (民营企业, 全国人大): then it is no name. The names of 来自凉山的达久木甲委员,
/// in the languages of China's minorities, break into single characters.
fn dictionary_words(candidate: &str) -> bool {
    crate::segment::jieba()
        .cut(candidate, false)
        .iter()
        .all(|word| word.word.chars().count() >= 2)
}

/// Words jieba tags as names that are not people in news text.
pub(super) const NOT_NAMES: &[&str] = &[
    "白皮书",
    "白皮",
    "高铁",
    "常委",
    "万元",
    "双方",
    "全会",
    "全体",
    // a message that speaks: 贺词指出, 贺信说
    "贺词",
    "贺信",
    "贺电",
];

/// Adverbs of manner that follow a post or a role where a name would
/// (人大代表依法行使职权, 委员分别作大会发言): the two characters read as a
/// surname and a given name.
const MANNER_AFTER_POSTS: &[&str] = &[
    "依法", "依规", "依照", "按照", "根据", "分别", "先后", "一致", "纷纷", "共同",
];

/// Time adverbs and ways of speaking that may follow a name before the cue
/// (克劳斯·恩斯特近日表示, 杰弗里·弗兰克尔撰文指出).
pub(super) const TIME_WORDS: &[&str] = &[
    "近日", "日前", "今天", "昨天", "此前", "随后", "当天", "也", "还", "则", "都", "撰文", "发文",
    "致辞", "发言",
];

pub(crate) fn jieba_says_name(candidate: &str) -> bool {
    remembered(&NAMED, candidate, jieba_says_name_uncached)
}

pub(super) fn jieba_says_name_uncached(candidate: &str) -> bool {
    // (jieba's HMM tags 韩国均, 伊朗曾 as names)
    if country_then_word(candidate) {
        return false;
    }
    let tags = crate::segment::jieba().tag(candidate, true);
    matches!(tags.as_slice(), [only] if only.tag.starts_with("nr"))
}

/// Whether the text before character `start` lets a name begin there.
pub(crate) fn boundary_before(c: &Chars, lo: usize, start: usize) -> bool {
    if start <= lo {
        return true;
    }
    let Some(prev) = c.get(start - 1) else {
        return true;
    };
    if is_name_boundary(prev) || TITLE_LAST_CHARS.contains(&prev) {
        return true;
    }
    title_ending_before(c, start, prev)
}

/// Whether one of the title endings ([`title_endings`]) ends right before character `at`, whose
/// previous character is `prev`. Asked at nearly every character of a
/// paragraph with quotes, so only the endings whose last character is `prev`
/// are tried.
pub(super) fn title_ending_before(c: &Chars, at: usize, prev: char) -> bool {
    static BY_LAST: OnceLock<FxHashMap<char, Vec<&'static str>>> = OnceLock::new();
    let by_last = BY_LAST.get_or_init(|| {
        let mut by_last: FxHashMap<char, Vec<&'static str>> = FxHashMap::default();
        for ending in title_endings() {
            if let Some(last) = ending.chars().next_back() {
                by_last.entry(last).or_default().push(ending);
            }
        }
        by_last
    });
    by_last
        .get(&prev)
        .is_some_and(|endings| endings.iter().any(|t| c.ends_with_at(at, t)))
}

/// Whether the text before `start` ends with a title or a role (not just punctuation).
pub(super) fn title_before(c: &Chars, start: usize) -> bool {
    let Some(prev) = start.checked_sub(1).and_then(|i| c.get(i)) else {
        return false;
    };
    TITLE_LAST_CHARS.contains(&prev) || title_ending_before(c, start, prev)
}

pub(super) fn plain_name_chars(c: &Chars, from: usize, to: usize) -> bool {
    (from..to).all(|i| {
        c.get(i)
            .is_some_and(|ch| is_han(ch) && !is_forbidden_in_name(ch))
    })
}

/// The start of a name that ends at character `end`, not reaching before `lo`.
///
/// `strong_suffix` says the name is followed by 代表/委员, which allows names
/// without a Han surname (泽仁永宗代表).
pub(crate) fn name_ending_at(
    c: &Chars,
    lo: usize,
    end: usize,
    strong_suffix: bool,
) -> Option<usize> {
    if end < lo + 2 || end > c.len() {
        return None;
    }
    if let Some(start) = dotted_name_ending_at(c, lo, end) {
        return Some(start);
    }
    let mut valid: Vec<usize> = Vec::new();
    let mut without_surname: Vec<usize> = Vec::new();
    for len in [3usize, 2, 4] {
        let Some(start) = end.checked_sub(len) else {
            continue;
        };
        if start < lo || !boundary_before(c, lo, start) {
            continue;
        }
        let candidate = c.slice(start, end);
        // 中国和韩国均希望, 伊朗核问题: a country and the word after it
        if len == 3 && country_then_word(candidate) {
            continue;
        }
        // 向巴平措: two Tibetan given names, whatever shorter readings say
        if len == 4 && tibetan_name(candidate) {
            return Some(start);
        }
        if (len >= 3 || has_surname(candidate)) && roster_name(candidate) {
            valid.push(start);
            continue;
        }
        // 来自湖南农村的向平华代表: a surname that is also a preposition, right
        // after 的 or a post and right before 代表/委员
        if len == 3
            && strong_suffix
            && c.get(start) == Some('向')
            && plain_name_chars(c, start + 1, end)
            && (title_before(c, start) || (start > lo && c.get(start - 1) == Some('的')))
        {
            valid.push(start);
            continue;
        }
        if !plain_name_chars(c, start, end) {
            // 许其亮, 张又侠, 汪其德: a function character as the middle of a
            // three-character name that jieba takes for a name
            if len == 3
                && has_surname(candidate)
                && c.get(start + 1)
                    .is_some_and(|ch| "其又之为以在".contains(ch))
                && plain_name_chars(c, start, start + 1)
                && plain_name_chars(c, start + 2, end)
                && jieba_says_name(candidate)
            {
                valid.push(start);
            }
            continue;
        }
        // the cheap tests first: jieba's opinion is asked only of a
        // candidate that they leave standing
        let surname_ok = has_surname(candidate);
        // 张建华、李红梅、王立新: a name after a list's 、 or 和 that follows a
        // name stands where a title would
        let titled = title_before(c, start)
            || (len == 3
                && surname_ok
                && start > lo
                && matches!(c.get(start - 1), Some('、' | '和'))
                && name_ending_at(c, lo, start - 1, false).is_some());
        let after_de = len == 4 && start > lo && c.get(start - 1) == Some('的');
        let possible = if len == 4 {
            (surname_ok && titled) || (strong_suffix && (titled || after_de))
        } else {
            surname_ok || strong_suffix || titled
        };
        // 秘书长陈一新, 特使张庆信: a surname and two characters right after a
        // post are a name unless jieba knows the span as one word that is none
        // 徐一天常委提出, 李和平委员建议: so is a surname and two characters
        // that open a clause right before 代表/委员/常委 (jieba reads 一天,
        // 和平 as words), unless they end as a place or a body does
        let opens_clause = start == 0 || c.get(start - 1).is_some_and(super::is_clause_break);
        let suffixed_name = len == 3
            && surname_ok
            && strong_suffix
            && opens_clause
            && !c
                .get(end - 1)
                .is_some_and(|ch| "界方省市县区团部局队组会".contains(ch));
        let titled_name =
            len == 3 && surname_ok && (titled || suffixed_name) && !jieba_one_other_word(candidate);
        // 欧阳明高常委代表民盟中央发言提出: the same for a compound surname and
        // two characters, when the two are no word of jieba's (东方电气代表
        // is a company's)
        let compound_name = len == 4
            && strong_suffix
            && opens_clause
            && compound_surname(candidate)
            && !c
                .get(end - 1)
                .is_some_and(|ch| "界方省市县区团部局队组会".contains(ch))
            && !crate::segment::jieba().has_word(c.slice(start + 2, end));
        if compound_name {
            valid.push(start);
            continue;
        }
        if !possible || !(titled_name || jieba_accepts(candidate)) {
            continue;
        }
        if len == 4 {
            // Four characters: a surname and a title right before it, or a role suffix after it.
            if (surname_ok && titled)
                || (strong_suffix && (titled || after_de) && jieba_says_name(candidate))
                || (after_de
                    && strong_suffix
                    && c.slice(lo, start).starts_with("来自")
                    && !dictionary_words(candidate))
            {
                valid.push(start);
            }
        } else if surname_ok {
            valid.push(start);
        } else if (strong_suffix || titled) && jieba_says_name(candidate) {
            // Names without a Han surname (阿生青) need a title or role next to them and jieba's consent.
            without_surname.push(start);
        }
    }
    if valid.is_empty() {
        valid = without_surname;
    }
    // 俄罗斯总统普京, 伊朗外长扎里夫: a transliterated name right after a post.
    if let Some(start) = transliterated_name_ending_at(c, lo, end) {
        if valid.iter().all(|&s| s > start) {
            return Some(start);
        }
    }
    match valid.as_slice() {
        [] => None,
        [only] => Some(*only),
        several => several
            .iter()
            .copied()
            .find(|&s| jieba_says_name(c.slice(s, end)))
            .or(Some(several[0])),
    }
}

/// Most characters of a name framed by a post and the words after it.
const MAX_FRAMED_CHARS: usize = 5;

/// 新加坡外长维文, 首相岸田文雄, 政府总理奥云额尔登, 部长顺通: the start of a name
/// of two to five characters that ends at `end` and starts right after a post,
/// whatever its characters, for a caller whose frame closes it at `end` (the
/// cue, a list's 、, 等). The post nearest before `end` opens it; jieba must
/// read no common word in it (会议 of 委员长会议, 官员 of 部长级官员).
pub(crate) fn posted_name_ending_at(c: &Chars, lo: usize, end: usize) -> Option<usize> {
    let last = end.checked_sub(2)?;
    let first = end.saturating_sub(MAX_FRAMED_CHARS).max(lo + 1);
    // the cheap tests first: a post ends right before the start
    let start = (first..=last).rev().find(|&s| title_before(c, s))?;
    let candidate = c.slice(start, end);
    let plain = plain_name_chars(c, start, end)
        && !NOT_NAMES.contains(&candidate)
        && !no_person(candidate)
        && !is_post_word(candidate)
        // (欧方代表: a side; 内阁大臣: a post)
        && !candidate.ends_with('方')
        && !candidate.ends_with("大臣")
        // (尼尼斯托后表示: 后 closes a clause of when, no name)
        // (nor 特朗普已: an adverb after the name)
        && c.get(end - 1).is_some_and(|ch| {
            !TITLE_LAST_CHARS.contains(&ch) && !"后中上前已将曾正再仍才便即均皆亦各却月".contains(ch)
        });
    if !plain {
        return None;
    }
    // 克吕埃马齐, 德瓦拉坚: a foreign name written with transliteration
    // characters but one, whatever jieba reads in it
    // (not 特朗普已, 普京本月: the last is one; not 伊拉克, 日内瓦: places)
    let foreign = end - start >= 3
        && c.get(end - 1).is_some_and(is_transliteration)
        && (start..end)
            .filter(|&i| !c.get(i).is_some_and(is_transliteration))
            .count()
            <= 1;
    let read = if foreign {
        remembered(&FOREIGN, candidate, foreign_name_uncached)
    } else {
        remembered(&FRAMED, candidate, framed_name_uncached)
    };
    read.then_some(start)
}

thread_local! {
    /// [`framed_name_uncached`]'s decisions.
    static FRAMED: RefCell<FxHashMap<String, bool>> = RefCell::default();
    /// [`foreign_name_uncached`]'s decisions.
    static FOREIGN: RefCell<FxHashMap<String, bool>> = RefCell::default();
}

/// Whether a name of transliteration characters framed by a post reads as
/// one: no dictionary word as a whole (伊拉克, 杜塞尔多夫 are places), and no
/// word of two characters or more that is a verb, adverb or time word (not
/// 鲁哈尼接连).
fn foreign_name_uncached(candidate: &str) -> bool {
    let jieba = crate::segment::jieba();
    !jieba.has_word(candidate)
        && jieba
            .tag(candidate, true)
            .iter()
            .all(|t| t.word.chars().count() < 2 || !NOT_IN_NAMES.contains(&t.tag))
}

/// What jieba tags the words that open no name with: time words, adverbs,
/// verbs and function words (到 of 到云南, 用 of 用塔语, 本月 of 特朗普本月).
const NOT_IN_NAMES: &[&str] = &[
    "t", "d", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "f", "m", "q", "v", "vn",
    "vd", "ad", "an", "y", "e", "o", "mq", "tg", "dg", "rg", "s",
];

/// Whether jieba reads no common word in a name framed by a post: its first
/// word (without HMM) no function word, and with HMM, as one word only a
/// person's name or no dictionary word (纽西, 丹泰; not 汇报, 国情咨文), as
/// several no dictionary word of two characters or more but names (昂山/nr
/// 素季, not 级 官员) and no time word, adverb or function word (not 特朗普 本月).
fn framed_name_uncached(candidate: &str) -> bool {
    let jieba = crate::segment::jieba();
    let plain = jieba.tag(candidate, false);
    // (员工按…要求: nor ends with a preposition or conjunction)
    let framed_plainly = plain
        .first()
        .is_some_and(|t| !NOT_IN_NAMES.contains(&t.tag))
        && plain
            .last()
            .is_some_and(|t| !matches!(t.tag, "p" | "c" | "u" | "uj"));
    if !framed_plainly {
        return false;
    }
    match jieba.tag(candidate, true).as_slice() {
        // (jieba tags countries nrt: 伊拉克)
        [only] if jieba.has_word(only.word) => matches!(only.tag, "nr" | "nz"),
        [only] => !NOT_IN_NAMES.contains(&only.tag),
        // (one character of a foreign name may be tagged anything: 德 瓦拉 坚/v)
        several => several.iter().all(|t| {
            t.tag.starts_with("nr")
                || matches!(t.tag, "nz" | "x")
                || if t.word.chars().count() < 2 {
                    !matches!(t.tag, "p" | "c" | "u" | "uj" | "ul")
                } else {
                    !NOT_IN_NAMES.contains(&t.tag) && !jieba.has_word(t.word)
                }
        }),
    }
}

/// Characters of transliterated foreign names (普京, 扎里夫, 埃尔多安, 谭德塞).
pub(super) const TRANSLITERATION: &str = "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕波伯博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰佛夫弗伏福盖甘冈戈格根古瓜哈海汉豪赫黑亨洪胡华霍基吉济加贾杰金卡凯坎康柯科克肯库奎昆拉莱赖兰朗劳勒雷蕾黎里理利丽莉连列林琳卢鲁路伦罗洛马玛迈麦曼芒梅门蒙孟米敏明莫姆穆纳娜奈南内尼涅努诺欧帕潘庞佩蓬皮珀普齐奇恰乔切钦丘萨塞桑瑟森沙莎尚舍申什施斯松苏索塔泰坦汤唐特滕提图托瓦万旺威韦维温翁沃乌伍西希锡夏谢辛休雅亚扬耶伊尤约扎泽詹兹佐娃地木买汗江热吐孜力铁依龙京赛茨绍边贡洛耳契希朱舒琼瑞若赞祖勃楚其兴卜翰罕默";

pub(crate) fn is_transliteration(ch: char) -> bool {
    static SET: OnceLock<FxHashSet<char>> = OnceLock::new();
    SET.get_or_init(|| TRANSLITERATION.chars().collect())
        .contains(&ch)
}

/// The start of a transliterated name of 2–6 characters ending at `end`
/// right after a post (总统, 外长, 发言人…), the longest one.
pub(super) fn transliterated_name_ending_at(c: &Chars, lo: usize, end: usize) -> Option<usize> {
    // 摩洛哥国王穆罕默德六世, 丹麦女王玛格丽特二世: a monarch's name and its
    // regnal number
    let regnal = end >= lo + 4
        && c.get(end - 1) == Some('世')
        && c.get(end - 2)
            .is_some_and(|ch| "一二三四五六七八九十".contains(ch));
    let run_end = if regnal { end - 2 } else { end };
    let mut start = run_end;
    while start > lo && run_end - start < 6 && c.get(start - 1).is_some_and(is_transliteration) {
        start -= 1;
    }
    // the cheap test first: most ends have no run of two such characters
    if run_end - start < 2 {
        return None;
    }
    if regnal {
        return (start..run_end - 1).find(|&s| title_before(c, s));
    }
    // 邦戈代表加蓬政府: a country after the verb 代表 is no name
    if ["政府", "人民", "国家", "方面", "议会", "军队"]
        .iter()
        .any(|w| c.starts_with_at(end, w))
    {
        return None;
    }
    (start..end.saturating_sub(1))
        .find(|&s| {
            let candidate = c.slice(s, end);
            title_before(c, s)
                && !NOT_NAMES.contains(&candidate)
                && !is_post_word(candidate)
                && !no_person(candidate)
                // 各界人士热切期待: two characters without a surname that
                // jieba knows as a word that is no name (委员江南 has one)
                && (end - s != 2 || has_surname(candidate) || !jieba_one_other_word(candidate))
        })
        // 伊辛巴耶娃指责: bare, when jieba knows it for a name
        .or_else(|| {
            // (not 塞尔维亚 of 塞尔维亚总统)
            if title_endings().any(|t| c.starts_with_at(end, t)) {
                return None;
            }
            (start..end.saturating_sub(2))
                .find(|&s| boundary_before(c, lo, s) && jieba_says_name(c.slice(s, end)))
        })
}

/// Whether `text` is itself a post or title word (总理, 主席), no name.
pub(super) fn is_post_word(text: &str) -> bool {
    title_endings().any(|t| text.ends_with(t))
}

/// A name with a middle dot (如克亚木·麦提赛地) ending at `end`.
pub(super) fn dotted_name_ending_at(c: &Chars, lo: usize, end: usize) -> Option<usize> {
    let dot = (end.saturating_sub(8).max(lo)..end)
        .rev()
        .find(|&i| is_name_dot_at(c, i))?;
    let right = end - dot - 1;
    let right_part = c.slice(dot + 1, end);
    // a hyphen joins the parts of a transliterated name only (司马义-铁力瓦尔地,
    // 威廉-亚历山大 with one character of its own; not 埃尔朗根-纽伦堡大学国际)
    let hyphen = !c.get(dot).is_some_and(is_name_dot);
    let own = right_part
        .chars()
        .filter(|&ch| !is_transliteration(ch))
        .count();
    if !(1..=7).contains(&right)
        || !plain_name_chars(c, dot + 1, end)
        || TIME_WORDS.iter().any(|t| right_part.ends_with(t))
        || (hyphen
            && (own > usize::from(right >= 3) || !c.get(end - 1).is_some_and(is_transliteration)))
    {
        return None;
    }
    (1..=7)
        .filter_map(|len| dot.checked_sub(len))
        .take_while(|&start| start >= lo)
        .take_while(|&start| is_name_dot_at(c, start) || c.get(start).is_some_and(is_han))
        .find(|&start| {
            // 让·卡塞亚: one character before the dot only right after a post
            // (分别是雅各布·卢: no name holds 是)
            let first_ok = if dot - start == 1 {
                title_before(c, start)
            } else {
                (start..dot).all(|i| {
                    is_name_dot_at(c, i)
                        || c.get(i)
                            .is_some_and(|ch| is_han(ch) && !is_forbidden_in_name(ch))
                })
            };
            (first_ok && boundary_before(c, lo, start)) || roster_name(c.slice(start, end))
        })
}

/// Whether 委托 or 邀请 follows within the clause that goes on at `at`
/// (…受国务院委托, …受中共中央邀请).
fn mandate_after(c: &Chars, at: usize) -> bool {
    let clause_end = (at..c.len().min(at + 16))
        .find(|&i| super::is_clause_break(c.chars[i]))
        .unwrap_or(c.len().min(at + 16));
    let clause = c.slice(at, clause_end);
    clause.contains("委托") || clause.contains("邀请")
}

/// Whether the name that starts at character `start` is `len` characters
/// long as [`name_starting_at`] reads it, or, where it reads none (韩/正在:
/// jieba cuts the name), whether those characters can all be a name's, are
/// no word jieba knows as another (全国, 强调) and begin no longer word
/// (党中 of 党中央).
pub(crate) fn reads_as_name_of(c: &Chars, start: usize, len: usize) -> bool {
    match name_starting_at(c, start, c.len()) {
        Some(end) => end == start + len,
        None => {
            let window = c.slice(start, (start + 6).min(c.len()));
            plain_name_chars(c, start, start + len)
                && !jieba_one_other_word(c.slice(start, start + len))
                && crate::segment::jieba()
                    .cut(window, false)
                    .first()
                    .is_none_or(|word| word.word.chars().count() <= len)
        }
    }
}

/// The end of a name that starts at character `start` (reading forwards after a
/// title: 全国政协委员敖虎山致力于… → 敖虎山). Stops before `hi`.
pub(crate) fn name_starting_at(c: &Chars, start: usize, hi: usize) -> Option<usize> {
    let hi = hi.min(c.len());
    if start + 2 > hi {
        return None;
    }
    // 副主任委员依法进行宪法宣誓: a word of manner after a post opens no name
    if MANNER_AFTER_POSTS.contains(&c.slice(start, start + 2)) {
        return None;
    }
    // 如克亚木·麦提赛地: read Han characters and dots up to the next non-name character.
    let mut end = start;
    while end < hi && end - start < 16 && (c.get(end).is_some_and(is_han) || is_name_dot_at(c, end))
    {
        end += 1;
    }
    if let Some(dot) = (start..end).find(|&i| is_name_dot_at(c, i)) {
        // 鲍勃·卡尔非常关注…: the part after the dot is transliterated
        let run = (dot + 1..end)
            .take_while(|&i| is_transliteration(c.chars[i]) || is_name_dot_at(c, i))
            .count();
        let left_transliterated = (start..dot).all(|i| is_transliteration(c.chars[i]));
        if (1..=6).contains(&(dot - start))
            && left_transliterated
            && (1..=8).contains(&run)
            && run < end - dot - 1
        {
            return Some(dot + 1 + run);
        }
        if dot >= start + 2
            && end > dot + 1
            && end - dot - 1 <= 7
            && (end == hi || c.get(end).is_some_and(is_name_boundary))
        {
            return Some(end);
        }
    }
    // 全国人大代表扎西多杰: a Tibetan name of two given names
    if start + 4 <= hi && tibetan_name(c.slice(start, start + 4)) {
        return Some(start + 4);
    }
    // 叙利亚外长梅克达德当天…, 发言人马克迪希就…: four to six characters of
    // transliteration right after a post are one foreign name, though its
    // first two read as a Chinese surname and given name (马克, 梅克)
    let run = (start..hi.min(start + 7))
        .take_while(|&i| c.get(i).is_some_and(is_transliteration))
        .count();
    // (not 加利福尼亚 of 代表加利福尼亚州人民)
    let place = c
        .get(start + run)
        .is_some_and(|ch| "州国省市县岛".contains(ch));
    if (4..=6).contains(&run)
        && !place
        && title_before(c, start)
        && !is_post_word(c.slice(start, start + run))
    {
        return Some(start + run);
    }
    // A name closed by punctuation or a role suffix: 周建平， / 泽仁永宗代表.
    for len in [3usize, 2, 4] {
        let end = start + len;
        if end > hi || !plain_name_chars(c, start, end) || !has_surname(c.slice(start, end)) {
            continue;
        }
        let closed = end == hi
            || c.get(end).is_some_and(is_name_boundary)
            || c.starts_with_at(end, "代表")
            || c.starts_with_at(end, "委员");
        if closed && jieba_accepts(c.slice(start, end)) {
            return Some(end);
        }
    }
    // Otherwise trust jieba on a short window.
    let window_end = (start + 6).min(hi);
    let window = c.slice(start, window_end);
    let tags = crate::segment::jieba().tag(window, true);
    let first = tags.first()?;
    let len = first.word.chars().count();
    // 孙业/礼/解读了: jieba reads a three-character name as two and one when
    // the third character is a word of its own; a word of two characters or
    // more after it shows where the name ends
    let function_tag = |tag: &str| {
        ["v", "p", "d", "c", "u", "r", "m", "q", "f", "t"]
            .iter()
            .any(|t| tag.starts_with(t))
    };
    if let [name, third, next, ..] = tags.as_slice() {
        if name.tag.starts_with("nr")
            && name.word.chars().count() == 2
            && third.word.chars().count() == 1
            && !function_tag(third.tag)
            && next.word.chars().count() >= 2
            && has_surname(name.word)
            && plain_name_chars(c, start, start + 3)
        {
            return Some(start + 3);
        }
    }
    if first.tag.starts_with("nr")
        && (2..=4).contains(&len)
        && has_surname(first.word)
        && jieba_accepts(first.word)
    {
        // 财政部部长刘昆受国务院委托作…报告: 受 opens the passive of the
        // mandate (受…委托, 受…邀请), no part of the name
        if len == 3 && first.word.ends_with('受') && mandate_after(c, start + 3) {
            return Some(start + 2);
        }
        return Some(start + len);
    }
    // 敖/虎山/致力于: a lone surname and a short given name that jieba took for a word.
    let second = tags.get(1)?;
    let second_len = second.word.chars().count();
    let given_name_like = !["v", "p", "d", "c", "u", "r", "m", "q", "f", "t"]
        .iter()
        .any(|t| second.tag.starts_with(t));
    if len == 1 && has_surname(first.word) && (1..=2).contains(&second_len) && given_name_like {
        let end = start + 1 + second_len;
        if plain_name_chars(c, start, end) && jieba_accepts(c.slice(start, end)) {
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests;
