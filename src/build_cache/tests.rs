use std::path::{Path, PathBuf};

use super::*;
use crate::config::Overrides;
use crate::testing;

/// A postmortem with no front matter, so that every field inference can fill is inferred, and
/// with problems (an ambiguous date, an action item without an owner) to carry.
const MESSY: &str = "# Checkout returned 500s\n\nDate: 03/04/2024\n\n## Summary\n\n\
Checkout failed for 40 minutes after a config push.\n\n## Impact\n\n12% of orders failed.\n\n\
## Timeline\n\n- 14:02 UTC deploy started\n- 14:05 UTC alerts fired\n- 14:40 UTC rolled back\n\n\
## Root cause\n\nA config change set the pool size to zero.\n\n## Action items\n\n\
- [ ] Validate pool size in CI\n- [x] Add an alert on 5xx rate (owner: @dana)\n";

fn files() -> Vec<SourceFile> {
    vec![
        SourceFile::from_text("messy.md", MESSY),
        SourceFile::from_text(
            "plain.md",
            "---\ntitle: Plain\ndate: 2024-05-01\nseverity: SEV2\n---\nBody.\n",
        ),
    ]
}

/// What loading gives, in a form two loads can be compared by.
fn shown(loaded: &[Loaded]) -> String {
    format!("{loaded:#?}")
}

/// The cache beside `output`, read for `config`, as a build begins.
fn opened(output: &Path, config: &Config) -> BuildCache {
    let mut cache = BuildCache::at(output);
    cache.read(config);
    cache
}

/// The cache beside `output` read for `config` after one bit of the file's byte at `at` (given
/// the file's bytes) was flipped.
fn opened_with_flipped_byte(
    output: &Path,
    config: &Config,
    at: impl FnOnce(&[u8]) -> usize,
) -> BuildCache {
    let path = BuildCache::path_for(output);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = at(&bytes);
    bytes[at] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    opened(output, config)
}

/// Loads `files` through a cache kept beside `output` and commits it, as a build does.
fn build(output: &Path, files: &[SourceFile], config: &Config) -> (Vec<Loaded>, usize) {
    let mut cache = BuildCache::at(output);
    cache.read(config);
    let hits = cache.len();
    let loaded = cache.load_all(files, config);
    cache.commit();
    (loaded, hits)
}

/// A temporary folder for a site's output (`public`), with the cache of one build of
/// [`files`] beside it.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    build(&output, &files(), &testing::config());
    (dir, output)
}

#[test]
fn a_second_load_comes_from_the_cache_and_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let config = testing::config();
    let files = files();
    let (first, hits) = build(&output, &files, &config);
    assert_eq!(hits, 0);
    assert!(dir.path().join(".public.coroner-cache").is_file());
    let incident = first[0].incident.as_ref().unwrap();
    assert!(incident.inferred.len() > 3, "{:?}", incident.inferred);
    assert!(!first[0].problems.is_empty());
    // Bodies are not kept (each is the end of its file's text) but put back when read.
    let kept = std::fs::read(dir.path().join(".public.coroner-cache")).unwrap();
    let body = b"## Timeline\n\n- 14:02 UTC deploy started";
    assert!(MESSY.as_bytes().windows(body.len()).any(|w| w == body));
    assert!(!kept.windows(body.len()).any(|w| w == body));
    let (second, hits) = build(&output, &files, &config);
    assert_eq!(hits, 2);
    assert_eq!(shown(&second), shown(&first));
    let fresh: Vec<Loaded> = files.iter().map(|f| load_one(f, &config)).collect();
    assert_eq!(shown(&second), shown(&fresh));
}

#[test]
fn a_changed_file_is_loaded_again_and_a_deleted_one_forgotten() {
    let (_dir, output) = built();
    let config = testing::config();
    let changed = vec![SourceFile::from_text(
        "plain.md",
        "---\ntitle: Renamed\ndate: 2024-05-01\nseverity: SEV2\n---\nBody.\n",
    )];
    let (loaded, _) = build(&output, &changed, &config);
    assert_eq!(loaded[0].incident.as_ref().unwrap().title, "Renamed");
    let cache = opened(&output, &config);
    assert_eq!(cache.len(), 1, "messy.md is gone from the cache");
}

#[test]
fn another_configuration_starts_afresh() {
    let (_dir, output) = built();
    let root = Path::new("/site");
    let other = Config::from_str(
        root,
        &root.join("book.toml"),
        "[infer]\nenabled = false\n",
        &Overrides::default(),
    )
    .unwrap();
    let (loaded, hits) = build(&output, &files(), &other);
    assert_eq!(hits, 0);
    let fresh: Vec<Loaded> = files().iter().map(|f| load_one(f, &other)).collect();
    assert_eq!(shown(&loaded), shown(&fresh));
    assert_ne!(
        shown(&loaded),
        shown(&build(&output, &files(), &testing::config()).0)
    );
}

