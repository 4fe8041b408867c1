//! Postmortems of an earlier load taken again without reading them, for `coroner serve`: only
//! when the file's size, inode, modification and change times are all as they were, and its
//! last change came well before it was read (so no later write can hide behind the same
//! timestamp, the rule Git uses for "racily clean" files).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::SourceFile;

/// How long before a read a file's last change must be for its stamp to be trusted: far
/// longer than any file system's timestamp granularity.
const SETTLED: Duration = Duration::from_secs(2);

/// What a file looked like on disk when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following links), if it can be read.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            device: m.dev(),
        })
    }

    /// Without Unix metadata there is no change time to trust: files are always read.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }

    fn changed_at(&self) -> Option<SystemTime> {
        let (secs, nanos) = self.changed;
        let secs = u64::try_from(secs).ok()?;
        let nanos = u32::try_from(nanos).ok()?;
        SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
    }
}

/// One file as an earlier load read it.
#[derive(Debug, Clone)]
pub struct Remembered {
    /// Its stamp, taken before it was read.
    pub stamp: Stamp,
    /// When the read began.
    pub read_at: SystemTime,
    /// What was read.
    pub file: SourceFile,
}

/// The postmortems of the last load, by path.
#[derive(Debug, Default)]
pub struct SourceMemo {
    files: HashMap<PathBuf, Remembered>,
    reused: usize,
}

impl SourceMemo {
    /// The file at `path` as last read, when `stamp` shows it unchanged since and the read came
    /// two seconds (`SETTLED`) after its last change; `rel` and `is_bundle` must also be as they
    /// were.
    pub fn reuse(
        &self,
        path: &Path,
        stamp: Stamp,
        rel: &str,
        is_bundle: bool,
    ) -> Option<&SourceFile> {
        let r = self.files.get(path)?;
        let settled = r
            .stamp
            .changed_at()
            .and_then(|c| c.checked_add(SETTLED))
            .is_some_and(|c| c <= r.read_at);
        (r.stamp == stamp && settled && r.file.rel == rel && r.file.is_bundle == is_bundle)
            .then_some(&r.file)
    }

    /// Replaces the memo with the files of the latest load (deleted files are forgotten).
    pub fn replace(&mut self, files: Vec<(PathBuf, Remembered)>, reused: usize) {
        self.files = files.into_iter().collect();
        self.reused = reused;
    }

    /// How many files the latest load took from the memo without reading them.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn an_unchanged_settled_file_is_not_read_again_and_a_changed_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let file = content.join("a.md");
        std::fs::write(&file, "# One\n").unwrap();
        let mut memo = SourceMemo::default();
        let mut problems = Diagnostics::new();
        let load = |memo: &mut SourceMemo, problems: &mut Diagnostics| {
            super::super::load_with_memo(dir.path(), &content, problems, memo)
        };
        // Just written: its change is too recent to trust its stamp later.
        load(&mut memo, &mut problems);
        load(&mut memo, &mut problems);
        assert_eq!(
            memo.reused(),
            0,
            "a file changed just before it was read is read again"
        );
        std::thread::sleep(SETTLED + Duration::from_millis(100));
        load(&mut memo, &mut problems);
        let sources = load(&mut memo, &mut problems);
        assert_eq!(memo.reused(), 1);
        assert_eq!(&*sources.files[0].text, "# One\n");
        // Same length, new bytes: the change time moves, so the file is read.
        std::fs::write(&file, "# Two\n").unwrap();
        let sources = load(&mut memo, &mut problems);
        assert_eq!(memo.reused(), 0);
        assert_eq!(&*sources.files[0].text, "# Two\n");
        assert!(problems.is_empty());
    }
}
