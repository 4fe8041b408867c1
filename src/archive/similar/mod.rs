//! Text similarity between incidents: TF-IDF cosine over the words and word pairs of each
//! summary and root-cause section, found through an inverted index and kept to the top few.
//!
//! Cost stays near-linear for large archives: each incident queries with its heaviest
//! [`QUERY_TERMS`] terms only, and each term's postings are cut to the [`POSTINGS`] incidents
//! where it weighs most, so one incident touches at most `QUERY_TERMS × POSTINGS` others.

use std::sync::Arc;

use rayon::prelude::*;

use crate::incident::Incident;

mod stop_words;
mod terms;
#[cfg(test)]
mod tests;

pub use terms::text_of;
use terms::{Counted, TermMap, count_terms};

/// Terms an incident is indexed and queried with: its heaviest by TF-IDF.
pub const QUERY_TERMS: usize = 16;
/// Incidents kept per term in the inverted index: those where the term weighs most.
pub const POSTINGS: usize = 100;
/// Matches kept per incident.
pub const TOP_K: usize = 8;
/// The lowest cosine counted as similar text.
pub const MIN_SCORE: f32 = 0.12;
/// Shared terms shown as the reason.
const REASON_TERMS: usize = 3;

/// An incident whose text is similar, and the terms that make it so.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TextMatch {
    /// Position in the archive's incidents.
    pub index: usize,
    /// Cosine similarity over the indexed terms, 0..=1.
    pub score: f32,
    /// The heaviest shared terms, e.g. `connection pool`, `timeout`.
    pub terms: Vec<String>,
}

/// One weighted term of an incident's text; its words are read from the text only when shown.
#[derive(Debug, Clone, Copy)]
struct Weighted {
    hash: u64,
    weight: f32,
    counted: Counted,
}

/// For every incident (same order), the incidents with the most similar text, best first.
pub fn similar_all(incidents: &[Incident]) -> Vec<Vec<TextMatch>> {
    similar_texts(incidents.par_iter().map(text_of).collect())
}

/// The text matches of the last rebuild, with the hash of every compared text in order.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SimilarMemo {
    last: Option<(u128, Arc<Vec<Vec<TextMatch>>>)>,
}

/// [`similar_all`], reused from `memo` when every compared text is unchanged (the result is
/// a function of the texts alone; other edits, such as a title, keep it).
pub fn similar_all_cached(
    incidents: &[Incident],
    memo: &mut SimilarMemo,
) -> Arc<Vec<Vec<TextMatch>>> {
    // Keyed by what `text_of` reads, so an unchanged archive costs a hash, not its texts;
    // each incident's part is hashed on its own, side by side, and the parts are then joined.
    let parts: Vec<u128> = incidents
        .par_iter()
        .map(|inc| {
            let k = crate::render::cache::Key::new("similar-text")
                .part(inc.summary.as_deref().unwrap_or_default().as_bytes())
                .part(&[u8::from(inc.summary.is_some())])
                .part(inc.body.as_bytes())
                .part(&inc.body_line.to_le_bytes())
                .part(&inc.headings.len().to_le_bytes());
            inc.headings
                .iter()
                .fold(k, |k, h| {
                    k.part(h.text.as_bytes())
                        .part(&[h.level])
                        .part(&h.line.to_le_bytes())
                })
                .finish()
        })
        .collect();
    let key = parts
        .iter()
        .fold(crate::render::cache::Key::new("similar"), |k, p| {
            k.part(&p.to_le_bytes())
        })
        .finish();
    if let Some((k, matches)) = &memo.last
        && *k == key
    {
        // Shared, not copied: thousands of matches with their terms.
        return Arc::clone(matches);
    }
    let matches = Arc::new(similar_all(incidents));
    memo.last = Some((key, Arc::clone(&matches)));
    matches
}

