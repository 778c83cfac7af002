//! Province facet: section headers, article-level signals and place names → the 34
//! province-level units.
//!
//! Owns the gazetteer `data/places.tsv` (place name → province, generated from the NBS 2023
//! administrative divisions in `../shared/corpus/admin_divisions`, WTFPL) and the rules that
//! turn the place names of a text into provinces: the one province an article is about, every
//! province a passage names. Knows nothing of the article type, passages or the index: every
//! function here is a pure, infallible function of text.
//!
//! # The gazetteer
//!
//! One line per name: `name<TAB>province<TAB>level`, level `P` (province), `C` (prefecture
//! city, 自治州, 地区, 盟; HK/MO/TW subdivisions) or `A` (county level). Province `-` marks a
//! *blocker*: a name that is matched (so that no shorter name inside it can match) but counts for
//! no province — names shared by several provinces (朝阳区, 鼓楼区, 通州区), phrases that merely
//! contain a place name (长治久安, 大同小异, 隆重庆祝, 黄河南岸) and the venue of national
//! meetings (北京人民大会堂). Short forms are included where they are safe: 武汉 for 武汉市,
//! 黔东南 and 黔东南州 for 黔东南苗族侗族自治州; county names only with their suffix unless the
//! short form has three or more characters (井冈山, 香格里拉) or is a well-known name
//! (义乌, 昆山, 浦东). Short forms that are common words (中山, 朝阳, 来宾, 白银, 日照, 阿里)
//! are left out. Regenerate with `cargo xtask gen-places`.
//!
//! # The rule
//!
//! Matches are found leftmost-longest, so 海南藏族自治州 is one name (青海), not 海南 (海南).
//! A county name ending in 区/县 directly followed by 域 (区域, 县域) does not count. Each
//! match adds weight to its province: a province name (湖北, 湖北省) 4, a city 2, a county 1.
//! [`infer_province`] (one province, for a title or a file name): the province with the
//! highest total wins if it has at least 1.5 times the runner-up's total; a tie or a near tie,
//! or no evidence at all, gives `None`. 中国, 全国, 中央 are no province.
//!
//! A place name that only begins the name of an organisation — a newspaper, broadcaster,
//! university, school, company or bank (贵州都市报, 浙江大学, 江西财经大学, 云南白药集团) — is no
//! evidence: the organisation is named, not the place. It is recognised by an organisation
//! word ([`ORGANISATION_SUFFIXES`]) at most three characters after the place name, with no
//! punctuation between. Nor is 北京 where national leaders meet guests (在北京会见…,
//! 在北京同…会谈).
//!
//! # Articles and passages
//!
//! [`article_province`] decides what a whole article is about from its article-level
//! signals, the first that names a clear winner: the record's own `province` field, the
//! title, the file name, a dateline (新华社合肥3月5日电; not 北京, where national news is
//! datelined), the issuer at the head of the text (在上海市第十六届人民代表大会…上,
//! 四川省人民政府省长, 我代表江苏省人民政府). [`passage_provinces`] lists every province a
//! passage names, so that a passage about two provinces is found under both.

use std::ops::Range;
use std::sync::LazyLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use memchr::memmem;

/// The 34 province-level units by their short names.
pub const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
];

/// The official full names, in the order of [`PROVINCES`].
pub const FULL_NAMES: [&str; 34] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
    "台湾省",
];

/// Other accepted names of a province-level unit.
pub const ALIASES: [(&str, &str); 2] = [("香港特区", "香港"), ("澳门特区", "澳门")];

const PLACES_TSV: &str = include_str!("../data/places.tsv");

const WEIGHT_PROVINCE: u32 = 4;
const WEIGHT_CITY: u32 = 2;
const WEIGHT_COUNTY: u32 = 1;

/// `湖北`, `湖北省`, `广西壮族自治区`, `香港特别行政区` → the short name; anything else → `None`.
pub fn normalize_province(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if let Some(i) = PROVINCES
        .iter()
        .zip(FULL_NAMES.iter())
        .position(|(short, full)| name == *short || name == *full)
    {
        return Some(PROVINCES[i]);
    }
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, short)| *short)
}

/// The province of a section header's text (`湖北` from `【湖北】`), if it names one.
pub fn section_province(header: &str) -> Option<&'static str> {
    let header = header.trim();
    let header = header
        .strip_prefix('【')
        .and_then(|h| h.strip_suffix('】'))
        .unwrap_or(header);
    normalize_province(header)
}

