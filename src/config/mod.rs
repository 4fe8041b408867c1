//! The site's configuration: `book.toml` read, checked for unknown keys, and turned into a validated [`Config`].

mod raw;
mod taxonomy;
mod validate;

use std::path::{Path, PathBuf};

pub use raw::{RawConfig, UnknownKey, unknown_keys};
pub use taxonomy::{
    CauseCategory, ServiceEntry, SeverityLevel, Taxonomy, default_causes, default_severities,
    resolve_severity,
};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::url::BaseUrl;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "book.toml";

/// Validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: the folder holding `book.toml`.
    pub root: PathBuf,
    /// `[site]`.
    pub site: SiteConfig,
    /// `[build]`.
    pub build: BuildConfig,
    /// `[taxonomy]`.
    pub taxonomy: Taxonomy,
    /// `[infer]`.
    pub infer: InferConfig,
    /// `[check]`.
    pub check: CheckConfig,
}

/// `[site]`, validated.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The archive's title.
    pub title: String,
    /// One sentence about the archive.
    pub description: String,
    /// Where the site is published; its path is the prefix of every link.
    pub base_url: BaseUrl,
    /// The `lang` of every page.
    pub language: String,
    /// A custom domain for GitHub Pages (written to `CNAME`).
    pub cname: Option<String>,
}

/// `[build]`, validated, with paths made absolute against the site root.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Where postmortems are read from.
    pub content_dir: PathBuf,
    /// Where the site is written.
    pub output_dir: PathBuf,
    /// The theme name; `default` is embedded in the binary.
    pub theme: String,
    /// Whether drafts are built.
    pub drafts: bool,
    /// Whether raw HTML in Markdown is passed through unsanitized.
    pub trust_html: bool,
    /// Whether the insights are built: the Insights and action-items pages, the charts of the
    /// home and term pages, `metrics.json`, and text similarity among related incidents.
    pub insights: bool,
}

/// How ambiguous dates such as `04/05/2024` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day first: 04/05 is 4 May.
    Dmy,
    /// Month first: 04/05 is 5 April.
    Mdy,
}

/// `[infer]`, validated.
#[derive(Debug, Clone)]
pub struct InferConfig {
    /// The zone for date-times written without an offset.
    pub timezone: jiff::tz::TimeZone,
    /// The zone's name as configured, e.g. `Europe/Berlin`.
    pub timezone_name: String,
    /// How ambiguous numeric dates are read.
    pub date_order: DateOrder,
    /// Whether missing metadata is inferred from the text at all.
    pub enabled: bool,
}

/// `[check]`, validated.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// Headings every postmortem must have (matched case-insensitively).
    pub required_sections: Vec<String>,
    /// Whether an action item without an owner is a warning.
    pub require_owner: bool,
}

/// Values given on the command line that take precedence over `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--output`.
    pub output_dir: Option<PathBuf>,
    /// `--drafts`.
    pub drafts: bool,
}

impl Config {
    /// Reads `book.toml` under `root` (defaults when it is absent) and validates it.
    ///
    /// Every problem is reported, not just the first.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                let mut all = Diagnostics::new();
                all.push(Diagnostic::error(
                    CONFIG_FILE,
                    "unreadable",
                    format!("cannot read: {e}"),
                ));
                return Err(all);
            }
        };
        // Messages name files relative to the site root, like every postmortem's.
        Self::from_str(root, Path::new(CONFIG_FILE), &text, overrides)
    }

    /// Validates configuration text; `path` is only used in messages.
    pub fn from_str(
        root: &Path,
        path: &Path,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Diagnostics> {
        let mut problems = Diagnostics::new();
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(toml_error(path, text, &e));
                return Err(problems);
            }
        };
        for unknown in unknown_keys(&table) {
            let line = key_line(text, &unknown.key);
            let section = if unknown.table.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in [{}]", unknown.table)
            };
            let mut d = Diagnostic::error(
                path,
                "unknown-key",
                format!("unknown key `{}` {section}", unknown.key),
            )
            .at_line(line);
            if let Some(s) = unknown.suggestion {
                d = d.with_hint(format!("did you mean `{s}`?"));
            }
            problems.push(d);
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                problems.push(toml_error(path, text, &e));
                return Err(problems);
            }
        };
        let config = validate::validate(root, path, text, raw, overrides, &mut problems);
        match config {
            Some(c) if !problems.has_errors() => Ok(c),
            _ => Err(problems),
        }
    }
}

/// The 1-based line where `key` is assigned in TOML or YAML text, if it can be found.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('"');
            line.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        })
        .map(|i| i + 1)
}

/// Turns a TOML error into a diagnostic with line and column.
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().to_string();
    let mut d = Diagnostic::error(path, "toml", message);
    if let Some(span) = e.span() {
        let (line, column) = crate::text::line_col(text, span.start);
        d = d.at(line, Some(column));
        if let Some(source) = text.lines().nth(line - 1) {
            d = d.with_snippet(source);
        }
    }
    d
}

#[cfg(test)]
mod tests;
