//! Tests of the date and time grammar.

use super::*;

fn one(text: &str) -> Stamp {
    stamp_exact(text).unwrap_or_else(|| panic!("{text:?} does not read as one stamp"))
}

fn known(month: i8, day: i8) -> DayMonth {
    DayMonth::Known { month, day }
}

#[test]
fn reads_the_formats_people_use() {
    let s = one("December 1, 2023, 2:30 PM (UTC)");
    assert_eq!(s.date.unwrap().year, Some(2023));
    assert_eq!(s.date.unwrap().dm, known(12, 1));
    assert_eq!(s.time.unwrap().hour24(), 14);
    assert_eq!(s.zone, Some(Zone::Fixed(0)));
    let s = one("04-12-2022 7:23 AM GMT+1");
    assert_eq!(
        s.date.unwrap().dm,
        DayMonth::Ambiguous {
            first: 4,
            second: 12
        }
    );
    assert_eq!(s.zone, Some(Zone::Fixed(3600)));
    assert_eq!(one("10/04/2024, 5:00 AM").time.unwrap().hour24(), 5);
    assert_eq!(
        one("2024-01-21 15:30 EST").zone,
        Some(Zone::Fixed(-5 * 3600))
    );
    assert!(one("15:30 EST").date.is_none());
    assert_eq!(one("May 30th, 2019").date.unwrap().dm, known(5, 30));
    assert_eq!(one("31st July 2018").date.unwrap().dm, known(7, 31));
    assert_eq!(one("1 August, 2025").date.unwrap().year, Some(2025));
    assert_eq!(
        one("Mar-14-2023 09:41:07 PM +UTC").time.unwrap().hour24(),
        21
    );
    assert_eq!(one("2025-01-21T14:02:00Z").zone, Some(Zone::Fixed(0)));
    assert_eq!(one("12:02 AM EAT").time.unwrap().hour24(), 0);
    assert_eq!(one("07:00PM").time.unwrap().hour24(), 19);
    assert_eq!(one("11:00am PST").zone, Some(Zone::Fixed(-8 * 3600)));
    assert_eq!(one("4 pm").time.unwrap().hour24(), 16);
    assert_eq!(
        one("2024-02-11 06:30 (GMT-04:00)").zone,
        Some(Zone::Fixed(-4 * 3600))
    );
}

#[test]
fn weekdays_words_and_month_days() {
    let s = one("Tues 11:20 PDT");
    assert_eq!(s.time.unwrap().hour24(), 11);
    let s = one("Tuesday 12 March at 4:15pm PDT");
    assert_eq!(s.date.unwrap().dm, known(3, 12));
    assert_eq!(s.date.unwrap().year, None);
    assert_eq!(one("Friday 7. June").date.unwrap().dm, known(6, 7));
    assert_eq!(one("04-17 21:30").date.unwrap().dm, known(4, 17));
    assert_eq!(one("March 9 ~ 3:00 PM").time.unwrap().hour24(), 15);
    let s = one("09:12 UTC on Sept 3rd 2024");
    assert_eq!(s.date.unwrap().dm, known(9, 3));
}

#[test]
fn numbers_that_are_not_dates_or_times() {
    for text in [
        "10.0.32.54",
        "1.15",
        "v1.10.8",
        "0:80",
        "3/4",
        "4-5 hours",
        "8080",
        "2023-MM-DD",
        "may 3",
        "100%",
        "1:2",
    ] {
        assert!(
            scan(text)
                .iter()
                .all(|s| s.time.is_none() && s.date.is_none()),
            "{text:?} read as {:?}",
            scan(text)
        );
    }
    assert!(stamp_exact("2024-02-01 12:00+").is_none());
    assert_eq!(scan("2024-02-01 12:00+")[0].time.unwrap().hour24(), 12);
}

#[test]
fn scan_finds_every_mention() {
    let found = scan("from 9:00 AM to 10:15 AM GMT on 2024-01-21, then 13:14 EDT (17:14 UTC).");
    let hours: Vec<i8> = found
        .iter()
        .filter_map(|s| s.time.map(|t| t.hour24()))
        .collect();
    assert_eq!(hours, [9, 10, 13, 17]);
    assert_eq!(found[1].zone, Some(Zone::Fixed(0)));
}

#[test]
fn non_ascii_text_never_splits_a_character() {
    // Regression: a Vietnamese sentence after a date made the parser slice inside `ộ`.
    for text in [
        "2024-03-05, một ngày",
        "10:00 ậm",
        "3 Mayộ",
        "+ộ",
        "Tháng 9 10:00 ±ộ",
        "5 aộ",
    ] {
        let _ = scan(text);
        let _ = stamp_exact(text);
    }
}

#[test]
fn a_stamp_ending_in_the_texts_last_digit_is_still_found() {
    // The scan stops after the last digit; a stamp that starts with words must still be read.
    let found = scan("It broke on Monday, May 3 and was fixed on Friday.");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].date.map(|d| d.dm),
        Some(DayMonth::Known { month: 5, day: 3 })
    );
    assert!(scan("No Date Here, Only Capitals On Monday In May.").is_empty());
}