/// The province a passage is about, inferred from the place names it mentions;
/// `None` when it names none or the evidence is ambiguous (see the module docs for the rule).
pub fn infer_province(text: &str) -> Option<&'static str> {
    clear_winner(&province_scores(text))
}

/// Words that end the name of an organisation, so that a place name shortly
/// before one names the organisation, not the place: media, schools,
/// companies and banks.
pub const ORGANISATION_SUFFIXES: [&str; 25] = [
    "日报",
    "晚报",
    "早报",
    "都市报",
    "商报",
    "时报",
    "快报",
    "报业",
    "新闻网",
    "卫视",
    "电视台",
    "广播电视台",
    "大学",
    "学院",
    "中学",
    "小学",
    "集团",
    "公司",
    "股份",
    "银行",
    "证券",
    "控股",
    "出版社",
    "在线",
    "合作组织",
];

/// How many characters an organisation word may follow a place name by
/// (浙江工业大学: 2, 贵州茅台酒股份有限公司: 3).
const ORGANISATION_GAP: usize = 3;

/// Every province `text` names, strongest evidence first (see [`province_mentions`]);
/// place names inside the name of an organisation do not count.
pub fn passage_provinces(text: &str) -> Vec<&'static str> {
    ranked(&province_scores(text))
        .into_iter()
        .map(|(province, _)| province)
        .collect()
}

/// The place names of one text, found in one scan: an article's body is
/// scanned once, and each passage and the head (for an issuer) read their
/// share of the matches instead of scanning their text again.
pub struct Places<'t> {
    text: &'t str,
    /// (start, end, index into the gazetteer's places) of each name, in text order
    found: Vec<(usize, usize, usize)>,
}

impl<'t> Places<'t> {
    /// Scans `text` for place names.
    pub fn scan(text: &'t str) -> Places<'t> {
        let found = gazetteer()
            .names
            .leftmost_find_iter(text)
            .map(|m| (m.start(), m.end(), m.value() as usize))
            .collect();
        Places { text, found }
    }

    /// Every province the text's byte range `range` names, as
    /// [`passage_provinces`] gives them for that slice.
    pub fn passage_provinces(&self, range: Range<usize>) -> Vec<&'static str> {
        let Some(text) = self.text.get(range.clone()) else {
            return Vec::new();
        };
        ranked(&scores(text, self.within(range)))
            .into_iter()
            .map(|(province, _)| province)
            .collect()
    }

    /// The names lying wholly within `range`, their offsets relative to its
    /// start. Names do not overlap, so their ends are in order too.
    fn within(&self, range: Range<usize>) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let from = self
            .found
            .partition_point(|&(start, _, _)| start < range.start);
        self.found[from..]
            .iter()
            .take_while(move |&&(_, end, _)| end <= range.end)
            .map(move |&(start, end, place)| (start - range.start, end - range.start, place))
    }
}

/// The province a whole article is about, from its article-level signals,
/// strongest first: the record's own `province` field, the title, the file
/// name of `source`, a dateline at the head of `body` (新华社合肥3月5日电),
/// and the issuer at the head of `body` (在上海市第十六届人民代表大会…,
/// 四川省人民政府省长). The first signal with a clear winner decides; `None`
/// when none has one.
pub fn article_province(
    record: Option<&str>,
    title: &str,
    source: &str,
    body: &str,
) -> Option<&'static str> {
    article_province_of(record, title, source, &Places::scan(head(body, HEAD_CHARS)))
}

/// [`article_province`] of the body `places` were scanned from (the whole
/// body, or at least its head).
pub fn article_province_of(
    record: Option<&str>,
    title: &str,
    source: &str,
    places: &Places,
) -> Option<&'static str> {
    if let Some(province) = record.and_then(normalize_province) {
        return Some(province);
    }
    let head = head(places.text, HEAD_CHARS);
    infer_province(title)
        .or_else(|| file_stem(source).and_then(infer_province))
        .or_else(|| dateline_province(head))
        .or_else(|| issuer_province(head, places.within(0..head.len())))
}

/// How much of the body's head is read for a dateline or an issuer.
const HEAD_CHARS: usize = 300;

