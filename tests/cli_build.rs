//! `coroner build` from the command line: output, summary line, overrides and refusals.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn coroner() -> Command {
    Command::cargo_bin("coroner").unwrap()
}

#[test]
fn timings_adds_one_line_naming_each_stage() {
    let out = tempfile::tempdir().unwrap();
    coroner()
        .args(["build", "--timings", "--root"])
        .arg(common::fixture("basic"))
        .arg("--output")
        .arg(out.path().join("public"))
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"\nstages: read [\d.]+[mµn]?s, render and write [\d.]+[mµn]?s, swap [\d.]+[mµn]?s\n$").unwrap());
}

#[test]
fn builds_a_fixture_site_and_prints_one_summary_line() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    coroner()
        .args(["build", "--root"]).arg(common::fixture("basic")).arg("--output").arg(&site)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^built 2 incidents into \d+ pages \(\d+ files\) in .* in [\d.]+m?s, 1 draft\(s\) skipped\n$").unwrap());
    for page in [
        "index.html",
        "404.html",
        "incidents/index.html",
        "incidents.json",
        ".nojekyll",
        "incidents/2024-01-21-checkout-500s/index.html",
        "incidents/2024-02-10-db-failover/index.html",
        "incidents/2024-02-10-db-failover/lag.svg",
        "causes/index.html",
        "causes/config-change/index.html",
        "services/db/index.html",
        "severities/SEV1/index.html",
        "years/2024/index.html",
        "tags/postgres/index.html",
        "assets/style.css",
    ] {
        assert!(site.join(page).is_file(), "{page} is written");
    }
    assert!(
        !site.join("incidents/2024-03-01-draft-notes").exists(),
        "drafts are left out"
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let out = tempfile::tempdir().unwrap();
    coroner()
        .args(["build", "--drafts", "--root"])
        .arg(common::fixture("basic"))
        .arg("--output")
        .arg(out.path().join("p"))
        .assert()
        .success()
        .stdout(predicate::str::contains("built 3 incidents"));
    assert!(
        out.path()
            .join("p/incidents/2024-03-01-draft-notes/index.html")
            .is_file()
    );
}

#[test]
fn base_url_override_prefixes_every_link() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("p");
    coroner()
        .args([
            "build",
            "--base-url",
            "https://org.github.io/incidents/",
            "--root",
        ])
        .arg(common::fixture("basic"))
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    let html = std::fs::read_to_string(site.join("incidents/2024-01-21-checkout-500s/index.html"))
        .unwrap();
    assert!(
        html.contains(r#"href="/incidents/incidents/2024-02-10-db-failover/#root-cause""#),
        "link rewritten with the sub-path"
    );
    assert!(common::broken_links(&site, "/incidents/").is_empty());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("incidents.json")).unwrap()).unwrap();
    assert_eq!(
        json[0]["url"],
        "https://org.github.io/incidents/incidents/2024-02-10-db-failover/"
    );
}

#[test]
fn a_site_without_book_toml_builds_with_defaults() {
    let out = tempfile::tempdir().unwrap();
    coroner()
        .args(["build", "--root"])
        .arg(common::fixture("no-config"))
        .arg("--output")
        .arg(out.path().join("p"))
        .assert()
        .success()
        .stdout(predicate::str::contains("built 1 incidents"));
    let html = std::fs::read_to_string(
        out.path()
            .join("p/incidents/2023-05-05-dns-outage/index.html"),
    )
    .unwrap();
    assert!(html.contains("DNS outage in the office network"));
}

#[test]
fn refuses_to_write_over_the_site_root_or_content() {
    let root = common::fixture("basic");
    for output in [root.clone(), root.join("content"), root.join("..")] {
        coroner()
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&output)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write"));
    }
}

#[test]
fn unknown_config_keys_are_named_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[site]\ntitle = \"x\"\nbase_ulr = \"/\"\n\n[build]\ndraft = true\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    coroner()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "book.toml:3: error[unknown-key]: unknown key `base_ulr` in [site]",
        ))
        .stderr(predicate::str::contains("did you mean `base_url`?"))
        .stderr(predicate::str::contains(
            "book.toml:6: error[unknown-key]: unknown key `draft` in [build]",
        ));
    assert!(
        !dir.path().join("public").exists(),
        "nothing is written when the build fails"
    );
}

