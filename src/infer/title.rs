//! Inferring the title (never a generic "Postmortem" when something more specific exists) and the
//! date in a file name.

use jiff::civil::Date;

use super::Input;
use super::sections::{Doc, Kind, clean};

/// Front-matter keys other tools use for the title.
const TITLE_KEYS: &[&str] = &["heading", "headline", "name", "incident_title", "subject"];

/// Keys of the `key: value` header some exports put at the top without `---` fences.
const METADATA_KEYS: &[&str] = &[
    "slug",
    "published",
    "updated",
    "date",
    "author",
    "authors",
    "tags",
    "status",
    "category",
    "categories",
    "layout",
    "id",
    "url",
    "created",
    "modified",
    "description",
    "lang",
    "language",
];

/// Words that name a document rather than an incident: a title made only of these (and of
/// numbers or codes such as `0x07`) is generic.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "my",
    "our",
    "of",
    "for",
    "on",
    "and",
    "to",
    "in",
    "first",
    "incident",
    "incidents",
    "postmortem",
    "postmortems",
    "post",
    "mortem",
    "report",
    "reports",
    "summary",
    "issue",
    "rca",
    "root",
    "cause",
    "analysis",
    "overview",
    "project",
    "review",
    "retrospective",
    "writeup",
    "write",
    "up",
    "blameless",
    "template",
    "name",
    "title",
    "untitled",
    "document",
    "draft",
    "pm",
    "outage",
    "details",
    "data",
    "here",
    "your",
    "insert",
    "tbd",
    "todo",
    "example",
    "sample",
    "number",
    "no",
    "ticket",
];

/// The title: a title-like front-matter key, a `Title:` line, the first specific `#` heading,
/// a first heading standing alone at the top, a first plain line that reads as a title, or the
/// file name.
pub fn infer_title(input: &Input<'_>, doc: &Doc<'_>) -> Option<String> {
    let from_keys = TITLE_KEYS.iter().find_map(|k| {
        let v = input.extra.get(*k)?.as_str()?.trim();
        (!v.is_empty() && !is_generic(v)).then(|| v.to_string())
    });
    from_keys
        .or_else(|| title_line(doc))
        .or_else(|| first_h1(doc))
        .or_else(|| lone_top_heading(doc))
        .or_else(|| leading_line(doc))
        .or_else(|| sentence_title(input))
        .or_else(|| Some(title_from_file_name(input.file_slug)))
        .filter(|t| !t.is_empty())
}

/// For a report without a title whose file name says nothing either: the first sentence of
/// its text, after the `company` its front matter names (the format of the icco/postmortems
/// collection: `CCP Games: A typo and a name conflict caused the installer to delete…`). A
/// file name that is a UUID or a hash says nothing; `checkout-500s` does, and is kept.
fn sentence_title(input: &Input<'_>) -> Option<String> {
    let company = input
        .extra
        .get("company")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if company.is_none() && !is_opaque(input.file_slug) {
        return None;
    }
    let text = super::summary::summary(input.body, None)?;
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].starts_with(' ') || i == text.len())
        .unwrap_or(text.len());
    let sentence = shorten(&text[..end], 100);
    Some(match company {
        Some(c) => format!("{c}: {sentence}"),
        None => sentence,
    })
}

/// A file name made by a machine: a UUID or a long hexadecimal hash.
fn is_opaque(stem: &str) -> bool {
    let hex = stem.bytes().filter(u8::is_ascii_hexdigit).count();
    hex >= 16 && stem.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// Whether a title names only the kind of document (`Postmortem`, `OUR INCIDENT REPORT`,
/// `Incident Title (ticket #)`, `Project 0x07-Postmortem`).
pub fn is_generic(title: &str) -> bool {
    title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            FILLER.contains(&w)
                || w.strip_suffix('s').is_some_and(|s| FILLER.contains(&s))
                || w.chars().any(|c| c.is_ascii_digit())
                || (w.len() >= 7 && strsim::levenshtein(w, "postmortem") <= 2)
        })
}

/// `Title: ...` among the first lines (an undelimited metadata header).
fn title_line(doc: &Doc<'_>) -> Option<String> {
    doc.lines.iter().take(20).filter(|l| !l.code).find_map(|l| {
        let t = l.text.trim().trim_start_matches(['*', '_']);
        let (key, value) = t.split_once(':')?;
        let key = key.trim_end_matches(['*', '_']).trim();
        let value = value.trim().trim_matches(['*', '_', '"']).trim();
        (key.eq_ignore_ascii_case("title") && !value.is_empty() && !is_generic(value))
            .then(|| value.to_string())
    })
}

