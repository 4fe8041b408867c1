//! Unit tests of the per-incident and per-site rules: timestamp order, action-item owners,
//! required sections, unusable files and clashing output paths.

use super::*;
use crate::config::Overrides;

fn config(book: &str) -> Config {
    Config::from_str(
        std::path::Path::new("/site"),
        std::path::Path::new("/site/book.toml"),
        book,
        &Overrides::default(),
    )
    .unwrap()
}

fn problems(book: &str, rel: &str, text: &str) -> Vec<Diagnostic> {
    let config = config(book);
    let src = SourceFile::from_text(rel, text);
    let loaded = crate::load::load(&src, &config);
    let incident = loaded.incident.expect("the file loads");
    incident_problems(&incident, &src, &config)
}

#[test]
fn timestamps_out_of_order_are_errors_at_the_later_field() {
    let text = "---\nstarted_at: 2025-01-21T14:00:00Z\ndetected_at: 2025-01-21T13:55:00Z\nresolved_at: 2025-01-21T15:00:00Z\nmitigated_at: 2025-01-21T15:30:00Z\n---\n# T\n";
    let found = problems("", "a.md", text);
    let order: Vec<_> = found
        .iter()
        .filter(|d| d.code == "timestamp-order")
        .map(|d| (d.level, d.line, d.message.as_str()))
        .collect();
    assert_eq!(order.len(), 2, "{found:#?}");
    assert_eq!(order[0].0, crate::diagnostic::Level::Error);
    assert_eq!(order[0].1, Some(3));
    assert!(
        order[0]
            .2
            .starts_with("`detected_at` (2025-01-21 13:55 UTC) is before `started_at`")
    );
    assert_eq!(
        order[1].1,
        Some(4),
        "resolved before mitigated, at resolved_at"
    );
}

#[test]
fn an_inferred_timestamp_out_of_order_is_only_a_warning() {
    let config = config("");
    let src = SourceFile::from_text(
        "a.md",
        "---\nstarted_at: 2025-01-21T14:00:00Z\ndetected_at: 2025-01-21T13:55:00Z\n---\n",
    );
    let mut incident = crate::load::load(&src, &config).incident.unwrap();
    // As if inference had read `detected_at` from the text.
    incident.inferred.push("detected_at");
    let found = incident_problems(&incident, &src, &config);
    let d = found.iter().find(|d| d.code == "timestamp-order").unwrap();
    assert!(!d.is_error());
    assert!(d.message.ends_with("(inferred)"), "{}", d.message);
}

#[test]
fn action_items_without_owner_warn_only_when_required() {
    let text = "---\naction_items:\n  - title: Pin the client\n  - title: Add a canary\n    owner: Ana\n---\n";
    let found = problems("", "a.md", text);
    let owners: Vec<_> = found.iter().filter(|d| d.code == "missing-owner").collect();
    assert_eq!(owners.len(), 1);
    assert!(owners[0].message.contains("Pin the client"));
    assert_eq!(owners[0].line, Some(2));
    let off = problems("[check]\nrequire_owner = false\n", "a.md", text);
    assert!(off.iter().all(|d| d.code != "missing-owner"));
}

#[test]
fn an_inferred_action_item_without_owner_is_reported_at_its_own_line() {
    // Bug guarded: items read from the text had no line, so the warning named only the file.
    let text = "# Outage\n\n## Action items\n\n| Action | Owner | Status |\n|---|---|---|\n| Pin the client | Ana | Open |\n| Add a canary | | Open |\n| Rewrite it in Go | | Won't do |\n\n- Page on saturation\n";
    let found = problems("", "a.md", text);
    let owners: Vec<(Option<usize>, &str)> = found
        .iter()
        .filter(|d| d.code == "missing-owner")
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    // The dropped item needs no owner.
    assert_eq!(
        owners,
        [
            (Some(8), "action item `Add a canary` has no owner"),
            (Some(11), "action item `Page on saturation` has no owner")
        ]
    );
    let hint = found
        .iter()
        .find(|d| d.code == "missing-owner")
        .unwrap()
        .hint
        .as_deref();
    assert!(hint.is_some_and(|h| h.contains("Owner column")), "{hint:?}");
}

#[test]
fn required_sections_match_headings_case_insensitively() {
    let book = "[check]\nrequired_sections = [\"Timeline\", \"Action Items\", \"Root cause\"]\n";
    let found = problems(book, "a.md", "# T\n\n## TIMELINE\n\n## action items:\n");
    let missing: Vec<_> = found
        .iter()
        .filter(|d| d.code == "missing-section")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing, ["missing required section `Root cause`"]);
}

#[test]
fn empty_files_and_unusable_file_names_are_reported() {
    let found = problems("", "a.md", "\u{feff}\r\n");
    assert!(found.iter().any(|d| d.code == "empty-file"), "{found:#?}");
    let found = problems("", "!!!.md", "# Bang\n");
    let slug = found
        .iter()
        .find(|d| d.code == "invalid-slug")
        .expect("reported");
    assert!(slug.is_error());
}

#[test]
fn bundle_files_written_over_a_page_are_errors() {
    let config = config("");
    let src = SourceFile {
        is_bundle: true,
        ..SourceFile::from_text("2025-x/index.md", "# X\n")
    };
    let incident = crate::load::load(&src, &config).incident.unwrap();
    let (archive, _) = Archive::build(vec![incident], &config);
    let asset = |rel: &str| Asset {
        path: PathBuf::from(rel),
        rel: rel.into(),
        bytes: Vec::new(),
    };
    let found = archive_problems(
        &archive,
        &[asset("2025-x/index.html"), asset("2025-x/graph.png")],
        &config,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "output-collision");
    assert!(found[0].message.contains("incidents/2025-x/index.html"));
}

#[test]
fn slugs_differing_only_in_case_warn() {
    let config = config("");
    let a = crate::load::load(&SourceFile::from_text("Outage.md", "# A\n"), &config)
        .incident
        .unwrap();
    let b = crate::load::load(&SourceFile::from_text("outage.md", "# B\n"), &config)
        .incident
        .unwrap();
    let (archive, dup) = Archive::build(vec![a, b], &config);
    assert!(dup.is_empty());
    let found = archive_problems(&archive, &[], &config);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, "slug-case");
}
