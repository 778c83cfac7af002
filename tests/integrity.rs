//! A damaged index, a read-only one, a shared one (issue 22): every damage
//! is an error naming the file with exit code 1 — never a panic (101), never
//! a hit that does not hold the query — and readers need no write access.
//!
//! One index of the bundled samples (government work reports and the 两会
//! feature: real text, shipped with the project) is built once by an
//! `ingest` process; each test damages a copy of it and runs the binary on
//! the copy, as a user would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::{policy_search, repo, Workspace};

/// The bundled samples, indexed once.
fn fixture() -> &'static Path {
    static FIXTURE: OnceLock<Workspace> = OnceLock::new();
    FIXTURE
        .get_or_init(|| {
            let ws = Workspace {
                tmp: tempfile::Builder::new()
                    .prefix("integrity-")
                    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                    .expect("temp dir"),
            };
            let report = ws.ingest(&[repo("index_data/samples")]);
            assert!(report["articles_new"].as_u64() >= Some(10), "{report}");
            ws
        })
        .tmp
        .path()
}

/// A copy of the fixture's index in a fresh temp folder: (folder, index).
fn copy_of_index() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = tmp.path().join("index");
    fs::create_dir(&index).expect("create index folder");
    for entry in fs::read_dir(fixture().join("index")).expect("fixture index") {
        let entry = entry.expect("fixture entry");
        fs::copy(entry.path(), index.join(entry.file_name())).expect("copy index file");
    }
    (tmp, index)
}

/// The index's files with `extension`, largest first.
fn files_with(index: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(index)
        .expect("index folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort_by_key(|path| std::cmp::Reverse(fs::metadata(path).map_or(0, |m| m.len())));
    assert!(
        !files.is_empty(),
        "no .{extension} file in {}",
        index.display()
    );
    files
}

/// `bytes` of pseudo-random garbage (xorshift, fixed seed).
fn garbage(bytes: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..bytes)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn overwrite(file: &Path, at: usize, bytes: &[u8]) {
    let mut data = fs::read(file).expect("read file");
    assert!(
        at + bytes.len() <= data.len(),
        "{} is too short",
        file.display()
    );
    data[at..at + bytes.len()].copy_from_slice(bytes);
    fs::write(file, data).expect("write file");
}

fn run(index: &Path, args: &[&str]) -> Output {
    policy_search(index)
        .args(args)
        .output()
        .expect("run policy-search")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The command failed with exit code 1 and said that `file` is damaged.
fn assert_names_damage(output: &Output, file: &Path, what: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        err.contains("damaged index") || what.starts_with("check"),
        "{what}: {err}"
    );
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .expect("file name");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        err.contains(name) || out.contains(name),
        "{what} does not name {name}: {err}{out}"
    );
}

/// Folded as the index folds (traditional → simplified, full width → half).
fn folded(text: &str) -> String {
    text.chars()
        .map(policy_search::normalize::fold_char)
        .collect()
}

/// `search <query> <args> --json` either fails naming `file` (exit 1) or
/// succeeds with hits that all hold `query`; never a panic.
fn assert_error_or_right_hits(index: &Path, file: &Path, query: &str, args: &[&str]) {
    let mut all = vec!["search", query];
    all.extend_from_slice(args);
    all.push("--json");
    let output = run(index, &all);
    let what = all.join(" ");
    match output.status.code() {
        Some(0) => {
            for line in String::from_utf8_lossy(&output.stdout).lines() {
                let value: Value = serde_json::from_str(line).expect("a JSON line");
                if let Some(text) = value["text"].as_str() {
                    assert!(
                        folded(text).contains(query),
                        "{what}: a hit without {query}: {text}"
                    );
                }
            }
        }
        _ => assert_names_damage(&output, file, &what),
    }
}

// ------------------------------------------------------ the recall files

/// The on-disk recall file without tantivy's footer (JSON, its length as
/// u32, magic 1337 as u32).
fn recall_content_len(data: &[u8]) -> usize {
    let n = data.len();
    let json = u32::from_le_bytes(data[n - 8..n - 4].try_into().expect("4 bytes")) as usize;
    assert_eq!(&data[n - 4..], &1337u32.to_le_bytes(), "tantivy's footer");
    n - 8 - json
}

