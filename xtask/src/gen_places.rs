//! `cargo xtask gen-places [--check]`: generates the gazetteer
//! `src/extract/data/places.tsv` (place name → province → level) from the NBS
//! 2023 administrative divisions in `../shared/corpus/admin_divisions`
//! (`provinces.csv`, `cities.csv`, `areas.csv`, `HK-MO-TW.json`; npm
//! china-division, WTFPL), or with `--check` compares it with the committed
//! file. Fails loudly, naming the folder, when the tables are missing.
//!
//! Owns the choice of names: short forms, stop lists, blockers. The format of
//! the file and the rule that scores its names belong to
//! `policy_search::extract::province`, which reads the file at compile time.
//! The names of the 34 province-level units are the library's
//! (`PROVINCES`); their full names are repeated here and checked against the
//! library's `normalize_province` before anything is generated.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use policy_search::extract::province::{normalize_province, ALIASES, FULL_NAMES, PROVINCES};

/// The tables, relative to the workspace root.
const ADMIN_DIVISIONS: &str = "../shared/corpus/admin_divisions";
/// The generated file, relative to the workspace root.
const PLACES_TSV: &str = "src/extract/data/places.tsv";

/// `gen-places`: writes the file, or with `check` compares it; `Ok(false)`
/// when the check finds the committed file stale.
pub(crate) fn main(root: &Path, check: bool, admin_divisions: Option<PathBuf>) -> Result<bool> {
    check_province_names()?;
    let dir = admin_divisions.unwrap_or_else(|| root.join(ADMIN_DIVISIONS));
    ensure!(
        dir.join("areas.csv").is_file(),
        "the NBS tables are missing: {} has no areas.csv (the shared corpus is needed to generate {PLACES_TSV})",
        dir.display()
    );
    let generated = generate_places(&dir)?;
    let path = root.join(PLACES_TSV);
    if !check {
        fs::write(&path, &generated).with_context(|| format!("write {}", path.display()))?;
        eprintln!(
            "wrote {} ({} lines) from {}",
            path.display(),
            generated.lines().count(),
            dir.display()
        );
        return Ok(true);
    }
    let committed =
        fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
    if committed == generated {
        eprintln!("{PLACES_TSV} is up to date with {}", dir.display());
        return Ok(true);
    }
    let committed_lines: BTreeSet<&str> = committed.lines().collect();
    let generated_lines: BTreeSet<&str> = generated.lines().collect();
    eprintln!(
        "{PLACES_TSV} is stale against {}: run `cargo xtask gen-places` and commit it",
        dir.display()
    );
    for line in generated_lines.difference(&committed_lines).take(10) {
        eprintln!("  + {line}");
    }
    for line in committed_lines.difference(&generated_lines).take(10) {
        eprintln!("  - {line}");
    }
    Ok(false)
}

/// The full names and aliases here name the same units as the library's.
fn check_province_names() -> Result<()> {
    for (short, full) in PROVINCES.iter().zip(FULL_NAMES) {
        if normalize_province(full) != Some(*short) {
            bail!("the full name {full} is not the library's name of {short}");
        }
    }
    for (alias, short) in ALIASES {
        if normalize_province(alias) != Some(short) {
            bail!("the alias {alias} is not the library's name of {short}");
        }
    }
    Ok(())
}

/// The rows of a CSV file of the NBS tables, without its header line.
fn read_csv(path: &Path) -> Result<Vec<Vec<String>>> {
    let text = fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .map(|line| {
            line.split(',')
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect())
}

/// City short forms that are common words or usually mean something else.
const CITY_STOP: &[&str] = &[
    "中山",
    "朝阳",
    "日照",
    "来宾",
    "白银",
    "阿里",
    "安康",
    "海西",
    "山南",
    "兴安",
    "大兴安岭",
    "台中",
    "台南",
    "台东",
    "桃园",
    "新北",
    "南投",
];

/// Two-character county short forms famous enough to stand alone.
const COUNTY_ALLOW: &[&str] = &[
    "义乌", "昆山", "江阴", "常熟", "晋江", "浦东", "延吉", "凯里", "都匀", "景洪", "瑞丽", "韶山",
    "浏阳", "醴陵", "寿光", "胶州", "即墨", "荣成", "诸暨", "慈溪", "余姚", "宜兴", "太仓", "溧阳",
    "石狮", "福清", "迁安", "涿州", "神木", "韩城", "珲春", "漠河", "抚远", "海淀", "昌平", "顺义",
    "密云", "延庆", "房山", "平谷", "闵行", "徐汇", "虹口", "杨浦", "嘉定", "青浦", "奉贤", "崇明",
    "罗湖", "龙岗", "宝安", "番禺", "渝中", "渝北", "武侯", "双流", "郫都", "余杭", "萧山", "鄞州",
    "北仑", "江宁", "姑苏", "吴江", "曲阜", "兰考", "安吉", "德清", "桐乡", "正定", "库车",
];

/// County-level names (full or short) that are common words or phrases.
const COUNTY_STOP: &[&str] = &[
    "海城市",
    "项城市",
    "老城区",
    "山城区",
    "江城区",
    "宽城区",
    "平房区",
    "港口区",
    "解放区",
    "南部县",
    "千山区",
    "万山区",
    "西山区",
    "清水河",
    "七里河",
    "江源区",
    "新建区",
    "城中区",
];

/// Phrases matched so that the place names inside them do not count.
const BLOCKERS: &[&str] = &[
    "长治久安",
    "大同小异",
    "世界大同",
    "天下大同",
    "三明治",
    "大理石",
    "文山会海",
    "北海道",
    "北海公园",
    "新乡村",
    "重庆祝",
    "重庆典",
    "重庆贺",
    "大庆祝",
    "大庆典",
    "大庆贺",
    "黄河南",
    "黄河北",
    "淮河南",
    "淮河北",
    "洞庭湖南",
    "洞庭湖北",
    "太湖南",
    "太湖北",
    "太行山西",
    "中山东",
    "中山西",
    "新北京",
    "三江源",
    "北京人民大会堂",
    "人民大会堂",
    "在北京开幕",
    "在北京闭幕",
    "在北京召开",
    "香港中文大学",
];

/// Names the NBS tables lack.
const EXTRAS: &[(&str, &str, char)] = &[("雄安新区", "河北", 'C'), ("雄安", "河北", 'C')];

const ETHNIC: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
];

