//! `policy-search serve` end to end: a temp index built from the bundled
//! samples, the real binary serving it on a free loopback port, and hyper's
//! HTTP/1.1 client (the router lives in the binary, out of a test's reach,
//! so every request goes through a real socket).
//!
//! `cargo test --test web` checks every endpoint, the error mapping, the
//! limits, and that a second `ingest` shows up without a restart. The bounded
//! load test is ignored by default:
//! `cargo test --release --test web -- --ignored load --nocapture`.
//!
//! One concern at over 600 lines: the HTTP API and its limits, every test
//! through the same server helpers.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{header, HeaderMap, Request};
use hyper_util::rt::TokioIo;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policy-search");

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("index_data")
        .join("samples")
}

fn ingest(index: &Path, input: &Path) {
    assert_cmd::Command::new(BIN)
        .env_remove("POLICY_SEARCH_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index)
        .arg("ingest")
        .arg(input)
        .assert()
        .success();
}

// ------------------------------------------------------------------ server

/// A running `policy-search serve`; killed when dropped, also when a test panics.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(index: &Path) -> Server {
        let mut child = Command::new(BIN)
            .env_remove("POLICY_SEARCH_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start policy-search serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let (log, rx) = common::drain_server_log(stderr);
        let mut server = Server {
            child,
            addr: String::new(),
            log,
        };
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => server.addr = addr,
            Err(_) => panic!(
                "server did not print its address; stderr:\n{}",
                server.log()
            ),
        }
        let port: u16 = server
            .addr
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        assert_ne!(port, 0, "a real port instead of :0 in {}", server.addr);
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path)
    }

    /// `GET` that must answer 200 with a JSON body.
    fn json(&self, path: &str) -> Value {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.body);
        assert_eq!(
            response.header("content-type"),
            Some("application/json"),
            "GET {path}"
        );
        response.json()
    }

    /// `GET` that must fail with `status` and a `{"error": …}` body; returns the message.
    fn error(&self, path: &str, status: u16) -> String {
        let response = self.get(path);
        assert_eq!(response.status, status, "GET {path}: {}", response.body);
        let body = response.json();
        let message = body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("GET {path}: no error in {body}"));
        assert!(!message.is_empty());
        message.to_string()
    }
}

