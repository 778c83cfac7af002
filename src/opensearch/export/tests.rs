//! Tests of the export: documents carry their words, grams and article; bulk lines and files.

use super::*;

#[test]
fn documents_carry_words_grams_and_their_article() {
    let (index, article) = crate::index::seed_index(
        "【湖北】\n全国人大代表、华工科技董事长马新强表示：“要持续打造新質生產力。”",
    );
    let mut all = Vec::new();
    documents(&index, "run1", |d| {
        all.push(d);
        Ok(())
    })
    .unwrap();
    assert_eq!(all[0].id, "seed#a");
    let passage = all.iter().find(|d| d.kind == m::KIND_PASSAGE).unwrap();
    assert_eq!(passage.id, "seed#1");
    let source = &passage.source;
    // grams: folded runs (traditional → simplified), a space between runs
    assert!(
        source[m::GRAMS]
            .as_str()
            .unwrap()
            .contains("马新强表示 要持续打造新质生产力"),
        "{source}"
    );
    let words: Vec<&str> = source[m::WORDS].as_str().unwrap().split(' ').collect();
    assert!(words.contains(&"新质生产力"), "{words:?}");
    assert_eq!(source[m::PROVINCE], json!(["湖北"]));
    assert_eq!(source[m::TITLE], article.title);
    assert_eq!(source[m::YEAR], "2024");
    assert_eq!(source[m::EXPORT_RUN], "run1");
    assert!(source[m::TITLE_WORDS]
        .as_str()
        .unwrap()
        .contains("新质生产力"));
    let quote = all.iter().find(|d| d.kind == m::KIND_QUOTE).unwrap();
    assert_eq!(quote.id, "seed#q0");
    assert_eq!(quote.source[m::SPEAKER], "马新强");
}
