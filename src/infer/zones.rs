//! Time-zone names as people write them after a time: `UTC`, `PDT`, `GMT+1`, `UTC-7`, `+05:30`,
//! `Eastern`, `Central European Time`.

use jiff::tz::{Offset, TimeZone};

/// A zone read from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC in seconds: `UTC`, `EST`, `GMT+1`, `+05:30`.
    Fixed(i32),
    /// A region whose offset depends on the date (daylight saving): `Eastern`, `PT`.
    Region(&'static str),
}

impl Zone {
    /// The jiff time zone, falling back to UTC if a region is unknown to the zone database.
    pub fn time_zone(self) -> TimeZone {
        match self {
            Zone::Fixed(secs) => Offset::from_seconds(secs)
                .map(TimeZone::fixed)
                .unwrap_or(TimeZone::UTC),
            Zone::Region(name) => TimeZone::get(name).unwrap_or(TimeZone::UTC),
        }
    }
}

const H: i32 = 3600;

/// Abbreviations, written in capitals. Where one is used by several regions, the most common
/// reading in English-language postmortems wins (`CST` is US Central, `IST` is India).
const ABBREVIATIONS: &[(&str, Zone)] = &[
    ("UTC", Zone::Fixed(0)),
    ("GMT", Zone::Fixed(0)),
    ("UT", Zone::Fixed(0)),
    ("Z", Zone::Fixed(0)),
    ("EST", Zone::Fixed(-5 * H)),
    ("EDT", Zone::Fixed(-4 * H)),
    ("CST", Zone::Fixed(-6 * H)),
    ("CDT", Zone::Fixed(-5 * H)),
    ("MST", Zone::Fixed(-7 * H)),
    ("MDT", Zone::Fixed(-6 * H)),
    ("PST", Zone::Fixed(-8 * H)),
    ("PDT", Zone::Fixed(-7 * H)),
    ("AKST", Zone::Fixed(-9 * H)),
    ("AKDT", Zone::Fixed(-8 * H)),
    ("HST", Zone::Fixed(-10 * H)),
    ("AST", Zone::Fixed(-4 * H)),
    ("ADT", Zone::Fixed(-3 * H)),
    ("NST", Zone::Fixed(-3 * H - 1800)),
    ("BRT", Zone::Fixed(-3 * H)),
    ("ART", Zone::Fixed(-3 * H)),
    ("ET", Zone::Region("America/New_York")),
    ("CT", Zone::Region("America/Chicago")),
    ("MT", Zone::Region("America/Denver")),
    ("PT", Zone::Region("America/Los_Angeles")),
    ("WET", Zone::Fixed(0)),
    ("WEST", Zone::Fixed(H)),
    ("BST", Zone::Fixed(H)),
    ("CET", Zone::Fixed(H)),
    ("MET", Zone::Fixed(H)),
    ("CEST", Zone::Fixed(2 * H)),
    ("MEST", Zone::Fixed(2 * H)),
    ("EET", Zone::Fixed(2 * H)),
    ("EEST", Zone::Fixed(3 * H)),
    ("WAT", Zone::Fixed(H)),
    ("CAT", Zone::Fixed(2 * H)),
    ("SAST", Zone::Fixed(2 * H)),
    ("EAT", Zone::Fixed(3 * H)),
    ("MSK", Zone::Fixed(3 * H)),
    ("GST", Zone::Fixed(4 * H)),
    ("PKT", Zone::Fixed(5 * H)),
    ("IST", Zone::Fixed(5 * H + 1800)),
    ("NPT", Zone::Fixed(5 * H + 2700)),
    ("ICT", Zone::Fixed(7 * H)),
    ("WIB", Zone::Fixed(7 * H)),
    ("SGT", Zone::Fixed(8 * H)),
    ("HKT", Zone::Fixed(8 * H)),
    ("PHT", Zone::Fixed(8 * H)),
    ("AWST", Zone::Fixed(8 * H)),
    ("JST", Zone::Fixed(9 * H)),
    ("KST", Zone::Fixed(9 * H)),
    ("ACST", Zone::Fixed(9 * H + 1800)),
    ("ACDT", Zone::Fixed(10 * H + 1800)),
    ("AEST", Zone::Fixed(10 * H)),
    ("AEDT", Zone::Fixed(11 * H)),
    ("NZST", Zone::Fixed(12 * H)),
    ("NZDT", Zone::Fixed(13 * H)),
];

