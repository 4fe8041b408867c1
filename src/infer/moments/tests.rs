//! Tests of choosing the moments.

use super::*;
use crate::config::DateOrder;
use crate::infer::paragraphs::paragraphs;
use crate::infer::sections::Doc;
use crate::infer::timeline;
use jiff::civil::date;
use jiff::tz::TimeZone;

fn choose_in(body: &str, stated: bool) -> Moments {
    let doc = Doc::parse(body, 1);
    let clock = Clock::new(Some(date(2024, 6, 1)), TimeZone::UTC, DateOrder::Mdy);
    let tl = timeline::read(&doc, &mut clock.clone());
    let prose = paragraphs(&doc);
    let fields = crate::infer::paragraphs::fields(&doc);
    let ev = Evidence {
        fields: &fields,
        prose: &prose,
        timeline: &tl,
        known_at: None,
        title_date: None,
        stated_duration: stated,
    };
    choose(&ev, &clock)
}

fn s(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

#[test]
fn a_range_sentence_gives_both_ends() {
    let m = choose_in(
        "On June 1, starting from 12:02 to 12:20 AM EAT all requests returned errors.\n",
        false,
    );
    assert_eq!(s(m.started), "2024-05-31T21:02:00Z");
    assert_eq!(s(m.resolved), "2024-05-31T21:20:00Z");
    let m = choose_in(
        "The site was unavailable from 2025-09-02 17:45 UTC and full service resumed at 2025-09-03 18:00 UTC.\n",
        false,
    );
    assert_eq!(s(m.started), "2025-09-02T17:45:00Z");
    assert_eq!(s(m.resolved), "2025-09-03T18:00:00Z");
    // A window of lost data is not the outage.
    let m = choose_in(
        "Scores added between 15:47 CET and 23:21 CET have been lost.\n",
        false,
    );
    assert_eq!(m.resolved, None);
    let m = choose_in(
        "Duration: 75 minutes from 9:00 AM to 10:15 AM GMT.\n",
        false,
    );
    assert_eq!(m.range_minutes, Some(75));
}

#[test]
fn the_timeline_end_is_where_service_is_back() {
    let body = "## Timeline\n\n- 13:30 issue identified\n- 14:02 sites back online\n- 15:14 still stable, maintenance tonight\n";
    let m = choose_in(body, false);
    assert_eq!(s(m.started), "2024-06-01T13:30:00Z");
    assert_eq!(s(m.resolved), "2024-06-01T14:02:00Z");
    let body = "## Timeline\n\n- 12:10 event 1\n- 12:22 event 2\n";
    assert_eq!(s(choose_in(body, false).resolved), "2024-06-01T12:22:00Z");
    // With a stated duration, an entry that does not say service is back is not the end.
    assert_eq!(choose_in(body, true).resolved, None);
}

#[test]
fn labels_beat_the_timeline_and_detection_stands_in_for_start() {
    let body = "Start: 2024-06-01 10:00 UTC\nResolved: 2024-06-01 11:00 UTC\n\n## Timeline\n\n- 09:00 deploy\n- 12:00 retro\n";
    let m = choose_in(body, false);
    assert_eq!(s(m.started), "2024-06-01T10:00:00Z");
    assert_eq!(s(m.resolved), "2024-06-01T11:00:00Z");
    let m = choose_in(
        "* When was the issue detected: 2022-04-25 00:00 (GMT-04:00)\n",
        false,
    );
    assert_eq!(s(m.started), "2022-04-25T04:00:00Z");
    assert_eq!(m.detected, m.started);
}

#[test]
fn prose_without_a_timeline() {
    let body = "Today at around 10:45pm CET I deleted the database. At around 11:15pm CET I went back online.\n";
    let m = choose_in(body, false);
    assert_eq!(s(m.started), "2024-06-01T21:45:00Z");
    assert_eq!(s(m.resolved), "2024-06-01T22:15:00Z");
}
