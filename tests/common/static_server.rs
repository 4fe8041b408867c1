//! A tiny static file server for browser tests: serves a built site under a path prefix on
//! 127.0.0.1, one thread per connection, `Connection: close`, 404.html for missing files.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A server running in the background until dropped.
pub struct StaticServer {
    /// The port it listens on.
    pub port: u16,
    stop: Arc<AtomicBool>,
}

/// Binds a port now (so the site can be built for it) and serves `root` under `prefix`
/// (e.g. `/incidents/`) once [`Bound::serve`] is called.
pub struct Bound {
    listener: TcpListener,
}

impl Bound {
    /// Binds 127.0.0.1 on a free port.
    pub fn new() -> Bound {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        Bound { listener }
    }

    /// Binds 127.0.0.1 on `port` (for a site built for that port).
    pub fn at(port: u16) -> Bound {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind 127.0.0.1:port");
        Bound { listener }
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().expect("bound address").port()
    }

    /// Starts serving.
    pub fn serve(self, root: PathBuf, prefix: &'static str) -> StaticServer {
        let port = self.port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            for stream in self.listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || {
                    let _ = respond(stream, &root, prefix);
                });
            }
        });
        StaticServer { port, stop }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn respond(stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let file = path
        .strip_prefix(prefix)
        .filter(|rest| !rest.split('/').any(|s| s == ".."))
        .map(|rest| {
            let mut file = root.join(rest);
            if file.is_dir() {
                file.push("index.html");
            }
            file
        })
        .filter(|f| f.is_file());
    let (status, file) = match file {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(&body)?;
    out.flush()
}
