//! The site as the preview server currently shows it: one immutable snapshot, replaced whole.
//!
//! A request takes the current snapshot once and answers from it, so it sees either the whole
//! previous build or the whole new one, never a mix; and a snapshot is published only after its
//! files are on disk, so a browser told to reload never finds a page missing.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One built state of the site, with the error of the latest rebuild when it failed.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The path the site is served under, e.g. `/incidents/`.
    pub base: String,
    /// Every file of the last good build, by path relative to the output root.
    pub files: Arc<HashMap<String, bytes::Bytes>>,
    /// Why the latest rebuild failed, shown over the last good pages; `None` when it succeeded.
    pub error: Option<String>,
}

/// The answer to a file lookup.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The file's bytes.
    Found(&'a [u8]),
    /// The path names a folder: send the browser to `path/`, as a static host would.
    Folder,
    /// No such file.
    Missing,
}

impl Snapshot {
    /// Finds `rel` (a path from [`super::route::route`]) in the snapshot.
    pub fn lookup(&self, rel: &str) -> Lookup<'_> {
        if let Some(bytes) = self.files.get(rel) {
            return Lookup::Found(bytes);
        }
        if !rel.ends_with("index.html") && self.files.contains_key(&format!("{rel}/index.html")) {
            return Lookup::Folder;
        }
        Lookup::Missing
    }

    /// Whether a good build exists at all (a site whose first build failed has none).
    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }

    /// This snapshot's files with a new error (or none), sharing the file map.
    pub fn with_error(&self, error: Option<String>) -> Snapshot {
        Snapshot {
            base: self.base.clone(),
            files: Arc::clone(&self.files),
            error,
        }
    }
}

/// The holder of the current snapshot, shared by the rebuild loop (the only writer) and the
/// HTTP threads (readers).
#[derive(Debug, Default)]
pub struct Current {
    snapshot: RwLock<Arc<Snapshot>>,
}

impl Current {
    /// The snapshot to answer one request from.
    pub fn get(&self) -> Arc<Snapshot> {
        // A panic while holding the lock cannot leave a half-replaced Arc, so a poisoned lock
        // still holds a whole snapshot.
        let guard = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard)
    }

    /// Replaces the snapshot; requests already answering keep the one they took.
    pub fn publish(&self, snapshot: Snapshot) {
        let mut guard = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        *guard = Arc::new(snapshot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_redirect_and_files_are_found() {
        let mut files = HashMap::new();
        files.insert(
            "incidents/x/index.html".to_string(),
            bytes::Bytes::from_static(b"x"),
        );
        let s = Snapshot {
            base: "/".into(),
            files: Arc::new(files),
            error: None,
        };
        assert_eq!(s.lookup("incidents/x/index.html"), Lookup::Found(b"x"));
        assert_eq!(s.lookup("incidents/x"), Lookup::Folder);
        assert_eq!(s.lookup("incidents/y"), Lookup::Missing);
    }
}
