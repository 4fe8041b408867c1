//! `coroner serve`: the real binary driven over HTTP and its server-sent events stream, on
//! temporary copies of fixture sites.

#[path = "../common/mod.rs"]
mod common;
mod harness;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::replace_in;
use harness::{DEADLINE, Events, Serve};

const CHECKOUT: &str = "content/2024-01-21-checkout-500s.md";

#[test]
fn an_edit_reloads_the_page_and_every_index() {
    let serve = Serve::start("basic", |_| {}, &[]);
    let (status, page) = serve.get("incidents/2024-01-21-checkout-500s/");
    assert_eq!(status, 200);
    assert!(
        page.contains("__coroner/events"),
        "the reload script is injected"
    );
    let (status, _) = serve.get("causes/dns/");
    assert_eq!(status, 404, "no dns incident yet");
    let mut events = serve.events();
    // One write, as an editor's save: the title and the causes change together.
    let text = std::fs::read_to_string(serve.path(CHECKOUT)).expect("readable");
    let text = text
        .replace("after a config push\"", "after a resolver change\"")
        .replace("causes: [config-change, deploy]", "causes: [dns]");
    std::fs::write(serve.path(CHECKOUT), text).expect("writable");
    events.wait("reload");
    let (_, page) = serve.get("incidents/2024-01-21-checkout-500s/");
    assert!(
        page.contains("after a resolver change"),
        "the page is rebuilt"
    );
    let (_, list) = serve.get("incidents/");
    assert!(list.contains("after a resolver change") && !list.contains("after a config push"));
    let (status, term) = serve.get("causes/dns/");
    assert_eq!(status, 200, "the new cause's term page exists");
    assert!(term.contains("after a resolver change"));
    let (_, deploy) = serve.get("causes/deploy/");
    assert!(
        !deploy.contains("after a"),
        "the old cause no longer lists it"
    );
    let (_, json) = serve.get("incidents.json");
    assert!(json.contains("after a resolver change"));
    serve.wait_line("rebuilt 2 incidents in ");
}

/// Gives the file at `path` its new text in one rename, so a reader sees the old bytes or the
/// new ones. (`fs::write` truncates first: a test preempted between the truncation and the
/// write, as happens on a loaded machine, leaves an empty postmortem that is rightly served.)
fn replace(path: &std::path::Path, text: &str) {
    // The temporary file sits outside the site, where the watcher does not look.
    let site = path
        .parent()
        .and_then(|p| p.parent())
        .expect("site/content/x.md");
    let outside = site.parent().expect("the site is in a temporary directory");
    let mut tmp = tempfile::NamedTempFile::new_in(outside).expect("temp file");
    std::io::Write::write_all(&mut tmp, text.as_bytes()).expect("writable");
    tmp.persist(path).expect("renamed into place");
}

