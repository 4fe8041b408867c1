//! Action items given in front matter: their status words and due dates read, and a warning for
//! each value that cannot be read, naming the item.

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::incident::{ActionItem, ActionStatus, RawActionItem};
use crate::infer;

/// The items of `action_items:` (on line `line` of `path`); an unknown status counts as open and
/// an unreadable due date as none, each with a warning in `problems`.
pub(super) fn from_front_matter(
    items: Vec<RawActionItem>,
    path: &Path,
    line: Option<usize>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ActionItem> {
    let (tz, order) = (&config.infer.timezone, config.infer.date_order);
    items
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let mut warn = |code: &'static str, what: String, hint: &str| {
                problems.push(
                    Diagnostic::warning(
                        path,
                        code,
                        format!("action item {} (`{}`): {what}", n + 1, item.title),
                    )
                    .at_line(line)
                    .with_hint(hint.to_string()),
                );
            };
            let status = match item.status.as_deref() {
                None => ActionStatus::Open,
                Some(s) => ActionStatus::read(s).unwrap_or_else(|| {
                    warn(
                        "unknown-action-status",
                        format!("unknown status `{s}`; the item is counted as open"),
                        "write open, done or dropped (won't do)",
                    );
                    ActionStatus::Open
                }),
            };
            let due = item.due.as_deref().and_then(|d| {
                let date = infer::parse_date(d, tz, order).ok();
                if date.is_none() {
                    warn(
                        "invalid-due",
                        format!("due `{d}` is not a date; the item has no due date"),
                        "write the due date as YYYY-MM-DD, e.g. 2025-03-31",
                    );
                }
                date
            });
            ActionItem {
                status,
                due,
                title: item.title,
                owner: item.owner,
                ticket: item.ticket,
                line,
            }
        })
        .collect()
}
