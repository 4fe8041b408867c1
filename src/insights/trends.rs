//! Trends of an index: each term's incidents in the last 12 months against the 12 before.

use super::Window;
use crate::archive::Index;

/// One term's counts in the two windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trend {
    /// The term's position in its index.
    pub term: usize,
    /// Incidents in the last 12 months.
    pub current: usize,
    /// Incidents in the 12 months before.
    pub previous: usize,
}

impl Trend {
    /// `current - previous`.
    pub fn change(&self) -> i64 {
        self.current as i64 - self.previous as i64
    }

    /// The change in percent of `previous`, rounded; `None` when there were none before
    /// (a rise from zero has no meaningful percentage).
    pub fn change_percent(&self) -> Option<i64> {
        (self.previous > 0)
            .then(|| (self.change() as f64 * 100.0 / self.previous as f64).round() as i64)
    }
}

/// Every term of `index` with incidents in either window: most in the last 12 months first,
/// then most in the 12 before, then the index's own order (which breaks ties by all-time count).
pub fn rank(index: &Index, windowed: &[Option<Window>]) -> Vec<Trend> {
    let mut trends: Vec<Trend> = index
        .terms
        .iter()
        .enumerate()
        .map(|(term, t)| {
            let mut trend = Trend {
                term,
                current: 0,
                previous: 0,
            };
            for &i in &t.incidents {
                match windowed[i] {
                    Some(Window::Current) => trend.current += 1,
                    Some(Window::Previous) => trend.previous += 1,
                    None => {}
                }
            }
            trend
        })
        .filter(|t| t.current + t.previous > 0)
        .collect();
    trends.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then(b.previous.cmp(&a.previous))
            .then(a.term.cmp(&b.term))
    });
    trends
}
