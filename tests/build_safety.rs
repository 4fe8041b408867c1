//! End-to-end safety of `coroner build`: front-matter values are escaped in every page and in
//! incidents.json, raw HTML is sanitized unless trusted, a failed build leaves the previous
//! output byte for byte, and the output directory never overlaps the site's own files.

mod common;

use std::path::Path;

use assert_cmd::Command;

const EVIL: &str = "<script>alert(1)</script> \"quotes\" & ampersands";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("coroner")
        .unwrap()
        .args(["build", "--root"])
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

fn evil_site(book: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "book.toml", book);
    let value = serde_json::to_string(EVIL).unwrap();
    write(
        dir.path(),
        "content/2025-01-21-evil.md",
        &format!(
            "---\ntitle: {value}\nsummary: {value}\nimpact: {value}\ntrigger: {value}\nseverity: {value}\n\
             services: [{value}]\ncauses: [{value}]\ntags: [{value}]\nauthors: [{value}]\n\
             action_items:\n  - title: {value}\n    owner: {value}\n    ticket: {value}\n---\n{body}"
        ),
    );
    write(
        dir.path(),
        "content/2025-01-22-other.md",
        "---\ntitle: Other\nrelated: [2025-01-21-evil]\n---\n# Other\n",
    );
    dir
}

#[test]
fn front_matter_values_are_escaped_in_every_page_and_in_the_json_export() {
    let site = evil_site("", "Body.\n");
    let out = build(site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = common::tree(&site.path().join("public"));
    let mut seen_escaped = 0;
    for (rel, bytes) in files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains("<script>alert(1)"),
            "{rel} has the raw script"
        );
        assert!(!html.contains("\"quotes\""), "{rel} has unescaped quotes");
        assert!(!html.contains("& ampersands"), "{rel} has a raw ampersand");
        if html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        {
            seen_escaped += 1;
        }
    }
    let page = String::from_utf8_lossy(&files["incidents/2025-01-21-evil/index.html"]).into_owned();
    assert!(
        page.contains("&quot;quotes&quot; &amp; ampersands"),
        "{page}"
    );
    assert!(
        seen_escaped >= 3,
        "the value shows, escaped, on several pages"
    );
    // The JSON export keeps the exact text (it is data, not markup) and stays valid JSON.
    let json: serde_json::Value = serde_json::from_slice(&files["incidents.json"]).unwrap();
    let evil = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "2025-01-21-evil")
        .unwrap();
    assert_eq!(evil["title"], EVIL);
    assert_eq!(evil["action_items"][0]["owner"], EVIL);
    assert_eq!(evil["services"][0], EVIL);
}

const RAW_HTML: &str = "# Evil\n\n<script>alert('body')</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n\
<a href=\"javascript:alert(3)\">click</a> and [md link](javascript:alert(4))\n\n<div style=\"color:red\" onclick=\"alert(5)\">kept text</div>\n";

/// The incident page of a site whose body is [`RAW_HTML`], built with `book` as book.toml.
fn built_raw_html_page(book: &str) -> String {
    let site = evil_site(book, RAW_HTML);
    let out = build(site.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(
        site.path()
            .join("public/incidents/2025-01-21-evil/index.html"),
    )
    .unwrap()
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let page = built_raw_html_page("");
    for bad in ["alert('body')", "onerror", "javascript:", "onclick"] {
        assert!(!page.contains(bad), "{bad} survived:\n{page}");
    }
    assert!(
        page.contains("kept text") && page.contains("click"),
        "{page}"
    );
}

#[test]
fn trusted_html_is_passed_through() {
    let page = built_raw_html_page("[build]\ntrust_html = true\n");
    for kept in [
        "<script>alert('body')</script>",
        "onerror=\"alert(2)\"",
        "href=\"javascript:alert(3)\"",
        "javascript:alert(4)",
        "onclick",
    ] {
        assert!(page.contains(kept), "{kept} was removed:\n{page}");
    }
    // Trusting the body's HTML never un-escapes front matter.
    assert!(!page.contains("<script>alert(1)"), "{page}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = evil_site("", "Body.\n");
    assert!(build(site.path(), &[]).status.success());
    let before = common::tree(&site.path().join("public"));
    let parent_before: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    write(
        site.path(),
        "content/2025-01-22-other.md",
        "---\ntitle: [unclosed\n---\n# Other\n",
    );
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("content/2025-01-22-other.md:2:8: error[front-matter]")
    );
    assert_eq!(common::tree(&site.path().join("public")), before);
    let parent_after: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        parent_before, parent_after,
        "no staging or other file is left beside the output"
    );
}

#[test]
fn the_output_is_never_the_site_root_the_content_or_a_parent() {
    let site = evil_site("", "Body.\n");
    let before = common::tree(site.path());
    let root = site.path().to_string_lossy().into_owned();
    let parent = site.path().parent().unwrap().to_string_lossy().into_owned();
    for output in [
        root.clone(),
        format!("{root}/content"),
        format!("{root}/content/out"),
        parent,
        format!("{root}/content/.."),
    ] {
        let out = build(site.path(), &["--output", &output]);
        assert!(!out.status.success(), "{output}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("refusing to write"), "{output}: {stderr}");
        assert_eq!(
            common::tree(site.path()),
            before,
            "{output}: the site's files changed"
        );
    }
}

#[test]
fn a_build_touches_nothing_outside_its_output_and_previous_build() {
    let outer = tempfile::tempdir().unwrap();
    let site = evil_site("", "Body.\n");
    write(outer.path(), "keep/notes.txt", "mine");
    let out_dir = outer.path().join("public");
    let before = common::tree(outer.path());
    let before_site = common::tree(site.path());
    for _ in 0..2 {
        let out = build(site.path(), &["--output", &out_dir.to_string_lossy()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let after = common::tree(outer.path());
    // Besides the output, only the build before it, kept for the next build to update, and
    // the build cache.
    let outside: Vec<_> = after
        .keys()
        .filter(|k| !k.starts_with("public/") && !k.starts_with(".public.coroner-previous/"))
        .filter(|k| *k != ".public.coroner-cache")
        .collect();
    assert_eq!(outside, before.keys().collect::<Vec<_>>());
    assert!(after.contains_key(".public.coroner-previous/.coroner-manifest"));
    assert!(after.contains_key(".public.coroner-cache"));
    assert_eq!(common::tree(site.path()), before_site);
}
