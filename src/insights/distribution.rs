//! Distributions of incident figures (duration, time to detect): median, 90th percentile and a
//! histogram over fixed buckets, with incidents whose figure is unknown counted, never dropped.

use serde::Serialize;

/// The histogram buckets, in minutes: each is `[lower, next lower)`; the last is open-ended.
/// Roughly doubling widths, because incident durations span minutes to days.
pub const BUCKETS: [(i64, &str); 9] = [
    (0, "<15m"),
    (15, "15–30m"),
    (30, "30–60m"),
    (60, "1–2h"),
    (120, "2–4h"),
    (240, "4–8h"),
    (480, "8–24h"),
    (1440, "1–3d"),
    (4320, "≥3d"),
];

/// A figure over a set of incidents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Distribution {
    /// Incidents whose figure is known.
    pub known: usize,
    /// Incidents whose figure is unknown (missing or inconsistent times).
    pub unknown: usize,
    /// Median in minutes, when any is known.
    pub median: Option<i64>,
    /// 90th percentile in minutes, when any is known.
    pub p90: Option<i64>,
    /// Count per bucket of [`BUCKETS`].
    pub buckets: Vec<usize>,
}

impl Distribution {
    /// The distribution of `values`, where `None` is an incident whose figure is unknown.
    pub fn of(values: impl IntoIterator<Item = Option<i64>>) -> Distribution {
        let mut known = Vec::new();
        let mut unknown = 0;
        for v in values {
            match v {
                Some(m) => known.push(m),
                None => unknown += 1,
            }
        }
        let mut buckets = vec![0; BUCKETS.len()];
        for &m in &known {
            buckets[bucket_of(m)] += 1;
        }
        let p90 = crate::stats::percentile(&mut known, 90.0);
        Distribution {
            known: known.len(),
            unknown,
            median: crate::stats::median(&mut known),
            p90,
            buckets,
        }
    }

    /// All incidents counted, known or not.
    pub fn total(&self) -> usize {
        self.known + self.unknown
    }
}

/// The bucket of a value in minutes (negative values, which the incident model never produces,
/// land in the first).
pub fn bucket_of(minutes: i64) -> usize {
    BUCKETS
        .iter()
        .rposition(|&(lower, _)| minutes >= lower)
        .unwrap_or(0)
}
