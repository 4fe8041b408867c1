//! The insights summaries of other pages: the home page's last 12 months, action items and
//! "on this day", and each cause, service and severity page's own figures and chart.

use super::charts::Frame;
use super::insight_pages::{InsightViews, change_note, direction, stat};
use super::insight_views::*;
use crate::archive::IndexKind;

/// Periods of the history shown on the home page.
const HOME_PERIODS: usize = 12;

impl InsightViews<'_> {
    /// The insights summary of the home page.
    pub fn home(&self) -> HomeInsights {
        let ins = self.insights;
        let history = self.history(ins.history.range.len.saturating_sub(HOME_PERIODS));
        HomeInsights {
            url: self.link("insights/"),
            figures: self.headline(true),
            history: history.chart,
            legend: history.legend,
            actions: self.action_counts(),
            on_this_day: ins
                .on_this_day
                .iter()
                .map(|&i| OnThisDayView {
                    years_ago: self.archive.incidents[i]
                        .date
                        .map_or(0, |d| ins.today.year() - d.year()),
                    incident: self.rows[i].clone(),
                })
                .collect(),
            day_label: format!(
                "{} {}",
                ins.today.day(),
                MONTHS[(ins.today.month() - 1) as usize]
            ),
        }
    }

    /// The figures and chart of term `t` of `kind`, for causes, services and severities.
    pub fn term_view(&self, kind: IndexKind, t: usize) -> Option<TermInsightsView> {
        let ti = self.insights.term(kind, t)?;
        let term = &self.archive.index_of(kind).terms[t];
        let (chart, legend) = self.stacked(
            "term-history",
            &ti.counts,
            0,
            Frame {
                size: "small",
                max_labels: 6,
                edges: false,
            },
        );
        let change = ti.current as i64 - ti.previous as i64;
        Some(TermInsightsView {
            chart,
            legend,
            unit: self.insights.history.range.granularity.noun().into(),
            figures: vec![
                StatView {
                    label: "Incidents".into(),
                    value: term.incidents.len().to_string(),
                    note: term
                        .incidents
                        .first()
                        .and_then(|&i| self.archive.incidents[i].date)
                        .map(|d| format!("last on {d}"))
                        .unwrap_or_default(),
                    trend: String::new(),
                },
                StatView {
                    label: "Last 12 months".into(),
                    value: ti.current.to_string(),
                    note: change_note(change, ti.previous),
                    trend: direction(change).into(),
                },
                stat("Median duration", &ti.duration),
                stat("Median time to detect", &ti.time_to_detect),
            ],
        })
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
