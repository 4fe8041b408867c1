//! The summary shown under an incident's title and in lists: the first paragraph of a Summary
//! section, else the first paragraph of prose, as plain text.
//!
//! Real postmortems open with much that is not prose: a title line without `#`, blocks of
//! `Key: value` metadata pasted from a blog engine, labels over lists (`Authors` then `- Ted`).
//! Those lines are passed over; a list under a `Summary` label is the summary.

use super::title::shorten;

/// The summary of `body`, at most 280 characters, or `None` when it has no prose. A paragraph
/// that only repeats `title` (a title line without `#`) is not a summary.
pub fn summary(body: &str, title: Option<&str>) -> Option<String> {
    let title = title.map(key).filter(|t| !t.is_empty());
    let mut in_summary = false;
    let mut first: Option<String> = None;
    for para in body.split("\n\n") {
        let mut p = para.trim();
        if p.starts_with('#') {
            // A heading, and what follows it without a blank line.
            let (heading, rest) = p.split_once('\n').unwrap_or((p, ""));
            in_summary = is_summary_label(heading.trim_start_matches('#'));
            p = rest.trim();
        }
        // Past the first paragraph of prose, only a Summary section can still change the answer.
        if p.is_empty() || (first.is_some() && !in_summary) {
            continue;
        }
        let Some(text) = prose_of(p, in_summary) else {
            continue;
        };
        // Only a paragraph about as short as the title can be the title.
        if title
            .as_ref()
            .is_some_and(|t| text.len() < 4 * t.len() + 16 && *t == key(&text))
        {
            continue;
        }
        let text = if text.bytes().any(|b| MARKUP.contains(&b)) {
            shorten(&crate::markdown::inline_text(&text), 280)
        } else {
            shorten(&text, 280)
        };
        if text.is_empty() {
            continue;
        }
        if in_summary {
            return Some(text);
        }
        first.get_or_insert(text);
    }
    first
}

/// The bytes without which Markdown leaves a paragraph's text as it is (links and images,
/// emphasis, code, HTML, entities, escapes): text without them is not parsed.
const MARKUP: &[u8] = b"[*_`<&\\";

/// The prose of paragraph `p`, without its leading labels and metadata lines; a list counts
/// only under a summary label: its own, or the section's (`in_summary`) when it has none.
fn prose_of(p: &str, in_summary: bool) -> Option<String> {
    let mut lines = p.lines().peekable();
    let mut labelled_summary = in_summary;
    while let Some(l) = lines.peek() {
        let l = l.trim();
        if is_label(l) {
            labelled_summary = is_summary_label(l);
        } else if !is_metadata(l) {
            break;
        }
        lines.next();
    }
    let mut rest: Vec<&str> = lines.map(str::trim).collect();
    let first = rest.first_mut()?;
    // `TL;DR: The database took a nap.`: the label is not part of the summary.
    if let Some((k, v)) = first.split_once(": ")
        && is_summary_label(k)
    {
        *first = v;
    }
    let first = *first;
    if is_list_item(first) {
        // `Summary` then `- Search was down for 66 minutes`: the items are the summary.
        return labelled_summary.then(|| {
            rest.iter()
                .map(|l| l.trim_start_matches(['-', '*', '+']).trim_start())
                .collect::<Vec<_>>()
                .join(" ")
        });
    }
    let prose = !first.starts_with(['|', '`', '<', '>', '!', '[']);
    prose.then(|| rest.join("\n"))
}

/// Letters and digits only, lowercased: how a paragraph is compared with the title.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `Summary`, `Summary Data`, `Overview`, `TL;DR`: a heading or label over the summary.
fn is_summary_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim().to_lowercase();
    t.contains("summary") || t == "overview" || t == "tl;dr" || t == "tldr"
}

/// A short line that names what follows rather than says something: `Impact:`, `Authors`,
/// `What happened?`, `September 12, 2024 - Checkout Service Outage`.
fn is_label(line: &str) -> bool {
    (1..=8).contains(&line.split_whitespace().count())
        && !line.ends_with(['.', ',', ';', '!'])
        && !line.contains(": ")
        && !is_list_item(line)
}

/// A `Key: value` line of metadata: a key of at most three words and a short value that is not
/// a sentence (`Last updated: 2022-05-25`, `tags: postmortem, pine.blog`). `TL;DR: The
/// database took a nap.` is prose.
fn is_metadata(line: &str) -> bool {
    let Some((k, v)) = line.split_once(": ") else {
        return false;
    };
    let v = v.trim();
    k.split_whitespace().count() <= 3
        && k.starts_with(char::is_alphabetic)
        && !is_summary_label(k)
        && v.chars().count() <= 80
        && !v.ends_with(['.', '!', '?'])
}

fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || t.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests;
