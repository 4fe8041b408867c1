//! The action-items page: every open item of the archive, grouped by owner, overdue first.

use serde::Serialize;

use super::insight_pages::InsightViews;
use super::insight_views::{ActionCounts, IncidentLink};

impl InsightViews<'_> {
    /// The view of `actions/`.
    pub fn actions_page(&self) -> ActionsPage {
        let today = self.insights.today;
        let mut anchors: Vec<String> = Vec::new();
        let owners = self
            .insights
            .actions
            .groups
            .iter()
            .map(|g| {
                let owner = g.owner.clone().unwrap_or_else(|| "Unassigned".into());
                // Owners are free text: slugify for the anchor, and number repeats.
                let base = match crate::url::slugify(&owner) {
                    s if s.is_empty() => "someone".to_string(),
                    s => s,
                };
                let mut anchor = format!("owner-{base}");
                let mut n = 1;
                while anchors.contains(&anchor) {
                    n += 1;
                    anchor = format!("owner-{base}-{n}");
                }
                anchors.push(anchor.clone());
                OwnerView {
                    owner,
                    unassigned: g.owner.is_none(),
                    anchor,
                    overdue: g.overdue,
                    count: g.items.len(),
                    items_html: String::new(),
                    items: g
                        .items
                        .iter()
                        .map(|it| {
                            let item = &self.archive.incidents[it.incident].action_items[it.item];
                            OpenItemView {
                                title: item.title.clone(),
                                due: it.due.map(|d| d.to_string()).unwrap_or_default(),
                                overdue: it.overdue,
                                days_overdue: match it.due {
                                    Some(d) if it.overdue => (today - d).get_days().into(),
                                    _ => 0,
                                },
                                ticket: item.ticket.clone().unwrap_or_default(),
                                incident: (&self.rows[it.incident]).into(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        ActionsPage {
            today: today.to_string(),
            counts: self.action_counts(),
            owners,
        }
    }
}

/// One open action item with its incident.
#[derive(Debug, Clone, Serialize)]
pub struct OpenItemView {
    /// What is to be done.
    pub title: String,
    /// Due date `YYYY-MM-DD`, or empty.
    pub due: String,
    /// Past due on the build date.
    pub overdue: bool,
    /// Days past due (0 when not overdue).
    pub days_overdue: i64,
    /// Ticket reference, or empty.
    pub ticket: String,
    /// The incident it came from.
    pub incident: IncidentLink,
}

/// One owner's open items.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerView {
    /// The owner, or `Unassigned`.
    pub owner: String,
    /// Whether nobody owns these items.
    pub unassigned: bool,
    /// The section's anchor id.
    pub anchor: String,
    /// How many are overdue.
    pub overdue: usize,
    /// How many are open.
    pub count: usize,
    /// The items, overdue first; templates get them rendered, as `items_html`.
    #[serde(skip)]
    pub items: Vec<OpenItemView>,
    /// The items' table rows, each rendered by `action_row.html`.
    pub items_html: String,
}

/// The action-items page, available to `actions.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct ActionsPage {
    /// The build date.
    pub today: String,
    /// Totals.
    pub counts: ActionCounts,
    /// Owners with open items: most overdue first, unassigned last.
    pub owners: Vec<OwnerView>,
}
