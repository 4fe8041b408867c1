//! `coroner init` and `coroner new` from the command line: the files they create, that those
//! files build, and that neither ever replaces an existing file.

use std::path::Path;

use assert_cmd::Command;
use gray_matter::engine::{Engine, YAML};
use predicates::prelude::*;

fn coroner() -> Command {
    Command::cargo_bin("coroner").unwrap()
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// `coroner CMD ARGS --root ROOT`.
fn run(cmd: &str, args: &[&str], root: &Path) -> assert_cmd::assert::Assert {
    coroner()
        .arg(cmd)
        .args(args)
        .arg("--root")
        .arg(root)
        .assert()
}

fn yaml(text: &str) -> serde_json::Value {
    YAML::parse(text)
        .expect("valid YAML")
        .deserialize()
        .expect("plain data")
}

#[test]
fn init_creates_an_archive_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("acme-incidents");
    coroner()
        .arg("init")
        .arg(&site)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "created the archive \"Acme incidents\"",
        ))
        .stdout(predicate::str::contains("book.toml"))
        .stdout(predicate::str::contains("coroner new"));
    assert_eq!(
        tree(&site),
        [
            ".github/workflows/pages.yml",
            ".gitignore",
            "book.toml",
            "content/2025-02-11-example-uploads-rejected-after-bucket-policy-change.md",
        ]
    );
    assert!(read(site.join(".gitignore")).contains("/public/"));
    coroner()
        .args(["build", "--root"])
        .arg(&site)
        .assert()
        .success()
        .stdout(predicate::str::contains("built 1 incidents"))
        .stderr(predicate::str::is_empty());
    let page = read(site.join(
        "public/incidents/2025-02-11-example-uploads-rejected-after-bucket-policy-change/index.html",
    ));
    assert!(page.contains("photo uploads rejected"));
    assert!(site.join("public/services/uploads/index.html").is_file());
}

#[test]
fn init_refuses_when_a_file_exists_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("book.toml"), "# mine\n").unwrap();
    coroner()
        .arg("init")
        .current_dir(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("book.toml"))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(tree(tmp.path()), ["book.toml"]);
    assert_eq!(read(tmp.path().join("book.toml")), "# mine\n");
}

#[test]
fn the_workflow_deploys_to_pages_with_the_pages_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    coroner().arg("init").arg(tmp.path()).assert().success();
    let text = read(tmp.path().join(".github/workflows/pages.yml"));
    let workflow = yaml(&text);
    assert_eq!(workflow["permissions"]["pages"], "write");
    assert_eq!(workflow["permissions"]["id-token"], "write");
    assert!(workflow["concurrency"]["group"].is_string());
    let steps = |job: &str, key: &str| -> Vec<String> {
        let list = workflow["jobs"][job]["steps"].as_array();
        let list = list.unwrap_or_else(|| panic!("job {job} has steps"));
        let values = list.iter().filter_map(|s| s[key].as_str());
        values
            .map(|v| v.split('@').next().unwrap_or(v).into())
            .collect()
    };
    let action = |u: &String| u.split('@').next().unwrap_or(u).to_string();
    let build: Vec<String> = steps("build", "uses").iter().map(action).collect();
    for action in ["checkout", "configure-pages", "upload-pages-artifact"] {
        assert!(build.contains(&format!("actions/{action}")), "{build:?}");
    }
    let deploy: Vec<String> = steps("deploy", "uses").iter().map(action).collect();
    assert_eq!(deploy, ["actions/deploy-pages"]);
    let runs = steps("build", "run").concat();
    assert!(runs.contains(r#"coroner build --base-url "${{ steps.pages.outputs.base_url }}/""#));
    // The build cache is kept from run to run, saved under each run's commit.
    let kept = workflow["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["with"]["path"] == ".public.coroner-cache")
        .expect("a step caches the build cache");
    let key = kept["with"]["key"].as_str().unwrap();
    let restore = kept["with"]["restore-keys"].as_str().unwrap();
    assert!(key.ends_with("-${{ github.sha }}"), "{key}");
    assert!(key.starts_with(restore), "{key} / {restore}");
    assert!(runs.contains("cargo +stable install --locked"));
}

#[test]
fn new_writes_a_draft_that_builds_with_drafts() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    let args = [
        "Checkout returns 500s",
        "--date",
        "2025-03-04",
        "--severity",
        "sev2",
    ];
    run("new", &args, site)
        .success()
        .stdout(predicate::str::ends_with(
            "content/2025-03-04-checkout-returns-500s.md\n",
        ));
    let text = read(site.join("content/2025-03-04-checkout-returns-500s.md"));
    let front = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"));
    let fm = yaml(front.expect("front matter").0);
    assert_eq!(fm["title"], "Checkout returns 500s");
    assert_eq!(fm["date"], "2025-03-04");
    assert_eq!(fm["severity"], "SEV2");
    assert_eq!(fm["status"], "draft");
    assert_eq!(fm["services"], serde_json::json!([]));
    assert_eq!(fm["action_items"], serde_json::json!([]));
    for section in [
        "## Root Causes",
        "## Detection",
        "### Where we got lucky",
        "## Timeline",
    ] {
        assert!(text.contains(section), "{section}");
    }
    run("build", &[], site)
        .success()
        .stdout(predicate::str::contains("1 draft(s) skipped"));
    run("build", &["--drafts"], site)
        .success()
        .stdout(predicate::str::contains("built 1 incidents"));
    let page = read(site.join("public/incidents/2025-03-04-checkout-returns-500s/index.html"));
    assert!(page.contains("Checkout returns 500s"));
}

#[test]
fn new_bundle_writes_an_index_in_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "DNS: resolver saturated!",
        "--bundle",
        "--date",
        "2025-01-02",
    ];
    run("new", &args, tmp.path()).success();
    let bundle = "content/2025-01-02-dns-resolver-saturated/index.md";
    assert_eq!(tree(tmp.path()), [bundle]);
    // The same slug as a plain file would clash with the bundle in the build.
    run(
        "new",
        &["DNS resolver saturated", "--date", "2025-01-02"],
        tmp.path(),
    )
    .code(1)
    .stderr(predicate::str::contains(format!("{bundle} already exists")));
    assert_eq!(tree(tmp.path()), [bundle]);
}

