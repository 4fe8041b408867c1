//! A new site being written beside the old one: files arrive in batches, the manifest always
//! names every file in the staging directory, and the whole is swapped into place at the end.
//!
//! The staging directory starts as the build before the current one (kept beside the output as
//! `.<output>.coroner-previous`), or as what a killed build left: it is updated in place, so
//! only files whose bytes differ are written and existing directories are reused. The output
//! itself is never touched until the swap, so a failed or killed build leaves it as it was.

use std::collections::{HashMap, HashSet};
use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::owned::{check_owned, remove_owned};
use super::stamps::{self, STAMPS, Stamp, Stamps};
use super::sync::write_manifest;
use super::{MANIFEST, OutputError, absolute, exchange, io, is_contained};
use crate::render::OutputFile;

/// A staging directory being filled; [`Staging::commit`] swaps it into place, and
/// [`Staging::abandon`] (or dropping it uncommitted) leaves the old output as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    previous: PathBuf,
    manifest: File,
    /// Every name the staging manifest lists: files from an earlier build, then new ones.
    listed: HashSet<String>,
    /// The names of this build's files, with the stamps of what they now hold.
    written: HashMap<String, Stamp>,
    /// The stamps of the files the staging directory held when the build began.
    stamps: Stamps,
    done: bool,
}

impl Staging {
    /// Checks that `output` is coroner's (or absent) and prepares the staging directory beside
    /// it: the previous build when there is one, else an empty directory.
    pub fn begin(output: &Path) -> Result<Self, OutputError> {
        let output = absolute(output);
        let parent = output
            .parent()
            .ok_or_else(|| OutputError::Escape(output.display().to_string()))?;
        std::fs::create_dir_all(parent).map_err(io("create", parent))?;
        // A file (or a link to one) where the directory should be would be swapped away and
        // then left under the staging name: refuse it instead.
        if output.exists() && !output.is_dir() {
            return Err(OutputError::Unsafe {
                output: output.clone(),
                what: "a file, not a directory".to_string(),
            });
        }
        if output.exists() {
            check_owned(&output)?;
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.coroner-staging-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.coroner-previous"));
        adopt(parent, &name, &previous, &dir);
        std::fs::create_dir_all(&dir).map_err(io("create", &dir))?;
        let manifest_path = dir.join(MANIFEST);
        let listed: HashSet<String> = std::fs::read_to_string(&manifest_path)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect();
        let stamps = Stamps::read(&dir);
        let manifest = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&manifest_path)
            .map_err(io("write", &manifest_path))?;
        Ok(Staging {
            output,
            dir,
            previous,
            manifest,
            listed,
            written: HashMap::new(),
            stamps,
            done: false,
        })
    }

    /// Writes one batch of files into the staging directory, skipping those already there
    /// with the same bytes (known from their stamps, or else read and compared).
    pub fn write(&mut self, files: &[OutputFile]) -> Result<(), OutputError> {
        let mut names = String::new();
        for f in files {
            if !is_contained(&f.rel) {
                return Err(OutputError::Escape(f.rel.clone()));
            }
            if !self.listed.contains(&f.rel) {
                names.push_str(&f.rel);
                names.push('\n');
            }
        }
        // The names are on disk before the files: a build killed midway leaves a staging
        // directory whose manifest names everything in it.
        let manifest_path = self.dir.join(MANIFEST);
        self.manifest
            .write_all(names.as_bytes())
            .map_err(io("write", &manifest_path))?;
        for f in files {
            self.listed.insert(f.rel.clone());
        }
        let stamped = files
            .par_iter()
            .map(|f| self.put(f).map(|stamp| (f.rel.clone(), stamp)))
            .collect::<Result<Vec<_>, _>>()?;
        self.written.extend(stamped);
        Ok(())
    }

