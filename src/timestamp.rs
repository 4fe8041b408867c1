//! Reading the dates and date-times written in front matter, and formatting them back.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Parses an instant: RFC 3339 (`2025-01-21T14:02:00Z`, `+01:00`), or a date-time without offset
/// (`2025-01-21 14:02`, `2025-01-21T14:02:00`) read in `tz`.
pub fn parse_instant(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim();
    if text.len() == 10 && text.parse::<Date>().is_ok() {
        return Err(format!("`{text}` is a date without a time of day"));
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(zoned) = text.parse::<ZonedDateTime>() {
        return Ok(zoned.timestamp());
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return dt
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    if let Some(ts) = parse_with_zone_suffix(text) {
        return Ok(ts);
    }
    Err(format!("`{text}` is not a date-time coroner can read"))
}

/// `2025-01-21 14:02 UTC` / `2025-01-21 14:02:00 GMT`: a trailing `UTC`, `GMT` or `Z`.
fn parse_with_zone_suffix(text: &str) -> Option<Timestamp> {
    let rest = ["UTC", "GMT", "Z"]
        .iter()
        .find_map(|z| text.strip_suffix(z))?
        .trim_end();
    rest.parse::<DateTime>()
        .ok()?
        .to_zoned_datetime(TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Parses a calendar date: `2025-01-21`, or the date part of a date-time.
pub fn parse_date(text: &str, tz: &TimeZone) -> Result<Date, String> {
    let text = text.trim();
    if let Ok(d) = text.parse::<Date>() {
        return Ok(d);
    }
    parse_instant(text, tz)
        .map(|ts| ts.to_zoned_datetime(tz.clone()).date())
        .map_err(|_| format!("`{text}` is not a date coroner can read (use YYYY-MM-DD)"))
}

/// `2025-01-21 14:02 UTC`: an instant shown in the site's zone, with the zone's abbreviation.
pub fn display(ts: Timestamp, tz: &TimeZone) -> String {
    let z = ts.to_zoned_datetime(tz.clone());
    z.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// RFC 3339 in the site's zone, e.g. `2025-01-21T15:02:00+01:00`.
pub fn rfc3339(ts: Timestamp, tz: &TimeZone) -> String {
    // jiff's own RFC 3339 printer (several times faster than a strftime pattern, and pages
    // print thousands of these); whole seconds, as every page has always shown them.
    // Cut down to the whole second (before 1970 the fraction counts backwards from it).
    let second = ts.as_second() - i64::from(ts.subsec_nanosecond() < 0);
    let whole = Timestamp::from_second(second).unwrap_or(ts);
    whole.display_with_offset(tz.to_offset(ts)).to_string()
}

/// Whole minutes from `a` to `b` (negative when `b` is earlier).
pub fn minutes_between(a: Timestamp, b: Timestamp) -> i64 {
    (b.as_second() - a.as_second()).div_euclid(60)
}

/// A duration in minutes as people write it: `45m`, `1h 15m`, `2d 3h`.
///
/// ```
/// assert_eq!(coroner::timestamp::human_minutes(75), "1h 15m");
/// ```
pub fn human_minutes(minutes: i64) -> String {
    if minutes < 0 {
        return format!("-{}", human_minutes(-minutes));
    }
    let (d, h, m) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (d, h, m) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_prints_what_the_strftime_pattern_printed() {
        let zones = [
            "UTC",
            "Europe/Berlin",
            "Asia/Kolkata",
            "America/St_Johns",
            "Pacific/Chatham",
        ];
        for zone in zones {
            let tz = TimeZone::get(zone).unwrap();
            for text in [
                "2025-01-21T14:02:00Z",
                "2025-07-01T23:59:59.75Z",
                "1999-12-31T23:30:00Z",
                "2024-03-31T01:00:00Z",
                "1969-12-31T23:59:59.5Z",
            ] {
                let ts: Timestamp = text.parse().unwrap();
                let old = ts
                    .to_zoned_datetime(tz.clone())
                    .strftime("%Y-%m-%dT%H:%M:%S%:z")
                    .to_string();
                assert_eq!(rfc3339(ts, &tz), old, "{text} in {zone}");
            }
        }
    }

    #[test]
    fn reads_rfc3339_naive_and_utc_suffix() {
        let utc = TimeZone::UTC;
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let a = parse_instant("2025-01-21T14:02:00Z", &utc).unwrap();
        assert_eq!(parse_instant("2025-01-21T15:02:00+01:00", &utc).unwrap(), a);
        assert_eq!(parse_instant("2025-01-21 15:02", &berlin).unwrap(), a);
        assert_eq!(parse_instant("2025-01-21 14:02 UTC", &berlin).unwrap(), a);
        assert!(
            parse_instant("2025-01-21", &utc)
                .unwrap_err()
                .contains("without a time")
        );
        assert!(parse_instant("last tuesday", &utc).is_err());
    }

    #[test]
    fn dates_and_durations_format() {
        let utc = TimeZone::UTC;
        assert_eq!(
            parse_date("2025-03-14", &utc).unwrap().to_string(),
            "2025-03-14"
        );
        // The date as written where it happened, not shifted into the site's zone.
        assert_eq!(
            parse_date("2025-03-14T23:30:00-05:00", &utc)
                .unwrap()
                .to_string(),
            "2025-03-14"
        );
        assert_eq!(human_minutes(45), "45m");
        assert_eq!(human_minutes(75), "1h 15m");
        assert_eq!(human_minutes(120), "2h");
        assert_eq!(human_minutes(1500), "1d 1h");
        let ts = parse_instant("2025-01-21T14:02:00Z", &utc).unwrap();
        assert_eq!(display(ts, &utc), "2025-01-21 14:02 UTC");
        assert_eq!(rfc3339(ts, &utc), "2025-01-21T14:02:00+00:00");
    }
}
