//! Builds a site from the whole real corpus (`../shared/corpus/real`) through the library: no
//! panic, a page with a non-empty title for every file, and cause, service and year indexes
//! with terms; and every file loads from the build cache exactly as it loads afresh. Skipped,
//! with a message, when the corpus is absent.
//!
//! A few corpus files carry front-matter values outside coroner's schema (`status: resolved`),
//! which `coroner build` rightly reports as errors; this test renders through the library's
//! stages so that those files still get their pages.

use std::path::{Path, PathBuf};

use coroner::archive::IndexKind;
use coroner::build::load_site;
use coroner::config::Overrides;
use coroner::render::{RenderSettings, render};

/// A site (in a temporary folder) whose content is the real corpus, or `None` when it is absent.
fn corpus_site() -> Option<(PathBuf, tempfile::TempDir)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !corpus.is_dir() {
        println!("skipped: the corpus is not at {}", corpus.display());
        return None;
    }
    let corpus = corpus.canonicalize().unwrap();
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let book = format!(
        "[build]\ncontent_dir = {:?}\noutput_dir = {:?}\n",
        corpus.display().to_string(),
        out.display().to_string()
    );
    std::fs::write(root.path().join("book.toml"), book).unwrap();
    Some((corpus, root))
}

#[test]
fn every_corpus_file_gets_a_titled_page_and_the_indexes_fill() {
    let Some((corpus, root)) = corpus_site() else {
        return;
    };
    let out = root.path().join("out");
    let loaded = load_site(root.path(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    for d in loaded
        .problems
        .iter()
        .filter(|d| d.level == coroner::diagnostic::Level::Error)
    {
        println!("corpus error (expected for foreign schemas): {d}");
    }
    let files = render(
        &loaded.archive,
        &loaded.assets,
        &loaded.config,
        &RenderSettings::default(),
    )
    .unwrap();
    coroner::output::write_site(&out, &files).unwrap();

    let markdown: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert!(markdown.len() >= 41, "{} files", markdown.len());
    let incidents = &loaded.archive.incidents;
    for name in &markdown {
        let inc = incidents
            .iter()
            .find(|i| &i.source == name)
            .unwrap_or_else(|| panic!("{name} has no incident"));
        assert!(!inc.title.trim().is_empty(), "{name} has an empty title");
        let page = out.join("incidents").join(&inc.slug).join("index.html");
        assert!(page.is_file(), "{name}: no page at {}", page.display());
    }
    for kind in [IndexKind::Causes, IndexKind::Services, IndexKind::Years] {
        let index = loaded
            .archive
            .indexes
            .iter()
            .find(|i| i.kind == kind)
            .unwrap();
        assert!(
            !index.terms.is_empty(),
            "the {} index is empty",
            kind.segment()
        );
        let listed: usize = index.terms.iter().map(|t| t.incidents.len()).sum();
        println!(
            "{}: {} terms, {listed} listings",
            kind.segment(),
            index.terms.len()
        );
    }
}

/// Regression guard for the build cache: what a rebuild takes from `.<output>.coroner-cache`
/// must be what loading the file again gives (incident, inferred fields, every problem with its
/// line), on the messiest input there is.
#[test]
fn every_corpus_file_loads_from_the_build_cache_as_it_loads_afresh() {
    use coroner::build_cache::BuildCache;
    use coroner::config::Config;
    use coroner::load_cache::load_one;
    let Some((_corpus, root)) = corpus_site() else {
        return;
    };
    let config = Config::load(root.path(), &Overrides::default()).unwrap();
    let mut problems = coroner::diagnostic::Diagnostics::new();
    let sources = coroner::source::load(root.path(), &config.build.content_dir, &mut problems);
    assert!(sources.files.len() >= 41);
    let out = &config.build.output_dir;
    let mut first = BuildCache::at(out);
    first.read(&config);
    first.load_all(&sources.files, &config);
    first.commit();
    let mut second = BuildCache::at(out);
    second.read(&config);
    assert_eq!(
        second.len(),
        sources.files.len(),
        "every file is in the cache"
    );
    let cached = second.load_all(&sources.files, &config);
    for (file, loaded) in sources.files.iter().zip(&cached) {
        assert_eq!(
            format!("{loaded:#?}"),
            format!("{:#?}", load_one(file, &config)),
            "{}",
            file.rel
        );
    }
}