/// The length of the shortest first word of a [`NAMES`] entry (`india`, `japan`).
const NAME_FIRST_WORD: usize = 5;

/// Spelled-out names, longest first so that `Eastern Standard Time` wins over `Eastern`.
const NAMES: &[(&str, Zone)] = &[
    ("coordinated universal time", Zone::Fixed(0)),
    ("central european summer time", Zone::Fixed(2 * H)),
    ("central european time", Zone::Fixed(H)),
    ("eastern standard time", Zone::Fixed(-5 * H)),
    ("eastern daylight time", Zone::Fixed(-4 * H)),
    ("central standard time", Zone::Fixed(-6 * H)),
    ("central daylight time", Zone::Fixed(-5 * H)),
    ("mountain standard time", Zone::Fixed(-7 * H)),
    ("mountain daylight time", Zone::Fixed(-6 * H)),
    ("pacific standard time", Zone::Fixed(-8 * H)),
    ("pacific daylight time", Zone::Fixed(-7 * H)),
    ("greenwich mean time", Zone::Fixed(0)),
    ("british summer time", Zone::Fixed(H)),
    ("india standard time", Zone::Fixed(5 * H + 1800)),
    ("japan standard time", Zone::Fixed(9 * H)),
    ("eastern time", Zone::Region("America/New_York")),
    ("central time", Zone::Region("America/Chicago")),
    ("mountain time", Zone::Region("America/Denver")),
    ("pacific time", Zone::Region("America/Los_Angeles")),
    ("eastern", Zone::Region("America/New_York")),
    ("pacific", Zone::Region("America/Los_Angeles")),
];

/// Reads a zone at the start of `s` (no leading space); returns it and the bytes it spans.
///
/// Abbreviations must be in capitals (a lower-case `eat` or `cat` is a word, not a zone), except
/// `utc` and `gmt`, which are never words.
pub fn zone_at(s: &str) -> Option<(Zone, usize)> {
    let s_lower_ok = |w: &str| w.eq_ignore_ascii_case("utc") || w.eq_ignore_ascii_case("gmt");
    let bytes = s.as_bytes();
    // `+UTC` is a slip for `UTC`; a bare sign is otherwise an offset.
    if let Some(rest) = s.strip_prefix('+')
        && super::lex::starts_with_ci(rest, "utc")
        && !word_continues(rest, 3)
    {
        return Some((Zone::Fixed(0), 4));
    }
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        return numeric_offset(s, true).map(|(secs, len)| (Zone::Fixed(secs), len));
    }
    let word_len = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if word_len == 0 {
        return None;
    }
    let word = &s[..word_len];
    // A name's first word is the text's first run of letters, so a shorter run (`UTC`, nearly
    // every zone written) or one without a capital starts no name: the table is not scanned.
    if word_len >= NAME_FIRST_WORD && bytes[0].is_ascii_uppercase() {
        for (name, zone) in NAMES {
            let n = name.len();
            if super::lex::starts_with_ci(s, name) && !word_continues(s, n) {
                return Some((*zone, n));
            }
        }
    }
    let upper = word.bytes().all(|b| b.is_ascii_uppercase());
    if !(upper || s_lower_ok(word)) {
        return None;
    }
    let zone = ABBREVIATIONS
        .iter()
        .find(|(abbr, _)| abbr.eq_ignore_ascii_case(word))
        .map(|(_, z)| *z)?;
    // `UTC+1`, `GMT-04:00`, `UTC -7`: an offset from UTC.
    if matches!(zone, Zone::Fixed(0)) && word_len == 3 {
        let after = &s[word_len..];
        let trimmed = after.trim_start_matches(' ');
        let gap = after.len() - trimmed.len();
        if gap <= 1
            && let Some((secs, len)) = numeric_offset(trimmed, false)
        {
            return Some((Zone::Fixed(secs), word_len + gap + len));
        }
    }
    Some((zone, word_len))
}