#[test]
fn a_damaged_cache_is_ignored_and_replaced() {
    let (_dir, output) = built();
    let config = testing::config();
    let path = BuildCache::path_for(&output);
    let bytes = std::fs::read(&path).unwrap();
    for cut in [0, MAGIC.len() + 3, bytes.len() / 2] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let (loaded, hits) = build(&output, &files(), &config);
        assert_eq!(hits, 0, "cut at {cut}");
        assert_eq!(shown(&loaded), shown(&build(&output, &files(), &config).0));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "rewritten whole");
    }
}

#[test]
fn a_cache_with_a_damaged_byte_is_not_read_as_entries() {
    let (_dir, output) = built();
    // Past the header and the configuration, before the short tail of an empty memo and no
    // words: inside the entries.
    let cache = opened_with_flipped_byte(&output, &testing::config(), |b| b.len() - 40);
    assert!(cache.is_empty());
}

#[test]
fn the_search_words_of_a_build_are_kept_with_its_entries() {
    use crate::render::search::Searchable;
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let config = testing::config();
    let mut cache = opened(&output, &config);
    cache.load_all(&files(), &config);
    let words = vec![
        (7, Searchable::of_words(&["checkout", "pool"])),
        (9, Searchable::of_words(&["plain"])),
    ];
    cache.keep_words(words.clone());
    cache.commit();
    let mut next = opened(&output, &config);
    assert_eq!(next.len(), 2);
    assert_eq!(next.take_words(), words);
    // The words are the last part of the file: a damaged byte there empties the whole cache.
    let mut cache = opened_with_flipped_byte(&output, &config, |b| b.len() - 1);
    assert!(cache.is_empty(), "entries are not read without their words");
    assert!(cache.take_words().is_empty());
}

#[test]
fn the_related_incidents_of_a_build_are_kept_with_its_entries() {
    use crate::archive::Archive;
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let config = testing::config();
    let mut cache = opened(&output, &config);
    let incidents = cache
        .load_all(&files(), &config)
        .into_iter()
        .filter_map(|l| l.incident)
        .collect();
    let (archive, _) = Archive::build_with(incidents, &config, Some(cache.related()));
    let kept = format!("{:?}", cache.related());
    assert!(
        kept.matches("Some").count() >= 2,
        "ranked and matched: {kept}"
    );
    cache.commit();
    let mut next = opened(&output, &config);
    assert_eq!(next.len(), 2);
    assert_eq!(format!("{:?}", next.related()), kept);
    let incidents = next
        .load_all(&files(), &config)
        .into_iter()
        .filter_map(|l| l.incident)
        .collect();
    let (again, _) = Archive::build_with(incidents, &config, Some(next.related()));
    assert_eq!(again.related, archive.related);
    // A damaged byte inside the memo empties the whole cache.
    let memo = postcard::to_allocvec(next.related()).unwrap();
    let damaged = opened_with_flipped_byte(&output, &config, |bytes| {
        let at = bytes.windows(memo.len()).position(|w| w == memo.as_slice());
        at.expect("the memo is in the file") + memo.len() / 2
    });
    assert!(
        damaged.is_empty(),
        "entries are not read without their memo"
    );
}

/// Regression: a cache written by an earlier layout was taken for a file coroner did not write,
/// so it was never replaced and no build used a cache again.
#[test]
fn a_cache_of_another_layout_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let config = testing::config();
    let path = BuildCache::path_for(&output);
    std::fs::write(&path, b"coroner cache 1\nolder layout").unwrap();
    let (_, hits) = build(&output, &files(), &config);
    assert_eq!(hits, 0);
    assert!(std::fs::read(&path).unwrap().starts_with(MAGIC));
    assert_eq!(build(&output, &files(), &config).1, 2);
}

#[test]
fn a_file_coroner_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let path = BuildCache::path_for(&output);
    std::fs::write(&path, "notes the author keeps here\n").unwrap();
    let (loaded, hits) = build(&output, &files(), &testing::config());
    assert_eq!((loaded.len(), hits), (2, 0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "notes the author keeps here\n"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no pending cache is left: {names:?}");
}

#[test]
fn a_build_that_does_not_commit_leaves_the_previous_cache() {
    let (dir, output) = built();
    let config = testing::config();
    let before = std::fs::read(BuildCache::path_for(&output)).unwrap();
    let mut cache = opened(&output, &config);
    cache.load_all(&files()[..1], &config);
    drop(cache);
    assert_eq!(
        std::fs::read(BuildCache::path_for(&output)).unwrap(),
        before
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "the pending cache is removed: {names:?}");
}

#[test]
fn a_cache_left_by_a_killed_build_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    // No process has this id: Linux ids stay below 2^22.
    let orphan = dir.path().join(".public.coroner-cache-4999999");
    std::fs::write(&orphan, b"half written").unwrap();
    let unrelated = dir.path().join(".public.coroner-cache-notes");
    std::fs::write(&unrelated, b"kept").unwrap();
    build(&output, &files(), &testing::config());
    assert!(!orphan.exists());
    assert!(unrelated.exists());
}
