//! The build cache: what loading each postmortem gave in the last `coroner build`, kept on disk
//! beside the output as `.<output>.coroner-cache`, so that a rebuild does not parse and infer
//! unchanged postmortems again.
//!
//! As with `coroner serve`'s [`crate::load_cache::LoadCache`], loading is a pure function of the
//! [`SourceFile`] and the [`Config`], so an entry is reused only when the file's path and flags
//! and the whole configuration are identical, its bytes have the same 128-bit hash (XXH3; the
//! cache does not hold a second copy of every postmortem), and only by the very executable that
//! wrote it (the hash of its bytes is in the file's header): a new version of coroner, or any
//! other build of it, starts afresh. A file that cannot be read, is damaged, or was written by
//! anything else counts as empty; a file at that path that coroner did not write is never
//! replaced.
//!
//! After the entries, the file keeps the archive's related incidents and text matches
//! ([`RelatedMemo`]), each with the hash of everything it was computed from, so that a rebuild
//! in which no compared text, term or slug changed does not rank them again.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::archive::RelatedMemo;
use crate::config::Config;
use crate::load::Loaded;
use crate::load_cache::{fingerprint, load_one};
use crate::source::SourceFile;
use crate::text::Normalized;

/// The first bytes of every cache file: what it is and the version of its layout.
const MAGIC: &[u8; 16] = b"coroner cache 4\n";

/// What every layout's first bytes begin with: a file that does is coroner's, to replace.
const OURS: &[u8] = b"coroner cache ";

/// Loads of the last build, by source path: read from disk at the start of a build; when
/// anything changed, written anew beside it and put in place when the build succeeds.
#[derive(Debug)]
pub struct BuildCache {
    path: PathBuf,
    /// What identifies the running executable; entries of any other are ignored.
    binary: [u8; 16],
    entries: HashMap<String, (SourceKey, Loaded)>,
    /// The related incidents and text matches of the last build, updated by this one.
    memo: RelatedMemo,
    /// The cache file being written for this build, its entries written, the memo still to
    /// come: finished and renamed over `path` by [`Self::commit`], removed if the build does not
    /// get that far.
    pending: Option<(PathBuf, BufWriter<File>)>,
    /// Whether `path` holds a file coroner did not write (left as it is).
    foreign: bool,
}

/// How many postmortems one chunk of the file holds: chunks are encoded and decoded in
/// parallel.
const CHUNK: usize = 128;

/// The cache file after its header: the configuration's fingerprint, then the entries in
/// chunks of [`CHUNK`], each encoded on its own (as a `Vec<(SourceKey, Loaded)>`) with the
/// XXH3-128 of its bytes, so that a damaged file is never read as entries. It is followed by
/// the encoded [`RelatedMemo`] with its XXH3-128, written once the archive is built.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    config: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    chunks: Vec<(u128, &'a [u8])>,
}

/// Everything about a read file that loading depends on, with its text as a hash.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct SourceKey {
    rel: String,
    display: PathBuf,
    is_bundle: bool,
    normalized: Normalized,
    text: u128,
}

impl SourceKey {
    fn of(source: &SourceFile) -> SourceKey {
        // Destructured so that a field added to `SourceFile` cannot be left out of the key.
        let SourceFile {
            rel,
            display,
            text,
            is_bundle,
            normalized,
        } = source;
        SourceKey {
            rel: rel.clone(),
            display: display.clone(),
            is_bundle: *is_bundle,
            normalized: *normalized,
            text: xxh3_128(text.as_bytes()),
        }
    }
}

impl BuildCache {
    /// Where the cache of the site built into `output` is kept: beside it, like the previous
    /// build (`public` has `.public.coroner-cache`), so that it is never published with it.
    pub fn path_for(output: &Path) -> PathBuf {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        output.with_file_name(format!(".{name}.coroner-cache"))
    }

    /// The cache of the site built into `output`, not read yet (see [`Self::read`]).
    pub fn at(output: &Path) -> BuildCache {
        BuildCache {
            path: Self::path_for(output),
            binary: [0; 16],
            entries: HashMap::new(),
            memo: RelatedMemo::default(),
            pending: None,
            foreign: false,
        }
    }

