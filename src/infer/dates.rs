//! The grammar of dates and times as people write them: `2024-01-21 15:30 EST`,
//! `December 1, 2023, 2:30 PM (UTC)`, `31st July 2018`, `04-12-2022 7:23 AM GMT+1`, `15:30`.
//! It reads what is written; [`super::clock`] turns it into instants.

use super::calendar::{date_at, has_month_name, weekday};
use super::lex::{skip, skip_spaces, skip_words};
use super::times::{time_at, zone_after};
use super::zones::Zone;

/// Day and month as written: known, or two numbers whose order the text does not settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonth {
    /// The month and day are certain (a month name, an ISO date, or a number above 12).
    Known { month: i8, day: i8 },
    /// `04/05`: both numbers could be the month; `first` is the one written first.
    Ambiguous { first: i8, second: i8 },
}

/// A calendar date as written; the year may be missing (`May 30th`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateVal {
    /// The year, when written.
    pub year: Option<i16>,
    /// Day and month.
    pub dm: DayMonth,
}

/// A time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeVal {
    /// The hour as written (1..=12 with a meridiem).
    pub hour: i8,
    /// Minutes.
    pub minute: i8,
    /// Seconds.
    pub second: i8,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pub pm: Option<bool>,
}

impl TimeVal {
    /// The hour on a 24-hour clock.
    pub fn hour24(self) -> i8 {
        match self.pm {
            Some(true) if self.hour < 12 => self.hour + 12,
            Some(false) if self.hour == 12 => 0,
            _ => self.hour,
        }
    }
}

/// One date and/or time mention, with where it is in the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The date part.
    pub date: Option<DateVal>,
    /// The time part.
    pub time: Option<TimeVal>,
    /// The zone written next to the time.
    pub zone: Option<Zone>,
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset just past the mention.
    pub end: usize,
}

/// Reads a stamp starting exactly at byte `i` of `s`.
pub fn stamp_at(s: &str, i: usize) -> Option<Stamp> {
    let mut j = weekday(s, i).map_or(i, |k| skip(s, k, ", ."));
    let date = date_at(s, j);
    if let Some((d, k)) = date {
        j = k;
        let mut t_start = skip(s, j, ",");
        t_start = skip_spaces(s, t_start);
        if s[t_start..].starts_with('T') && d.year.is_some() {
            t_start += 1;
        } else {
            t_start = skip_words(
                s,
                t_start,
                &[
                    "at",
                    "around",
                    "about",
                    "approximately",
                    "approx.",
                    "approx",
                    "roughly",
                    "~",
                    "±",
                ],
            );
        }
        if let Some((t, k)) = time_at(s, t_start) {
            let (zone, k) = zone_after(s, k);
            return Some(Stamp {
                date: Some(d),
                time: Some(t),
                zone,
                start: i,
                end: k,
            });
        }
        // A numeric month-day without a year is only a date when a time follows (`[04-17 21:30]`).
        if d.year.is_none() && !has_month_name(s, i, j) {
            return None;
        }
        return Some(Stamp {
            date: Some(d),
            time: None,
            zone: None,
            start: i,
            end: j,
        });
    }
    let (t, k) = time_at(s, j)?;
    let (zone, mut k) = zone_after(s, k);
    // `09:12 UTC on Sept 3rd 2024`.
    let mut date = None;
    let after = skip_spaces(s, skip(s, k, ","));
    let after = skip_words(s, after, &["on"]);
    let after = weekday(s, after).map_or(after, |w| skip(s, w, ", ."));
    if let Some((d, e)) = date_at(s, after)
        && (d.year.is_some() || has_month_name(s, after, e))
    {
        date = Some(d);
        k = e;
    }
    Some(Stamp {
        date,
        time: Some(t),
        zone,
        start: i,
        end: k,
    })
}

/// Every stamp in `s`, left to right, not overlapping.
pub fn scan(s: &str) -> Vec<Stamp> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    // Every date and time has a number (`May 30th`, `15:30`), so no stamp starts after the
    // last digit: a text without one (most prose) is not read further.
    let Some(last_digit) = bytes.iter().rposition(u8::is_ascii_digit) else {
        return out;
    };
    let mut i = 0;
    while i <= last_digit {
        let b = bytes[i];
        // A stamp starts with a digit or a capital, asked first (most bytes are neither), and
        // at a word's start.
        let may_start = b.is_ascii_digit() || b.is_ascii_uppercase();
        let starts_word = || {
            let prev = if i == 0 { b' ' } else { bytes[i - 1] };
            !prev.is_ascii_alphanumeric() && !matches!(prev, b'.' | b':' | b'/' | b'-' | b'_')
        };
        if may_start
            && starts_word()
            && let Some(st) = stamp_at(s, i)
        {
            out.push(st);
            i = st.end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// Reads `s` as one stamp, allowing only surrounding spaces and trailing punctuation.
pub fn stamp_exact(s: &str) -> Option<Stamp> {
    let lead = s.len() - s.trim_start().len();
    let st = stamp_at(s, lead)?;
    let rest = s[st.end..].trim();
    rest.chars().all(|c| ".,;)".contains(c)).then_some(st)
}

#[cfg(test)]
mod tests;
