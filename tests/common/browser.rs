//! Headless Chromium for browser tests: finding Chromium and chromedriver, starting a WebDriver
//! session with the flags CI needs, DevTools commands, and the console and network logs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Chromium and chromedriver, from `CHROMIUM` / `CHROMEDRIVER` or the Debian paths.
pub fn browser_paths() -> Option<(PathBuf, PathBuf)> {
    let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(var) {
            return Some(PathBuf::from(p)).filter(|p| p.is_file());
        }
        let dirs = std::env::var_os("PATH").unwrap_or_default();
        names.iter().find_map(|n| {
            std::env::split_paths(&dirs)
                .map(|d| d.join(n))
                .find(|p| p.is_file())
        })
    };
    Some((
        find(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )?,
        find("CHROMEDRIVER", &["chromedriver"])?,
    ))
}

/// Says that a browser test is skipped, on stderr itself: the test harness hides what
/// `eprintln!` prints in a passing test, and a skip must be visible in the CI log.
pub fn say_skipped(test: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: chromium and chromedriver are not installed \
         (apt-get install -y chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)"
    );
}

/// chromedriver, stopped when dropped.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A chromedriver extension command: `goog/cdp/execute` (DevTools) or `se/log` (logs).
#[derive(Debug)]
struct Extension {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    let body = json!({ "cmd": cmd, "params": params });
    let path = "goog/cdp/execute";
    client
        .issue_cmd(Extension { path, body })
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

/// Drains a chromedriver log (`browser` or `performance`).
pub async fn log(client: &Client, kind: &str) -> Vec<Value> {
    let body = json!({ "type": kind });
    match client
        .issue_cmd(Extension {
            path: "se/log",
            body,
        })
        .await
    {
        Ok(Value::Array(entries)) => entries,
        other => panic!("reading the {kind} log: {other:?}"),
    }
}

/// Console errors and failed requests seen since the last call.
pub async fn problems(client: &Client) -> Vec<String> {
    let mut found = Vec::new();
    for e in log(client, "browser").await {
        if e["level"] == "SEVERE" {
            found.push(format!("console: {}", e["message"]));
        }
    }
    let performance = log(client, "performance").await;
    // Requests the pages made, by id, kept across calls: a request can fail after a drain.
    static URLS: std::sync::Mutex<Option<HashMap<String, String>>> = std::sync::Mutex::new(None);
    let mut guard = URLS.lock().unwrap_or_else(|e| e.into_inner());
    let urls = guard.get_or_insert_with(HashMap::new);
    for e in performance {
        let Some(text) = e["message"].as_str() else {
            continue;
        };
        let Ok(msg) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let params = &msg["message"]["params"];
        match msg["message"]["method"].as_str() {
            Some("Network.requestWillBeSent") => {
                urls.insert(
                    params["requestId"].to_string(),
                    params["request"]["url"].to_string(),
                );
            }
            Some("Network.responseReceived")
                if params["response"]["status"].as_i64() >= Some(400) =>
            {
                found.push(format!(
                    "HTTP {} for {}",
                    params["response"]["status"], params["response"]["url"]
                ));
            }
            Some("Network.loadingFailed") if params["canceled"] != true => {
                // Only requests a page made count: Chromium's own (it has no network here and
                // sometimes tries a host at start-up) never appear as requestWillBeSent.
                if let Some(url) = urls.get(&params["requestId"].to_string()) {
                    found.push(format!("{} for {url}", params["errorText"]));
                }
            }
            _ => {}
        }
    }
    found
}

pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for `{css}`: {e}"))
}

/// Starts chromedriver and a Chromium session with a fresh profile under `work`. Keep the
/// returned [`Driver`] alive as long as the client.
pub async fn start(chromium: &Path, chromedriver: &Path, work: &Path) -> (Driver, Client) {
    let driver_port = super::static_server::Bound::new().port();
    let driver = Driver(
        Process::new(chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = work.join("profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,900", "--hide-scrollbars",
            ],
        }),
    );
    caps.insert(
        "goog:loggingPrefs".into(),
        json!({ "browser": "ALL", "performance": "ALL" }),
    );
    let driver_url = format!("http://127.0.0.1:{driver_port}");
    let started = Instant::now();
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&driver_url)
            .await
        {
            Ok(c) => break c,
            // chromedriver takes a moment to listen.
            Err(_) if started.elapsed() < Duration::from_secs(15) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("no WebDriver session: {e}"),
        }
    };
    // What the browser did before the first page (it has no network here) is not the site's.
    problems(&client).await;
    (driver, client)
}
