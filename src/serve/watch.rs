//! Watching the site's sources (content, theme folders, `book.toml`) with notify, and settling
//! bursts of file events into one rebuild.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::{CONFIG_FILE, Config};

/// Quiet time that ends a burst: an editor's save is a few events within a millisecond or two.
pub const QUIET: Duration = Duration::from_millis(20);
/// Quiet time after a file disappeared: editors that save by moving the old file away first
/// recreate it moments later, and a rebuild in between would drop the page for one reload.
const QUIET_AFTER_REMOVAL: Duration = Duration::from_millis(150);
/// Quiet time after which a save is taken as probably complete and a rebuild starts beside
/// the rest of [`QUIET`]; it is kept only if nothing changes until both are over.
pub const LULL: Duration = Duration::from_millis(3);
/// The longest a burst is allowed to delay a rebuild (a checkout of thousands of files).
pub const MAX_WAIT: Duration = Duration::from_secs(3);

/// What the serve loop receives: file changes from the watcher, or a request to stop.
#[derive(Debug)]
pub enum Signal {
    /// A watched file changed; `removal` when it was deleted or moved away.
    Changed {
        /// The file.
        path: PathBuf,
        /// Whether it disappeared.
        removal: bool,
    },
    /// The watcher itself failed (e.g. too many watches).
    WatchError(String),
    /// Stop serving (Ctrl-C).
    Stop,
}

/// The notify watcher and the folders it currently watches.
pub struct Watcher {
    inner: RecommendedWatcher,
    /// Where changes go; [`Watcher::update`] also sends one for a folder that appeared.
    signals: Sender<Signal>,
    /// Watched folders with the inode they had, so a folder deleted and recreated is re-watched.
    watched: HashMap<PathBuf, u64>,
    /// The site root and the source folders (watched or not yet created).
    root: PathBuf,
    sources: Vec<PathBuf>,
}

impl Watcher {
    /// A watcher sending relevant changes to `signals`, ignoring everything under `output`.
    pub fn new(signals: Sender<Signal>, output: PathBuf) -> notify::Result<Watcher> {
        let sender = signals.clone();
        let inner = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let event = match res {
                Ok(event) => event,
                Err(e) => {
                    let _ = signals.send(Signal::WatchError(e.to_string()));
                    return;
                }
            };
            let Some(removal) = relevance(&event.kind) else {
                return;
            };
            for path in event.paths {
                if !path.starts_with(&output) && !is_editor_noise(&path) {
                    let _ = signals.send(Signal::Changed { path, removal });
                }
            }
        })?;
        Ok(Watcher {
            inner,
            signals: sender,
            watched: HashMap::new(),
            root: PathBuf::new(),
            sources: Vec::new(),
        })
    }

    /// Watches what the site's sources are now: called after every build, because `book.toml`
    /// can move the content directory or switch themes, and folders can appear.
    pub fn update(&mut self, root: &Path, config: Option<&Config>) -> notify::Result<()> {
        // The first update, before the first build, finds nothing new: the build reads it all.
        let primed = !self.sources.is_empty();
        let content = config.map_or_else(|| root.join("content"), |c| c.build.content_dir.clone());
        self.root = root.to_path_buf();
        self.sources = vec![
            content,
            root.join("templates"),
            root.join("static"),
            root.join("themes"),
        ];
        let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
        targets.extend(
            self.sources
                .iter()
                .map(|d| (d.clone(), RecursiveMode::Recursive)),
        );
        for (dir, mode) in targets {
            let Ok(meta) = std::fs::metadata(&dir) else {
                // Gone: the root's own watch reports it coming back.
                self.watched.remove(&dir);
                continue;
            };
            if self.watched.get(&dir) == Some(&meta.ino()) {
                continue;
            }
            let _ = self.inner.unwatch(&dir);
            self.inner.watch(&dir, mode)?;
            // A folder that appeared since the last build (`mkdir templates`, then a file
            // written into it) may have been filled before this watch existed: nothing would
            // report that file, so it is taken as a change, and the site is built again.
            if primed && dir != self.root {
                let _ = self.signals.send(Signal::Changed {
                    path: dir.clone(),
                    removal: false,
                });
            }
            self.watched.insert(dir, meta.ino());
        }
        Ok(())
    }
}

impl Watcher {
    /// Whether a change at `path` concerns the site: `book.toml`, or anything in (or being) a
    /// source folder. The root is watched only to see these appear.
    pub fn concerns_site(&self, path: &Path) -> bool {
        path == self.root.join(CONFIG_FILE) || self.sources.iter().any(|s| path.starts_with(s))
    }
}

/// Whether an event kind can change the site, and whether it is a removal; `None` to ignore.
/// Reads (`Access`) are ignored: coroner's own rebuild reads every file.
fn relevance(kind: &EventKind) -> Option<bool> {
    match kind {
        EventKind::Access(_) => None,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => Some(true),
        _ => Some(false),
    }
}

/// Files editors write beside the real one (swap, backup, probe files), and coroner's own
/// staging folders; hidden files are not sources either.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name == "4913"
}

