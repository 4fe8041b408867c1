//! Timeline entries: bullets (`- 14:05 UTC: ...`, `[16:40] ...`), tables, `HH:MM - text` lines,
//! bold-time paragraphs (`**Update: 14:20** ...`), per-day subheadings and bare date lines.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::clock::{Ambiguity, Clock, Reading};
use super::dates::{Stamp, stamp_at, stamp_exact};
use super::prose::{
    is_table_rule, split_br, strip_marks, table_cells, unlink, zone_declaration, zone_in,
};
use super::sections::{Doc, Kind, Line};

/// One entry of a timeline, with its position and its reading in context.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The time as written.
    pub time_text: String,
    /// What happened.
    pub text: String,
    /// The date/instant it stands for.
    pub reading: Reading,
}

/// A timeline: its entries and whether it came from a timeline section (rather than from
/// status-page style bold updates found elsewhere).
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The entries, in document order.
    pub entries: Vec<Entry>,
    /// Whether a section named as a timeline held them.
    pub from_section: bool,
    /// Ambiguous dates read.
    pub ambiguities: Vec<Ambiguity>,
}

static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?").expect("valid pattern")
});
static LEAD_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:[*_\[(±~\s]|update\b:?|at\b|by\b|around\b|approx\.?|about\b)+")
        .expect("valid pattern")
});
static AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s*_\]),]*(?:[:\-–—|>=]+[\s*_]*)*").expect("valid pattern"));

/// Reads the timeline sections of `doc`, or else bold-time paragraphs anywhere.
pub fn read(doc: &Doc<'_>, clock: &mut Clock) -> Timeline {
    let mut out = Timeline::default();
    let sections: Vec<_> = doc.of(Kind::Timeline).collect();
    for s in &sections {
        read_lines(doc.body(s), clock, &mut out, false);
    }
    out.from_section = out
        .entries
        .iter()
        .any(|e| e.reading.at.is_some() || !e.time_text.is_empty());
    if !out.from_section {
        let mut fallback = Timeline::default();
        let lines: Vec<Line<'_>> = doc
            .lines
            .iter()
            .filter(|l| !l.code && !l.quote)
            .copied()
            .collect();
        read_lines(&lines, clock, &mut fallback, true);
        if fallback.entries.len() >= 2 {
            fallback.from_section = false;
            return fallback;
        }
        out.entries.clear();
    }
    out
}

fn read_lines(lines: &[Line<'_>], clock: &mut Clock, out: &mut Timeline, bold_only: bool) {
    let mut table_time_col: Option<usize> = None;
    let mut last_was_entry = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.code {
            last_was_entry = false;
            continue;
        }
        if !bold_only && let Some(zone) = zone_declaration(line.text) {
            clock.set_zone(zone.time_zone());
        }
        let t = line.text.trim();
        if t.starts_with('|') && !bold_only {
            let cells = table_cells(t);
            let next_is_rule = lines.get(i).is_some_and(|l| is_table_rule(l.text));
            if next_is_rule {
                // A header row: the time column, and a zone such as `Time (UTC)`.
                table_time_col = Some(time_column(&cells));
                for c in &cells {
                    if let Some(z) = zone_in(c) {
                        clock.set_zone(z.time_zone());
                    }
                }
                i += 1;
                continue;
            }
            table_row(&cells, table_time_col.unwrap_or(0), line.number, clock, out);
            last_was_entry = false;
            continue;
        }
        table_time_col = None;
        for (k, seg) in split_br(line.text).enumerate() {
            match entry(seg, line, clock, bold_only, out) {
                Found::Entry => last_was_entry = true,
                Found::DateLine | Found::Item => last_was_entry = false,
                Found::Nothing if k == 0 && last_was_entry && !line.heading => {
                    continue_text(seg, out)
                }
                Found::Nothing => {}
            }
        }
        if t.is_empty() {
            last_was_entry = false;
        }
    }
}

/// What a line of a timeline turned out to be.
enum Found {
    /// An event.
    Entry,
    /// A date on its own (a bare line or a per-day heading), dating what follows.
    DateLine,
    /// A list item that is not an event; its continuation lines are not either.
    Item,
    /// Anything else (possibly the continuation of the entry above).
    Nothing,
}

