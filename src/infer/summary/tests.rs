//! Tests of reading a postmortem's summary.

use super::*;

#[test]
fn summary_prefers_the_summary_section() {
    let body = "# T\n\nIntro line.\n\n## Summary\n\nThe **cache** failed.\n\n## Impact\n\nx\n";
    assert_eq!(summary(body, None).unwrap(), "The cache failed.");
    assert_eq!(
        summary("# T\n\nIntro line.\n", None).unwrap(),
        "Intro line."
    );
    assert_eq!(
        summary("slug: a\nstatus: b\n\nReal text.\n", None).unwrap(),
        "Real text."
    );
}

#[test]
fn a_title_line_repeated_in_the_text_is_no_summary() {
    // Bug guarded: a report whose first line is its title (no `#`) got that line as its
    // summary, so the page showed the title twice.
    let body = "postmortem: Database Outage on 2023-11-12\n\nTL;DR: Our database took a nap for 30 minutes.\n";
    assert_eq!(
        summary(body, Some("Postmortem: database outage on 2023-11-12")).unwrap(),
        "Our database took a nap for 30 minutes."
    );
    // A long title line reads as prose; only its being the title rules it out.
    let body = "The database outage that stopped every checkout for thirty minutes on 12 November\n\nThe primary ran out of disk.\n";
    let title = "The database outage that stopped every checkout for thirty minutes on 12 November";
    assert_eq!(
        summary(body, Some(title)).unwrap(),
        "The primary ran out of disk."
    );
    assert_eq!(summary(body, Some("Another title")).unwrap(), title);
}

#[test]
fn labels_and_metadata_before_the_prose_are_passed_over() {
    // A blog engine's metadata pasted as text, then the prose.
    let body = "slug: pine-downtime\npublished: Mon, 17 Feb 2020 at 04:57 AM\ntitle: Pine Downtime: A Story\ntags: postmortem, pine\n\nPine was down for a while today (~6 hours).\n";
    assert_eq!(
        summary(body, None).unwrap(),
        "Pine was down for a while today (~6 hours)."
    );
    // A "Last updated" line is no summary.
    let body = "# Website outage\n\nLast updated: 2022-05-25\n\nOn Monday the website was down.\n";
    assert_eq!(
        summary(body, None).unwrap(),
        "On Monday the website was down."
    );
    // Labels over key-value lines, then a label over the prose.
    let body = "Incident Reports\nSeptember 12, 2024 - Checkout Service Outage\nDuration:\n\nStart Time: September 12, 2024, 14:30 UTC\nEnd Time: September 12, 2024, 16:00 UTC\nImpact:\nDuring the outage, checkout failed.\n";
    assert_eq!(
        summary(body, None).unwrap(),
        "During the outage, checkout failed."
    );
}

#[test]
fn a_list_under_a_summary_label_is_the_summary() {
    let body = "## Summary Data\nDate\n- 2022-12-29\n\nAuthors\n- Ted, Bill, Sally\n\nSummary\n- Search down for 66 minutes after a new sonnet was found.\n";
    assert_eq!(
        summary(body, None).unwrap(),
        "Search down for 66 minutes after a new sonnet was found."
    );
    // Lists under other labels are not prose.
    assert_eq!(
        summary("Authors\n- Ted, Bill\n\nThe cache failed.\n", None).unwrap(),
        "The cache failed."
    );
}

#[test]
fn the_summary_is_plain_text() {
    // Bug guarded: links and emphasis were shown as Markdown in the page's lead.
    let body = "On 2 September the [matrix.org homeserver](@/homeserver/about.md) suffered a *~24h* outage; see [prow.k8s.io] and `kubectl`.\n\n[prow.k8s.io]: https://prow.k8s.io\n";
    assert_eq!(
        summary(body, None).unwrap(),
        "On 2 September the matrix.org homeserver suffered a ~24h outage; see prow.k8s.io and kubectl."
    );
    assert_eq!(
        summary("TL;DR: The database took a nap.\n", None).unwrap(),
        "The database took a nap."
    );
}

#[test]
fn text_without_markup_bytes_needs_no_parse() {
    // The fast path must give what the parse gives.
    for text in [
        "The cache failed.",
        "Between 02:32 and 05:22 UTC, the API returned errors\nfor roughly 41% of requests (p99 > 2 s).",
        "Retries amplified the load by a factor of 9;  recovery took 7 minutes.  ",
        "Ünïcode — quotes “like these” and 100% of €.",
    ] {
        assert!(!text.bytes().any(|b| MARKUP.contains(&b)), "{text}");
        assert_eq!(
            shorten(&crate::markdown::inline_text(text), 280),
            shorten(text, 280),
            "{text}"
        );
    }
}

#[test]
fn an_exclamation_mark_alone_is_no_markup() {
    let text = "Down again! Third time this week.";
    assert!(!text.bytes().any(|b| MARKUP.contains(&b)));
    assert_eq!(shorten(&crate::markdown::inline_text(text), 280), text);
    // An image needs a `[`, which is markup.
    assert!(b"![graph](g.png)".iter().any(|b| MARKUP.contains(b)));
}
