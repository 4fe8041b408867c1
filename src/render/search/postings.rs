//! The word index: each incident's distinct words (remembered between rebuilds of `coroner
//! serve`), merged into one sorted list of words with the incidents that hold them.

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::{SHARD_BYTES, SUMMARY_CHARS, shorten, words};
use crate::archive::{Archive, IndexKind};
use crate::incident::Incident;
use crate::markdown;
use crate::render::cache::RenderCache;

/// What the search index takes from one incident: its distinct words, each with its hash
/// (computed once, so merging never hashes a word again), and its summary as the index shows it.
#[derive(Debug)]
pub(crate) struct Searchable {
    /// Distinct words with their 64-bit XXH3 hash.
    pub words: Vec<(u64, String)>,
    /// The summary as plain text, cut to [`SUMMARY_CHARS`].
    pub summary: String,
}

/// Every incident's [`Searchable`], in archive order.
pub(super) fn searchables(
    archive: &Archive,
    cache: &RenderCache,
    generation: u64,
) -> Vec<Arc<Searchable>> {
    archive
        .incidents
        .par_iter()
        .map(|inc| searchable(inc, archive, cache, generation))
        .collect()
}

/// The distinct words by which an incident can be found: its front matter, the labels of its
/// terms, its action items and its body text. Memoized on every one of those texts (the body
/// as written, since its plain text is a function of it).
fn searchable(
    inc: &Incident,
    archive: &Archive,
    cache: &RenderCache,
    generation: u64,
) -> Arc<Searchable> {
    let mut texts: Vec<&str> = vec![&inc.title];
    texts.extend(inc.summary.as_deref());
    texts.extend(inc.trigger.as_deref());
    texts.extend(inc.impact.as_deref());
    texts.extend(inc.authors.iter().map(String::as_str));
    texts.extend(inc.action_items.iter().map(|a| a.title.as_str()));
    let mut labels = Vec::new();
    for kind in IndexKind::ALL {
        let index = archive.index_of(kind);
        for value in kind.values(inc) {
            if let Some(term) = index.term_for(&value) {
                labels.push(Cow::Borrowed(term.id.as_str()));
                labels.push(Cow::Borrowed(term.label.as_str()));
            }
            labels.push(value);
        }
    }
    texts.extend(labels.iter().map(|l| l.as_ref()));
    // The summary is a text of its own in the key: with it absent, `texts` shifts by one.
    let key = cache.key("words").map(|k| {
        texts
            .iter()
            .fold(
                k.part(inc.body.as_bytes())
                    .part(&[u8::from(inc.summary.is_some())]),
                |k, t| k.part(t.as_bytes()),
            )
            .finish()
    });
    cache.words(key, generation, || {
        let body = markdown::plain_text(&inc.body);
        let mut set: FxHashSet<String> = FxHashSet::default();
        for word in std::iter::once(body.as_str())
            .chain(texts.iter().copied())
            .flat_map(words::words)
        {
            // Allocate only for words not seen yet in this incident.
            if !set.contains(word.as_ref()) {
                set.insert(word.into_owned());
            }
        }
        Arc::new(Searchable {
            words: set
                .into_iter()
                .map(|w| (xxhash_rust::xxh3::xxh3_64(w.as_bytes()), w))
                .collect(),
            summary: shorten(
                &markdown::plain_text(inc.summary.as_deref().unwrap_or_default()),
                SUMMARY_CHARS,
            ),
        })
    })
}

/// A word with its precomputed hash, as a map key: hashing it costs nothing.
#[derive(Clone, Copy)]
struct Hashed<'a> {
    hash: u64,
    word: &'a str,
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.word == other.word
    }
}

impl Eq for Hashed<'_> {}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A hasher that passes a [`Hashed`] key's own hash through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is ever called (by `Hashed`); anything else is folded in anyway.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Postings<'a> =
    std::collections::HashMap<Hashed<'a>, Vec<u32>, BuildHasherDefault<PassThrough>>;

/// Every word of every incident with the incidents that contain it, encoded and sharded.
pub(super) fn word_shards(found: &[Arc<Searchable>]) -> Vec<Vec<(String, String)>> {
    // Words are split between the threads by hash; each thread reads every incident in order
    // but keeps only its own words, so each list of ids comes out sorted and no word is shared.
    let parts = rayon::current_num_threads().max(1) as u64;
    let mut entries: Vec<(String, String)> = (0..parts)
        .into_par_iter()
        .flat_map_iter(|part| {
            let mut postings: Postings = Postings::default();
            for (i, searchable) in found.iter().enumerate() {
                for (hash, word) in &searchable.words {
                    if hash % parts == part {
                        let key = Hashed { hash: *hash, word };
                        postings.entry(key).or_default().push(i as u32);
                    }
                }
            }
            postings
                .into_iter()
                .map(|(k, ids)| (k.word.to_string(), words::encode(&ids)))
        })
        .collect();
    entries.par_sort_unstable_by(|a, b| words::js_order(&a.0, &b.0));
    words::shard(entries, SHARD_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn searchable(words: &[&str]) -> Arc<Searchable> {
        Arc::new(Searchable {
            words: words
                .iter()
                .map(|w| (xxhash_rust::xxh3::xxh3_64(w.as_bytes()), w.to_string()))
                .collect(),
            summary: String::new(),
        })
    }

    #[test]
    fn every_word_lists_its_incidents_in_order() {
        let found = [
            searchable(&["dns", "outage"]),
            searchable(&["outage", "certificate"]),
            searchable(&["dns", "certificate", "outage"]),
        ];
        let shards = word_shards(&found);
        let all: Vec<(String, Vec<u32>)> = shards
            .into_iter()
            .flatten()
            .map(|(w, e)| (w, words::decode(&e).unwrap()))
            .collect();
        assert_eq!(
            all,
            vec![
                ("certificate".to_string(), vec![1, 2]),
                ("dns".to_string(), vec![0, 2]),
                ("outage".to_string(), vec![0, 1, 2]),
            ]
        );
    }

    #[test]
    fn words_whose_hashes_meet_stay_apart() {
        // Two words given one hash must still be two entries.
        let found = [Arc::new(Searchable {
            words: vec![(7, "alpha".into()), (7, "beta".into())],
            summary: String::new(),
        })];
        let words: Vec<String> = word_shards(&found)
            .into_iter()
            .flatten()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(words, ["alpha", "beta"]);
    }
}
