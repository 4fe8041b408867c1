//! Unit tests of the insights: percentiles with unknowns, windows, periods, matrix, trends,
//! action items and "on this day", over small hand-made archives.

use jiff::civil::{Date, date};

use super::*;
use crate::incident::ActionItem;
use crate::testing::config;

/// An incident on `day` lasting `minutes` (unknown when `None`), detected after 5 minutes.
fn incident(
    slug: &str,
    day: Option<Date>,
    minutes: Option<i64>,
    severity: Option<&str>,
    services: &[&str],
    causes: &[&str],
) -> Incident {
    let start = day.map(|d| {
        d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .expect("valid")
            .timestamp()
    });
    let plus = |m: i64| start.map(|s| s + jiff::SignedDuration::from_mins(m));
    let mut i = crate::testing::incident(slug);
    i.date = day;
    i.severity = severity.map(String::from);
    i.services = services.iter().map(|s| s.to_string()).collect();
    i.causes = causes.iter().map(|s| s.to_string()).collect();
    i.moments.started_at = minutes.and(start);
    i.moments.detected_at = minutes.and(plus(5));
    i.moments.resolved_at = minutes.and_then(plus);
    i
}

fn archive(incidents: Vec<Incident>) -> Archive {
    Archive::build(incidents, &config()).0
}

#[test]
fn percentiles_count_unknowns_apart() {
    let d = Distribution::of([Some(10), None, Some(30), Some(20), None, Some(500)]);
    assert_eq!((d.known, d.unknown, d.total()), (4, 2, 6));
    assert_eq!(d.median, Some(25));
    assert_eq!(d.p90, Some(359));
    assert_eq!(d.buckets.iter().sum::<usize>(), 4);
    assert_eq!(d.buckets[bucket_of(10)], 1);
    assert_eq!(bucket_of(14), 0);
    assert_eq!(bucket_of(15), 1);
    assert_eq!(bucket_of(10_000), BUCKETS.len() - 1);
    let none = Distribution::of([None, None]);
    assert_eq!(
        (none.known, none.unknown, none.median, none.p90),
        (0, 2, None, None)
    );
}

#[test]
fn windows_end_on_the_build_date() {
    let w = Windows::ending(date(2024, 3, 15));
    assert_eq!(w.current_from, date(2023, 3, 16));
    assert_eq!(w.previous_to, date(2023, 3, 15));
    assert_eq!(w.previous_from, date(2022, 3, 16));
    assert_eq!(w.of(date(2024, 3, 15)), Some(Window::Current));
    assert_eq!(w.of(date(2023, 3, 16)), Some(Window::Current));
    assert_eq!(w.of(date(2023, 3, 15)), Some(Window::Previous));
    assert_eq!(w.of(date(2022, 3, 16)), Some(Window::Previous));
    assert_eq!(w.of(date(2022, 3, 15)), None);
    assert_eq!(w.of(date(2024, 3, 16)), None, "after the build date");
    let leap = Windows::ending(date(2024, 2, 29));
    assert_eq!(leap.current_from, date(2023, 3, 1));
}

#[test]
fn periods_coarsen_for_long_histories() {
    let m = |y: i16, mo: i8| month_number(date(y, mo, 1));
    let r = Range::covering(m(2024, 1), m(2024, 3));
    assert_eq!((r.granularity, r.len), (Granularity::Month, 3));
    assert_eq!(r.label(2), "2024-03");
    assert_eq!(r.slot(m(2024, 2)), Some(1));
    assert_eq!(r.slot(m(2023, 12)), None);
    let r = Range::covering(m(2010, 2), m(2020, 12));
    assert_eq!(r.granularity, Granularity::Quarter);
    assert_eq!(r.start_of(0), date(2010, 1, 1));
    assert_eq!(r.label(1), "2010 Q2");
    assert_eq!(r.len, 44);
    let r = Range::covering(m(1990, 5), m(2024, 1));
    assert_eq!(
        (r.granularity, r.label(0), r.len),
        (Granularity::Year, "1990".into(), 35)
    );
}

