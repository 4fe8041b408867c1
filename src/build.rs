//! The build pipeline: load files -> incidents -> archive -> rendered files -> written output.
//! Each stage takes owned values from the one before and never reaches back.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::archive::Archive;
use crate::build_cache::BuildCache;
use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostics;
use crate::incident::Status;
use crate::load_cache::{self, LoadCache};
use crate::render::{self, OutputFile, RenderCache, RenderSettings};
use crate::source::{self, Asset};
use crate::{check, output};

/// What a build needs besides the site's files.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holding `book.toml`).
    pub root: PathBuf,
    /// Values from the command line that win over `book.toml`.
    pub overrides: Overrides,
    /// Settings of the render (live reload, today's date).
    pub render: RenderSettings,
    /// Whether to read and keep the build cache beside the output (see [`BuildCache`]).
    pub cache: bool,
}

/// The archive of a site, with the problems found while reading it.
pub struct Loaded {
    /// The validated configuration.
    pub config: Config,
    /// Every incident of the build, indexed.
    pub archive: Archive,
    /// Files bundled with incidents.
    pub assets: Vec<Asset>,
    /// Every problem found, errors and warnings.
    pub problems: Diagnostics,
    /// How many drafts were left out.
    pub drafts_skipped: usize,
    /// How many postmortems were read (loaded or not).
    pub files_read: usize,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site's files have errors; each is listed.
    #[error("the site has errors:\n{0}")]
    Invalid(Diagnostics),
    /// The theme could not be rendered.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// The output could not be written.
    #[error(transparent)]
    Output(#[from] output::OutputError),
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    /// Incidents built.
    pub incidents: usize,
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Warnings (the build succeeded despite them).
    pub warnings: Diagnostics,
    /// Drafts left out.
    pub drafts_skipped: usize,
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time of each stage, in order: reading, rendering, writing.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Reads the site at `root`: configuration, postmortems, archive. Fails only when the
/// configuration itself is unusable; problems in postmortems are returned with the archive.
pub fn load_site(root: &Path, overrides: &Overrides) -> Result<Loaded, Diagnostics> {
    load_site_with(root, overrides, None)
}

/// [`load_site`], reusing from `cache` every postmortem whose bytes and configuration are
/// unchanged since the last call (for `coroner serve`); the result is the same.
pub fn load_site_cached(
    root: &Path,
    overrides: &Overrides,
    cache: &mut LoadCache,
) -> Result<Loaded, Diagnostics> {
    load_site_with(root, overrides, Some(cache))
}

fn load_site_with(
    root: &Path,
    overrides: &Overrides,
    cache: Option<&mut LoadCache>,
) -> Result<Loaded, Diagnostics> {
    let memo = match cache {
        Some(cache) => Memo::Serve(cache),
        None => Memo::None,
    };
    Ok(load_configured(Config::load(root, overrides)?, memo))
}

/// What a load may reuse from earlier ones.
enum Memo<'a> {
    /// Nothing: every postmortem is loaded.
    None,
    /// `coroner serve`'s memory of its last rebuild (files, loads, related incidents).
    Serve(&'a mut LoadCache),
    /// The loads and related incidents of the last `coroner build`, kept on disk (its search
    /// words go to the render, in [`build`]).
    Disk(&'a mut BuildCache),
}

/// Reads the postmortems and builds the archive of a site whose configuration is loaded.
fn load_configured(config: Config, memo: Memo<'_>) -> Loaded {
    let mut problems = Diagnostics::new();
    let (root, content) = (&config.root, &config.build.content_dir);
    let (sources, results, related) = match memo {
        Memo::Serve(cache) => {
            let sources = source::load_with_memo(root, content, &mut problems, cache.sources());
            let results = cache.load_all(&sources.files, &config);
            (sources, results, Some(cache.related()))
        }
        Memo::Disk(stored) => {
            // The cache is read while the postmortems are: neither needs the other.
            let (sources, ()) = rayon::join(
                || source::load(root, content, &mut problems),
                || stored.read(&config),
            );
            let results = stored.load_all(&sources.files, &config);
            (sources, results, Some(stored.related()))
        }
        Memo::None => {
            let sources = source::load(root, content, &mut problems);
            let results = sources
                .files
                .par_iter()
                .map(|f| load_cache::load_one(f, &config))
                .collect();
            (sources, results, None)
        }
    };
    let mut incidents = Vec::with_capacity(results.len());
    let mut drafts_skipped = 0;
    for r in results {
        problems.extend(r.problems);
        if let Some(incident) = r.incident {
            if incident.status == Status::Draft && !config.build.drafts {
                drafts_skipped += 1;
            } else {
                incidents.push(incident);
            }
        }
    }
    let (archive, mut archive_problems) = Archive::build_with(incidents, &config, related);
    check::locate(&mut archive_problems, &sources.files);
    problems.extend(archive_problems);
    problems.extend(check::archive_problems(&archive, &sources.assets, &config));
    let files_read = sources.files.len();
    Loaded {
        config,
        archive,
        assets: sources.assets,
        problems: problems.sorted(),
        drafts_skipped,
        files_read,
    }
}

/// Renders a loaded site into memory. Fails on any error diagnostic without rendering.
pub fn render_site(
    loaded: &Loaded,
    settings: &RenderSettings,
) -> Result<Vec<OutputFile>, BuildError> {
    render_site_cached(loaded, settings, &RenderCache::disabled())
}

/// [`render_site`], reusing from `cache` what an identical input rendered before (for
/// `coroner serve`); the files are the same.
pub fn render_site_cached(
    loaded: &Loaded,
    settings: &RenderSettings,
    cache: &RenderCache,
) -> Result<Vec<OutputFile>, BuildError> {
    if loaded.problems.has_errors() {
        return Err(BuildError::Invalid(loaded.problems.clone()));
    }
    let files = render::render_cached(
        &loaded.archive,
        &loaded.assets,
        &loaded.config,
        settings,
        cache,
    )?;
    let collisions = check::output_collisions(&files, &loaded.config.build.output_dir);
    if !collisions.is_empty() {
        let mut all = Diagnostics::new();
        all.extend(collisions);
        return Err(BuildError::Invalid(all.sorted()));
    }
    Ok(files)
}

/// Builds the site at `options.root` and writes it, replacing the previous output only when
/// everything succeeded.
///
/// Pages are rendered and written to the staging directory a batch at a time, so memory holds
/// one batch of pages rather than the whole site; any failure removes the staging directory
/// and leaves the previous output as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let config = Config::load(&options.root, &options.overrides).map_err(BuildError::Invalid)?;
    let out = config.build.output_dir.clone();
    output::check_location(&out, &config.root, &config.build.content_dir)?;
    let mut cache = options.cache.then(|| BuildCache::at(&out));
    let memo = match cache.as_mut() {
        Some(cache) => Memo::Disk(cache),
        None => Memo::None,
    };
    // The staging directory is checked and prepared while the postmortems are read: its
    // directory walks would otherwise run alone. Should the site have errors, dropping it
    // leaves the output and the previous build as they were.
    let (loaded, staging) = rayon::join(
        || load_configured(config, memo),
        || output::Staging::begin(&out),
    );
    let read = started.elapsed();
    if loaded.problems.has_errors() {
        return Err(BuildError::Invalid(loaded.problems));
    }
    let mut staging = staging?;
    let out = &out;
    let mut seen: HashSet<String> = HashSet::new();
    let mut collisions = Diagnostics::new();
    let (mut pages, mut files) = (0, 0);
    let mut write = |mut batch: Vec<OutputFile>| -> Result<(), BuildError> {
        files += batch.len();
        batch.retain(|f| {
            if seen.insert(f.rel.clone()) {
                return true;
            }
            collisions.push(check::output_collision(out, &f.rel));
            false
        });
        pages += batch.iter().filter(|f| f.rel.ends_with(".html")).count();
        staging.write(&batch)?;
        Ok(())
    };
    // With the build cache, the render starts from the search words of the last build and
    // leaves this build's for the cache to keep.
    let memo = match cache.as_mut() {
        Some(cache) => RenderCache::with_words(cache.take_words()),
        None => RenderCache::disabled(),
    };
    render::render_batches(
        &loaded.archive,
        &loaded.assets,
        &loaded.config,
        &options.render,
        &memo,
        render::BATCH,
        &mut write,
    )?;
    if !collisions.is_empty() {
        staging.abandon();
        return Err(BuildError::Invalid(collisions.sorted()));
    }
    let rendered = started.elapsed();
    staging.commit()?;
    if let Some(mut cache) = cache {
        cache.keep_words(memo.remembered_words());
        cache.commit();
    }
    let elapsed = started.elapsed();
    let Loaded {
        config,
        archive,
        assets,
        problems,
        drafts_skipped,
        files_read: _,
    } = loaded;
    let incidents = archive.incidents.len();
    let output_dir = config.build.output_dir.clone();
    // Freeing every incident and index takes a tenth of a second at 10,000 incidents: done on
    // the pool, so the report (and the process's exit) need not wait for it.
    rayon::spawn(move || drop((config, archive, assets)));
    Ok(BuildReport {
        incidents,
        pages,
        files,
        warnings: problems,
        drafts_skipped,
        output_dir,
        elapsed,
        stages: vec![
            ("read", read),
            ("render and write", rendered - read),
            ("swap", elapsed - rendered),
        ],
    })
}
