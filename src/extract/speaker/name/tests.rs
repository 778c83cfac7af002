//! Tests of reading names: surnames, given names, transliterations and dotted names.

use super::*;

fn name_before(text: &str, strong: bool) -> Option<String> {
    let c = Chars::new(text);
    name_ending_at(&c, 0, c.len(), strong).map(|s| c.slice(s, c.len()).to_string())
}

#[test]
fn surnames_single_and_compound() {
    assert!(has_surname("张桥"));
    assert!(has_surname("欧阳自远"));
    assert!(has_surname("谌贻琴"));
    assert!(!has_surname("大家"));
}

#[test]
fn names_after_titles() {
    assert_eq!(
        name_before("苏州市副市长张桥", false).as_deref(),
        Some("张桥")
    );
    assert_eq!(
        name_before("华工科技董事长马新强", false).as_deref(),
        Some("马新强")
    );
    assert_eq!(
        name_before("全国人大代表雷军", false).as_deref(),
        Some("雷军")
    );
    assert_eq!(
        name_before("全国人大常委会副委员长洛桑江村", false).as_deref(),
        Some("洛桑江村")
    );
    assert_eq!(
        name_before("全国人大常委会副委员长雪克来提·扎克尔", false).as_deref(),
        Some("雪克来提·扎克尔")
    );
    assert_eq!(
        name_before("来自西藏的泽仁永宗", true).as_deref(),
        Some("泽仁永宗")
    );
}

#[test]
fn groups_are_not_names() {
    assert_eq!(name_before("代表们", false), None);
    assert_eq!(name_before("大家", false), None);
    assert_eq!(name_before("相关负责人", false), None);
}
