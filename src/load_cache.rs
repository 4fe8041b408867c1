//! Memoized loading for `coroner serve`: a postmortem whose bytes did not change since the last
//! rebuild is not parsed again. [`crate::load::load`] and the per-file checks are pure functions
//! of the [`SourceFile`] and the [`Config`], so an entry is reused only when both are identical
//! (compared byte for byte, not hashed): a hit gives exactly what loading again would.

use std::collections::HashMap;

use crate::config::Config;
use crate::source::SourceFile;
use crate::{check, load};

/// Loaded files of the previous rebuild, by source path. Owned by the serve rebuilder and lent
/// to each load; `coroner build` and `coroner check` do not use one.
#[derive(Default)]
pub struct LoadCache {
    /// The `Debug` text of the configuration the entries were loaded with: every field, so
    /// any change to `book.toml`, an override or a taxonomy file empties the cache.
    config: String,
    entries: HashMap<String, Entry>,
    /// Related incidents of the last archive, keyed on everything that ranks them.
    related: crate::archive::RelatedMemo,
    /// The files of the last load, so unchanged ones need not be read again.
    sources: crate::source::SourceMemo,
}

struct Entry {
    /// The source exactly as it was loaded (path, text, bundle flag, normalization).
    source: SourceFile,
    loaded: load::Loaded,
}

impl std::fmt::Debug for LoadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadCache")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl LoadCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The memo of related incidents, for [`crate::archive::Archive::build_with`].
    pub fn related(&mut self) -> &mut crate::archive::RelatedMemo {
        &mut self.related
    }

    /// The files of the last load, for [`crate::source::load_with_memo`].
    pub fn sources(&mut self) -> &mut crate::source::SourceMemo {
        &mut self.sources
    }

    /// How many files are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Loads every file, reusing the result of an identical file under an identical
    /// configuration; afterwards the cache holds exactly these files (deleted ones are dropped).
    pub fn load_all(&mut self, files: &[SourceFile], config: &Config) -> Vec<load::Loaded> {
        use rayon::prelude::*;
        let current = fingerprint(config);
        if current != self.config {
            self.entries.clear();
            self.config = current;
        }
        let mut old = std::mem::take(&mut self.entries);
        let results: Vec<(load::Loaded, bool)> = files
            .par_iter()
            .map(|f| match old.get(&f.rel) {
                Some(e) if same_source(&e.source, f) => (e.loaded.clone(), true),
                _ => (load_one(f, config), false),
            })
            .collect();
        // Hits move their entry over; only new or changed files are copied into the cache.
        let mut next = HashMap::with_capacity(files.len());
        for (f, (loaded, hit)) in files.iter().zip(&results) {
            let entry = match old.remove(&f.rel) {
                Some(e) if *hit => e,
                _ => Entry {
                    source: f.clone(),
                    loaded: loaded.clone(),
                },
            };
            next.insert(f.rel.clone(), entry);
        }
        self.entries = next;
        results.into_iter().map(|(l, _)| l).collect()
    }
}

/// Everything about the configuration that loading can depend on: all of it, every field of
/// its `Debug` text, so that no field can be left out of a comparison.
pub fn fingerprint(config: &Config) -> String {
    format!("{config:?}")
}

/// Loads one file and runs the checks that need only that file (what `load_site` does).
pub fn load_one(source: &SourceFile, config: &Config) -> load::Loaded {
    let mut r = load::load(source, config);
    if let Some(incident) = &r.incident {
        r.problems
            .extend(check::incident_problems(incident, source, config));
    }
    r
}

