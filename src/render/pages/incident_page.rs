//! The incident page's view: moments, figures, action items, the rendered body, the table of
//! contents, related incidents and what was inferred.

use std::sync::Arc;

use crate::incident::ActionStatus;
use crate::render::search;

use super::*;

/// About how many bytes an incident page holds besides its body: the layout, and the
/// incident's own sections (figures, action items, timeline, related incidents), 19 to 22 KB
/// on the benchmark's postmortems.
const INCIDENT_MARKUP_BYTES: usize = 24 * 1024;

impl Pages<'_> {
    /// The page of incident `i`, keyed by its own view and the keys of the rows it shows.
    pub(super) fn incident_page(&self, i: usize) -> Result<OutputFile, RenderError> {
        let (mut page, body_key) = self.incident(i);
        let inc = &self.archive.incidents[i];
        let rel = format!("incidents/{}/index.html", inc.slug);
        let title = inc.title.as_str();
        // The body's own key stands for its HTML, as rows' keys stand for theirs; a body that
        // is not memoized is hashed whole.
        let body = match body_key {
            Some(_) => std::mem::replace(&mut page.body_html, Arc::from("")),
            None => Arc::clone(&page.body_html),
        };
        let key = self
            .page_key("incident.html", &rel, title, "incidents")
            .and_then(|k| k.value(&page))
            .map(|k| k.part(&body_key.unwrap_or_default().to_le_bytes()))
            .and_then(|k| k.keys(page.rows().map(|&r| self.row_keys[r])));
        page.body_html = body;
        self.cached_page(&rel, key, || {
            let size = page.body_html.len() + INCIDENT_MARKUP_BYTES;
            let page = page.map_rows(|r| &self.row_values[r]);
            self.render_page_sized("incident.html", title, "incidents", &page, size)
        })
    }

    /// The view of incident `i`'s page, its incidents given by position, and its body's key.
    pub(super) fn incident(&self, i: usize) -> (IncidentPage<usize>, Option<u128>) {
        let inc = &self.archive.incidents[i];
        let tz = &self.config.infer.timezone;
        let start = inc.moments.started_at;
        let mut moments = Vec::new();
        for (label, field, at) in [
            ("Started", "started_at", inc.moments.started_at),
            ("Detected", "detected_at", inc.moments.detected_at),
            ("Mitigated", "mitigated_at", inc.moments.mitigated_at),
            ("Resolved", "resolved_at", inc.moments.resolved_at),
        ] {
            if let Some(at) = at {
                let offset = match start {
                    Some(s) if field != "started_at" && at >= s => {
                        format!("+{}", human_minutes(timestamp::minutes_between(s, at)))
                    }
                    _ => String::new(),
                };
                moments.push(Moment {
                    label: label.into(),
                    display: timestamp::display(at, tz),
                    iso: timestamp::rfc3339(at, tz),
                    offset,
                    inferred: inc.is_inferred(field),
                });
            }
        }
        let mut figures = Vec::new();
        for (label, value) in [
            ("Duration", inc.duration_minutes()),
            ("Time to detect", inc.time_to_detect_minutes()),
            ("Time to mitigate", inc.time_to_mitigate_minutes()),
        ] {
            if let Some(m) = value {
                figures.push(Figure {
                    label: label.into(),
                    value: human_minutes(m),
                });
            }
        }
        if let Some(p) = inc.users_affected_percent {
            figures.push(Figure {
                label: "Users affected".into(),
                value: format!("{p}%"),
            });
        }
        let action_items: Vec<ActionItemView> = inc
            .action_items
            .iter()
            .map(|a| ActionItemView {
                title: a.title.clone(),
                owner: a.owner.clone().unwrap_or_default(),
                status: a.status.as_str().into(),
                due: a.due.map(|d| d.to_string()).unwrap_or_default(),
                ticket: a.ticket.clone().unwrap_or_default(),
                overdue: a.is_open() && a.due.is_some_and(|d| d < self.today),
            })
            .collect();
        let words = self.search_words.as_ref().map(|w| &w[i]);
        let keyed = words.and_then(|slot| {
            search::from_cache(slot, inc, self.archive, self.cache, self.generation)
        });
        // The body gives its plain text only when the words are not known already.
        let (body_html, body_key, body_text) = crate::render::body::html(
            inc,
            self.archive,
            self.config,
            self.cache,
            self.generation,
            words.is_some_and(|slot| slot.get().is_none()),
        );
        if let (Some(slot), Some(text)) = (words, body_text) {
            search::remember(
                slot,
                inc,
                self.archive,
                &text,
                self.cache,
                keyed,
                self.generation,
            );
        }
        let skip_title = inc
            .headings
            .first()
            .is_some_and(|h| h.level == 1 && h.text.trim() == inc.title.trim());
        let toc = inc
            .headings
            .iter()
            .skip(usize::from(skip_title))
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.text.clone(),
            })
            .collect();
        let related = self.archive.related[i]
            .iter()
            .map(|r| RelatedView {
                incident: r.index,
                reason: r.reason(),
                explicit: r.explicit,
            })
            .collect();
        let inferred = crate::suggest::inferred_values(inc, self.config);
        // Counted on the items themselves, not on the strings their views show.
        let count = |status| {
            inc.action_items
                .iter()
                .filter(|a| a.status == status)
                .count()
        };
        let page = IncidentPage {
            incident: i,
            authors: inc.authors.clone(),
            trigger: inc.trigger.clone().unwrap_or_default(),
            impact: inc.impact.clone().unwrap_or_default(),
            moments,
            figures,
            open_action_items: count(ActionStatus::Open),
            done_action_items: count(ActionStatus::Done),
            dropped_action_items: count(ActionStatus::Dropped),
            overdue_action_items: action_items.iter().filter(|a| a.overdue).count(),
            action_items,
            timeline: inc
                .timeline
                .iter()
                .map(|e| TimelineEventView {
                    time: e.time_text.clone(),
                    iso: e.at.map(|t| timestamp::rfc3339(t, tz)).unwrap_or_default(),
                    text: e.text.clone(),
                })
                .collect(),
            body_html,
            toc,
            related,
            prev: self
                .archive
                .previous(i)
                .and_then(|p| self.archive.position(&p.slug)),
            next: self
                .archive
                .next(i)
                .and_then(|n| self.archive.position(&n.slug)),
            suggested_front_matter: crate::suggest::front_matter_block(&inferred),
            inferred: inferred
                .into_iter()
                .map(|(field, value)| InferredField {
                    field: field.into(),
                    value,
                })
                .collect(),
            source: inc.source.clone(),
        };
        (page, body_key)
    }
}