#[test]
fn incidents_json_has_the_documented_fields() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("p");
    coroner()
        .args(["build", "--root"])
        .arg(common::fixture("basic"))
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("incidents.json")).unwrap()).unwrap();
    let checkout = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "2024-01-21-checkout-500s")
        .unwrap();
    for field in [
        "slug",
        "url",
        "source",
        "title",
        "date",
        "severity",
        "status",
        "services",
        "causes",
        "tags",
        "started_at",
        "detected_at",
        "mitigated_at",
        "resolved_at",
        "duration_minutes",
        "time_to_detect_minutes",
        "action_items",
        "inferred",
    ] {
        assert!(checkout.get(field).is_some(), "{field}");
    }
    assert_eq!(checkout["source"], "2024-01-21-checkout-500s.md");
    assert_eq!(checkout["duration_minutes"], 68);
    assert_eq!(checkout["time_to_detect_minutes"], 7);
    assert_eq!(checkout["started_at"], "2024-01-21T14:02:00+00:00");
    assert_eq!(checkout["action_items"][0]["owner"], "Ana Lima");
    assert_eq!(
        checkout["causes"],
        serde_json::json!(["config-change", "deploy"])
    );
}

#[test]
fn an_incident_page_names_what_was_inferred_and_how_to_make_it_explicit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/2024-05-01-queue-backlog.md"),
        "# Queue backlog\n\nSeverity: SEV3\n\n## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n| Alert on queue depth | Ana | 2024-06-01 |\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    coroner()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let page =
        std::fs::read_to_string(out.join("incidents/2024-05-01-queue-backlog/index.html")).unwrap();
    let notice = &page[page.find(r#"id="cr-inferred""#).expect("the notice")..];
    let notice = &notice[..notice.find("</aside>").unwrap()];
    // Each inferred field is named once, and its value is shown once: in the block to copy.
    for field in ["title", "date", "severity", "action_items"] {
        assert_eq!(
            notice.matches(&format!("<code>{field}</code>")).count(),
            1,
            "{notice}"
        );
    }
    assert!(
        notice.contains(
            "<code>2024-05-01-queue-backlog.md</code>, or run <code>coroner fix --write</code>:"
        ),
        "{notice}"
    );
    assert!(
        notice.contains("title: Queue backlog\ndate: 2024-05-01\nseverity: SEV3\n"),
        "{notice}"
    );
    assert_eq!(
        notice.matches("Alert on queue depth").count(),
        1,
        "{notice}"
    );
    assert!(
        notice.contains("    owner: Ana\n    due: 2024-06-01"),
        "{notice}"
    );
}

/// A postmortem as many are written, with no front matter: everything about it is inferred, and
/// it has warnings.
const NO_FRONT_MATTER: &str = "# Search was down\n\nOn 03/04/2024 search returned errors for 40 \
    minutes.\n\n## Timeline\n\n- 14:02 UTC deploy started\n- 14:40 UTC rolled back\n\n\
    ## Action items\n\n- [ ] Validate the index size in CI\n";

/// A copy of the `basic` fixture site (`site` in a temporary folder) with one more postmortem,
/// `content/<rel>` holding `text`.
fn basic_site_with(rel: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&common::fixture("basic"), &site);
    std::fs::write(site.join("content").join(rel), text).unwrap();
    (dir, site)
}

/// Builds `site` into `output` with the `extra` arguments, asserts it succeeded and returns
/// what it printed to standard error (its warnings).
fn build_into(site: &Path, output: &Path, extra: &[&str]) -> String {
    let run = coroner()
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(output)
        .args(extra)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    String::from_utf8(run.stderr).unwrap()
}

