//! The charts of the insights views: the history stacked by severity (whole archive, home
//! page, one term) and the distributions of duration and time to detect.

use super::charts::{self, ChartView, Column, Frame};
use super::insight_pages::{InsightViews, plural};
use super::insight_views::*;
use crate::archive::IndexKind;
use crate::insights::{BUCKETS, Distribution, History};
use crate::timestamp::human_minutes;

impl InsightViews<'_> {
    /// The history chart and table of the periods from `skip` on.
    pub(super) fn history(&self, skip: usize) -> HistoryView {
        let h = &self.insights.history;
        let (chart, legend) = self.stacked(
            if skip == 0 { "history" } else { "home-history" },
            &h.counts,
            skip,
            Frame {
                size: if skip == 0 { "large" } else { "small" },
                max_labels: if skip == 0 { 8 } else { 6 },
                edges: false,
            },
        );
        HistoryView {
            chart,
            unit: h.range.granularity.noun().into(),
            rows: (skip..h.range.len)
                .rev()
                .map(|slot| HistoryRow {
                    label: h.range.label(slot),
                    counts: h.counts[slot].clone(),
                    total: h.total(slot),
                })
                .collect(),
            legend,
            undated: h.undated,
        }
    }

    /// A column chart of `counts[period][stack]` over the history's periods from `skip` on,
    /// with the legend of the stacks that occur.
    pub(super) fn stacked(
        &self,
        id: &str,
        counts: &[Vec<u32>],
        skip: usize,
        frame: Frame,
    ) -> (ChartView, Vec<LegendItem>) {
        let h = &self.insights.history;
        let all: Vec<LegendItem> = h
            .stacks
            .iter()
            .map(|&s| LegendItem {
                label: self.stack_label(s),
                class: self.stack_class(s),
            })
            .collect();
        let columns: Vec<Column> = (skip..counts.len())
            .map(|slot| {
                let label = h.range.label(slot);
                let total: u32 = counts[slot].iter().sum();
                let parts: Vec<String> = all
                    .iter()
                    .zip(&counts[slot])
                    .filter(|(_, c)| **c > 0)
                    .map(|(l, c)| format!("{} {c}", l.label))
                    .collect();
                let detail = if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join(", "))
                };
                Column {
                    title: format!(
                        "{label}: {total} incident{}{detail}",
                        plural(total as usize)
                    ),
                    label,
                    parts: counts[slot]
                        .iter()
                        .zip(&all)
                        .map(|(&c, l)| (c, l.class.clone()))
                        .collect(),
                }
            })
            .collect();
        let unit = h.range.granularity.noun();
        let chart = charts::column_chart(
            id,
            &format!("Incidents per {unit}, by severity"),
            &history_desc(h, counts, skip),
            &columns,
            frame,
        );
        let legend = all
            .into_iter()
            .enumerate()
            .filter(|(stack, _)| counts[skip..].iter().any(|c| c[*stack] > 0))
            .map(|(_, l)| l)
            .collect();
        (chart, legend)
    }

    fn stack_label(&self, stack: Option<usize>) -> String {
        match stack {
            Some(p) => self.archive.index_of(IndexKind::Severities).terms[p]
                .id
                .clone(),
            None => "No severity".into(),
        }
    }

    /// The colour class of a severity stack: by rank in the taxonomy, so renamed levels keep
    /// the theme's colours (`stack-1` is the most severe).
    fn stack_class(&self, stack: Option<usize>) -> String {
        let Some(p) = stack else {
            return "stack-none".into();
        };
        let id = &self.archive.index_of(IndexKind::Severities).terms[p].id;
        match self.config.taxonomy.severity_rank(id) {
            Some(rank) => format!("stack-{}", (rank + 1).min(4)),
            None => "stack-x".into(),
        }
    }
}

/// One or two sentences saying what a history chart of `counts` shows.
fn history_desc(h: &History, counts: &[Vec<u32>], skip: usize) -> String {
    let total_of = |slot: usize| counts[slot].iter().sum::<u32>();
    let slots = skip..counts.len();
    let total: u32 = slots.clone().map(total_of).sum();
    let Some(peak) = slots
        .clone()
        .max_by_key(|&s| (total_of(s), std::cmp::Reverse(s)))
    else {
        return "No dated incidents.".into();
    };
    let mut desc = format!(
        "{total} incident{} from {} to {}",
        plural(total as usize),
        h.range.label(skip),
        h.range.label(counts.len() - 1),
    );
    if total > 0 {
        desc.push_str(&format!(
            "; the most, {}, in {}",
            total_of(peak),
            h.range.label(peak)
        ));
    }
    desc.push('.');
    desc
}

pub(super) fn distribution(id: &str, what: &str, d: &Distribution) -> DistributionView {
    let columns: Vec<Column> = BUCKETS
        .iter()
        .zip(&d.buckets)
        .map(|(&(lower, label), &count)| Column {
            label: human_minutes(lower),
            title: format!("{label}: {count} incident{}", plural(count)),
            parts: vec![(count as u32, "bar-dist".into())],
        })
        .collect();
    let mut desc = match (d.median, d.p90) {
        (Some(m), Some(p)) => format!(
            "{what} of {} incident{}: median {}, 90th percentile {}.",
            d.known,
            plural(d.known),
            human_minutes(m),
            human_minutes(p)
        ),
        _ => format!("No incident has a known {}.", what.to_lowercase()),
    };
    if d.unknown > 0 {
        desc.push_str(&format!(" {} unknown.", d.unknown));
    }
    DistributionView {
        known: d.known,
        unknown: d.unknown,
        median: d.median.map(human_minutes).unwrap_or_default(),
        p90: d.p90.map(human_minutes).unwrap_or_default(),
        chart: charts::column_chart(
            id,
            &format!("{what}: incidents per range"),
            &desc,
            &columns,
            Frame {
                size: "small",
                max_labels: BUCKETS.len(),
                edges: true,
            },
        ),
        rows: BUCKETS
            .iter()
            .zip(&d.buckets)
            .map(|(&(_, label), &count)| CountRow {
                label: label.into(),
                count,
            })
            .collect(),
    }
}