fn head(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The file name of a path without folders and extension.
fn file_stem(source: &str) -> Option<&str> {
    let name = source.rsplit(['/', '\\']).next()?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    (!stem.is_empty()).then_some(stem)
}

/// The place of a dateline such as 新华社合肥3月5日电 or 本报南京3月4日讯:
/// the place name that ends right before the date. 北京 is not taken: it is
/// the dateline of national news.
fn dateline_province(head: &str) -> Option<&'static str> {
    // (SIMD finders built once: this runs on the head of every article)
    static MARKERS: LazyLock<[memmem::Finder<'static>; 2]> =
        LazyLock::new(|| [memmem::Finder::new("日电"), memmem::Finder::new("日讯")]);
    for marker in MARKERS.iter() {
        let Some(at) = marker.find(head.as_bytes()) else {
            continue;
        };
        let before = &head[..at];
        // walk back over the date: digits, 月, Chinese numerals
        let date_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || is_date_char(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let place_end = &before[..date_start];
        let gazetteer = gazetteer();
        let last = gazetteer
            .names
            .leftmost_find_iter(place_end)
            .filter(|m| m.end() == place_end.len())
            .last()?;
        let province = gazetteer.places[last.value() as usize].province?;
        let province = PROVINCES[usize::from(province)];
        return (province != "北京").then_some(province);
    }
    None
}

fn is_date_char(c: char) -> bool {
    matches!(
        c,
        '月' | '０'
            ..='９' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇'
    )
}

/// Words that make the place name before them an issuer: its government,
/// congress, party committee or their heads.
const ISSUER_WORDS: [&str; 11] = [
    "人民政府",
    "人民代表大会",
    "人大常委会",
    "人大",
    "政府",
    "省委",
    "市委",
    "区委",
    "党委",
    "省长",
    "市长",
];

/// The province whose government, congress or leader is named at the head of
/// the text (在上海市第十六届人民代表大会第四次会议上, 四川省人民政府省长),
/// when one has a clear majority.
/// `found`: the place names of `head` (start, end, place), in text order.
fn issuer_province(
    head: &str,
    found: impl Iterator<Item = (usize, usize, usize)>,
) -> Option<&'static str> {
    let gazetteer = gazetteer();
    let mut scores = [0u32; 34];
    for (start, end, place) in found {
        let Some(province) = gazetteer.places[place].province else {
            continue;
        };
        let after = head[end..].trim_start_matches(|c: char| {
            c == '第' || c == '届' || is_date_char(c) || c.is_ascii_digit()
        });
        if ISSUER_WORDS.iter().any(|w| after.starts_with(w)) && stands_as_issuer(head, start) {
            scores[usize::from(province)] += 1;
        }
    }
    clear_winner(&scores)
}

/// Whether the place name at `start` names who speaks or issues, not the
/// office of someone mentioned (江西省人大常委会原党组副书记…): it follows 在
/// or 代表 (在上海市第十六届人民代表大会…上, 我代表江苏省人民政府), or it
/// opens a short line of its own (四川省人民政府省长 施小琳, a notice's issuer).
fn stands_as_issuer(head: &str, start: usize) -> bool {
    let before = &head[..start];
    if before.ends_with('在') || before.ends_with("代表") {
        return true;
    }
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() {
        return false;
    }
    let line = head[start..].split('\n').next().unwrap_or_default();
    line.chars().count() <= ISSUER_LINE_CHARS
}

/// The longest line that may be an issuer's line (四川省人民政府省长 施小琳).
const ISSUER_LINE_CHARS: usize = 30;

/// The province with the highest score, if it has at least 1.5 times the
/// runner-up's.
fn clear_winner(scores: &[u32; 34]) -> Option<&'static str> {
    let mut best = 0;
    for (i, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = i;
        }
    }
    let top = scores[best];
    let runner_up = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &score)| score)
        .max()
        .unwrap_or(0);
    let clear = top > runner_up && 2 * top >= 3 * runner_up;
    (top > 0 && clear).then_some(PROVINCES[best])
}

/// Whether `name` is, whole, a place name of the gazetteer (宁波, 赤水市):
/// a sub-heading `宁波：…` names a city, not a speaker.
pub fn is_place_name(name: &str) -> bool {
    let gazetteer = gazetteer();
    gazetteer
        .names
        .leftmost_find_iter(name)
        .next()
        .is_some_and(|m| {
            m.start() == 0
                && m.end() == name.len()
                && gazetteer.places[m.value() as usize].province.is_some()
        })
}

/// Every province with evidence in `text` and its score (province name 4, city 2, county 1
/// per mention), highest first; ties in the order of [`PROVINCES`].
pub fn province_mentions(text: &str) -> Vec<(&'static str, usize)> {
    ranked(&province_scores(text))
}

