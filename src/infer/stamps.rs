//! Reading one date or date-time value, as front matter holds them: RFC 3339 exactly as the
//! standard says, else the formats people write (`December 1, 2023, 2:30 PM (UTC)`).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::clock::Clock;
use super::dates::stamp_exact;
use crate::config::DateOrder;
use crate::timestamp;

/// Reads a timestamp as authors write it, ambiguous numeric dates month first; front matter uses
/// the same reader so that a value copied from the text into front matter keeps working.
pub fn parse_timestamp(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    parse_timestamp_in(text, tz, DateOrder::Mdy)
}

/// Reads a timestamp, ambiguous numeric dates in `order`; times without a zone are in `tz`.
pub fn parse_timestamp_in(
    text: &str,
    tz: &TimeZone,
    order: DateOrder,
) -> Result<Timestamp, String> {
    let exact = timestamp::parse_instant(text, tz);
    if exact.is_ok()
        || text
            .trim()
            .parse::<Date>()
            .is_ok_and(|_| text.trim().len() == 10)
    {
        return exact;
    }
    let Some(st) = stamp_exact(text) else {
        return exact;
    };
    match (st.date.and_then(|d| d.year), st.time) {
        (Some(_), Some(_)) => Clock::new(None, tz.clone(), order)
            .peek(&st)
            .at
            .ok_or_else(|| format!("`{}` is not a date-time that exists", text.trim())),
        (Some(_), None) => Err(format!("`{}` is a date without a time of day", text.trim())),
        _ => Err(format!("`{}` has no year", text.trim())),
    }
}

/// Reads a calendar date: `2025-01-21`, the date part of a date-time (as written, not shifted
/// into another zone), or a date as people write it (`May 30th, 2019`, `31/07/2018`).
pub fn parse_date(text: &str, tz: &TimeZone, order: DateOrder) -> Result<Date, String> {
    let exact = timestamp::parse_date(text, tz);
    if exact.is_ok() {
        return exact;
    }
    let st = stamp_exact(text).filter(|st| st.date.is_some_and(|d| d.year.is_some()));
    match st {
        Some(st) => Clock::new(None, tz.clone(), order)
            .peek(&st)
            .date
            .ok_or_else(|| format!("`{}` is not a date that exists", text.trim())),
        None => exact,
    }
}

/// For a value whose numeric date could be read two ways (`04/05/2024`): the reading chosen by
/// `order`, and the other one.
pub fn ambiguous_date(text: &str, order: DateOrder) -> Option<(Date, Date)> {
    let st = stamp_exact(text)?;
    let reading = Clock::new(None, TimeZone::UTC, order).peek(&st);
    Some((reading.date?, reading.other?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_stays_exact_and_messy_values_are_read() {
        let utc = TimeZone::UTC;
        let a = parse_timestamp("2025-01-21T14:02:00Z", &utc).unwrap();
        assert_eq!(a.to_string(), "2025-01-21T14:02:00Z");
        let b = parse_timestamp("December 1, 2023, 2:30 PM (UTC)", &utc).unwrap();
        assert_eq!(b.to_string(), "2023-12-01T14:30:00Z");
        let c = parse_timestamp("2024-01-21 15:30 EST", &utc).unwrap();
        assert_eq!(c.to_string(), "2024-01-21T20:30:00Z");
        let d = parse_timestamp_in("04-12-2022 7:23 AM GMT+1", &utc, DateOrder::Dmy).unwrap();
        assert_eq!(d.to_string(), "2022-12-04T06:23:00Z");
        let e = parse_timestamp("May 30th, 2019 16:40 PDT", &utc).unwrap();
        assert_eq!(e.to_string(), "2019-05-30T23:40:00Z");
        assert!(
            parse_timestamp("2025-01-21", &utc)
                .unwrap_err()
                .contains("without a time")
        );
        assert!(parse_timestamp("May 30th", &utc).is_err());
        assert!(parse_timestamp("last tuesday", &utc).is_err());
    }

    #[test]
    fn dates_in_many_formats() {
        let utc = TimeZone::UTC;
        let d = |t: &str| parse_date(t, &utc, DateOrder::Dmy).map(|d| d.to_string());
        assert_eq!(d("2023-05-06 10:00:00 +0200").unwrap(), "2023-05-06");
        assert_eq!(d("May 30th, 2019").unwrap(), "2019-05-30");
        assert_eq!(d("31/07/2018").unwrap(), "2018-07-31");
        assert_eq!(d("04/05/2024").unwrap(), "2024-05-04");
        assert!(d("someday").is_err());
        let (chosen, other) = ambiguous_date("04/05/2024 10:00", DateOrder::Dmy).unwrap();
        assert_eq!(
            (chosen.to_string(), other.to_string()),
            ("2024-05-04".into(), "2024-04-05".into())
        );
        assert_eq!(ambiguous_date("2024-05-04 10:00", DateOrder::Dmy), None);
    }
}
