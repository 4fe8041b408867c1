//! The preview's HTTP side (tiny_http): answers every request from the current in-memory
//! snapshot, and hands event-stream requests to [`super::reload`] on their own threads.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response};

use super::reload::{self, Hub};
use super::route::{self, Route};
use super::script;
use super::state::{Current, Lookup, Snapshot};

/// The running HTTP server: one thread accepting requests.
pub struct Http {
    server: Arc<tiny_http::Server>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Http {
    /// Starts answering requests on `listener`.
    pub fn start(
        listener: TcpListener,
        current: Arc<Current>,
        hub: Arc<Hub>,
    ) -> Result<Http, Box<dyn std::error::Error + Send + Sync>> {
        let server = Arc::new(tiny_http::Server::from_listener(listener, None)?);
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = {
            let (server, stopping) = (Arc::clone(&server), Arc::clone(&stopping));
            std::thread::Builder::new()
                .name("coroner-http".into())
                .spawn(move || accept(&server, &stopping, &current, &hub))?
        };
        Ok(Http {
            server,
            stopping,
            thread: Some(thread),
        })
    }

    /// Stops accepting requests and waits for the accepting thread to end.
    pub fn stop(mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept(
    server: &tiny_http::Server,
    stopping: &AtomicBool,
    current: &Arc<Current>,
    hub: &Arc<Hub>,
) {
    loop {
        let request = match server.recv() {
            Ok(request) => request,
            // `recv` fails when unblocked at shutdown, or on one connection's I/O error.
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            Err(_) => continue,
        };
        let snapshot = current.get();
        if !matches!(request.method(), Method::Get | Method::Head) {
            let _ = request.respond(text(405, "only GET and HEAD are supported\n"));
            continue;
        }
        match route::route(request.url(), &snapshot.base) {
            Route::Events => {
                let (current, hub) = (Arc::clone(current), Arc::clone(hub));
                // A stream lasts as long as its page is open, so it gets its own thread.
                let spawned = std::thread::Builder::new()
                    .name("coroner-events".into())
                    .spawn(move || reload::stream(request, &hub, &current));
                drop(spawned);
            }
            Route::Redirect(location) => {
                let _ = request.respond(redirect(&location));
            }
            Route::File { rel, path } => {
                let _ = request.respond(file(&snapshot, &rel, &path));
            }
            Route::NotFound => respond_not_found(request, &snapshot),
        }
    }
}

/// The answer for a file of the site, from one snapshot.
fn file(snapshot: &Snapshot, rel: &str, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    if !snapshot.has_site() {
        return page(503, script::placeholder(&snapshot.base, error_of(snapshot)));
    }
    match snapshot.lookup(rel) {
        Lookup::Found(bytes) => {
            let kind = route::content_type(rel);
            let body = match &snapshot.error {
                Some(error) if kind.starts_with("text/html") => script::with_error(bytes, error),
                _ => bytes.to_vec(),
            };
            respond_bytes(200, kind, body)
        }
        Lookup::Folder => redirect(&format!("{path}/")),
        Lookup::Missing => not_found(snapshot),
    }
}

fn respond_not_found(request: Request, snapshot: &Snapshot) {
    let response = if snapshot.has_site() {
        not_found(snapshot)
    } else {
        text(404, "not found\n")
    };
    let _ = request.respond(response);
}

/// The site's own 404 page (with the error overlay when the latest rebuild failed).
fn not_found(snapshot: &Snapshot) -> Response<std::io::Cursor<Vec<u8>>> {
    match snapshot.files.get("404.html") {
        Some(bytes) => match &snapshot.error {
            Some(error) => page(404, script::with_error(bytes, error)),
            None => page(404, bytes.to_vec()),
        },
        None => text(404, "not found\n"),
    }
}

fn error_of(snapshot: &Snapshot) -> &str {
    snapshot
        .error
        .as_deref()
        .unwrap_or("the site has not been built")
}

fn page(status: u16, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    respond_bytes(status, "text/html; charset=utf-8", body)
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    respond_bytes(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

fn redirect(location: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = text(302, "");
    if let Ok(h) = Header::from_bytes("Location", location) {
        response.add_header(h);
    }
    response
}

fn respond_bytes(status: u16, kind: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body)
        .with_status_code(status)
        // A length header rather than chunks: simpler for every client, and the body is ready.
        .with_chunked_threshold(usize::MAX);
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    response
}
