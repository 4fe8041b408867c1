//! Loading: one [`SourceFile`] becomes one [`Incident`], front matter first, inference for the rest,
//! with every problem in the file reported.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, closest};
use crate::frontmatter;
use crate::incident::{Incident, Moments, RawFrontMatter, Status};
use crate::infer::{self, Inferred};
use crate::markdown;
use crate::source::SourceFile;

mod actions;
mod front;

/// The result of loading one file: the incident (unless the file is unusable) and its problems.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Loaded {
    /// The incident, or `None` when the front matter could not be read at all.
    pub incident: Option<Incident>,
    /// Every problem found in the file.
    pub problems: Vec<Diagnostic>,
}

/// Turns a source file into an incident.
pub fn load(source: &SourceFile, config: &Config) -> Loaded {
    let mut problems = Vec::new();
    let path = source.display.as_path();
    let split = frontmatter::split(&source.text);
    let Some(raw) = front::read(source, &split, &mut problems) else {
        return Loaded {
            incident: None,
            problems,
        };
    };
    let outline = markdown::outline(split.body, split.body_line);
    let file_slug = source.default_slug();
    let at = |field: &str| {
        split
            .matter
            .as_ref()
            .and_then(|b| front::line_in_block(b, field))
    };
    let mut bad_value = |field: &str, message: String, hint: &str| {
        problems.push(
            Diagnostic::error(path, "invalid-value", message)
                .at_line(at(field))
                .with_hint(hint.to_string()),
        );
    };
    let tz = &config.infer.timezone;
    let order = config.infer.date_order;
    let instant = |field: &str, value: &Option<String>, bad: &mut dyn FnMut(&str, String, &str)| {
        value.as_deref().and_then(|v| match infer::parse_timestamp_in(v, tz, order) {
            Ok(ts) => Some(ts),
            Err(e) => {
                bad(field, format!("`{field}`: {e}"), "write it as RFC 3339, e.g. 2025-01-21T14:02:00Z, or 2025-01-21 14:02 (read in the site's time zone)");
                None
            }
        })
    };
    let started_at = instant("started_at", &raw.started_at, &mut bad_value);
    let detected_at = instant("detected_at", &raw.detected_at, &mut bad_value);
    let mitigated_at = instant("mitigated_at", &raw.mitigated_at, &mut bad_value);
    let resolved_at = instant("resolved_at", &raw.resolved_at, &mut bad_value);
    let date = raw
        .date
        .as_deref()
        .and_then(|d| match infer::parse_date(d, tz, order) {
            Ok(date) => Some(date),
            Err(e) => {
                bad_value(
                    "date",
                    format!("`date`: {e}"),
                    "write the date as YYYY-MM-DD",
                );
                None
            }
        });
    let moments_written = [
        ("date", &raw.date),
        ("started_at", &raw.started_at),
        ("detected_at", &raw.detected_at),
        ("mitigated_at", &raw.mitigated_at),
        ("resolved_at", &raw.resolved_at),
    ];
    for (field, value) in moments_written {
        if let Some((chosen, other)) = value
            .as_deref()
            .and_then(|v| infer::ambiguous_date(v, order))
        {
            let day = |d: jiff::civil::Date| d.strftime("%-d %B %Y").to_string();
            problems.push(
                Diagnostic::warning(
                    path,
                    "ambiguous-date",
                    format!("`{field}` is ambiguous: read as {}, not {}", day(chosen), day(other)),
                )
                .at_line(at(field))
                .with_hint("write the date as YYYY-MM-DD; [infer] date_order decides how ambiguous dates are read"),
            );
        }
    }
    let known_date = date.or_else(|| started_at.map(|s| s.to_zoned_datetime(tz.clone()).date()));
    // A front-matter `date` with a time of day (as status pages export it).
    let known_at = raw
        .date
        .as_deref()
        .and_then(|d| infer::parse_timestamp_in(d, tz, order).ok());
    let given = given_fields(&raw);
    let inferred = if config.infer.enabled {
        infer::infer(&infer::Input {
            source: &source.rel,
            display: path,
            file_slug: &file_slug,
            body: split.body,
            body_line: split.body_line,
            headings: &outline.headings,
            known_date,
            known_at,
            known_title: raw.title.as_deref().filter(|t| !t.is_empty()),
            given: &given,
            // Front matter's own start and resolution win over the text (see `duration_minutes`).
            duration_known: matches!((started_at, resolved_at), (Some(s), Some(e)) if e >= s),
            extra: &raw.extra,
            config,
        })
    } else {
        Inferred {
            title: Some(infer::title_from_file_name(&file_slug)),
            ..Inferred::default()
        }
    };
    let Inferred {
        title: i_title,
        date: i_date,
        started_at: i_started,
        detected_at: i_detected,
        mitigated_at: i_mitigated,
        resolved_at: i_resolved,
        duration_minutes: i_duration,
        impact: i_impact,
        users_affected_percent,
        causes: i_causes,
        services: i_services,
        severity: i_severity,
        timeline,
        action_items: i_actions,
        summary: i_summary,
        warnings,
    } = inferred;
    problems.extend(warnings);
    let mut marks: Vec<&'static str> = Vec::new();
    let mut pick = |field: &'static str, given: bool, inferred_present: bool| {
        if !given && inferred_present {
            marks.push(field);
        }
    };
    let title_given = raw.title.as_deref().is_some_and(|t| !t.is_empty());
    pick("title", title_given, i_title.is_some());
    pick(
        "date",
        date.is_some() || started_at.is_some(),
        i_date.is_some(),
    );
    pick("severity", raw.severity.is_some(), i_severity.is_some());
    pick("started_at", raw.started_at.is_some(), i_started.is_some());
    pick(
        "detected_at",
        raw.detected_at.is_some(),
        i_detected.is_some(),
    );
    pick(
        "mitigated_at",
        raw.mitigated_at.is_some(),
        i_mitigated.is_some(),
    );
    pick(
        "resolved_at",
        raw.resolved_at.is_some(),
        i_resolved.is_some(),
    );
    pick("impact", raw.impact.is_some(), i_impact.is_some());
    pick("causes", raw.causes.is_some(), !i_causes.is_empty());
    pick("services", raw.services.is_some(), !i_services.is_empty());
    pick(
        "action_items",
        raw.action_items.is_some(),
        !i_actions.is_empty(),
    );
    let moments = Moments {
        started_at: started_at.or(if raw.started_at.is_some() {
            None
        } else {
            i_started
        }),
        detected_at: detected_at.or(if raw.detected_at.is_some() {
            None
        } else {
            i_detected
        }),
        mitigated_at: mitigated_at.or(if raw.mitigated_at.is_some() {
            None
        } else {
            i_mitigated
        }),
        resolved_at: resolved_at.or(if raw.resolved_at.is_some() {
            None
        } else {
            i_resolved
        }),
    };
    let date = date
        .or_else(|| started_at.map(|s| s.to_zoned_datetime(tz.clone()).date()))
        .or(i_date)
        .or_else(|| {
            moments
                .started_at
                .map(|s| s.to_zoned_datetime(tz.clone()).date())
        });
    if date.is_some() && !marks.contains(&"date") && raw.date.is_none() && started_at.is_none() {
        marks.push("date");
    }
    let severity = match raw.severity.as_deref() {
        Some(s) => normalize_severity(s, config, &mut |m, h| {
            problems.push(
                Diagnostic::warning(path, "unknown-severity", m)
                    .at_line(at("severity"))
                    .with_hint(h),
            );
        }),
        None => i_severity,
    };
    let status = match raw.status.as_deref() {
        Some(s) => Status::parse(s).unwrap_or_else(|| {
            problems.push(
                // Imported archives often use `status` for the incident's state (`resolved`,
                // `active`); that is no reason to stop a build, so the page is published.
                Diagnostic::warning(
                    path,
                    "unknown-status",
                    format!("unknown status `{s}`; the postmortem is built as published"),
                )
                .at_line(at("status"))
                .with_hint(
                    "`status` is the postmortem's review state: draft, in-review or published",
                ),
            );
            Status::Published
        }),
        None if raw.draft == Some(true) => Status::Draft,
        None => Status::Published,
    };
    let causes = raw.causes.clone().unwrap_or(i_causes);
    for cause in &causes {
        if config.taxonomy.cause(cause).is_none() {
            let ids = config.taxonomy.causes.iter().map(|c| c.id.as_str());
            let hint = match closest(cause, ids) {
                Some(s) => {
                    format!("did you mean `{s}`? Or add it to [[taxonomy.causes]] in book.toml")
                }
                None => "add it to [[taxonomy.causes]] in book.toml, or use a listed category"
                    .to_string(),
            };
            problems.push(
                Diagnostic::warning(
                    path,
                    "unknown-cause",
                    format!("cause `{cause}` is not in the taxonomy; it is indexed anyway"),
                )
                .at_line(at("causes"))
                .with_hint(hint),
            );
        }
    }
    let action_items = match raw.action_items {
        Some(items) => {
            actions::from_front_matter(items, path, at("action_items"), config, &mut problems)
        }
        None => i_actions,
    };
    let slug = match raw.slug.as_deref() {
        Some(s) if crate::url::is_safe_segment(s) => s.to_string(),
        Some(s) => {
            problems.push(
                Diagnostic::error(
                    path,
                    "invalid-slug",
                    format!("slug `{s}` cannot be used as a URL path segment"),
                )
                .at_line(at("slug"))
                .with_hint("use lowercase letters, digits and hyphens only"),
            );
            crate::url::slugify(&file_slug)
        }
        None if crate::url::is_safe_segment(&file_slug) => file_slug.clone(),
        None => crate::url::slugify(&file_slug),
    };
    let title = raw
        .title
        .clone()
        .filter(|t| !t.is_empty())
        .or(i_title)
        .unwrap_or_else(|| slug.clone());
    let incident = Incident {
        slug,
        source: source.rel.clone(),
        title,
        date,
        severity,
        status,
        services: raw.services.unwrap_or(i_services),
        causes,
        trigger: raw.trigger,
        tags: raw.tags.unwrap_or_default(),
        authors: raw.authors.unwrap_or_default(),
        moments,
        stated_duration_minutes: i_duration,
        impact: raw.impact.or(i_impact),
        users_affected_percent,
        summary: raw.summary.or(i_summary),
        action_items,
        related: raw.related.unwrap_or_default(),
        timeline,
        body: split.body.into(),
        body_line: split.body_line,
        headings: outline.headings,
        links: outline.links,
        has_html: outline.has_html,
        inferred: marks,
    };
    Loaded {
        incident: Some(incident),
        problems,
    }
}

