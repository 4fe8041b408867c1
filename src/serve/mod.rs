//! `serve`: the live preview. Builds the site, serves it over HTTP from memory, watches its
//! sources, rebuilds the whole archive on every change, writes the files that changed, and only
//! then tells open pages to reload. This module owns all of the preview's state; it never
//! prints, and reports progress to its caller as [`Event`]s.

mod http;
mod rebuild;
mod reload;
mod route;
mod script;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostics;
use crate::output::{self, OutputError};

use rebuild::{Built, Failed, Rebuilder};
use reload::{Hub, Message};
use state::{Current, Snapshot};
use watch::{Signal, Watcher};

pub use route::EVENTS;

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (holding `book.toml`).
    pub root: PathBuf,
    /// Whether drafts are built.
    pub drafts: bool,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 lets the system choose a free one.
    pub port: u16,
    /// Where the preview's files are written; `None` for a temporary folder removed at exit.
    pub output: Option<PathBuf>,
}

/// Progress of the preview, for the caller to show.
#[derive(Debug)]
pub enum Event {
    /// The first build is done (or failed) and requests are being answered.
    Ready {
        /// The site's title.
        title: String,
        /// The URL of the site's home page.
        url: String,
        /// Where the preview's files are written.
        output: PathBuf,
    },
    /// A build succeeded and is being served.
    Rebuilt {
        /// Whether this was the first build (everything was written).
        first: bool,
        /// Incidents in the archive.
        incidents: usize,
        /// Files written or removed.
        changed: usize,
        /// From the start of the rebuild to its files being on disk.
        elapsed: Duration,
    },
    /// The warnings of the latest build, when they differ from the previous build's.
    Warnings(Diagnostics),
    /// A build failed; the last good build, if any, is still served with the errors over it.
    Failed {
        /// The errors, with file and line.
        message: String,
        /// Whether a good build is being served (false until the first build succeeds).
        last_good: bool,
    },
    /// The file watcher reported a problem; changes may be missed.
    WatchFailed(String),
}

/// Why the preview could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Another program listens on the address.
    #[error("{0} is already in use")]
    AddrInUse(SocketAddr),
    /// The address could not be listened on for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The HTTP server could not start.
    #[error("cannot start the HTTP server: {0}")]
    Http(String),
    /// The site's files cannot be watched.
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    /// The output directory cannot be used.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Stops a running [`Server`] from another thread (a Ctrl-C handler).
#[derive(Debug, Clone)]
pub struct Stopper(Sender<Signal>);

impl Stopper {
    /// Asks the server to stop; [`Server::run`] returns once it has.
    pub fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

/// A preview server bound to its address, not yet building or answering.
pub struct Server {
    root: PathBuf,
    /// Bound in [`Server::bind`]; moved to the HTTP thread once the first build is served.
    listener: Option<TcpListener>,
    origin: String,
    rebuilder: Rebuilder,
    keep_output: bool,
    signals: (Sender<Signal>, Receiver<Signal>),
    current: Arc<Current>,
    hub: Arc<Hub>,
    /// The warnings last reported, so unchanged ones are not repeated after every save.
    warnings: Option<Diagnostics>,
}

impl Server {
    /// Binds the address; fails at once when the port is taken.
    pub fn bind(options: ServeOptions) -> Result<Server, ServeError> {
        let root = std::fs::canonicalize(&options.root).unwrap_or(options.root.clone());
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = TcpListener::bind(addr).map_err(|source| match source.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::AddrInUse(addr),
            _ => ServeError::Bind { addr, source },
        })?;
        let local = listener
            .local_addr()
            .map_err(|source| ServeError::Bind { addr, source })?;
        let overrides = Overrides {
            drafts: options.drafts,
            ..Overrides::default()
        };
        let keep_output = options.output.is_some();
        let output = match options.output {
            Some(dir) => {
                let dir = std::path::absolute(&dir).unwrap_or(dir);
                if let Ok(config) = Config::load(&root, &overrides) {
                    output::check_location(&dir, &root, &config.build.content_dir)?;
                }
                dir
            }
            None => std::env::temp_dir().join(format!("coroner-serve-{}", std::process::id())),
        };
        let origin = format!("http://{}", browsable(local));
        Ok(Server {
            rebuilder: Rebuilder::new(root.clone(), overrides, origin.clone(), output),
            root,
            listener: Some(listener),
            origin,
            keep_output,
            signals: channel(),
            current: Arc::new(Current::default()),
            hub: Arc::new(Hub::default()),
            warnings: None,
        })
    }

    /// A handle that stops the server.
    pub fn stopper(&self) -> Stopper {
        Stopper(self.signals.0.clone())
    }

