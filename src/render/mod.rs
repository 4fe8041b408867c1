//! Rendering: the [`Archive`] becomes a list of in-memory output files (pages, assets, exports).
//! No I/O happens here; writing is [`crate::output`]'s job.

mod actions_page;
mod batches;
mod body;
pub mod cache;
pub mod charts;
mod export;
pub mod feeds;
pub mod hosting;
mod insight_charts;
mod insight_pages;
mod insight_summaries;
pub mod insight_views;
mod metrics;
mod pages;
pub mod search;
pub mod theme;
pub mod views;

use rayon::prelude::*;

use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::insights::Insights;
use crate::source::Asset;

pub use batches::BATCH;
use batches::batches_of;
pub use cache::RenderCache;
pub use feeds::FeedScope;
pub use pages::Pages;

/// One file of the built site, held in memory until the build has fully succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/` separated, e.g. `incidents/x/index.html`.
    pub rel: String,
    /// The file's bytes, shared: a page remembered by `coroner serve` is handed out again
    /// without copying, and an unchanged one is recognized by its address.
    pub bytes: bytes::Bytes,
}

/// Settings of one render that are not site configuration.
#[derive(Debug, Clone, Default)]
pub struct RenderSettings {
    /// HTML inserted before `</body>` of every page (the live-reload script in serve mode).
    pub live_reload_script: String,
    /// The build's "today", for overdue action items (the local date when `None`).
    pub today: Option<jiff::civil::Date>,
}

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A theme file could not be read.
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    /// A template has a syntax error or failed to render.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name, with the file it came from when it is not the embedded one.
        name: String,
        /// Tera's explanation.
        message: String,
    },
}

/// Renders every page and file of the site.
pub fn render(
    archive: &Archive,
    assets: &[Asset],
    config: &Config,
    settings: &RenderSettings,
) -> Result<Vec<OutputFile>, RenderError> {
    render_cached(archive, assets, config, settings, &RenderCache::disabled())
}

/// [`render`], reusing from `cache` the HTML of every row, body and page whose complete input
/// was rendered before (see [`cache`]); the files are the same as [`render`]'s.
pub fn render_cached(
    archive: &Archive,
    assets: &[Asset],
    config: &Config,
    settings: &RenderSettings,
    cache: &RenderCache,
) -> Result<Vec<OutputFile>, RenderError> {
    let mut files = Vec::new();
    // One batch: the files are all kept anyway, and no job waits for a slow one to finish.
    render_batches(
        archive,
        assets,
        config,
        settings,
        cache,
        usize::MAX,
        &mut |batch| {
            files.extend(batch);
            Ok::<(), RenderError>(())
        },
    )?;
    Ok(files)
}

