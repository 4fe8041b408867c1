//! How the render's jobs are cut into batches: each batch renders in parallel and is written
//! while the next renders, so a batch's pages are what memory holds of the site at once.

use crate::archive::Archive;
use crate::insights::Insights;

use super::Job;

/// Pages rendered together before they are handed on to be written: enough to keep both cores
/// busy, few enough that a large archive never holds all of its pages in memory at once. A
/// page listing many incidents counts for several (see `Job::weight`).
pub const BATCH: usize = 256;

/// How many incident-table rows weigh as much as one incident page (about 27 KB against about
/// 1 KB a row): a term page of 2,500 incidents counts as a hundred pages in a batch.
const ROWS_PER_PAGE: usize = 25;

impl Job {
    /// About how many incident pages' worth of bytes the job writes: one, or more for a page
    /// that lists incidents ([`ROWS_PER_PAGE`] rows to a page). The term pages come last and
    /// together hold about a fifth of a large site: counted by number alone, one batch held
    /// them all.
    pub(super) fn weight(&self, archive: &Archive, insights: Option<&Insights>) -> usize {
        let rows = match *self {
            Job::Term(kind, t) => archive.index_of(kind).terms[t].incidents.len(),
            Job::MatrixCell(n) => insights.map_or(0, |i| i.matrix.cells[n].incidents.len()),
            _ => 0,
        };
        1 + rows / ROWS_PER_PAGE
    }
}

/// `jobs` cut into consecutive batches of at most `limit` weight each (a job heavier than
/// that is a batch alone), in order.
pub(super) fn batches_of(
    jobs: &[Job],
    limit: usize,
    weight: impl Fn(&Job) -> usize,
) -> impl Iterator<Item = &[Job]> {
    let mut rest = jobs;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut total = 0;
        let end = rest
            .iter()
            .position(|job| {
                total += weight(job);
                total > limit
            })
            .unwrap_or(rest.len())
            .max(1);
        let (batch, after) = rest.split_at(end);
        rest = after;
        Some(batch)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards batches cut by weight: before, the term pages, which come last and list
    // thousands of incidents each, all fell into one batch of the same count as 256 incident
    // pages, and that batch set the build's peak memory.
    #[test]
    fn batches_hold_at_most_their_weight_in_order_and_a_heavy_job_alone() {
        let jobs: Vec<Job> = (0..10).map(Job::Incident).collect();
        let weight = |job: &Job| match job {
            Job::Incident(5) => 9,
            Job::Incident(6) => 3,
            _ => 1,
        };
        let batches: Vec<Vec<usize>> = batches_of(&jobs, 4, weight)
            .map(|b| {
                b.iter()
                    .map(|j| match j {
                        Job::Incident(i) => *i,
                        _ => unreachable!(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            batches,
            [vec![0, 1, 2, 3], vec![4], vec![5], vec![6, 7], vec![8, 9]]
        );
        assert_eq!(batches_of(&[], 4, weight).count(), 0);
    }
}
