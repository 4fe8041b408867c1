//! Where the build cache lives besides its final file: the pending file a build writes before
//! it is put in place, the pending files killed builds left, and the hash of the executable
//! that tells one build of coroner's caches from another's.

use std::path::PathBuf;

use xxhash_rust::xxh3::xxh3_128;

use super::BuildCache;

impl BuildCache {
    /// The cache file a build writes before it is put in place: named after its process, so
    /// that builds running at once do not write into the same file.
    pub(super) fn pending_path(&self, pid: u32) -> PathBuf {
        self.path.with_extension(format!("coroner-cache-{pid}"))
    }

    /// Removes the caches that builds killed while writing them left behind.
    pub(super) fn remove_orphans(&self) {
        let (Some(parent), Some(name)) = (self.path.parent(), self.path.file_name()) else {
            return;
        };
        let prefix = format!("{}-", name.to_string_lossy());
        let Ok(entries) = std::fs::read_dir(parent) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(Ok(pid)) = file_name.strip_prefix(&prefix).map(str::parse::<u32>) else {
                continue;
            };
            let ours = entry.path() == self.pending_path(pid);
            if ours && !crate::output::other_process_running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

impl Drop for BuildCache {
    fn drop(&mut self) {
        if let Some((pending, out)) = self.pending.take() {
            drop(out);
            let _ = std::fs::remove_file(pending);
        }
    }
}

/// A hash of the running executable's bytes, or `None` when it cannot be read (then nothing is
/// cached).
pub(super) fn executable_hash() -> Option<[u8; 16]> {
    let bytes = std::fs::read(std::env::current_exe().ok()?).ok()?;
    Some(xxh3_128(&bytes).to_le_bytes())
}
