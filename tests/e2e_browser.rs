//! End to end in a real browser: the example site, built for a sub-path and served over HTTP,
//! driven in headless Chromium through chromedriver. It browses home -> cause index -> cause ->
//! incident, searches from the header box with a severity filter, follows a result, and fails on
//! any console error or failed request. Screenshots (desktop and phone, light and dark) go to
//! `target/e2e-artifacts/`. Without Chromium and chromedriver it says so and passes.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use common::browser::{self, cdp, problems, wait_for};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

const PREFIX: &str = "/incidents/";

/// Clicks the first element matching `css`, scrolled to the middle of the viewport first so
/// that nothing (a sticky header, the edge of a scrolling table) covers it.
async fn click(client: &Client, css: &str) {
    let el = wait_for(client, css).await;
    let arg = serde_json::to_value(&el).expect("element reference");
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![arg],
        )
        .await
        .expect("scroll");
    if let Err(e) = el.click().await {
        let arg = serde_json::to_value(&el).expect("element reference");
        let geometry = client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); const c = document.elementFromPoint(r.x + 2, r.y + 2); \
                 return [innerWidth, innerHeight, scrollY, r.x, r.y, c && c.outerHTML.slice(0, 200)];",
                vec![arg],
            )
            .await;
        panic!("clicking `{css}`: {e}; viewport, scroll, rect, element there: {geometry:?}");
    }
}

/// Waits until `script` (a JavaScript expression) is true.
async fn wait_until(client: &Client, script: &str) {
    let started = Instant::now();
    loop {
        let ok = client
            .execute(&format!("return !!({script});"), vec![])
            .await;
        if matches!(ok, Ok(Value::Bool(true))) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {script}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Full-page screenshots of `url` at desktop and phone widths, light and dark.
async fn screenshots(client: &Client, url: &str, name: &str, dir: &Path) {
    for (device, width, height, mobile) in
        [("desktop", 1280, 900, false), ("phone", 390, 844, true)]
    {
        for scheme in ["light", "dark"] {
            let metrics = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
            cdp(client, "Emulation.setDeviceMetricsOverride", metrics).await;
            let media =
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
            cdp(client, "Emulation.setEmulatedMedia", media).await;
            client.goto(url).await.expect("page loads");
            wait_for(client, "footer").await;
            let shot = cdp(
                client,
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true }),
            )
            .await;
            let png = base64::engine::general_purpose::STANDARD
                .decode(shot["data"].as_str().expect("screenshot data"))
                .expect("base64 PNG");
            std::fs::write(dir.join(format!("{name}-{device}-{scheme}.png")), png).unwrap();
        }
    }
    cdp(client, "Emulation.clearDeviceMetricsOverride", json!({})).await;
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [] }),
    )
    .await;
}