    /// Reads the cache file for a build with `config`. A missing, unreadable or foreign file,
    /// another executable's cache or another configuration's all leave the cache empty.
    pub fn read(&mut self, config: &Config) {
        self.remove_orphans();
        self.binary = pending::executable_hash().unwrap_or_default();
        if self.binary == [0; 16] {
            return;
        }
        let Ok(bytes) = std::fs::read(&self.path) else {
            return;
        };
        let Some(rest) = bytes.strip_prefix(MAGIC) else {
            // Another version's cache is replaced, and so is an empty file: what a crash right
            // after creating the cache can leave.
            self.foreign = !bytes.is_empty() && !bytes.starts_with(OURS);
            return;
        };
        let Some(stored) = rest.strip_prefix(&self.binary[..]) else {
            return;
        };
        let Ok((stored, rest)) = postcard::take_from_bytes::<Stored>(stored) else {
            return;
        };
        let Ok((memo_hash, memo)) = postcard::from_bytes::<(u128, &[u8])>(rest) else {
            return;
        };
        if stored.config != fingerprint(config) {
            return;
        }
        let intact = |hash: u128, bytes: &[u8]| xxh3_128(bytes) == hash;
        let (chunks, memo) = rayon::join(
            || -> Option<Vec<Vec<(SourceKey, Loaded)>>> {
                stored
                    .chunks
                    .par_iter()
                    .map(|&(hash, chunk)| {
                        intact(hash, chunk)
                            .then(|| postcard::from_bytes(chunk).ok())
                            .flatten()
                    })
                    .collect()
            },
            || -> Option<RelatedMemo> {
                intact(memo_hash, memo)
                    .then(|| postcard::from_bytes(memo).ok())
                    .flatten()
            },
        );
        // Any damaged part leaves the whole cache empty, so that it is written anew.
        if let (Some(chunks), Some(memo)) = (chunks, memo) {
            self.entries = chunks
                .into_iter()
                .flatten()
                .map(|(key, loaded)| (key.rel.clone(), (key, loaded)))
                .collect();
            self.memo = memo;
        }
    }

    /// The related incidents and text matches of the last build, for
    /// [`crate::archive::Archive::build_with`] to reuse and update; [`Self::commit`] keeps them.
    pub fn related(&mut self) -> &mut RelatedMemo {
        &mut self.memo
    }

    /// How many postmortems the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Loads every file, taking the result of an identical file from the cache; then, unless
    /// every file was in it and nothing else, writes the new cache to a file of its own that
    /// [`Self::commit`] puts in place. A cache that cannot be written is only not kept.
    pub fn load_all(&mut self, files: &[SourceFile], config: &Config) -> Vec<Loaded> {
        let mut old = std::mem::take(&mut self.entries);
        let keys: Vec<SourceKey> = files.par_iter().map(SourceKey::of).collect();
        let cached: Vec<Option<Loaded>> = keys
            .iter()
            .map(|key| match old.remove(&key.rel) {
                Some((stored, loaded)) if stored == *key => Some(loaded),
                _ => None,
            })
            .collect();
        let complete = old.is_empty() && cached.iter().all(Option::is_some);
        let loaded: Vec<Loaded> = files
            .par_iter()
            .zip(cached)
            .map(|(f, hit)| hit.unwrap_or_else(|| load_one(f, config)))
            .collect();
        if !complete && !self.foreign && self.binary != [0; 16] {
            self.pending = self.write_pending(keys, &loaded, config).ok();
        }
        loaded
    }

    /// Finishes the cache begun by [`Self::load_all`] with the memo of related incidents, and
    /// puts it in place of the previous one (for a build that succeeded).
    pub fn commit(mut self) {
        let Some((pending, mut out)) = self.pending.take() else {
            return;
        };
        let finished = postcard::to_allocvec(&self.memo)
            .map_err(std::io::Error::other)
            .and_then(|memo| {
                postcard::to_io(&(xxh3_128(&memo), memo.as_slice()), &mut out)
                    .map_err(std::io::Error::other)?;
                out.flush()
            });
        drop(out);
        if finished.is_err() || std::fs::rename(&pending, &self.path).is_err() {
            let _ = std::fs::remove_file(&pending);
        }
    }

    fn write_pending(
        &self,
        keys: Vec<SourceKey>,
        loaded: &[Loaded],
        config: &Config,
    ) -> std::io::Result<(PathBuf, BufWriter<File>)> {
        let pending = self.pending_path(std::process::id());
        let result = (|| {
            let mut out = BufWriter::new(File::create(&pending)?);
            out.write_all(MAGIC)?;
            out.write_all(&self.binary)?;
            let entries: Vec<(SourceKey, &Loaded)> = keys.into_iter().zip(loaded).collect();
            let chunks = entries
                .par_chunks(CHUNK)
                .map(postcard::to_allocvec)
                .collect::<Result<Vec<Vec<u8>>, _>>()
                .map_err(std::io::Error::other)?;
            let stored = Stored {
                config: fingerprint(config).into(),
                chunks: chunks.iter().map(|c| (xxh3_128(c), c.as_slice())).collect(),
            };
            postcard::to_io(&stored, &mut out).map_err(std::io::Error::other)?;
            Ok(out)
        })();
        match result {
            Ok(out) => Ok((pending, out)),
            Err(e) => {
                let _ = std::fs::remove_file(&pending);
                Err(e)
            }
        }
    }
}

mod pending;
#[cfg(test)]
mod tests;
