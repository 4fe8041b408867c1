//! Tests of the search index over the `basic` fixture site.

use super::*;
use crate::build::load_site;
use crate::config::Overrides;

fn fixture_files() -> Vec<OutputFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic");
    let loaded = load_site(&root, &Overrides::default()).expect("fixture config is valid");
    files(&loaded.archive, &loaded.config)
}

fn json(file: &OutputFile) -> serde_json::Value {
    serde_json::from_slice(&file.bytes).expect("valid JSON")
}

/// The incidents (slugs) the index lists for `word`.
fn incidents_with(files: &[OutputFile], word: &str) -> Vec<String> {
    let index = json(&files[0]);
    let shard = index["shards"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|s| s["first"].as_str().unwrap() <= word)
        .unwrap();
    let name = format!("search/{}", shard["file"].as_str().unwrap());
    let file = files.iter().find(|f| f.rel == name).expect("shard written");
    let encoded = json(file)[word].as_str().map(str::to_string);
    let ids = encoded.map_or_else(Vec::new, |e| words::decode(&e).unwrap());
    ids.iter()
        .map(|&i| {
            index["incidents"][i as usize][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn index_lists_every_incident_with_its_terms() {
    let files = fixture_files();
    assert_eq!(files[0].rel, INDEX_FILE);
    let index = json(&files[0]);
    assert_eq!(index["version"], FORMAT_VERSION);
    assert_eq!(index["incident_url_prefix"], "/incidents/");
    let incidents = index["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 2, "drafts are not indexed");
    let checkout = incidents
        .iter()
        .find(|r| r[0] == "2024-01-21-checkout-500s")
        .unwrap();
    assert_eq!(checkout[1], "Checkout returned 500s after a config push");
    assert_eq!(checkout[2], "2024-01-21");
    let sev = checkout[3].as_u64().unwrap() as usize;
    assert_eq!(index["severities"][sev][0], "SEV2");
    let services: Vec<&str> = checkout[4]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            index["services"][s.as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(services, ["checkout"]);
    assert!(index["years"].as_array().unwrap().contains(&"2024".into()));
}

#[test]
fn words_of_title_body_front_matter_and_terms_are_found() {
    let files = fixture_files();
    assert_eq!(
        incidents_with(&files, "checkout"),
        ["2024-02-10-db-failover", "2024-01-21-checkout-500s"],
        "newest first"
    );
    assert_eq!(incidents_with(&files, "eleven"), ["2024-02-10-db-failover"]);
    // From front matter only: the trigger, an action item, an author.
    assert_eq!(
        incidents_with(&files, "lowered"),
        ["2024-01-21-checkout-500s"]
    );
    assert_eq!(
        incidents_with(&files, "validate"),
        ["2024-01-21-checkout-500s"]
    );
    assert_eq!(incidents_with(&files, "lima"), ["2024-01-21-checkout-500s"]);
    // Term ids and labels: the cause `hardware` appears only in front matter.
    assert_eq!(
        incidents_with(&files, "hardware"),
        ["2024-02-10-db-failover"]
    );
    assert!(incidents_with(&files, "nonexistentword").is_empty());
}

#[test]
fn shard_names_change_with_their_content() {
    let a = content_tag([b"one".as_slice()].into_iter());
    let b = content_tag([b"two".as_slice()].into_iter());
    assert_ne!(a, b);
    assert_eq!(a.len(), 10);
}

#[test]
fn json_cannot_carry_markup() {
    let bytes = json_bytes(&["<script>alert(1)</script> & \"quotes\""]);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
    let back: Vec<String> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back[0], "<script>alert(1)</script> & \"quotes\"");
}

#[test]
fn summaries_are_cut_at_a_word() {
    assert_eq!(shorten("short", 10), "short");
    assert_eq!(shorten("one two three four", 10), "one two…");
    assert_eq!(shorten("one two, three", 9), "one two…");
}
