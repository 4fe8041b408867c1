//! Checking a site without writing anything: every problem `build` would stop on, and the
//! warnings it would print, gathered into one [`CheckReport`] for people (text) and CI (JSON).

mod rules;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use rules::{archive_problems, incident_problems, locate};

use crate::build::{BuildError, load_site, render_site};
use crate::config::{CONFIG_FILE, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics, Level};
use crate::render::{OutputFile, RenderSettings};

/// Why a check could not run at all (as opposed to finding problems in the site).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// `--root` does not name a directory.
    #[error("the site root {0} is not a directory")]
    NoRoot(PathBuf),
}

/// The front matter that would make one postmortem's inferred values explicit.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// The postmortem, as shown in messages.
    #[serde(serialize_with = "path_text")]
    pub path: PathBuf,
    /// The `---` block.
    pub front_matter: String,
}

/// The outcome of checking a site.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Every problem, sorted by file and position.
    pub problems: Diagnostics,
    /// How many postmortems were read.
    pub files: usize,
    /// Suggested front matter, per file with inferred values, sorted by path.
    pub suggestions: Vec<Suggestion>,
}

impl CheckReport {
    /// Whether the site passes: no errors, and no warnings either when `strict`.
    pub fn passes(&self, strict: bool) -> bool {
        let failing_warnings = strict && self.problems.warning_count() > 0;
        !(self.problems.has_errors() || failing_warnings)
    }

    /// The report as a JSON document (the `--format json` output); its shape is a public
    /// interface, documented in the README.
    pub fn to_json(&self, strict: bool) -> String {
        let doc = JsonReport {
            ok: self.passes(strict),
            strict,
            files: self.files,
            errors: self.problems.error_count(),
            warnings: self.problems.warning_count(),
            problems: self.problems.iter().map(JsonProblem::from).collect(),
            suggestions: &self.suggestions,
        };
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    strict: bool,
    files: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem>,
    suggestions: &'a [Suggestion],
}

#[derive(Serialize)]
struct JsonProblem {
    level: Level,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    code: std::borrow::Cow<'static, str>,
    message: String,
    hint: Option<String>,
}

impl From<&Diagnostic> for JsonProblem {
    fn from(d: &Diagnostic) -> Self {
        Self {
            level: d.level,
            // Lossy, so a file name that is not UTF-8 cannot make the whole report fail.
            path: d.path.to_string_lossy().into_owned(),
            line: d.line,
            column: d.column,
            code: d.code.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

fn path_text<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// Checks the site at `root`: configuration, every postmortem, the archive, the output
/// location, and a render into memory. Nothing is written.
pub fn check(root: &Path, overrides: &Overrides, suggest: bool) -> Result<CheckReport, CheckError> {
    if !root.is_dir() {
        return Err(CheckError::NoRoot(root.to_path_buf()));
    }
    let loaded = match load_site(root, overrides) {
        Ok(loaded) => loaded,
        Err(problems) => {
            return Ok(CheckReport {
                problems: problems.sorted(),
                files: 0,
                suggestions: Vec::new(),
            });
        }
    };
    let mut problems = loaded.problems.clone();
    let build = &loaded.config.build;
    if let Err(e) = crate::output::check_location(&build.output_dir, root, &build.content_dir) {
        let message = match e {
            crate::output::OutputError::Unsafe { what, .. } => {
                let shown = build
                    .output_dir
                    .strip_prefix(root)
                    .unwrap_or(&build.output_dir);
                let shown = if shown.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    shown
                };
                format!(
                    "the output directory `{}` is {what}; a build would replace those files",
                    shown.display()
                )
            }
            other => other.to_string(),
        };
        problems.push(
            Diagnostic::error(CONFIG_FILE, "unsafe-output", message)
                .with_hint("set [build] output_dir to a folder of its own, such as \"public\""),
        );
    }
    if !loaded.problems.has_errors() {
        // Rendering in memory finds template errors and files written to the same place.
        match render_site(&loaded, &RenderSettings::default()) {
            Ok(_) => {}
            Err(BuildError::Invalid(found)) => problems.extend(found),
            Err(e) => problems.push(Diagnostic::error(root, "render", e.to_string())),
        }
    }
    let suggestions = if suggest {
        let mut list: Vec<Suggestion> = loaded
            .archive
            .incidents
            .iter()
            .filter_map(|inc| {
                let values = crate::suggest::inferred_values(inc, &loaded.config);
                let block = crate::suggest::front_matter_block(&values);
                (!block.is_empty()).then(|| Suggestion {
                    path: crate::archive::config_path(&loaded.config, &inc.source),
                    front_matter: block,
                })
            })
            .collect();
        list.sort_by(|a, b| a.path.cmp(&b.path));
        list
    } else {
        Vec::new()
    };
    Ok(CheckReport {
        problems: problems.sorted(),
        files: loaded.files_read,
        suggestions,
    })
}

/// Two rendered files with the same path: the later would silently replace the earlier.
/// Checks made before rendering name the source files; this is the net under them.
pub fn output_collisions(files: &[OutputFile], output_dir: &Path) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::with_capacity(files.len());
    files
        .iter()
        .filter(|f| !seen.insert(f.rel.as_str()))
        .map(|f| output_collision(output_dir, &f.rel))
        .collect()
}

/// The error for a second file of the site at `rel`.
pub fn output_collision(output_dir: &Path, rel: &str) -> Diagnostic {
    Diagnostic::error(
        output_dir.join(rel),
        "output-collision",
        format!("two files of the site would be written to {rel}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_rendered_files_with_one_path_are_reported_once_each() {
        let file = |rel: &str| OutputFile {
            rel: rel.into(),
            bytes: bytes::Bytes::new(),
        };
        let files = [file("a/index.html"), file("b.html"), file("a/index.html")];
        let found = output_collisions(&files, Path::new("public"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, Path::new("public/a/index.html"));
    }

    #[test]
    fn strict_fails_on_warnings_and_json_counts_them() {
        let mut problems = Diagnostics::new();
        problems.push(Diagnostic::warning("content/a.md", "unknown-field", "x").at(2, None));
        let report = CheckReport {
            problems,
            files: 1,
            suggestions: Vec::new(),
        };
        assert!(report.passes(false));
        assert!(!report.passes(true));
        let doc: serde_json::Value = serde_json::from_str(&report.to_json(true)).unwrap();
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["warnings"], 1);
        assert_eq!(doc["problems"][0]["line"], 2);
    }
}