/// Renders every file of the site, handing them to `emit` at most `batch` pages at a time
/// (the same files as [`render_cached`], in batches). Stops at the first error of either.
pub fn render_batches<E: From<RenderError> + Send>(
    archive: &Archive,
    assets: &[Asset],
    config: &Config,
    settings: &RenderSettings,
    cache: &RenderCache,
    batch: usize,
    emit: &mut (dyn FnMut(Vec<OutputFile>) -> Result<(), E> + Send),
) -> Result<(), E> {
    let generation = cache.begin();
    let theme = theme::load(config).map_err(RenderError::from)?;
    // One "today" for the whole render, so a build across midnight stays consistent.
    let today = settings
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let settings = RenderSettings {
        today: Some(today),
        ..settings.clone()
    };
    let insights = config
        .build
        .insights
        .then(|| Insights::compute(archive, today));
    let mut jobs = jobs(archive, config, insights.as_ref());
    let weight = |job: &Job| job.weight(archive, insights.as_ref());
    // The search index is the largest thing a render holds: across several batches it runs
    // after the pages, which are written and gone by then; in a single batch, beside it.
    let one_batch = batches_of(&jobs, batch.max(1), weight).nth(1).is_none();
    let pages = Pages::new(
        archive,
        config,
        &theme,
        &settings,
        insights.as_ref(),
        cache,
        generation,
    )?;
    // After the pages, the index takes the words their jobs read from the parse that renders
    // each body, instead of parsing every body again.
    let pages = if one_batch {
        pages
    } else {
        pages.with_search_words()
    };
    // Paths of every page, for the sitemap, which is written last.
    let mut rels: Vec<String> = Vec::new();
    let mut search_files = None;
    // The archive-wide pages take up to a third of a second each on a large archive: rendered
    // beside the batches rather than in one, they leave no batch waiting on them. They render
    // one after another, each handed on with the first batch written after it is done, so
    // memory holds one of them in the making rather than all three at once.
    let heavy: Vec<Job> = if one_batch {
        Vec::new()
    } else {
        let (heavy, rest) = jobs.into_iter().partition(Job::is_archive_wide);
        jobs = rest;
        heavy
    };
    let heavy_done: std::sync::Mutex<Vec<Result<OutputFile, RenderError>>> =
        std::sync::Mutex::new(Vec::new());
    // Nothing panics while holding the lock, so a poisoned one still holds whole files.
    let slot = || {
        heavy_done
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let take_heavy = || std::mem::take(&mut *slot());
    let (_, batches) = rayon::join(
        || {
            for job in &heavy {
                let file = pages.render(job);
                slot().push(file);
            }
        },
        || -> Result<(), E> {
            // A batch is written while the next one renders, so neither waits on the other:
            // writing is mostly system calls, whose waits the rendering fills.
            let mut pending: Option<Vec<OutputFile>> = None;
            for (n, batch) in batches_of(&jobs, batch.max(1), weight).enumerate() {
                let render = || {
                    batch
                        .par_iter()
                        .map(|job| pages.render(job))
                        .collect::<Result<Vec<_>, _>>()
                };
                let mut rendered = if n == 0 && one_batch {
                    let (rendered, search) = rayon::join(render, || {
                        search::files_cached(archive, config, cache, generation, None)
                    });
                    search_files = Some(search);
                    rendered
                } else {
                    let (rendered, written) =
                        rayon::join(render, || pending.take().map_or(Ok(()), &mut *emit));
                    written?;
                    rendered
                }?;
                for file in take_heavy() {
                    rendered.push(file?);
                }
                rels.extend(rendered.iter().map(|f| f.rel.clone()));
                pending = Some(rendered);
            }
            if let Some(last) = pending {
                emit(last)?;
            }
            Ok(())
        },
    );
    batches?;
    // Whatever finished after the last batch (or all of it, when there were no batches).
    let files = take_heavy().into_iter().collect::<Result<Vec<_>, _>>()?;
    if !files.is_empty() {
        rels.extend(files.iter().map(|f| f.rel.clone()));
        emit(files)?;
    }
    let words = pages.into_search_words();
    let mut files = search_files.unwrap_or_else(|| {
        search::files_cached(archive, config, cache, generation, words.as_deref())
    });
    for file in theme.statics {
        files.push(OutputFile {
            rel: format!("assets/{}", file.name),
            bytes: file.bytes.into(),
        });
    }
    for asset in assets {
        // A bundle's files sit beside its page, so relative image links keep working.
        let owner = asset.rel.match_indices('/').rev().find_map(|(i, _)| {
            let incident = archive.by_source(&format!("{}/index.md", &asset.rel[..i]))?;
            Some((incident, &asset.rel[i + 1..]))
        });
        if let Some((incident, name)) = owner {
            files.push(OutputFile {
                rel: format!("incidents/{}/{name}", incident.slug),
                bytes: asset.bytes.clone().into(),
            });
        }
    }
    files.push(OutputFile {
        rel: ".nojekyll".into(),
        bytes: bytes::Bytes::new(),
    });
    rels.extend(files.iter().map(|f| f.rel.clone()));
    files.extend(hosting::files(&rels, config));
    emit(files)?;
    cache.finish(generation);
    Ok(())
}

impl Job {
    /// Whether the job's page draws on the whole archive at once (every incident or every
    /// action item), so that it alone takes as long as a batch of incident pages.
    fn is_archive_wide(&self) -> bool {
        matches!(self, Job::AllIncidents | Job::Export | Job::Actions)
    }
}

/// Every page and feed of the site, as units of work.
fn jobs(archive: &Archive, config: &Config, insights: Option<&Insights>) -> Vec<Job> {
    let mut jobs: Vec<Job> = vec![
        Job::Home,
        Job::AllIncidents,
        Job::NotFound,
        Job::Export,
        Job::SearchPage,
    ];
    if let Some(insights) = insights {
        jobs.extend([Job::Insights, Job::Actions, Job::Metrics]);
        jobs.extend((0..insights.matrix.cells.len()).map(Job::MatrixCell));
    }
    jobs.extend((0..archive.incidents.len()).map(Job::Incident));
    for kind in IndexKind::ALL {
        jobs.push(Job::Taxonomy(kind));
        jobs.extend((0..archive.index_of(kind).terms.len()).map(|t| Job::Term(kind, t)));
    }
    if feeds_enabled(config) {
        jobs.push(Job::Feed(FeedScope::Archive));
        for kind in feeds::FEED_KINDS {
            let terms = archive.index_of(kind).terms.len();
            jobs.extend((0..terms).map(|t| Job::Feed(FeedScope::Term(kind, t))));
        }
    }
    jobs
}

/// Whether Atom feeds are written: their ids and links must be absolute URLs, so only when
/// `base_url` names a host.
pub fn feeds_enabled(config: &Config) -> bool {
    config.site.base_url.has_origin()
}

/// One unit of rendering work.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    /// `index.html`.
    Home,
    /// `incidents/index.html`.
    AllIncidents,
    /// `404.html`.
    NotFound,
    /// `incidents.json`.
    Export,
    /// One incident's page.
    Incident(usize),
    /// An index page (`causes/index.html`).
    Taxonomy(IndexKind),
    /// One term's page (`causes/dns/index.html`).
    Term(IndexKind, usize),
    /// `search/index.html`.
    SearchPage,
    /// An Atom feed (`feed.xml`, `services/<id>/feed.xml`, `causes/<id>/feed.xml`).
    Feed(FeedScope),
    /// `insights/index.html`.
    Insights,
    /// `actions/index.html`: open action items by owner.
    Actions,
    /// `metrics.json`.
    Metrics,
    /// One service × cause cell's page (`insights/matrix/checkout/dns/index.html`).
    MatrixCell(usize),
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod cache_tests;
