//! What coroner owns in an output directory: the manifest of the files it wrote, the check that
//! nothing else is there before replacing it, and removing only those files afterwards.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{MANIFEST, OutputError, is_contained};

/// Reads the manifest of an existing output and checks that every file in it is listed.
pub(super) fn check_owned(output: &Path) -> Result<HashSet<String>, OutputError> {
    let manifest_path = output.join(MANIFEST);
    let listed: HashSet<String> = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text.lines().map(String::from).collect(),
        Err(_) => HashSet::new(),
    };
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let rel_s = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel_s != MANIFEST && !listed.contains(&rel_s) {
            foreign.push(rel.to_path_buf());
        }
    }
    match foreign.first() {
        Some(first) => Err(OutputError::Foreign {
            output: output.to_path_buf(),
            first: first.clone(),
            others: foreign.len() - 1,
        }),
        None => Ok(listed),
    }
}

/// Removes a directory coroner wrote: its listed files, then the directories left empty.
/// Anything not in its manifest stays.
pub(super) fn remove_owned(dir: &Path) -> Result<(), OutputError> {
    let listed = std::fs::read_to_string(dir.join(MANIFEST)).unwrap_or_default();
    let listed: Vec<&str> = listed.lines().filter(|r| is_contained(r)).collect();
    listed.par_iter().for_each(|rel| {
        let _ = std::fs::remove_file(dir.join(rel));
    });
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