#[test]
fn new_uses_today_in_the_site_time_zone() {
    let tmp = tempfile::tempdir().unwrap();
    let zone = "Pacific/Kiritimati";
    std::fs::write(
        tmp.path().join("book.toml"),
        format!("[infer]\ntimezone = \"{zone}\"\n"),
    )
    .unwrap();
    let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::get(zone).unwrap());
    run("new", &["Late night"], tmp.path()).success();
    // A run that straddles midnight there may see the next day.
    let names = tree(tmp.path());
    let day = |d: jiff::civil::Date| vec!["book.toml".into(), format!("content/{d}-late-night.md")];
    let today = now.date();
    assert!(
        names == day(today) || names == day(today.tomorrow().unwrap()),
        "{names:?}"
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp
        .path()
        .join("content/2025-03-04-checkout-returns-500s.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "my notes\n").unwrap();
    run(
        "new",
        &["Checkout returns 500s", "--date", "2025-03-04"],
        tmp.path(),
    )
    .code(1)
    .stderr(predicate::str::contains(
        "content/2025-03-04-checkout-returns-500s.md already exists",
    ));
    assert_eq!(read(&path), "my notes\n");
}

#[test]
fn new_rejects_an_unknown_severity_and_a_bad_date() {
    let tmp = tempfile::tempdir().unwrap();
    run("new", &["X", "--severity", "SEV9"], tmp.path())
        .code(1)
        .stderr(predicate::str::contains("SEV1, SEV2, SEV3, SEV4"));
    run("new", &["X", "--date", "04/03/2025"], tmp.path())
        .code(2)
        .stderr(predicate::str::contains("2025-01-21"));
    assert!(tree(tmp.path()).is_empty());
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("postmortem.md"),
        "---\ntitle: {{ title_yaml }}\ndate: {{ date }}\nstatus: draft\n---\n\n## Our own template\n\n{{ title }} ({{ slug }})\n",
    )
    .unwrap();
    run(
        "new",
        &["Queue backed up", "--date", "2025-05-06"],
        tmp.path(),
    )
    .success();
    let text = read(tmp.path().join("content/2025-05-06-queue-backed-up.md"));
    assert!(text.contains("## Our own template"), "{text}");
    assert!(
        text.contains("Queue backed up (2025-05-06-queue-backed-up)"),
        "{text}"
    );
    // The override sits in templates/ beside the page templates and must not break the build.
    run("build", &["--drafts"], tmp.path()).success();
}
