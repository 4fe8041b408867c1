//! Action items: list items, `- [ ]`/`- [x]` checkboxes, tables with owner/status columns, and
//! the plain lines of text-only reports, under "Action Items", "Corrective and Preventative
//! Measures", "Follow-ups", "Next steps", "Remediation" and similar headings.

use std::sync::LazyLock;

use regex::Regex;

use super::prose::{is_table_rule, readable, table_cells};
use super::sections::{Doc, Kind, Line};
use super::title::shorten;
use crate::incident::{ActionItem, ActionStatus};

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(?:\[([ xX])\]\s+)?(.*)$").expect("valid pattern")
});
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[(\[]?\b(?:owner|assignee)\s*[:=]\s*([@\w][\w .@'-]{0,40}?)[)\]]?\s*$|\s*[(\[]?\b(?:assigned to|owned by)\s+(@?[\w.'-]+(?: [\w.'-]+)?)[)\]]?\s*$|\s*[(\[\-—–]\s*(@[\w-]+)[)\]]?\s*$")
        .expect("valid pattern")
});
/// A trailing `(Ada Lovelace)` or `(Ada Lovelace, OPS-12)`: the owner, as teams often write it.
static NAME_IN_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\(\s*(\p{Lu}[\p{L}'.-]+(?:\s+\p{Lu}[\p{L}'.-]+){0,2})\s*(?:,\s*([A-Z][A-Z0-9]+-\d+))?\s*\)\s*$")
        .expect("valid pattern")
});
static TICKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][A-Z0-9]+-\d+)\b|\(\s*(#\d+)\s*\)").expect("valid pattern")
});
/// Lines of narrative rather than tasks in a plain-text list.
static NARRATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:I|I'm|We|We're|We've|Our|This|These|It|By|To|If|Thank)\b")
        .expect("valid pattern")
});

/// The action items of every action section of `doc`.
pub fn extract(doc: &Doc<'_>) -> Vec<ActionItem> {
    let mut out = Vec::new();
    let mut covered = 0;
    for s in doc.of(Kind::Actions) {
        if s.heading < covered {
            continue; // Inside an action section already read.
        }
        covered = s.end;
        read_section(doc.body(s), &mut out);
    }
    out
}

fn read_section(lines: &[Line<'_>], out: &mut Vec<ActionItem>) {
    let has_items = lines
        .iter()
        .any(|l| !l.code && (ITEM.is_match(l.text) || l.text.trim_start().starts_with('|')));
    let mut columns = Columns::default();
    let mut base_indent: Option<usize> = None;
    let mut open = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if l.code || l.heading || t.is_empty() {
            open = open && !t.is_empty() && !l.heading;
            continue;
        }
        if t.starts_with('|') {
            let cells = table_cells(t);
            if lines.get(i + 1).is_some_and(|n| is_table_rule(n.text)) {
                columns = Columns::of(&cells);
            } else if !is_table_rule(t)
                && let Some(item) = table_item(&columns, &cells)
            {
                out.push(item.at(l.number));
            }
            open = false;
            continue;
        }
        if let Some(c) = ITEM.captures(l.text) {
            let indent = c[1].len();
            let base = *base_indent.get_or_insert(indent);
            let text = c[3].to_string();
            if indent > base + 1 && open {
                append(out, &text);
            } else if let Some(item) = list_item(&text, c.get(2).map(|m| m.as_str())) {
                out.push(item.at(l.number));
                open = true;
            }
            continue;
        }
        if has_items {
            if open {
                append(out, t);
            }
            continue;
        }
        // A report without lists: each short line that is not an introduction or narrative.
        let v = readable(t);
        let v = v.trim();
        // `Review configurations: All configurations should be...`: the label is the task.
        let v = match v.split_once(": ") {
            Some((label, _)) if label.split_whitespace().count() <= 8 => label,
            _ => v,
        };
        if !v.ends_with(':')
            && v.len() <= 250
            && !NARRATIVE.is_match(v)
            && let Some(item) = list_item(v, None)
        {
            out.push(item.at(l.number));
        }
    }
}

