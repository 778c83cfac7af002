//! Command-line arguments (clap derive), converted into library request types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use policy_search::model::Role;
use policy_search::query::{Filters, Period, Sort};

/// Full-text search for Chinese policy reporting: ranked passages, provinces,
/// speakers and quotes.
#[derive(Debug, Parser)]
#[command(name = "policy-search", version, about, long_about = None)]
pub struct Cli {
    /// Index folder [default: index_data/index; env POLICY_SEARCH_INDEX]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders (.txt .md .jsonl .html; UTF-8, UTF-16, GB18030)
    Ingest(IngestArgs),
    /// Search passages
    Search(SearchArgs),
    /// Find quotes by text, speaker, role or province
    Quotes(QuotesArgs),
    /// Matching passages and articles per year or month, for one or more queries
    Trend(TrendArgs),
    /// List speakers, most quoted first
    Speakers(SpeakersArgs),
    /// Counts of articles, passages, quotes, speakers, passages per province
    Stats(StatsArgs),
    /// Delete articles by id
    Remove(RemoveArgs),
    /// Verify every file of the index (checksums, recall postings decoded);
    /// exit 1 naming each damaged file
    Check,
    /// Serve the JSON API and the search page over HTTP
    Serve(ServeArgs),
    /// Copy the index into an OpenSearch cluster, or into NDJSON bulk files
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders (searched recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Worker threads [default: all cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Indexing memory for all jobs, in MB (at least 20 a job) [default: 192]
    #[arg(long, value_name = "MB")]
    pub memory: Option<usize>,
    /// Also delete articles whose source files are gone
    #[arg(long)]
    pub prune: bool,
    /// Extra words for jieba, one per line: `term [freq [tag]]`
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Print the summary as JSON on stdout
    #[arg(long)]
    pub json: bool,
    /// Start a new index over a damaged one (segment files without
    /// meta.json), deleting its files
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this province (repeatable): 湖北, 内蒙古, 香港…
    #[arg(long, value_name = "P")]
    pub province: Vec<String>,
    /// Only passages where this person speaks
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Only this role: 全国人大代表, 全国政协委员 or other
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Option<Role>,
    /// From this date (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to this date (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

impl FilterArgs {
    pub fn filters(&self) -> Filters {
        Filters {
            provinces: self.province.clone(),
            speaker: self.speaker.clone(),
            role: self.role,
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s)
        .ok_or_else(|| format!("unknown role '{s}' (use 全国人大代表, 全国政协委员 or other)"))
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum SortArg {
    #[default]
    Relevance,
    Date,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "exact phrase", -exclude, A OR B
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Number of passages to show (0: every passage, as --all; with
    /// --facets, the counts only)
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Every matching passage, streamed (uncollapsed; no page cap)
    #[arg(long)]
    pub all: bool,
    /// Skip this many passages
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Count matching passages per province, speaker, role and year
    #[arg(long)]
    pub facets: bool,
    /// Count every matching passage exactly (a search whose matches are
    /// too many to count cheaply says "about N" otherwise)
    #[arg(long)]
    pub count: bool,
    /// Order of results
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Show every passage, also reprints of the same text
    #[arg(long)]
    pub no_collapse: bool,
    /// Show how the query was segmented and what matched
    #[arg(long)]
    pub explain: bool,
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
    /// CSV (UTF-8 with BOM): date, province, speakers, title, passage_id, text, context
    #[arg(long, conflicts_with_all = ["json", "explain"])]
    pub csv: bool,
    #[command(flatten)]
    pub cluster: ClusterArg,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Words to rank quotes by (all quotes in article order without)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Number of quotes to show (0: every quote, as --all)
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Every matching quote, streamed (no page cap)
    #[arg(long)]
    pub all: bool,
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
    /// CSV (UTF-8 with BOM): date, province, speaker, role, titles, cue, title, passage_id, text, context
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(flatten)]
    pub cluster: ClusterArg,
}

/// `--backend`: a command's answers from a cluster instead of the embedded index.
#[derive(Debug, Args)]
pub struct ClusterArg {
    /// Answer from an OpenSearch index filled by `export` instead of the
    /// embedded index: opensearch://HOST:PORT/INDEX
    #[arg(long, value_name = "URL")]
    pub backend: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum PeriodArg {
    #[default]
    Year,
    Month,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
        }
    }
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// One query per argument (quote a query of several words: "新质生产力 湖北")
    #[arg(required = true, value_name = "QUERY")]
    pub queries: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Length of a period
    #[arg(long, value_enum, default_value_t = PeriodArg::Year)]
    pub by: PeriodArg,
    /// One JSON object: periods and, per query, passages and articles per period
    #[arg(long)]
    pub json: bool,
    /// CSV (UTF-8 with BOM): query, period, passages, articles
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    #[command(flatten)]
    pub cluster: ClusterArg,
}

#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Only speakers quoted in this province (repeatable)
    #[arg(long, value_name = "P")]
    pub province: Vec<String>,
    /// Only this role
    #[arg(long, value_name = "ROLE", value_parser = parse_role)]
    pub role: Option<Role>,
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Article ids
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed on stderr)
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    pub addr: String,
    /// Also answer requests for this host name (repeatable); IP addresses and
    /// localhost are always answered, other names get 403 (DNS rebinding)
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Stop a request's work after this many seconds (answered with 503)
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS", value_parser = parse_deadline)]
    pub deadline: f64,
    #[command(flatten)]
    pub cluster: ClusterArg,
}

fn parse_deadline(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(seconds) if (0.1..=3600.0).contains(&seconds) => Ok(seconds),
        _ => Err(format!("'{s}' is not a number of seconds from 0.1 to 3600")),
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("destination").required(true).args(["opensearch", "to"])))]
pub struct ExportArgs {
    /// The cluster to export into: http://HOST:PORT[/INDEX] or
    /// opensearch://HOST:PORT/INDEX (documents of removed articles are deleted there)
    #[arg(long, value_name = "URL")]
    pub opensearch: Option<String>,
    /// The OpenSearch index [default: the URL's path, else policy-search]
    #[arg(long, value_name = "NAME")]
    pub opensearch_index: Option<String>,
    /// Write index.json (settings and mapping) and NDJSON bulk files into DIR instead
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Primary shards of a new OpenSearch index
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub shards: u32,
    /// Replicas of each shard of a new OpenSearch index
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub replicas: u32,
    /// Documents per bulk request (or file)
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub batch: usize,
    /// Print the summary as JSON on stdout
    #[arg(long)]
    pub json: bool,
}

/// The command line with excluded Chinese words made safe for clap: an
/// argument such as `-人工智能` or `-"地方债"` is a query term, not an option,
/// so its minus becomes U+2212, which the query syntax also reads as "exclude".
pub fn protect_exclusions(
    args: impl Iterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    args.map(|arg| {
        let Some(text) = arg.to_str() else { return arg };
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some('-'), Some(next)) if !next.is_ascii() || next == '"' => {
                format!("\u{2212}{}", &text[1..]).into()
            }
            _ => arg,
        }
    })
    .collect()
}
