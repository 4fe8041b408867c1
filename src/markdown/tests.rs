//! Unit tests of Markdown: heading anchors and lines, local links, the dropped title heading,
//! extensions, sanitizing raw HTML, and plain text.

use super::*;

fn render_plain(body: &str, title: Option<&str>) -> String {
    let o = outline(body, 1);
    let resolve = |dest: &str| dest.strip_suffix(".md").map(|s| format!("/incidents/{s}/"));
    render(
        body,
        &RenderOptions {
            headings: &o.headings,
            title,
            resolve: &resolve,
            trust_html: false,
        },
    )
}

#[test]
fn headings_get_unique_github_anchors_and_lines() {
    let o = outline(
        "# Title\n\n## Timeline\n\ntext\n\n## Timeline\n\n## Root Cause {#why}\n",
        5,
    );
    let ids: Vec<_> = o.headings.iter().map(|h| (h.id.as_str(), h.line)).collect();
    assert_eq!(
        ids,
        [
            ("title", 5),
            ("timeline", 7),
            ("timeline-1", 11),
            ("why", 13)
        ]
    );
}

#[test]
fn local_links_are_found_and_rewritten() {
    let body = "See [DNS](2024-01-03-dns.md#timeline), [web](https://x.test/a.md), [top](#x).\n";
    let o = outline(body, 1);
    assert_eq!(o.links.len(), 1);
    assert_eq!(o.links[0].dest, "2024-01-03-dns.md#timeline");
    let html = render_plain("See [DNS](2024-01-03-dns.md).\n", None);
    assert!(
        html.contains(r#"href="/incidents/2024-01-03-dns/""#),
        "{html}"
    );
}

#[test]
fn leading_title_heading_is_dropped_once() {
    let html = render_plain(
        "# Checkout down\n\nBody\n\n# Checkout down\n",
        Some("Checkout down"),
    );
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains(r#"<h1 id="checkout-down-1">"#), "{html}");
}

#[test]
fn extensions_are_enabled() {
    let html = render_plain(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~no~~ x[^1]\n\n[^1]: note\n",
        None,
    );
    for needle in ["<table>", "checkbox", "<del>", "footnote"] {
        assert!(html.contains(needle), "{needle} in {html}");
    }
}

#[test]
fn raw_html_is_sanitized_unless_trusted() {
    let body = "<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">hi</a> <b>ok</b>\n";
    let html = render_plain(body, None);
    assert!(
        !html.contains("<script") && !html.contains("javascript:") && !html.contains("onclick"),
        "{html}"
    );
    assert!(html.contains("<b>ok</b>"));
    let o = outline(body, 1);
    assert!(o.has_html);
    let resolve = |_: &str| None;
    let trusted = render(
        body,
        &RenderOptions {
            headings: &o.headings,
            title: None,
            resolve: &resolve,
            trust_html: true,
        },
    );
    assert!(trusted.contains("<script>"));
}

#[test]
fn plain_text_keeps_inline_text_together() {
    assert_eq!(
        plain_text("caused [the batch](x.md), *again*.\n\n## Next\n\n- a\n- b"),
        "caused the batch, again. Next a b"
    );
}

#[test]
fn an_html_line_break_separates_words() {
    assert_eq!(
        plain_text("Investigating.<br /><br />Update: fixed"),
        "Investigating. Update: fixed"
    );
}

#[test]
fn plain_text_drops_markup() {
    assert_eq!(
        plain_text("# A\n\n**b** `c`")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["A", "b", "c"]
    );
}

#[test]
fn markdown_links_with_javascript_urls_are_neutralized() {
    // Bug guarded: `[x](javascript:...)` has no raw HTML, so the sanitizer never saw it.
    let html = render_plain(
        "[a](javascript:alert(1)) [b](JaVa%09Script:x) [c](java\tscript:alert(1)) ![i](data:text/html,<script>x</script>) ![ok](data:image/png;base64,AA==)\n",
        None,
    );
    assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("data:text/html"), "{html}");
    assert!(html.contains("data:image/png;base64,AA=="), "{html}");
    assert!(is_active_url(" JAVASCRIPT:alert(1)"));
    assert!(!is_active_url("https://x.test/javascript:"));
}