fn first_h1(doc: &Doc<'_>) -> Option<String> {
    doc.sections
        .iter()
        .filter(|s| s.level == 1 && !s.pseudo)
        .map(|s| s.title.clone())
        .find(|t| !is_generic(t))
}

/// The first specific heading (of any level), when only HTML, images or generic headings are
/// above it: `## 2024-02-19 Registry outage` under an image, `## Checkout 500s` under `# Postmortem`.
fn lone_top_heading(doc: &Doc<'_>) -> Option<String> {
    let first = doc
        .sections
        .iter()
        .filter(|s| !s.pseudo)
        .find(|s| s.kind == Kind::Other && !is_generic(&s.title))?;
    let nothing_above = doc.lines[..first.heading].iter().enumerate().all(|(i, l)| {
        is_decoration(l.text)
            || (l.heading
                && doc
                    .sections
                    .iter()
                    .any(|s| s.heading == i && is_generic(&s.title)))
    });
    nothing_above.then(|| first.title.clone())
}

/// The first plain lines of a report without headings, when one reads as a title.
fn leading_line(doc: &Doc<'_>) -> Option<String> {
    let mut seen = 0;
    for (i, l) in doc.lines.iter().enumerate() {
        if l.code || l.quote || is_decoration(l.text) {
            continue;
        }
        if l.heading {
            // A generic heading (`#OUR INCIDENT REPORT`) above the text is skipped; any other ends the search.
            match doc.sections.iter().find(|s| s.heading == i) {
                Some(s) if is_generic(&s.title) && s.kind == Kind::Other => continue,
                _ => return None,
            }
        }
        let raw = l.text.trim_start();
        if raw.starts_with(['-', '*', '+', '|'])
            || raw.starts_with(|c: char| c.is_ascii_digit()) && raw.contains(". ")
        {
            return None; // A list or table: the report has begun.
        }
        let t = clean(l.text);
        if let Some((key, _)) = t.split_once(':')
            && METADATA_KEYS.contains(&key.trim().to_lowercase().as_str())
        {
            continue;
        }
        seen += 1;
        let words = t.split_whitespace().count();
        let prose = words > 14 || t.len() > 120 || l.text.trim_end().ends_with(['.', ',', ';']);
        if prose || seen > 3 {
            return None;
        }
        if !is_generic(&t) {
            return Some(t);
        }
    }
    None
}

/// Blank lines, HTML tags and images carry no words of the report.
fn is_decoration(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.starts_with('<') || t.starts_with("![") || t.starts_with("<!--")
}

/// `2024-01-21-checkout-500s` -> `Checkout 500s`; a zero-padded index (`007-`) goes too.
pub fn title_from_file_name(stem: &str) -> String {
    let mut rest = strip_date_prefix(stem).unwrap_or(stem);
    if rest.starts_with('0') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if rest[digits..].starts_with(['-', '_', ' ']) {
            rest = &rest[digits + 1..];
        }
    }
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    if title.is_empty() {
        stem.to_string()
    } else {
        title
    }
}

fn strip_date_prefix(stem: &str) -> Option<&str> {
    date_from_file_name(stem)?;
    Some(stem[10..].trim_start_matches(['-', '_', ' ']))
}

/// The date a file name starts with: `2024-01-21-checkout-500s` -> 2024-01-21.
pub fn date_from_file_name(stem: &str) -> Option<Date> {
    stem.get(..10)?.parse::<Date>().ok()
}

/// Text on one line, without Markdown emphasis, cut at a word boundary to at most `max` chars.
pub fn shorten(p: &str, max: usize) -> String {
    let flat = crate::text::one_line(p);
    let plain = super::prose::strip_marks(&flat);
    // ASCII, nearly every postmortem, has one byte a character: no decoding to count them.
    let ascii = plain.is_ascii();
    let chars = if ascii {
        plain.len()
    } else {
        plain.chars().count()
    };
    if chars <= max {
        return plain.into_owned();
    }
    let end = if ascii {
        max - 3
    } else {
        plain
            .char_indices()
            .nth(max - 3)
            .map_or(plain.len(), |(i, _)| i)
    };
    let cut = &plain[..end];
    let cut = cut.rsplit_once(' ').map_or(cut, |(a, _)| a);
    [cut, "…"].concat()
}

#[cfg(test)]
mod tests;