impl Server {
    /// Ctrl-C: the server must shut down gracefully and exit 0.
    fn interrupt_and_wait(mut self) {
        if cfg!(unix) {
            let pid = self.child.id().to_string();
            let sent = Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .expect("run kill");
            assert!(sent.success());
            let started = Instant::now();
            let status = loop {
                if let Some(status) = self.child.try_wait().expect("wait for server") {
                    break status;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "server ignored SIGINT"
                );
                std::thread::sleep(Duration::from_millis(50));
            };
            assert!(status.success(), "{status}: {}", self.log());
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ------------------------------------------------------------------ client

struct Response {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

thread_local! {
    /// The client side of each test thread (the load test runs 32).
    static CLIENT: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
}

/// One HTTP/1.1 request on a fresh connection, by hyper's client.
fn request(addr: &str, method: &str, target: &str) -> Response {
    try_request(addr, method, target).unwrap_or_else(|e| panic!("{method} {target}: {e}"))
}

fn try_request(addr: &str, method: &str, target: &str) -> Result<Response, String> {
    CLIENT.with(|runtime| {
        let sent = async {
            tokio::time::timeout(Duration::from_secs(30), send(addr, method, target)).await
        };
        runtime
            .block_on(sent)
            .map_err(|_| "no answer within 30 s".to_string())?
    })
}

async fn send(addr: &str, method: &str, target: &str) -> Result<Response, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(connection);
    let request = Request::builder()
        .method(method)
        .uri(target)
        .header(header::HOST, addr)
        .body(Empty::<Bytes>::new())
        .map_err(|e| format!("request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?
        .to_bytes();
    let body = String::from_utf8(body.to_vec()).map_err(|e| format!("body: {e}"))?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Percent-encodes one query-string component (UTF-8, RFC 3986 unreserved kept).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `path?k=v&…` with every key and value percent-encoded.
fn url(path: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

// ------------------------------------------------------------------ helpers

fn hits(body: &Value) -> &Vec<Value> {
    body["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("no hits array in {body}"))
}

fn total(body: &Value) -> u64 {
    body["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("no total in {body}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The characters of `text` in `[start, end)` (ranges are in Unicode scalars).
fn char_slice(text: &str, range: &Value) -> String {
    let start = range[0].as_u64().expect("range start") as usize;
    let end = range[1].as_u64().expect("range end") as usize;
    text.chars().skip(start).take(end - start).collect()
}

/// The count of `value` in a facet list (`[["湖北", 5], …]`).
fn facet_count(facet: &Value, value: &str) -> Option<u64> {
    facet
        .as_array()?
        .iter()
        .find(|pair| pair[0] == value)
        .and_then(|pair| pair[1].as_u64())
}

fn cli_json_lines(index: &Path, args: &[&str]) -> Vec<Value> {
    let output = Command::new(BIN)
        .env_remove("POLICY_SEARCH_INDEX")
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("run policy-search");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect()
}

// ------------------------------------------------------------------ tests

#[test]
fn serves_every_endpoint_with_the_cli_answers_and_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    ingest(&index, &samples());
    let server = Server::start(&index);

    // the page and its assets
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body.contains("<script src=\"/app.js\""),
        "{}",
        page.body
    );
    assert!(page
        .header("content-security-policy")
        .is_some_and(|csp| csp.contains("script-src 'self'")));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let script = server.get("/app.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("/api/search"));
    let style = server.get("/style.css");
    assert_eq!(style.status, 200);
    assert_eq!(
        style.header("content-type"),
        Some("text/css; charset=utf-8")
    );

    // search: the same passages as the CLI, with facets
    let body = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("facets", "true"), ("limit", "5")],
    ));
    let found = hits(&body);
    assert_eq!(found.len(), 5);
    assert!(total(&body) >= 5);
    let cli = cli_json_lines(&index, &["search", "新质生产力", "--json", "-n", "5"]);
    let cli_ids: Vec<&Value> = cli.iter().map(|hit| &hit["passage_id"]).collect();
    let api_ids: Vec<&Value> = found.iter().map(|hit| &hit["passage_id"]).collect();
    assert_eq!(api_ids, cli_ids, "the API ranks like the CLI");
    for (rank, hit) in found.iter().enumerate() {
        assert_eq!(hit["rank"].as_u64(), Some(rank as u64 + 1));
        for field in [
            "score",
            "article_id",
            "title",
            "source",
            "text",
            "snippet",
            "similar",
        ] {
            assert!(!hit[field].is_null(), "hit has {field}: {hit}");
        }
        let snippet = hit["snippet"].as_str().expect("snippet");
        let marks = hit["snippet_highlights"]
            .as_array()
            .expect("snippet_highlights");
        assert!(!marks.is_empty(), "{hit}");
        for range in marks {
            assert_eq!(char_slice(snippet, range), "新质生产力", "{hit}");
        }
    }
    let facets = &body["facets"];
    let hubei = facet_count(&facets["province"], "湖北").expect("湖北 facet");
    assert!(hubei >= 1);
    assert!(facets["speaker"].is_array() && facets["role"].is_array() && facets["year"].is_array());
    let no_facets = server.json(&url("/api/search", &[("q", "新质生产力")]));
    assert!(no_facets["facets"].is_null());
    assert_eq!(hits(&no_facets).len(), 10, "default limit");

    // filters
    let only_hubei = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("province", "湖北"), ("limit", "100")],
    ));
    assert_eq!(total(&only_hubei), hubei, "facet count = filtered total");
    assert!(hits(&only_hubei).iter().all(|hit| hit["province"]
        .as_array()
        .is_some_and(|list| list.iter().any(|p| p == "湖北"))));
    let guangdong = total(&server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("province", "广东")],
    )));
    let comma = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("province", "湖北,广东")],
    ));
    let repeated = server.json(&url(
        "/api/search",
        &[
            ("q", "新质生产力"),
            ("province", "湖北"),
            ("province", "广东"),
        ],
    ));
    // a passage about both provinces is one passage under either filter
    let both = server.json(&url(
        "/api/search",
        &[
            ("q", "新质生产力"),
            ("province", "湖北,广东"),
            ("limit", "100"),
        ],
    ));
    let in_both = hits(&both)
        .iter()
        .filter(|hit| {
            let list = strings(&hit["province"]);
            list.contains(&"湖北".to_string()) && list.contains(&"广东".to_string())
        })
        .count() as u64;
    assert_eq!(total(&comma), hubei + guangdong - in_both);
    assert_eq!(total(&repeated), total(&comma));
    let by_speaker = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("speaker", "马新强")],
    ));
    assert!(total(&by_speaker) >= 1);
    assert!(hits(&by_speaker)
        .iter()
        .all(|hit| strings(&hit["speakers"]).contains(&"马新强".to_string())));
    let by_role = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("role", "全国人大代表")],
    ));
    assert!(total(&by_role) >= 1);
    let in_2026 = server.json(&url(
        "/api/search",
        &[
            ("q", "新质生产力"),
            ("from", "2026"),
            ("to", "2026-12-31"),
            ("limit", "50"),
        ],
    ));
    assert!(total(&in_2026) >= 1);
    assert!(hits(&in_2026)
        .iter()
        .all(|hit| hit["date"].as_str().is_some_and(|d| d.starts_with("2026"))));
    let by_date = server.json(&url(
        "/api/search",
        &[("q", "政府工作报告"), ("sort", "date"), ("limit", "20")],
    ));
    let dates: Vec<&str> = hits(&by_date)
        .iter()
        .filter_map(|hit| hit["date"].as_str())
        .collect();
    assert!(dates.len() > 1);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    let page_two = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("limit", "5"), ("offset", "5")],
    ));
    assert_eq!(hits(&page_two)[0]["rank"].as_u64(), Some(6));
    let uncollapsed = server.json(&url(
        "/api/search",
        &[("q", "新质生产力"), ("collapse", "false")],
    ));
    assert!(hits(&uncollapsed).iter().all(|hit| hit["similar"] == 0));

    // bad parameters: 400 with a message
    let search_error = |params: &[(&str, &str)]| server.error(&url("/api/search", params), 400);
    assert!(search_error(&[]).contains("missing parameter 'q'"));
    assert!(search_error(&[("q", "  ")]).contains("missing parameter 'q'"));
    assert!(search_error(&[("q", "\"新质生产力")]).contains("unclosed quote"));
    assert!(search_error(&[("q", "-新质生产力")]).contains("not only exclusions"));
    assert!(search_error(&[("q", &"新".repeat(1001))]).contains("longer than 1000"));
    assert!(search_error(&[("q", "a"), ("limit", "101")]).contains("from 1 to 100"));
    assert!(search_error(&[("q", "a"), ("limit", "0")]).contains("from 1 to 100"));
    assert!(search_error(&[("q", "a"), ("limit", "ten")]).contains("whole number"));
    assert!(search_error(&[("q", "a"), ("offset", "-1")]).contains("offset"));
    assert!(search_error(&[("q", "a"), ("province", "火星")]).contains("unknown province '火星'"));
    assert!(search_error(&[("q", "a"), ("role", "部长")]).contains("unknown role"));
    assert!(search_error(&[("q", "a"), ("from", "2024-13")]).contains("bad date"));
    assert!(search_error(&[("q", "a"), ("sort", "random")]).contains("sort must be"));
    assert!(search_error(&[("q", "a"), ("facets", "maybe")]).contains("facets must be"));
    assert!(search_error(&[("q", "a"), ("q", "b")]).contains("more than once"));
    assert!(search_error(&[("q", "a"), ("limt", "5")]).contains("unknown parameter 'limt'"));
    // a parameter merely too long is named by a 400 (above); a URL beyond any
    // valid one is refused before parsing
    let long_url = url("/api/search", &[("q", &"字".repeat(7_000))]);
    assert!(long_url.len() > 60 * 1024);
    assert!(server.error(&long_url, 414).contains("longer than"));

    // quotes
    let quotes = server.json(&url("/api/quotes", &[("speaker", "马新强")]));
    assert_eq!(total(&quotes), 1);
    let quote = &hits(&quotes)[0];
    assert_eq!(quote["speaker"], "马新强");
    assert_eq!(quote["role"], "全国人大代表");
    assert_eq!(strings(&quote["titles"]), ["华工科技董事长"]);
    assert_eq!(quote["province"], "湖北");
    assert_eq!(
        quote["article_title"],
        "2024全国两会特别策划 | 新质生产力 跃动看中国"
    );
    assert!(quote["text"]
        .as_str()
        .is_some_and(|t| t.contains("华工科技")));
    let cli_quotes = cli_json_lines(&index, &["quotes", "--speaker", "马新强", "--json"]);
    assert_eq!(
        hits(&quotes),
        &cli_quotes,
        "the API answers as the CLI does"
    );
    let ranked = server.json(&url("/api/quotes", &[("q", "新质生产力"), ("limit", "3")]));
    assert!(total(&ranked) >= 1);
    for quote in hits(&ranked) {
        let text = quote["text"].as_str().expect("text");
        for range in quote["highlights"].as_array().expect("highlights") {
            assert_eq!(char_slice(text, range), "新质生产力");
        }
    }
    let deputies = server.json(&url(
        "/api/quotes",
        &[("role", "全国人大代表"), ("limit", "100")],
    ));
    assert!(hits(&deputies).iter().all(|q| q["role"] == "全国人大代表"));
    assert!(server
        .error(&url("/api/quotes", &[("limit", "500")]), 400)
        .contains("from 1 to 100"));
    assert!(server
        .error(&url("/api/quotes", &[("facets", "true")]), 400)
        .contains("unknown parameter"));

    // speakers
    let speakers = server.json("/api/speakers");
    let list = speakers["speakers"].as_array().expect("speakers array");
    let ma = list
        .iter()
        .find(|s| s["speaker"] == "马新强")
        .expect("马新强 listed");
    assert_eq!(ma["role"], "全国人大代表");
    assert_eq!(strings(&ma["provinces"]), ["湖北"]);
    assert_eq!(ma["quotes"], 1);
    let counts: Vec<u64> = list.iter().filter_map(|s| s["quotes"].as_u64()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most quoted first");
    let members = server.json(&url("/api/speakers", &[("role", "全国政协委员")]));
    let members = members["speakers"].as_array().expect("speakers");
    assert!(!members.is_empty() && members.iter().all(|s| s["role"] == "全国政协委员"));
    let in_hubei = server.json(&url("/api/speakers", &[("province", "湖北")]));
    assert!(in_hubei["speakers"]
        .as_array()
        .expect("speakers")
        .iter()
        .all(|s| strings(&s["provinces"]).contains(&"湖北".to_string())));
    assert!(server
        .error(&url("/api/speakers", &[("role", "x")]), 400)
        .contains("unknown role"));

    // stats: exactly the CLI's
    let stats = server.json("/api/stats");
    let cli_stats = cli_json_lines(&index, &["stats", "--json"]);
    assert_eq!(stats, cli_stats[0]);
    assert_eq!(stats["articles"], 11);
    assert!(server
        .error("/api/stats?x=1", 400)
        .contains("unknown parameter 'x'"));

    // articles
    let hit = &hits(&only_hubei)[0];
    let article_id = hit["article_id"].as_str().expect("article_id");
    let article = server.json(&format!("/api/articles/{}", encode(article_id)));
    assert_eq!(article["article_id"], article_id);
    assert_eq!(article["title"], hit["title"]);
    let passages = article["passages"].as_array().expect("passages");
    assert!(passages
        .iter()
        .any(|p| p["passage_id"] == hit["passage_id"]));
    let report = server.json(&format!("/api/articles/{}", encode("pgwr-2026-湖北省")));
    assert_eq!(report["title"], "2026年湖北省政府工作报告");
    assert_eq!(report["date"], "2026-02-05");
    assert!(server
        .error("/api/articles/no-such-article", 404)
        .contains("article not found: no-such-article"));
    assert!(server
        .error(&format!("/api/articles/{}", "x".repeat(300)), 400)
        .contains("article id"));

    // everything else
    assert!(server.error("/api/nothing", 404).contains("no such page"));
    assert_eq!(request(&server.addr, "POST", "/api/search?q=a").status, 405);
    assert_eq!(request(&server.addr, "HEAD", "/api/stats").status, 200);
    assert!(!server.log().contains("panicked"), "{}", server.log());
    server.interrupt_and_wait();
}

