//! The analyzers alone, one thread, over every passage, as tantivy's
//! indexing threads run them: the pipeline's jieba analyzer, the recall
//! tokens and tantivy-jieba. Indexes nothing.

use std::time::Instant;

use policy_search::index::analyzer::JiebaAnalyzer;
use tantivy::tokenizer::{TokenStream, Tokenizer};

use super::report::mb;

pub(crate) struct TokenizerCost {
    pub(crate) name: &'static str,
    pub(crate) seconds: f64,
    pub(crate) tokens: usize,
}

/// The analyzers alone, one thread, over every passage: the recall tokens'
/// share of the analysis work.
pub(crate) fn tokenize_costs(
    passages: &[String],
    bytes: usize,
    chars: usize,
) -> Vec<TokenizerCost> {
    println!(
        "## analyzers alone (1 thread, {:.1} MB of passages)",
        mb(bytes as f64)
    );
    let mut costs = Vec::new();
    let mut time = |name: &'static str, count: &dyn Fn(&str) -> usize| {
        count("预热");
        let started = Instant::now();
        let tokens: usize = passages.iter().map(|p| count(p)).sum();
        let seconds = started.elapsed().as_secs_f64();
        assert!(tokens > 0, "{name} produced no token");
        println!(
            "{name:<28} {:>7.2} MB/s  {:>10} tokens  {:.3} tokens/char",
            mb(bytes as f64) / seconds,
            tokens,
            tokens as f64 / chars as f64
        );
        costs.push(TokenizerCost {
            name,
            seconds,
            tokens,
        });
    };
    // both analyzers as tantivy's indexing threads run them: a token stream
    // walked to its end, no token kept
    time("ps_jieba (token stream)", &|p| {
        let mut stream = JiebaAnalyzer.token_stream(p);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        n
    });
    time("recall tokens", &|p| {
        let mut n = 0;
        policy_search::index::recall::tokens::for_each_recall_token(p, |_, _| n += 1);
        n
    });
    time("tantivy-jieba (baseline)", &|p| {
        let mut tokenizer = tantivy_jieba::JiebaTokenizer::new();
        let mut stream = tokenizer.token_stream(p);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        n
    });
    let jieba = costs[0].seconds;
    let chars = costs[1].seconds;
    println!(
        "recall tokens' share of body analysis: {:.0}% (recall {:.2} s of jieba+recall {:.2} s)",
        100.0 * chars / (jieba + chars),
        chars,
        jieba + chars
    );
    costs
}