/// [`similar_all`] over the compared texts ([`text_of`]) of the incidents.
fn similar_texts(texts: Vec<String>) -> Vec<Vec<TextMatch>> {
    let n = texts.len();
    let counted: Vec<(String, Vec<Counted>)> = texts
        .into_par_iter()
        .map(|text| {
            let terms = count_terms(&text);
            (text, terms)
        })
        .collect();
    let df: TermMap<u32> = counted
        .par_iter()
        .fold(TermMap::default, |mut df, (_, terms)| {
            for t in terms {
                *df.entry(t.hash).or_insert(0) += 1;
            }
            df
        })
        .reduce(TermMap::default, |a, b| {
            let (mut a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
            for (h, c) in b {
                *a.entry(h).or_insert(0) += c;
            }
            a
        });
    let (texts, docs): (Vec<String>, Vec<Vec<Weighted>>) = counted
        .into_par_iter()
        .map(|(text, terms)| {
            let weighted = weigh(terms, &df, n);
            (text, weighted)
        })
        .unzip();
    let mut postings: TermMap<Vec<(u32, f32)>> = TermMap::default();
    for (d, terms) in docs.iter().enumerate() {
        for t in terms {
            postings
                .entry(t.hash)
                .or_default()
                .push((d as u32, t.weight));
        }
    }
    postings.par_iter_mut().for_each(|(_, list)| {
        if list.len() > POSTINGS {
            list.select_nth_unstable_by(POSTINGS, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(POSTINGS);
        }
    });
    (0..n)
        .into_par_iter()
        .map_init(
            || vec![0f32; n],
            |acc, i| matches_of(i, &docs, &texts, &postings, acc),
        )
        .collect()
}

fn matches_of(
    i: usize,
    docs: &[Vec<Weighted>],
    texts: &[String],
    postings: &TermMap<Vec<(u32, f32)>>,
    acc: &mut [f32],
) -> Vec<TextMatch> {
    let mut touched: Vec<u32> = Vec::new();
    for t in &docs[i] {
        for &(j, w) in postings.get(&t.hash).map_or(&[][..], Vec::as_slice) {
            if j as usize == i {
                continue;
            }
            if acc[j as usize] == 0.0 {
                touched.push(j);
            }
            acc[j as usize] += t.weight * w;
        }
    }
    // Highest score first; ties to the nearer incident in time, so the order is deterministic.
    let before = |a: (f32, u32), b: (f32, u32)| {
        b.0.total_cmp(&a.0)
            .then((a.1 as usize).abs_diff(i).cmp(&(b.1 as usize).abs_diff(i)))
            .then(a.1.cmp(&b.1))
            .is_lt()
    };
    // A running top-k by insertion: cheaper than collecting and selecting among thousands.
    let mut best: Vec<(f32, u32)> = Vec::with_capacity(TOP_K + 1);
    for &j in &touched {
        let candidate = (acc[j as usize], j);
        acc[j as usize] = 0.0;
        if candidate.0 < MIN_SCORE || (best.len() == TOP_K && !before(candidate, best[TOP_K - 1])) {
            continue;
        }
        let at = best
            .iter()
            .position(|&b| before(candidate, b))
            .unwrap_or(best.len());
        best.insert(at, candidate);
        best.truncate(TOP_K);
    }
    best.into_iter()
        .map(|(score, j)| TextMatch {
            index: j as usize,
            score: score.min(1.0),
            terms: shared_terms(&docs[i], &docs[j as usize], &texts[i]),
        })
        .collect()
}

/// The heaviest terms two texts share; a pair replaces its words, so `connection pool` is
/// shown rather than `connection`, `pool` and `connection pool`.
fn shared_terms(a: &[Weighted], b: &[Weighted], a_text: &str) -> Vec<String> {
    let mut shared: Vec<(f32, &Counted)> = a
        .iter()
        .filter_map(|t| {
            b.iter()
                .find(|u| u.hash == t.hash)
                .map(|u| (t.weight * u.weight, &t.counted))
        })
        .collect();
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.hash.cmp(&y.1.hash)));
    let mut shown: Vec<String> = Vec::new();
    for (_, counted) in shared {
        if shown.len() == REASON_TERMS {
            break;
        }
        // Only the few terms considered are read back from the text.
        let term = terms::display(a_text, counted);
        if term.contains(' ') {
            shown.retain(|s| !term.split(' ').any(|w| w == s));
        } else if shown.iter().any(|s| s.split(' ').any(|w| w == term)) {
            continue;
        }
        shown.push(term);
    }
    shown
}

/// TF-IDF weights, normalized over all the text's terms, keeping the heaviest shared ones.
fn weigh(terms: Vec<Counted>, df: &TermMap<u32>, n: usize) -> Vec<Weighted> {
    // Heaviest first; equal weights by hash, so the choice is deterministic.
    let before = |a: &Weighted, b: &Weighted| {
        b.weight
            .total_cmp(&a.weight)
            .then(a.hash.cmp(&b.hash))
            .is_lt()
    };
    let mut norm = 0f32;
    // A running top-k by insertion: one pass, no sorting of every term.
    let mut best: Vec<Weighted> = Vec::with_capacity(QUERY_TERMS + 1);
    for c in terms {
        let d = df.get(&c.hash).copied().unwrap_or(1);
        let weight = (1.0 + (c.tf as f32).ln()) * (n as f32 / d as f32).ln();
        // The norm counts every term, shared or not, so a text of unique words stays less similar.
        norm += weight * weight;
        let t = Weighted {
            hash: c.hash,
            weight,
            counted: c,
        };
        if d < 2
            || weight <= 0.0
            || (best.len() == QUERY_TERMS && !before(&t, &best[QUERY_TERMS - 1]))
        {
            continue;
        }
        let at = best
            .iter()
            .position(|b| before(&t, b))
            .unwrap_or(best.len());
        best.insert(at, t);
        best.truncate(QUERY_TERMS);
    }
    let norm = norm.sqrt();
    if norm <= 0.0 {
        return Vec::new();
    }
    for t in &mut best {
        t.weight /= norm;
    }
    best
}
