//! `policy-search export`: the index into an OpenSearch cluster or into
//! NDJSON bulk files, with a progress bar on stderr and a summary (failed
//! documents with their id and reason). The export itself is the library's
//! (`policy_search::opensearch::export`).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use policy_search::index::SearchIndex;
use policy_search::opensearch::{
    self, ExportOptions, ExportProgress, ExportSummary, Layout, Target,
};

use crate::cli::ExportArgs;

/// Runs the export; exit code 2 when some documents were rejected.
pub fn run(
    index: &SearchIndex,
    args: &ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let options = ExportOptions {
        layout: Layout {
            shards: args.shards.max(1),
            replicas: args.replicas,
        },
        batch_docs: args.batch.max(1),
        ..ExportOptions::default()
    };
    let bar = progress_bar();
    let on_progress = |p: ExportProgress| {
        if let Some(bar) = &bar {
            if p.done.is_multiple_of(500) || p.done == p.total {
                bar.set_length(p.total);
                bar.set_position(p.done);
            }
        }
    };
    let (summary, destination) = match (&args.opensearch, &args.to) {
        (Some(url), _) => {
            let target = Target::parse(url, args.opensearch_index.as_deref())?;
            let summary = opensearch::export_to_cluster(index, &target, &options, on_progress)?;
            (summary, target.url())
        }
        (None, Some(dir)) => {
            let summary = opensearch::export_to_dir(index, dir, &options, on_progress)?;
            (summary, dir.display().to_string())
        }
        (None, None) => anyhow::bail!("give --opensearch URL or --to DIR"),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.json {
        serde_json::to_writer(&mut *out, &summary)?;
        writeln!(out)?;
    }
    report(&mut io::stderr(), &summary, &destination)?;
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn report(w: &mut impl Write, s: &ExportSummary, destination: &str) -> io::Result<()> {
    let seconds = s.seconds.max(1e-9);
    writeln!(
        w,
        "exported {} documents ({} articles, {} passages, {} quotes) to {destination} in {:.1} s: {:.0} documents/s, {:.2} MB/s of text, {} bulk batches, {} retries",
        s.documents,
        s.articles,
        s.passages,
        s.quotes,
        s.seconds,
        s.documents as f64 / seconds,
        s.text_bytes as f64 / 1e6 / seconds,
        s.batches,
        s.retries,
    )?;
    if s.deleted > 0 {
        writeln!(w, "deleted {} documents the index no longer has", s.deleted)?;
    }
    if !s.failed.is_empty() {
        writeln!(w, "{} documents were rejected:", s.failed.len())?;
        for item in &s.failed {
            writeln!(w, "  {}: {}", item.id, item.reason)?;
        }
        writeln!(
            w,
            "(documents of removed articles were not deleted: export again once these are fixed)"
        )?;
    }
    Ok(())
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} documents {per_sec} ETA {eta}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}