#[test]
fn history_stacks_by_severity_and_counts_undated() {
    let a = archive(vec![
        incident(
            "a",
            Some(date(2024, 1, 5)),
            Some(30),
            Some("SEV1"),
            &[],
            &[],
        ),
        incident("b", Some(date(2024, 1, 20)), None, Some("SEV3"), &[], &[]),
        incident("c", Some(date(2024, 3, 1)), Some(90), None, &[], &[]),
        incident("d", None, None, Some("SEV1"), &[], &[]),
    ]);
    let ins = Insights::compute(&a, date(2024, 4, 2));
    let h = &ins.history;
    assert_eq!(h.range.len, 4, "January to the build month");
    assert_eq!(h.undated, 1);
    let sevs = a.index_of(IndexKind::Severities);
    let labels: Vec<Option<&str>> = h
        .stacks
        .iter()
        .map(|s| s.map(|p| sevs.terms[p].id.as_str()))
        .collect();
    assert_eq!(labels, [Some("SEV1"), Some("SEV3"), None]);
    assert_eq!(h.counts[0], [1, 1, 0]);
    assert_eq!(h.counts[2], [0, 0, 1]);
    assert_eq!(h.total(3), 0);
    assert_eq!((ins.duration.known, ins.duration.unknown), (2, 2));
    assert_eq!(ins.duration.median, Some(60));
    assert_eq!(ins.time_to_detect.unknown, 2);
    let sev1 = ins
        .term(IndexKind::Severities, 0)
        .expect("SEV1 has figures");
    let totals: Vec<u32> = sev1.counts.iter().map(|c| c.iter().sum()).collect();
    assert_eq!(totals, [1, 0, 0, 0], "the undated SEV1 is in no period");
    assert_eq!(sev1.counts[0], [1, 0, 0]);
    assert_eq!((sev1.duration.known, sev1.duration.unknown), (1, 1));
}

#[test]
fn trends_compare_the_two_windows() {
    let today = date(2024, 6, 30);
    let a = archive(vec![
        incident("a", Some(date(2024, 6, 1)), None, None, &["api"], &["dns"]),
        incident(
            "b",
            Some(date(2024, 1, 1)),
            None,
            None,
            &["api"],
            &["deploy"],
        ),
        incident("c", Some(date(2023, 5, 1)), None, None, &["db"], &["dns"]),
        incident("d", Some(date(2023, 4, 1)), None, None, &["db"], &["dns"]),
        incident(
            "e",
            Some(date(2021, 1, 1)),
            None,
            None,
            &["old"],
            &["hardware"],
        ),
    ]);
    let ins = Insights::compute(&a, today);
    let causes = a.index_of(IndexKind::Causes);
    let row = |t: &Trend| (causes.terms[t.term].id.as_str(), t.current, t.previous);
    let rows: Vec<_> = ins.cause_trends.iter().map(row).collect();
    // Ties in the last 12 months go to the one with more before; hardware is in neither window.
    assert_eq!(rows, [("dns", 1, 2), ("deploy", 1, 0)]);
    assert_eq!(ins.cause_trends[0].change(), -1);
    assert_eq!(ins.cause_trends[0].change_percent(), Some(-50));
    assert_eq!(ins.cause_trends[1].change_percent(), None);
    assert_eq!(ins.window_figures[0].incidents, 2);
    assert_eq!(ins.window_figures[1].incidents, 2);
}