/// The byte range (in the file) of the postings of term `key` in a recall
/// file of version 3: table entries of 44 bytes (key, docs, skips, docs,
/// positions, end, checksum), a footer of 24 (terms, table offset, table
/// checksum, version, magic) — `src/index/recall/format.rs`.
fn term_bytes(file: &Path, key: u32) -> Option<std::ops::Range<usize>> {
    let data = fs::read(file).expect("read recall file");
    let data = &data[..recall_content_len(&data)];
    let n = data.len();
    let u32_at = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().expect("4 bytes"));
    let u64_at = |at: usize| u64::from_le_bytes(data[at..at + 8].try_into().expect("8 bytes"));
    assert_eq!(u32_at(n - 8), 3, "recall file version");
    let terms = u32_at(n - 24) as usize;
    let table = u64_at(n - 20) as usize;
    (0..terms).map(|i| table + 44 * i).find_map(|at| {
        (u32_at(at) == key).then(|| u64_at(at + 8) as usize..u64_at(at + 32) as usize)
    })
}

/// Regression (issue 22): 4 KB of garbage in the middle of a `.rcl` file made
/// `search 的 --facets` panic and `search 发 --no-collapse` return hits
/// without 发, and `stats` noticed nothing.
#[test]
fn garbage_in_the_middle_of_a_recall_file_is_an_error_naming_it() {
    let (_tmp, index) = copy_of_index();
    let file = files_with(&index, "rcl").remove(0);
    let len = fs::metadata(&file).expect("size").len() as usize;
    overwrite(&file, len / 2 - 2048, &garbage(4096, 22));

    assert_names_damage(&run(&index, &["stats"]), &file, "stats");
    let check = run(&index, &["check"]);
    assert_names_damage(&check, &file, "check");
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains(&format!("damaged: {}", file.display())),
        "{out}"
    );
    // a query errs if it reads the damaged bytes, and is right if it does not
    assert_error_or_right_hits(&index, &file, "的", &["--facets"]);
    assert_error_or_right_hits(&index, &file, "发", &["--no-collapse"]);
}

/// The same garbage inside postings that the queries read: the query fails,
/// naming the file.
#[test]
fn garbage_in_postings_a_query_reads_is_an_error_naming_it() {
    for (query, args) in [("的", "--facets"), ("发", "--no-collapse")] {
        let (_tmp, index) = copy_of_index();
        let key = u32::from(query.chars().next().expect("a character"));
        let (file, range) = files_with(&index, "rcl")
            .into_iter()
            .find_map(|file| Some((file.clone(), term_bytes(&file, key)?)))
            .unwrap_or_else(|| panic!("no recall file holds {query} as a term of its own"));
        let middle = (range.start + range.end) / 2;
        let bytes = (range.end - range.start).clamp(1, 4096);
        let at = middle.saturating_sub(bytes / 2).max(range.start);
        overwrite(&file, at, &garbage(bytes.min(range.end - at), 7));
        let output = run(&index, &["search", query, args]);
        assert_names_damage(&output, &file, &format!("search {query} {args}"));
    }
}

#[test]
fn a_truncated_recall_file_is_an_error_naming_it() {
    let (_tmp, index) = copy_of_index();
    let file = files_with(&index, "rcl").remove(0);
    let len = fs::metadata(&file).expect("size").len();
    fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_len(len * 2 / 3))
        .expect("truncate");
    for args in [
        &["search", "的", "--facets"][..],
        &["search", "发", "--no-collapse"],
        &["stats"],
        &["check"],
    ] {
        assert_names_damage(&run(&index, args), &file, &args.join(" "));
    }
}

// ------------------------------------------------------ tantivy's files

