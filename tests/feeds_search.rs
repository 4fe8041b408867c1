//! The machine-read files of a build: Atom feeds, the search index, the sitemap, robots.txt and
//! CNAME, built from a site whose front matter tries to inject markup.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const HOSTILE_TITLE: &str = "<script>alert(1)</script> & \"quotes\"";

/// A one-incident site with hostile front matter, built into `dir/out`; returns the output.
fn build_hostile(dir: &Path, base_url: &str, cname: Option<&str>) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let cname = cname.map_or(String::new(), |c| format!("cname = \"{c}\"\n"));
    std::fs::write(
        root.join("book.toml"),
        format!("[site]\ntitle = \"Ops & <Co>\"\nbase_url = \"{base_url}\"\n{cname}"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/2024-05-01-hostile.md"),
        r#"---
title: "<script>alert(1)</script> & \"quotes\""
date: 2024-05-01
severity: SEV2
services: [checkout]
causes: [dns]
summary: "Bell\x07 and 1 < 2 & 'apostrophes' \"q\""
authors: ["O'Brien <ob@example.test>"]
---

## Summary

The resolver fell over.
"#,
    )
    .unwrap();
    let out = dir.join("out");
    Command::cargo_bin("coroner")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    out
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses an Atom feed and returns its entries' titles and summaries.
fn atom_entries(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("feed is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed.children().any(|c| c.has_tag_name((ATOM, required))),
            "feed has <{required}>"
        );
    }
    let text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            for required in ["id", "title", "updated", "link"] {
                assert!(!text(e, required).is_empty() || required == "link");
            }
            assert!(text(e, "id").starts_with("https://example.test/incidents/"));
            for date in ["updated", "published"] {
                let value = text(e, date);
                assert!(
                    value.parse::<jiff::Timestamp>().is_ok(),
                    "RFC 3339 {date}: {value}"
                );
            }
            let link = e.children().find(|c| c.has_tag_name((ATOM, "link")));
            assert_eq!(link.and_then(|l| l.attribute("rel")), Some("alternate"));
            (text(e, "title"), text(e, "summary"))
        })
        .collect()
}

#[test]
fn feeds_escape_front_matter_and_stay_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_hostile(dir.path(), "https://example.test/incidents/", None);
    for rel in [
        "feed.xml",
        "services/checkout/feed.xml",
        "causes/dns/feed.xml",
    ] {
        let xml = read(out.join(rel));
        assert!(!xml.contains("<script>"), "{rel} carries raw markup");
        let entries = atom_entries(&xml);
        assert_eq!(entries.len(), 1, "{rel}");
        assert_eq!(
            entries[0].0, HOSTILE_TITLE,
            "{rel}: the title survives intact"
        );
        assert!(
            entries[0]
                .1
                .contains("Bell and 1 < 2 & 'apostrophes' \"q\""),
            "{rel}: {}",
            entries[0].1
        );
    }
    let feed = read(out.join("feed.xml"));
    assert!(feed.contains("<title>Ops &amp; &lt;Co&gt;</title>"));
    assert!(feed.contains("<name>O&#39;Brien &lt;ob@example.test&gt;</name>"));
    let home = read(out.join("index.html"));
    assert!(home.contains(
        r#"type="application/atom+xml" title="Ops &amp; &lt;Co&gt;" href="/incidents/feed.xml""#
    ));
    let term = read(out.join("services/checkout/index.html"));
    assert!(term.contains(r#"href="/incidents/services/checkout/feed.xml""#));
    assert!(
        !out.join("severities/SEV2/feed.xml").exists(),
        "only services and causes have term feeds"
    );
}

#[test]
fn search_index_escapes_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_hostile(dir.path(), "https://example.test/incidents/", None);
    let raw = std::fs::read(out.join("search/index.json")).unwrap();
    assert!(!raw.iter().any(|b| matches!(b, b'<' | b'>' | b'&')));
    let index: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(index["incidents"][0][1], HOSTILE_TITLE);
    assert_eq!(
        index["incidents"][0][6],
        "Bell\u{7} and 1 < 2 & 'apostrophes' \"q\""
    );
    // The title's words are searchable like any other: `script` is in its shard.
    let shard = index["shards"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|s| s["first"].as_str().unwrap() <= "script")
        .unwrap();
    let file = out.join("search").join(shard["file"].as_str().unwrap());
    let words: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(words["script"], "0", "incident 0 holds the word");
    let page = read(out.join("search/index.html"));
    assert!(page.contains("Search needs JavaScript"));
    assert!(page.contains(r#"data-index="/incidents/search/index.json""#));
}

#[test]
fn sitemap_lists_every_page_and_robots_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_hostile(
        dir.path(),
        "https://incidents.example.test/",
        Some("incidents.example.test"),
    );
    let xml = read(out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for page in [
        "https://incidents.example.test/",
        "https://incidents.example.test/incidents/",
        "https://incidents.example.test/incidents/2024-05-01-hostile/",
        "https://incidents.example.test/causes/dns/",
        "https://incidents.example.test/services/checkout/",
    ] {
        assert!(locs.contains(&page), "{page} in {locs:?}");
    }
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert_eq!(locs.len(), pages - 1, "every page but the search page");
    assert_eq!(
        read(out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://incidents.example.test/sitemap.xml\n"
    );
    assert_eq!(read(out.join("CNAME")), "incidents.example.test\n");
}

#[test]
fn without_a_host_there_are_no_feeds_and_no_sitemap() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_hostile(dir.path(), "/incidents/", None);
    for rel in [
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "CNAME",
        "causes/dns/feed.xml",
    ] {
        assert!(!out.join(rel).exists(), "{rel}");
    }
    assert!(!read(out.join("index.html")).contains("application/atom+xml"));
    assert!(
        out.join("search/index.json").is_file(),
        "search works on any host"
    );
}

#[test]
fn robots_txt_only_at_the_root_of_a_host() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_hostile(dir.path(), "https://org.github.io/incidents/", None);
    assert!(out.join("sitemap.xml").is_file());
    assert!(
        !out.join("robots.txt").exists(),
        "crawlers only read /robots.txt"
    );
    assert!(common::broken_links(&out, "/incidents/").is_empty());
}