/// `黔东南苗族侗族自治州` → `黔东南`, `博尔塔拉蒙古自治州` → `博尔塔拉`.
fn strip_autonomy(name: &str) -> Option<&str> {
    let mut rest = ["自治州", "自治县", "自治旗"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))?;
    loop {
        let had_zu = rest.ends_with('族');
        let base = rest.strip_suffix('族').unwrap_or(rest);
        let ethnic = ETHNIC
            .iter()
            .filter(|e| base.ends_with(*e) && (had_zu || e.chars().count() >= 2))
            .max_by_key(|e| e.len());
        match ethnic {
            Some(e) => rest = &base[..base.len() - e.len()],
            None => return Some(rest),
        }
    }
}

fn county_short(name: &str) -> Option<&str> {
    if let Some(short) = strip_autonomy(name) {
        return Some(short);
    }
    if ["开发区", "园区", "示范区", "管理区", "新城"]
        .iter()
        .any(|k| name.contains(k))
    {
        return None;
    }
    ["林区", "特区", "新区", "区", "县", "市", "旗"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
}

fn city_short(name: &str) -> Option<&str> {
    strip_autonomy(name).or_else(|| {
        ["地区", "盟", "市"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
    })
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

#[derive(Default)]
struct Candidates {
    /// name → province index → best level (P < C < A).
    names: BTreeMap<String, BTreeMap<usize, char>>,
    /// Names that count for no province.
    blocked: BTreeSet<String>,
}

impl Candidates {
    fn add(&mut self, name: &str, province: usize, level: char) {
        if chars(name) < 2 {
            return;
        }
        // A name that starts with another province's name (河北区 in Tianjin) would hide it.
        if level == 'A'
            && PROVINCES
                .iter()
                .enumerate()
                .any(|(i, p)| i != province && name.starts_with(p))
        {
            self.blocked.insert(name.to_string());
            return;
        }
        let levels = self.names.entry(name.to_string()).or_default();
        let slot = levels.entry(province).or_insert(level);
        *slot = (*slot).min(level);
    }

    fn add_short(&mut self, short: &str, province: usize, level: char) {
        if !PROVINCES.contains(&short) && !CITY_STOP.contains(&short) {
            self.add(short, province, level);
        }
    }
}

/// The text of `places.tsv` generated from the NBS tables in `dir`.
fn generate_places(dir: &Path) -> Result<String> {
    let mut c = Candidates::default();
    let province_of_code: BTreeMap<String, usize> = read_csv(&dir.join("provinces.csv"))?
        .into_iter()
        .filter_map(|row| {
            let i = FULL_NAMES.iter().position(|f| *f == row[1])?;
            Some((row[0].clone(), i))
        })
        .collect();
    for (i, (short, full)) in PROVINCES.iter().zip(FULL_NAMES.iter()).enumerate() {
        c.add(short, i, 'P');
        c.add(full, i, 'P');
    }
    for (alias, short) in ALIASES {
        c.add(
            alias,
            PROVINCES.iter().position(|p| *p == short).unwrap_or(0),
            'P',
        );
    }

    for row in read_csv(&dir.join("cities.csv"))? {
        let (name, Some(&province)) = (row[1].as_str(), province_of_code.get(&row[2])) else {
            continue;
        };
        if name == "市辖区" || name == "县" || name.contains("直辖县级行政区划") {
            continue;
        }
        c.add(name, province, 'C');
        if let Some(short) = city_short(name) {
            c.add_short(short, province, 'C');
            if name.ends_with("自治州") {
                c.add(&format!("{short}州"), province, 'C');
            }
        }
    }

    for row in read_csv(&dir.join("areas.csv"))? {
        let Some(&province) = province_of_code.get(&row[3]) else {
            continue;
        };
        let name = row[1]
            .trim_end_matches("管委会")
            .trim_end_matches("行政委员会")
            .trim_end_matches("的岛礁及其海域");
        add_county(&mut c, name, province);
    }

    let special_path = dir.join("HK-MO-TW.json");
    let special: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(&special_path)
            .with_context(|| format!("read {}", special_path.display()))?,
    )
    .with_context(|| format!("parse {}", special_path.display()))?;
    for (full, subdivisions) in special.as_object().into_iter().flatten() {
        let Some(province) = FULL_NAMES.iter().position(|f| f == full) else {
            continue;
        };
        match subdivisions {
            // Hong Kong and Macau: regions → districts.
            serde_json::Value::Object(regions) => {
                for (region, districts) in regions {
                    c.add(region, province, 'C');
                    for district in districts.as_array().into_iter().flatten() {
                        let district = district.as_str().unwrap_or_default();
                        for part in district.split(['（', '）']).filter(|p| !p.is_empty()) {
                            if chars(part) >= 3 || !part.ends_with('区') {
                                c.add(part, province, 'A');
                            }
                        }
                    }
                }
            }
            // Taiwan: cities and counties.
            serde_json::Value::Array(cities) => {
                for city in cities.iter().filter_map(|v| v.as_str()) {
                    c.add(city, province, 'C');
                    if let Some(short) = ["市", "县"].iter().find_map(|s| city.strip_suffix(s)) {
                        c.add_short(short, province, 'C');
                    }
                }
            }
            _ => {}
        }
    }
    for (name, province, level) in EXTRAS {
        let province = PROVINCES.iter().position(|p| p == province).unwrap_or(0);
        c.add(name, province, *level);
    }

    let mut out = String::from(
        "# Place name → province short name → level (P province, C city, A county); '-' = counts for none.\n\
         # Generated from NBS 2023 administrative divisions (npm china-division, WTFPL) by\n\
         # `cargo xtask gen-places` (xtask/src/gen_places.rs). Do not edit.\n",
    );
    let mut blockers: BTreeSet<&str> = BLOCKERS.iter().copied().collect();
    blockers.extend(c.blocked.iter().map(String::as_str));
    let mut lines: BTreeMap<String, (String, char)> = BTreeMap::new();
    for (name, levels) in &c.names {
        let province_level = levels.iter().find(|(_, &level)| level == 'P');
        let resolved = match province_level {
            Some((&i, &level)) => Some((i, level)),
            None if levels.len() == 1 => levels.iter().next().map(|(&i, &l)| (i, l)),
            None => None,
        };
        let line = match resolved {
            Some((i, level)) if !blockers.contains(name.as_str()) => {
                (PROVINCES[i].to_string(), level)
            }
            _ => ("-".to_string(), '-'),
        };
        lines.insert(name.clone(), line);
    }
    for blocker in blockers {
        lines.insert(blocker.to_string(), ("-".to_string(), '-'));
    }
    for (name, (province, level)) in lines {
        out.push_str(&format!("{name}\t{province}\t{level}\n"));
    }
    Ok(out)
}

fn add_county(c: &mut Candidates, name: &str, province: usize) {
    if COUNTY_STOP.contains(&name) {
        return;
    }
    if chars(name) >= 3 {
        c.add(name, province, 'A');
    }
    let Some(short) = county_short(name) else {
        return;
    };
    if COUNTY_STOP.contains(&short) {
        return;
    }
    if chars(short) >= 3 || COUNTY_ALLOW.contains(&short) {
        c.add_short(short, province, 'A');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_and_aliases_are_the_librarys() {
        check_province_names().unwrap();
    }

    #[test]
    fn autonomous_names_lose_their_peoples() {
        assert_eq!(strip_autonomy("黔东南苗族侗族自治州"), Some("黔东南"));
        assert_eq!(strip_autonomy("博尔塔拉蒙古自治州"), Some("博尔塔拉"));
        assert_eq!(strip_autonomy("武汉市"), None);
    }

    #[test]
    fn short_forms_of_cities_and_counties() {
        assert_eq!(city_short("武汉市"), Some("武汉"));
        assert_eq!(city_short("阿克苏地区"), Some("阿克苏"));
        assert_eq!(county_short("温宿县"), Some("温宿"));
        assert_eq!(county_short("天府新区"), Some("天府"));
        assert_eq!(county_short("苏州工业园区"), None);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let missing = Path::new("/nonexistent/admin_divisions");
        let error = main(Path::new("/nonexistent"), true, Some(missing.to_path_buf()))
            .expect_err("no tables");
        assert!(
            error.to_string().contains("/nonexistent/admin_divisions"),
            "{error}"
        );
    }
}
