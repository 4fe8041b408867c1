//! The harness of the `serve` tests: the real binary on a free port in a temporary copy of a
//! fixture site, a plain HTTP client, and a server-sent events reader. Every wait has a deadline.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::common;

pub const DEADLINE: Duration = Duration::from_secs(30);

/// A running `coroner serve` on a copy of a fixture site.
pub struct Serve {
    pub child: Child,
    site: tempfile::TempDir,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The base path, e.g. `/`.
    pub base: String,
    /// stdout and stderr lines, as they come.
    lines: Receiver<String>,
}

impl Serve {
    /// Copies `tests/fixtures/sites/<name>`, lets `edit` change the copy, starts serving it.
    pub fn start(name: &str, edit: impl FnOnce(&Path), extra: &[&str]) -> Serve {
        let site = tempfile::tempdir().expect("temp dir");
        common::copy_dir(&common::fixture(name), site.path());
        edit(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_coroner"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.path())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("coroner starts");
        let (tx, lines) = channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut serve = Serve {
            child,
            site,
            addr: String::new(),
            base: String::new(),
            lines,
        };
        let ready = serve.wait_line("(Ctrl-C to stop)");
        let url = ready
            .split(" at http://")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .expect("ready line has a URL");
        let (addr, path) = url.split_at(url.find('/').expect("URL has a path"));
        serve.addr = addr.to_string();
        serve.base = path.to_string();
        serve
    }

    /// Waits for an output line containing `needle` and returns it.
    pub fn wait_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no line with {needle:?}: {e}"),
            }
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    /// GET `rel` (relative to the base path): status and body.
    pub fn get(&self, rel: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let url = format!("http://{}{}{rel}", self.addr, self.base);
        let mut response = agent.get(&url).call().expect("request answered");
        let body = response.body_mut().read_to_string().expect("UTF-8 body");
        (response.status().as_u16(), body)
    }

    /// The events stream, once the server has confirmed the subscription.
    pub fn events(&self) -> Events {
        let mut events = Events::open(&self.addr, &format!("{}__coroner/events", self.base));
        events.wait("hello");
        events
    }
}

impl Serve {
    /// Asks the server to stop as Ctrl-C does and waits for its exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "SIGINT sent");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("waitable") {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // A clean stop removes the temporary preview folder; SIGKILL is only the fallback.
        if let Ok(None) = self.child.try_wait() {
            let pid = self.child.id().to_string();
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server-sent events stream read over a plain socket, line by line.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(addr: &str, path: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connects");
        stream
            .set_read_timeout(Some(DEADLINE))
            .expect("read timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request sent");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        Events { reader }
    }

    /// The next event's name and data.
    pub fn next(&mut self) -> (String, String) {
        let mut current = String::new();
        // Keep-alive comments reset the socket's read timeout, so the deadline is kept here.
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < DEADLINE, "no event within the deadline");
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("event within the deadline");
            assert!(n > 0, "stream closed while waiting for an event");
            let line = line.trim_end();
            if let Some(event) = line.strip_prefix("event: ") {
                current = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                return (current, data.to_string());
            }
        }
    }

    /// Waits for the next event named `name` and returns its data; other events are skipped.
    pub fn wait(&mut self, name: &str) -> String {
        loop {
            let (event, data) = self.next();
            if event == name {
                return data;
            }
        }
    }
}
