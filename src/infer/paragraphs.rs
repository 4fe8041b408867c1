//! The prose units of a postmortem: paragraphs (with their sentences and the kind of section
//! they are in) and `Key: value` fields such as `Start Time: ...` or `**Duration**: 75 minutes`.

use std::sync::LazyLock;

use regex::Regex;

use super::moments::Field;
use super::prose::{sentence_spans, split_br, visible};
use super::sections::{Doc, Kind};

/// A paragraph of prose, or one list item.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Its visible text on one line.
    pub text: String,
    /// Where its sentences start and end in `text` (spans, not copies of them).
    sentence_spans: Vec<(u32, u32)>,
    /// The kind of section it is in (`None` before the first heading).
    pub kind: Option<Kind>,
}

impl Paragraph {
    /// A paragraph of `text` (already on one line, with single spaces), with its sentences.
    pub fn new(text: String, kind: Option<Kind>) -> Paragraph {
        let sentence_spans = sentence_spans(&text)
            .map(|(a, b)| (a as u32, b as u32))
            .collect();
        Paragraph {
            text,
            sentence_spans,
            kind,
        }
    }

    /// Its sentences, in order.
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        self.sentence_spans
            .iter()
            .map(|&(a, b)| &self.text[a as usize..b as usize])
    }
}

static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+").expect("valid pattern"));
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z0-9 /()'_-]{0,48}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(\S.*?)\s*$")
        .expect("valid pattern")
});

/// Keys of a document's own metadata (`Last updated: ...`, `published: ...`): their dates are
/// about the document, not the incident.
const METADATA_KEYS: &[&str] = &[
    "slug",
    "published",
    "updated",
    "last updated",
    "last modified",
    "modified",
    "created",
    "created by",
    "created at",
    "posted",
    "date published",
    "author",
    "authors",
    "tags",
    "status",
];

/// Whether a line is a `key: value` line of the document's own metadata.
pub fn is_metadata(text: &str) -> bool {
    text.contains(':')
        && FIELD.captures(text).is_some_and(|c| {
            let key = c[1]
                .trim()
                .trim_end_matches(['*', '_'])
                .trim()
                .to_lowercase();
            METADATA_KEYS.contains(&key.as_str())
        })
}

/// The paragraphs and list items of a document, outside code, quotes, headings and tables.
pub fn paragraphs(doc: &Doc<'_>) -> Vec<Paragraph> {
    // Texts first, each with the kind of its section; sentences once every text is whole.
    let mut texts: Vec<(String, Option<Kind>)> = Vec::new();
    let mut open = false;
    for (i, l) in doc.lines.iter().enumerate() {
        let t = l.text.trim();
        if l.code || l.quote || l.heading || t.is_empty() || t.starts_with('|') {
            open = false;
            continue;
        }
        let kind = doc.section_at(i).map(|s| s.kind);
        for (k, seg) in split_br(l.text).enumerate() {
            let text = visible(seg);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let starts_new = k > 0 || list_item_end(seg).is_some() || !open;
            match texts.last_mut() {
                Some((p, _)) if !starts_new => {
                    p.push(' ');
                    p.push_str(text);
                }
                _ => texts.push((text.to_string(), kind)),
            }
            open = true;
        }
    }
    texts
        .into_iter()
        .map(|(text, kind)| {
            // Joined lines and removed markup can leave runs of spaces: one space each.
            let text = match crate::text::one_line(&text) {
                std::borrow::Cow::Borrowed(_) => text,
                std::borrow::Cow::Owned(joined) => joined,
            };
            Paragraph::new(text, kind)
        })
        .collect()
}

