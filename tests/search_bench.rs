//! Measures search in headless Chromium on a built site: from opening a search link to results
//! on screen, with the browser cache off (every file fetched again). Ignored by default; run it
//! on a corpus built as the README's Search section says:
//!
//! ```sh
//! COR_BENCH_SITE=/tmp/out COR_BENCH_PREFIX=/c10000/ COR_BENCH_PORT=8765 \
//!   cargo test --test search_bench -- --ignored --nocapture
//! ```

mod common;

use std::time::Duration;

use common::browser::{self, cdp};
use fantoccini::Client;
use serde_json::{Value, json};

/// Each query is timed this many times; the median is reported.
const RUNS: usize = 5;

const QUERIES: [&str; 4] = [
    "q=dns",
    "q=connection+pool&severity=SEV2",
    "q=certificate+renewal&year=2023",
    "cause=capacity",
];

/// Opens a search link and waits for the results; returns the page's own timings.
async fn measure(client: &Client, url: &str) -> Value {
    client.goto(url).await.expect("search page loads");
    let script = r#"
        const done = arguments[arguments.length - 1];
        const check = () => {
            const s = document.querySelector('#cr-search-status');
            if (s && /match/.test(s.textContent)) {
                const files = performance.getEntriesByType('resource')
                    .filter(e => e.name.includes('/search/'))
                    .map(e => [e.name.split('/').pop(), Math.round(e.responseEnd), e.encodedBodySize]);
                done({ shown_ms: Math.round(performance.now()), status: s.textContent,
                       files, results: document.querySelectorAll('#cr-search-results li').length });
            } else setTimeout(check, 2);
        };
        check();"#;
    client
        .execute_async(script, vec![])
        .await
        .expect("results appear")
}

#[test]
#[ignore = "a benchmark: needs a built corpus (COR_BENCH_SITE) and Chromium"]
fn search_load_and_first_query() {
    let Some((chromium, chromedriver)) = browser::browser_paths() else {
        browser::say_skipped("search_load_and_first_query");
        return;
    };
    let site = std::env::var("COR_BENCH_SITE").expect("COR_BENCH_SITE: a built site");
    let prefix: &'static str = std::env::var("COR_BENCH_PREFIX")
        .unwrap_or_else(|_| "/".into())
        .leak();
    let port: u16 = std::env::var("COR_BENCH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .expect("COR_BENCH_PORT: the port in the site's base_url");
    let bound = common::static_server::Bound::at(port);
    let _server = bound.serve(site.into(), prefix);
    let work = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (_driver, client) = browser::start(&chromium, &chromedriver, work.path()).await;
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(60)),
                Some(Duration::from_secs(60)),
                None,
            ))
            .await
            .unwrap();
        let base = format!("http://127.0.0.1:{port}{prefix}search/?");
        cdp(&client, "Network.enable", json!({})).await;
        cdp(
            &client,
            "Network.setCacheDisabled",
            json!({ "cacheDisabled": true }),
        )
        .await;
        for q in QUERIES {
            let mut runs: Vec<Value> = Vec::new();
            for _ in 0..RUNS {
                runs.push(measure(&client, &format!("{base}{q}")).await);
            }
            runs.sort_by_key(|r| r["shown_ms"].as_i64());
            let median = &runs[RUNS / 2];
            println!(
                "{q}: results shown after {} ms (median of {RUNS}, min {}, max {}); {}",
                median["shown_ms"],
                runs[0]["shown_ms"],
                runs[RUNS - 1]["shown_ms"],
                median
            );
        }
        let _ = client.close().await;
    });
}
