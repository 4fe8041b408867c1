//! Finding many keywords at once, case-insensitively and at word starts, in one pass over the
//! text (Aho-Corasick). The automaton for a set of keywords is built once per process and
//! shared, because the same taxonomy is matched against every file of an archive.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, RwLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Keywords in groups (one group per category or service).
pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// For each pattern: its group, and whether it must end at a word end.
    patterns: Vec<(usize, bool)>,
}

/// One keyword found: its group and pattern number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The group the keyword belongs to.
    pub group: usize,
    /// The keyword's index among all patterns.
    pub pattern: usize,
}

impl Matcher {
    /// Builds a matcher. With `stems`, keywords of five letters or more also match longer words
    /// (`misconfigur` finds `misconfigured`); shorter ones, and all keywords without `stems`,
    /// must match whole words (a plural `s` is allowed).
    pub fn new(groups: &[Vec<String>], stems: bool) -> Matcher {
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (g, list) in groups.iter().enumerate() {
            for w in list {
                let w = w.trim().to_lowercase();
                if w.is_empty() {
                    continue;
                }
                patterns.push((g, !stems || w.chars().count() < 5));
                words.push(w);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok();
        Matcher { ac, patterns }
    }

    /// Every keyword occurrence in `text` that starts a word (overlaps included).
    pub fn hits(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let b = text.as_bytes();
        let is_word = |i: usize| {
            b.get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
        };
        ac.find_overlapping_iter(text)
            .filter_map(|m| {
                let (group, whole) = self.patterns[m.pattern().as_usize()];
                if m.start() > 0 && is_word(m.start() - 1) && is_word(m.start()) {
                    return None;
                }
                let end = m.end();
                let ends_word = !is_word(end)
                    || !is_word(end.saturating_sub(1))
                    || (matches!(b.get(end), Some(b's' | b'S')) && !is_word(end + 1));
                (!whole || ends_word).then_some(Hit {
                    group,
                    pattern: m.pattern().as_usize(),
                })
            })
            .collect()
    }
}

type Cache = RwLock<HashMap<u64, Arc<Matcher>>>;

static CACHE: LazyLock<Cache> = LazyLock::new(|| RwLock::new(HashMap::new()));

/// The shared matcher for these keyword groups, built on first use.
pub fn shared(groups: &[Vec<String>], stems: bool) -> Arc<Matcher> {
    let mut h = DefaultHasher::new();
    groups.hash(&mut h);
    stems.hash(&mut h);
    let key = h.finish();
    if let Some(m) = CACHE.read().ok().and_then(|c| c.get(&key).cloned()) {
        return m;
    }
    let m = Arc::new(Matcher::new(groups, stems));
    if let Ok(mut c) = CACHE.write() {
        // Archives use one taxonomy; a bounded cache keeps tests that build many from growing it.
        if c.len() > 64 {
            c.clear();
        }
        c.insert(key, Arc::clone(&m));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(g: &[&[&str]]) -> Vec<Vec<String>> {
        g.iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn matches_at_word_starts_with_stems() {
        let m = Matcher::new(&groups(&[&["misconfigur", "dns"], &["port"]]), true);
        let hits = m.hits("A Misconfigured DNS entry; the report named ports and portals.");
        let found: Vec<usize> = hits.iter().map(|h| h.pattern).collect();
        // `report` and `portals` are not the short keyword `port`; `ports` is.
        assert_eq!(found, [0, 1, 2]);
    }

    #[test]
    fn whole_words_without_stems_and_shared_instances() {
        let g = groups(&[&["checkout", "checkout-api"]]);
        let m = shared(&g, false);
        assert_eq!(m.hits("checkout-api and checkouts, not checkoutx").len(), 3);
        assert!(Arc::ptr_eq(&m, &shared(&g, false)));
    }
}
