//! The incident rows every list shares: one view per incident, rendered once through
//! `incident_row.html` (or taken from the cache) and joined into each list that shows it.

use super::*;

/// Renders every row; with each row's HTML its memo key (`None` when the cache is off), by
/// which the lists holding it are keyed.
pub(super) fn render_rows(
    tera: &tera::Tera,
    rows: &[IncidentRow],
    cache: &RenderCache,
    fingerprint: &[u8; 16],
    generation: u64,
) -> Result<(Vec<String>, Vec<Option<u128>>), RenderError> {
    Ok(rows
        .par_iter()
        .map(|row| {
            let key = cache
                .key("row")
                .and_then(|k| k.part(fingerprint).value(row))
                .map(|k| k.finish());
            let html = row_html(
                tera,
                cache,
                generation,
                "incident_row.html",
                "row",
                row,
                key,
            )?;
            Ok((html, key))
        })
        .collect::<Result<Vec<_>, RenderError>>()?
        .into_iter()
        .unzip())
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