/// Reads one line as an entry or a date line.
fn entry(
    seg: &str,
    line: Line<'_>,
    clock: &mut Clock,
    bold_only: bool,
    out: &mut Timeline,
) -> Found {
    // A per-day heading (`### 2025-07-26 Saturday`) is read without its `#`s.
    let s = if line.heading {
        seg.trim().trim_start_matches('#')
    } else {
        seg
    }
    .trim();
    let lead = LEAD.find(s);
    let s = lead.map_or(s, |m| &s[m.end()..]);
    let not_entry = if lead.is_some() {
        Found::Item
    } else {
        Found::Nothing
    };
    if bold_only && !s.starts_with("**") {
        return not_entry;
    }
    let p = LEAD_WORDS.find(s).map_or(0, |m| m.end());
    let Some(mut st) = stamp_at(s, p) else {
        return not_entry;
    };
    if bold_only && (st.time.is_none() || !s[..st.start].contains("**")) {
        return not_entry;
    }
    let mut rest = &s[st.end..];
    rest = skip_alternate(rest);
    rest = AFTER.find(rest).map_or(rest, |m| &rest[m.end()..]);
    // `2023-03-14: At 21:41:07 UTC, ...`: the time of a dated entry in its first words.
    if st.time.is_none()
        && let Some(t) = leading_time(rest)
    {
        st.time = t.time;
        st.zone = t.zone;
    }
    let reading = clock.read(&st);
    if let (Some(other), Some(chosen)) = (reading.other, reading.date) {
        out.ambiguities.push(Ambiguity {
            line: line.number,
            written: s[st.start..st.end].trim().to_string(),
            chosen,
            other,
        });
    }
    let text = clean_text(rest);
    let declaration = st.time.is_none() && zone_declaration(&text).is_some();
    if line.heading || declaration || (text.is_empty() && st.time.is_none() && lead.is_none()) {
        return Found::DateLine;
    }
    out.entries.push(Entry {
        time_text: s[st.start..st.end].trim().to_string(),
        text,
        reading,
    });
    Found::Entry
}

/// `(17:14 UTC)` after `13:14 EDT`: the same moment in another zone.
fn skip_alternate(rest: &str) -> &str {
    let r = rest.trim_start();
    if let Some(inner) = r.strip_prefix('(')
        && let Some(st) = stamp_at(inner, 0)
        && inner[st.end..].starts_with(')')
    {
        return &inner[st.end + 1..];
    }
    rest
}

fn leading_time(rest: &str) -> Option<Stamp> {
    let p = LEAD_WORDS.find(rest).map_or(0, |m| m.end());
    if p == 0 {
        return None;
    }
    stamp_at(rest, p).filter(|st| st.time.is_some() && st.date.is_none())
}

fn continue_text(seg: &str, out: &mut Timeline) {
    let more = clean_text(seg);
    if more.is_empty() {
        return;
    }
    if let Some(last) = out.entries.last_mut() {
        if !last.text.is_empty() {
            last.text.push(' ');
        }
        last.text.push_str(&more);
        // A link written over two lines (`[engineering` / `runbooks](url)`) is whole only now.
        if last.text.contains("](") {
            last.text = unlink(&last.text);
        }
    }
}

fn table_row(cells: &[String], col: usize, number: usize, clock: &mut Clock, out: &mut Timeline) {
    let Some(cell) = cells.get(col) else { return };
    let text = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| *i != col && !c.is_empty())
        .map(|(_, c)| clean_text(c))
        .next()
        .unwrap_or_default();
    if !cell.chars().any(char::is_alphanumeric) {
        return;
    }
    let stamp = stamp_exact(cell).or_else(|| {
        // `2024-02-01 12:00+`, `2024-02-10 ~morning`: only the date is certain.
        stamp_at(cell, 0)
            .filter(|st| st.date.is_some())
            .map(|st| Stamp {
                time: None,
                zone: None,
                ..st
            })
    });
    let reading = stamp.as_ref().map(|st| clock.read(st)).unwrap_or_default();
    if let (Some(st), Some(other), Some(chosen)) = (stamp, reading.other, reading.date) {
        out.ambiguities.push(Ambiguity {
            line: number,
            written: cell[st.start..st.end].to_string(),
            chosen,
            other,
        });
    }
    out.entries.push(Entry {
        time_text: cell.clone(),
        text,
        reading,
    });
}

fn time_column(header: &[String]) -> usize {
    header
        .iter()
        .position(|h| {
            let h = h.to_lowercase();
            h.contains("time") || h.contains("date") || h.contains("when")
        })
        .unwrap_or(0)
}

/// Entry text on one line, without emphasis markers, HTML line breaks or stray backslashes.
fn clean_text(s: &str) -> String {
    // The entry is shown as plain text: Markdown's emphasis and code marks would show as such.
    let s = unlink(s);
    let s = strip_marks(&s);
    let s = if s.contains("&amp;") {
        Cow::Owned(s.replace("&amp;", "&"))
    } else {
        s
    };
    let s = s.trim().trim_end_matches('\\').trim();
    crate::text::one_line(s).into_owned()
}

#[cfg(test)]
mod tests;
