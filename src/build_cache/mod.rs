//! The build cache: what loading each postmortem gave in the last `coroner build`, kept on disk
//! beside the output as `.<output>.coroner-cache`, so that a rebuild does not parse and infer
//! unchanged postmortems again.
//!
//! As with `coroner serve`'s [`crate::load_cache::LoadCache`], loading is a pure function of the
//! [`SourceFile`] and the [`Config`], so an entry is reused only when the file's path and flags
//! and the whole configuration are identical, its bytes have the same 128-bit hash (XXH3; the
//! cache holds no second copy of any postmortem, nor of its body), and only by the very
//! executable that wrote it (the hash of its bytes is in the file's header): a new version of
//! coroner, or any other build of it, starts afresh. A file that cannot be read, is damaged, or
//! was written by anything else counts as empty; a file at that path that coroner did not write
//! is never replaced.
//!
//! After the entries, the file keeps the archive's related incidents and text matches
//! ([`RelatedMemo`]), each with the hash of everything it was computed from, so that a rebuild
//! in which no compared text, term or slug changed does not rank them again; and each
//! incident's search words, by the hash of every text they are read from, so that the render
//! does not read them from an unchanged incident again.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::archive::RelatedMemo;
use crate::config::Config;
use crate::load::Loaded;
use crate::load_cache::{fingerprint, load_one};
use crate::render::search::Searchable;
use crate::source::SourceFile;
use crate::text::Normalized;
use layout::{MAGIC, OURS, Stored, Tail};

/// Each incident's search words, by the key of the texts they were read from.
pub(crate) type Words = Vec<(u128, Arc<Searchable>)>;

/// Loads of the last build by source path, with its related incidents and search words: read
/// from disk at the start of a build; when anything changed, written anew beside it and put in
/// place when the build succeeds.
#[derive(Debug)]
pub struct BuildCache {
    path: PathBuf,
    /// What identifies the running executable; entries of any other are ignored.
    binary: [u8; 16],
    entries: HashMap<String, (SourceKey, Loaded)>,
    /// The related incidents and text matches of the last build, updated by this one.
    memo: RelatedMemo,
    /// The search words of the last build's incidents until taken by the render, then those of
    /// this build's.
    words: Words,
    /// The cache file being written for this build, its entries written, the related incidents
    /// and search words still to come: finished and renamed over `path` by [`Self::commit`],
    /// removed if the build does not get that far.
    pending: Option<(PathBuf, BufWriter<File>)>,
    /// Whether `path` holds a file coroner did not write (left as it is).
    foreign: bool,
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
            words: Words::new(),
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
        let Ok(tail) = postcard::from_bytes::<Tail>(rest) else {
            return;
        };
        if stored.config != fingerprint(config) {
            return;
        }
        let (entries, (memo, words)) = rayon::join(
            || layout::decode::<(SourceKey, Loaded)>(&stored.chunks),
            || {
                rayon::join(
                    || layout::decode_one::<RelatedMemo>(tail.related.0, tail.related.1),
                    || layout::decode::<(u128, Arc<Searchable>)>(&tail.words),
                )
            },
        );
        // Any damaged part leaves the whole cache empty, so that it is written anew.
        if let (Some(entries), Some(memo), Some(words)) = (entries, memo, words) {
            self.entries = entries
                .into_iter()
                .map(|(key, loaded)| (key.rel.clone(), (key, loaded)))
                .collect();
            self.memo = memo;
            self.words = words;
        }
    }

    /// The related incidents and text matches of the last build, for
    /// [`crate::archive::Archive::build_with`] to reuse and update; [`Self::commit`] keeps them.
    pub fn related(&mut self) -> &mut RelatedMemo {
        &mut self.memo
    }

    /// The search words of the last build's incidents, for the render to start from
    /// ([`crate::render::RenderCache::with_words`]).
    pub(crate) fn take_words(&mut self) -> Words {
        std::mem::take(&mut self.words)
    }

    /// The search words of this build's incidents, for [`Self::commit`] to keep.
    pub(crate) fn keep_words(&mut self, words: Words) {
        self.words = words;
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
        let mut loaded: Vec<Loaded> = files
            .par_iter()
            .zip(cached)
            .map(|(f, hit)| match hit {
                Some(mut loaded) => {
                    restore_body(&mut loaded, f);
                    loaded
                }
                None => load_one(f, config),
            })
            .collect();
        if !complete && !self.foreign && self.binary != [0; 16] {
            let bodies = take_bodies(&mut loaded);
            self.pending = self.write_pending(keys, &loaded, config).ok();
            put_bodies(&mut loaded, bodies);
        }
        loaded
    }

    /// Finishes the cache begun by [`Self::load_all`] with the memo of related incidents and
    /// the search words, and puts it in place of the previous one (for a build that succeeded).
    pub fn commit(mut self) {
        let Some((pending, mut out)) = self.pending.take() else {
            return;
        };
        let mut finished = || -> std::io::Result<()> {
            let (related, words) = rayon::join(
                || postcard::to_allocvec(&self.memo),
                || layout::encode(&self.words),
            );
            let (related, words) = (
                related.map_err(std::io::Error::other)?,
                words.map_err(std::io::Error::other)?,
            );
            let tail = Tail {
                related: (xxh3_128(&related), &related),
                words: layout::hashed(&words),
            };
            postcard::to_io(&tail, &mut out).map_err(std::io::Error::other)?;
            out.flush()
        };
        let finished = finished();
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
            let chunks = layout::encode(&entries).map_err(std::io::Error::other)?;
            let stored = Stored {
                config: fingerprint(config).into(),
                chunks: layout::hashed(&chunks),
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

/// Takes every incident's body out of `loaded`, for [`put_bodies`] to put back: the cache does
/// not keep them, since a body is the end of its file's text, which every build reads anyway
/// (they were two fifths of the file).
fn take_bodies(loaded: &mut [Loaded]) -> Vec<Option<Arc<str>>> {
    loaded
        .iter_mut()
        .map(|l| {
            l.incident
                .as_mut()
                .map(|i| std::mem::replace(&mut i.body, "".into()))
        })
        .collect()
}

/// Puts back the bodies [`take_bodies`] took.
fn put_bodies(loaded: &mut [Loaded], bodies: Vec<Option<Arc<str>>>) {
    for (l, body) in loaded.iter_mut().zip(bodies) {
        if let (Some(incident), Some(body)) = (l.incident.as_mut(), body) {
            incident.body = body;
        }
    }
}

/// Gives an incident taken from the cache its body again, from `file`: the very text it was
/// loaded from (its bytes hash the same), split as loading splits it.
fn restore_body(loaded: &mut Loaded, file: &SourceFile) {
    if let Some(incident) = loaded.incident.as_mut() {
        incident.body = crate::frontmatter::split(&file.text).body.into();
    }
}

mod layout;
mod pending;
#[cfg(test)]
mod tests;
