//! The CPPCC standing committee's plenary speeches: each member named with
//! the suffix 常委 (龙新民常委提出，…；印红常委代表九三学社中央发言建议，…),
//! one after another in a paragraph, each a member of the CPPCC whose
//! statement ends where the next speaker's begins; 全国政协常委 before a
//! name stays a post.

use super::*;

#[test]
fn standing_committee_members_each_make_their_statement() {
    // xwlb-20160830-05
    let body = "龙新民常委提出，要切实贯彻好党的文艺方针政策，旗帜鲜明地对文艺工作者提出思想政治上的要求；印红常委代表九三学社中央发言建议，进一步深化文化体制改革，加强文艺传播阵地建设；李宏委员代表全国政协提案委员会发言建议，抓好革命历史题材文艺作品的制作传播；厉以宁常委认为，应当牢记文化产品的特殊性质，把社会效益放在首位。";
    assert_said(
        body,
        &[
            ("龙新民", "要切实贯彻好党的文艺方针政策"),
            ("印红", "进一步深化文化体制改革"),
            ("李宏", "抓好革命历史题材文艺作品"),
            ("厉以宁", "应当牢记文化产品的特殊性质"),
        ],
    );
    let quotes = extract_quotes(body);
    assert!(quotes.iter().all(|q| q.role == Role::CppccMember));
    // each statement ends before the next speaker's name
    assert!(quotes.iter().all(|q| !q.text.contains("常委")));
}

#[test]
fn the_post_before_a_name_still_reads_as_a_post() {
    // xwlb-20191116-04: 全国政协常委 before the name, not a suffix
    assert_eq!(
        speaker_names("原全国政协常委陈永棋指出，习主席的讲话显示他对香港问题非常关注，希望香港尽快做到止暴制乱。"),
        ["陈永棋"]
    );
}
