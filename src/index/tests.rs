//! Tests of the index: merge groups within the memory bound, dates, article bodies and their skeletons.

use super::*;

use proptest::prelude::*;

#[test]
fn merges_are_cut_into_groups_that_fit_the_bound() {
    let sizes = [
        (10, 'a'),
        (20, 'b'),
        (30, 'c'),
        (45, 'd'),
        (60, 'e'),
        (200, 'f'),
    ];
    assert_eq!(group_by_bytes(&sizes, 60), vec![vec!['a', 'b', 'c']]);
    // d and e make 105: each is left alone, and f is too big
    assert_eq!(group_by_bytes(&sizes, 100), vec![vec!['a', 'b', 'c']]);
    assert_eq!(
        group_by_bytes(&sizes, 1000),
        vec![vec!['a', 'b', 'c', 'd', 'e', 'f']]
    );
    // nothing fits two at a time: no merge
    assert!(group_by_bytes(&[(50, 'a'), (60, 'b')], 100).is_empty());
}

#[test]
fn dates_of_a_year_or_a_month_only_keep_their_year() {
    assert_eq!(day_number(Some("2024-03-05")), 20240305);
    assert_eq!(day_number(Some("2024-03")), 20240300);
    assert_eq!(day_number(Some("2024")), 20240000);
    assert_eq!(day_number(Some("3月5日")), 0);
    assert_eq!(day_number(None), 0);
}

#[test]
fn an_article_body_is_its_skeleton_and_its_passages() {
    let body = "【湖北】\n马新强说：“要加快发展。”\n\n唐冬生表示，要推进改革。\n策划：张三";
    let first = body.find('马').unwrap();
    let first_end = body.find("\n\n").unwrap();
    let second = body.find('唐').unwrap();
    let second_end = body.rfind('\n').unwrap();
    let ranges = [(first, first_end), (second, second_end)];
    let skeleton = article_skeleton(body, &ranges);
    assert_eq!(skeleton, "【湖北】\n\n\n\n策划：张三");
    let pieces: Vec<(usize, usize, &str)> =
        ranges.iter().map(|&(s, e)| (s, e, &body[s..e])).collect();
    assert_eq!(article_body(&skeleton, &pieces).as_deref(), Some(body));
    // a passage that does not fit is an error, not a wrong body
    let wrong = [(first, first_end, "别的文字")];
    assert_eq!(article_body(&skeleton, &wrong), None);
}

proptest! {
    #[test]
    fn skeleton_and_passages_give_back_any_body(
        body in "[a-c马强，。\n]{0,60}",
        cuts in proptest::collection::vec(0usize..60, 0..8),
    ) {
        let mut bounds: Vec<usize> = cuts
            .into_iter()
            .map(|c| c.min(body.len()))
            .filter(|&c| body.is_char_boundary(c))
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let ranges: Vec<(usize, usize)> =
            bounds.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
        let skeleton = article_skeleton(&body, &ranges);
        let pieces: Vec<(usize, usize, &str)> =
            ranges.iter().map(|&(s, e)| (s, e, &body[s..e])).collect();
        prop_assert_eq!(article_body(&skeleton, &pieces), Some(body.clone()));
    }
}
