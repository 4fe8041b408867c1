//! `metrics.json`: the figures of the Insights page, machine-readable (schema in the README).
//! Field names are a public interface: add fields, never rename or remove them.

use serde::Serialize;

use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::insights::{BUCKETS, Distribution, Insights, WindowFigures};

/// Bumped only when a field changes meaning or disappears.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Metrics<'a> {
    schema_version: u32,
    build_date: String,
    incidents: usize,
    windows: Windows,
    duration_minutes: DistributionOut,
    time_to_detect_minutes: DistributionOut,
    history: HistoryOut,
    causes: Vec<TermOut<'a>>,
    services: Vec<TermOut<'a>>,
    severities: Vec<TermOut<'a>>,
    matrix: MatrixOut<'a>,
    action_items: ActionsOut<'a>,
    on_this_day: Vec<&'a str>,
}

#[derive(Serialize)]
struct Windows {
    current: WindowOut,
    previous: WindowOut,
}

#[derive(Serialize)]
struct WindowOut {
    from: String,
    to: String,
    incidents: usize,
    duration_minutes: DistributionOut,
    time_to_detect_minutes: DistributionOut,
}

#[derive(Serialize)]
struct DistributionOut {
    known: usize,
    unknown: usize,
    median: Option<i64>,
    p90: Option<i64>,
    histogram: Vec<BucketOut>,
}

#[derive(Serialize)]
struct BucketOut {
    label: &'static str,
    min_minutes: i64,
    max_minutes: Option<i64>,
    count: usize,
}

#[derive(Serialize)]
struct HistoryOut {
    granularity: &'static str,
    undated: usize,
    severities: Vec<String>,
    periods: Vec<PeriodOut>,
}

#[derive(Serialize)]
struct PeriodOut {
    label: String,
    start: String,
    total: u32,
    by_severity: Vec<u32>,
}

#[derive(Serialize)]
struct TermOut<'a> {
    id: &'a str,
    label: &'a str,
    url: String,
    incidents: usize,
    last_12_months: usize,
    previous_12_months: usize,
    change: i64,
    duration_minutes: DistributionOut,
    time_to_detect_minutes: DistributionOut,
}

#[derive(Serialize)]
struct MatrixOut<'a> {
    unplaced: usize,
    cells: Vec<CellOut<'a>>,
}

#[derive(Serialize)]
struct CellOut<'a> {
    service: &'a str,
    cause: &'a str,
    incidents: usize,
    url: String,
}

#[derive(Serialize)]
struct ActionsOut<'a> {
    open: usize,
    done: usize,
    dropped: usize,
    overdue: usize,
    by_owner: Vec<OwnerOut<'a>>,
}

#[derive(Serialize)]
struct OwnerOut<'a> {
    owner: Option<&'a str>,
    open: usize,
    overdue: usize,
}

/// The bytes of `metrics.json`.
pub fn metrics_json(archive: &Archive, config: &Config, ins: &Insights) -> Vec<u8> {
    let base = &config.site.base_url;
    let severities = archive.index_of(IndexKind::Severities);
    let h = &ins.history;
    let window = |from, to, f: &WindowFigures| WindowOut {
        from: format!("{from}"),
        to: format!("{to}"),
        incidents: f.incidents,
        duration_minutes: dist(&f.duration),
        time_to_detect_minutes: dist(&f.time_to_detect),
    };
    let w = &ins.windows;
    let terms = |kind: IndexKind| -> Vec<TermOut<'_>> {
        let index = archive.index_of(kind);
        index
            .terms
            .iter()
            .enumerate()
            .filter_map(|(t, term)| {
                let ti = ins.term(kind, t)?;
                Some(TermOut {
                    id: &term.id,
                    label: &term.label,
                    url: base.permalink(&format!("{}/{}/", kind.segment(), term.id)),
                    incidents: term.incidents.len(),
                    last_12_months: ti.current,
                    previous_12_months: ti.previous,
                    change: ti.current as i64 - ti.previous as i64,
                    duration_minutes: dist(&ti.duration),
                    time_to_detect_minutes: dist(&ti.time_to_detect),
                })
            })
            .collect()
    };
    let term_id = |kind: IndexKind, t: usize| archive.index_of(kind).terms[t].id.as_str();
    let metrics = Metrics {
        schema_version: SCHEMA_VERSION,
        build_date: ins.today.to_string(),
        incidents: archive.incidents.len(),
        windows: Windows {
            current: window(w.current_from, w.current_to, &ins.window_figures[0]),
            previous: window(w.previous_from, w.previous_to, &ins.window_figures[1]),
        },
        duration_minutes: dist(&ins.duration),
        time_to_detect_minutes: dist(&ins.time_to_detect),
        history: HistoryOut {
            granularity: h.range.granularity.noun(),
            undated: h.undated,
            severities: h
                .stacks
                .iter()
                .map(|s| s.map_or_else(|| "none".into(), |p| severities.terms[p].id.clone()))
                .collect(),
            periods: (0..h.range.len)
                .map(|slot| PeriodOut {
                    label: h.range.label(slot),
                    start: h.range.start_of(slot).to_string(),
                    total: h.total(slot),
                    by_severity: h.counts[slot].clone(),
                })
                .collect(),
        },
        causes: terms(IndexKind::Causes),
        services: terms(IndexKind::Services),
        severities: terms(IndexKind::Severities),
        matrix: MatrixOut {
            unplaced: ins.matrix.unplaced,
            cells: ins
                .matrix
                .cells
                .iter()
                .map(|c| {
                    let (service, cause) = (
                        term_id(IndexKind::Services, c.service),
                        term_id(IndexKind::Causes, c.cause),
                    );
                    CellOut {
                        service,
                        cause,
                        incidents: c.incidents.len(),
                        url: base.permalink(&format!("insights/matrix/{service}/{cause}/")),
                    }
                })
                .collect(),
        },
        action_items: ActionsOut {
            open: ins.actions.open,
            done: ins.actions.done,
            dropped: ins.actions.dropped,
            overdue: ins.actions.overdue,
            by_owner: ins
                .actions
                .groups
                .iter()
                .map(|g| OwnerOut {
                    owner: g.owner.as_deref(),
                    open: g.items.len(),
                    overdue: g.overdue,
                })
                .collect(),
        },
        on_this_day: ins
            .on_this_day
            .iter()
            .map(|&i| archive.incidents[i].slug.as_str())
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&metrics).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}

fn dist(d: &Distribution) -> DistributionOut {
    DistributionOut {
        known: d.known,
        unknown: d.unknown,
        median: d.median,
        p90: d.p90,
        histogram: BUCKETS
            .iter()
            .enumerate()
            .map(|(b, &(min, label))| BucketOut {
                label,
                min_minutes: min,
                max_minutes: BUCKETS.get(b + 1).map(|next| next.0),
                count: d.buckets.get(b).copied().unwrap_or(0),
            })
            .collect(),
    }
}