#[test]
fn matrix_cells_hold_their_incidents() {
    let a = archive(vec![
        incident(
            "a",
            Some(date(2024, 3, 1)),
            None,
            None,
            &["api", "db"],
            &["dns"],
        ),
        incident(
            "b",
            Some(date(2024, 2, 1)),
            None,
            None,
            &["api"],
            &["dns", "deploy"],
        ),
        incident("c", Some(date(2024, 1, 1)), None, None, &["api"], &[]),
    ]);
    let m = Insights::compute(&a, date(2024, 3, 2)).matrix;
    let services = a.index_of(IndexKind::Services);
    let causes = a.index_of(IndexKind::Causes);
    let pos = |index: &crate::archive::Index, id: &str| {
        index.terms.iter().position(|t| t.id == id).expect("term")
    };
    let (api, db) = (pos(services, "api"), pos(services, "db"));
    let (dns, deploy) = (pos(causes, "dns"), pos(causes, "deploy"));
    let slugs = |c: Option<&MatrixCell>| -> Vec<&str> {
        c.map(|c| {
            c.incidents
                .iter()
                .map(|&i| a.incidents[i].slug.as_str())
                .collect()
        })
        .unwrap_or_default()
    };
    assert_eq!(slugs(m.cell(api, dns)), ["a", "b"], "newest first");
    assert_eq!(slugs(m.cell(api, deploy)), ["b"]);
    assert_eq!(slugs(m.cell(db, dns)), ["a"]);
    assert!(m.cell(db, deploy).is_none());
    assert_eq!(m.cells.len(), 3);
    assert_eq!(m.unplaced, 1, "c has no cause");
    assert_eq!(m.services, [api, db]);
    assert_eq!(m.max_count(), 2);
}

#[test]
fn open_items_grouped_by_owner_overdue_first() {
    use crate::incident::ActionStatus::{Done, Dropped, Open};
    let item = |title: &str, owner: Option<&str>, status, due: Option<Date>| ActionItem {
        title: title.into(),
        owner: owner.map(String::from),
        status,
        due,
        ticket: None,
        line: None,
    };
    let mut a = incident("a", Some(date(2024, 3, 1)), None, None, &[], &[]);
    a.action_items = vec![
        item("later", Some("Ana Lima"), Open, Some(date(2024, 9, 1))),
        item("undated", Some("ana  lima"), Open, None),
        item("late", Some("Ana Lima"), Open, Some(date(2024, 2, 1))),
        item("finished", Some("Ana Lima"), Done, Some(date(2024, 1, 1))),
        item("orphan", None, Open, Some(date(2024, 1, 1))),
        item("ben's", Some("Ben"), Open, Some(date(2024, 5, 1))),
        // Dropped, and long past due: neither open nor overdue, and in no owner's list.
        item("won't", Some("Cy"), Dropped, Some(date(2023, 1, 1))),
    ];
    let arch = archive(vec![a]);
    let actions = Insights::compute(&arch, date(2024, 3, 15)).actions;
    assert_eq!(
        (actions.open, actions.done, actions.dropped, actions.overdue),
        (5, 1, 1, 2)
    );
    let titles = |g: &OwnerGroup| -> Vec<String> {
        let items = &arch.incidents[0].action_items;
        g.items
            .iter()
            .map(|i| items[i.item].title.clone())
            .collect()
    };
    let owners: Vec<Option<&str>> = actions.groups.iter().map(|g| g.owner.as_deref()).collect();
    assert_eq!(
        owners,
        [Some("Ana Lima"), Some("Ben"), None],
        "unassigned last"
    );
    assert_eq!(titles(&actions.groups[0]), ["late", "later", "undated"]);
    assert_eq!(actions.groups[0].overdue, 1);
    assert!(actions.groups[2].items[0].overdue);
}

#[test]
fn on_this_day_looks_at_earlier_years_only() {
    let a = archive(vec![
        incident("today", Some(date(2024, 3, 15)), None, None, &[], &[]),
        incident("last-year", Some(date(2023, 3, 15)), None, None, &[], &[]),
        incident("other-day", Some(date(2023, 3, 16)), None, None, &[], &[]),
        incident("long-ago", Some(date(2019, 3, 15)), None, None, &[], &[]),
    ]);
    let ins = Insights::compute(&a, date(2024, 3, 15));
    let slugs: Vec<&str> = ins
        .on_this_day
        .iter()
        .map(|&i| a.incidents[i].slug.as_str())
        .collect();
    assert_eq!(slugs, ["last-year", "long-ago"]);
}
