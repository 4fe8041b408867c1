//! Telling browsers to reload: a hub of subscribed event streams, and the server-sent events
//! (SSE) stream each open page keeps with the server.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use super::state::Current;

/// How often an idle stream sends a comment, so a closed tab is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A rebuild succeeded and is being served: reload the page.
    Reload,
    /// A rebuild failed: show this message over the page.
    BuildError(String),
}

impl Message {
    /// The message as one SSE event.
    fn to_sse(&self) -> String {
        match self {
            Message::Reload => "event: reload\ndata: {}\n\n".to_string(),
            // JSON keeps a multi-line message on one `data:` line.
            Message::BuildError(text) => format!(
                "event: build-error\ndata: {}\n\n",
                serde_json::Value::String(text.clone())
            ),
        }
    }
}

/// The open event streams. Owned by the server; a closed stream is dropped on the next send.
#[derive(Debug, Default)]
pub struct Hub {
    subscribers: Mutex<Vec<Sender<Message>>>,
}

impl Hub {
    /// A new subscription, receiving every message broadcast from now on.
    pub fn subscribe(&self) -> Receiver<Message> {
        let (tx, rx) = channel();
        self.lock().push(tx);
        rx
    }

    /// Sends `message` to every open stream.
    pub fn broadcast(&self, message: &Message) {
        self.lock().retain(|tx| tx.send(message.clone()).is_ok());
    }

    /// Ends every stream (at shutdown): their threads see the channel close and return.
    pub fn close(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<Message>>> {
        // The list stays valid even if a sender panicked while holding the lock.
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serves one event stream until the client goes away or the hub closes.
///
/// tiny_http's chunked responses buffer their body, which would hold events back, so the
/// stream writes its own response head on the raw connection and flushes every event.
pub fn stream(request: tiny_http::Request, hub: &Hub, current: &Current) {
    let messages = hub.subscribe();
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Accel-Buffering: no\r\nConnection: close\r\n\r\n";
    // `hello` tells a client (and the tests) that it is subscribed; a page opened while the
    // latest rebuild is broken already shows the error, but a reconnecting one needs it again.
    let mut first = format!("{head}retry: 1000\nevent: hello\ndata: {{}}\n\n");
    if let Some(error) = current.get().error.clone() {
        first.push_str(&Message::BuildError(error).to_sse());
    }
    if send(&mut out, &first).is_err() {
        return;
    }
    loop {
        let text = match messages.recv_timeout(KEEPALIVE) {
            Ok(message) => message.to_sse(),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut out, &text).is_err() {
            return;
        }
    }
}

fn send(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_single_sse_records() {
        assert_eq!(Message::Reload.to_sse(), "event: reload\ndata: {}\n\n");
        let e = Message::BuildError("a.md:3: error\n  = help: x".into()).to_sse();
        assert_eq!(e.matches('\n').count(), 3, "{e}");
        assert!(e.starts_with("event: build-error\ndata: \"a.md:3: error\\n"));
    }

    #[test]
    fn closed_subscribers_are_dropped() {
        let hub = Hub::default();
        let kept = hub.subscribe();
        drop(hub.subscribe());
        hub.broadcast(&Message::Reload);
        assert_eq!(hub.lock().len(), 1);
        assert_eq!(kept.try_recv(), Ok(Message::Reload));
        hub.close();
        assert!(kept.recv().is_err());
    }
}