#[test]
fn a_save_that_goes_on_after_the_rebuild_started_is_served_only_when_complete() {
    // Regression: a rebuild starts as soon as a save pauses (a few milliseconds) beside the
    // wait that ends the burst. A save that resumes after that pause must not be served half
    // done: here its first half is broken front matter, which would show as a build error.
    let serve = Serve::start("basic", |_| {}, &[]);
    let mut events = serve.events();
    let path = serve.path(CHECKOUT);
    let text = std::fs::read_to_string(&path).expect("readable");
    // A round is clean when only the complete file's reload came. Under heavy load a change's
    // event can arrive late enough that the first half is rightly served on its own for a
    // moment (the next rebuild follows); a rebuild that ignored later changes would make no
    // round clean.
    // The other tests start their servers at the same moment, so the first rounds can run on
    // a loaded machine: rounds go on until one is clean (a rebuild that ignored later changes
    // never gives one).
    let mut clean = 0;
    for round in 0..20 {
        if clean > 0 {
            break;
        }
        let title = format!("after a config push, round {round}\"");
        let done = text.replace("after a config push\"", &title);
        let (head, _) = done.split_at(done.find("severity:").expect("has a severity"));
        let started = std::time::Instant::now();
        replace(&path, &format!("{head}severity: ["));
        std::thread::sleep(Duration::from_millis(8));
        replace(&path, &done);
        // A loaded machine can stretch the pause past the quiet time that ends a burst; the
        // broken half is then rightly built on its own.
        let within_burst = started.elapsed() < Duration::from_millis(15);
        let mut seen = Vec::new();
        loop {
            let (event, data) = events.next();
            if event == "reload" {
                break;
            }
            seen.push(format!("{event}: {data}"));
        }
        if within_burst && seen.is_empty() {
            clean += 1;
        }
        let (_, page) = serve.get("incidents/2024-01-21-checkout-500s/");
        assert!(page.contains(&title[..title.len() - 1]), "round {round}");
        // Let the burst end before the next round.
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(clean > 0, "no round was served only when complete");
}

#[test]
fn a_broken_file_shows_an_error_and_the_last_good_pages() {
    let serve = Serve::start("basic", |_| {}, &[]);
    let mut events = serve.events();
    replace_in(&serve.path(CHECKOUT), "severity: SEV2", "severity: [SEV2");
    let error = events.wait("build-error");
    assert!(
        error.contains("2024-01-21-checkout-500s.md:"),
        "names the file: {error}"
    );
    let line = serve.wait_line("2024-01-21-checkout-500s.md:");
    assert!(
        line.contains("error"),
        "the terminal names file and line: {line}"
    );
    let (status, page) = serve.get("incidents/2024-01-21-checkout-500s/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(page.contains("Checkout returned 500s after a config push"));
    assert!(
        page.contains("id=\"coroner-error\""),
        "with the error for the overlay"
    );
    // A page opened now gets the error on its stream too.
    serve.events().wait("build-error");
    replace_in(&serve.path(CHECKOUT), "severity: [SEV2", "severity: SEV2");
    events.wait("reload");
    let (_, page) = serve.get("incidents/2024-01-21-checkout-500s/");
    assert!(
        !page.contains("id=\"coroner-error\""),
        "fixing the file clears the error"
    );
}

#[test]
fn a_broken_template_never_stops_the_server() {
    let serve = Serve::start("basic", |_| {}, &[]);
    let mut events = serve.events();
    std::fs::create_dir_all(serve.path("templates")).expect("mkdir");
    std::fs::write(serve.path("templates/404.html"), "{% block main %}").expect("write");
    let error = events.wait("build-error");
    assert!(error.contains("404.html"), "{error}");
    assert_eq!(serve.get("incidents/").0, 200);
    std::fs::remove_file(serve.path("templates/404.html")).expect("remove");
    events.wait("reload");
}

#[test]
fn a_site_that_never_built_shows_its_errors_until_fixed() {
    let serve = Serve::start(
        "basic",
        |site| replace_in(&site.join("book.toml"), "base_url =", "base_ulr ="),
        &[],
    );
    assert_eq!(serve.base, "/");
    let (status, page) = serve.get("incidents/");
    assert_eq!(status, 503);
    assert!(
        page.contains("base_ulr") && page.contains("id=\"coroner-error\""),
        "{page}"
    );
    let mut events = serve.events();
    events.wait("build-error");
    replace_in(&serve.path("book.toml"), "base_ulr =", "base_url =");
    events.wait("reload");
    let (status, page) = serve.get("incidents/");
    assert_eq!(status, 200);
    assert!(page.contains("Fixture archive") && !page.contains("id=\"coroner-error\""));
}

#[test]
fn a_deleted_postmortem_leaves_its_page_and_every_index() {
    let output = tempfile::tempdir().expect("temp dir");
    let out = output.path().join("preview");
    let serve = Serve::start("basic", |_| {}, &["--output", out.to_str().expect("UTF-8")]);
    let slug = "2024-02-10-db-failover";
    assert_eq!(serve.get(&format!("incidents/{slug}/")).0, 200);
    assert!(out.join(format!("incidents/{slug}/index.html")).is_file());
    assert!(serve.get("causes/").1.contains("database"));
    let mut events = serve.events();
    std::fs::remove_dir_all(serve.path(&format!("content/{slug}"))).expect("delete");
    events.wait("reload");
    assert_eq!(serve.get(&format!("incidents/{slug}/")).0, 404);
    assert_eq!(serve.get(&format!("incidents/{slug}/lag.svg")).0, 404);
    for index in [
        "",
        "incidents/",
        "causes/",
        "services/",
        "severities/",
        "years/",
    ] {
        let (_, body) = serve.get(index);
        assert!(!body.contains(slug), "{index} still links to {slug}");
    }
    // The export keeps the other incident's `related` entry (source data), not the incident.
    let (_, json) = serve.get("incidents.json");
    assert!(!json.contains("Primary database failover") && !json.contains("db-failover/index.md"));
    assert_eq!(
        serve.get("causes/database/").0,
        404,
        "its only cause's term page is gone"
    );
    assert!(
        !out.join(format!("incidents/{slug}")).exists(),
        "removed on disk too"
    );
    assert!(
        out.join("incidents/2024-01-21-checkout-500s/index.html")
            .is_file()
    );
}

#[test]
fn a_sub_path_site_redirects_and_refuses_to_leave_the_root() {
    let serve = Serve::start(
        "basic",
        |site| {
            replace_in(
                &site.join("book.toml"),
                "https://example.test/",
                "https://example.test/incidents/",
            )
        },
        &[],
    );
    assert_eq!(serve.base, "/incidents/");
    let (status, page) = serve.get("");
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"var base = "/incidents/";"#),
        "the script uses the base path"
    );
    assert!(page.contains("href=\"/incidents/causes/\""));
    let raw = |target: &str| {
        let mut stream = TcpStream::connect(&serve.addr).expect("connects");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("sent");
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    };
    let root = raw("/");
    assert!(root.starts_with("HTTP/1.1 302"), "{root}");
    assert!(root.contains("Location: /incidents/"), "{root}");
    for target in [
        "/incidents/../book.toml",
        "/incidents/%2e%2e/book.toml",
        "/incidents/%2E%2E%2fbook.toml",
        "/incidents/..%5cbook.toml",
        "/incidents//etc/passwd",
        "/incidents/%2fetc%2fpasswd",
        "/etc/passwd",
        "/incidents/.coroner-manifest",
    ] {
        let answer = raw(target);
        assert!(answer.starts_with("HTTP/1.1 404"), "{target}: {answer}");
        assert!(!answer.contains("[site]"), "{target} leaked a file");
    }
    Events::open(&serve.addr, "/incidents/__coroner/events").wait("hello");
}

#[test]
fn ctrl_c_exits_zero_and_keeps_the_site() {
    let mut serve = Serve::start("basic", |_| {}, &[]);
    let line = serve.wait_line("writing the preview to ");
    let preview = std::path::PathBuf::from(line.trim_start_matches("writing the preview to "));
    assert!(preview.join("index.html").is_file());
    let before = std::fs::read(serve.path(CHECKOUT)).expect("readable");
    let code = serve.interrupt();
    assert!(code.success(), "{code:?}");
    assert_eq!(std::fs::read(serve.path(CHECKOUT)).expect("kept"), before);
    assert!(!preview.exists(), "the temporary preview folder is removed");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_coroner"))
        .args(["serve", "--port", &port, "--root"])
        .arg(common::fixture("basic"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port}")) && err.contains("--port"),
        "{err}"
    );
}
