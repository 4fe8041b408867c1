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
        prose: &prose.iter().collect::<Vec<_>>(),
        timeline: &tl,
        known_at: None,
        title_date: None,
        stated_duration: &|| stated,
    };
    choose(&ev, &clock)
}

fn s(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

#[test]
fn a_range_sentence_gives_both_ends() {
    let m = choose_in(
        "On June 1, starting from 12:05 to 12:40 AM EAT every request returned errors.\n",
        false,
    );
    assert_eq!(s(m.started), "2024-05-31T21:05:00Z");
    assert_eq!(s(m.resolved), "2024-05-31T21:40:00Z");
    let m = choose_in(
        "The API was unavailable from 2024-03-02 22:10 UTC and service came back at 2024-03-03 04:00 UTC.\n",
        false,
    );
    assert_eq!(s(m.started), "2024-03-02T22:10:00Z");
    assert_eq!(s(m.resolved), "2024-03-03T04:00:00Z");
    // A window of lost data is not the outage.
    let m = choose_in(
        "Orders placed between 08:10 CET and 09:05 CET have been lost.\n",
        false,
    );
    assert_eq!(m.resolved, None);
    let m = choose_in("Duration: 40 minutes from 8:20 AM to 9:00 AM GMT.\n", false);
    assert_eq!(m.range_minutes, Some(40));
}

#[test]
fn the_timeline_end_is_where_service_is_back() {
    let body = "## Timeline\n\n- 09:40 cause identified\n- 10:25 shops back online\n- 11:50 still stable, cleanup planned\n";
    let m = choose_in(body, false);
    assert_eq!(s(m.started), "2024-06-01T09:40:00Z");
    assert_eq!(s(m.resolved), "2024-06-01T10:25:00Z");
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
        "* When was the outage detected: 2024-02-11 06:30 (GMT-04:00)\n",
        false,
    );
    assert_eq!(s(m.started), "2024-02-11T10:30:00Z");
    assert_eq!(m.detected, m.started);
}

#[test]
fn prose_without_a_timeline() {
    let body = "Tonight at about 9:10pm CET a migration dropped a table. At about 9:40pm CET the site was back online.\n";
    let m = choose_in(body, false);
    assert_eq!(s(m.started), "2024-06-01T20:10:00Z");
    assert_eq!(s(m.resolved), "2024-06-01T20:40:00Z");
}
