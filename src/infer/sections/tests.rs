//! Tests of the outline.

use super::*;

fn titles(doc: &Doc<'_>) -> Vec<(String, u8, Kind)> {
    doc.sections
        .iter()
        .map(|s| (s.title.clone(), s.level, s.kind))
        .collect()
}

#[test]
fn markdown_headings_nest() {
    let body = "# Checkout down\n\n## Timeline\n\n### Day one\n- 10:00 a\n\n## Root Cause\n\nx\n";
    let doc = Doc::parse(body, 5);
    let t = titles(&doc);
    assert_eq!(t[0], ("Checkout down".into(), 1, Kind::Other));
    assert_eq!(t[1].2, Kind::Timeline);
    assert_eq!(t[3].2, Kind::Cause);
    let timeline = &doc.sections[1];
    // The day subsection belongs to the timeline; the root cause does not.
    assert!(doc.body(timeline).iter().any(|l| l.text == "- 10:00 a"));
    assert!(!doc.body(timeline).iter().any(|l| l.text == "x"));
    assert_eq!(doc.lines[0].number, 5);
}

#[test]
fn plain_text_reports_have_pseudo_headings() {
    let body = "Incident report\nTimeline\n03:00 PM: it broke\nRoot Cause and Resolution\nRoot Cause:\nA typo.\nCorrective and Preventative Measures\nImprovements:\nAdd a check.\n";
    let doc = Doc::parse(body, 1);
    let kinds: Vec<Kind> = doc.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Timeline,
            Kind::Cause,
            Kind::Cause,
            Kind::Actions,
            Kind::Actions
        ]
    );
    let in_actions = doc
        .of(Kind::Actions)
        .any(|s| doc.body(s).iter().any(|l| l.text == "Add a check."));
    assert!(in_actions);
}

#[test]
fn code_quotes_and_hashes_are_not_headings() {
    let body = "#MY FIRST REPORT\n```python\n# a comment\n```\n> ## quoted\n#3 is an issue number\n**Timeline**\n- a\n";
    let doc = Doc::parse(body, 1);
    let t = titles(&doc);
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[0].0, "MY FIRST REPORT");
    assert_eq!(t[1].2, Kind::Timeline);
    assert!(doc.lines[2].code);
    assert!(doc.lines[4].quote);
}

#[test]
fn setext_and_html_headings() {
    let doc = Doc::parse(
        "Outage of the week\n===\n\n<h2>Impact</h2>\n\nText.\n\n---\n",
        1,
    );
    let t = titles(&doc);
    assert_eq!(t[0], ("Outage of the week".into(), 1, Kind::Other));
    assert_eq!(t[1], ("Impact".into(), 2, Kind::Impact));
    assert_eq!(t.len(), 2);
}

#[test]
fn classifies_common_section_names() {
    for (title, kind) in [
        ("Issue Summary", Kind::Summary),
        ("Corrective and Preventive Measures", Kind::Actions),
        ("Follow-ups", Kind::Actions),
        ("Next steps", Kind::Actions),
        ("Actions taken", Kind::Other),
        ("Contributing Factors", Kind::Cause),
        ("Where we got lucky", Kind::Lessons),
        ("Timeline of events", Kind::Timeline),
        ("Detection & Response", Kind::Detection),
        // Headings that name the follow-up work without the usual words.
        ("Improving Recovery Procedures", Kind::Actions),
        ("Preventing a recurrence", Kind::Actions),
        ("What we are changing", Kind::Actions),
        ("Going forward", Kind::Actions),
    ] {
        assert_eq!(kind_of(title), kind, "{title}");
    }
}
