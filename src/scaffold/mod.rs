//! Scaffolding: the files `coroner init` and `coroner new` create, and the one way they are
//! written, which never replaces a file that already exists.

mod init;
mod new;

use std::path::{Path, PathBuf};

pub use init::{InitReport, init, site_title};
pub use new::{NewOptions, new_postmortem};

use crate::diagnostic::Diagnostics;

/// A file to create: where, relative to a folder, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Path relative to the folder it is created in, `/` separated.
    pub rel: String,
    /// The file's text.
    pub text: String,
}

/// Why scaffolding wrote nothing (or, for an I/O failure midway, took back what it wrote).
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// Files that would be created already exist.
    #[error("{} already exist{}; nothing was written", list(.0), if .0.len() == 1 { "s" } else { "" })]
    Exists(Vec<PathBuf>),
    /// `book.toml` has errors, so the site's content folder and time zone are unknown.
    #[error("book.toml has errors")]
    Config(Diagnostics),
    /// The severity given is not one of the site's levels.
    #[error("severity `{given}` is not in the taxonomy; {hint}")]
    UnknownSeverity {
        /// The severity as given.
        given: String,
        /// The closest level and the list of levels.
        hint: String,
    },
    /// The title has no letter or digit to make a file name of.
    #[error("the title `{0}` has no letters or digits to make a file name from")]
    EmptySlug(String),
    /// The postmortem template has a syntax error or failed to render.
    #[error("template {name}: {message}")]
    Template {
        /// The template's name, or the file it came from.
        name: String,
        /// Tera's explanation.
        message: String,
    },
    /// A file or folder could not be read or created.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Creates every file of `files` under `dir`, or none of them.
///
/// Every target is checked first, and if any exists (a file, folder or symlink) nothing is
/// written and all of them are named. Files are opened with `create_new`, so a file that
/// appears after the check is still never replaced; if a write then fails, the files this call
/// created are removed again. Returns the paths created, in the order of `files`.
pub fn create_all(dir: &Path, files: &[NewFile]) -> Result<Vec<PathBuf>, ScaffoldError> {
    let targets: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.rel)).collect();
    let existing: Vec<PathBuf> = targets
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() {
        return Err(ScaffoldError::Exists(existing));
    }
    let mut created = Vec::new();
    for (file, path) in files.iter().zip(&targets) {
        if let Err(e) = create_one(path, &file.text) {
            for done in &created {
                // Best effort: these are files this call has just created, so removing them
                // cannot lose anyone's work.
                let _ = std::fs::remove_file(done);
            }
            return Err(e);
        }
        created.push(path.clone());
    }
    Ok(created)
}

fn create_one(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
            action: "create the folder",
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(vec![path.to_path_buf()]),
            _ => ScaffoldError::Io {
                action: "create",
                path: path.to_path_buf(),
                source,
            },
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| ScaffoldError::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> NewFile {
        NewFile {
            rel: rel.into(),
            text: text.into(),
        }
    }

    #[test]
    fn creates_folders_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let made = create_all(dir.path(), &[file("a/b/c.md", "x"), file("d", "y")]).unwrap();
        assert_eq!(made.len(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/b/c.md")).unwrap(),
            "x"
        );
    }

    #[test]
    fn one_existing_file_means_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d"), "mine").unwrap();
        let err = create_all(dir.path(), &[file("new.md", "x"), file("d", "y")]).unwrap_err();
        let ScaffoldError::Exists(paths) = &err else {
            panic!("{err}");
        };
        assert_eq!(paths, &[dir.path().join("d")]);
        assert!(
            err.to_string()
                .ends_with("d already exists; nothing was written")
        );
        assert!(!dir.path().join("new.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("d")).unwrap(),
            "mine"
        );
    }
}
