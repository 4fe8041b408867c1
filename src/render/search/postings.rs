//! The word index: each incident's distinct words (remembered between rebuilds of `coroner
//! serve`, and between builds in `coroner build`'s cache), merged into one sorted list of words
//! with the incidents that hold them.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::{SHARD_BYTES, SUMMARY_CHARS, shorten, words};
use crate::archive::{Archive, IndexKind};
use crate::incident::Incident;
use crate::markdown;
use crate::render::cache::{Key, RenderCache};

/// What the search index takes from one incident: its distinct words, each with its hash
/// (computed once, so merging never hashes a word again), and its summary as the index shows it.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "super::stored::Unchecked")]
pub(crate) struct Searchable {
    /// The distinct words end to end, in one allocation rather than one per word.
    text: String,
    /// Each distinct word: 32 bits of its XXH3 hash and where it ends in `text` (it starts
    /// where the one before it ends). Every incident's words are kept until the index is
    /// built, about 4 million at 10,000 incidents: 8 bytes a word rather than 16 with the
    /// whole hash. Words whose 32 bits meet are still told apart by their text.
    #[serde(with = "super::stored::ends")]
    ends: Vec<(u32, u32)>,
    /// The summary as plain text, cut to [`SUMMARY_CHARS`].
    pub summary: String,
}

impl Searchable {
    /// A `Searchable` of parts whose word ends are known to lie within `text`, in order.
    pub(super) fn from_parts(text: String, ends: Vec<(u32, u32)>, summary: String) -> Self {
        Searchable {
            text,
            ends,
            summary,
        }
    }

    /// The distinct words with their table hashes (see [`spread`]), in the order they were
    /// first met.
    pub fn words(&self) -> impl Iterator<Item = (u64, &str)> + '_ {
        (0..self.ends.len()).map(|i| (spread(self.ends[i].0), word_at(&self.text, &self.ends, i)))
    }

    /// The words of a text made of `words`, with no summary (for tests elsewhere in the crate).
    #[cfg(test)]
    pub(crate) fn of_words(words: &[&str]) -> Arc<Searchable> {
        let mut distinct = Distinct::default();
        for w in words {
            distinct.add(w);
        }
        Arc::new(distinct.take(String::new()))
    }
}

/// A word's 64-bit table hash from the 32 bits kept of it: the multiplication carries them
/// into the high bits, which the hash tables read as well as the low ones.
fn spread(kept: u32) -> u64 {
    u64::from(kept).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Word `i` of words stored end to end in `text`, each ending where `ends` says.
fn word_at<'a>(text: &'a str, ends: &[(u32, u32)], i: usize) -> &'a str {
    let start = i.checked_sub(1).map_or(0, |p| ends[p].1 as usize);
    &text[start..ends[i].1 as usize]
}

/// One place per incident for its [`Searchable`], filled by the job that renders its page.
pub(crate) type WordSlot = OnceLock<Arc<Searchable>>;

/// Collects the distinct words of one incident; its table is kept between incidents so a
/// thread allocates it once.
#[derive(Default)]
struct Distinct {
    /// Positions in `ends` of the words seen so far, found by their hash.
    seen: hashbrown::HashTable<u32>,
    text: String,
    ends: Vec<(u32, u32)>,
}

impl Distinct {
    /// An empty collection with room for the distinct words of a text of `text_len` bytes
    /// (about one word in every twelve bytes of a postmortem is new), so it is not grown word
    /// by word.
    fn for_text(text_len: usize) -> Distinct {
        let words = text_len / 12 + 64;
        Distinct {
            seen: hashbrown::HashTable::with_capacity(words),
            text: String::with_capacity(words * 8),
            ends: Vec::with_capacity(words),
        }
    }

    /// Adds `word` unless it is already there.
    fn add(&mut self, word: &str) {
        // The low half of XXH3, spread again for the table: the same hash the index is merged by.
        let kept = xxhash_rust::xxh3::xxh3_64(word.as_bytes()) as u32;
        let hash = spread(kept);
        let (text, ends) = (&self.text, &self.ends);
        if self
            .seen
            .find(hash, |&i| {
                ends[i as usize].0 == kept && word_at(text, ends, i as usize) == word
            })
            .is_some()
        {
            return;
        }
        let at = self.ends.len() as u32;
        self.text.push_str(word);
        self.ends.push((kept, self.text.len() as u32));
        let ends = &self.ends;
        self.seen
            .insert_unique(hash, at, |&i| spread(ends[i as usize].0));
    }

    /// The words collected, each buffer copied at its exact size (they are kept until the
    /// index is built), leaving the collection empty, with its room, for the next incident.
    fn take(&mut self, summary: String) -> Searchable {
        self.seen.clear();
        let found = Searchable {
            text: self.text.as_str().into(),
            ends: self.ends.clone(),
            summary,
        };
        self.text.clear();
        self.ends.clear();
        found
    }
}

