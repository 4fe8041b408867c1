//! Updating an output directory in place, for `serve`: only the files whose bytes changed are
//! written, and only files the manifest lists as coroner's are removed.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::{MANIFEST, OutputError, io, is_contained};
use crate::render::OutputFile;

/// The difference between the site on disk and a new build of it.
#[derive(Debug, Default)]
pub struct Changes<'a> {
    /// Files that are new or whose bytes differ.
    pub write: Vec<&'a OutputFile>,
    /// Paths (relative to the output) that the new build no longer has.
    pub remove: Vec<String>,
    /// Every path of the new build, for the manifest.
    pub all: Vec<&'a str>,
}

/// Applies `changes` to `output`, a directory coroner wrote (it has a manifest).
///
/// A path to remove that the manifest does not list is left alone: it is not coroner's file.
/// The manifest is replaced by rename, so it always lists every file coroner may remove.
pub fn sync_site(output: &Path, changes: &Changes<'_>) -> Result<(), OutputError> {
    for f in &changes.write {
        if !is_contained(&f.rel) {
            return Err(OutputError::Escape(f.rel.clone()));
        }
    }
    let manifest_path = output.join(MANIFEST);
    let listed = std::fs::read_to_string(&manifest_path).map_err(io("read", &manifest_path))?;
    let listed: HashSet<&str> = listed.lines().collect();
    // New files are listed before they are written, so a crash in between leaves no file
    // coroner wrote but would not remove.
    let mut manifest: Vec<&str> = changes.all.clone();
    manifest.extend(
        changes
            .remove
            .iter()
            .map(String::as_str)
            .filter(|r| listed.contains(r)),
    );
    // An edit that adds and removes no file leaves the list as it is: not rewritten.
    let same_names = manifest.len() == listed.len() && manifest.iter().all(|r| listed.contains(r));
    if !same_names {
        write_manifest(output, &manifest)?;
    }
    let mut dirs: Vec<&Path> = changes
        .write
        .iter()
        .filter_map(|f| Path::new(&f.rel).parent())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let path = output.join(d);
        std::fs::create_dir_all(&path).map_err(io("create", &path))?;
    }
    changes.write.par_iter().try_for_each(|f| {
        let path = output.join(&f.rel);
        super::file::put(&path, &f.bytes)
            .map(drop)
            .map_err(io("write", &path))
    })?;
    for rel in changes
        .remove
        .iter()
        .filter(|r| listed.contains(r.as_str()) && is_contained(r))
    {
        let path = output.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => remove_empty_parents(output, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("remove", &path)(e)),
        }
    }
    if !changes.remove.is_empty() {
        write_manifest(output, &changes.all)?;
    }
    Ok(())
}

/// Removes a directory coroner wrote, file by file from its manifest; anything else stays,
/// and so do the folders holding it.
pub fn remove_site(output: &Path) -> Result<(), OutputError> {
    super::owned::remove_owned(output)
}

pub(super) fn write_manifest(output: &Path, rels: &[&str]) -> Result<(), OutputError> {
    // Sorted, so that a preview folder and a fresh build of the same site are identical.
    let mut rels = rels.to_vec();
    rels.sort_unstable();
    rels.dedup();
    let mut text = String::with_capacity(rels.iter().map(|r| r.len() + 1).sum());
    for rel in rels {
        text.push_str(rel);
        text.push('\n');
    }
    let tmp = output.join(format!("{MANIFEST}.tmp"));
    std::fs::write(&tmp, text).map_err(io("write", &tmp))?;
    let path = output.join(MANIFEST);
    std::fs::rename(&tmp, &path).map_err(io("replace", &path))
}

/// Removes the folders above a removed file that it left empty, up to `output`.
fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        // `remove_dir` refuses a folder that still holds anything, coroner's or not.
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> OutputFile {
        OutputFile {
            rel: rel.into(),
            bytes: text.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn writes_changes_and_removes_only_listed_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("site");
        let first = [file("a/index.html", "a"), file("b/index.html", "b")];
        super::super::write_site(&out, &first).expect("first write");
        std::fs::write(out.join("a/notes.txt"), "mine").expect("foreign file");
        let changed = file("b/index.html", "b2");
        let changes = Changes {
            write: vec![&changed],
            remove: vec!["a/index.html".into(), "a/notes.txt".into()],
            all: vec!["b/index.html"],
        };
        sync_site(&out, &changes).expect("sync");
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).ok(),
            Some("b2".into())
        );
        assert!(!out.join("a/index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/notes.txt")).ok(),
            Some("mine".into())
        );
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).expect("manifest");
        assert_eq!(manifest, "b/index.html\n");
    }
}