/// The provinces of `scores` with a score, highest first; ties in the order
/// of [`PROVINCES`].
fn ranked(scores: &[u32; 34]) -> Vec<(&'static str, usize)> {
    let mut mentions: Vec<(&'static str, usize)> = PROVINCES
        .iter()
        .zip(scores.iter())
        .filter(|(_, &score)| score > 0)
        .map(|(&province, &score)| (province, score as usize))
        .collect();
    mentions.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    mentions
}

fn province_scores(text: &str) -> [u32; 34] {
    let found = gazetteer()
        .names
        .leftmost_find_iter(text)
        .map(|m| (m.start(), m.end(), m.value() as usize));
    scores(text, found)
}

/// The scores of the place names `found` in `text` (start, end, place).
fn scores(text: &str, found: impl Iterator<Item = (usize, usize, usize)>) -> [u32; 34] {
    let gazetteer = gazetteer();
    let mut scores = [0u32; 34];
    for (start, end, place) in found {
        let place = &gazetteer.places[place];
        let Some(province) = place.province else {
            continue; // a blocker
        };
        if place.area_suffix && text[end..].starts_with('域') {
            continue;
        }
        if names_organisation(&text[end..]) {
            continue;
        }
        if is_national_venue(province, &text[..start], &text[end..]) {
            continue;
        }
        scores[usize::from(province)] += place.weight;
    }
    scores
}

/// Whether `after`, the text right after a place name, goes on into the name
/// of an organisation: an organisation word within [`ORGANISATION_GAP`]
/// characters, with no punctuation or space between.
fn names_organisation(after: &str) -> bool {
    let mut rest = after;
    for _ in 0..=ORGANISATION_GAP {
        if ORGANISATION_SUFFIXES.iter().any(|w| rest.starts_with(w)) {
            return true;
        }
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) if c.is_alphanumeric() && !c.is_ascii() => rest = chars.as_str(),
            _ => return false,
        }
    }
    false
}

/// Whether a mention of the capital is only where national leaders meet
/// guests (蔡奇3日在北京会见…, 在北京同…会谈): the meeting is national news,
/// not Beijing's. `before` and `after` are the text around the name.
fn is_national_venue(province: u8, before: &str, after: &str) -> bool {
    const MEETINGS: [&str; 4] = ["会见", "会谈", "同", "与"];
    PROVINCES[usize::from(province)] == "北京"
        && before.ends_with('在')
        && MEETINGS.iter().any(|m| after.starts_with(m))
}

struct Place {
    /// Index into [`PROVINCES`]; `None` for a blocker.
    province: Option<u8>,
    weight: u32,
    /// The name ends in 区 or 县, so that `区域`/`县域` after it is a common word.
    area_suffix: bool,
}

/// The place names of `data/places.tsv`, found leftmost-longest (the scan goes
/// on past the end of each name found), and what each name counts for.
struct Gazetteer {
    /// an automaton of every name; a match's pattern id indexes `places`
    names: CharwiseDoubleArrayAhoCorasick<u32>,
    places: Vec<Place>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| build_gazetteer(PLACES_TSV));
    &GAZETTEER
}

fn build_gazetteer(tsv: &str) -> Gazetteer {
    let mut names = Vec::new();
    let mut places = Vec::new();
    for line in tsv.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(name), Some(province), Some(level)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if name.chars().nth(1).is_none() {
            // a one-character name would match everywhere; none is bundled
            continue;
        }
        let province = PROVINCES
            .iter()
            .position(|short| *short == province)
            .and_then(|i| u8::try_from(i).ok());
        let weight = match level {
            "P" => WEIGHT_PROVINCE,
            "C" => WEIGHT_CITY,
            _ => WEIGHT_COUNTY,
        };
        names.push(name);
        places.push(Place {
            province,
            weight,
            area_suffix: name.ends_with('区') || name.ends_with('县'),
        });
    }
    // every body is scanned, in ingest's threads next to jieba and tantivy:
    // a double array over characters (daachorse) takes under 0.5 MB where
    // aho-corasick's DFA of these names took 13 MB of the caches they share,
    // and steps once a character instead of once a byte
    // (`cargo bench --bench extract -- province`); a match's value is its
    // name's index in `places`
    let names = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .expect("the bundled place names build an automaton");
    Gazetteer { names, places }
}

#[cfg(test)]
mod tests;