    /// Gives one file its bytes unless it holds them already; returns its stamp.
    fn put(&self, f: &OutputFile) -> Result<Stamp, OutputError> {
        let path = self.dir.join(&f.rel);
        let hash = stamps::hash(&f.bytes);
        let existing = std::fs::symlink_metadata(&path);
        if let Ok(meta) = &existing {
            // A stamp that identifies the file tells its bytes; without one, they are read.
            let same = match self.stamps.unchanged(&f.rel, meta) {
                Some(stamp) => stamp.hash == hash,
                None => same_bytes(&path, meta, &f.bytes),
            };
            if same {
                return Ok(Stamp::of(meta, hash));
            }
        }
        let meta = match super::file::put_over(&path, existing, &f.bytes) {
            // Its folder is made only when the file is new and the folder is missing: most
            // files of a rebuild are already in place, and asking first would cost a system
            // call for each of them.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io("create", parent))?;
                }
                super::file::put(&path, &f.bytes)
            }
            written => written,
        }
        .map_err(io("write", &path))?;
        Ok(Stamp::of(&meta, hash))
    }

    /// Removes the files of the earlier build that this one does not have, swaps the staging
    /// directory into place, and keeps the replaced output as the previous build.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let stale: Vec<&String> = self
            .listed
            .iter()
            .filter(|rel| !self.written.contains_key(*rel))
            .collect();
        stale.par_iter().for_each(|rel| {
            let _ = std::fs::remove_file(self.dir.join(rel));
        });
        for rel in &stale {
            // Only directories left empty go; `remove_dir` refuses anything else.
            for dir in Path::new(rel.as_str()).ancestors().skip(1) {
                if dir.as_os_str().is_empty() || std::fs::remove_dir(self.dir.join(dir)).is_err() {
                    break;
                }
            }
        }
        let names: Vec<&str> = self.written.keys().map(String::as_str).collect();
        write_manifest(&self.dir, &names)?;
        let stamps = self.written.iter().map(|(rel, s)| (rel.as_str(), s));
        Stamps::write(&self.dir, stamps).map_err(io("write", &self.dir.join(STAMPS)))?;
        self.done = true;
        if !self.output.exists() {
            return std::fs::rename(&self.dir, &self.output)
                .map_err(io("move into place", &self.output));
        }
        exchange(&self.dir, &self.output)?;
        // The staging name now holds the replaced site: kept for the next build to update.
        keep_as_previous(&self.dir, &self.previous);
        Ok(())
    }

    /// Gives up this build: the output stays as it was, and the staging directory is kept
    /// for the next build to update.
    pub fn abandon(mut self) {
        self.done = true;
        keep_as_previous(&self.dir, &self.previous);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            keep_as_previous(&self.dir, &self.previous);
        }
    }
}

/// Moves the previous build (or, failing that, a staging directory a killed build left) to
/// `ours`, when all of its files are listed in its manifest; other leftovers of killed builds
/// are removed file by file. A running build's staging directory is left alone.
fn adopt(parent: &Path, name: &str, previous: &Path, ours: &Path) {
    let prefix = format!(".{name}.coroner-staging-");
    let mut candidates = vec![previous.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(Ok(pid)) = file_name.strip_prefix(&prefix).map(str::parse::<u32>) else {
                continue;
            };
            if !super::other_process_running(pid) && entry.file_type().is_ok_and(|t| t.is_dir()) {
                candidates.push(entry.path());
            }
        }
    }
    let mut adopted = false;
    for candidate in candidates {
        if !candidate.is_dir() || candidate == ours && adopted {
            continue;
        }
        let usable = candidate.join(MANIFEST).is_file() && check_owned(&candidate).is_ok();
        if !adopted && usable && (candidate == ours || std::fs::rename(&candidate, ours).is_ok()) {
            adopted = true;
        } else if candidate != previous {
            let _ = remove_owned(&candidate);
        }
    }
}

/// Renames a replaced site or unfinished staging directory to the previous-build name, or
/// removes it (file by file) when that name is taken or nothing was ever written to it.
fn keep_as_previous(dir: &Path, previous: &Path) {
    // One that nothing was written to, not even an earlier build, is not worth keeping.
    let unused = std::fs::metadata(dir.join(MANIFEST)).is_ok_and(|m| m.len() == 0);
    if unused || previous.exists() || std::fs::rename(dir, previous).is_err() {
        let _ = remove_owned(dir);
    }
}

/// Whether the regular file at `path`, whose metadata is `meta`, holds exactly `bytes` (a
/// link, or anything unreadable, does not).
fn same_bytes(path: &Path, meta: &Metadata, bytes: &[u8]) -> bool {
    if !meta.file_type().is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 16 * 1024];
    let mut at = 0;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return at == bytes.len(),
            Ok(n) => {
                if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
                    return false;
                }
                at += n;
            }
            Err(_) => return false,
        }
    }
}