/// The schema fields the front matter gives, so that inference can skip them.
fn given_fields(raw: &RawFrontMatter) -> Vec<&'static str> {
    let present = [
        ("title", raw.title.as_deref().is_some_and(|t| !t.is_empty())),
        ("date", raw.date.is_some()),
        ("severity", raw.severity.is_some()),
        ("services", raw.services.is_some()),
        ("causes", raw.causes.is_some()),
        ("started_at", raw.started_at.is_some()),
        ("detected_at", raw.detected_at.is_some()),
        ("mitigated_at", raw.mitigated_at.is_some()),
        ("resolved_at", raw.resolved_at.is_some()),
        ("impact", raw.impact.is_some()),
        ("summary", raw.summary.is_some()),
        ("action_items", raw.action_items.is_some()),
    ];
    present
        .into_iter()
        .filter_map(|(field, given)| given.then_some(field))
        .collect()
}

/// The configured id of a severity as written; unknown ids are kept as written, with a warning.
fn normalize_severity(
    given: &str,
    config: &Config,
    warn: &mut dyn FnMut(String, String),
) -> Option<String> {
    if let Some(level) = config.taxonomy.resolve_severity(given) {
        return Some(level.id.clone());
    }
    let ids: Vec<&str> = config
        .taxonomy
        .severities
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let hint = match closest(given, ids.iter().copied()) {
        Some(s) => format!(
            "did you mean `{s}`? The configured levels are {}",
            ids.join(", ")
        ),
        None => format!("the configured levels are {}", ids.join(", ")),
    };
    warn(
        format!("severity `{given}` is not in the taxonomy; it is indexed anyway"),
        hint,
    );
    Some(crate::url::slugify(given).to_uppercase()).filter(|s| !s.is_empty())
}
