//! The terms of an incident's text: which text is compared (summary and root-cause sections),
//! and how it becomes counted words and word pairs, hashed without allocating per word.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::stop_words::STOP_WORDS;
use crate::incident::Incident;

/// A map keyed by term hashes, which are already well mixed: hashing them again is wasted work.
pub(super) type TermMap<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// The identity [`Hasher`] of [`TermMap`].
#[derive(Default)]
pub(super) struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv_continue(self.0, bytes);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// One distinct term of a text: its hash, how often it occurs, and where it first occurs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    /// FNV-1a of the term (words joined by one space).
    pub hash: u64,
    /// Occurrences.
    pub tf: u32,
    /// Byte range of the first occurrence in the text, to show the term as a reason.
    pub start: u32,
    /// End of that range.
    pub end: u32,
}

/// The text compared, lowercased: the summary and every section whose heading speaks of a
/// cause, without fenced code (log excerpts would make every incident of a service alike).
pub fn text_of(incident: &Incident) -> String {
    let mut text = incident.summary.clone().unwrap_or_default();
    let lines: Vec<&str> = crate::text::lines(&incident.body).collect();
    let headings = &incident.headings;
    for (h, heading) in headings.iter().enumerate() {
        if !heading.text.to_lowercase().contains("cause") {
            continue;
        }
        let line_of = |line: usize| line.saturating_sub(incident.body_line);
        let start = line_of(heading.line) + 1;
        let end = headings[h + 1..]
            .iter()
            .find(|next| next.level <= heading.level)
            .map_or(lines.len(), |next| line_of(next.line));
        let mut fenced = false;
        for line in lines.get(start..end.max(start)).unwrap_or(&[]) {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fenced = !fenced;
                continue;
            }
            if !fenced {
                text.push('\n');
                text.push_str(line);
            }
        }
    }
    text.to_lowercase()
}

/// Counts the words and adjacent word pairs of `text` (lowercase), skipping stop words and
/// numbers; a pair never spans a skipped word, punctuation or a blank line, so `pool. Timeout`
/// is no pair.
pub(super) fn count_terms(text: &str) -> Vec<Counted> {
    let mut counts: TermMap<Counted> =
        TermMap::with_capacity_and_hasher(text.len() / 4, Default::default());
    let mut add = |hash: u64, start: usize, end: usize| {
        counts
            .entry(hash)
            .or_insert(Counted {
                hash,
                tf: 0,
                start: start as u32,
                end: end as u32,
            })
            .tf += 1;
    };
    // The previous kept word: its start and hash, while a pair with the next word is possible.
    let mut previous: Option<(usize, u64)> = None;
    for_each_word(text, |start, end, broken| {
        let word = &text[start..end];
        let hash = fnv_continue(FNV_OFFSET, word.as_bytes());
        let kept = keep(word, hash);
        if broken || !kept {
            previous = None;
        }
        if !kept {
            return;
        }
        if let Some((p_start, p_hash)) = previous {
            // FNV-1a is sequential, so the pair's hash continues the first word's: no string needed.
            add(
                fnv_continue(fnv_continue(p_hash, b" "), word.as_bytes()),
                p_start,
                end,
            );
        }
        add(hash, start, end);
        previous = Some((start, hash));
    });
    counts.into_values().collect()
}

/// Calls `f(start, end, broken)` for each word (letters, digits, inner `-` and `_`) of `text`,
/// where `broken` says punctuation or a blank line came since the previous word.
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, bool)) {
    let bytes = text.as_bytes();
    let mut broken = true;
    let mut start: Option<usize> = None;
    let mut last = b' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII is read byte by byte; only other characters are decoded.
        let (in_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'-' || b == b'_', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if in_word {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                emit(text, s, i, &mut broken, &mut f);
            }
            if !(b == b' ' || b == b'\t' || (b == b'\n' && last != b'\n')) {
                broken = true;
            }
        }
        last = b;
        i += len;
    }
    if let Some(s) = start {
        emit(text, s, text.len(), &mut broken, &mut f);
    }
}

/// Passes the word `text[s..e]`, without leading and trailing `-` and `_`, to `f`.
fn emit(text: &str, s: usize, e: usize, broken: &mut bool, f: &mut impl FnMut(usize, usize, bool)) {
    let word = &text[s..e];
    let trimmed = word.trim_matches(['-', '_']);
    if !trimmed.is_empty() {
        let from = s + (word.len() - word.trim_start_matches(['-', '_']).len());
        f(from, from + trimmed.len(), *broken);
        *broken = false;
    }
}

/// Whether a word (with its hash) is worth indexing: not short, not a number, not a stop word.
fn keep(word: &str, hash: u64) -> bool {
    word.len() >= 3
        && !word.bytes().any(|b| b.is_ascii_digit())
        && STOP_HASHES.binary_search(&hash).is_err()
}

/// The hashes of [`STOP_WORDS`], sorted: comparing integers is cheaper than comparing words.
static STOP_HASHES: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut hashes: Vec<u64> = STOP_WORDS
        .iter()
        .map(|w| fnv_continue(FNV_OFFSET, w.as_bytes()))
        .collect();
    hashes.sort_unstable();
    hashes
});

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash`: a fast, stable 64-bit hash of a term
/// (collisions at this width are negligible).
fn fnv_continue(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A term as shown in a reason: its first occurrence with runs of whitespace made one space.
pub(super) fn display(text: &str, c: &Counted) -> String {
    let span = text.get(c.start as usize..c.end as usize).unwrap_or("");
    crate::text::one_line(span).into_owned()
}
