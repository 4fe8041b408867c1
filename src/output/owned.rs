//! What coroner owns in an output directory: the manifest of the files it wrote, the check that
//! nothing else is there before replacing it, and removing only those files afterwards.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::stamps::STAMPS;
use super::{MANIFEST, OutputError, is_contained};

/// Reads the manifest of an existing output and checks that every file in it is listed.
pub(super) fn check_owned(output: &Path) -> Result<HashSet<String>, OutputError> {
    let manifest_path = output.join(MANIFEST);
    let listed: HashSet<String> = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text.lines().map(String::from).collect(),
        Err(_) => HashSet::new(),
    };
    let mut foreign = Vec::new();
    unlisted(output, "", &listed, &mut foreign);
    foreign.retain(|rel| rel != MANIFEST && rel != STAMPS);
    foreign.sort();
    match foreign.first() {
        Some(first) => Err(OutputError::Foreign {
            output: output.to_path_buf(),
            first: PathBuf::from(first),
            others: foreign.len() - 1,
        }),
        None => Ok(listed),
    }
}

/// Adds to `found` every file under `dir` (whose path relative to the output is `rel`) that
/// `listed` does not name. Sub-directories are read side by side: an output has one folder per
/// page, and reading them one after the other left a core idle.
fn unlisted(dir: &Path, rel: &str, listed: &HashSet<String>, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        // A symbolic link is not followed, even to a directory: it is a file of the output.
        match entry.file_type() {
            Ok(t) if t.is_dir() => subdirs.push((entry.path(), path)),
            _ if !listed.contains(&path) => found.push(path),
            _ => {}
        }
    }
    let nested: Vec<String> = subdirs
        .into_par_iter()
        .flat_map_iter(|(dir, rel)| {
            let mut found = Vec::new();
            unlisted(&dir, &rel, listed, &mut found);
            found
        })
        .collect();
    found.extend(nested);
}

/// Removes a directory coroner wrote: its listed files, then the directories left empty.
/// Anything not in its manifest stays.
pub(super) fn remove_owned(dir: &Path) -> Result<(), OutputError> {
    let listed = std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    let listed: Vec<&str> = listed.lines().filter(|r| is_contained(r)).collect();
    listed.par_iter().for_each(|rel| {
        let _ = std::fs::remove_file(dir.join(rel));
    });
    let _ = std::fs::remove_file(dir.join(STAMPS));
    let _ = std::fs::remove_file(dir.join(MANIFEST));
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        // Only empty directories go; `remove_dir` refuses anything else.
        let _ = std::fs::remove_dir(&d);
    }
    Ok(())
}