/// Waits for a burst of changes that began with a change at `started` to end, or for the
/// burst to have lasted [`MAX_WAIT`]. Returns `false` when a stop was requested meanwhile.
pub fn settle(first_removal: bool, signals: &Receiver<Signal>, started: Instant) -> bool {
    let mut quiet = if first_removal {
        QUIET_AFTER_REMOVAL
    } else {
        QUIET
    };
    loop {
        let left = MAX_WAIT.saturating_sub(started.elapsed());
        if left.is_zero() {
            return true;
        }
        match signals.recv_timeout(quiet.min(left)) {
            Ok(Signal::Changed { removal, .. }) => {
                quiet = if removal { QUIET_AFTER_REMOVAL } else { QUIET };
            }
            Ok(Signal::WatchError(_)) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

/// How the wait beside a rebuild ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// Nothing changed until the quiet time was over and the rebuild done: it can be used.
    Quiet,
    /// A file changed meanwhile (`removal` when it disappeared): the rebuild is outdated.
    Changed {
        /// Whether the change was a removal.
        removal: bool,
    },
    /// Stop serving.
    Stop,
}

/// Waits for [`LULL`] without a change, the sign that a save is complete, or for the burst
/// that began at `started` to have lasted [`MAX_WAIT`]. Gives `None` when a stop was
/// requested, else whether a removal came meanwhile (the caller then waits out the longer
/// quiet time of a removal instead).
pub fn lull(signals: &Receiver<Signal>, started: Instant) -> Option<bool> {
    loop {
        match signals.recv_timeout(LULL) {
            Ok(Signal::Changed { removal: true, .. }) => return Some(true),
            Ok(Signal::Changed { .. }) if started.elapsed() >= MAX_WAIT => return Some(false),
            Ok(Signal::Changed { .. } | Signal::WatchError(_)) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(false),
        }
    }
}

/// Waits until `quiet` has passed without a change and `done` says the rebuild started
/// beside this wait has finished, or until something changes.
pub fn beside(signals: &Receiver<Signal>, quiet: Duration, done: impl Fn() -> bool) -> Beside {
    let started = Instant::now();
    // How often a finished rebuild is noticed once the quiet time is over.
    let poll = Duration::from_millis(1);
    loop {
        let wait = quiet.saturating_sub(started.elapsed()).max(poll);
        match signals.recv_timeout(wait) {
            Ok(Signal::Changed { removal, .. }) => return Beside::Changed { removal },
            Ok(Signal::WatchError(_)) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Beside::Stop,
            Err(RecvTimeoutError::Timeout) => {
                if started.elapsed() >= quiet && done() {
                    return Beside::Quiet;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_editor_files_are_ignored() {
        use notify::event::AccessKind;
        assert_eq!(relevance(&EventKind::Access(AccessKind::Any)), None);
        assert_eq!(
            relevance(&EventKind::Remove(notify::event::RemoveKind::File)),
            Some(true)
        );
        assert!(is_editor_noise(Path::new("c/.x.md.swp")));
        assert!(is_editor_noise(Path::new("c/x.md~")));
        assert!(!is_editor_noise(Path::new("c/x.md")));
    }

    #[test]
    fn a_source_folder_that_appears_later_is_a_change() {
        // Bug guarded: `mkdir templates` and a template written into it at once. The rebuild
        // for the folder could run before the file existed, and the file, written before the
        // folder was watched, was never reported: the preview kept the site without it.
        let site = tempfile::tempdir().expect("temp dir");
        let root = site.path();
        std::fs::create_dir(root.join("content")).expect("mkdir");
        let (tx, rx) = std::sync::mpsc::channel();
        let mut w = Watcher::new(tx, root.join("public")).expect("watcher");
        w.update(root, None).expect("watch");
        let at_start: Vec<PathBuf> = rx.try_iter().filter_map(changed).collect();
        assert_eq!(
            at_start,
            Vec::<PathBuf>::new(),
            "nothing is new at the start"
        );
        std::fs::create_dir(root.join("templates")).expect("mkdir");
        std::fs::write(root.join("templates/404.html"), "x").expect("write");
        // What notify reports (the folder's creation, seen by the root's watch) is the change
        // the rebuild answers; it is taken off the queue here, as that rebuild would.
        std::thread::sleep(Duration::from_millis(100));
        let _ = rx.try_iter().count();
        // The rebuild is over and the new folder gets its watch: that is a change of its own.
        w.update(root, None).expect("watch");
        let new: Vec<PathBuf> = rx.try_iter().filter_map(changed).collect();
        assert_eq!(new, [root.join("templates")]);
        // Watched now, and nothing changed since: another update sends nothing.
        w.update(root, None).expect("watch");
        let after: Vec<PathBuf> = rx.try_iter().filter_map(changed).collect();
        assert_eq!(after, Vec::<PathBuf>::new(), "a watched folder is not new");
    }

    fn changed(s: Signal) -> Option<PathBuf> {
        match s {
            Signal::Changed { path, .. } => Some(path),
            _ => None,
        }
    }

    #[test]
    fn only_sources_at_the_root_matter() {
        let (tx, _rx) = std::sync::mpsc::channel();
        let mut w = Watcher::new(tx, PathBuf::from("/nonexistent-site/public")).expect("watcher");
        let root = Path::new("/nonexistent-site");
        w.update(root, None).expect("nothing to watch");
        assert!(w.concerns_site(&root.join("book.toml")));
        assert!(w.concerns_site(&root.join("content")));
        assert!(w.concerns_site(&root.join("content/a.md")));
        assert!(!w.concerns_site(&root.join("README.md")));
        assert!(!w.concerns_site(&root.join("public")));
    }
}
