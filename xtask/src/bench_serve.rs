//! `cargo xtask bench-serve`: what forty abandoned deep searches cost the
//! next normal request, and how long `serve` takes to exit after SIGTERM
//! while they run (issue 22).
//!
//! Runs a `policy-search` binary (by default this workspace's release
//! build; `--bin` another, e.g. a build of an earlier commit, to compare)
//! on an index of `--corpus` (one year of 新闻联播 by default; the whole
//! `xwlb_cctv` folder for the figures of the issue), built into a temp
//! folder by that binary unless `--index` names one, over loopback with
//! plain HTTP/1.1:
//!
//! 1. a normal search (新质生产力, first page) ten times: the baseline;
//! 2. deep pages: 发展 and 的 at offset 0, 1,000 and 10,000, with and
//!    without collapse, the median of three each;
//! 3. forty deep searches (的, offset 10,000, collapsed), each abandoned
//!    by its client after one second;
//! 4. the normal search again, right after: its latency, and the ratio to
//!    the baseline measured in the same run;
//! 5. SIGTERM: seconds until the process exits (killed after 120 s: `inf`).
//!
//! Prints `key=value` lines with the machine and commit.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// 新质生产力, first page.
const NORMAL: &str = "/api/search?q=%E6%96%B0%E8%B4%A8%E7%94%9F%E4%BA%A7%E5%8A%9B&limit=10";
/// 的, offset 10,000, collapsed: the deep page of issue 22.
const DEEP: &str = "/api/search?q=%E7%9A%84&offset=10000&limit=100&collapse=true";
const ABANDONED: usize = 40;
/// A frequent word and the most frequent character, percent-encoded.
const DEEP_QUERIES: [(&str, &str); 2] = [("fazhan", "%E5%8F%91%E5%B1%95"), ("de", "%E7%9A%84")];
const OFFSETS: [usize; 3] = [0, 1_000, 10_000];

pub(crate) fn main(
    root: &Path,
    bin: Option<PathBuf>,
    index: Option<PathBuf>,
    corpus: Option<PathBuf>,
) -> anyhow::Result<()> {
    let bin = bin.unwrap_or_else(|| root.join("target/release/policy-search"));
    if !bin.is_file() {
        bail!(
            "no binary at {} (cargo build --release first)",
            bin.display()
        );
    }
    let temp = tempfile::tempdir()?;
    let index = match index {
        Some(index) => index,
        None => {
            let input =
                corpus.unwrap_or_else(|| root.join("../shared/corpus/xwlb_cctv/xwlb_2024.jsonl"));
            if !input.exists() {
                bail!("needs the shared corpus: {}", input.display());
            }
            let index = temp.path().join("index");
            eprintln!("bench-serve: indexing {} …", input.display());
            let status = Command::new(&bin)
                .arg("--index")
                .arg(&index)
                .arg("ingest")
                .arg(&input)
                .stderr(Stdio::null())
                .status()?;
            if !status.success() && status.code() != Some(2) {
                bail!("ingest failed: {status}");
            }
            index
        }
    };

    let (mut server, addr) = start(&bin, &index)?;
    let baseline = median(
        (0..10)
            .map(|_| timed(&addr, NORMAL))
            .collect::<anyhow::Result<_>>()?,
    );

    let mut deep_pages = Vec::new();
    for (name, query) in DEEP_QUERIES {
        for collapse in [false, true] {
            for offset in OFFSETS {
                let target =
                    format!("/api/search?q={query}&offset={offset}&limit=10&collapse={collapse}");
                let seconds = median(
                    (0..3)
                        .map(|_| timed(&addr, &target))
                        .collect::<anyhow::Result<_>>()?,
                );
                let label = if collapse { "collapsed" } else { "all" };
                deep_pages.push((format!("{name}_{label}_offset_{offset}_ms"), seconds));
            }
        }
    }

    let mut streams = Vec::new();
    for _ in 0..ABANDONED {
        let mut stream = TcpStream::connect(&addr)?;
        stream.write_all(request(&addr, DEEP).as_bytes())?;
        streams.push(stream);
    }
    std::thread::sleep(Duration::from_secs(1));
    drop(streams);
    let after = timed(&addr, NORMAL)?;
    let later = median(
        (0..5)
            .map(|_| timed(&addr, NORMAL))
            .collect::<anyhow::Result<_>>()?,
    );

    let signalled = Instant::now();
    let sent = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()?;
    if !sent.success() {
        bail!("kill -TERM failed");
    }
    let exit_seconds = loop {
        if server.try_wait()?.is_some() {
            break signalled.elapsed().as_secs_f64();
        }
        if signalled.elapsed() > Duration::from_secs(120) {
            let _ = server.kill();
            break f64::INFINITY;
        }
        std::thread::sleep(Duration::from_millis(20));
    };

    println!(
        "cores={}",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!("commit={}", commit(root));
    println!("binary={}", bin.display());
    println!("index={}", index.display());
    println!("normal_alone_ms={:.1}", baseline * 1e3);
    for (key, seconds) in &deep_pages {
        println!("{key}={:.1}", seconds * 1e3);
    }
    println!(
        "normal_after_{ABANDONED}_abandoned_deep_ms={:.1}",
        after * 1e3
    );
    println!("normal_after_ratio={:.2}", after / baseline);
    println!("normal_median_of_next_5_ms={:.1}", later * 1e3);
    println!("exit_after_sigterm_s={exit_seconds:.2}");
    Ok(())
}

/// Starts `bin serve` on `index` at a free loopback port: the child and its address.
pub(crate) fn start(bin: &Path, index: &Path) -> anyhow::Result<(Child, String)> {
    let mut child = Command::new(bin)
        .arg("--index")
        .arg(index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("start serve")?;
    let stderr = child.stderr.take().context("stderr")?;
    let (tx, rx) = std::sync::mpsc::channel();
    // keeps draining stderr so the server never blocks on a full pipe
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("listening on http://") {
                let _ = tx.send(addr.trim().to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .context("serve did not print its address")?;
    Ok((child, addr))
}

fn request(addr: &str, target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
}

/// Seconds for one request on a fresh connection, checked to answer 200.
pub(crate) fn timed(addr: &str, target: &str) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(300)))?;
    stream.write_all(request(addr, target).as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let seconds = started.elapsed().as_secs_f64();
    if !response.starts_with(b"HTTP/1.1 200") {
        bail!(
            "{target}: {}",
            String::from_utf8_lossy(&response[..response.len().min(200)])
        );
    }
    Ok(seconds)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn commit(root: &Path) -> String {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
