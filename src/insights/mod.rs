//! Insights across incidents: the figures, trends, matrix and action items computed from a built
//! [`Archive`] for one build date, as an owned [`Insights`] value. The archive is only read.

mod actions;
mod distribution;
mod matrix;
mod period;
#[cfg(test)]
mod tests;
mod trends;

use jiff::civil::Date;

pub use actions::{Actions, OpenItem, OwnerGroup};
pub use distribution::{BUCKETS, Distribution, bucket_of};
pub use matrix::{Matrix, MatrixCell};
pub use period::{Granularity, MAX_PERIODS, Range, Window, Windows, first_day, month_number};
pub use trends::Trend;

use crate::archive::{Archive, IndexKind};
use crate::incident::Incident;

/// How many causes and services the trend tables show.
pub const TOP_TERMS: usize = 10;

/// Everything the insights pages, the summaries and `metrics.json` show, for one build date.
#[derive(Debug, Clone)]
pub struct Insights {
    /// The build date: "now" of every window and of "overdue".
    pub today: Date,
    /// The last 12 months and the 12 before them.
    pub windows: Windows,
    /// Incidents over time, stacked by severity.
    pub history: History,
    /// Duration of every incident (unknown ones counted apart).
    pub duration: Distribution,
    /// Time to detect of every incident.
    pub time_to_detect: Distribution,
    /// Figures of the current and previous window, in that order.
    pub window_figures: [WindowFigures; 2],
    /// Every cause with incidents in either window, most frequent in the last 12 months first.
    pub cause_trends: Vec<Trend>,
    /// Every service with incidents in either window, the same way.
    pub service_trends: Vec<Trend>,
    /// Services × causes.
    pub matrix: Matrix,
    /// Action items across the archive.
    pub actions: Actions,
    /// Incidents on this month and day in earlier years, newest first.
    pub on_this_day: Vec<usize>,
    /// Per-term figures of the causes, services and severities indexes (same order as terms).
    pub terms: Vec<(IndexKind, Vec<TermInsights>)>,
}

/// The kinds of index whose terms get their own figures and sparkline.
pub const TERM_KINDS: [IndexKind; 3] = [
    IndexKind::Causes,
    IndexKind::Services,
    IndexKind::Severities,
];

/// Counts of dated incidents per period, one stack per severity.
#[derive(Debug, Clone)]
pub struct History {
    /// The periods: from the first incident's to the build date's (or the last incident's).
    pub range: Range,
    /// The stacks, most severe first: a position in the severities index, `None` for incidents
    /// without a severity (only present when there are some).
    pub stacks: Vec<Option<usize>>,
    /// `counts[period][stack]`.
    pub counts: Vec<Vec<u32>>,
    /// Incidents without a date, which no period can hold.
    pub undated: usize,
}

impl History {
    /// Incidents in period `slot`, all severities.
    pub fn total(&self, slot: usize) -> u32 {
        self.counts[slot].iter().sum()
    }
}

/// The headline figures of one 12-month window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowFigures {
    /// Incidents dated in the window.
    pub incidents: usize,
    /// Their durations.
    pub duration: Distribution,
    /// Their times to detect.
    pub time_to_detect: Distribution,
}

/// The figures of one term (a cause, service or severity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermInsights {
    /// Its incidents per period of [`History::range`] and severity stack of [`History::stacks`]:
    /// `counts[period][stack]`.
    pub counts: Vec<Vec<u32>>,
    /// Durations of its incidents.
    pub duration: Distribution,
    /// Times to detect of its incidents.
    pub time_to_detect: Distribution,
    /// Its incidents in the last 12 months.
    pub current: usize,
    /// Its incidents in the 12 months before.
    pub previous: usize,
}