/// Whether two reads of a file are the same input to loading: every field is compared.
fn same_source(a: &SourceFile, b: &SourceFile) -> bool {
    // Destructured so that a field added to `SourceFile` cannot be left out of the comparison.
    let SourceFile {
        rel,
        display,
        text,
        is_bundle,
        normalized,
    } = a;
    *rel == b.rel
        && *display == b.display
        && *is_bundle == b.is_bundle
        && *normalized == b.normalized
        // A file the source memo kept is the very same text: no need to compare its bytes.
        && (std::sync::Arc::ptr_eq(text, &b.text) || *text == b.text)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Overrides;

    fn config(book: &str) -> Config {
        let root = Path::new("/site");
        Config::from_str(root, &root.join("book.toml"), book, &Overrides::default())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn title(loaded: &[load::Loaded]) -> String {
        loaded[0]
            .incident
            .as_ref()
            .map(|i| i.title.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_changed_body_is_loaded_again() {
        let config = config("");
        let mut cache = LoadCache::new();
        let a = SourceFile::from_text("a.md", "---\ntitle: First title\n---\nBody.\n");
        assert_eq!(title(&cache.load_all(&[a], &config)), "First title");
        let b = SourceFile::from_text("a.md", "---\ntitle: Second title\n---\nBody.\n");
        assert_eq!(
            title(&cache.load_all(std::slice::from_ref(&b), &config)),
            "Second title"
        );
        assert_eq!(title(&cache.load_all(&[b], &config)), "Second title");
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn changed_flags_are_loaded_again() {
        let config = config("");
        let mut cache = LoadCache::new();
        let plain = SourceFile::from_text("x/index.md", "# X\n");
        let slug = |l: &[load::Loaded]| l[0].incident.as_ref().map(|i| i.slug.clone());
        assert_eq!(
            slug(&cache.load_all(std::slice::from_ref(&plain), &config)).as_deref(),
            Some("index")
        );
        let bundle = SourceFile {
            is_bundle: true,
            ..plain
        };
        assert_eq!(
            slug(&cache.load_all(&[bundle], &config)).as_deref(),
            Some("x")
        );
    }

    const CUSTOM: &str = "[[taxonomy.severities]]\nid = \"P1\"\nlabel = \"Critical\"\n";

    #[test]
    fn a_changed_configuration_loads_everything_again() {
        let mut cache = LoadCache::new();
        let a = SourceFile::from_text("a.md", "---\ntitle: A\nseverity: Critical\n---\nBody.\n");
        let plain = cache.load_all(std::slice::from_ref(&a), &config(""));
        let custom = config(CUSTOM);
        let mapped = cache.load_all(std::slice::from_ref(&a), &custom);
        let severity = |l: &[load::Loaded]| l[0].incident.as_ref().and_then(|i| i.severity.clone());
        assert_ne!(severity(&plain), severity(&mapped));
        assert_eq!(severity(&mapped), severity(&[load_one(&a, &custom)]));
    }

    #[test]
    fn deleted_files_are_forgotten() {
        let config = config("");
        let mut cache = LoadCache::new();
        cache.load_all(
            &[
                SourceFile::from_text("a.md", "# A\n"),
                SourceFile::from_text("b.md", "# B\n"),
            ],
            &config,
        );
        assert_eq!(cache.len(), 2);
        cache.load_all(&[SourceFile::from_text("b.md", "# B\n")], &config);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn related_incidents_follow_a_changed_cause() {
        use crate::archive::{Archive, RelatedMemo};
        let config = config("");
        let incidents = |b: &str| -> Vec<crate::incident::Incident> {
            [
                ("a.md", "---\ntitle: A\ncauses: [dns]\n---\nBody.\n"),
                ("b.md", b),
            ]
            .iter()
            .filter_map(|(rel, text)| load_one(&SourceFile::from_text(rel, text), &config).incident)
            .collect()
        };
        let mut memo = RelatedMemo::default();
        let mut related = |b: &str| {
            let cached = Archive::build_with(incidents(b), &config, Some(&mut memo)).0;
            let fresh = Archive::build(incidents(b), &config).0;
            assert_eq!(cached.related, fresh.related);
            cached.related
        };
        let same = "---\ntitle: B\ncauses: [dns]\n---\nBody.\n";
        assert!(related(same).iter().all(|r| r.len() == 1));
        assert!(
            related(&same.replace("title: B", "title: C"))
                .iter()
                .all(|r| r.len() == 1)
        );
        let other = same.replace("[dns]", "[capacity]");
        assert!(related(&other).iter().all(Vec::is_empty));
    }
}
