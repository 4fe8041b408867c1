//! Turning the raw `book.toml` into a validated [`Config`]: defaults, paths made absolute,
//! time zone and date order read, taxonomy ids checked; every problem recorded.

use std::path::Path;

use super::*;

/// The validated configuration, or `None` when a value it cannot do without is invalid.
pub(super) fn validate(
    root: &Path,
    path: &Path,
    text: &str,
    raw: RawConfig,
    overrides: &Overrides,
    problems: &mut Diagnostics,
) -> Option<Config> {
    let RawConfig {
        site,
        build,
        taxonomy,
        infer,
        check,
    } = raw;
    let raw::RawSite {
        title,
        description,
        base_url,
        language,
        cname,
    } = site;
    let base_text = overrides.base_url.clone().or(base_url).unwrap_or_default();
    let base_url = match BaseUrl::parse(&base_text) {
        Ok(b) => Some(b),
        Err(msg) => {
            problems.push(
                Diagnostic::error(path, "base-url", msg)
                    .with_hint("use a URL such as \"https://org.github.io/incidents/\" or a path such as \"/incidents/\""),
            );
            None
        }
    };
    let raw::RawBuild {
        content_dir,
        output_dir,
        theme,
        drafts,
        trust_html,
        insights,
    } = build;
    let content_dir = root.join(content_dir.unwrap_or_else(|| "content".into()));
    let output_dir = match &overrides.output_dir {
        Some(dir) => dir.clone(),
        None => root.join(output_dir.unwrap_or_else(|| "public".into())),
    };
    let taxonomy = validate_taxonomy(path, taxonomy, problems);
    let raw::RawInfer {
        timezone,
        date_order,
        enabled,
    } = infer;
    let timezone_name = timezone.unwrap_or_else(|| "UTC".into());
    let tz = match jiff::tz::TimeZone::get(&timezone_name) {
        Ok(tz) => Some(tz),
        Err(_) => {
            problems.push(
                Diagnostic::error(
                    path,
                    "timezone",
                    format!("unknown time zone `{timezone_name}`"),
                )
                .at_line(key_line(text, "timezone"))
                .with_hint(
                    "use an IANA name such as \"UTC\", \"Europe/Berlin\" or \"America/New_York\"",
                ),
            );
            None
        }
    };
    let date_order = match date_order.as_deref().unwrap_or("mdy") {
        "dmy" => DateOrder::Dmy,
        "mdy" => DateOrder::Mdy,
        other => {
            problems.push(
                Diagnostic::error(path, "date-order", format!("unknown date_order `{other}`"))
                    .with_hint("use \"dmy\" (day first) or \"mdy\" (month first)"),
            );
            DateOrder::Mdy
        }
    };
    let raw::RawCheck {
        required_sections,
        require_owner,
    } = check;
    Some(Config {
        root: root.to_path_buf(),
        site: SiteConfig {
            title: title.unwrap_or_else(|| "Incident archive".into()),
            description: description
                .unwrap_or_else(|| "Postmortems of past incidents, and what we learned.".into()),
            base_url: base_url?,
            language: language.unwrap_or_else(|| "en".into()),
            cname: cname.filter(|c| !c.trim().is_empty()),
        },
        build: BuildConfig {
            content_dir,
            output_dir,
            theme: theme.unwrap_or_else(|| "default".into()),
            drafts: overrides.drafts || drafts.unwrap_or(false),
            trust_html: trust_html.unwrap_or(false),
            insights: insights.unwrap_or(true),
        },
        taxonomy,
        infer: InferConfig {
            timezone: tz?,
            timezone_name,
            date_order,
            enabled: enabled.unwrap_or(true),
        },
        check: CheckConfig {
            required_sections: required_sections.unwrap_or_default(),
            require_owner: require_owner.unwrap_or(true),
        },
    })
}

fn validate_taxonomy(path: &Path, raw: raw::RawTaxonomy, problems: &mut Diagnostics) -> Taxonomy {
    let raw::RawTaxonomy {
        severities,
        causes,
        services,
    } = raw;
    let severities = match severities {
        Some(list) => list
            .into_iter()
            .map(
                |raw::RawSeverity {
                     id,
                     label,
                     description,
                 }| SeverityLevel {
                    label: label.unwrap_or_else(|| id.clone()),
                    description: description.unwrap_or_default(),
                    id,
                },
            )
            .collect(),
        None => default_severities(),
    };
    let causes = match causes {
        Some(list) => {
            let defaults = default_causes();
            list.into_iter()
                .map(
                    |raw::RawCause {
                         id,
                         description,
                         keywords,
                     }| {
                        // A redefined default category keeps its built-in keywords and adds the site's.
                        let base = defaults.iter().find(|c| c.id == id);
                        let mut all: Vec<String> =
                            base.map(|c| c.keywords.clone()).unwrap_or_default();
                        all.extend(keywords.into_iter().map(|k| k.to_lowercase()));
                        CauseCategory {
                            description: description
                                .or_else(|| base.map(|c| c.description.clone()))
                                .unwrap_or_default(),
                            keywords: all,
                            id,
                        }
                    },
                )
                .collect()
        }
        None => default_causes(),
    };
    let services = services
        .unwrap_or_default()
        .into_iter()
        .map(|raw::RawService { id, name, aliases }| ServiceEntry {
            name: name.unwrap_or_else(|| id.clone()),
            aliases,
            id,
        })
        .collect();
    let taxonomy = Taxonomy {
        severities,
        causes,
        services,
    };
    for (kind, ids) in [
        (
            "severity",
            taxonomy
                .severities
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "cause",
            taxonomy.causes.iter().map(|c| c.id.as_str()).collect(),
        ),
        (
            "service",
            taxonomy.services.iter().map(|s| s.id.as_str()).collect(),
        ),
    ] {
        for (i, id) in ids.iter().enumerate() {
            if !crate::url::is_safe_segment(id) {
                problems.push(
                    Diagnostic::error(
                        path,
                        "taxonomy-id",
                        format!("{kind} id `{id}` cannot be used in a URL"),
                    )
                    .with_hint("use lowercase letters, digits and hyphens"),
                );
            }
            if ids[..i].contains(id) {
                problems.push(Diagnostic::error(
                    path,
                    "taxonomy-id",
                    format!("{kind} id `{id}` is defined twice"),
                ));
            }
        }
    }
    taxonomy
}
