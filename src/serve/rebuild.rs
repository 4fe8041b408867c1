//! One rebuild of the preview: the whole archive built again in memory (no incremental
//! invalidation that could leave a stale index), compared with what is being served, and only
//! the difference written to the serve output directory.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::script;
use super::state::Snapshot;
use crate::build::{self, BuildError};
use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostics;
use crate::load_cache::LoadCache;
use crate::output::{self, Changes};
use crate::render::{OutputFile, RenderCache, RenderSettings};
use crate::url::BaseUrl;

/// Builds the site for the preview, again and again.
#[derive(Debug)]
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    /// `http://127.0.0.1:1111`: replaces base_url's scheme and host; its path is kept.
    origin: String,
    output: PathBuf,
    /// Whether `output` holds one of this server's builds yet (the first is written whole).
    written: bool,
    /// Postmortems loaded by earlier rebuilds, reused while their bytes and the configuration
    /// are unchanged.
    load_cache: LoadCache,
    /// Rows, bodies and pages rendered by earlier rebuilds, by hash of their complete input.
    render_cache: RenderCache,
}

/// A successful rebuild, ready to be published.
#[derive(Debug)]
pub struct Built {
    /// What to serve now.
    pub snapshot: Snapshot,
    /// The configuration it was built with (what to watch, the title).
    pub config: Config,
    /// Incidents in the archive.
    pub incidents: usize,
    /// Files written or removed because their bytes changed.
    pub changed: usize,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// From the start of the rebuild to the files being on disk.
    pub elapsed: Duration,
}

/// A build made in memory and not yet written: [`Rebuilder::publish`] writes it.
pub struct Prepared {
    started: Instant,
    loaded: build::Loaded,
    /// The site's base path.
    base: String,
    files: Vec<OutputFile>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("files", &self.files.len())
            .finish()
    }
}

/// A failed rebuild: nothing was written and the last good build stays served.
#[derive(Debug)]
pub struct Failed {
    /// The errors, one per line group, with file and line.
    pub message: String,
    /// The configuration, when `book.toml` itself was fine (its base path still applies).
    pub config: Option<Box<Config>>,
}

impl Rebuilder {
    /// A rebuilder of the site at `root`, served at `origin`, mirrored into `output`.
    pub fn new(root: PathBuf, overrides: Overrides, origin: String, output: PathBuf) -> Self {
        Self {
            root,
            overrides,
            origin,
            output,
            written: false,
            load_cache: LoadCache::new(),
            render_cache: RenderCache::new(),
        }
    }

    /// Builds the whole site and writes the files that differ from `previous`.
    pub fn rebuild(&mut self, previous: &Snapshot) -> Result<Built, Failed> {
        // Nothing sets `never`: the build always runs to the end.
        let never = AtomicBool::new(false);
        match self.prepare(&never)? {
            Some(prepared) => self.publish(prepared, previous),
            None => Err(Failed {
                message: "the rebuild was cancelled".into(),
                config: None,
            }),
        }
    }

    /// Builds the whole site in memory, writing nothing. Gives `Ok(None)` when `cancel` was set
    /// by the time the sources were loaded (the render is skipped: its input is outdated).
    pub fn prepare(&mut self, cancel: &AtomicBool) -> Result<Option<Prepared>, Failed> {
        let started = Instant::now();
        let mut loaded = build::load_site_cached(&self.root, &self.overrides, &mut self.load_cache)
            .map_err(|problems| Failed {
                message: errors_of(&problems),
                config: None,
            })?;
        if cancel.load(Ordering::Acquire) {
            return Ok(None);
        }
        let fail = |message: String, config: &Config| Failed {
            message,
            config: Some(Box::new(config.clone())),
        };
        if loaded.problems.has_errors() {
            return Err(fail(errors_of(&loaded.problems), &loaded.config));
        }
        let base = loaded.config.site.base_url.path().to_string();
        loaded.config.site.base_url = BaseUrl::parse(&format!("{}{base}", self.origin))
            .map_err(|e| fail(e, &loaded.config))?;
        let settings = RenderSettings {
            live_reload_script: script::tag(&base),
            today: None,
        };
        let files = build::render_site_cached(&loaded, &settings, &self.render_cache).map_err(
            |e| match e {
                BuildError::Invalid(problems) => fail(errors_of(&problems), &loaded.config),
                other => fail(other.to_string(), &loaded.config),
            },
        )?;
        Ok(Some(Prepared {
            started,
            loaded,
            base,
            files,
        }))
    }

    /// Writes the files of a prepared build that differ from `previous`, and gives what to serve.
    pub fn publish(&mut self, prepared: Prepared, previous: &Snapshot) -> Result<Built, Failed> {
        let Prepared {
            started,
            loaded,
            base,
            files,
        } = prepared;
        let changed = self.write(previous, &files).map_err(|e| Failed {
            message: e.to_string(),
            config: Some(Box::new(loaded.config.clone())),
        })?;
        let files: HashMap<String, bytes::Bytes> =
            files.into_par_iter().map(|f| (f.rel, f.bytes)).collect();
        let build::Loaded {
            config,
            archive,
            problems,
            ..
        } = loaded;
        let incidents = archive.incidents.len();
        // Freeing an archive's many small allocations takes milliseconds that the browsers
        // waiting for the reload need not wait through.
        rayon::spawn(move || drop(archive));
        let warnings: Diagnostics = {
            let mut w = Diagnostics::new();
            w.extend(problems.iter().filter(|d| !d.is_error()).cloned());
            w
        };
        Ok(Built {
            snapshot: Snapshot {
                base,
                files: Arc::new(files),
                error: None,
            },
            incidents,
            config,
            changed,
            warnings,
            elapsed: started.elapsed(),
        })
    }

    /// Writes what changed since `previous`; returns how many files were written or removed.
    fn write(
        &mut self,
        previous: &Snapshot,
        files: &[OutputFile],
    ) -> Result<usize, output::OutputError> {
        if !self.written {
            output::write_site(&self.output, files)?;
            self.written = true;
            return Ok(files.len());
        }
        let write: Vec<&OutputFile> = files
            .par_iter()
            .filter(|f| {
                previous
                    .files
                    .get(&f.rel)
                    .is_none_or(|old| !same(old, &f.bytes))
            })
            .collect();
        let all: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        let kept: std::collections::HashSet<&str> = all.iter().copied().collect();
        let remove: Vec<String> = previous
            .files
            .keys()
            .filter(|k| !kept.contains(k.as_str()))
            .cloned()
            .collect();
        let changed = write.len() + remove.len();
        if changed > 0 {
            output::sync_site(&self.output, &Changes { write, remove, all })?;
        }
        Ok(changed)
    }

    /// The site's configuration as it is now, when `book.toml` is valid.
    pub fn config(&self) -> Option<Config> {
        Config::load(&self.root, &self.overrides).ok()
    }

    /// Where the preview's files are written.
    pub fn output(&self) -> &std::path::Path {
        &self.output
    }

    /// Whether the output directory holds a build of this server (and so may be cleaned up).
    pub fn has_written(&self) -> bool {
        self.written
    }
}

/// The errors of a failed build, as the terminal and the overlay show them (warnings left out).
fn errors_of(problems: &Diagnostics) -> String {
    let errors: Vec<String> = problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    if errors.is_empty() {
        "the site has errors".to_string()
    } else {
        errors.join("\n")
    }
}

/// Whether two files have the same bytes; a page remembered from the last rebuild is the very
/// same buffer, recognized without comparing its bytes.
fn same(a: &bytes::Bytes, b: &bytes::Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}
