//! Related incidents: those the author named, then those sharing causes, services and tags, and
//! those whose summary and root cause read alike ([`super::similar`]).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::similar::TextMatch;
use crate::incident::Incident;

/// How many related incidents each page shows.
pub const MAX_RELATED: usize = 5;

/// Points per shared cause, service and tag.
const WEIGHTS: [u32; 3] = [3, 2, 1];
/// Points for identical text (cosine 1); a typical close match (cosine ~0.5) is worth about
/// one shared cause.
const TEXT_WEIGHT: f32 = 6.0;

/// One related incident and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    /// Position in the archive's incidents.
    pub index: usize,
    /// Whether the author listed it in `related`.
    pub explicit: bool,
    /// Shared causes, services and tags, for the reason shown on the page.
    pub shared_causes: Vec<String>,
    /// Shared services.
    pub shared_services: Vec<String>,
    /// Shared tags.
    pub shared_tags: Vec<String>,
    /// The heaviest terms of similar summary or root-cause text (empty when the text is not similar).
    pub similar_text: Vec<String>,
    /// Text similarity (cosine, 0..=1), 0 when not similar.
    pub text_score: f32,
}

impl Related {
    /// A short explanation, e.g. `same service: checkout; same cause: config-change;
    /// similar text: 'connection pool', 'timeout'`.
    pub fn reason(&self) -> String {
        // Pushed piece by piece: every incident page shows several reasons, and `format!` with
        // `join` costs several times as much.
        let mut out = String::new();
        if self.explicit {
            out.push_str("linked by the authors");
        }
        push_part(&mut out, "same service: ", &self.shared_services, "");
        push_part(&mut out, "same cause: ", &self.shared_causes, "");
        push_part(&mut out, "same tag: ", &self.shared_tags, "");
        push_part(&mut out, "similar text: ", &self.similar_text, "'");
        out
    }
}

/// Appends `label` and the `values` (each between `quote`s, separated by commas) as one more
/// part of a reason, after a `; ` when there is a part before it; nothing without values.
fn push_part(out: &mut String, label: &str, values: &[String], quote: &str) {
    if values.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("; ");
    }
    out.push_str(label);
    for (k, value) in values.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(quote);
        out.push_str(value);
        out.push_str(quote);
    }
}

/// Ranks related incidents for every incident. Shared terms are counted through postings lists,
/// so the work grows with the overlap, not with the square of the archive; `text` holds each
/// incident's best text matches, when text similarity is on.
pub fn rank_all(
    incidents: &[Incident],
    by_slug: &HashMap<String, usize>,
    text: Option<&[Vec<TextMatch>]>,
) -> Vec<Vec<Related>> {
    let mut postings: HashMap<(u8, &str), Vec<u32>> = HashMap::new();
    for (i, inc) in incidents.iter().enumerate() {
        for (kind, values) in [(0u8, &inc.causes), (1, &inc.services), (2, &inc.tags)] {
            for v in values {
                postings
                    .entry((kind, v.as_str()))
                    .or_default()
                    .push(i as u32);
            }
        }
    }
    (0..incidents.len())
        .into_par_iter()
        .map_init(
            || Scratch::new(incidents.len()),
            |scratch, i| {
                let matches = text.and_then(|t| t.get(i)).map_or(&[][..], Vec::as_slice);
                rank_one(i, incidents, &postings, by_slug, matches, scratch)
            },
        )
        .collect()
}

/// The related incidents of the last rebuild with the hash of everything `rank_all` reads:
/// each incident's slug, causes, services, tags and `related`, in archive order, and the text
/// matches. Any change to one of those ranks everything again; other edits reuse the result.
/// Serializable, so that `coroner build` can keep it in its cache on disk.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct RelatedMemo {
    last: Option<(u128, Arc<Vec<Vec<Related>>>)>,
    /// The text similarity the ranking reads, memoized on the compared texts.
    pub similar: super::similar::SimilarMemo,
}

/// [`rank_all`], reused from `memo` when its complete input is unchanged.
pub fn rank_all_cached(
    incidents: &[Incident],
    by_slug: &HashMap<String, usize>,
    text: Option<&[Vec<TextMatch>]>,
    memo: &mut RelatedMemo,
) -> Arc<Vec<Vec<Related>>> {
    let mut key = crate::render::cache::Key::new("related");
    for inc in incidents {
        key = key.part(inc.slug.as_bytes());
        for list in [&inc.causes, &inc.services, &inc.tags, &inc.related] {
            key = key.part(&(list.len() as u64).to_le_bytes());
            for v in list {
                key = key.part(v.as_bytes());
            }
        }
    }
    key = key.part(&[u8::from(text.is_some())]);
    for matches in text.unwrap_or_default() {
        key = key.part(&(matches.len() as u64).to_le_bytes());
        for m in matches {
            key = key.part(&(m.index as u64).to_le_bytes());
            key = key.part(&m.score.to_bits().to_le_bytes());
            key = key.part(&(m.terms.len() as u64).to_le_bytes());
            for t in &m.terms {
                key = key.part(t.as_bytes());
            }
        }
    }
    let key = key.finish();
    if let Some((k, related)) = &memo.last
        && *k == key
    {
        // Shared, not copied: every related incident with its reasons.
        return Arc::clone(related);
    }
    let related = Arc::new(rank_all(incidents, by_slug, text));
    memo.last = Some((key, Arc::clone(&related)));
    related
}

/// What ranking one incident works in, kept by each thread from one incident to the next.
struct Scratch {
    /// Each incident's points so far (zero when untouched).
    scores: Vec<u32>,
    /// The incidents with points, in the first `len` places; one place more than there are
    /// incidents, because every posting writes its incident at `len` before deciding whether
    /// to keep it there.
    touched: Vec<u32>,
}

