//! Tests of titles, file-name dates and summaries.

use super::*;
use crate::infer::tests::Case;

fn title_of(body: &str) -> Option<String> {
    Case::new(body).run().title
}

#[test]
fn titles_from_file_names() {
    assert_eq!(
        title_from_file_name("2024-01-21-checkout-500s"),
        "Checkout 500s"
    );
    assert_eq!(title_from_file_name("db_outage"), "Db outage");
    assert_eq!(title_from_file_name("007-search-down"), "Search down");
    assert_eq!(title_from_file_name("404-errors"), "404 errors");
    assert_eq!(
        date_from_file_name("2024-01-21-x").unwrap().to_string(),
        "2024-01-21"
    );
    assert_eq!(date_from_file_name("notes"), None);
}

#[test]
fn generic_titles_are_recognised() {
    for t in [
        "Postmortem",
        "Issue Summary",
        "OUR FIRST INCIDENT REPORT",
        "Incident Title (ticket #)",
        "Project 0x07-Postmortem",
        "Postmortm",
        "Incident Reports",
    ] {
        assert!(is_generic(t), "{t}");
    }
    for t in [
        "Postmortem-Redis",
        "503 Service Unavailable outage",
        "Incident Report: Expired Wildcard Certificate",
    ] {
        assert!(!is_generic(t), "{t}");
    }
}

#[test]
fn the_most_specific_title_wins() {
    assert_eq!(
        title_of("# Postmortem\n\n## Checkout 500s\n\ntext\n").as_deref(),
        Some("Checkout 500s")
    );
    assert_eq!(
        title_of("#Cache stampede\n\ntext\n").as_deref(),
        Some("Cache stampede")
    );
    assert_eq!(
        title_of("<img src=x>\n\n## 2024-02-19 Registry outage\n\ntext\n").as_deref(),
        Some("2024-02-19 Registry outage")
    );
    assert_eq!(
        title_of("slug: x\ntitle: Disk full on the primary\n\nbody text.\n").as_deref(),
        Some("Disk full on the primary")
    );
    assert_eq!(
        title_of("postmortem: Queue outage on 2024-02-03\n\nIn short: jobs piled up.\n").as_deref(),
        Some("postmortem: Queue outage on 2024-02-03")
    );
    assert_eq!(
        title_of("Incident report\nMarch 3 - Search outage\nImpact:\nbad\n").as_deref(),
        Some("March 3 - Search outage")
    );
    // Nothing specific at all: the file name.
    assert_eq!(
        title_of("# Incident Title (ticket #)\n\n## Summary\n\ntext\n").as_deref(),
        Some("Incident")
    );
    assert_eq!(
        title_of("Postmortm\nOur side project went offline one evening and it took hours to notice why.\n")
            .as_deref(),
        Some("Incident")
    );
}

#[test]
fn a_title_key_of_another_tool_is_used() {
    let mut case = Case::new("### Background\n\ntext\n");
    case.extra.insert(
        "heading".into(),
        serde_json::json!("Backlog on Aug 31, 2023"),
    );
    assert_eq!(case.run().title.as_deref(), Some("Backlog on Aug 31, 2023"));
}