#[test]
fn browse_search_and_screenshot_in_chromium() {
    let Some((chromium, chromedriver)) = browser::browser_paths() else {
        browser::say_skipped("browse_search_and_screenshot_in_chromium");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let bound = common::static_server::Bound::new();
    let base = format!("http://127.0.0.1:{}{PREFIX}", bound.port());
    let site = work.path().join("site");
    assert_cmd::Command::cargo_bin("coroner")
        .unwrap()
        .args(["build", "--base-url", &base, "--root"])
        .arg(common::repo_root())
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    let _server = bound.serve(site, PREFIX);
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("e2e-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (_driver, client) = browser::start(&chromium, &chromedriver, work.path()).await;
        // The scenario runs as a task so that a failed assertion still ends the session:
        // killing chromedriver alone would leave Chromium running.
        let task = {
            let client = client.clone();
            tokio::spawn(async move { scenario(&client, &base, &artifacts).await })
        };
        let outcome = task.await;
        let _ = client.close().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}

async fn scenario(client: &Client, base: &str, artifacts: &Path) {
    let mut seen = Vec::new();
    // The theme scrolls smoothly unless motion is reduced; a test wants no animation.
    let reduced = json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] });
    cdp(client, "Emulation.setEmulatedMedia", reduced).await;
    // Home -> the cause index -> a cause -> one of its incidents.
    client.goto(base).await.unwrap();
    wait_for(client, "h1").await;
    click(client, &format!("nav.site-nav a[href='{PREFIX}causes/']")).await;
    wait_for(client, "body.page-taxonomy-causes").await;
    click(client, &format!("table a[href='{PREFIX}causes/dns/']")).await;
    let h1 = wait_for(client, "body.page-term h1").await;
    assert_eq!(h1.text().await.unwrap().trim(), "dns");
    click(client, "a.row-title").await;
    let title = wait_for(client, "h1#cr-title").await.text().await.unwrap();
    assert!(
        title.contains("DNS"),
        "the dns cause lists the DNS incident first: {title}"
    );
    seen.extend(problems(client).await);

    // The header search box, then a severity filter on the search page.
    // Pages do not load the index until the search box is used.
    let index_fetched =
        "performance.getEntriesByType('resource').some(e => e.name.endsWith('/search/index.json'))";
    let fetched = client
        .execute(&format!("return {index_fetched};"), vec![])
        .await
        .unwrap();
    assert_eq!(
        fetched,
        Value::Bool(false),
        "no index before the box is used"
    );
    let box_ = client.find(Locator::Css("#site-search-q")).await.unwrap();
    box_.click().await.unwrap();
    wait_until(client, index_fetched).await;
    box_.send_keys("DNS\n").await.unwrap();
    wait_for(client, "#cr-search-results li").await;
    client
        .find(Locator::Css("#cr-f-severity"))
        .await
        .unwrap()
        .select_by_value("SEV1")
        .await
        .unwrap();
    wait_until(client, "location.search.includes('severity=SEV1') && document.querySelector('#cr-search-status').textContent.includes('SEV1')").await;
    let results: Vec<Value> = match client
        .execute(
            "return [...document.querySelectorAll('#cr-search-results li')].map(li => ({
                title: li.querySelector('h2').textContent,
                sev: li.querySelector('.sev') && li.querySelector('.sev').textContent,
                marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
            }));",
            vec![],
        )
        .await
        .unwrap()
    {
        Value::Array(list) => list,
        other => panic!("results: {other:?}"),
    };
    assert!(!results.is_empty(), "DNS at SEV1 finds incidents");
    assert!(
        results[0]["title"]
            .as_str()
            .unwrap()
            .contains("Cluster DNS saturation"),
        "{results:?}"
    );
    for r in &results {
        assert_eq!(r["sev"], "SEV1", "the filter holds: {r}");
    }
    assert!(
        results[0]["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().eq_ignore_ascii_case("dns"))
    );
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.query(),
        Some("q=DNS&severity=SEV1"),
        "filters are in the URL"
    );
    click(client, "#cr-search-results li h2 a").await;
    wait_for(client, "h1#cr-title").await;
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .path()
            .contains("dns-resolver-saturation")
    );
    seen.extend(problems(client).await);

    // A shared link restores the query and filter.
    client
        .goto(&format!("{base}search/?q=certificate&year=2025"))
        .await
        .unwrap();
    wait_until(
        client,
        "document.querySelector('#cr-search-status').textContent.includes('match')",
    )
    .await;
    let year = client
        .find(Locator::Css("#cr-f-year"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(year.as_deref(), Some("2025"));
    seen.extend(problems(client).await);

    let incident = format!("{base}incidents/2025-03-14-dns-resolver-saturation/");
    screenshots(client, base, "home", artifacts).await;
    screenshots(client, &incident, "incident", artifacts).await;
    screenshots(client, &format!("{base}search/?q=dns"), "search", artifacts).await;
    seen.extend(problems(client).await);
    assert!(
        seen.is_empty(),
        "console errors or failed requests:\n{}",
        seen.join("\n")
    );
}
