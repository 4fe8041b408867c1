//! `incidents.json`: the machine-readable export, one object per incident (schema in the README).

use serde::Serialize;

use crate::archive::Archive;
use crate::config::Config;
use crate::timestamp::rfc3339;

/// One incident as exported; field names are a public interface and must not change.
#[derive(Serialize)]
struct ExportedIncident<'a> {
    slug: &'a str,
    url: String,
    source: &'a str,
    title: &'a str,
    date: Option<String>,
    severity: Option<&'a str>,
    status: &'static str,
    services: &'a [String],
    causes: &'a [String],
    tags: &'a [String],
    authors: &'a [String],
    trigger: Option<&'a str>,
    impact: Option<&'a str>,
    summary: Option<&'a str>,
    users_affected_percent: Option<f64>,
    started_at: Option<String>,
    detected_at: Option<String>,
    mitigated_at: Option<String>,
    resolved_at: Option<String>,
    duration_minutes: Option<i64>,
    time_to_detect_minutes: Option<i64>,
    time_to_mitigate_minutes: Option<i64>,
    action_items: Vec<ExportedActionItem<'a>>,
    related: &'a [String],
    inferred: &'a [&'static str],
}

#[derive(Serialize)]
struct ExportedActionItem<'a> {
    title: &'a str,
    owner: Option<&'a str>,
    status: &'static str,
    due: Option<String>,
    ticket: Option<&'a str>,
}

/// The bytes of `incidents.json`: an array, newest incident first.
pub fn incidents_json(archive: &Archive, config: &Config) -> Vec<u8> {
    let tz = &config.infer.timezone;
    let base = &config.site.base_url;
    let ts = |t: Option<jiff::Timestamp>| t.map(|t| rfc3339(t, tz));
    let list: Vec<ExportedIncident<'_>> = archive
        .incidents
        .iter()
        .map(|i| ExportedIncident {
            slug: &i.slug,
            url: base.permalink(&format!("incidents/{}/", i.slug)),
            source: &i.source,
            title: &i.title,
            date: i.date.map(|d| d.to_string()),
            severity: i.severity.as_deref(),
            status: i.status.as_str(),
            services: &i.services,
            causes: &i.causes,
            tags: &i.tags,
            authors: &i.authors,
            trigger: i.trigger.as_deref(),
            impact: i.impact.as_deref(),
            summary: i.summary.as_deref(),
            users_affected_percent: i.users_affected_percent,
            started_at: ts(i.moments.started_at),
            detected_at: ts(i.moments.detected_at),
            mitigated_at: ts(i.moments.mitigated_at),
            resolved_at: ts(i.moments.resolved_at),
            duration_minutes: i.duration_minutes(),
            time_to_detect_minutes: i.time_to_detect_minutes(),
            time_to_mitigate_minutes: i.time_to_mitigate_minutes(),
            action_items: i
                .action_items
                .iter()
                .map(|a| ExportedActionItem {
                    title: &a.title,
                    owner: a.owner.as_deref(),
                    status: if a.done { "done" } else { "open" },
                    due: a.due.map(|d| d.to_string()),
                    ticket: a.ticket.as_deref(),
                })
                .collect(),
            related: &i.related,
            inferred: &i.inferred,
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&list).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}
