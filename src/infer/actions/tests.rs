//! Tests of reading action items.

use super::*;
use crate::incident::ActionStatus::Done;

fn items(body: &str) -> Vec<ActionItem> {
    extract(&Doc::parse(body, 1))
}

#[test]
fn checkboxes_owners_and_tickets() {
    let got = items(
        "## Follow-ups\n\n- [x] Pin the client version (owner: Ana)\n- [ ] Add a canary stage — @bo\n- Alert on error rates ([#129](https://example.com/129))\n  across all regions\n",
    );
    assert_eq!(got.len(), 3);
    assert!(got[0].status == Done && got[1].status != Done && got[2].status != Done);
    assert_eq!(got[0].owner.as_deref(), Some("Ana"));
    assert_eq!(got[1].owner.as_deref(), Some("@bo"));
    assert_eq!(got[1].title, "Add a canary stage");
    assert_eq!(got[2].ticket.as_deref(), Some("#129"));
    assert_eq!(got[2].title, "Alert on error rates across all regions");
}

#[test]
fn tables_with_owner_and_status_columns() {
    let body = "## Action Items\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n| Add a canary stage | Platform | 2024-10-08 | ✅ Done |\n| Rehearse the failover | QA | 2024-10-20 | Pending |\n|etc|etc|etc|etc\n";
    let got = items(body);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].title, "Add a canary stage");
    assert_eq!(got[0].owner.as_deref(), Some("Platform"));
    assert!(got[0].status == Done);
    assert!(got[1].status != Done);
    // Bug guarded: owners of two letters (`QA`, `Bo`) were taken for placeholders and dropped.
    assert_eq!(got[1].owner.as_deref(), Some("QA"));
}

#[test]
fn filler_cells_are_no_owner() {
    let body = "## Action Items\n\n| Action | Owner |\n|---|---|\n| Add a canary stage | TBD |\n| Page on saturation | — |\n| Cap retries | None |\n| ok | Ana |\n";
    let got = items(body);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|a| a.owner.is_none()), "{got:?}");
}

#[test]
fn code_spans_in_titles_keep_their_text_and_due_dates_are_read() {
    // Regression: the title lost the setting it was about ("Validate at config load time"),
    // and a table's Due column was ignored.
    let body = "## Action Items\n\n| # | Action | Owner | Status | Due |\n|---|---|---|---|---|\n| 1 | Validate `max_connections` at config load time | Jonas | Open | 2021-03-23 |\n| 2 | Cap retries | Pablo | Done | next sprint |\n\n## Lessons\n\n- [ ] Alert on `pool_wait_ms` above 50\n";
    let got = items(body);
    assert_eq!(got[0].title, "Validate max_connections at config load time");
    assert_eq!(got[0].due, Some(jiff::civil::date(2021, 3, 23)));
    assert_eq!(got[1].due, None);
    assert!(got.iter().all(|a| !a.title.contains('`')));
}

#[test]
fn plain_lines_and_headings_of_every_style() {
    let body = "Corrective and Preventative Measures:\nTo prevent this, we will:\nReview configuration changes\nBack up configuration files.\nWe hope this never happens again.\n\nLessons\n";
    let got = items(body);
    let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Review configuration changes",
            "Back up configuration files."
        ]
    );
    for heading in [
        "## Next steps",
        "### Remediation",
        "## Tasks",
        "**Corrective Actions**",
    ] {
        assert_eq!(
            items(&format!("{heading}\n\n- Do the thing\n")).len(),
            1,
            "{heading}"
        );
    }
    assert!(items("## Actions taken\n\n- We restarted it\n").is_empty());
}

#[test]
fn owner_words_inside_a_task_are_not_owners() {
    // Regression: "Show the Product Owners ..." was read as owned by "s how ...".
    let got = items(
        "## Action Items\n\n- Show the Product Owners how to read dashboards\n- Rotate keys (assigned to Ana Lee)\n",
    );
    assert_eq!(got[0].owner, None);
    assert_eq!(
        got[0].title,
        "Show the Product Owners how to read dashboards"
    );
    assert_eq!(got[1].owner.as_deref(), Some("Ana Lee"));
}

#[test]
fn a_trailing_name_in_parentheses_is_the_owner() {
    let got = items(
        "## Action Items\n\n- [ ] Dedupe sends on event_id (Leah Brandt, NOTIF-288)\n- [x] Roll back the worker (Yusuf Demir)\n- [ ] Limit pushes per order (product decision pending)\n",
    );
    assert_eq!(got[0].owner.as_deref(), Some("Leah Brandt"));
    assert_eq!(got[0].ticket.as_deref(), Some("NOTIF-288"));
    assert_eq!(got[0].title, "Dedupe sends on event_id");
    assert_eq!(got[1].owner.as_deref(), Some("Yusuf Demir"));
    assert!(got[1].status == Done);
    assert_eq!(got[2].owner, None, "lowercase words are not a name");
}

#[test]
fn a_status_column_can_say_an_item_was_dropped() {
    // Bug guarded: "Won't do" read as open, so a decided-against item was listed as open and
    // overdue on the action-items page.
    let body = "## Action Items\n\n| Action | Status |\n|---|---|\n| Rewrite the consumer | Won't do |\n| Add an alert | In progress |\n| Pin the client | Done |\n\n## Follow-ups\n\n- Dropped connections should page the on-call\n";
    let got = items(body);
    let statuses: Vec<ActionStatus> = got.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [
            ActionStatus::Dropped,
            ActionStatus::Open,
            ActionStatus::Done,
            // A list item's own words only say whether it is done.
            ActionStatus::Open
        ]
    );
}

#[test]
fn a_link_written_over_two_lines_keeps_only_its_text() {
    let got = items(
        "## Action items\n\n- Document replication in the [engineering\n  runbooks](https://example.com/runbooks)\n",
    );
    assert_eq!(
        got[0].title,
        "Document replication in the engineering runbooks"
    );
}

#[test]
fn an_owner_on_a_continuation_line_is_the_items() {
    // Bug guarded: `(owner: Ana)` on the item's second line was kept in its title.
    let got = items(
        "## Action items\n\n- Alert on replication lag\n  across all regions (owner: Ana)\n- Pin the client (owner: Bo)\n  before the next release\n",
    );
    assert_eq!(got[0].title, "Alert on replication lag across all regions");
    assert_eq!(got[0].owner.as_deref(), Some("Ana"));
    // An owner already found stays, and the continuation is still part of the title.
    assert_eq!(got[1].owner.as_deref(), Some("Bo"));
    assert_eq!(got[1].title, "Pin the client before the next release");
}
