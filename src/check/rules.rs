//! The checks that `load` and `Archive::build` do not make on their own: empty files, timestamps
//! out of order, action items without an owner, missing required sections, unusable slugs and
//! two files that would be written to the same place. `build` and `check` both run them.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::Timestamp;

use crate::archive::{Archive, config_path};
use crate::config::{Config, key_line};
use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::incident::{ActionStatus, Incident};
use crate::source::{Asset, SourceFile};

/// Pairs of moments that must be in this order: (earlier, later). Mitigation before detection
/// is not listed: automatic recovery can end the impact before anyone notices.
const ORDER: [(&str, &str); 5] = [
    ("started_at", "detected_at"),
    ("started_at", "mitigated_at"),
    ("started_at", "resolved_at"),
    ("detected_at", "resolved_at"),
    ("mitigated_at", "resolved_at"),
];

/// Problems of one loaded postmortem that need the whole incident to be seen.
pub fn incident_problems(
    incident: &Incident,
    source: &SourceFile,
    config: &Config,
) -> Vec<Diagnostic> {
    let path = source.display.as_path();
    let mut problems = Vec::new();
    if source.text.trim().is_empty() {
        problems.push(
            Diagnostic::warning(path, "empty-file", "the file is empty")
                .with_hint("write the postmortem, or delete the file"),
        );
    }
    let split = frontmatter::split(&source.text);
    let line_of = |field: &str| {
        split
            .matter
            .as_ref()
            .and_then(|b| key_line(b.text, field).map(|l| b.first_line + l - 1))
    };
    if !crate::url::is_safe_segment(&incident.slug) {
        problems.push(
            Diagnostic::error(
                path,
                "invalid-slug",
                format!(
                    "the file name gives no usable URL slug (`{}`)",
                    incident.slug
                ),
            )
            .with_hint("rename the file with letters and digits, or set `slug:` in front matter"),
        );
    }
    let tz = &config.infer.timezone;
    let moment = |field: &str| -> Option<Timestamp> {
        let m = &incident.moments;
        match field {
            "started_at" => m.started_at,
            "detected_at" => m.detected_at,
            "mitigated_at" => m.mitigated_at,
            _ => m.resolved_at,
        }
    };
    for (earlier, later) in ORDER {
        let (Some(a), Some(b)) = (moment(earlier), moment(later)) else {
            continue;
        };
        if b >= a {
            continue;
        }
        let inferred = incident.is_inferred(earlier) || incident.is_inferred(later);
        let message = format!(
            "`{later}` ({}) is before `{earlier}` ({})",
            crate::timestamp::display(b, tz),
            crate::timestamp::display(a, tz),
        );
        // Two explicit values contradict each other; with an inferred one, the text may be
        // what is wrong, so the author is warned rather than blocked.
        let d = if inferred {
            Diagnostic::warning(path, "timestamp-order", format!("{message} (inferred)"))
        } else {
            Diagnostic::error(path, "timestamp-order", message)
        };
        problems.push(
            d.at_line(line_of(later).or_else(|| line_of(earlier)))
                .with_hint("check the dates and the UTC offsets; set the value in front matter if it was inferred"),
        );
    }
    if config.check.require_owner {
        let hint = if incident.is_inferred("action_items") {
            "name the owner in the item (an Owner column, or `(owner: Ana)` after it), or set [check] require_owner = false in book.toml"
        } else {
            "add `owner:` to the item, or set [check] require_owner = false in book.toml"
        };
        // A dropped item is no one's to do.
        for item in incident
            .action_items
            .iter()
            .filter(|a| a.status != ActionStatus::Dropped)
        {
            if item.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
                problems.push(
                    Diagnostic::warning(
                        path,
                        "missing-owner",
                        format!("action item `{}` has no owner", item.title),
                    )
                    .at_line(item.line.or_else(|| line_of("action_items")))
                    .with_hint(hint),
                );
            }
        }
    }
    for required in &config.check.required_sections {
        let wanted = normalize_heading(required);
        if !incident
            .headings
            .iter()
            .any(|h| normalize_heading(&h.text) == wanted)
        {
            problems.push(
                Diagnostic::warning(
                    path,
                    "missing-section",
                    format!("missing required section `{required}`"),
                )
                .with_hint(format!(
                    "add a `## {required}` heading, or change [check] required_sections in book.toml"
                )),
            );
        }
    }
    problems
}

/// Headings are matched case-insensitively, ignoring surrounding spaces, runs of spaces and a
/// trailing colon (`## Action items:`).
fn normalize_heading(text: &str) -> String {
    text.trim()
        .trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Problems between incidents and files: slugs that differ only in case, and bundle files that
/// would be written over a page or over each other.
pub fn archive_problems(archive: &Archive, assets: &[Asset], config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_lower: HashMap<String, &Incident> = HashMap::new();
    for incident in &archive.incidents {
        let lower = incident.slug.to_lowercase();
        if let Some(other) = by_lower.get(&lower) {
            problems.push(
                Diagnostic::warning(
                    config_path(config, &incident.source),
                    "slug-case",
                    format!(
                        "slug `{}` differs from `{}` ({}) only in case; the two pages collide on case-insensitive file systems",
                        incident.slug,
                        other.slug,
                        config_path(config, &other.source).display()
                    ),
                )
                .with_hint("rename one of the files, or give one a different `slug`"),
            );
        } else {
            by_lower.insert(lower, incident);
        }
    }
    let mut targets: HashMap<String, PathBuf> = archive
        .incidents
        .iter()
        .map(|i| {
            (
                format!("incidents/{}/index.html", i.slug),
                config_path(config, &i.source),
            )
        })
        .collect();
    for asset in assets {
        let Some(target) = asset_target(archive, &asset.rel) else {
            continue;
        };
        let path = config_path(config, &asset.rel);
        match targets.get(&target) {
            Some(first) => problems.push(
                Diagnostic::error(
                    &path,
                    "output-collision",
                    format!(
                        "would be written to {target}, which {} also writes",
                        first.display()
                    ),
                )
                .with_hint("rename the file"),
            ),
            None => {
                targets.insert(target, path);
            }
        }
    }
    problems
}

/// Where a bundle's file is written: beside the page of the nearest enclosing bundle, the way
/// the renderer places it.
fn asset_target(archive: &Archive, rel: &str) -> Option<String> {
    rel.match_indices('/').rev().find_map(|(i, _)| {
        let incident = archive.by_source(&format!("{}/index.md", &rel[..i]))?;
        Some(format!("incidents/{}/{}", incident.slug, &rel[i + 1..]))
    })
}

/// Checks made across files (in the archive) do not know where in a file the field they
/// complain about is; this gives them the line of that front-matter field.
pub fn locate(problems: &mut [Diagnostic], sources: &[SourceFile]) {
    let field_of = |code: &str| match code {
        "unknown-related" => Some("related"),
        "duplicate-slug" | "slug-case" => Some("slug"),
        _ => None,
    };
    for d in problems.iter_mut().filter(|d| d.line.is_none()) {
        let Some(field) = field_of(&d.code) else {
            continue;
        };
        let Some(source) = sources.iter().find(|s| s.display == d.path) else {
            continue;
        };
        if let Some(block) = frontmatter::split(&source.text).matter {
            d.line = key_line(block.text, field).map(|l| block.first_line + l - 1);
        }
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
