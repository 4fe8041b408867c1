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
    let body = "## Timeline\n\n- **9:00 AM**: Alert fired\n- 12:05 AM EAT :- Users report 504s\n* 08:15 - errors\n- 11:25 EDT (15:25 UTC): A user emails us\n- **2024-01-22 00:05 UTC** - Gateways stop\n";
    let t = read_doc(body);
    let texts: Vec<&str> = t.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Alert fired",
            "Users report 504s",
            "errors",
            "A user emails us",
            "Gateways stop"
        ]
    );
    assert_eq!(at(&t, 0), "2024-01-21T09:00:00Z");
    assert_eq!(at(&t, 1), "2024-01-21T21:05:00Z");
    assert_eq!(at(&t, 3), "2024-01-22T15:25:00Z");
    assert!(t.from_section);
}

#[test]
fn entries_are_plain_text_without_code_marks() {
    // Regression: "Alert `api_error_rate` fired" was shown with its backticks.
    let t = read_doc("## Timeline\n\n- **2024-01-21 10:23 UTC** - Alert `api_error_rate` fired\n");
    assert_eq!(t.entries[0].text, "Alert api_error_rate fired");
}

#[test]
fn tables_with_a_zone_in_the_header() {
    let body = "## Timeline\n\n| Time (CET) | Event |\n|---|---|\n| 2024-02-05 10:20 | Node fills up |\n| 2024-02-01 12:00+ | Scale up |\n| ... | more |\n";
    let t = read_doc(body);
    assert_eq!(t.entries.len(), 2);
    assert_eq!(at(&t, 0), "2024-02-05T09:20:00Z");
    assert_eq!(t.entries[1].reading.at, None);
    assert_eq!(t.entries[1].reading.date, Some(date(2024, 2, 1)));
}

#[test]
fn date_lines_day_headings_and_continuations() {
    let body = "## Timeline\n\nAll times in PST\n\n2023-11-02\n\n- 3:15 PM PST: change merged\n\n2023-11-03\n\n- 5:05 AM: first report\n\n### 2024-07-16 Tuesday\n- 2024-07-16 8:40 AM Eastern:\n    A report arrives\n    by email.\n";
    let t = read_doc(body);
    assert_eq!(at(&t, 0), "2023-11-02T23:15:00Z");
    assert_eq!(at(&t, 1), "2023-11-03T13:05:00Z");
    assert_eq!(at(&t, 2), "2024-07-16T12:40:00Z");
    assert_eq!(t.entries[2].text, "A report arrives by email.");
}

#[test]
fn status_updates_without_a_timeline_section() {
    let body = "Sites are slow.<br /><br />**Update: 14:20** We found the cause.<br /><br />**Update 16:05** Traffic is back to normal.\n";
    let t = read_doc(body);
    assert!(!t.from_section);
    assert_eq!(t.entries.len(), 2);
    assert_eq!(at(&t, 1), "2024-01-21T16:05:00Z");
    assert_eq!(t.entries[1].text, "Traffic is back to normal.");
    // A single bold time is not a timeline.
    assert!(read_doc("**Update: 14:20** one\n").entries.is_empty());
}

#[test]
fn a_dated_entry_takes_its_time_from_its_first_words() {
    let t = read_doc(
        "## Timeline\n\n- 2023-03-02: Report submitted.\n- 2023-03-14: At 21:41:07 UTC, the bug was triggered.\n",
    );
    assert_eq!(t.entries[0].reading.at, None);
    assert_eq!(at(&t, 1), "2023-03-14T21:41:07Z");
}

#[test]
fn a_link_written_over_two_lines_keeps_only_its_text() {
    // Bug guarded: the entry showed `[engineering runbooks](https://...)` as written.
    let body = "## Timeline\n\n- 10:00 UTC: This was not clearly documented in our [engineering\n  runbooks](https://example.com/runbooks) nor in the manual.\n";
    let t = read_doc(body);
    assert_eq!(
        t.entries[0].text,
        "This was not clearly documented in our engineering runbooks nor in the manual."
    );
}

#[test]
fn footnote_references_are_not_shown_in_an_entry() {
    let t = read_doc(
        "## Timeline\n\n- 10:00 UTC: Images removed for reasons unrelated to this report[^4].\n\n[^4]: See the registry's log.\n",
    );
    assert_eq!(
        t.entries[0].text,
        "Images removed for reasons unrelated to this report."
    );
}