/// Every incident's [`Searchable`], in archive order: those the incident pages collected
/// (`from_pages`), the others read here.
pub(super) fn searchables(
    archive: &Archive,
    cache: &RenderCache,
    generation: u64,
    from_pages: Option<&[WordSlot]>,
) -> Vec<Arc<Searchable>> {
    archive
        .incidents
        .par_iter()
        .enumerate()
        .map_init(Distinct::default, |distinct, (i, inc)| {
            match from_pages.and_then(|words| words.get(i)?.get()) {
                Some(found) => Arc::clone(found),
                None => searchable(inc, archive, cache, generation, distinct),
            }
        })
        .collect()
}

/// What an incident can be found by besides its body: its front matter, its action items and
/// the ids and labels of its terms, in a fixed order.
fn texts<'a>(inc: &'a Incident, archive: &'a Archive) -> Vec<Cow<'a, str>> {
    let mut texts: Vec<Cow<'a, str>> = vec![Cow::Borrowed(&inc.title)];
    texts.extend(inc.summary.as_deref().map(Cow::Borrowed));
    texts.extend(inc.trigger.as_deref().map(Cow::Borrowed));
    texts.extend(inc.impact.as_deref().map(Cow::Borrowed));
    texts.extend(inc.authors.iter().map(|a| Cow::Borrowed(a.as_str())));
    texts.extend(
        inc.action_items
            .iter()
            .map(|a| Cow::Borrowed(a.title.as_str())),
    );
    for kind in IndexKind::ALL {
        let index = archive.index_of(kind);
        for value in kind.values(inc) {
            if let Some(term) = index.term_for(&value) {
                texts.push(Cow::Borrowed(term.id.as_str()));
                texts.push(Cow::Borrowed(term.label.as_str()));
            }
            texts.push(value);
        }
    }
    texts
}

/// The distinct words of an incident whose body's plain text is `body` (see [`texts`]).
fn collect(
    inc: &Incident,
    body: &str,
    texts: &[Cow<'_, str>],
    distinct: &mut Distinct,
) -> Arc<Searchable> {
    for text in std::iter::once(body).chain(texts.iter().map(|t| t.as_ref())) {
        words::for_each_word(text, |word| distinct.add(word));
    }
    let summary = shorten(
        &markdown::plain_text(inc.summary.as_deref().unwrap_or_default()),
        SUMMARY_CHARS,
    );
    Arc::new(distinct.take(summary))
}

/// An incident's [`Searchable`], given its body's [`markdown::plain_text`] (read by the parse
/// that renders the body).
fn searchable_with_body(inc: &Incident, archive: &Archive, body: &str) -> Arc<Searchable> {
    collect(
        inc,
        body,
        &texts(inc, archive),
        &mut Distinct::for_text(body.len()),
    )
}

/// The key an incident's words are memoized under, built on `k` ([`RenderCache::words_key`]):
/// every text they are read from (the body as written, since its plain text is a function of it).
fn words_key(inc: &Incident, texts: &[Cow<'_, str>], k: Key) -> u128 {
    // The summary is a text of its own in the key: with it absent, `texts` shifts by one.
    texts
        .iter()
        .fold(
            k.part(inc.body.as_bytes())
                .part(&[u8::from(inc.summary.is_some())]),
            |k, t| k.part(t.as_bytes()),
        )
        .finish()
}

/// The distinct words by which an incident can be found: its front matter, the labels of its
/// terms, its action items and its body text. Memoized on every one of those texts.
fn searchable(
    inc: &Incident,
    archive: &Archive,
    cache: &RenderCache,
    generation: u64,
    distinct: &mut Distinct,
) -> Arc<Searchable> {
    let texts = texts(inc, archive);
    let key = cache.words_key().map(|k| words_key(inc, &texts, k));
    cache.words(key, generation, || {
        collect(inc, &markdown::plain_text(&inc.body), &texts, distinct)
    })
}

/// An incident's texts ([`texts`]) with the key its words are memoized under, gathered once
/// by [`from_cache`] for both the lookup and, on a miss, the words read by [`remember`].
pub(crate) struct Keyed<'a> {
    key: u128,
    texts: Vec<Cow<'a, str>>,
}

/// For the job rendering `inc`'s page: fills `slot` with the incident's words when `cache`
/// remembers them (its texts unchanged), so the page's body need not give its plain text.
/// Returns the key and texts to read and remember the words with once the body has given its
/// plain text ([`remember`]).
pub(crate) fn from_cache<'a>(
    slot: &WordSlot,
    inc: &'a Incident,
    archive: &'a Archive,
    cache: &RenderCache,
    generation: u64,
) -> Option<Keyed<'a>> {
    // A cache that keeps no words is not looked in, and the texts are not gathered for it.
    let k = cache.words_key()?;
    let texts = texts(inc, archive);
    let key = words_key(inc, &texts, k);
    if let Some(found) = cache.known_words(key, generation) {
        let _ = slot.set(found);
    }
    Some(Keyed { key, texts })
}

