//! Tests of the render cache: after any change to an input, a cached render gives exactly the
//! files a fresh render gives (no stale row, body or page), and unchanged inputs are reused.

use std::collections::BTreeMap;
use std::path::Path;

use super::cache::{Key, RenderCache};
use super::{OutputFile, RenderSettings};
use crate::build;
use crate::config::Overrides;

const BOOK: &str = "[site]\ntitle = \"Cache test\"\nbase_url = \"https://cache.test/\"\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "book.toml", BOOK);
    write(
        dir.path(),
        "content/2025-01-02-dns.md",
        "---\ntitle: DNS outage\ndate: 2025-01-02\nseverity: SEV2\nservices: [dns]\n---\n\n## Summary\n\nResolvers fell over.\n",
    );
    write(
        dir.path(),
        "content/2025-02-03-db.md",
        "---\ntitle: Database failover\ndate: 2025-02-03\nseverity: SEV1\nservices: [db]\n---\n\n## Summary\n\nLike [the DNS one](2025-01-02-dns.md), it failed over.\n",
    );
    dir
}

fn settings(script: &str) -> RenderSettings {
    RenderSettings {
        live_reload_script: script.into(),
        today: jiff::civil::Date::new(2025, 6, 1).ok(),
    }
}

fn files(list: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    list.into_iter()
        .map(|f| (f.rel, f.bytes.to_vec()))
        .collect()
}

/// Renders `root` through `cache` and fresh, asserts both agree, and returns the files.
fn render_both(root: &Path, cache: &RenderCache, script: &str) -> BTreeMap<String, Vec<u8>> {
    let loaded = build::load_site(root, &Overrides::default()).unwrap();
    let cached = build::render_site_cached(&loaded, &settings(script), cache).unwrap();
    let fresh = build::render_site(&loaded, &settings(script)).unwrap();
    let (cached, fresh) = (files(cached), files(fresh));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &fresh {
        assert!(cached[rel] == *bytes, "{rel} is stale in the cached render");
    }
    cached
}

fn page(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8_lossy(&files[rel]).into_owned()
}

#[test]
fn key_parts_keep_their_boundaries() {
    let ab_c = Key::new("t").part(b"ab").part(b"c").finish();
    let a_bc = Key::new("t").part(b"a").part(b"bc").finish();
    assert_ne!(ab_c, a_bc);
    assert_ne!(Key::new("row").finish(), Key::new("page").finish());
}

