//! Builds the example site (the repository root) and checks that every internal link and
//! anchor of every page resolves to a file in the output, at the root and under a sub-path.

mod common;

use assert_cmd::Command;

fn build_and_check(base_url: Option<&str>, base_path: &str) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut cmd = Command::cargo_bin("coroner").unwrap();
    cmd.arg("build")
        .arg("--root")
        .arg(common::repo_root())
        .arg("--output")
        .arg(&site);
    if let Some(url) = base_url {
        cmd.arg("--base-url").arg(url);
    }
    cmd.assert().success();
    let pages = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(
        pages > 40,
        "the example site has pages for incidents and every index ({pages})"
    );
    let broken = common::broken_links(&site, base_path);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn example_site_links_resolve_at_the_root() {
    build_and_check(Some("https://example.test/"), "/");
}

#[test]
fn example_site_links_resolve_under_a_sub_path() {
    build_and_check(Some("https://org.github.io/incidents/"), "/incidents/");
}
