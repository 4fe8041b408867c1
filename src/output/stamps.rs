//! What coroner remembers of the files it wrote into a directory (`.coroner-stamps`): each file's
//! length, inode, modification and change times and a hash of its bytes, so the next build that
//! updates the directory tells an unchanged file from its metadata instead of reading it back.
//!
//! A stamp is only trusted when the file's metadata is exactly as recorded and its change time
//! is earlier than the stamps file itself (Git's rule for a "racily clean" index): a file changed
//! in the same clock tick as the stamps were written is compared byte for byte. Anything else
//! (no stamps file, a damaged line, a file edited or replaced since) falls back to comparing bytes,
//! so a stamp can make a build skip reading a file, never skip writing a changed one.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Write;
use std::path::Path;

/// The file, inside a directory coroner wrote, that holds the stamps of its files.
pub const STAMPS: &str = ".coroner-stamps";

/// What identifies one written file and its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// XXH3-128 of the bytes written.
    pub hash: u128,
    len: u64,
    inode: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of a file that holds bytes hashing to `hash`, from its metadata.
    #[cfg(unix)]
    pub fn of(meta: &Metadata, hash: u128) -> Self {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            hash,
            len: meta.len(),
            inode: meta.ino(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// Without Unix metadata no stamp identifies a file: `changed` never matches.
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata, hash: u128) -> Self {
        Stamp {
            hash,
            len: meta.len(),
            inode: 0,
            modified: (i64::MIN, 0),
            changed: (i64::MIN, 0),
        }
    }

    /// Whether `meta` describes the very file this stamp was taken of, unchanged since.
    fn identifies(&self, meta: &Metadata) -> bool {
        let now = Stamp::of(meta, self.hash);
        now == *self && now.changed.0 != i64::MIN
    }
}

/// The hash coroner stamps a file's bytes with.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The stamps of one directory's files, as read when a build began.
#[derive(Debug, Default)]
pub struct Stamps {
    by_rel: HashMap<String, Stamp>,
    /// The modification time of the stamps file: stamps changed at or after it are not trusted.
    written: (i64, i64),
}

impl Stamps {
    /// Reads the stamps of `dir`; a missing or unreadable file gives none (every file is then
    /// compared by its bytes), and a damaged line is skipped.
    pub fn read(dir: &Path) -> Self {
        let path = dir.join(STAMPS);
        let (Ok(meta), Ok(text)) = (std::fs::metadata(&path), std::fs::read_to_string(&path))
        else {
            return Stamps::default();
        };
        let written = Stamp::of(&meta, 0).modified;
        let by_rel = text.lines().filter_map(parse_line).collect();
        Stamps { by_rel, written }
    }

    /// The stamp recorded for `rel` when `meta` shows the file unchanged since it was taken.
    pub fn unchanged(&self, rel: &str, meta: &Metadata) -> Option<Stamp> {
        let stamp = self.by_rel.get(rel)?;
        (stamp.changed < self.written && stamp.identifies(meta)).then_some(*stamp)
    }

    /// Writes `stamps` as the stamps of `dir`. Written in place: a file cut short by a crash
    /// only loses stamps (a damaged line names no file whose metadata it matches).
    pub fn write<'a>(
        dir: &Path,
        stamps: impl Iterator<Item = (&'a str, &'a Stamp)>,
    ) -> std::io::Result<()> {
        let mut text = Vec::new();
        for (rel, s) in stamps {
            writeln!(
                text,
                "{:032x} {} {} {}.{} {}.{} {rel}",
                s.hash, s.len, s.inode, s.modified.0, s.modified.1, s.changed.0, s.changed.1
            )?;
        }
        std::fs::write(dir.join(STAMPS), text)
    }
}

/// One line: `hash len inode mtime.ns ctime.ns rel` (the path last, as it may hold spaces).
fn parse_line(line: &str) -> Option<(String, Stamp)> {
    let mut parts = line.splitn(6, ' ');
    let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
    let len = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let time = |s: &str| -> Option<(i64, i64)> {
        let (secs, nanos) = s.split_once('.')?;
        Some((secs.parse().ok()?, nanos.parse().ok()?))
    };
    let modified = time(parts.next()?)?;
    let changed = time(parts.next()?)?;
    let rel = parts.next()?.to_string();
    let stamp = Stamp {
        hash,
        len,
        inode,
        modified,
        changed,
    };
    Some((rel, stamp))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Writes `stamps` for `rel`, then makes sure the stamps file is newer than the file's change.
    fn stamped(dir: &Path, rel: &str, bytes: &[u8]) -> Stamps {
        std::fs::write(dir.join(rel), bytes).unwrap();
        let meta = std::fs::metadata(dir.join(rel)).unwrap();
        let stamp = Stamp::of(&meta, hash(bytes));
        std::thread::sleep(std::time::Duration::from_millis(20));
        Stamps::write(dir, [(rel, &stamp)].into_iter()).unwrap();
        Stamps::read(dir)
    }

    #[test]
    fn an_untouched_file_is_recognized_by_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let stamps = stamped(dir.path(), "a b.html", b"page");
        let meta = std::fs::metadata(dir.path().join("a b.html")).unwrap();
        let stamp = stamps.unchanged("a b.html", &meta).expect("trusted");
        assert_eq!(stamp.hash, hash(b"page"));
        assert!(stamps.unchanged("other.html", &meta).is_none());
    }

    #[test]
    fn a_file_written_again_is_not_trusted_even_with_the_same_length() {
        let dir = tempfile::tempdir().unwrap();
        let stamps = stamped(dir.path(), "p.html", b"page");
        std::fs::write(dir.path().join("p.html"), b"edit").unwrap();
        let meta = std::fs::metadata(dir.path().join("p.html")).unwrap();
        assert!(stamps.unchanged("p.html", &meta).is_none());
    }

    #[test]
    fn a_file_changed_in_the_tick_the_stamps_were_written_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.html"), b"page").unwrap();
        let meta = std::fs::metadata(dir.path().join("p.html")).unwrap();
        let mut stamp = Stamp::of(&meta, hash(b"page"));
        Stamps::write(dir.path(), [("p.html", &stamp)].into_iter()).unwrap();
        let mut stamps = Stamps::read(dir.path());
        // As if the file had changed at the very moment the stamps file was written.
        stamp.changed = stamps.written;
        stamps.by_rel.insert("p.html".into(), stamp);
        assert!(stamps.unchanged("p.html", &meta).is_none());
    }

    #[test]
    fn a_damaged_or_missing_stamps_file_trusts_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Stamps::read(dir.path()).by_rel.is_empty());
        std::fs::write(
            dir.path().join(STAMPS),
            "zz 1 2 3.4 5.6 a.html\nshort line\n",
        )
        .unwrap();
        assert!(Stamps::read(dir.path()).by_rel.is_empty());
    }
}
