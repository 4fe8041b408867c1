//! The layout of the build cache's file: a header, the configuration's fingerprint and the
//! loads of the postmortems, then the related incidents and the search words. Every part
//! carries the XXH3-128 of its bytes, so that a damaged file is never read as a cache.

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// The first bytes of every cache file: what it is and the version of its layout.
pub(super) const MAGIC: &[u8; 16] = b"coroner cache 7\n";

/// What every layout's first bytes begin with: a file that does is coroner's, to replace.
pub(super) const OURS: &[u8] = b"coroner cache ";

/// How many items one chunk of a part holds: chunks are encoded and decoded in parallel.
const CHUNK: usize = 128;

/// A part of the file in chunks of [`CHUNK`] items, each encoded on its own with the XXH3-128
/// of its bytes.
pub(super) type Chunks<'a> = Vec<(u128, &'a [u8])>;

/// The file after its header and the executable's hash: the configuration's fingerprint and
/// the loads, written as the postmortems are loaded.
#[derive(Serialize, Deserialize)]
pub(super) struct Stored<'a> {
    /// The fingerprint of the configuration every entry was loaded with.
    pub config: std::borrow::Cow<'a, str>,
    /// The entries, `(SourceKey, Loaded)` each, every incident without its body (the end of
    /// its file's text, put back when it is read).
    #[serde(borrow)]
    pub chunks: Chunks<'a>,
}

/// What follows [`Stored`], written when the build has succeeded: the related incidents
/// (`RelatedMemo`, one part with its hash) and every incident's search words with their key.
#[derive(Serialize, Deserialize)]
pub(super) struct Tail<'a> {
    /// The encoded memo of related incidents and text matches, with its hash.
    #[serde(borrow)]
    pub related: (u128, &'a [u8]),
    /// The search words, `(u128, Searchable)` each.
    #[serde(borrow)]
    pub words: Chunks<'a>,
}

/// `items` encoded in chunks of [`CHUNK`], in parallel.
pub(super) fn encode<T: Serialize + Sync>(items: &[T]) -> Result<Vec<Vec<u8>>, postcard::Error> {
    items.par_chunks(CHUNK).map(postcard::to_allocvec).collect()
}

/// The encoded chunks with their hashes, as [`Chunks`] are stored.
pub(super) fn hashed(chunks: &[Vec<u8>]) -> Chunks<'_> {
    chunks.iter().map(|c| (xxh3_128(c), c.as_slice())).collect()
}

/// One hashed part decoded, or `None` when its bytes do not match their hash or do not decode.
pub(super) fn decode_one<T: DeserializeOwned>(hash: u128, bytes: &[u8]) -> Option<T> {
    (xxh3_128(bytes) == hash)
        .then(|| postcard::from_bytes(bytes).ok())
        .flatten()
}

/// Every item of `chunks`, in order, decoded in parallel; `None` when any chunk is damaged.
pub(super) fn decode<T: DeserializeOwned + Send>(chunks: &Chunks<'_>) -> Option<Vec<T>> {
    let decoded: Option<Vec<Vec<T>>> = chunks
        .par_iter()
        .map(|&(hash, bytes)| decode_one(hash, bytes))
        .collect();
    Some(decoded?.into_iter().flatten().collect())
}
