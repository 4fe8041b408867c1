//! Unit tests of text similarity: which text is compared, how it is split into terms, and
//! which incidents match with which shared terms.

use super::stop_words::STOP_WORDS;
use super::terms::{count_terms, display};
use super::*;

/// An incident whose body is `body` (headings read as the loader reads them).
fn with_body(slug: &str, summary: &str, body: &str) -> Incident {
    let mut i = crate::testing::incident(slug);
    i.summary = (!summary.is_empty()).then(|| summary.to_string());
    i.body = body.into();
    i.body_line = 7;
    i.headings = crate::markdown::outline(body, 7).headings;
    i
}

fn terms(text: &str) -> Vec<String> {
    let text = text.to_lowercase();
    let mut t: Vec<String> = count_terms(&text)
        .iter()
        .map(|c| display(&text, c))
        .collect();
    t.sort();
    t
}

#[test]
fn stop_words_are_sorted_and_skipped() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(terms("because the incident"), Vec::<String>::new());
}

#[test]
fn compares_the_summary_and_the_cause_sections_only() {
    let body = "## Timeline\n\nretry storm\n\n## Root cause\n\nThe pool was exhausted.\n\n```\nERROR log line\n```\n\n### Contributing\n\nA low timeout.\n\n## Lessons\n\nWrite runbooks.\n";
    let text = text_of(&with_body("a", "Checkout failed.", body));
    assert!(text.starts_with("checkout failed."), "{text}");
    assert!(
        text.contains("pool was exhausted") && text.contains("low timeout"),
        "{text}"
    );
    assert!(
        !text.contains("retry") && !text.contains("runbooks"),
        "{text}"
    );
    assert!(
        !text.contains("log line"),
        "fenced code is left out: {text}"
    );
}

#[test]
fn terms_are_words_and_pairs_that_do_not_cross_punctuation() {
    assert_eq!(
        terms("Connection pool. Timeout of 30s in the pool"),
        ["connection", "connection pool", "pool", "timeout"]
    );
    assert_eq!(
        terms("hard-wrapped\nline\n\nparagraph"),
        ["hard-wrapped", "hard-wrapped line", "line", "paragraph"]
    );
    assert_eq!(terms("max_connections was 12"), ["max_connections"]);
}

#[test]
fn similar_text_is_found_with_its_shared_terms() {
    let pool = "## Root cause\n\nThe connection pool was exhausted and requests hit the timeout.\n";
    let incidents = vec![
        with_body("a", "Checkout returned errors.", pool),
        with_body("b", "Payments slowed down.", pool),
        with_body(
            "c",
            "Resolver saturated.",
            "## Root cause\n\nThe DNS resolver cache expired.\n",
        ),
        with_body(
            "d",
            "Search stale.",
            "## Root cause\n\nThe indexer lagged behind the queue.\n",
        ),
        with_body(
            "e",
            "",
            "## Root cause\n\nA certificate expired on the edge.\n",
        ),
    ];
    let all = similar_all(&incidents);
    assert_eq!(all.len(), 5);
    let a = &all[0];
    assert_eq!(a.iter().map(|m| m.index).collect::<Vec<_>>(), [1]);
    assert!(a[0].score > 0.3 && a[0].score <= 1.0, "{}", a[0].score);
    assert!(
        a[0].terms.len() <= 3 && !a[0].terms.is_empty(),
        "{:?}",
        a[0].terms
    );
    assert!(
        a[0].terms.iter().any(|t| t.contains(' ')),
        "pairs such as 'connection pool' are shown: {:?}",
        a[0].terms
    );
    assert!(all[3].is_empty(), "nothing reads like the indexer");
    assert_eq!(all[1][0].index, 0, "similarity is symmetric here");
}

#[test]
fn empty_texts_match_nothing() {
    let incidents = vec![with_body("a", "", ""), with_body("b", "", "")];
    assert!(similar_all(&incidents).iter().all(Vec::is_empty));
    assert!(similar_all(&[]).is_empty());
}

#[test]
fn memoized_similarity_is_reused_only_while_every_compared_text_is_the_same() {
    let mut incidents = vec![
        with_body(
            "a",
            "The connection pool was exhausted by a retry storm.",
            "",
        ),
        with_body(
            "b",
            "A retry storm exhausted the connection pool again.",
            "",
        ),
        with_body("c", "The certificate expired on the edge.", ""),
    ];
    let mut memo = SimilarMemo::default();
    let fresh = |incidents: &[Incident]| similar_all(incidents);
    assert_eq!(
        *similar_all_cached(&incidents, &mut memo),
        fresh(&incidents)
    );
    // A title is not compared: the memo answers, and the answer is still the fresh one.
    incidents[0].title = "Renamed".into();
    assert_eq!(
        *similar_all_cached(&incidents, &mut memo),
        fresh(&incidents)
    );
    // A summary is compared: the result follows it.
    incidents[2].summary = Some("A retry storm exhausted the connection pool once more.".into());
    let changed = similar_all_cached(&incidents, &mut memo);
    let changed = changed.as_slice();
    assert_eq!(changed, fresh(&incidents).as_slice());
    assert!(changed[2].iter().any(|m| m.index == 0 || m.index == 1));
    // So is a root-cause section of the body (the key is taken from what the text is read
    // from, not from the text itself).
    let body = "## Root cause\n\nThe certificate on the edge expired again.\n";
    incidents[0] = with_body("a", "", body);
    let moved = similar_all_cached(&incidents, &mut memo);
    let moved = moved.as_slice();
    assert_eq!(moved, fresh(&incidents).as_slice());
    assert_ne!(moved, changed);
}
