//! Bodies named where a person's name would stand before 代表: countries and
//! international bodies by their short Chinese names (`data/countries.txt`;
//! 乌克兰代表则指责…, 俄罗斯代表表示…) and the Party's congresses by their
//! ordinals (《二十大代表风采》, 十九大代表): whom a representative or delegate
//! speaks for or was chosen by, not a person.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Whether `name` is a body rather than a person: a country or an
/// international body, or a congress by its ordinal (十九大, 二十大).
pub(crate) fn is_body_name(name: &str) -> bool {
    is_country(name) || is_congress(name)
}

/// 十八大, 十九大, 二十大: a congress by its ordinal.
fn is_congress(name: &str) -> bool {
    name.strip_suffix('大').is_some_and(|ordinal| {
        !ordinal.is_empty()
            && ordinal
                .chars()
                .all(|ch| "一二三四五六七八九十".contains(ch))
    })
}

/// Whether `name` is the whole short name of a country or international
/// body (乌克兰, 俄罗斯, 欧盟); a person's name that merely ends like one
/// (张中国) is not.
fn is_country(name: &str) -> bool {
    static COUNTRIES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    COUNTRIES
        .get_or_init(|| {
            include_str!("../data/countries.txt")
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .collect()
        })
        .contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_country_names_only() {
        for country in ["乌克兰", "俄罗斯", "美国", "南非", "欧盟", "沙特阿拉伯"] {
            assert!(is_country(country), "{country}");
        }
        for name in ["张中国", "李卫国", "赵振香", "国"] {
            assert!(!is_country(name), "{name}");
        }
        for body in ["二十大", "十九大", "乌克兰"] {
            assert!(is_body_name(body), "{body}");
        }
        for name in ["大", "王大", "张十大"] {
            assert!(!is_body_name(name), "{name}");
        }
    }
}
