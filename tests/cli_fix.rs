//! `coroner fix` on a temporary copy of `tests/fixtures/fix-site`: a dry run prints the blocks
//! and changes nothing; `--write` adds them, keeps every other byte, and leaves alone the files
//! it cannot parse or rewrite. And a round trip: after `--write`, the archive's `incidents.json`
//! is what it was before, apart from which fields are marked inferred.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fix-site");
    common::copy_dir(&fixture, dir.path());
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("content").join(name)).unwrap()
}

fn coroner() -> Command {
    Command::cargo_bin("coroner").unwrap()
}

#[test]
fn a_dry_run_prints_the_blocks_and_changes_nothing() {
    let dir = site();
    let before = read(dir.path(), "2024-03-03-search-outage.md");
    coroner()
        .args(["fix", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("content/2024-03-03-search-outage.md (new front matter):\n---\ntitle: Search returned no results\n"))
        .stdout(predicate::str::contains("started_at: 2024-03-03T14:05:00+00:00"))
        .stdout(predicate::str::contains("content/2024-04-10-dns.md (add to its front matter):"))
        .stdout(predicate::str::contains("complete.md").not())
        .stderr(predicate::str::contains("content/broken.md"))
        .stderr(predicate::str::contains("TOML front matter is not rewritten"));
    assert_eq!(read(dir.path(), "2024-03-03-search-outage.md"), before);
}

#[test]
fn write_adds_front_matter_and_keeps_every_other_byte() {
    let dir = site();
    let originals: Vec<(String, String)> = [
        "2024-03-03-search-outage.md",
        "2024-04-10-dns.md",
        "2024-05-01-toml.md",
        "broken.md",
        "complete.md",
    ]
    .iter()
    .map(|n| (n.to_string(), read(dir.path(), n)))
    .collect();
    coroner()
        .args(["fix", "--write", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("2 file(s) changed"));
    // A new block on top, the original text after it, unchanged.
    let search = read(dir.path(), "2024-03-03-search-outage.md");
    let body = &originals[0].1;
    assert!(
        search.starts_with(
            "---\ntitle: Search returned no results\ndate: 2024-03-03\nservices: [search]\n"
        ),
        "{search}"
    );
    assert!(search.ends_with(&format!("---\n{body}")), "{search}");
    assert!(search.contains("  - title: Require review for feature flag changes\n    status: done\n    owner: \"@dana\"\n"));
    // Missing keys inside the existing block, after the keys already there.
    let dns = read(dir.path(), "2024-04-10-dns.md");
    let (head, rest) = originals[1]
        .1
        .split_at(originals[1].1.find("---\n\n## Timeline").unwrap());
    assert!(dns.starts_with(head), "{dns}");
    assert!(dns.ends_with(rest), "{dns}");
    assert!(dns.contains("severity: SEV2\ndate: 2024-04-10\ncauses: [dns]\nstarted_at: 2024-04-10T09:00:00+00:00\nresolved_at: 2024-04-10T09:40:00+00:00\n---\n"), "{dns}");
    // Files it cannot parse or rewrite, and files with nothing to add, are untouched.
    for (name, text) in &originals[2..] {
        assert_eq!(&read(dir.path(), name), text, "{name}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // Everything inferred is now explicit.
    coroner()
        .args(["fix", "--root"])
        .arg(dir.path())
        .assert()
        .stdout(predicate::str::contains("0 file(s) would change"));
}

/// The incidents of `site` built into `out`, by slug, without the `inferred` list (the one field
/// `coroner fix --write` is meant to change).
fn built_incidents(
    site: &Path,
    out: &Path,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    coroner()
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("incidents.json")).unwrap()).unwrap();
    let list = json.as_array().expect("incidents.json is an array");
    list.iter()
        .map(|i| {
            let mut i = i.clone();
            let map = i.as_object_mut().unwrap();
            map.remove("inferred");
            (map["slug"].as_str().unwrap().to_string(), i)
        })
        .collect()
}

/// Builds `site`, runs `coroner fix --write` on it, builds it again, and asserts that every
/// incident is the same; returns how many there were.
fn assert_fix_keeps_every_value(site: &Path) -> usize {
    let before = built_incidents(site, &site.join("out-before"));
    // Exit code 1 when some file is left alone (the corpus has TOML front matter); the builds
    // are what is checked.
    let _ = coroner()
        .args(["fix", "--write", "--root"])
        .arg(site)
        .assert();
    let after = built_incidents(site, &site.join("out-after"));
    assert_eq!(before.len(), after.len());
    for (slug, was) in &before {
        assert_eq!(
            Some(was),
            after.get(slug),
            "{slug} changed when its inferred values were written"
        );
    }
    before.len()
}

#[test]
fn write_keeps_each_action_items_due_date_ticket_and_short_owner() {
    // Bug guarded: the suggested action items had only title, status and owner, so `--write`
    // lost the due dates and tickets that the text gave (the text is not read for action
    // items once front matter lists them); and a two-letter owner (`Bo`) was dropped.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/2024-05-01-queue.md"),
        "---\ntitle: Queue backlog\ndate: 2024-05-01\nseverity: SEV2\ncauses: [capacity]\n---\n\n\
         ## Action items\n\n| Action | Owner | Status | Due | Ticket |\n|---|---|---|---|---|\n\
         | Add a queue depth alert | Ana | Open | 2024-06-01 | OPS-12 |\n\
         | Raise the consumer count | Bo | Done | 2024-05-10 | #13 |\n",
    )
    .unwrap();
    assert_eq!(assert_fix_keeps_every_value(dir.path()), 1);
    let text = read(dir.path(), "2024-05-01-queue.md");
    assert!(
        text.contains("  - title: Raise the consumer count\n    status: done\n    owner: Bo\n    due: 2024-05-10\n    ticket: \"#13\"\n"),
        "{text}"
    );
}

#[test]
fn write_keeps_every_value_of_the_real_postmortems() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !corpus.is_dir() {
        println!("skipped: the corpus is not at {}", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, content.join(path.file_name().unwrap())).unwrap();
        }
    }
    assert!(assert_fix_keeps_every_value(dir.path()) >= 41);
}
