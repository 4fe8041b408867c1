//! Tests of [`infer`] on whole documents.

use super::*;
use crate::config::{Config, Overrides};
use crate::incident::ActionStatus::Done;

/// A document and what front matter says about it, owning what an [`Input`] borrows.
pub(super) struct Case {
    pub config: Config,
    pub body: String,
    pub slug: String,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub given: Vec<&'static str>,
    pub known_date: Option<Date>,
    pub duration_known: bool,
}

impl Case {
    pub fn new(body: &str) -> Case {
        Case::with_config(body, "")
    }

    pub fn with_config(body: &str, book_toml: &str) -> Case {
        let root = std::path::Path::new("/site");
        let config = Config::from_str(
            root,
            &root.join("book.toml"),
            book_toml,
            &Overrides::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Case {
            config,
            body: body.to_string(),
            slug: "incident".into(),
            extra: serde_json::Map::new(),
            given: Vec::new(),
            known_date: None,
            duration_known: false,
        }
    }

    pub fn run(&self) -> Inferred {
        infer(&Input {
            source: "incident.md",
            display: std::path::Path::new("content/incident.md"),
            file_slug: &self.slug,
            body: &self.body,
            body_line: 1,
            headings: &[],
            known_date: self.known_date,
            known_at: None,
            known_title: None,
            given: &self.given,
            duration_known: self.duration_known,
            extra: &self.extra,
            config: &self.config,
        })
    }
}

fn ts(i: &Option<Timestamp>) -> String {
    i.map(|t| t.to_string()).unwrap_or_default()
}

#[test]
fn a_plain_text_report_with_labels() {
    let body = "Incident write-ups\nMarch 3, 2024 - Search outage\n\nStart Time: March 3, 2024, 14:30 UTC\nEnd Time: March 3, 2024, 16:00 UTC\n\nRoot Cause:\nA misconfigured proxy setting sent all traffic to one server.\n\nSeverity: SEV2\n";
    let out = Case::new(body).run();
    assert_eq!(out.title.as_deref(), Some("March 3, 2024 - Search outage"));
    assert_eq!(ts(&out.started_at), "2024-03-03T14:30:00Z");
    assert_eq!(ts(&out.resolved_at), "2024-03-03T16:00:00Z");
    assert_eq!(out.severity.as_deref(), Some("SEV2"));
    assert_eq!(
        out.causes.first().map(String::as_str),
        Some("config-change")
    );
}

#[test]
fn a_timeline_rolls_past_midnight_in_its_declared_zone() {
    let body = "# June 12th, 2023 Runner slowdown\n\nAll times PDT.\n\n## Timeline\n\n* [???] unknown\n* [16:40] Users report slow runners\n* [22:10] Pool resize completes\n* [06:30] Jobs run at the usual pace again\n";
    let out = Case::new(body).run();
    assert_eq!(ts(&out.started_at), "2023-06-12T23:40:00Z");
    assert_eq!(ts(&out.resolved_at), "2023-06-13T13:30:00Z");
    assert_eq!(out.date.unwrap().to_string(), "2023-06-12");
    assert_eq!(out.timeline.len(), 3);
    assert_eq!(out.timeline[0].time_text, "16:40");
    assert_eq!(out.timeline[0].text, "Users report slow runners");
}

#[test]
fn a_stated_duration_and_percentage() {
    let body = "# Checkout errors\n\n## Summary\n\nOn 2024-02-03 at 9:30am PST our queue stopped accepting jobs, so checkout was unavailable for 25 minutes, affecting 70% of our customers.\n";
    let out = Case::new(body).run();
    assert_eq!(ts(&out.started_at), "2024-02-03T17:30:00Z");
    assert_eq!(out.duration_minutes, Some(25));
    assert_eq!(out.users_affected_percent, Some(70.0));
}

/// Guards the lazy stated duration: when front matter fixes the duration, the stated one is no
/// longer read for the duration, but it must still keep a last timeline entry that does not say
/// service is back from being taken as the end.
#[test]
fn a_stated_duration_still_decides_the_end_when_front_matter_fixes_the_duration() {
    let body = "## Summary\n\nCheckout was unavailable for 25 minutes.\n\n## Timeline\n\n- 2024-06-01 12:10 UTC event 1\n- 2024-06-01 12:22 UTC event 2\n";
    let free = Case::new(body).run();
    assert_eq!(free.duration_minutes, Some(25));
    assert_eq!(free.resolved_at, None);
    let mut case = Case::new(body);
    case.duration_known = true;
    let fixed = case.run();
    assert_eq!(ts(&fixed.started_at), "2024-06-01T12:10:00Z");
    assert_eq!(fixed.resolved_at, None);
    assert_eq!(fixed.duration_minutes, None);
}

#[test]
fn ambiguous_dates_warn_with_file_and_line() {
    let body = "# Disk full\n\n## Timeline\n\n- 04/05/2024 10:00 - disk fills\n- 04/05/2024 11:00 - cleaned up, restored\n";
    let out = Case::with_config(body, "[infer]\ndate_order = \"dmy\"\n").run();
    assert_eq!(ts(&out.started_at), "2024-05-04T10:00:00Z");
    let w = &out.warnings[0];
    assert_eq!(w.code, "ambiguous-date");
    assert_eq!(w.line, Some(5));
    assert_eq!(w.path, std::path::Path::new("content/incident.md"));
}

#[test]
fn action_items_and_services() {
    let body = "# Login failures\n\nThe auth-api rejected tokens.\n\n## Action Items\n\n- [x] Rotate the signing key (owner: @ana)\n- [ ] Add an alert on 401 rates PAY-12\n";
    let toml = "[[taxonomy.services]]\nid = \"auth\"\nname = \"Auth\"\naliases = [\"auth-api\"]\n";
    let out = Case::with_config(body, toml).run();
    assert_eq!(out.services, ["auth"]);
    assert_eq!(out.action_items.len(), 2);
    assert!(out.action_items[0].status == Done);
    assert_eq!(out.action_items[0].owner.as_deref(), Some("@ana"));
    assert_eq!(out.action_items[0].title, "Rotate the signing key");
    assert!(out.action_items[1].status != Done);
    assert_eq!(out.action_items[1].ticket.as_deref(), Some("PAY-12"));
}

#[test]
fn given_fields_are_not_inferred() {
    let mut case = Case::new("# Title here\n\n## Action Items\n\n- Do it\n");
    case.given = vec!["title", "action_items"];
    let out = case.run();
    assert!(out.title.is_none());
    assert!(out.action_items.is_empty());
}

#[test]
fn a_duration_line_with_a_range_and_detection_fields() {
    let body = "# Cache outage\n\nDuration: 2024-01-21 15:30 EST to 16:45 EST\nDetection Time: 2024-01-21 15:40 EST\n";
    let out = Case::new(body).run();
    assert_eq!(ts(&out.started_at), "2024-01-21T20:30:00Z");
    assert_eq!(ts(&out.resolved_at), "2024-01-21T21:45:00Z");
    assert_eq!(ts(&out.detected_at), "2024-01-21T20:40:00Z");
}

#[test]
fn a_generic_first_heading_gives_way_and_a_causes_line_is_used() {
    let body = "# Postmortem\n\n## Payment retries doubled charges\n\nCauses: deploy, software-bug\n\nA release changed the retry loop.\n";
    let out = Case::new(body).run();
    assert_eq!(
        out.title.as_deref(),
        Some("Payment retries doubled charges")
    );
    assert_eq!(out.causes, ["deploy", "software-bug"]);
}

fn load_text(text: &str, book_toml: &str) -> crate::load::Loaded {
    let case = Case::with_config("", book_toml);
    let file = crate::source::SourceFile::from_text("incident.md", text);
    crate::load::load(&file, &case.config)
}

#[test]
fn front_matter_values_are_read_as_people_write_them() {
    // Regression: a date with a time and a `+0200` offset was an error.
    let loaded = load_text(
        "---\ndate: 2023-05-06 10:00:00 +0200\nstarted_at: May 30th, 2019 16:40 PDT\n---\nBody.\n",
        "",
    );
    let inc = loaded.incident.unwrap();
    assert_eq!(inc.date.unwrap().to_string(), "2023-05-06");
    assert_eq!(ts(&inc.moments.started_at), "2019-05-30T23:40:00Z");
    assert!(
        loaded.problems.iter().all(|p| p.code != "invalid-value"),
        "{:?}",
        loaded.problems
    );
}

#[test]
fn ambiguous_front_matter_dates_warn_on_their_line() {
    let loaded = load_text(
        "---\ntitle: T\nstarted_at: 04/05/2024 10:00\n---\nBody.\n",
        "[infer]\ndate_order = \"dmy\"\n",
    );
    let inc = loaded.incident.unwrap();
    assert_eq!(ts(&inc.moments.started_at), "2024-05-04T10:00:00Z");
    let w = loaded
        .problems
        .iter()
        .find(|p| p.code == "ambiguous-date")
        .unwrap();
    assert_eq!(w.line, Some(3));
    assert!(w.message.contains("4 May 2024"), "{}", w.message);
}

#[test]
fn ambiguous_dates_in_fields_of_the_text_warn_too() {
    let out = Case::new("# T\n\nStart: 04/05/2024 10:00 UTC\n").run();
    assert_eq!(ts(&out.started_at), "2024-04-05T10:00:00Z");
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(3));
}

