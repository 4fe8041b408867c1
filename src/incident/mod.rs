//! The validated postmortem: [`Incident`] and the domain types it is made of.

mod action;
mod fields;

pub use action::{ActionItem, ActionStatus};
pub use fields::{FieldProblem, KNOWN_FIELDS, RawActionItem, RawFrontMatter};

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where a postmortem is in its review cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written; not built unless drafts are on.
    Draft,
    /// Written, under review; built, and marked as such.
    InReview,
    /// Final.
    Published,
}

impl Status {
    /// Reads `draft`, `in-review` (or `review`, `in_review`) and `published` (or `final`).
    pub fn parse(text: &str) -> Option<Status> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "draft" | "wip" => Some(Status::Draft),
            "in-review" | "review" | "reviewing" => Some(Status::InReview),
            "published" | "final" | "done" | "complete" | "completed" => Some(Status::Published),
            _ => None,
        }
    }

    /// The id as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Published => "published",
        }
    }
}

/// One event of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// When, if the time could be read fully (date and time).
    pub at: Option<Timestamp>,
    /// The time as written, e.g. `14:05 UTC`.
    pub time_text: String,
    /// What happened.
    pub text: String,
}

/// The four moments of an incident, each optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moments {
    /// When the problem began.
    pub started_at: Option<Timestamp>,
    /// When someone (or an alert) noticed.
    pub detected_at: Option<Timestamp>,
    /// When customer impact stopped.
    pub mitigated_at: Option<Timestamp>,
    /// When the incident was closed.
    pub resolved_at: Option<Timestamp>,
}

/// A heading of the body, with its anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1..=6.
    pub level: u8,
    /// The anchor id (unique within the page).
    pub id: String,
    /// The heading's plain text.
    pub text: String,
    /// The line in the source file.
    pub line: usize,
}

/// A link in the body to another file, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalLink {
    /// The destination as written, e.g. `../2024-01-03-dns.md#timeline`.
    pub dest: String,
    /// The line in the source file.
    pub line: usize,
}

/// One postmortem, validated, with its metadata explicit or inferred.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Incident {
    /// The URL slug, unique in the archive.
    pub slug: String,
    /// The source path relative to the content directory (`/` separators).
    pub source: String,
    /// The title.
    pub title: String,
    /// The day it happened.
    pub date: Option<Date>,
    /// The severity id (as configured, e.g. `SEV2`).
    pub severity: Option<String>,
    /// Review status.
    pub status: Status,
    /// Affected services (ids).
    pub services: Vec<String>,
    /// Root-cause category ids.
    pub causes: Vec<String>,
    /// What set it off.
    pub trigger: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Started / detected / mitigated / resolved.
    pub moments: Moments,
    /// Stated duration in minutes when the moments do not give one.
    pub stated_duration_minutes: Option<i64>,
    /// Who and what was affected.
    pub impact: Option<String>,
    /// Share of users affected, in percent, where stated.
    pub users_affected_percent: Option<f64>,
    /// A short summary.
    pub summary: Option<String>,
    /// Follow-ups.
    pub action_items: Vec<ActionItem>,
    /// Slugs of incidents the author named as related.
    pub related: Vec<String>,
    /// Structured timeline events.
    pub timeline: Vec<TimelineEvent>,
    /// The Markdown body (front matter removed).
    pub body: std::sync::Arc<str>,
    /// The line of the file on which the body starts.
    pub body_line: usize,
    /// The body's headings.
    pub headings: Vec<Heading>,
    /// Relative links in the body.
    pub links: Vec<LocalLink>,
    /// Whether the body has raw HTML (sanitized on render unless trusted).
    pub has_html: bool,
    /// Names of fields whose value was inferred from the text.
    #[serde(deserialize_with = "front_matter_fields")]
    pub inferred: Vec<&'static str>,
}

/// Reads the names of inferred fields back as the schema's own names: they are always
/// front-matter fields, so an incident read back from the build cache is the same value.
fn front_matter_fields<'de, D>(d: D) -> Result<Vec<&'static str>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error;
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|name| {
            KNOWN_FIELDS
                .iter()
                .copied()
                .find(|k| k == name)
                .ok_or_else(|| D::Error::custom(format!("`{name}` is not a front-matter field")))
        })
        .collect()
}

impl Incident {
    /// Minutes from start to resolution (or mitigation), else the duration stated in the text.
    pub fn duration_minutes(&self) -> Option<i64> {
        let m = &self.moments;
        let end = m.resolved_at.or(m.mitigated_at);
        match (m.started_at, end) {
            (Some(s), Some(e)) if e >= s => Some(crate::timestamp::minutes_between(s, e)),
            _ => self.stated_duration_minutes,
        }
    }

    /// Minutes from start to detection.
    pub fn time_to_detect_minutes(&self) -> Option<i64> {
        match (self.moments.started_at, self.moments.detected_at) {
            (Some(s), Some(d)) if d >= s => Some(crate::timestamp::minutes_between(s, d)),
            _ => None,
        }
    }

    /// Minutes from start to mitigation.
    pub fn time_to_mitigate_minutes(&self) -> Option<i64> {
        match (self.moments.started_at, self.moments.mitigated_at) {
            (Some(s), Some(m)) if m >= s => Some(crate::timestamp::minutes_between(s, m)),
            _ => None,
        }
    }

    /// Whether a field's value was inferred.
    pub fn is_inferred(&self, field: &str) -> bool {
        self.inferred.contains(&field)
    }

    /// The year, as used by the years index.
    pub fn year(&self) -> Option<i16> {
        self.date.map(|d| d.year())
    }
}
