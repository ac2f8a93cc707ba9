//! Browser helpers for the end-to-end tests and the browser benchmarks: a static file server
//! for `dist/`, a ChromeDriver session with the flags Chromium needs here (root, no GPU, closed
//! network), and ways to drive the app by its `data-testid`s.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use super::fixtures::root;

/// The note `web::app::say_fault` pins on top of a page stopped by a panic (no test id: the
/// note is written with DOM calls on the first visit, where every byte counts).
const FAULT_NOTE: &str = "body > p[role=alert][style*='position:fixed']";

/// Serves a directory on 127.0.0.1 on a free port, one thread per connection, and remembers
/// every path asked for (to check what a visit downloads).
pub struct StaticServer {
    port: u16,
    requested_paths: Arc<Mutex<Vec<String>>>,
    hidden: Arc<Mutex<Vec<String>>>,
    generated: Arc<Mutex<Vec<(String, usize)>>>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        StaticServer::start_hiding(dir, &[])
    }

    /// Like [`StaticServer::start`], answering 404 for files with these names (a server that
    /// lost a file, to test what the app does when a fetch fails).
    pub fn start_hiding(dir: &Path, hidden_file_names: &[&str]) -> StaticServer {
        assert!(
            dir.join("index.html").exists(),
            "{} has no index.html: run `trunk build --release`",
            dir.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir = dir.to_path_buf();
        let hidden: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(
            hidden_file_names
                .iter()
                .map(|name| name.to_string())
                .collect(),
        ));
        let requested_paths = Arc::new(Mutex::new(Vec::new()));
        let generated: Arc<Mutex<Vec<(String, usize)>>> = Arc::default();
        let (log, hiding, generating) =
            (requested_paths.clone(), hidden.clone(), generated.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, log) = (dir.clone(), log.clone());
                let hidden_now = hiding.lock().unwrap().clone();
                let generated_now = generating.lock().unwrap().clone();
                std::thread::spawn(move || serve(stream, &dir, &hidden_now, &generated_now, &log));
            }
        });
        StaticServer {
            port,
            requested_paths,
            hidden,
            generated,
        }
    }

    /// Serves `byte_count` bytes of the digit 1 at `path` (relative to the root), a file too
    /// large to keep beside the built app.
    pub fn serve_generated(&self, path: &str, byte_count: usize) {
        self.generated
            .lock()
            .unwrap()
            .push((path.to_string(), byte_count));
    }

    /// Serves the files hidden so far (the lost file is back).
    pub fn reveal_hidden(&self) {
        self.hidden.lock().unwrap().clear();
    }

    pub fn requested_paths(&self) -> Vec<String> {
        self.requested_paths.lock().unwrap().clone()
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

fn serve(
    mut stream: TcpStream,
    dir: &Path,
    hidden: &[String],
    generated: &[(String, usize)],
    log: &Mutex<Vec<String>>,
) {
    let mut request_line = String::new();
    if BufReader::new(&stream)
        .read_line(&mut request_line)
        .is_err()
    {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    log.lock().unwrap().push(path.to_string());
    let relative = if path == "/" {
        "index.html"
    } else {
        path.trim_start_matches('/')
    };
    let file: PathBuf = dir.join(relative);
    let inside = !relative.split('/').any(|part| part == "..");
    let hidden = hidden.iter().any(|name| relative.ends_with(name.as_str()));
    let generated_body = generated
        .iter()
        .find(|(generated_path, _)| generated_path == relative)
        .map(|&(_, byte_count)| vec![b'1'; byte_count]);
    let read = match generated_body {
        Some(body) => Ok(body),
        None => std::fs::read(&file),
    };
    let (status, body) = match read {
        Ok(body) if inside && !hidden => ("200 OK", body),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("arrow") => "application/vnd.apache.arrow.file",
        _ => "application/octet-stream",
    };
    // The headers docs/hosting.md asks a server for, so the tests run under them: workers
    // follow their own response's policy, and `frame-ancestors` cannot be set by a page.
    let policy = if relative.ends_with("_worker.js") || relative.ends_with("_worker_loader.js") {
        "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'\r\n"
    } else if relative == "index.html" {
        "Content-Security-Policy: frame-ancestors 'self'\r\n"
    } else {
        ""
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nX-Content-Type-Options: nosniff\r\n{policy}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(header.as_bytes())
        .and_then(|_| stream.write_all(&body));
}

/// A ChromeDriver process and one headless Chromium session; stopped by [`Browser::stop`]
/// (and killed on drop if a test panics first).
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub async fn start(device_scale_factor: f64) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}"));
        let profile = TempDir::new();
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1000".into(),
            format!("--force-device-scale-factor={device_scale_factor}"),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "args": args, "binary": "/usr/bin/chromium" }),
        );
        // The page asks before it is left with files loaded (`beforeunload`); a test that
        // navigates on means to leave.
        capabilities.insert("unhandledPromptBehavior".into(), json!("accept"));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    panic!("ChromeDriver did not start: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Ends the session; fails the test if the page met a fault on the way (a panic stops the
    /// page's wasm and `web::app` pins a note on top of the page, which a test's own checks on
    /// parts drawn before it would not see).
    pub async fn stop(mut self) {
        let fault = match self.client.find(Locator::Css(FAULT_NOTE)).await {
            Ok(note) => Some(note.text().await.unwrap_or_default()),
            Err(_) => None,
        };
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(text) = fault {
            panic!("the page stopped with a fault: {text}");
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A fresh Chromium profile directory, removed afterwards.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("renkei-chromium-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- Driving the app (end-to-end tests) ----

pub fn screenshot_dir() -> PathBuf {
    let dir = root().join("tests/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn text_of(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// The number a script run in the page returns.
pub async fn script_number(client: &Client, script: &str) -> f64 {
    client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// Calls `probe` every 100 ms until it gives a value (the app fetches and recomputes
/// asynchronously); after 30 s, panics with `what` and the page's error message, if any.
pub async fn poll<T, Probe, Fut>(client: &Client, what: &str, mut probe: Probe) -> T
where
    Probe: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let error = text_of(client, "[data-testid=load-error]").await;
    panic!("{what}: timed out (error on page: {error:?})");
}

pub async fn wait_for_text(client: &Client, css: &str, expected: &str) {
    let what = format!("{css} = {expected:?}");
    poll(client, &what, || async {
        (text_of(client, css).await.as_deref() == Some(expected)).then_some(())
    })
    .await
}

pub async fn wait_for_contains(client: &Client, css: &str, needle: &str) -> String {
    let what = format!("{css} containing {needle:?}");
    poll(client, &what, || async {
        text_of(client, css)
            .await
            .filter(|text| text.contains(needle))
    })
    .await
}

pub async fn open_file(client: &Client, path: &Path) {
    let input = client
        .find(Locator::Css("[data-testid=ndb-file-input]"))
        .await
        .unwrap();
    input.send_keys(&path.display().to_string()).await.unwrap();
}

/// The element with this test id, waiting for the app to render it (it mounts after the wasm
/// has loaded, which a test must not race).
pub async fn element(client: &Client, testid: &str) -> fantoccini::elements::Element {
    let css = format!("[data-testid={testid}]");
    poll(client, &css, || async {
        client.find(Locator::Css(&css)).await.ok()
    })
    .await
}

/// Chooses `value` in a select, waiting for the select and that option to be rendered.
pub async fn select(client: &Client, testid: &str, value: &str) {
    let what = format!("{testid} = {value}");
    poll(client, &what, || async {
        element(client, testid)
            .await
            .select_by_value(value)
            .await
            .ok()
    })
    .await
}

/// A browser at the given device pixel ratio, showing the app.
pub async fn open_app(server: &StaticServer, device_scale_factor: f64) -> Browser {
    let browser = Browser::start(device_scale_factor).await;
    browser.client.goto(&server.url()).await.unwrap();
    browser
}

/// A browser at the given device pixel ratio, showing the app at `query` (without `?`): a link.
pub async fn open_link(server: &StaticServer, query: &str, device_scale_factor: f64) -> Browser {
    let browser = Browser::start(device_scale_factor).await;
    let address = format!("{}?{query}", server.url());
    browser.client.goto(&address).await.unwrap();
    browser
}

/// WebDriver's keys (the W3C key codes), sent to the page as a presenter presses them.
pub const KEY_RIGHT: &str = "\u{E014}";
pub const KEY_LEFT: &str = "\u{E012}";
pub const KEY_ESCAPE: &str = "\u{E00C}";

/// Opens a saved list of `count` views (the file `json`) as a user picks it, and waits until
/// the page says it read them all.
pub async fn import_views(client: &Client, json: &str, count: usize) {
    let file = std::env::temp_dir().join(format!("renkei-views-{}.json", std::process::id()));
    std::fs::write(&file, json).unwrap();
    element(client, "import-views")
        .await
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    let read = format!("{count}件の表示を読み込みました");
    wait_for_contains(client, "[data-testid=views-status]", &read).await;
    std::fs::remove_file(&file).unwrap();
}

/// The page's address's query, with its `?`: the link to what is shown.
pub async fn page_query(client: &Client) -> String {
    client
        .execute("return window.location.search;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

pub async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshot_dir().join(name), png).unwrap();
}

pub async fn click(client: &Client, testid: &str) {
    element(client, testid)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("{testid}: {e}"));
}

/// An attribute of the first element matching `css`, if both exist.
pub async fn attribute(client: &Client, css: &str, name: &str) -> Option<String> {
    client
        .find(Locator::Css(css))
        .await
        .ok()?
        .attr(name)
        .await
        .ok()?
}

/// Scrolls the element with this test id into view (screenshots show the viewport).
pub async fn scroll_to(client: &Client, testid: &str) {
    client
        .execute(
            &format!("document.querySelector('[data-testid={testid}]').scrollIntoView();"),
            vec![],
        )
        .await
        .unwrap();
}

/// Waits until the canvas matching `css` has been painted (its `data-state` is `drawn`).
pub async fn wait_until_drawn(client: &Client, css: &str) {
    poll(client, &format!("{css} drawn"), || async {
        (attribute(client, css, "data-state").await.as_deref() == Some("drawn")).then_some(())
    })
    .await
}

/// Waits for the first screen's chart row (北海道 against 全国), which says the app is up.
pub async fn wait_for_first_screen(client: &Client) {
    wait_for_text(
        client,
        "[data-testid=summary-row-primary] th",
        "北海道・男女計・40〜74歳",
    )
    .await
}

/// Downloads the page starts are caught (an anchor's `click`, and the blobs behind object URLs:
/// the page's CSP rightly lets no script fetch them), and read back: (file name, bytes).
pub async fn catch_downloads(client: &Client) {
    client
        .execute(
            "window.__downloads = []; window.__blobs = {}; \
             const create = URL.createObjectURL; \
             URL.createObjectURL = (blob) => { const url = create.call(URL, blob); \
               window.__blobs[url] = blob; return url; }; \
             HTMLAnchorElement.prototype.click = function () { \
               window.__downloads.push({ name: this.download, href: this.href }); };",
            vec![],
        )
        .await
        .unwrap();
}

/// The `count` downloads caught since `catch_downloads`, once they have all started (chart
/// exports run after their module is downloaded, so they may come a moment after the click).
pub async fn downloads(client: &Client, count: usize) -> Vec<(String, Vec<u8>)> {
    poll(client, &format!("{count} downloads"), || async {
        let started = client
            .execute("return window.__downloads.length;", vec![])
            .await
            .ok()?
            .as_u64()?;
        (started as usize >= count).then_some(())
    })
    .await;
    let caught = client
        .execute_async(
            "const done = arguments[0]; \
             Promise.all(window.__downloads.map(async (d) => { \
               const bytes = d.href.startsWith('data:') \
                 ? Uint8Array.from(atob(d.href.split(',')[1]), (c) => c.charCodeAt(0)) \
                 : new Uint8Array(await window.__blobs[d.href].arrayBuffer()); \
               return [d.name, Array.from(bytes)]; \
             })).then(done, (error) => done(String(error)));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(caught.clone()).unwrap_or_else(|_| panic!("downloads: {caught}"))
}