impl Insights {
    /// Computes every figure of `archive` as of `today`.
    pub fn compute(archive: &Archive, today: Date) -> Insights {
        let incidents = &archive.incidents;
        let windows = Windows::ending(today);
        let (history, placed) = history(archive, today);
        let window_of = |i: &Incident| i.date.and_then(|d| windows.of(d));
        let window_figures = [Window::Current, Window::Previous].map(|w| {
            let chosen: Vec<&Incident> = incidents
                .iter()
                .filter(|i| window_of(i) == Some(w))
                .collect();
            WindowFigures {
                incidents: chosen.len(),
                duration: Distribution::of(chosen.iter().map(|i| i.duration_minutes())),
                time_to_detect: Distribution::of(chosen.iter().map(|i| i.time_to_detect_minutes())),
            }
        });
        let windowed: Vec<Option<Window>> = incidents.iter().map(window_of).collect();
        let terms = TERM_KINDS
            .iter()
            .map(|&kind| {
                let list = archive
                    .index_of(kind)
                    .terms
                    .iter()
                    .map(|t| term_insights(archive, &history, &placed, &windowed, &t.incidents))
                    .collect();
                (kind, list)
            })
            .collect();
        Insights {
            today,
            windows,
            duration: Distribution::of(incidents.iter().map(Incident::duration_minutes)),
            time_to_detect: Distribution::of(
                incidents.iter().map(Incident::time_to_detect_minutes),
            ),
            window_figures,
            cause_trends: trends::rank(archive.index_of(IndexKind::Causes), &windowed),
            service_trends: trends::rank(archive.index_of(IndexKind::Services), &windowed),
            matrix: Matrix::build(archive),
            actions: Actions::collect(incidents, today),
            on_this_day: on_this_day(incidents, today),
            history,
            terms,
        }
    }

    /// The figures of term `t` of index `kind`, for the kinds in [`TERM_KINDS`].
    pub fn term(&self, kind: IndexKind, t: usize) -> Option<&TermInsights> {
        self.terms
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, list)| list.get(t))
    }
}

/// The history, and for each incident its `(period, stack)` when it is dated.
fn history(archive: &Archive, today: Date) -> (History, Vec<Option<(usize, usize)>>) {
    let incidents = &archive.incidents;
    let months: Vec<Option<i32>> = incidents.iter().map(|i| i.date.map(month_number)).collect();
    let dated = months.iter().flatten();
    let range = match (dated.clone().min(), dated.max()) {
        (Some(&first), Some(&last)) => Range::covering(first, last.max(month_number(today))),
        _ => Range {
            granularity: Granularity::Month,
            start: month_number(today),
            len: 0,
        },
    };
    let severities = archive.index_of(IndexKind::Severities);
    let mut stack_of = vec![None; incidents.len()];
    for (pos, term) in severities.terms.iter().enumerate() {
        for &i in &term.incidents {
            stack_of[i] = Some(pos);
        }
    }
    let mut stacks: Vec<Option<usize>> = (0..severities.terms.len()).map(Some).collect();
    if stack_of.iter().any(Option::is_none) {
        stacks.push(None);
    }
    let placed: Vec<Option<(usize, usize)>> = months
        .iter()
        .zip(&stack_of)
        .map(|(month, stack)| {
            let slot = month.and_then(|m| range.slot(m))?;
            Some((slot, stack.unwrap_or(stacks.len() - 1)))
        })
        .collect();
    let mut counts = vec![vec![0u32; stacks.len()]; range.len];
    for &(slot, stack) in placed.iter().flatten() {
        counts[slot][stack] += 1;
    }
    let history = History {
        undated: placed.iter().filter(|p| p.is_none()).count(),
        range,
        stacks,
        counts,
    };
    (history, placed)
}

fn term_insights(
    archive: &Archive,
    history: &History,
    placed: &[Option<(usize, usize)>],
    windowed: &[Option<Window>],
    members: &[usize],
) -> TermInsights {
    let mut counts = vec![vec![0u32; history.stacks.len()]; history.range.len];
    let (mut current, mut previous) = (0, 0);
    for &i in members {
        if let Some((slot, stack)) = placed[i] {
            counts[slot][stack] += 1;
        }
        match windowed[i] {
            Some(Window::Current) => current += 1,
            Some(Window::Previous) => previous += 1,
            None => {}
        }
    }
    let of = |i: &usize| &archive.incidents[*i];
    TermInsights {
        counts,
        duration: Distribution::of(members.iter().map(|i| of(i).duration_minutes())),
        time_to_detect: Distribution::of(members.iter().map(|i| of(i).time_to_detect_minutes())),
        current,
        previous,
    }
}

/// Incidents on `today`'s month and day in earlier years (29 February only matches itself).
fn on_this_day(incidents: &[Incident], today: Date) -> Vec<usize> {
    incidents
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            i.date.is_some_and(|d| {
                d.month() == today.month() && d.day() == today.day() && d.year() < today.year()
            })
        })
        .map(|(pos, _)| pos)
        .collect()
}
