//! What the insights templates see: view structs of the Insights, action-items and matrix-cell
//! pages and of the insights summaries on the home and term pages.

use serde::Serialize;

use super::charts::ChartView;
use super::views::{IncidentRow, TermRef};

/// A figure with an optional note under it, e.g. `1h 12m` with `p90 6h 5m`.
#[derive(Debug, Clone, Serialize)]
pub struct StatView {
    /// What is measured.
    pub label: String,
    /// The value, formatted (`—` when unknown).
    pub value: String,
    /// A second line, possibly empty: the 90th percentile, a change, how many are unknown.
    pub note: String,
    /// `up`, `down` or empty: the direction of a change, for styling.
    pub trend: String,
}

/// A distribution of minutes: figures, a histogram chart and its table.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionView {
    /// Incidents with the figure known.
    pub known: usize,
    /// Incidents with it unknown.
    pub unknown: usize,
    /// Median, formatted (`1h 12m`), or empty.
    pub median: String,
    /// 90th percentile, formatted, or empty.
    pub p90: String,
    /// The histogram.
    pub chart: ChartView,
    /// The histogram as rows: bucket label and count.
    pub rows: Vec<CountRow>,
}

/// A label and a count, one row of a chart's text alternative.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    /// The label, e.g. `15–30m`.
    pub label: String,
    /// The count.
    pub count: usize,
}

/// The history chart with its legend and table.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// The stacked column chart.
    pub chart: ChartView,
    /// `month`, `quarter` or `year`.
    pub unit: String,
    /// One entry per severity stack.
    pub legend: Vec<LegendItem>,
    /// The table: one row per period, newest first, counts in legend order.
    pub rows: Vec<HistoryRow>,
    /// Incidents without a date, not shown.
    pub undated: usize,
}

/// One colour of a chart's legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// Text, e.g. `SEV1`.
    pub label: String,
    /// The CSS class of the colour.
    pub class: String,
}

/// One period of the history table.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// `2025-03`, `2025 Q1` or `2025`.
    pub label: String,
    /// Counts per legend item.
    pub counts: Vec<u32>,
    /// All incidents of the period.
    pub total: u32,
}

/// One term of a trend table: the last 12 months against the 12 before.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    /// The cause or service.
    pub term: TermRef,
    /// Incidents in the last 12 months.
    pub current: usize,
    /// Incidents in the 12 months before.
    pub previous: usize,
    /// `+2`, `−1` or `0`.
    pub change: String,
    /// `+50%`, `−25%`, `new`, or empty when both are zero.
    pub change_percent: String,
    /// `up`, `down` or `flat`.
    pub direction: String,
    /// `current` in percent of the table's largest count, for the bar.
    pub current_share: f64,
    /// `previous` in percent of the table's largest count.
    pub previous_share: f64,
}

/// An incident in a long list: the few fields a link needs, so lists of thousands of
/// incidents stay cheap to render (a full [`IncidentRow`] carries every term link).
#[derive(Debug, Clone, Serialize)]
pub struct IncidentLink {
    /// The page's URL.
    pub url: String,
    /// The title.
    pub title: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// The severity id (e.g. `SEV2`), or empty.
    pub severity: String,
    /// Human duration, or empty.
    pub duration: String,
}

impl From<&IncidentRow> for IncidentLink {
    fn from(row: &IncidentRow) -> Self {
        IncidentLink {
            url: row.url.clone(),
            title: row.title.clone(),
            date: row.date.clone(),
            severity: row
                .severity
                .as_ref()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
            duration: row.duration.clone(),
        }
    }
}

/// The service × cause matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    /// The causes, as columns.
    pub causes: Vec<TermRef>,
    /// One row per service.
    pub rows: Vec<MatrixRowView>,
    /// Incidents without a service or a cause.
    pub unplaced: usize,
}

/// One service's row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRowView {
    /// The service.
    pub service: TermRef,
    /// One cell per cause column; empty cells have a count of 0 and no URL.
    pub cells: Vec<MatrixCellView>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCellView {
    /// Incidents with this service and cause.
    pub count: usize,
    /// The page listing them, empty when there are none.
    pub url: String,
    /// The count in percent of the largest cell, for shading.
    pub shade: f64,
}

/// Action item totals, with the page that lists the open ones.
#[derive(Debug, Clone, Serialize)]
pub struct ActionCounts {
    /// Open items.
    pub open: usize,
    /// Done items.
    pub done: usize,
    /// Dropped items (decided against).
    pub dropped: usize,
    /// Open and past due on the build date.
    pub overdue: usize,
    /// The action-items page.
    pub url: String,
}

/// The Insights page, available to `insights.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct InsightsPage {
    /// The build date, `YYYY-MM-DD`: "now" for every window.
    pub today: String,
    /// The last 12 months, e.g. `2025-11-24 – 2026-11-23`.
    pub current_window: String,
    /// The 12 months before.
    pub previous_window: String,
    /// Headline figures.
    pub figures: Vec<StatView>,
    /// Incidents over time.
    pub history: HistoryView,
    /// How long incidents lasted.
    pub duration: DistributionView,
    /// How long until they were detected.
    pub time_to_detect: DistributionView,
    /// Top causes, last 12 months against the 12 before.
    pub causes: Vec<TrendView>,
    /// Top services, the same way.
    pub services: Vec<TrendView>,
    /// Service × cause.
    pub matrix: MatrixView,
    /// Action item totals.
    pub actions: ActionCounts,
    /// The URL of `metrics.json`.
    pub metrics_url: String,
}

/// One cell's page, available to `matrix_cell.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCellPage {
    /// The service.
    pub service: TermRef,
    /// The cause.
    pub cause: TermRef,
    /// Median duration of the cell's incidents, or empty.
    pub median_duration: String,
    /// The Insights page's matrix section.
    pub matrix_url: String,
    /// The incidents, newest first.
    pub incidents: Vec<IncidentLink>,
}

/// An incident from an earlier year on the build date's month and day.
#[derive(Debug, Clone, Serialize)]
pub struct OnThisDayView {
    /// How many years ago.
    pub years_ago: i16,
    /// The incident.
    pub incident: IncidentRow,
}

/// The insights summary of the home page, `page.insights` in `index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct HomeInsights {
    /// The Insights page.
    pub url: String,
    /// Figures of the last 12 months.
    pub figures: Vec<StatView>,
    /// The most recent periods of the history.
    pub history: ChartView,
    /// The legend of the history.
    pub legend: Vec<LegendItem>,
    /// Action item totals.
    pub actions: ActionCounts,
    /// Incidents on this day in earlier years.
    pub on_this_day: Vec<OnThisDayView>,
    /// The build date, e.g. `23 November`.
    pub day_label: String,
}

/// A term's own figures, `page.insights` in `term.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TermInsightsView {
    /// Its incidents per period, by severity.
    pub chart: ChartView,
    /// The severities in the chart.
    pub legend: Vec<LegendItem>,
    /// `month`, `quarter` or `year`.
    pub unit: String,
    /// Incidents, the 12-month change, median and 90th percentile of duration and time to detect.
    pub figures: Vec<StatView>,
}
