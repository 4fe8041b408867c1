//! Action items across the archive: totals, and every open item grouped by owner with the
//! overdue ones first, so the list answers "what does each person still owe?".

use std::collections::HashMap;

use jiff::civil::Date;

use crate::incident::{ActionStatus, Incident};

/// An open action item, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenItem {
    /// The incident's position in the archive.
    pub incident: usize,
    /// The item's position in the incident's `action_items`.
    pub item: usize,
    /// Its due date.
    pub due: Option<Date>,
    /// Past its due date on the build date.
    pub overdue: bool,
}

/// The open items of one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerGroup {
    /// The owner as first written (newest incident first), `None` for unassigned items.
    pub owner: Option<String>,
    /// Overdue items (longest overdue first), then the others by due date, undated last.
    pub items: Vec<OpenItem>,
    /// How many of `items` are overdue.
    pub overdue: usize,
}

/// Totals and open items of the whole archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions {
    /// Open items.
    pub open: usize,
    /// Done items.
    pub done: usize,
    /// Dropped items (decided against).
    pub dropped: usize,
    /// Open items past their due date.
    pub overdue: usize,
    /// Owners with open items: most overdue first, then most open, then by name; unassigned last.
    pub groups: Vec<OwnerGroup>,
}

impl Actions {
    /// Collects the action items of `incidents` as of `today`.
    pub fn collect(incidents: &[Incident], today: Date) -> Actions {
        let mut actions = Actions::default();
        // Owners are matched case- and space-insensitively: "ana lima" and "Ana Lima" are one person.
        let mut slot: HashMap<Option<String>, usize> = HashMap::new();
        for (i, incident) in incidents.iter().enumerate() {
            for (n, item) in incident.action_items.iter().enumerate() {
                match item.status {
                    ActionStatus::Done => actions.done += 1,
                    ActionStatus::Dropped => actions.dropped += 1,
                    ActionStatus::Open => {}
                }
                if !item.is_open() {
                    continue;
                }
                let overdue = item.due.is_some_and(|d| d < today);
                actions.open += 1;
                actions.overdue += usize::from(overdue);
                let owner = item
                    .owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty());
                let key = owner.map(|o| {
                    o.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                });
                let g = *slot.entry(key).or_insert_with(|| {
                    actions.groups.push(OwnerGroup {
                        owner: owner.map(String::from),
                        items: Vec::new(),
                        overdue: 0,
                    });
                    actions.groups.len() - 1
                });
                let group = &mut actions.groups[g];
                group.overdue += usize::from(overdue);
                group.items.push(OpenItem {
                    incident: i,
                    item: n,
                    due: item.due,
                    overdue,
                });
            }
        }
        for group in &mut actions.groups {
            // Stable: items with the same due date keep the archive's newest-first order.
            group
                .items
                .sort_by_key(|it| (!it.overdue, it.due.is_none(), it.due));
        }
        actions.groups.sort_by(|a, b| {
            a.owner
                .is_none()
                .cmp(&b.owner.is_none())
                .then(b.overdue.cmp(&a.overdue))
                .then(b.items.len().cmp(&a.items.len()))
                .then_with(|| {
                    let name = |g: &OwnerGroup| g.owner.as_deref().map(str::to_lowercase);
                    name(a).cmp(&name(b))
                })
        });
        actions
    }
}
