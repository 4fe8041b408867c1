//! Chart geometry: counts become the coordinates of inline SVG charts, computed at build time so
//! pages need no JavaScript. Templates only draw what is here; colours come from CSS classes.
//!
//! A column chart's marks live in a viewBox that stretches to the width of the page
//! (`preserveAspectRatio="none"`), while its axis labels are HTML placed by percentage, so the
//! text stays legible from phones to wide screens.

use serde::Serialize;

/// Height of a column chart's coordinate system: y runs from 0 (top) to 100 (the zero line).
const PLOT_HEIGHT: f64 = 100.0;
/// Width of one column's slot in the coordinate system.
const SLOT: f64 = 10.0;

/// One column of a chart: a label under it, a tooltip, and stacked parts from the bottom up.
#[derive(Debug, Clone)]
pub struct Column {
    /// The x-axis label (shown for some columns only when there are many).
    pub label: String,
    /// The tooltip, e.g. `2025-03: 4 incidents (SEV1 1, SEV2 3)`.
    pub title: String,
    /// `(value, CSS class)` from the bottom of the stack up.
    pub parts: Vec<(u32, String)>,
}

/// A column chart ready to draw, available to the `column_chart` component.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// A page-unique id prefix for `<title>`/`<desc>` references.
    pub id: String,
    /// The SVG `<title>`: what the chart shows.
    pub title: String,
    /// The SVG `<desc>`: the chart's main facts in one or two sentences.
    pub desc: String,
    /// `large` or `small`: the chart's height, set by the stylesheet.
    pub size: String,
    /// The viewBox width (the viewBox height is 100).
    pub width: f64,
    /// The columns.
    pub columns: Vec<ColumnView>,
    /// Horizontal grid lines with their labels.
    pub ticks: Vec<Tick>,
    /// Labels under some columns.
    pub labels: Vec<Label>,
}

/// One drawn column.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// Tooltip.
    pub title: String,
    /// Left edge.
    pub x: f64,
    /// Width.
    pub w: f64,
    /// The stacked rectangles (empty for a zero column).
    pub rects: Vec<RectView>,
}

/// One rectangle of a stack.
#[derive(Debug, Clone, Serialize)]
pub struct RectView {
    /// Top edge.
    pub y: f64,
    /// Height.
    pub h: f64,
    /// CSS class giving its colour.
    pub class: String,
}

/// A horizontal grid line and its value.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    /// Its y coordinate, which is also its distance from the top in percent of the plot.
    pub y: f64,
    /// The value shown.
    pub label: String,
}

/// A label under a column.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// The centre of the column, in percent of the plot's width.
    pub pct: f64,
    /// The text.
    pub text: String,
}

/// How a column chart is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// `large` or `small`.
    pub size: &'static str,
    /// At most this many x-axis labels, so they never overlap.
    pub max_labels: usize,
    /// Whether each column's label names its left edge (a histogram's bucket boundary) rather
    /// than the column itself; the first column's is then not shown.
    pub edges: bool,
}

/// Lays out `columns` as stacked columns.
pub fn column_chart(
    id: &str,
    title: &str,
    desc: &str,
    columns: &[Column],
    frame: Frame,
) -> ChartView {
    let max = columns
        .iter()
        .map(|c| c.parts.iter().map(|p| p.0).sum::<u32>())
        .max()
        .unwrap_or(0);
    let top = nice_ceiling(max);
    let n = columns.len().max(1);
    let width = SLOT * n as f64;
    // Thin gaps between many columns, wider ones between few, so both read as bars.
    let gap = SLOT * if n > 40 { 0.2 } else { 0.3 };
    let scale = PLOT_HEIGHT / f64::from(top);
    let step = n.div_ceil(frame.max_labels.max(1));
    let views = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut y = PLOT_HEIGHT;
            let rects = c
                .parts
                .iter()
                .filter(|p| p.0 > 0)
                .map(|(v, class)| {
                    let h = f64::from(*v) * scale;
                    y -= h;
                    RectView {
                        y: round(y),
                        h: round(h),
                        class: class.clone(),
                    }
                })
                .collect();
            ColumnView {
                title: c.title.clone(),
                x: round(SLOT * i as f64 + gap / 2.0),
                w: round(SLOT - gap),
                rects,
            }
        })
        .collect();
    let labels = columns
        .iter()
        .enumerate()
        .filter(|&(i, _)| i % step == 0 && !(frame.edges && i == 0))
        .map(|(i, c)| Label {
            pct: round((i as f64 + if frame.edges { 0.0 } else { 0.5 }) * 100.0 / n as f64),
            text: c.label.clone(),
        })
        .collect();
    let ticks = [top, top / 2, 0]
        .into_iter()
        .map(|v| Tick {
            y: round(PLOT_HEIGHT - f64::from(v) * scale),
            label: v.to_string(),
        })
        .collect();
    ChartView {
        id: id.into(),
        title: title.into(),
        desc: desc.into(),
        size: frame.size.into(),
        width,
        columns: views,
        ticks,
        labels,
    }
}

/// The smallest round number (1 to 10 times a power of ten, even so that the middle tick is
/// whole) at or above `max`; at least 2.
pub fn nice_ceiling(max: u32) -> u32 {
    if max <= 2 {
        return 2;
    }
    let mut power = 1u32;
    loop {
        for m in [1u32, 2, 3, 4, 5, 6, 8, 10] {
            let candidate = m.saturating_mul(power);
            if candidate >= max && candidate % 2 == 0 {
                return candidate;
            }
        }
        power = power.saturating_mul(10);
        if power == u32::MAX {
            return u32::MAX;
        }
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round_and_even() {
        let got: Vec<u32> = [0, 1, 3, 4, 5, 7, 11, 23, 47, 99, 101]
            .map(nice_ceiling)
            .to_vec();
        assert_eq!(got, [2, 2, 4, 4, 6, 8, 20, 30, 50, 100, 200]);
    }

    #[test]
    fn columns_stack_from_the_bottom() {
        let col = |a: u32, b: u32| Column {
            label: "x".into(),
            title: "t".into(),
            parts: vec![(a, "s1".into()), (b, "s2".into())],
        };
        let frame = Frame {
            size: "small",
            max_labels: 2,
            edges: false,
        };
        let chart = column_chart("c", "T", "D", &[col(2, 2), col(0, 1), col(0, 0)], frame);
        // A ceiling of 4 over a plot 100 high: 25 per incident, stacked from the bottom.
        let first = &chart.columns[0].rects;
        assert_eq!(
            (first[0].y, first[0].h, first[1].y, first[1].h),
            (50.0, 50.0, 0.0, 50.0)
        );
        assert_eq!(chart.columns[1].rects.len(), 1);
        assert!(chart.columns[2].rects.is_empty());
        let ticks: Vec<(&str, f64)> = chart
            .ticks
            .iter()
            .map(|t| (t.label.as_str(), t.y))
            .collect();
        assert_eq!(ticks, [("4", 0.0), ("2", 50.0), ("0", 100.0)]);
        let labels: Vec<f64> = chart.labels.iter().map(|l| l.pct).collect();
        assert_eq!(labels, [16.7, 83.3], "every second column is labelled");
        assert_eq!(chart.width, 30.0);
    }
}