#[test]
fn a_second_ingest_shows_up_without_restarting_the_server() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    ingest(&index, &samples());
    let server = Server::start(&index);
    // quoted: typed bare, its words (零碳, 示范) are in the samples already
    let word = "\"蓝鲸湾零碳示范港\"";
    let before = server.json(&url("/api/search", &[("q", word)]));
    assert_eq!(total(&before), 0);
    let articles_before = server.json("/api/stats")["articles"]
        .as_u64()
        .expect("articles");

    let news = dir.path().join("news");
    std::fs::create_dir(&news).expect("news folder");
    std::fs::write(
        news.join("lanjingwan.txt"),
        "蓝鲸湾建设零碳港口\n\n\
         全国人大代表、蓝鲸湾港务集团董事长林海峰表示，蓝鲸湾零碳示范港今年将全面使用岸电和氢能集卡。\n\n\
         港区负责人介绍，示范港的光伏年发电量预计超过两千万千瓦时。\n",
    )
    .expect("write article");
    ingest(&index, &news);

    let started = Instant::now();
    let after = loop {
        let body = server.json(&url("/api/search", &[("q", word)]));
        if total(&body) > 0 || started.elapsed() > Duration::from_secs(10) {
            break body;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        total(&after) >= 1,
        "new article not visible after {:?}",
        started.elapsed()
    );
    assert_eq!(hits(&after)[0]["title"], "蓝鲸湾建设零碳港口");
    let articles_after = server.json("/api/stats")["articles"]
        .as_u64()
        .expect("articles");
    assert_eq!(articles_after, articles_before + 1);
    let article_id = hits(&after)[0]["article_id"]
        .as_str()
        .expect("article_id")
        .to_string();
    let article = server.json(&format!("/api/articles/{}", encode(&article_id)));
    assert_eq!(article["title"], "蓝鲸湾建设零碳港口");
}