/// `+05:30`, `-0400`, and after `UTC`/`GMT` also `+1`, `-7`, `+01`; `−` (minus sign) counts too.
fn numeric_offset(s: &str, bare: bool) -> Option<(i32, usize)> {
    let (sign, rest, sign_len) = if let Some(r) = s.strip_prefix('+') {
        (1, r, 1)
    } else if let Some(r) = s.strip_prefix('-') {
        (-1, r, 1)
    } else if let Some(r) = s.strip_prefix('\u{2212}') {
        (-1, r, '\u{2212}'.len_utf8())
    } else {
        return None;
    };
    let digits: Vec<u8> = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b':')
        .collect();
    let text = std::str::from_utf8(&digits).ok()?;
    let (hours, minutes) = match text.split_once(':') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => (h, m),
        None if text.len() == 4 => (&text[..2], &text[2..]),
        None if !bare && (1..=2).contains(&text.len()) => (text, "0"),
        _ => return None,
    };
    let h: i32 = hours.parse().ok()?;
    let m: i32 = minutes.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    Some((sign * (h * H + m * 60), sign_len + text.len()))
}

fn word_continues(s: &str, at: usize) -> bool {
    s.as_bytes()
        .get(at)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_abbreviations_offsets_and_names() {
        assert_eq!(zone_at("UTC"), Some((Zone::Fixed(0), 3)));
        assert_eq!(zone_at("utc)"), Some((Zone::Fixed(0), 3)));
        assert_eq!(zone_at("PDT (UTC-7)"), Some((Zone::Fixed(-7 * H), 3)));
        assert_eq!(zone_at("GMT+1 x"), Some((Zone::Fixed(H), 5)));
        assert_eq!(zone_at("UTC-7"), Some((Zone::Fixed(-7 * H), 5)));
        assert_eq!(zone_at("GMT-04:00)"), Some((Zone::Fixed(-4 * H), 9)));
        assert_eq!(zone_at("+05:30"), Some((Zone::Fixed(5 * H + 1800), 6)));
        assert_eq!(zone_at("+0200"), Some((Zone::Fixed(2 * H), 5)));
        assert_eq!(zone_at("+UTC"), Some((Zone::Fixed(0), 4)));
        assert_eq!(
            zone_at("Eastern Standard Time."),
            Some((Zone::Fixed(-5 * H), 21))
        );
        assert_eq!(
            zone_at("Eastern:"),
            Some((Zone::Region("America/New_York"), 7))
        );
    }

    #[test]
    fn no_name_starts_with_a_shorter_word_than_the_scan_assumes() {
        for (name, _) in NAMES {
            let first = name.split(' ').next().unwrap_or_default();
            assert!(first.len() >= NAME_FIRST_WORD, "{name}");
        }
        assert_eq!(
            zone_at("India Standard Time"),
            Some((Zone::Fixed(5 * H + 1800), 19))
        );
    }

    #[test]
    fn words_are_not_zones() {
        assert_eq!(zone_at("eat lunch"), None);
        assert_eq!(zone_at("ESTIMATE"), None);
        assert_eq!(zone_at("+1"), None);
        assert_eq!(zone_at("Easterners"), None);
        assert_eq!(zone_at("Utcx"), None);
    }

    #[test]
    fn regions_follow_daylight_saving() {
        let tz = Zone::Region("America/New_York").time_zone();
        let summer = jiff::civil::date(2024, 6, 28).at(7, 9, 0, 0);
        let z = summer.to_zoned_datetime(tz).unwrap();
        assert_eq!(z.offset().seconds(), -4 * H);
    }
}