/// Fills `slot` with `inc`'s words read from its body's plain text `body` (see
/// [`markdown::plain_text`]), unless it holds them already, and remembers them in `cache` under
/// the key [`from_cache`] gave.
pub(crate) fn remember(
    slot: &WordSlot,
    inc: &Incident,
    archive: &Archive,
    body: &str,
    cache: &RenderCache,
    keyed: Option<Keyed<'_>>,
    generation: u64,
) {
    let found = slot.get_or_init(|| match &keyed {
        Some(keyed) => collect(inc, body, &keyed.texts, &mut Distinct::for_text(body.len())),
        None => searchable_with_body(inc, archive, body),
    });
    if let Some(keyed) = keyed {
        cache.remember_words(keyed.key, Arc::clone(found), generation);
    }
}

/// Every word of every incident with the incidents that contain it, encoded and sharded.
pub(super) fn word_shards(found: &[Arc<Searchable>]) -> Vec<Vec<(String, String)>> {
    // Each thread lists the words of one run of consecutive incidents; the lists are then
    // joined in order, so every word's incidents come out sorted. (Splitting the words between
    // the threads instead had every thread read every incident, which no second core sped up.)
    let parts = rayon::current_num_threads().max(1);
    let chunk = found.len().div_ceil(parts).max(1);
    let mut tables = found
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, run)| {
            let mut postings = Postings::new();
            for (k, searchable) in run.iter().enumerate() {
                let i = (c * chunk + k) as u32;
                for (hash, word) in searchable.words() {
                    postings
                        .entry(hash, |e| e.0 == hash && e.1 == word, |e| e.0)
                        .or_insert((hash, word, Vec::new()))
                        .get_mut()
                        .2
                        .push(i);
                }
            }
            postings
        })
        .collect::<Vec<_>>()
        .into_iter();
    let mut all = tables.next().unwrap_or_default();
    for later in tables {
        for (hash, word, ids) in later {
            match all.entry(hash, |e| e.0 == hash && e.1 == word, |e| e.0) {
                hashbrown::hash_table::Entry::Occupied(mut known) => known.get_mut().2.extend(ids),
                hashbrown::hash_table::Entry::Vacant(new) => {
                    new.insert((hash, word, ids));
                }
            }
        }
    }
    let mut entries: Vec<(String, String)> = all
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(_, word, ids)| (word.to_string(), words::encode(&ids)))
        .collect();
    entries.par_sort_unstable_by(|a, b| words::js_order(&a.0, &b.0));
    words::shard(entries, SHARD_BYTES)
}

/// Each word met, keyed by the hash computed once per word (so a word is never hashed again),
/// with the incidents that hold it.
type Postings<'a> = hashbrown::HashTable<(u64, &'a str, Vec<u32>)>;

#[cfg(test)]
mod tests {
    use super::*;

    fn searchable(words: &[&str]) -> Arc<Searchable> {
        Searchable::of_words(words)
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
    fn distinct_words_whose_kept_hash_bits_meet_are_both_kept() {
        // Guards the 32 bits kept of each word's hash: two words that share them must stay two
        // words, in the incident's list and in the index. Such a pair is found by trying words
        // until two meet (about 80,000 tries by the birthday bound).
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0u32..)
            .map(|n| format!("w{n}"))
            .find_map(|w| {
                let kept = xxhash_rust::xxh3::xxh3_64(w.as_bytes()) as u32;
                seen.insert(kept, w.clone()).map(|other| (other, w))
            })
            .unwrap();
        let found = searchable(&[&a, &b, &a, &b]);
        let words: Vec<&str> = found.words().map(|(_, w)| w).collect();
        assert_eq!(words, [a.as_str(), b.as_str()]);
        let mut indexed: Vec<String> = word_shards(&[found])
            .into_iter()
            .flatten()
            .map(|(w, _)| w)
            .collect();
        indexed.sort();
        let mut expected = vec![a, b];
        expected.sort();
        assert_eq!(indexed, expected);
    }

    #[test]
    fn words_whose_hashes_meet_stay_apart() {
        // Two words given one hash must still be two entries.
        let found = [Arc::new(Searchable {
            text: "alphabeta".into(),
            ends: vec![(7, 5), (7, 9)],
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
