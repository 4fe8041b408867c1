//! Inference: metadata a postmortem does not state in front matter, read from its text.

mod title;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::incident::{ActionItem, Heading, TimelineEvent};

/// What inference is given: one postmortem's body and what is already known about it.
pub struct Input<'a> {
    /// The source path relative to the content directory.
    pub source: &'a str,
    /// The path shown in messages.
    pub display: &'a std::path::Path,
    /// The slug implied by the file name.
    pub file_slug: &'a str,
    /// The Markdown body.
    pub body: &'a str,
    /// The line on which the body starts.
    pub body_line: usize,
    /// The body's headings.
    pub headings: &'a [Heading],
    /// The date given in front matter, which anchors times written without a date.
    pub known_date: Option<Date>,
    /// The site configuration (taxonomy, time zone, date order).
    pub config: &'a Config,
}

/// Values read from the text; each is only used where front matter does not give one.
#[derive(Debug, Clone, Default)]
pub struct Inferred {
    /// The title.
    pub title: Option<String>,
    /// The day of the incident.
    pub date: Option<Date>,
    /// When it began.
    pub started_at: Option<Timestamp>,
    /// When it was noticed.
    pub detected_at: Option<Timestamp>,
    /// When impact stopped.
    pub mitigated_at: Option<Timestamp>,
    /// When it was over.
    pub resolved_at: Option<Timestamp>,
    /// A duration stated in a sentence.
    pub duration_minutes: Option<i64>,
    /// The impact statement.
    pub impact: Option<String>,
    /// Share of users affected, in percent.
    pub users_affected_percent: Option<f64>,
    /// Root-cause categories, best first (at most three).
    pub causes: Vec<String>,
    /// Service ids found in the text.
    pub services: Vec<String>,
    /// Severity id.
    pub severity: Option<String>,
    /// Timeline events.
    pub timeline: Vec<TimelineEvent>,
    /// Action items from checklists and follow-up sections.
    pub action_items: Vec<ActionItem>,
    /// A short summary.
    pub summary: Option<String>,
    /// Ambiguities worth telling the author about.
    pub warnings: Vec<Diagnostic>,
}

/// Reads what the text says about the incident.
pub fn infer(input: &Input<'_>) -> Inferred {
    Inferred {
        title: title::infer_title(input),
        date: title::date_from_file_name(input.file_slug),
        summary: title::summary(input.body),
        ..Inferred::default()
    }
}

pub use title::title_from_file_name;

/// Reads a timestamp as authors write it; front matter uses the same reader so that a
/// value copied from the text into front matter keeps working.
pub fn parse_timestamp(text: &str, tz: &jiff::tz::TimeZone) -> Result<Timestamp, String> {
    crate::timestamp::parse_instant(text, tz)
}