fn list_item(text: &str, check: Option<&str>) -> Option<ActionItem> {
    let mut t = readable(text).trim().to_string();
    let struck = t.starts_with("~~") && t.ends_with("~~") && t.len() > 4;
    t = t.trim_matches('~').trim().to_string();
    let mut owner = None;
    if let Some(c) = OWNER.captures(&t) {
        owner = c
            .get(1)
            .or_else(|| c.get(2))
            .or_else(|| c.get(3))
            .map(|m| m.as_str().trim().to_string());
        let start = c.get(0).map_or(t.len(), |m| m.start());
        t.truncate(start);
    }
    let mut named_ticket = None;
    if owner.is_none()
        && let Some(c) = NAME_IN_PARENS.captures(&t)
    {
        owner = c.get(1).map(|m| m.as_str().to_string());
        named_ticket = c.get(2).map(|m| m.as_str().to_string());
        let start = c.get(0).map_or(t.len(), |m| m.start());
        t.truncate(start);
    }
    let ticket = named_ticket.or_else(|| {
        TICKET
            .captures(&t)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| m.as_str().to_string())
    });
    if let Some(tk) = &ticket {
        t = t.replace(&format!("({tk})"), "");
    }
    // A list item's own words are only asked whether it is done (`Done: pin the client`):
    // "Dropped connections should page" is a task, not a dropped one.
    let done = matches!(check, Some("x" | "X"))
        || struck
        || ActionStatus::read(&t) == Some(ActionStatus::Done);
    let title = shorten(t.trim().trim_end_matches([',', ';']).trim(), 200);
    (!is_placeholder(&title)).then_some(ActionItem {
        title,
        owner,
        status: if done {
            ActionStatus::Done
        } else {
            ActionStatus::Open
        },
        due: None,
        ticket,
        line: None,
    })
}

/// Which column of an action-item table holds what, found once from its header row (a table
/// without one reads its first column as the action).
#[derive(Debug, Default)]
struct Columns {
    title: usize,
    status: Option<usize>,
    owner: Option<usize>,
    due: Option<usize>,
    ticket: Option<usize>,
}

impl Columns {
    /// The columns named by the header cells `header`.
    fn of(header: &[String]) -> Columns {
        let header: Vec<String> = header.iter().map(|c| c.to_lowercase()).collect();
        let col = |names: &[&str]| {
            header
                .iter()
                .position(|c| names.iter().any(|n| c.contains(n)))
        };
        Columns {
            title: col(&[
                "action",
                "item",
                "task",
                "what",
                "description",
                "title",
                "hành động",
            ])
            .unwrap_or(0),
            status: col(&["status", "state", "done", "trạng thái"]),
            owner: col(&["owner", "assignee", "who", "responsible", "phụ trách"]),
            due: col(&["due", "deadline"]),
            ticket: col(&["ticket", "issue", "bug", "work item", "jira", "link"]),
        }
    }
}

fn table_item(columns: &Columns, cells: &[String]) -> Option<ActionItem> {
    let get = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| readable(c).trim().to_string())
            .filter(|c| !c.is_empty() && !is_filler(c))
    };
    let title = get(Some(columns.title)).filter(|t| !is_placeholder(t))?;
    let status = get(columns.status);
    Some(ActionItem {
        title: shorten(&title, 200),
        owner: get(columns.owner),
        status: status
            .as_deref()
            .and_then(ActionStatus::read)
            .unwrap_or(ActionStatus::Open),
        // Only a calendar date (`2024-10-08`) is taken: "next sprint" or "Q3" is no due date.
        due: get(columns.due).and_then(|d| d.parse::<jiff::civil::Date>().ok()),
        ticket: get(columns.ticket),
        line: None,
    })
}

/// Adds a continuation line to the last item, which is read again whole: an owner or a ticket
/// at the end of the continuation (`  across all regions (owner: Ana)`) is the item's, and a
/// link written over the two lines keeps only its text.
fn append(out: &mut [ActionItem], more: &str) {
    if let Some(last) = out.last_mut() {
        let joined = format!("{} {}", last.title, more.trim());
        if let Some(again) = list_item(&joined, None) {
            last.title = again.title;
            last.owner = last.owner.take().or(again.owner);
            last.ticket = last.ticket.take().or(again.ticket);
        }
    }
}

/// A title too short to be an action (`ok`, `-`), or a filler word.
fn is_placeholder(text: &str) -> bool {
    text.trim().chars().count() < 3 || is_filler(text)
}

/// A cell that says nothing: `TBD`, `n/a`, `—`. Short names are kept: an owner may well be
/// `Bo`, `QA` or `IT`.
fn is_filler(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    !t.chars().any(char::is_alphanumeric)
        || ["etc", "etc.", "tbd", "todo", "n/a", "na", "none"].contains(&t.as_str())
}

#[cfg(test)]
mod tests;
