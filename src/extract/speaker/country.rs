//! Countries and international bodies by their short Chinese names
//! (`data/countries.txt`): a country named where a person's name would stand
//! (乌克兰代表则指责…, 俄罗斯代表表示…) is whom a representative speaks for,
//! not a person.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Whether `name` is the whole short name of a country or international
/// body (乌克兰, 俄罗斯, 欧盟); a person's name that merely ends like one
/// (张中国) is not.
pub(crate) fn is_country(name: &str) -> bool {
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
    }
}
