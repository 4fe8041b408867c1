//! Related incidents: those the author named, then those sharing causes, services and tags.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::incident::Incident;

/// How many related incidents each page shows.
pub const MAX_RELATED: usize = 5;

/// One related incident and why.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl Related {
    /// A short explanation, e.g. `same service: checkout; same cause: config-change`.
    pub fn reason(&self) -> String {
        let mut parts = Vec::new();
        if self.explicit {
            parts.push("linked by the authors".to_string());
        }
        for (label, values) in [
            ("same service", &self.shared_services),
            ("same cause", &self.shared_causes),
            ("same tag", &self.shared_tags),
        ] {
            if !values.is_empty() {
                parts.push(format!("{label}: {}", values.join(", ")));
            }
        }
        parts.join("; ")
    }
}

/// Ranks related incidents for every incident. Shared terms are counted through postings lists,
/// so the work grows with the overlap, not with the square of the archive.
pub fn rank_all(incidents: &[Incident], by_slug: &HashMap<String, usize>) -> Vec<Vec<Related>> {
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
            || vec![0u32; incidents.len()],
            |scores, i| rank_one(i, incidents, &postings, by_slug, scores),
        )
        .collect()
}

/// The related incidents of the last rebuild with the hash of everything [`rank_all`] reads:
/// each incident's slug, causes, services, tags and `related`, in archive order. Any change to
/// one of those ranks everything again; edits elsewhere (title, body, dates) reuse the result.
#[derive(Debug, Default)]
pub struct RelatedMemo {
    last: Option<(u128, Vec<Vec<Related>>)>,
}

/// [`rank_all`], reused from `memo` when its complete input is unchanged.
pub fn rank_all_cached(
    incidents: &[Incident],
    by_slug: &HashMap<String, usize>,
    memo: &mut RelatedMemo,
) -> Vec<Vec<Related>> {
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
    let key = key.finish();
    if let Some((k, related)) = &memo.last
        && *k == key
    {
        return related.clone();
    }
    let related = rank_all(incidents, by_slug);
    memo.last = Some((key, related.clone()));
    related
}

fn rank_one(
    i: usize,
    incidents: &[Incident],
    postings: &HashMap<(u8, &str), Vec<u32>>,
    by_slug: &HashMap<String, usize>,
    scores: &mut [u32],
) -> Vec<Related> {
    const WEIGHTS: [u32; 3] = [3, 2, 1];
    let inc = &incidents[i];
    let mut touched: Vec<u32> = Vec::new();
    for (kind, values) in [(0u8, &inc.causes), (1, &inc.services), (2, &inc.tags)] {
        for v in values {
            for &j in postings
                .get(&(kind, v.as_str()))
                .map_or(&[][..], Vec::as_slice)
            {
                if j as usize == i {
                    continue;
                }
                if scores[j as usize] == 0 {
                    touched.push(j);
                }
                scores[j as usize] += WEIGHTS[kind as usize];
            }
        }
    }
    let explicit: Vec<usize> = inc
        .related
        .iter()
        .filter_map(|s| by_slug.get(s).copied())
        .filter(|&j| j != i)
        .collect();
    // Highest score first; ties go to the nearer incident in time (smaller index distance),
    // then to the one found first. Only the best few are needed, so they are selected rather
    // than sorting every incident that shares a term (thousands in a large archive).
    let want = MAX_RELATED.max(explicit.len());
    // Enough candidates even if every explicit one is among the best (those are skipped).
    let limit = want + explicit.len();
    let mut ranked: Vec<(std::cmp::Reverse<u32>, usize, usize, u32)> = touched
        .iter()
        .enumerate()
        .map(|(pos, &j)| {
            let score = std::cmp::Reverse(scores[j as usize]);
            (score, (j as usize).abs_diff(i), pos, j)
        })
        .collect();
    if ranked.len() > limit {
        ranked.select_nth_unstable(limit);
        ranked.truncate(limit);
    }
    // The key is unique (`pos`), so this order is the one a stable sort of all would give.
    ranked.sort_unstable();
    let mut chosen: Vec<usize> = explicit.clone();
    for &(_, _, _, j) in &ranked {
        if chosen.len() >= want {
            break;
        }
        if !chosen.contains(&(j as usize)) {
            chosen.push(j as usize);
        }
    }
    for &j in &touched {
        scores[j as usize] = 0;
    }
    chosen
        .into_iter()
        .map(|j| {
            let other = &incidents[j];
            let shared =
                |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).cloned().collect();
            Related {
                index: j,
                explicit: explicit.contains(&j),
                shared_causes: shared(&inc.causes, &other.causes),
                shared_services: shared(&inc.services, &other.services),
                shared_tags: shared(&inc.tags, &other.tags),
            }
        })
        .collect()
}
