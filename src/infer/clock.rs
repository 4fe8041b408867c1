//! Turning written stamps into dates and instants: a missing year or date is taken from what came
//! before, times rolling past midnight advance the day, and an ambiguous `04/05` is read the way
//! that keeps a sequence in order (else as `[infer] date_order` says).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use super::dates::{DayMonth, Stamp};
use crate::config::DateOrder;

/// What a stamp means once the context is applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// The calendar date, when known.
    pub date: Option<Date>,
    /// The instant, when both date and time are known.
    pub at: Option<Timestamp>,
    /// For an ambiguous numeric date: the other reading, which was not chosen.
    pub other: Option<Date>,
}

/// An ambiguous date met while reading, for a warning.
#[derive(Debug, Clone)]
pub struct Ambiguity {
    /// The file line.
    pub line: usize,
    /// The date as written.
    pub written: String,
    /// The reading chosen.
    pub chosen: Date,
    /// The reading rejected.
    pub other: Date,
}

/// The context in which stamps are read, in order: the last date, time and zone seen.
#[derive(Debug, Clone)]
pub struct Clock {
    order: DateOrder,
    zone: TimeZone,
    anchor: Option<Date>,
    last_date: Option<Date>,
    last_time: Option<Time>,
    last_zone: Option<TimeZone>,
}

impl Clock {
    /// A clock that dates bare times on `anchor` and reads zone-less times in `zone`.
    pub fn new(anchor: Option<Date>, zone: TimeZone, order: DateOrder) -> Self {
        Clock {
            order,
            zone,
            anchor,
            last_date: None,
            last_time: None,
            last_zone: None,
        }
    }

    /// Sets the zone of the times that follow without one (`All times in CET`).
    pub fn set_zone(&mut self, zone: TimeZone) {
        self.zone = zone;
        self.last_zone = None;
    }

    /// Reads a stamp as the next of a sequence, updating the context.
    pub fn read(&mut self, st: &Stamp) -> Reading {
        let reading = self.peek(st);
        if let Some(d) = reading.date {
            self.last_date = Some(d);
        }
        self.last_time = st
            .time
            .map(|t| Time::constant(t.hour24(), t.minute, t.second, 0));
        if let Some(z) = st.zone {
            self.last_zone = Some(z.time_zone());
        }
        reading
    }

    /// Reads a stamp without changing the context.
    pub fn peek(&self, st: &Stamp) -> Reading {
        let reference = self.last_date.or(self.anchor);
        let (mut date, other) = match st.date {
            Some(d) => match self.calendar(d.year, d.dm, reference) {
                Some((date, other)) => (Some(date), other),
                None => (None, None),
            },
            None => (reference, None),
        };
        let time = st
            .time
            .map(|t| Time::constant(t.hour24(), t.minute, t.second, 0));
        if st.date.is_none() {
            // A bare time earlier than the one before it is on the next day.
            if let (Some(t), Some(last), Some(d)) = (time, self.last_time, date)
                && t < last
                && self.last_date == Some(d)
            {
                date = d.tomorrow().ok();
            }
        }
        let zone = match st.zone {
            Some(z) => z.time_zone(),
            None => self.last_zone.clone().unwrap_or_else(|| self.zone.clone()),
        };
        let at = match (date, time) {
            (Some(d), Some(t)) => DateTime::from_parts(d, t)
                .to_zoned_datetime(zone)
                .ok()
                .map(|z| z.timestamp()),
            _ => None,
        };
        Reading { date, at, other }
    }

    /// The date meant by a written year/day/month, with the rejected reading when ambiguous.
    fn calendar(
        &self,
        year: Option<i16>,
        dm: DayMonth,
        reference: Option<Date>,
    ) -> Option<(Date, Option<Date>)> {
        let readings: Vec<(i8, i8)> = match dm {
            DayMonth::Known { month, day } => vec![(month, day)],
            DayMonth::Ambiguous { first, second } => match self.order {
                DateOrder::Mdy => vec![(first, second), (second, first)],
                DateOrder::Dmy => vec![(second, first), (first, second)],
            },
        };
        let dates: Vec<Date> = readings
            .iter()
            .filter_map(|&(m, d)| with_year(year, m, d, reference))
            .collect();
        match dates.as_slice() {
            [] => None,
            [only] => Some((*only, None)),
            [preferred, other, ..] => {
                // Keep a sequence in order: if only one reading is not before the last date, take it.
                let chosen = match self.last_date {
                    Some(last) if *preferred < last && *other >= last => *other,
                    _ => *preferred,
                };
                let rejected = if chosen == *preferred {
                    *other
                } else {
                    *preferred
                };
                Some((chosen, (rejected != chosen).then_some(rejected)))
            }
        }
    }
}

/// The date with the written year, or the year that puts it nearest to `reference`.
fn with_year(year: Option<i16>, month: i8, day: i8, reference: Option<Date>) -> Option<Date> {
    if let Some(y) = year {
        return Date::new(y, month, day).ok();
    }
    let r = reference?;
    (r.year() - 1..=r.year() + 1)
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| d.since(r).map_or(i32::MAX, |s| s.get_days().abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::dates::{scan, stamp_exact};

    fn clock() -> Clock {
        Clock::new(
            Some(jiff::civil::date(2019, 5, 30)),
            TimeZone::UTC,
            DateOrder::Mdy,
        )
    }

    fn read(c: &mut Clock, text: &str) -> Reading {
        c.read(&stamp_exact(text).unwrap())
    }

    #[test]
    fn bare_times_roll_past_midnight() {
        let mut c = clock();
        let a = read(&mut c, "22:40 PDT");
        let b = read(&mut c, "06:15");
        assert_eq!(a.at.unwrap().to_string(), "2019-05-31T05:40:00Z");
        // The zone of the entry before carries over, and the day advances.
        assert_eq!(b.at.unwrap().to_string(), "2019-05-31T13:15:00Z");
    }

    #[test]
    fn missing_years_come_from_the_anchor() {
        let c = clock();
        let r = c.peek(&stamp_exact("December 28").unwrap());
        assert_eq!(r.date.unwrap().to_string(), "2018-12-28");
    }

    #[test]
    fn ambiguous_dates_follow_the_order_and_the_sequence() {
        let mut c = Clock::new(None, TimeZone::UTC, DateOrder::Dmy);
        let r = read(&mut c, "04/05/2024 10:00");
        assert_eq!(r.date.unwrap().to_string(), "2024-05-04");
        assert_eq!(r.other.unwrap().to_string(), "2024-04-05");
        let mut c = Clock::new(None, TimeZone::UTC, DateOrder::Mdy);
        read(&mut c, "2024-04-20 10:00");
        // Month-first would go back to 5 April; day-first keeps the sequence in order.
        let r = read(&mut c, "05/04/2024 11:00");
        assert_eq!(r.date.unwrap().to_string(), "2024-05-04");
    }

    #[test]
    fn scanned_stamps_resolve_with_zones() {
        let c = clock();
        let st = scan("On December 1, 2023, 2:30 PM (UTC) it broke");
        assert_eq!(
            c.peek(&st[0]).at.unwrap().to_string(),
            "2023-12-01T14:30:00Z"
        );
        let st = scan("04-12-2022 7:23 AM GMT+1");
        assert_eq!(
            c.peek(&st[0]).at.unwrap().to_string(),
            "2022-04-12T06:23:00Z"
        );
    }
}
