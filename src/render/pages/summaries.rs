//! The home page's view and each term's summary figures (count, median duration, last date).

use super::*;

impl Pages<'_> {
    pub(super) fn home(&self) -> HomePage {
        let open: usize = self
            .archive
            .incidents
            .iter()
            .flat_map(|i| &i.action_items)
            .filter(|a| a.is_open())
            .count();
        let figures = vec![
            Figure {
                label: "Incidents".into(),
                value: self.archive.incidents.len().to_string(),
            },
            Figure {
                label: "Services affected".into(),
                value: self
                    .archive
                    .index_of(IndexKind::Services)
                    .terms
                    .len()
                    .to_string(),
            },
            Figure {
                label: "Median duration".into(),
                value: median_label(
                    self.archive
                        .incidents
                        .iter()
                        .filter_map(Incident::duration_minutes)
                        .collect(),
                ),
            },
            Figure {
                label: "Open action items".into(),
                value: open.to_string(),
            },
        ];
        let top = |kind: IndexKind, n: usize| {
            self.archive
                .index_of(kind)
                .terms
                .iter()
                .take(n)
                .map(|t| self.term_summary(kind, t))
                .collect()
        };
        HomePage {
            figures,
            recent: self.rows.iter().take(10).cloned().collect(),
            top_causes: top(IndexKind::Causes, 6),
            top_services: top(IndexKind::Services, 6),
            severities: top(IndexKind::Severities, usize::MAX),
            insights: self.insight_views().map(|v| v.home()),
        }
    }

    pub(super) fn term_summary(&self, kind: IndexKind, term: &Term) -> TermSummary {
        let durations = term
            .incidents
            .iter()
            .filter_map(|&i| self.archive.incidents[i].duration_minutes())
            .collect();
        TermSummary {
            term: term_ref(kind, term, self.config),
            description: term.description.clone(),
            count: term.incidents.len(),
            median_duration: median_label(durations),
            last_date: term
                .incidents
                .first()
                .map(|&i| self.rows[i].date.clone())
                .unwrap_or_default(),
        }
    }
}