#[test]
fn a_changed_body_re_renders_its_page() {
    let dir = site();
    let cache = RenderCache::new();
    let before = render_both(dir.path(), &cache, "");
    assert!(!cache.is_empty());
    let path = dir.path().join("content/2025-01-02-dns.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("fell over", "ran out of sockets")).unwrap();
    let after = render_both(dir.path(), &cache, "");
    let rel = "incidents/2025-01-02-dns/index.html";
    assert!(page(&after, rel).contains("ran out of sockets"));
    assert_ne!(before[rel], after[rel]);
    // The incident's words are memoized too: the search index must find the new one.
    let indexed = |files: &BTreeMap<String, Vec<u8>>| {
        files.iter().any(|(rel, bytes)| {
            rel.starts_with("search/words-")
                && page(files, rel).contains("\"sockets\"")
                && !bytes.is_empty()
        })
    };
    assert!(!indexed(&before));
    assert!(indexed(&after));
}

#[test]
fn renaming_a_linked_incident_re_renders_the_page_linking_to_it() {
    let dir = site();
    let cache = RenderCache::new();
    let before = render_both(dir.path(), &cache, "");
    let rel = "incidents/2025-02-03-db/index.html";
    assert!(page(&before, rel).contains("/incidents/2025-01-02-dns/"));
    let path = dir.path().join("content/2025-01-02-dns.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("title: DNS", "slug: resolvers\ntitle: DNS"),
    )
    .unwrap();
    let after = render_both(dir.path(), &cache, "");
    assert!(page(&after, rel).contains("/incidents/resolvers/"));
    assert!(!page(&after, rel).contains("/incidents/2025-01-02-dns/"));
}

#[test]
fn a_changed_template_byte_re_renders_rows_and_pages() {
    let dir = site();
    let cache = RenderCache::new();
    let theme = crate::render::theme::load(
        &crate::config::Config::load(dir.path(), &Overrides::default()).unwrap(),
    )
    .unwrap();
    let row = theme
        .templates
        .iter()
        .find(|t| t.name == "incident_row.html")
        .unwrap();
    let text = String::from_utf8(row.bytes.clone()).unwrap();
    render_both(dir.path(), &cache, "");
    write(
        dir.path(),
        "templates/incident_row.html",
        &format!("{text}<!--r1-->"),
    );
    let after = render_both(dir.path(), &cache, "");
    assert!(page(&after, "incidents/index.html").contains("<!--r1-->"));
    write(
        dir.path(),
        "templates/incident_row.html",
        &format!("{text}<!--r2-->"),
    );
    let after = render_both(dir.path(), &cache, "");
    assert!(page(&after, "incidents/index.html").contains("<!--r2-->"));
    assert!(!page(&after, "incidents/index.html").contains("<!--r1-->"));
}

#[test]
fn changed_configuration_or_script_re_renders_every_page() {
    let dir = site();
    let cache = RenderCache::new();
    render_both(dir.path(), &cache, "<script>one</script>");
    write(
        dir.path(),
        "book.toml",
        &BOOK.replace("Cache test", "Renamed"),
    );
    let after = render_both(dir.path(), &cache, "<script>one</script>");
    assert!(page(&after, "index.html").contains("Renamed"));
    let after = render_both(dir.path(), &cache, "<script>two</script>");
    assert!(page(&after, "incidents/2025-01-02-dns/index.html").contains("<script>two</script>"));
}

#[test]
fn entries_not_used_by_the_latest_render_are_dropped() {
    let dir = site();
    let cache = RenderCache::new();
    render_both(dir.path(), &cache, "");
    let full = cache.len();
    std::fs::remove_file(dir.path().join("content/2025-02-03-db.md")).unwrap();
    render_both(dir.path(), &cache, "");
    assert!(cache.len() < full, "{} entries kept of {full}", cache.len());
}

#[test]
fn feeds_follow_what_their_entries_add_to_the_rows() {
    // Authors, impact and moments reach a feed entry but no incident row: a feed keyed only by
    // its rows would go stale on these edits.
    let dir = site();
    let cache = RenderCache::new();
    let dns = "content/2025-01-02-dns.md";
    let before = render_both(dir.path(), &cache, "");
    assert!(!page(&before, "feed.xml").contains("Ada Lovelace"));
    let text = std::fs::read_to_string(dir.path().join(dns)).unwrap();
    let edits = [
        (
            "services: [dns]",
            "services: [dns]\nauthors: [Ada Lovelace]",
        ),
        (
            "severity: SEV2",
            "severity: SEV2\nstarted_at: 2025-01-02T10:00:00Z",
        ),
        ("Ada Lovelace", "Grace Hopper"),
        ("2025-01-02T10:00:00Z", "2025-01-02T11:00:00Z"),
        // Without a summary the entry shows the impact.
        ("## Summary\n\nResolvers fell over.\n", ""),
        (
            "services: [dns]",
            "services: [dns]\nimpact: No lookups for an hour.",
        ),
        ("No lookups for an hour.", "No lookups for two hours."),
    ];
    let mut text = text;
    for (from, to) in edits {
        text = text.replace(from, to);
        write(dir.path(), dns, &text);
        render_both(dir.path(), &cache, "");
    }
    let after = render_both(dir.path(), &cache, "");
    let feed = page(&after, "feed.xml");
    assert!(feed.contains("Grace Hopper"), "{feed}");
    assert!(feed.contains("2025-01-02T11:00:00"), "{feed}");
    assert!(feed.contains("No lookups for two hours."), "{feed}");
}

#[test]
fn rendering_in_small_batches_gives_the_files_of_one_batch() {
    // Guards the batched render (pages written while the next batch renders, archive-wide
    // pages rendered beside the batches, search words read by the incident pages' jobs rather
    // than by parsing every body again): no page may be lost, doubled or changed.
    let site = site();
    let loaded = build::load_site(site.path(), &Overrides::default()).unwrap();
    let whole = files(build::render_site(&loaded, &settings("")).unwrap());
    for batch in [1, 2, 5] {
        let mut batched = Vec::new();
        super::render_batches(
            &loaded.archive,
            &loaded.assets,
            &loaded.config,
            &settings(""),
            &RenderCache::disabled(),
            batch,
            &mut |files: Vec<OutputFile>| {
                batched.extend(files);
                Ok::<(), super::RenderError>(())
            },
        )
        .unwrap();
        let count = batched.len();
        let batched = files(batched);
        assert_eq!(
            count,
            batched.len(),
            "a file was emitted twice (batch {batch})"
        );
        assert!(batched.contains_key("actions/index.html"));
        assert!(batched.contains_key("incidents.json"));
        assert!(batched.contains_key(crate::render::search::INDEX_FILE));
        assert_eq!(batched, whole, "batch {batch}");
    }
}

#[test]
fn search_words_kept_from_a_render_give_the_next_one_the_same_files() {
    // Guards the search words `coroner build` keeps in its cache: a batched render (where the
    // incident pages' jobs take the words) that starts from them gives exactly the files of a
    // fresh one, and an incident whose text changed is read again.
    let site = site();
    let render = |cache: &RenderCache| {
        let loaded = build::load_site(site.path(), &Overrides::default()).unwrap();
        let mut all = Vec::new();
        super::render_batches(
            &loaded.archive,
            &loaded.assets,
            &loaded.config,
            &settings(""),
            cache,
            1,
            &mut |batch: Vec<OutputFile>| {
                all.extend(batch);
                Ok::<(), super::RenderError>(())
            },
        )
        .unwrap();
        files(all)
    };
    let first = RenderCache::with_words(Vec::new());
    let fresh = render(&first);
    let kept = first.remembered_words();
    assert_eq!(kept.len(), 2, "one entry per incident");
    let second = RenderCache::with_words(kept.clone());
    assert_eq!(render(&second), fresh);
    assert_eq!(second.remembered_words(), kept);
    let dns = "content/2025-01-02-dns.md";
    let text = std::fs::read_to_string(site.path().join(dns)).unwrap();
    write(
        site.path(),
        dns,
        &format!("{text}\n## Notes\n\nThe resolvers in Zanzibar were spared.\n"),
    );
    let edited = RenderCache::with_words(kept.clone());
    let after = render(&edited);
    assert_eq!(after, render(&RenderCache::disabled()));
    let found = after.iter().any(|(rel, bytes)| {
        rel.starts_with("search/") && String::from_utf8_lossy(bytes).contains("zanzibar")
    });
    assert!(found, "the edited incident's new word is in the index");
    let now = edited.remembered_words();
    assert_eq!(
        now.len(),
        2,
        "the old words of the edited incident are dropped"
    );
    assert_eq!(now.iter().filter(|w| kept.contains(w)).count(), 1);
}