#[test]
fn a_rebuild_from_the_build_cache_writes_the_same_site_and_warnings_as_a_fresh_build() {
    let (dir, site) = basic_site_with("search-outage.md", NO_FRONT_MATTER);
    let build = |out: &str, extra: &[&str]| build_into(&site, &dir.path().join(out), extra);
    let first = build("cached", &[]);
    let cache = dir.path().join(".cached.coroner-cache");
    let written = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let second = build("cached", &[]);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        written,
        "nothing changed, so the cache is not written again"
    );
    let fresh = build("fresh", &["--no-cache"]);
    assert!(!dir.path().join(".fresh.coroner-cache").exists());
    assert!(fresh.contains("search-outage.md"), "{fresh}");
    assert_eq!(second, fresh);
    assert_eq!(first, fresh);
    assert_eq!(
        common::site_tree(&dir.path().join("cached")),
        common::site_tree(&dir.path().join("fresh"))
    );
    // As in a CI run that restores only the cache: no output and no previous build beside it.
    // Every postmortem comes from the cache, so it is not written again.
    std::fs::remove_dir_all(dir.path().join("cached")).unwrap();
    std::fs::remove_dir_all(dir.path().join(".cached.coroner-previous")).unwrap();
    assert_eq!(build("cached", &[]), fresh);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        written,
        "the restored cache was used whole"
    );
    assert_eq!(
        common::site_tree(&dir.path().join("cached")),
        common::site_tree(&dir.path().join("fresh"))
    );
}

#[test]
fn an_edited_postmortem_or_book_toml_is_read_again_not_taken_from_the_build_cache() {
    let (_dir, site) = basic_site_with("search-outage.md", NO_FRONT_MATTER);
    let page = site.join("public/incidents/2024-01-21-checkout-500s/index.html");
    let inferred = site.join("public/incidents/search-outage/index.html");
    let build = || {
        coroner()
            .args(["build", "--root"])
            .arg(&site)
            .assert()
            .success();
        std::fs::read_to_string(&page).unwrap()
    };
    assert!(build().contains("Checkout returned 500s after a config push"));
    assert!(site.join(".public.coroner-cache").is_file());
    common::replace_in(
        &site.join("content/2024-01-21-checkout-500s.md"),
        "title: \"Checkout returned 500s after a config push\"",
        "title: \"Checkout failed after a config push\"",
    );
    let edited = build();
    assert!(edited.contains("<title>Checkout failed after a config push"));
    // What is inferred is decided while loading: turning inference off in book.toml must
    // reach the page (the title is still read from the heading).
    let notice = "<code>started_at</code>";
    assert!(std::fs::read_to_string(&inferred).unwrap().contains(notice));
    let book = std::fs::read_to_string(site.join("book.toml")).unwrap();
    std::fs::write(
        site.join("book.toml"),
        format!("{book}\n[infer]\nenabled = false\n"),
    )
    .unwrap();
    build();
    assert!(!std::fs::read_to_string(&inferred).unwrap().contains(notice));
}

/// A postmortem whose summary is rewritten between two builds, first unlike and then like the
/// checkout incident's.
fn pool_postmortem(summary: &str) -> String {
    format!(
        "---\ntitle: Pool limit\ndate: 2024-02-20\nseverity: SEV3\n---\n\n## Summary\n\n{summary}\n"
    )
}

#[test]
fn related_incidents_kept_in_the_build_cache_follow_an_edited_text() {
    let (dir, site) = basic_site_with(
        "pool-limit.md",
        &pool_postmortem("The search index outgrew its disk."),
    );
    let pool = site.join("content/pool-limit.md");
    let build = |out: &str, extra: &[&str]| {
        build_into(&site, &dir.path().join(out), extra);
    };
    let checkout = dir
        .path()
        .join("cached/incidents/2024-01-21-checkout-500s/index.html");
    build("cached", &[]);
    assert!(
        !std::fs::read_to_string(&checkout)
            .unwrap()
            .contains("Pool limit")
    );
    std::fs::write(
        &pool,
        pool_postmortem(
            "A config push lowered the checkout connection limit and 18% of requests failed.",
        ),
    )
    .unwrap();
    build("cached", &[]);
    let page = std::fs::read_to_string(&checkout).unwrap();
    assert!(
        page.contains("Pool limit"),
        "the edited text makes it related"
    );
    assert!(page.contains("similar text"));
    build("fresh", &["--no-cache"]);
    assert_eq!(
        common::site_tree(&dir.path().join("cached")),
        common::site_tree(&dir.path().join("fresh"))
    );
}
