//! A sentence giving the outage's range: `from 9:00 AM to 10:15 AM GMT`, `between 2024-03-02
//! 22:10 UTC and 2024-03-03 04:00 UTC`, `down from X until service came back at Y`. The
//! second end is completed from the first (date, zone, AM/PM) where it leaves them out.

use std::sync::LazyLock;

use jiff::Timestamp;
use regex::Regex;

use super::clock::Clock;
use super::dates::{Stamp, TimeVal, scan};

static RANGE_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:from|between|starting(?: from| at)?|since)\s+(?:approximately\s+|about\s+|around\s+|roughly\s+|~\s*)?$").expect("valid pattern")
});

/// `from X to Y`, `between X and Y`, `from X ... resumed at Y`: the two ends, the second
/// completed from the first (date, zone, AM/PM) where it leaves them out.
pub fn range(
    text: &str,
    needs_opening: bool,
    clock: &Clock,
) -> Option<(Option<Timestamp>, Option<Timestamp>)> {
    let (a, b) = range_stamps(text, needs_opening)?;
    let mut c = clock.clone();
    let ra = c.read(&a);
    let rb = c.read(&b);
    Some((ra.at, rb.at))
}

/// Minutes between the two ends, read without dates (`from 10:00 UTC till 13:00 UTC` is 180).
pub fn range_minutes(text: &str, needs_opening: bool) -> Option<i64> {
    let (a, b) = range_stamps(text, needs_opening)?;
    let (ta, tb) = (a.time?, b.time?);
    let mins = |t: TimeVal| i64::from(t.hour24()) * 60 + i64::from(t.minute);
    if a.date.is_some() && a.date != b.date && b.date.is_some() {
        return None;
    }
    let d = (mins(tb) - mins(ta)).rem_euclid(1440);
    (d > 0).then_some(d)
}

fn range_stamps(text: &str, needs_opening: bool) -> Option<(Stamp, Stamp)> {
    let stamps: Vec<Stamp> = scan(text)
        .into_iter()
        .filter(|s| s.time.is_some())
        .collect();
    let i = stamps
        .iter()
        .position(|s| !needs_opening || RANGE_OPEN.is_match(&text[..s.start]))?;
    let (mut a, mut b) = (*stamps.get(i)?, *stamps.get(i + 1)?);
    if let (Some(ta), Some(tb)) = (a.time.as_mut(), b.time)
        && ta.pm.is_none()
        && tb.pm.is_some()
        && ta.hour <= 12
    {
        ta.pm = tb.pm;
    }
    if a.zone.is_none() {
        a.zone = b.zone;
    }
    if b.zone.is_none() {
        b.zone = a.zone;
    }
    Some((a, b))
}