impl Scratch {
    fn new(incidents: usize) -> Scratch {
        Scratch {
            scores: vec![0; incidents],
            touched: vec![0; incidents + 1],
        }
    }
}

fn rank_one(
    i: usize,
    incidents: &[Incident],
    postings: &HashMap<(u8, &str), Vec<u32>>,
    by_slug: &HashMap<String, usize>,
    matches: &[TextMatch],
    scratch: &mut Scratch,
) -> Vec<Related> {
    let inc = &incidents[i];
    let Scratch { scores, touched } = scratch;
    let mut len = 0;
    for (kind, values) in [(0u8, &inc.causes), (1, &inc.services), (2, &inc.tags)] {
        let weight = WEIGHTS[kind as usize];
        for v in values {
            // The incident itself is counted too, and left out below: a branch per posting
            // costs more than the one incident. An incident is kept among the touched (`len`
            // moves past it) when its first points arrive; no branch decides that either.
            for &j in postings
                .get(&(kind, v.as_str()))
                .map_or(&[][..], Vec::as_slice)
            {
                let score = &mut scores[j as usize];
                touched[len] = j;
                len += usize::from(*score == 0);
                *score += weight;
            }
        }
    }
    // The incident's own points; it stays in `touched` (with none) to be passed over below.
    scores[i] = 0;
    let touched = &touched[..len];
    let explicit: Vec<usize> = inc
        .related
        .iter()
        .filter_map(|s| by_slug.get(s).copied())
        .filter(|&j| j != i)
        .collect();
    // Only the best few are needed. Enough are kept that explicit ones among them (skipped
    // below) leave a full list.
    let limit = MAX_RELATED + explicit.len();
    let threshold = threshold_of(touched, scores, limit);
    let text_score = |j: usize| {
        matches
            .iter()
            .find(|m| m.index == j)
            .map_or(0.0, |m| m.score)
    };
    // Text matches (a few) that are not candidates by their shared terms: they share nothing
    // (a zero score), or less than the threshold. Read before the scores are cleared.
    let below: Vec<(f32, usize)> = matches
        .iter()
        .filter(|m| {
            let s = scores[m.index];
            s == 0 || s < threshold
        })
        .map(|m| (scores[m.index] as f32 + TEXT_WEIGHT * m.score, m.index))
        .collect();
    // One pass over the touched both picks the candidates and clears their scores.
    let mut candidates: Vec<(f32, usize)> = Vec::new();
    for &j in touched {
        let s = std::mem::take(&mut scores[j as usize]);
        if j as usize != i && s >= threshold {
            candidates.push((s as f32, j as usize));
        }
    }
    // Text matches add to their candidate's score, or join below the threshold's.
    for (c, j) in candidates.iter_mut() {
        if !matches.is_empty() {
            *c += TEXT_WEIGHT * text_score(*j);
        }
    }
    candidates.extend(below);
    // Highest score first; ties go to the nearer incident in time (smaller index distance).
    let order = |a: &(f32, usize), b: &(f32, usize)| {
        b.0.total_cmp(&a.0)
            .then(a.1.abs_diff(i).cmp(&b.1.abs_diff(i)))
            .then(a.1.cmp(&b.1))
    };
    if candidates.len() > limit {
        candidates.select_nth_unstable_by(limit, order);
        candidates.truncate(limit);
    }
    candidates.sort_by(order);
    let mut chosen: Vec<usize> = Vec::new();
    for &j in &explicit {
        if !chosen.contains(&j) {
            chosen.push(j);
        }
    }
    for &(_, j) in &candidates {
        if chosen.len() >= MAX_RELATED.max(explicit.len()) {
            break;
        }
        if !chosen.contains(&j) {
            chosen.push(j);
        }
    }
    chosen
        .into_iter()
        .map(|j| {
            let other = &incidents[j];
            let shared =
                |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).cloned().collect();
            let text = matches.iter().find(|m| m.index == j);
            Related {
                index: j,
                explicit: explicit.contains(&j),
                shared_causes: shared(&inc.causes, &other.causes),
                shared_services: shared(&inc.services, &other.services),
                shared_tags: shared(&inc.tags, &other.tags),
                similar_text: text.map(|m| m.terms.clone()).unwrap_or_default(),
                text_score: text.map_or(0.0, |m| m.score),
            }
        })
        .collect()
}

/// Points of this many or more are counted together when finding the threshold: a lower
/// threshold than the exact one only lets more candidates through, never fewer.
const TOP_POINTS: usize = 63;

/// The most points `limit` of the touched incidents, the one being ranked aside, all reach:
/// at least `limit` candidates share terms worth that or more, and text only adds to a score,
/// so a candidate below it, text included, cannot be among the best and is never ordered. On
/// a large archive most of the thousands touched fall below it.
///
/// The incident being ranked is among the touched with no points: counted at zero, it cannot
/// change the answer, which is zero whenever the count reaches that far down.
fn threshold_of(touched: &[u32], scores: &[u32], limit: usize) -> u32 {
    // Four interleaved counts in a fixed array: a run of incidents with the same points
    // would otherwise each wait for the one count's previous increment.
    let mut counts = [[0u32; TOP_POINTS + 1]; 4];
    for (k, &j) in touched.iter().enumerate() {
        let s = (scores[j as usize] as usize).min(TOP_POINTS);
        counts[k & 3][s] += 1;
    }
    let mut seen = 0;
    (0..=TOP_POINTS)
        .rev()
        .find(|&s| {
            seen += counts.iter().map(|c| c[s] as usize).sum::<usize>();
            seen >= limit
        })
        .unwrap_or(0) as u32
}

#[cfg(test)]
#[path = "related_tests.rs"]
mod tests;