/// Bounded loopback load: 5,000 searches at concurrency 32, then stops.
#[test]
#[ignore = "load test: cargo test --release --test web -- --ignored load --nocapture"]
fn load() {
    const REQUESTS: usize = 5_000;
    const CONCURRENCY: usize = 32;
    const TIME_CAP: Duration = Duration::from_secs(300);
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    ingest(&index, &samples());
    let server = Server::start(&index);

    let queries: Vec<String> = [
        vec![("q", "新质生产力")],
        vec![("q", "新质生产力"), ("province", "湖北")],
        vec![("q", "人工智能"), ("facets", "true")],
        vec![("q", "\"科技创新\" 人才")],
        vec![("q", "低空经济 OR 商业航天")],
        vec![("q", "乡村振兴 -旅游"), ("limit", "20")],
        vec![("q", "营商环境"), ("sort", "date")],
        vec![("q", "数字经济"), ("offset", "10")],
        vec![
            ("q", "高质量发展"),
            ("province", "广东,四川"),
            ("facets", "true"),
        ],
        vec![("q", "就业"), ("from", "2025"), ("to", "2026")],
    ]
    .iter()
    .map(|params| url("/api/search", params))
    .collect();

    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let next = Arc::clone(&next);
            let queries = queries.clone();
            let addr = server.addr.clone();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= REQUESTS || started.elapsed() > TIME_CAP {
                        break;
                    }
                    let target = &queries[i % queries.len()];
                    let sent = Instant::now();
                    match try_request(&addr, "GET", target) {
                        Ok(response) if response.status == 200 => latencies.push(sent.elapsed()),
                        Ok(response) => {
                            errors.push(format!("{target}: {} {}", response.status, response.body))
                        }
                        Err(error) => errors.push(format!("{target}: {error}")),
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.join().expect("worker thread");
        latencies.extend(l);
        errors.extend(e);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let percentile = |p: f64| -> f64 {
        let at = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[at].as_secs_f64() * 1000.0
    };
    let done = latencies.len() + errors.len();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load: {cores} cores, load average {} (other work on the machine skews the figures)",
        loadavg.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    println!(
        "load: {done} requests, concurrency {CONCURRENCY}, {:.2} s, {:.0} req/s; latency ms p50 {:.2} p90 {:.2} p99 {:.2} max {:.2}; errors {}",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        percentile(0.50),
        percentile(0.90),
        percentile(0.99),
        percentile(1.0),
        errors.len(),
    );
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(done, REQUESTS, "stopped by the time cap");
}
