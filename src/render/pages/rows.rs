//! The incident rows every list shares: one view per incident, converted once to a Tera value
//! (which pages embed without copying), rendered once through `incident_row.html` (or taken
//! from the cache) and joined into each list that shows it.

use std::collections::HashMap;

use super::*;

/// Every row rendered, with its Tera value and its memo key.
pub(super) struct RenderedRows {
    /// Each row as a Tera value. Tera's maps and long strings are shared, so a page that shows
    /// a row embeds this value with a reference-count increment instead of serializing the row
    /// again (an incident page shows up to eight: its own, related, previous and next); the
    /// rows linking to one term share the value of its link, so holding every row costs
    /// little more than its own strings.
    pub values: Vec<tera::Value>,
    /// Each row's HTML.
    pub html: Vec<String>,
    /// Each row's memo key (`None` when the cache is off), by which the lists holding it are
    /// keyed.
    pub keys: Vec<Option<u128>>,
}

/// Converts and renders every row.
pub(super) fn render_rows(
    tera: &tera::Tera,
    rows: &[IncidentRow],
    cache: &RenderCache,
    fingerprint: &[u8; 16],
    generation: u64,
) -> Result<RenderedRows, RenderError> {
    // Each term's link once, by URL (unique per term).
    let mut terms: HashMap<&str, tera::Value> = HashMap::new();
    for row in rows {
        let links = row.severity.iter().chain(&row.services);
        for t in links.chain(&row.causes).chain(&row.tags) {
            if !terms.contains_key(t.url.as_str()) {
                terms.insert(&t.url, as_value(t)?);
            }
        }
    }
    let rendered = rows
        .par_iter()
        .map(|row| {
            let key = cache
                .key("row")
                .and_then(|k| k.part(fingerprint).value(row))
                .map(|k| k.finish());
            let shared = row.try_with_terms(|t| match terms.get(t.url.as_str()) {
                Some(value) => Ok(value.clone()),
                None => as_value(t),
            })?;
            let value = as_value(&shared)?;
            let html = row_html(
                tera,
                cache,
                generation,
                "incident_row.html",
                "row",
                &value,
                key,
            )?;
            Ok((value, html, key))
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    let mut out = RenderedRows {
        values: Vec::with_capacity(rendered.len()),
        html: Vec::with_capacity(rendered.len()),
        keys: Vec::with_capacity(rendered.len()),
    };
    for (value, html, key) in rendered {
        out.values.push(value);
        out.html.push(html);
        out.keys.push(key);
    }
    Ok(out)
}

/// A row, or one of its parts, as a Tera value.
fn as_value<T: Serialize>(value: &T) -> Result<tera::Value, RenderError> {
    tera::Value::try_from_serializable(value).map_err(|e| RenderError::Template {
        name: "incident_row.html".into(),
        message: crate::diagnostic::error_chain(&e),
    })
}

/// One row rendered by `template` with `value` as `name`, remembered under `key` when there
/// is one (incident rows, action-item rows).
pub(super) fn row_html<T: Serialize>(
    tera: &tera::Tera,
    cache: &RenderCache,
    generation: u64,
    template: &str,
    name: &'static str,
    value: &T,
    key: Option<u128>,
) -> Result<String, RenderError> {
    let render = || {
        let mut ctx = tera::Context::new();
        ctx.insert(name, value);
        tera.render(template, &ctx)
            .map_err(|e| RenderError::Template {
                name: template.into(),
                message: crate::diagnostic::error_chain(&e),
            })
    };
    match key {
        Some(key) => cache.row(key, generation, render),
        None => render(),
    }
}

/// The row of one incident, as every list shows it.
pub(super) fn row(inc: &Incident, archive: &Archive, config: &Config) -> IncidentRow {
    let terms = |kind: IndexKind| -> Vec<TermRef> {
        let index = archive.index_of(kind);
        kind.values(inc)
            .iter()
            .filter_map(|v| index.term_for(v))
            .map(|t| term_ref(kind, t, config))
            .collect()
    };
    IncidentRow {
        slug: inc.slug.clone(),
        url: config
            .site
            .base_url
            .link(&format!("incidents/{}/", inc.slug)),
        title: inc.title.clone(),
        date: inc.date.map(|d| d.to_string()).unwrap_or_default(),
        severity: terms(IndexKind::Severities).into_iter().next(),
        status: inc.status.as_str().into(),
        services: terms(IndexKind::Services),
        causes: terms(IndexKind::Causes),
        tags: terms(IndexKind::Tags),
        duration: inc
            .duration_minutes()
            .map(human_minutes)
            .unwrap_or_default(),
        duration_minutes: inc.duration_minutes(),
        summary: inc.summary.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: &str) -> TermRef {
        TermRef {
            id: id.into(),
            label: format!("{id} label"),
            url: format!("/t/{id}/"),
            known: true,
        }
    }

    // Guards the shared term links: a row whose terms are given as ready-made Tera values
    // must be exactly the value of the row converted whole, so templates cannot tell them apart.
    #[test]
    fn a_row_with_shared_term_values_is_the_row_converted_whole() {
        let row = IncidentRow {
            slug: "db-failover".into(),
            url: "/incidents/db-failover/".into(),
            title: "Database failover took twelve minutes".into(),
            date: "2025-03-04".into(),
            severity: Some(term("sev2")),
            status: "published".into(),
            services: vec![term("payments"), term("ledger")],
            causes: vec![term("database")],
            tags: vec![term("failover")],
            duration: "1h 5m".into(),
            duration_minutes: Some(65),
            summary: "Writes failed while the replica was promoted.".into(),
        };
        let shared = row.try_with_terms(as_value).unwrap();
        assert_eq!(shared.services.len(), 2);
        assert_eq!(as_value(&shared).unwrap(), as_value(&row).unwrap());
    }
}
