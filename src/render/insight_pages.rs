//! The views of the insights, built from an [`Insights`] value: the Insights page with its
//! headline figures, trend tables and matrix, and one page per matrix cell. Charts, the home and
//! term summaries and the action-items page are built in sibling modules.

use super::insight_charts::distribution;
use super::insight_views::*;
use super::pages::term_ref;
use super::views::{IncidentRow, TermRef};
use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::insights::{Distribution, Insights, TOP_TERMS, Trend};
use crate::timestamp::human_minutes;

/// The views of one render's insights.
pub struct InsightViews<'a> {
    /// The archive the insights were computed from.
    pub archive: &'a Archive,
    /// The site configuration.
    pub config: &'a Config,
    /// The figures.
    pub insights: &'a Insights,
    /// Every incident's row, in archive order.
    pub rows: &'a [IncidentRow],
}

impl InsightViews<'_> {
    /// The Insights page.
    pub fn insights_page(&self) -> InsightsPage {
        let ins = self.insights;
        let w = &ins.windows;
        InsightsPage {
            today: ins.today.to_string(),
            current_window: format!("{} – {}", w.current_from, w.current_to),
            previous_window: format!("{} – {}", w.previous_from, w.previous_to),
            figures: self.headline(false),
            history: self.history(0),
            duration: distribution("duration", "Duration", &ins.duration),
            time_to_detect: distribution("ttd", "Time to detect", &ins.time_to_detect),
            causes: self.trends(IndexKind::Causes, &ins.cause_trends),
            services: self.trends(IndexKind::Services, &ins.service_trends),
            matrix: self.matrix(),
            actions: self.action_counts(),
            metrics_url: self.link("metrics.json"),
        }
    }

    /// The figures heading the Insights page and the home summary: the last 12 months against
    /// the 12 before, and the action items (open on the Insights page, overdue on the home page,
    /// whose own tiles already count the open ones).
    pub(super) fn headline(&self, home: bool) -> Vec<StatView> {
        let ins = self.insights;
        let [current, previous] = &ins.window_figures;
        let change = current.incidents as i64 - previous.incidents as i64;
        let versus = |label: &str, now: &Distribution, before: &Distribution| {
            let mut s = stat(label, now);
            let before = match before.median {
                Some(m) => format!("year before {}", human_minutes(m)),
                None => "year before —".into(),
            };
            s.note = if s.note.is_empty() {
                before
            } else {
                format!("{} · {before}", s.note)
            };
            s
        };
        let a = &ins.actions;
        let actions = if home {
            StatView {
                label: "Overdue action items".into(),
                value: a.overdue.to_string(),
                note: format!("of {} open", a.open),
                trend: if a.overdue > 0 { "up" } else { "" }.into(),
            }
        } else {
            StatView {
                label: "Open action items".into(),
                value: a.open.to_string(),
                note: match a.overdue {
                    0 => "none overdue".into(),
                    n => format!("{n} overdue"),
                },
                trend: if a.overdue > 0 { "up" } else { "" }.into(),
            }
        };
        vec![
            StatView {
                label: "Incidents".into(),
                value: current.incidents.to_string(),
                note: change_note(change, previous.incidents),
                trend: direction(change).into(),
            },
            versus("Median duration", &current.duration, &previous.duration),
            versus(
                "Median time to detect",
                &current.time_to_detect,
                &previous.time_to_detect,
            ),
            actions,
        ]
    }

    fn trends(&self, kind: IndexKind, trends: &[Trend]) -> Vec<TrendView> {
        let index = self.archive.index_of(kind);
        let top: Vec<&Trend> = trends.iter().take(TOP_TERMS).collect();
        let max = top
            .iter()
            .map(|t| t.current.max(t.previous))
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        top.into_iter()
            .map(|t| TrendView {
                term: term_ref(kind, &index.terms[t.term], self.config),
                current: t.current,
                previous: t.previous,
                change: signed(t.change()),
                change_percent: match t.change_percent() {
                    Some(0) => String::new(),
                    Some(p) => format!("{}%", signed(p)),
                    None if t.current > 0 => "new".into(),
                    None => String::new(),
                },
                direction: direction(t.change()).into(),
                current_share: share(t.current, max),
                previous_share: share(t.previous, max),
            })
            .collect()
    }

    fn matrix(&self) -> MatrixView {
        let m = &self.insights.matrix;
        let services = self.archive.index_of(IndexKind::Services);
        let causes = self.archive.index_of(IndexKind::Causes);
        let max = m.max_count() as f64;
        MatrixView {
            causes: m
                .causes
                .iter()
                .map(|&c| term_ref(IndexKind::Causes, &causes.terms[c], self.config))
                .collect(),
            rows: m
                .services
                .iter()
                .map(|&s| MatrixRowView {
                    service: term_ref(IndexKind::Services, &services.terms[s], self.config),
                    cells: m
                        .causes
                        .iter()
                        .map(|&c| match m.cell(s, c) {
                            Some(cell) => MatrixCellView {
                                count: cell.incidents.len(),
                                url: self.link(&self.cell_rel(s, c)),
                                shade: share(cell.incidents.len(), max),
                            },
                            None => MatrixCellView {
                                count: 0,
                                url: String::new(),
                                shade: 0.0,
                            },
                        })
                        .collect(),
                })
                .collect(),
            unplaced: m.unplaced,
        }
    }

    /// The folder of a matrix cell's page, e.g. `insights/matrix/checkout/config-change/`.
    pub fn cell_rel(&self, service: usize, cause: usize) -> String {
        let id = |kind: IndexKind, t: usize| self.archive.index_of(kind).terms[t].id.as_str();
        format!(
            "insights/matrix/{}/{}/",
            id(IndexKind::Services, service),
            id(IndexKind::Causes, cause)
        )
    }

    /// The page of matrix cell `n`: its output path, title and view.
    pub fn matrix_cell(&self, n: usize) -> (String, String, MatrixCellPage) {
        let cell = &self.insights.matrix.cells[n];
        let service = self.term(IndexKind::Services, cell.service);
        let cause = self.term(IndexKind::Causes, cell.cause);
        let title = format!("{} × {}", service.label, cause.label);
        let page = MatrixCellPage {
            median_duration: super::pages::median_label(
                cell.incidents
                    .iter()
                    .filter_map(|&i| self.archive.incidents[i].duration_minutes())
                    .collect(),
            ),
            matrix_url: format!("{}#matrix", self.link("insights/")),
            incidents: cell
                .incidents
                .iter()
                .map(|&i| (&self.rows[i]).into())
                .collect(),
            service,
            cause,
        };
        (
            format!("{}index.html", self.cell_rel(cell.service, cell.cause)),
            title,
            page,
        )
    }

    /// Action item totals with the link to the list.
    pub fn action_counts(&self) -> ActionCounts {
        let a = &self.insights.actions;
        ActionCounts {
            open: a.open,
            done: a.done,
            dropped: a.dropped,
            overdue: a.overdue,
            url: self.link("actions/"),
        }
    }

    /// The link to term `t` of `kind`.
    pub(super) fn term(&self, kind: IndexKind, t: usize) -> TermRef {
        term_ref(kind, &self.archive.index_of(kind).terms[t], self.config)
    }

    /// A site-relative path as a link.
    pub(super) fn link(&self, rel: &str) -> String {
        self.config.site.base_url.link(rel)
    }
}

/// A median with its 90th percentile and unknown count as the note.
pub(super) fn stat(label: &str, d: &Distribution) -> StatView {
    let mut note = Vec::new();
    if let Some(p) = d.p90 {
        note.push(format!("p90 {}", human_minutes(p)));
    }
    if d.unknown > 0 {
        note.push(format!("{} unknown", d.unknown));
    }
    StatView {
        label: label.into(),
        value: d.median.map(human_minutes).unwrap_or_else(|| "—".into()),
        note: note.join(" · "),
        trend: String::new(),
    }
}

/// `+2`, `−1` (a true minus sign) or `0`.
pub(super) fn signed(n: i64) -> String {
    match n {
        0 => "0".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// `+3 vs 6 the year before`, or `as many as the year before (6)`.
pub(super) fn change_note(change: i64, previous: usize) -> String {
    match change {
        0 => format!("as many as the year before ({previous})"),
        c => format!("{} vs {previous} the year before", signed(c)),
    }
}

pub(super) fn direction(change: i64) -> &'static str {
    match change {
        0 => "flat",
        c if c > 0 => "up",
        _ => "down",
    }
}

pub(super) fn share(count: usize, max: f64) -> f64 {
    (count as f64 / max * 1000.0).round() / 10.0
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
