//! Tests of reading timelines.

use super::*;
use crate::config::DateOrder;
use jiff::civil::date;
use jiff::tz::TimeZone;

fn read_doc(body: &str) -> Timeline {
    let doc = Doc::parse(body, 1);
    let mut clock = Clock::new(Some(date(2024, 1, 21)), TimeZone::UTC, DateOrder::Mdy);
    read(&doc, &mut clock)
}

fn at(t: &Timeline, i: usize) -> String {
    t.entries[i]
        .reading
        .at
        .map(|a| a.to_string())
        .unwrap_or_default()
}

#[test]
fn bullets_of_many_styles() {
    let body = "## Timeline\n\n- **9:00 AM**: Alert fired\n- 12:02 AM EAT :- Users report 502s\n* 08:15 - errors\n- 13:14 EDT (17:14 UTC): A user emails us\n- **2024-01-22 00:05 UTC** - Gateways stop\n";
    let t = read_doc(body);
    let texts: Vec<&str> = t.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Alert fired",
            "Users report 502s",
            "errors",
            "A user emails us",
            "Gateways stop"
        ]
    );
    assert_eq!(at(&t, 0), "2024-01-21T09:00:00Z");
    assert_eq!(at(&t, 1), "2024-01-21T21:02:00Z");
    assert_eq!(at(&t, 3), "2024-01-22T17:14:00Z");
    assert!(t.from_section);
}

#[test]
fn tables_with_a_zone_in_the_header() {
    let body = "## Timeline\n\n| Time (CET) | Event |\n|---|---|\n| 2020-01-20 13:50 | Node fills up |\n| 2019-11-29 12:00+ | Scale up |\n| ... | more |\n";
    let t = read_doc(body);
    assert_eq!(t.entries.len(), 2);
    assert_eq!(at(&t, 0), "2020-01-20T12:50:00Z");
    assert_eq!(t.entries[1].reading.at, None);
    assert_eq!(t.entries[1].reading.date, Some(date(2019, 11, 29)));
}

#[test]
fn date_lines_day_headings_and_continuations() {
    let body = "## Timeline\n\nAll times in PST\n\n2019-01-22\n\n- 2:54 PM PST: change merged\n\n2019-01-23\n\n- 4:49 AM: first report\n\n### 2025-07-26 Saturday\n- 2025-07-26 7:09 AM Eastern:\n    A report arrives\n    by email.\n";
    let t = read_doc(body);
    assert_eq!(at(&t, 0), "2019-01-22T22:54:00Z");
    assert_eq!(at(&t, 1), "2019-01-23T12:49:00Z");
    assert_eq!(at(&t, 2), "2025-07-26T11:09:00Z");
    assert_eq!(t.entries[2].text, "A report arrives by email.");
}

#[test]
fn status_updates_without_a_timeline_section() {
    let body = "Sites are slow.<br /><br />**Update: 18:52** We found the attack.<br /><br />**Update 21:18** Traffic is back to normal.\n";
    let t = read_doc(body);
    assert!(!t.from_section);
    assert_eq!(t.entries.len(), 2);
    assert_eq!(at(&t, 1), "2024-01-21T21:18:00Z");
    assert_eq!(t.entries[1].text, "Traffic is back to normal.");
    // A single bold time is not a timeline.
    assert!(read_doc("**Update: 18:52** one\n").entries.is_empty());
}

#[test]
fn a_dated_entry_takes_its_time_from_its_first_words() {
    let t = read_doc(
        "## Timeline\n\n- 2021-08-17: Report submitted.\n- 2021-08-27: At 12:50:07 UTC, issue exploited.\n",
    );
    assert_eq!(t.entries[0].reading.at, None);
    assert_eq!(at(&t, 1), "2021-08-27T12:50:07Z");
}