    /// Builds, serves, and rebuilds on every change until stopped; then removes the temporary
    /// output folder (a folder given by the caller is kept).
    pub fn run(mut self, mut on_event: impl FnMut(Event)) -> Result<(), ServeError> {
        let mut watcher = Watcher::new(self.signals.0.clone(), self.rebuilder.output().into())?;
        // Watch before the first build, so a save during it (seconds for a large archive)
        // queues a rebuild instead of being missed.
        if let Err(e) = watcher.update(&self.root, self.rebuilder.config().as_ref()) {
            on_event(Event::WatchFailed(e.to_string()));
        }
        let first = self.rebuilder.rebuild(&Snapshot::default());
        let title = match &first {
            Ok(built) => built.config.site.title.clone(),
            Err(Failed {
                config: Some(c), ..
            }) => c.site.title.clone(),
            Err(_) => self.root.display().to_string(),
        };
        self.apply(first, &mut watcher, &mut on_event);
        let listener = self
            .listener
            .take()
            .ok_or_else(|| ServeError::Http("the server was already started".into()))?;
        let http = http::Http::start(listener, Arc::clone(&self.current), Arc::clone(&self.hub))
            .map_err(|e| ServeError::Http(e.to_string()))?;
        on_event(Event::Ready {
            title,
            url: format!("{}{}", self.origin, self.current.get().base),
            output: self.rebuilder.output().to_path_buf(),
        });
        while let Ok(signal) = self.signals.1.recv() {
            let removal = match signal {
                Signal::Stop => break,
                Signal::WatchError(e) => {
                    on_event(Event::WatchFailed(e));
                    continue;
                }
                Signal::Changed { path, removal } if watcher.concerns_site(&path) => removal,
                Signal::Changed { .. } => continue,
            };
            let Some(result) = self.rebuild_after(removal) else {
                break;
            };
            self.apply(result, &mut watcher, &mut on_event);
        }
        self.hub.close();
        http.stop();
        if !self.keep_output && self.rebuilder.has_written() {
            output::remove_site(self.rebuilder.output())?;
        }
        Ok(())
    }

    /// Rebuilds after a burst of changes that began with one (`removal` when a file
    /// disappeared); `None` when a stop was requested meanwhile.
    ///
    /// After a write, the rebuild starts as soon as the save looks complete ([`watch::LULL`]),
    /// beside the rest of the quiet time that ends a burst, and is written and served only if
    /// nothing changed until both were over. Otherwise it is dropped unwritten (cut short after
    /// loading when it can be) and the site is built again once the burst has settled, as
    /// after a removal, whose quiet time is longer.
    fn rebuild_after(&mut self, removal: bool) -> Option<Result<Built, Failed>> {
        let signals = &self.signals.1;
        // Every wait below is bounded by the burst's own start, so a burst that never pauses
        // delays its rebuild by `MAX_WAIT` at most, as with a plain settle.
        let burst = std::time::Instant::now();
        let mut removal = removal;
        if !removal {
            removal = watch::lull(signals, burst)?;
        }
        if !removal && burst.elapsed() < watch::MAX_WAIT {
            let cancel = AtomicBool::new(false);
            let rebuilder = &mut self.rebuilder;
            let (prepared, beside) = std::thread::scope(|s| {
                let job = s.spawn(|| rebuilder.prepare(&cancel));
                let beside =
                    watch::beside(signals, watch::QUIET - watch::LULL, || job.is_finished());
                if beside != watch::Beside::Quiet {
                    cancel.store(true, Ordering::Release);
                }
                let prepared = job
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (prepared, beside)
            });
            match beside {
                watch::Beside::Quiet => {
                    return Some(match prepared {
                        Ok(Some(prepared)) => self.rebuilder.publish(prepared, &self.current.get()),
                        Ok(None) => self.rebuilder.rebuild(&self.current.get()),
                        Err(failed) => Err(failed),
                    });
                }
                watch::Beside::Stop => return None,
                watch::Beside::Changed { removal: r } => removal = r,
            }
        }
        if !watch::settle(removal, signals, burst) {
            return None;
        }
        Some(self.rebuilder.rebuild(&self.current.get()))
    }

    /// Publishes a rebuild's result, tells open pages, and reports it.
    fn apply(
        &mut self,
        result: Result<Built, Failed>,
        watcher: &mut Watcher,
        on_event: &mut impl FnMut(Event),
    ) {
        let previous = self.current.get();
        let config = match result {
            Ok(built) => {
                let cleared = previous.error.is_some();
                // The files are on disk already: publish, then tell pages to reload.
                self.current.publish(built.snapshot);
                if built.changed > 0 || cleared {
                    self.hub.broadcast(&Message::Reload);
                }
                if self.warnings.as_ref() != Some(&built.warnings) {
                    if !built.warnings.is_empty() {
                        on_event(Event::Warnings(built.warnings.clone()));
                    }
                    self.warnings = Some(built.warnings);
                }
                on_event(Event::Rebuilt {
                    first: !previous.has_site(),
                    incidents: built.incidents,
                    changed: built.changed,
                    elapsed: built.elapsed,
                });
                Some(built.config)
            }
            Err(failed) => {
                let mut snapshot = previous.with_error(Some(failed.message.clone()));
                if let (false, Some(c)) = (previous.has_site(), &failed.config) {
                    snapshot.base = c.site.base_url.path().to_string();
                }
                if snapshot.base.is_empty() {
                    snapshot.base = "/".into();
                }
                self.current.publish(snapshot);
                self.hub
                    .broadcast(&Message::BuildError(failed.message.clone()));
                on_event(Event::Failed {
                    message: failed.message,
                    last_good: previous.has_site(),
                });
                failed.config.map(|c| *c)
            }
        };
        if let Err(e) = watcher.update(&self.root, config.as_ref()) {
            on_event(Event::WatchFailed(e.to_string()));
        }
    }
}

/// The address to put in URLs: an unspecified bind address (`0.0.0.0`) is reached locally.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], addr.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    }
}
