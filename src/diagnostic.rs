//! Problems found in a site's files: their location, level and advice, collected and reported together.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How serious a problem is: errors fail a build, warnings only fail `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The site builds, but the author should fix this.
    Warning,
    /// The site cannot be built correctly until this is fixed.
    Error,
}

/// One problem in one file, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// The file, as given to coroner (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// A short machine-readable name of the check, e.g. `unknown-field` (borrowed when made
    /// by a check, owned when read back from the build cache).
    pub code: Cow<'static, str>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, where there is advice to give.
    pub hint: Option<String>,
    /// The offending source line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// An error in `path` with the given check code and message.
    pub fn error(path: impl Into<PathBuf>, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Level::Error, path.into(), code, message.into())
    }

    /// A warning in `path` with the given check code and message.
    pub fn warning(
        path: impl Into<PathBuf>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Level::Warning, path.into(), code, message.into())
    }

    fn new(level: Level, path: PathBuf, code: &'static str, message: String) -> Self {
        Self {
            level,
            path,
            line: None,
            column: None,
            code: Cow::Borrowed(code),
            message,
            hint: None,
            snippet: None,
        }
    }

    /// Sets the 1-based line (and column, where known).
    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// Sets the line when one is known.
    pub fn at_line(self, line: Option<usize>) -> Self {
        match line {
            Some(line) => self.at(line, None),
            None => self,
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the offending source line.
    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = Some(snippet.into());
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, Level) {
        (
            &self.path,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.level,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, ": {level}[{}]: {}", self.code, self.message)?;
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.map(|l| l.to_string()).unwrap_or_default();
            write!(f, "\n  {gutter} | {snippet}")?;
            if let Some(column) = self.column {
                let pad = " ".repeat(gutter.len());
                let caret_pad = " ".repeat(column.saturating_sub(1));
                write!(f, "\n  {pad} | {caret_pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No problems.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Records every problem of another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Whether there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, sorted by file, then position.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.error_count(),
            self.warning_count()
        )
    }
}

/// An error and its sources on one line, `outer: inner: innermost`, for messages that must fit
/// in a single diagnostic.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// The valid name closest to `given`, when one is close enough to be a likely typo.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_position_snippet_and_hint() {
        let d = Diagnostic::error("content/a.md", "unknown-field", "unknown field `sevrity`")
            .at(3, Some(1))
            .with_snippet("sevrity: SEV2")
            .with_hint("did you mean `severity`?");
        let text = d.to_string();
        assert!(
            text.starts_with("content/a.md:3:1: error[unknown-field]: unknown field `sevrity`")
        );
        assert!(text.contains("3 | sevrity: SEV2"));
        assert!(text.contains("= help: did you mean `severity`?"));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let names = ["severity", "services", "status"];
        assert_eq!(closest("sevrity", names), Some("severity"));
        assert_eq!(closest("zzz", names), None);
    }

    #[test]
    fn sorted_orders_by_file_then_line() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("b.md", "x", "b").at(1, None));
        all.push(Diagnostic::error("a.md", "x", "a2").at(9, None));
        all.push(Diagnostic::error("a.md", "x", "a1").at(2, None));
        let order: Vec<_> = all.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["a1", "a2", "b"]);
    }
}