#[test]
fn an_empty_front_matter_title_is_inferred() {
    let loaded = load_text("---\ntitle: \"\"\n---\n# Queue backlog\n", "");
    let inc = loaded.incident.unwrap();
    assert_eq!(inc.title, "Queue backlog");
    assert!(inc.is_inferred("title"));
}

#[test]
fn a_report_of_the_icco_collection_is_titled_by_company_and_first_sentence() {
    // Bug guarded: such a report, with no title anywhere, was titled from its file name
    // ("Icco eve boot ini"), or from a UUID where the file is named by one.
    let body = "A typo and a name conflict caused the installer to delete the *boot.ini* file. Windows would not start.\n";
    let mut case = Case::new(body);
    case.extra
        .insert("company".into(), serde_json::json!("CCP Games"));
    case.slug = "icco-eve-boot-ini".into();
    assert_eq!(
        case.run().title.as_deref(),
        Some(
            "CCP Games: A typo and a name conflict caused the installer to delete the boot.ini file."
        )
    );
    let mut case = Case::new(body);
    case.slug = "01494547-7ee9-4169-a0c0-d921fa309d83".into();
    assert_eq!(
        case.run().title.as_deref(),
        Some("A typo and a name conflict caused the installer to delete the boot.ini file.")
    );
    // A file name that says something is still the title.
    let mut case = Case::new(body);
    case.slug = "2024-05-01-installer-deletes-boot-ini".into();
    assert_eq!(
        case.run().title.as_deref(),
        Some("Installer deletes boot ini")
    );
}
