//! Writing a built site: into a fresh staging directory, then swapped into place in one step, so a
//! failed or killed build leaves the previous output exactly as it was, and only files coroner
//! created are ever removed.

use std::path::{Path, PathBuf};

use crate::render::OutputFile;

mod file;
mod owned;
mod staging;
mod stamps;
mod sync;

pub use staging::Staging;
pub use sync::{Changes, remove_site, sync_site};

/// The marker file naming every file coroner wrote into an output directory.
pub const MANIFEST: &str = ".coroner-manifest";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output directory is the site root, the content directory, or holds one of them.
    #[error(
        "refusing to write to {output}: it is {what}; choose another --output or [build] output_dir"
    )]
    Unsafe {
        /// The output directory.
        output: PathBuf,
        /// Which directory it is or contains.
        what: String,
    },
    /// The output directory holds files coroner did not create.
    #[error("refusing to replace {output}: {} was not created by coroner (and {} more); move it away or choose another output directory", first.display(), others)]
    Foreign {
        /// The output directory.
        output: PathBuf,
        /// One file coroner did not create.
        first: PathBuf,
        /// How many more there are.
        others: usize,
    },
    /// A file or directory operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// A rendered path would leave the output directory.
    #[error("refusing to write {0}: the path leaves the output directory")]
    Escape(String),
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Checks that `output` is neither `root`, nor `content`, nor a parent of either, nor inside
/// `content` (where the next build would read its own output back as content).
pub fn check_location(output: &Path, root: &Path, content: &Path) -> Result<(), OutputError> {
    let canon = |p: &Path| absolute(p);
    let out = canon(output);
    if out.starts_with(canon(content)) && out != canon(content) {
        return Err(OutputError::Unsafe {
            output: output.to_path_buf(),
            what: "inside the content directory".to_string(),
        });
    }
    for (dir, name) in [(root, "the site root"), (content, "the content directory")] {
        let dir = canon(dir);
        if dir.starts_with(&out) {
            let what = if dir == out {
                name.to_string()
            } else {
                format!("a parent of {name}")
            };
            return Err(OutputError::Unsafe {
                output: output.to_path_buf(),
                what,
            });
        }
    }
    Ok(())
}

/// An absolute, normalized path, resolving symlinks of the part that exists.
fn absolute(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Writes `files` as the complete new content of `output`.
///
/// The new site is written to a sibling staging directory and swapped with the old one in one
/// atomic rename; the old site is then removed, file by file, using its manifest.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let mut staging = Staging::begin(output)?;
    staging.write(files)?;
    staging.commit()
}

/// Whether `pid` is another process that is still running: a file named after a build's
/// process (a staging directory, a cache being written) is left alone while that build runs.
pub fn other_process_running(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists()
}

/// Whether a relative output path stays inside the output directory.
pub fn is_contained(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Atomically swaps two directories (Linux `renameat2(RENAME_EXCHANGE)`), falling back to two
/// renames where the file system cannot exchange.
fn exchange(a: &Path, b: &Path) -> Result<(), OutputError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(_) => {
            let aside = a.with_extension("old");
            std::fs::rename(b, &aside).map_err(io("move aside", b))?;
            std::fs::rename(a, b).map_err(io("move into place", b))?;
            std::fs::rename(&aside, a).map_err(io("move aside", a))
        }
    }
}

#[cfg(test)]
mod tests;
