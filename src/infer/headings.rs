//! Which lines stand as headings (`## Title`, `#Title`, `<h2>`, setext underlines, and the
//! `Root Cause:` / `**Timeline**` / bare `Timeline` lines of plain-text reports), and what a
//! heading is about.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::sections::{Line, clean};

/// What a section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Summary, overview, TL;DR.
    Summary,
    /// Timeline, chronology.
    Timeline,
    /// Root cause, contributing factors, what happened.
    Cause,
    /// Impact on users.
    Impact,
    /// How it was detected.
    Detection,
    /// How it was resolved.
    Resolution,
    /// Action items, corrective measures, follow-ups.
    Actions,
    /// Lessons learned.
    Lessons,
    /// Anything else.
    Other,
}

/// The words that name each kind of section, in the order the kinds are tried: a heading
/// naming two kinds is the first one's (`Timeline and impact` is a timeline).
const KIND_WORDS: [(Kind, &[&str]); 8] = [
    (
        Kind::Timeline,
        &["timeline", "time line", "chronology", "sequence of events"],
    ),
    (
        Kind::Actions,
        &[
            "action item",
            "action point",
            "actions",
            "corrective",
            "correction",
            "preventive",
            "preventative",
            "prevention measure",
            "remediation",
            "follow-up",
            "follow up",
            "followup",
            "next step",
            "improvements",
            "what we're doing",
            "what we are doing",
            "what are we doing",
            "future mitigation",
            "future work",
            "what's next",
            "what we are changing",
            "what we're changing",
            "going forward",
        ],
    ),
    (
        Kind::Cause,
        &[
            "cause",
            "contributing factor",
            "what happened",
            "why did",
            "trigger",
            "whys",
        ],
    ),
    (Kind::Impact, &["impact", "affected", "blast radius"]),
    (
        Kind::Detection,
        &["detection", "detected", "how did we find"],
    ),
    (
        Kind::Lessons,
        &[
            "lesson",
            "learned",
            "learnings",
            "takeaway",
            "went well",
            "went wrong",
            "went poorly",
            "got lucky",
            "reflection",
        ],
    ),
    (
        Kind::Resolution,
        &[
            "resolution",
            "recovery",
            "how did we fix",
            "how we fixed",
            "mitigation",
            "the fix",
        ],
    ),
    (
        Kind::Summary,
        &[
            "summary",
            "sumary",
            "overview",
            "tl;dr",
            "tldr",
            "abstract",
            "introduction",
        ],
    ),
];

/// Every word of [`KIND_WORDS`] in one automaton, each pattern numbered in table order, so a
/// heading is read once for all of them.
static KIND_MATCHER: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut group = Vec::new();
    for (g, (_, list)) in KIND_WORDS.iter().enumerate() {
        words.extend(list.iter().copied());
        group.extend(std::iter::repeat_n(g, list.len()));
    }
    let ac = AhoCorasick::new(&words).expect("the section words build an automaton");
    (ac, group)
});

/// What a heading is about, from its words.
pub fn kind_of(title: &str) -> Kind {
    let t = title.to_lowercase();
    // Which kinds' words the heading contains anywhere, as bits by table position.
    let (ac, group) = &*KIND_MATCHER;
    let found = ac
        .find_overlapping_iter(&t)
        .fold(0u32, |m, hit| m | 1 << group[hit.pattern().as_usize()]);
    // Short words that only name a section when they start its title (`Tasks`, not "a way to do").
    let starts = |words: &[&str]| {
        words.iter().any(|w| {
            t.strip_prefix(w)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', ':', '/']))
        })
    };
    KIND_WORDS
        .iter()
        .enumerate()
        .find(|&(g, &(kind, _))| match kind {
            // "Actions taken" tells what was done during the incident, not what is to be done.
            Kind::Actions => {
                !t.contains("actions taken")
                    && (found & 1 << g != 0
                        || starts(&[
                            "tasks",
                            "to do",
                            "todo",
                            "to-do",
                            "improvement",
                            "improving",
                            "preventing",
                        ]))
            }
            _ => found & 1 << g != 0,
        })
        .map_or(Kind::Other, |(_, &(kind, _))| kind)
}

/// `## Title`, and `#Title` without the space (but not `#3` or `#hashtag-like` numbers).
pub fn atx(t: &str) -> Option<(u8, String)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    let ok = rest.starts_with([' ', '\t']) || rest.chars().next().is_some_and(char::is_alphabetic);
    let title = clean(rest);
    (ok && !title.is_empty()).then_some((level as u8, title))
}

/// `<h2>Impact</h2>`.
pub fn html_heading(t: &str) -> Option<(u8, String)> {
    let lower = t.get(..4)?.to_ascii_lowercase();
    let level = lower
        .strip_prefix("<h")?
        .strip_suffix('>')?
        .parse::<u8>()
        .ok()?;
    let inner = &t[4..];
    let end = inner.to_ascii_lowercase().find("</h")?;
    let title = clean(&inner[..end]);
    ((1..=6).contains(&level) && !title.is_empty()).then_some((level, title))
}

/// `===` or `---` under a line of text makes that line a heading.
pub fn setext(t: &str, prev: Option<&Line<'_>>) -> Option<u8> {
    let t = t.trim_end();
    let c = *t.as_bytes().first()?;
    if t.len() < 3 || !(c == b'=' || c == b'-') || !t.bytes().all(|b| b == c) {
        return None;
    }
    let prev = prev?;
    let p = prev.text.trim();
    let plain = !p.is_empty()
        && !prev.code
        && !prev.quote
        && !prev.heading
        && !p.starts_with(['-', '*', '+', '|', '<', '!'])
        && p.len() <= 120;
    plain.then_some(if c == b'=' { 1 } else { 2 })
}

/// A line that stands as a heading in a plain-text report; `true` when it names a known section.
pub fn pseudo(t: &str) -> Option<(bool, String)> {
    let t = t.trim_end();
    if t.is_empty()
        || t.len() > 90
        || t.starts_with(['-', '+', '|', '<', '!', '[', '>'])
        || t.as_bytes()[0].is_ascii_digit()
    {
        return None;
    }
    let bold = (t.starts_with("**") && (t.ends_with("**") || t.ends_with("**:")))
        && t.len() > 4
        && !t[2..t.len() - 2].contains("**");
    let label = t.ends_with(':') && !t[..t.len() - 1].contains(':');
    if t.starts_with('*') && !bold {
        return None;
    }
    let title = clean(t);
    let words = title.split_whitespace().count();
    if title.is_empty() || words > 10 || title.ends_with('.') {
        return None;
    }
    let vocab = kind_of(&title) != Kind::Other && words <= 8;
    let question = t.ends_with('?') && vocab;
    if bold || label || question {
        return Some((vocab, title));
    }
    let ends_cleanly = t.ends_with(|c: char| c.is_alphanumeric() || c == ')');
    (vocab && words <= 6 && ends_cleanly && title.chars().next().is_some_and(char::is_uppercase))
        .then_some((true, title))
}
