//! Memoized rendering for `coroner serve`. Every rebuild still builds every view from the whole
//! archive; what is skipped is only the expensive step from a view to its HTML (Tera, Markdown),
//! and only when a 128-bit hash of that step's *complete* input matches one seen before. Nothing
//! is invalidated by guessing what a change touches, so a page can never be served stale: any
//! change to a page's view, a template, the site values or the live-reload script changes its key.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

mod digest;

use digest::Digest;

/// A 128-bit hash (XXH3) of a sequence of byte strings, each length-prefixed so that the split
/// between parts is part of the key (`"ab" + "c"` and `"a" + "bc"` differ). The hashes never
/// leave the process; they only need to be well mixed and 128 bits wide so that two different
/// inputs meeting on one key is not a practical concern.
pub struct Key(Xxh3);

impl Key {
    /// A key for one kind of memoized step (`"row"`, `"page"`, ...), so kinds never collide.
    pub fn new(kind: &str) -> Self {
        Key(Xxh3::new()).part(kind.as_bytes())
    }

    /// Adds one part of the input.
    pub fn part(mut self, bytes: &[u8]) -> Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a value, as everything its `Serialize` gives (what Tera itself renders from),
    /// streamed into the hash; `None` when it cannot be serialized, in which case the caller
    /// must not use the cache.
    pub fn value<T: Serialize + ?Sized>(self, value: &T) -> Option<Self> {
        thread_local! {
            // One buffer per render thread, reused by every key it computes.
            static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BYTES.with(|cell| {
            // A value being serialized never asks for another key, but if it ever did, a
            // fresh buffer keeps the outer one intact.
            let mut own = Vec::new();
            let mut borrowed = cell.try_borrow_mut();
            let bytes = match borrowed.as_deref_mut() {
                Ok(buffer) => buffer,
                Err(_) => &mut own,
            };
            bytes.clear();
            value.serialize(&mut Digest(bytes)).ok()?;
            Some(self.part(bytes))
        })
    }

    /// Adds the keys of the memoized pieces a value holds (rows, feed entries), in order, in
    /// place of the pieces themselves; `None` when one of them has no key.
    pub fn keys(self, keys: impl IntoIterator<Item = Option<u128>>) -> Option<Self> {
        keys.into_iter()
            .try_fold(self, |k, key| key.map(|key| k.part(&key.to_le_bytes())))
    }

    /// The finished 128-bit key.
    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// One memo table: values by key, each stamped with the last rebuild that used it.
struct Memo<V> {
    map: Mutex<HashMap<u128, (V, u64)>>,
}

impl<V: Clone> Memo<V> {
    fn new() -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, (V, u64)>> {
        // A panic in another render thread cannot leave a half-written entry: inserts are whole.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value for `key`, computed by `make` (outside the lock) when it is not known.
    fn get_or<E>(
        &self,
        key: u128,
        generation: u64,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(entry) = self.lock().get_mut(&key) {
            entry.1 = generation;
            return Ok(entry.0.clone());
        }
        let value = make()?;
        self.lock().insert(key, (value.clone(), generation));
        Ok(value)
    }

    fn insert(&self, key: u128, value: V, generation: u64) {
        self.lock().insert(key, (value, generation));
    }

    fn get(&self, key: u128, generation: u64) -> Option<V> {
        let mut map = self.lock();
        let entry = map.get_mut(&key)?;
        entry.1 = generation;
        Some(entry.0.clone())
    }

    fn evict(&self, generation: u64) {
        self.lock().retain(|_, e| e.1 == generation);
    }

    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// What the renders of one server remember: incident rows, Markdown bodies and whole pages.
pub struct RenderCache {
    /// `false` for one-off renders (`coroner build`), which would never hit: no key is computed.
    enabled: bool,
    /// Whether search words are remembered: by a server's cache, and by the cache of a build
    /// that starts from the words of the last build ([`RenderCache::with_words`]).
    words_enabled: bool,
    generation: AtomicU64,
    rows: Memo<String>,
    markdown: Memo<Arc<str>>,
    pages: Memo<bytes::Bytes>,
    words: Memo<Arc<super::search::Searchable>>,
    /// The theme's templates as last compiled, with the hash of every template's name and bytes.
    templates: Mutex<Option<(u128, tera::Tera)>>,
}

impl Default for RenderCache {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for RenderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderCache")
            .field("entries", &self.len())
            .finish()
    }
}

impl RenderCache {
    /// An empty cache, for a server's successive renders.
    pub fn new() -> Self {
        RenderCache {
            enabled: true,
            words_enabled: true,
            generation: AtomicU64::new(0),
            rows: Memo::new(),
            markdown: Memo::new(),
            pages: Memo::new(),
            words: Memo::new(),
            templates: Mutex::new(None),
        }
    }

    /// A cache that remembers nothing and hashes nothing: every step runs, as in a plain render.
    pub fn disabled() -> Self {
        RenderCache {
            enabled: false,
            words_enabled: false,
            ..Self::new()
        }
    }

    /// A cache for one `coroner build` that remembers only each incident's search words,
    /// starting with `words` (those the last build kept, by key); everything else runs as in
    /// a plain render. After the render, [`RenderCache::remembered_words`] gives the words of
    /// this one.
    pub(crate) fn with_words(words: Vec<(u128, Arc<super::search::Searchable>)>) -> Self {
        let cache = RenderCache {
            words_enabled: true,
            ..Self::disabled()
        };
        // Generation 0 comes before any render's: entries the render does not use are dropped
        // when it finishes.
        cache
            .words
            .lock()
            .extend(words.into_iter().map(|(k, w)| (k, (w, 0))));
        cache
    }

    /// The search words of the last finished render, by key, in the order of their keys (so
    /// that the same words are always kept the same way).
    pub(crate) fn remembered_words(&self) -> Vec<(u128, Arc<super::search::Searchable>)> {
        let mut words: Vec<_> = self
            .words
            .lock()
            .iter()
            .map(|(k, (w, _))| (*k, Arc::clone(w)))
            .collect();
        words.sort_unstable_by_key(|(k, _)| *k);
        words
    }

    /// A key of `kind` to build on, or `None` when this cache is disabled.
    pub(super) fn key(&self, kind: &str) -> Option<Key> {
        self.enabled.then(|| Key::new(kind))
    }

    /// A key for an incident's search words, or `None` when words are not remembered.
    pub(super) fn words_key(&self) -> Option<Key> {
        self.words_enabled.then(|| Key::new("words"))
    }

    /// Whether this cache remembers anything (it is not [`RenderCache::disabled`]).
    pub(super) fn remembers(&self) -> bool {
        self.enabled
    }

    /// How many rows, Markdown bodies and pages are remembered.
    pub fn len(&self) -> usize {
        self.rows.len() + self.markdown.len() + self.pages.len() + self.words.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Starts a render; its number stamps every entry it uses.
    pub(super) fn begin(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Ends a successful render: entries it did not use are dropped, so memory follows the site.
    pub(super) fn finish(&self, generation: u64) {
        self.rows.evict(generation);
        self.markdown.evict(generation);
        self.pages.evict(generation);
        self.words.evict(generation);
    }

    pub(super) fn row<E>(
        &self,
        key: u128,
        generation: u64,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        self.rows.get_or(key, generation, make)
    }

    pub(super) fn page<E>(
        &self,
        key: u128,
        generation: u64,
        make: impl FnOnce() -> Result<bytes::Bytes, E>,
    ) -> Result<bytes::Bytes, E> {
        self.pages.get_or(key, generation, make)
    }

    pub(super) fn words(
        &self,
        key: Option<u128>,
        generation: u64,
        make: impl FnOnce() -> Arc<super::search::Searchable>,
    ) -> Arc<super::search::Searchable> {
        let Some(key) = key else {
            return make();
        };
        let ok: Result<_, std::convert::Infallible> =
            self.words.get_or(key, generation, || Ok(make()));
        match ok {
            Ok(words) => words,
            Err(never) => match never {},
        }
    }

    /// The theme's compiled templates: a copy of the last compilation when `key` (the hash of
    /// every template's name and bytes) is unchanged, else compiled by `compile` (and
    /// remembered when enabled).
    pub(super) fn templates<E>(
        &self,
        key: u128,
        compile: impl FnOnce() -> Result<tera::Tera, E>,
    ) -> Result<tera::Tera, E> {
        if !self.enabled {
            return compile();
        }
        let mut last = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, tera)) = last.as_ref()
            && *k == key
        {
            return Ok(tera.clone());
        }
        let tera = compile()?;
        *last = Some((key, tera.clone()));
        Ok(tera)
    }

    /// The search words remembered under `key`, marked as used by this render.
    pub(super) fn known_words(
        &self,
        key: u128,
        generation: u64,
    ) -> Option<Arc<super::search::Searchable>> {
        self.words.get(key, generation)
    }

    /// Remembers search words under `key` for this render.
    pub(super) fn remember_words(
        &self,
        key: u128,
        words: Arc<super::search::Searchable>,
        generation: u64,
    ) {
        self.words.insert(key, words, generation);
    }

    pub(super) fn markdown(&self, key: u128, generation: u64) -> Option<Arc<str>> {
        self.markdown.get(key, generation)
    }

    pub(super) fn remember_markdown(&self, key: u128, html: Arc<str>, generation: u64) {
        self.markdown.insert(key, html, generation);
    }
}
