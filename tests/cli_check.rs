//! `coroner check` on the fixture sites of tests/fixtures/invalid/: one site per class of
//! problem, each asserting the exit code and the exact `file:line:column: level[code]: message`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(case)
}

fn check(case: &str, extra: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("coroner")
        .unwrap()
        .args(["check", "--root"])
        .arg(fixture(case))
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().expect("exited, not killed");
    (code, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// (case, exit code, a line the report must contain)
const CASES: &[(&str, i32, &str)] = &[
    (
        "front-matter-syntax",
        1,
        "content/2025-01-21-outage.md:4:9: error[front-matter]: front matter does not parse: illegal placement of ':' indicator\n  4 | severity: SEV2\n    |         ^",
    ),
    (
        "unclosed-front-matter",
        1,
        "content/2025-01-21-outage.md:1:1: error[front-matter]: front matter is opened on line 1 but never closed",
    ),
    (
        "unknown-field",
        0,
        "content/2025-01-21-outage.md:3: warning[unknown-field]: unknown field `sevrity`\n  = help: did you mean `severity`?",
    ),
    (
        "invalid-type",
        1,
        "content/2025-01-21-outage.md:3: error[invalid-type]: `services` should be a list of service ids, found a table of keys",
    ),
    (
        "invalid-type",
        1,
        "content/2025-01-21-outage.md:5: error[invalid-type]: `draft` should be true or false, found text",
    ),
    (
        "unknown-severity",
        0,
        "content/2025-01-21-outage.md:3: warning[unknown-severity]: severity `SEV9` is not in the taxonomy; it is indexed anyway",
    ),
    (
        "unknown-cause",
        0,
        "content/2025-01-21-outage.md:3: warning[unknown-cause]: cause `deplyo` is not in the taxonomy; it is indexed anyway\n  = help: did you mean `deploy`?",
    ),
    (
        "bad-date",
        1,
        "content/2025-01-21-outage.md:3: error[invalid-value]: `date`: `2025-13-45` is not a date coroner can read (use YYYY-MM-DD)",
    ),
    (
        "bad-date",
        1,
        "content/2025-01-21-outage.md:4: error[invalid-value]: `started_at`: `yesterday at noon` is not a date-time coroner can read",
    ),
    (
        "unknown-status",
        0,
        "content/2025-01-21-outage.md:3: warning[unknown-status]: unknown status `shipped`; the postmortem is built as published",
    ),
    (
        "action-item-values",
        0,
        "content/2025-01-21-outage.md:4: warning[unknown-action-status]: action item 1 (`Add a canary stage`): unknown status `someday`; the item is counted as open\n  = help: write open, done or dropped (won't do)",
    ),
    (
        "action-item-values",
        0,
        "content/2025-01-21-outage.md:4: warning[invalid-due]: action item 2 (`Alert on pool saturation`): due `next sprint` is not a date; the item has no due date",
    ),
    (
        "timestamp-order",
        1,
        "content/2025-01-21-outage.md:4: error[timestamp-order]: `detected_at` (2025-01-21 13:50 UTC) is before `started_at` (2025-01-21 14:00 UTC)",
    ),
    (
        "timestamp-order",
        1,
        "content/2025-01-21-outage.md:6: error[timestamp-order]: `resolved_at` (2025-01-21 14:20 UTC) is before `mitigated_at` (2025-01-21 14:30 UTC)",
    ),
    (
        "duplicate-slug",
        1,
        "content/2025-01-21-outage.md:3: error[duplicate-slug]: slug `checkout-500s` is also used by content/2025-02-02-checkout-again.md; both would be written to incidents/checkout-500s/",
    ),
    (
        "unknown-related",
        0,
        "content/2025-01-21-outage.md:3: warning[unknown-related]: `related` names `2025-01-20-dns-outage`, which is not an incident in this build",
    ),
    (
        "broken-link",
        0,
        "content/2025-01-21-outage.md:6: warning[broken-link]: link to `2024-12-01-dns.md`: there is no postmortem `2024-12-01-dns.md`",
    ),
    (
        "broken-link",
        0,
        "content/2025-01-21-outage.md:7: warning[broken-anchor]: link to `2025-01-10-db.md#timline`: `2025-01-10-db` has no heading `#timline`\n  = help: did you mean `#timeline`?",
    ),
    (
        "missing-owner",
        0,
        "content/2025-01-21-outage.md:3: warning[missing-owner]: action item `Pin the payments client` has no owner",
    ),
    (
        "missing-section",
        0,
        "content/2025-01-21-outage.md: warning[missing-section]: missing required section `Root cause`",
    ),
    (
        "missing-section",
        0,
        "content/2025-01-21-outage.md: warning[missing-section]: missing required section `Action items`",
    ),
    (
        "invalid-slug",
        1,
        "content/2025-01-21-outage.md:3: error[invalid-slug]: slug `../../etc/passwd` cannot be used as a URL path segment",
    ),
    (
        "bad-config",
        1,
        "book.toml:2: error[unknown-key]: unknown key `titel` in [site]\n  = help: did you mean `title`?",
    ),
    (
        "unsafe-output",
        1,
        "book.toml: error[unsafe-output]: the output directory `.` is the site root; a build would replace those files",
    ),
    (
        "output-collision",
        1,
        "content/2025-01-21-outage/index.html: error[output-collision]: would be written to incidents/2025-01-21-outage/index.html, which content/2025-01-21-outage/index.md also writes",
    ),
    (
        "no-content",
        1,
        "content: error[no-content]: the content directory does not exist",
    ),
];

#[test]
fn every_fixture_reports_its_problem_with_position_and_exit_code() {
    let mut failures = Vec::new();
    for &(case, code, expected) in CASES {
        let (got, stdout) = check(case, &[]);
        if got != code || !stdout.contains(expected) {
            failures.push(format!(
                "{case}: exit {got} (want {code})\n{stdout}\nwanted:\n{expected}\n"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn every_fixture_directory_is_covered() {
    let dirs: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for dir in dirs.iter().filter(|d| *d != "many") {
        assert!(
            CASES.iter().any(|c| c.0 == dir),
            "fixture {dir} has no case"
        );
    }
}

#[test]
fn strict_makes_warnings_fail() {
    let (code, stdout) = check("unknown-field", &["--strict"]);
    assert_eq!(code, 1);
    assert!(
        stdout.ends_with(
            "checked 1 postmortem: 0 errors, 1 warning; failed (--strict: warnings fail)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn a_missing_root_is_a_failure_to_run() {
    Command::cargo_bin("coroner")
        .unwrap()
        .args(["check", "--root", "/nonexistent/coroner-site"])
        .assert()
        .code(2)
        .stderr(contains(
            "the site root /nonexistent/coroner-site is not a directory",
        ));
}

#[test]
fn the_project_example_site_is_clean() {
    Command::cargo_bin("coroner")
        .unwrap()
        .args(["check", "--strict", "--root", env!("CARGO_MANIFEST_DIR")])
        .assert()
        .code(0)
        .stdout(contains("; ok\n"));
}

#[test]
fn json_lists_every_problem_with_counts() {
    let (code, stdout) = check("many", &["--format", "json"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["files"], 3);
    assert_eq!(doc["errors"], 2);
    assert_eq!(doc["warnings"], 6);
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 8);
    let first_error = problems.iter().find(|p| p["level"] == "error").unwrap();
    assert_eq!(first_error["path"], "content/2025-01-21-checkout-500s.md");
    assert_eq!(first_error["line"], 6);
    assert_eq!(first_error["column"], serde_json::Value::Null);
    assert_eq!(first_error["code"], "timestamp-order");
    for p in problems {
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["code", "column", "hint", "level", "line", "message", "path"]
        );
    }
}

#[test]
fn text_report_format() {
    let (code, stdout) = check("many", &[]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("many_problems_text_report", stdout);
}

#[test]
fn suggest_prints_the_front_matter_of_inferred_values() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suggest");
    let out = Command::cargo_bin("coroner")
        .unwrap()
        .args(["check", "--suggest", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "content/2025-02-03-cache-stampede.md: front matter for the inferred values:\n---\ntitle: Cache stampede after a deploy\n"
        ),
        "{stdout}"
    );
}