/// Two-character words of the samples, drawn with a fixed seed.
fn words_of_the_samples(count: usize) -> Vec<String> {
    let text = fs::read_to_string(repo(
        "index_data/samples/gov_work_reports_national_2024_2025.jsonl",
    ))
    .expect("samples");
    let chars: Vec<char> = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    let mut state: u64 = 0x22;
    let mut words = Vec::with_capacity(count);
    while words.len() < count {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = (state >> 33) as usize % (chars.len() - 1);
        let word: String = chars[at..at + 2].iter().collect();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Regression (issue 22): one flipped byte in a `.idx` file made two of
/// 4,000 queries panic. `check` finds it; queries answer or fail with exit
/// code 1, never a panic.
#[test]
fn a_flipped_byte_in_a_postings_file_is_found_by_check_and_never_panics() {
    let (_tmp, index) = copy_of_index();
    let file = files_with(&index, "idx").remove(0);
    let mut data = fs::read(&file).expect("read .idx");
    for at in [data.len() / 3, data.len() / 2, data.len() * 2 / 3] {
        data[at] ^= 0x5a;
    }
    fs::write(&file, &data).expect("write .idx");

    let check = run(&index, &["check"]);
    assert_names_damage(&check, &file, "check");

    for word in words_of_the_samples(40) {
        for args in [
            &["search", &word][..],
            &["search", &word, "--no-collapse", "--facets"],
        ] {
            let output = run(&index, args);
            let err = stderr(&output);
            assert!(
                matches!(output.status.code(), Some(0 | 1)) && !err.contains("panicked"),
                "{args:?}: {:?} {err}",
                output.status.code()
            );
        }
    }
}

// ------------------------------------------------------ opening

/// Regression (issue 22): without `meta.json` the message was "no index",
/// and the next ingest silently started a new index over the old files.
#[test]
fn segment_files_without_meta_json_are_a_damaged_index() {
    let (tmp, index) = copy_of_index();
    fs::remove_file(index.join("meta.json")).expect("remove meta.json");
    let segment_files = files_with(&index, "rcl").len() * 7;

    let search = run(&index, &["search", "发展"]);
    assert_eq!(search.status.code(), Some(1));
    let err = stderr(&search);
    assert!(
        err.contains("damaged index") && err.contains("meta.json"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");

    let seed = repo("index_data/samples/lianghui_2024_xinzhi_shengchanli.txt");
    let refused = policy_search(&index)
        .current_dir(tmp.path())
        .arg("ingest")
        .arg(&seed)
        .output()
        .expect("run ingest");
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("damaged index"),
        "{}",
        stderr(&refused)
    );
    assert!(
        !index.join("meta.json").exists(),
        "ingest must not start over"
    );
    let left = fs::read_dir(&index).expect("index").count();
    assert!(left >= segment_files, "ingest deleted files: {left} left");

    let forced = policy_search(&index)
        .current_dir(tmp.path())
        .args(["ingest", "--force", "--json"])
        .arg(&seed)
        .output()
        .expect("run ingest --force");
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let stats = run(&index, &["stats", "--json"]);
    let stats: Value = serde_json::from_slice(&stats.stdout).expect("stats --json");
    assert_eq!(stats["articles"], 1, "{stats}");
}

/// Readers never take the writer's lock.
#[test]
fn readers_do_not_create_the_writer_lock() {
    let (_tmp, index) = copy_of_index();
    for lock in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
        let _ = fs::remove_file(index.join(lock));
    }
    for args in [
        &["search", "发展"][..],
        &["stats"],
        &["check"],
        &["quotes", "发展"],
    ] {
        let output = run(&index, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!index.join(".tantivy-writer.lock").exists());
}

/// A read-only copy of an index: a read-only bind mount when this process
/// may mount (root), else the files' write permissions removed (which root
/// ignores: then the readers run as `nobody` through `setpriv`).
struct ReadOnly {
    index: PathBuf,
    mount: Option<PathBuf>,
    run_as_nobody: bool,
    _tmp: tempfile::TempDir,
}

impl ReadOnly {
    fn new() -> ReadOnly {
        let (tmp, source) = copy_of_index();
        for lock in [".tantivy-writer.lock", ".tantivy-meta.lock"] {
            let _ = fs::remove_file(source.join(lock));
        }
        let is_root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if is_root {
            let target = tmp.path().join("read-only");
            fs::create_dir(&target).expect("mount point");
            let mounted = std::process::Command::new("mount")
                .args(["--bind", "-o", "ro"])
                .arg(&source)
                .arg(&target)
                .status()
                .is_ok_and(|s| s.success())
                && std::process::Command::new("mount")
                    .args(["-o", "remount,bind,ro"])
                    .arg(&target)
                    .status()
                    .is_ok_and(|s| s.success());
            if mounted {
                return ReadOnly {
                    index: target.clone(),
                    mount: Some(target),
                    run_as_nobody: false,
                    _tmp: tmp,
                };
            }
            eprintln!("cannot bind-mount read-only: running the readers as nobody");
        }
        make_read_only(tmp.path(), &source);
        ReadOnly {
            index: source,
            mount: None,
            run_as_nobody: is_root,
            _tmp: tmp,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        if !self.run_as_nobody {
            return run(&self.index, args);
        }
        let binary = assert_cmd::cargo::cargo_bin("policy-search");
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary)
            .arg("--index")
            .arg(&self.index)
            .args(args)
            .env_remove("POLICY_SEARCH_INDEX")
            .output()
            .expect("setpriv (util-linux) runs the readers as nobody")
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if let Some(target) = &self.mount {
            let _ = std::process::Command::new("umount").arg(target).status();
        }
        // let the temp folder be removed
        let _ = std::process::Command::new("chmod")
            .args(["-R", "u+w"])
            .arg(self._tmp.path())
            .status();
    }
}

/// Files readable by all and writable by none; the folders on the way
/// searchable by all (a temp folder is 0700).
fn make_read_only(tmp: &Path, index: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in fs::read_dir(index).expect("index") {
        let path = entry.expect("entry").path();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod file");
    }
    fs::set_permissions(index, fs::Permissions::from_mode(0o555)).expect("chmod index");
    fs::set_permissions(tmp, fs::Permissions::from_mode(0o755)).expect("chmod temp");
}

/// Regression (issue 22): on a read-only file system `search` and `stats`
/// failed with "Failed to acquire Lockfile", and `ingest` said "another
/// policy-search ingest is writing".
#[test]
fn search_and_stats_work_on_a_read_only_index() {
    let read_only = ReadOnly::new();
    let search = read_only.run(&["search", "发展", "--json"]);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    assert!(!search.stdout.is_empty(), "no hits for 发展");
    for args in [&["stats"][..], &["check"], &["speakers"]] {
        let output = read_only.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let seed = repo("index_data/samples/lianghui_2024_xinzhi_shengchanli.txt");
    let ingest = read_only.run(&["ingest", seed.to_str().expect("utf-8 path")]);
    let err = stderr(&ingest);
    assert_eq!(ingest.status.code(), Some(1), "{err}");
    assert!(
        err.contains("read-only file system") || err.contains("permission denied"),
        "{err}"
    );
    assert!(!err.contains("another policy-search ingest"), "{err}");
}

/// Regression (issue 22): `meta.json` and `.managed.json` were created
/// 0600, so another user could not search a shared index.
#[test]
fn new_index_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let binary = assert_cmd::cargo::cargo_bin("policy-search");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$0\" \"$@\"")
        .arg(binary)
        .arg("--index")
        .arg(ws.index())
        .arg("ingest")
        .arg(repo(
            "index_data/samples/lianghui_2024_xinzhi_shengchanli.txt",
        ))
        .env_remove("POLICY_SEARCH_INDEX")
        .output()
        .expect("run ingest under umask 027");
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    let mut seen = Vec::new();
    for entry in fs::read_dir(ws.index()).expect("index") {
        let entry = entry.expect("entry");
        let mode = entry.metadata().expect("metadata").permissions().mode() & 0o777;
        let name = entry.file_name().to_string_lossy().into_owned();
        assert_eq!(
            mode, 0o640,
            "{name} has mode {mode:o}, umask 027 gives 0640"
        );
        seen.push(name);
    }
    assert!(seen.iter().any(|n| n == "meta.json"), "{seen:?}");
    assert!(seen.iter().any(|n| n.ends_with(".rcl")), "{seen:?}");
}

/// A merge reads every list of its segments' recall files, each checked
/// against its checksum: over a damaged file it fails, naming the file, and
/// the index keeps its segments.
#[test]
fn a_merge_over_a_damaged_recall_file_fails_naming_it() {
    use policy_search::index::SearchIndex;
    let (_tmp, index) = copy_of_index();
    let files = files_with(&index, "rcl");
    assert!(files.len() >= 2, "the fixture has {} segments", files.len());
    let file = &files[0];
    let len = fs::metadata(file).expect("size").len() as usize;
    overwrite(file, len / 3, &garbage(512, 3));

    let opened = SearchIndex::open(&index).expect("open the index");
    let error = opened
        .merge_segments()
        .expect_err("a merge over a damaged file");
    let text = error.to_string();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .expect("file name");
    assert!(
        text.contains("damaged index") && text.contains(name),
        "{text}"
    );
    assert_eq!(opened.segment_count().expect("segments"), files.len());
}

/// Regression (issue 22): a full disk sometimes said only "An index writer
/// was killed". The samples' index (1.7 MB) on a 1 MB file system.
#[test]
#[ignore = "needs root: mounts a 1 MB tmpfs"]
fn ingest_on_a_full_disk_says_the_disk_is_full() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let small = tmp.path().join("small");
    fs::create_dir(&small).expect("mount point");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&small)
        .status()
        .is_ok_and(|s| s.success());
    assert!(mounted, "cannot mount a tmpfs: run this test as root");
    let index = small.join("index");
    let output = policy_search(&index)
        .arg("ingest")
        .arg(repo("index_data/samples"))
        .output()
        .expect("run ingest");
    let _ = std::process::Command::new("umount").arg(&small).status();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no space left on the device") || err.contains("the disk is full"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