/// Where the marker of a list item (`- `, `* `, `+ `, `1. `, `12) `) and the spaces after it
/// end, or `None` when `line` is not one: the pattern `^\s*(?:[-*+]|\d{1,3}[.)])\s+`.
pub fn list_item_end(line: &str) -> Option<usize> {
    let rest = line.trim_start();
    let b = rest.as_bytes();
    let marker = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            match b.get(digits) {
                Some(b'.' | b')') if digits <= 3 => digits + 1,
                // `\d` also takes digits of other scripts: the pattern decides those.
                Some(c) if !c.is_ascii() => return LIST_ITEM.find(line).map(|m| m.end()),
                _ => return None,
            }
        }
        c if !c.is_ascii() => return LIST_ITEM.find(line).map(|m| m.end()),
        _ => return None,
    };
    let after = &rest[marker..];
    let text = after.trim_start();
    (text.len() < after.len()).then(|| line.len() - text.len())
}

/// The `Key: value` fields of a document: one per line, and a bare label followed by a list
/// item (`Date` then `- 2024-01-08`).
pub fn fields(doc: &Doc<'_>) -> Vec<Field> {
    let mut out = Vec::new();
    let lines = &doc.lines;
    for (i, l) in lines.iter().enumerate() {
        if l.code || l.quote {
            continue;
        }
        // Every field has a colon: lines without one skip the pattern.
        if l.text.contains(':')
            && let Some(c) = FIELD.captures(l.text)
        {
            let key = c[1]
                .trim()
                .trim_end_matches(['*', '_'])
                .trim()
                .to_lowercase();
            out.push(Field {
                key,
                value: c[2].to_string(),
                line: Some(l.number),
            });
            continue;
        }
        let label = l.text.trim();
        let short = !label.is_empty()
            && label.len() <= 30
            && label.split_whitespace().count() <= 3
            && label.chars().all(|c| c.is_alphanumeric() || c == ' ');
        if let (true, Some(next)) = (short, lines.get(i + 1))
            && let Some(end) = list_item_end(next.text)
        {
            out.push(Field {
                key: label.to_lowercase(),
                value: next.text[end..].trim().to_string(),
                line: Some(next.number),
            });
        }
    }
    out
}

/// Front-matter fields outside the schema, as text fields (`start_time`, `duration`).
pub fn extra_fields(extra: &serde_json::Map<String, serde_json::Value>) -> Vec<Field> {
    extra
        .iter()
        .filter_map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            (!value.is_empty()).then(|| Field {
                key: k.to_lowercase(),
                value,
                line: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_join_wrapped_lines_and_split_items() {
        let doc = Doc::parse(
            "# T\n\nIt failed for\nalmost three hours.\n\n- one\n- two\n```\ncode\n```\n",
            1,
        );
        let p = paragraphs(&doc);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["It failed for almost three hours.", "- one", "- two"]
        );
        assert_eq!(p[0].kind, Some(Kind::Other));
    }

    #[test]
    fn list_items_are_read_as_the_pattern_reads_them() {
        for line in [
            "- a",
            "  * a",
            "+\ta",
            "1. a",
            "123) a",
            "1234. a",
            "-a",
            "1.a",
            "\u{a0}- a",
            "-\u{a0}a",
            "\u{663}. a",
            "1\u{663}. a",
            "é. a",
            "",
            "   ",
            "-",
            "- ",
        ] {
            assert_eq!(
                list_item_end(line),
                LIST_ITEM.find(line).map(|m| m.end()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn fields_are_found_in_several_styles() {
        let doc = Doc::parse(
            "Start Time: March 8, 2024, 09:15 UTC\n- **Duration**: 75 minutes\n**Date**: 2024-02-10\nDate\n- 2024-01-08\n14:30 UTC: not a field\n",
            1,
        );
        let f: Vec<(String, String)> = fields(&doc).into_iter().map(|f| (f.key, f.value)).collect();
        assert_eq!(
            f[0],
            ("start time".into(), "March 8, 2024, 09:15 UTC".into())
        );
        assert_eq!(f[1], ("duration".into(), "75 minutes".into()));
        assert_eq!(f[2], ("date".into(), "2024-02-10".into()));
        assert_eq!(f[3], ("date".into(), "2024-01-08".into()));
        assert_eq!(f.len(), 4);
    }
}
