//! `incidents.json`: the machine-readable export, one object per incident (schema in the README).

use rayon::prelude::*;
use serde::Serialize;

use super::RenderCache;
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
///
/// Each incident's object is serialized on its own, in parallel, and remembered in `cache`
/// under its whole content; the file is the same as serializing the list at once.
pub fn incidents_json(
    archive: &Archive,
    config: &Config,
    cache: &RenderCache,
    generation: u64,
) -> Vec<u8> {
    let tz = &config.infer.timezone;
    let base = &config.site.base_url;
    let ts = |t: Option<jiff::Timestamp>| t.map(|t| rfc3339(t, tz));
    let objects: Vec<bytes::Bytes> = archive
        .incidents
        .par_iter()
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
                    status: a.status.as_str(),
                    due: a.due.map(|d| d.to_string()),
                    ticket: a.ticket.as_deref(),
                })
                .collect(),
            related: &i.related,
            inferred: &i.inferred,
        })
        .map(|exported| {
            let json = || -> Result<bytes::Bytes, std::convert::Infallible> {
                Ok(serde_json::to_vec_pretty(&exported)
                    .expect("plain data serializes")
                    .into())
            };
            let cached = cache
                .key("export")
                .and_then(|k| k.value(&exported))
                .map(|k| cache.page(k.finish(), generation, json));
            match cached.unwrap_or_else(json) {
                Ok(bytes) => bytes,
                Err(never) => match never {},
            }
        })
        .collect();
    let mut out = pretty_list(&objects);
    out.push(b'\n');
    out
}

/// The JSON list of `objects` (each written by `to_vec_pretty`) exactly as `to_vec_pretty`
/// writes the list: each object indented one level. JSON strings hold no raw line breaks, so
/// indenting every line of an object is exact.
fn pretty_list(objects: &[bytes::Bytes]) -> Vec<u8> {
    if objects.is_empty() {
        return b"[]".to_vec();
    }
    let mut out = Vec::with_capacity(objects.iter().map(|o| o.len() + o.len() / 16 + 8).sum());
    out.extend_from_slice(b"[\n");
    for (n, object) in objects.iter().enumerate() {
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        for (k, line) in object.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"  ");
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(b"\n]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Sample {
        name: String,
        list: Vec<u32>,
        empty: Vec<u32>,
        nested: Vec<Vec<String>>,
        none: Option<u8>,
    }

    #[test]
    fn objects_joined_as_one_pretty_list_match_the_list_serialized_at_once() {
        let sample = |n: u32| Sample {
            name: format!("line\nbreak \"{n}\""),
            list: (0..n).collect(),
            empty: Vec::new(),
            nested: vec![vec!["a".into()], Vec::new()],
            none: None,
        };
        for count in [0, 1, 3] {
            let all: Vec<Sample> = (0..count).map(sample).collect();
            let objects: Vec<bytes::Bytes> = all
                .iter()
                .map(|s| serde_json::to_vec_pretty(s).unwrap().into())
                .collect();
            assert_eq!(
                String::from_utf8(pretty_list(&objects)).unwrap(),
                String::from_utf8(serde_json::to_vec_pretty(&all).unwrap()).unwrap()
            );
        }
    }
}
