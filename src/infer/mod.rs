//! Inference: metadata a postmortem does not state in front matter, read from its text as people
//! really write it. [`infer`] reads the outline, then each field in its own module.

mod actions;
mod anchor;
mod calendar;
mod causes;
mod clock;
mod dates;
mod duration;
mod emphasis;
mod headings;
mod impact;
mod lex;
mod matcher;
mod moments;
mod paragraphs;
mod prose;
mod ranges;
mod sections;
mod services;
mod stamps;
mod summary;
mod timeline;
mod times;
mod title;
mod zones;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::incident::{ActionItem, Heading, TimelineEvent};

pub use stamps::{ambiguous_date, parse_date, parse_timestamp, parse_timestamp_in};
pub use title::{is_generic as is_generic_title, title_from_file_name};

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
    /// The front-matter date when it also gives a time of day (status-page exports do).
    pub known_at: Option<Timestamp>,
    /// The title given in front matter; a date in it dates the incident.
    pub known_title: Option<&'a str>,
    /// The schema fields front matter gives; inference skips work for them.
    pub given: &'a [&'static str],
    /// Whether front matter gives a start and a resolution no earlier than it, which then fix
    /// the duration: a duration stated in the text is only read where it decides something.
    pub duration_known: bool,
    /// Front-matter fields outside the schema (`heading`, `start_time`, `duration`, ...).
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
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
    /// A duration stated in the text, else the one a range of times in the prose spans; the
    /// stated one is not read when front matter fixes the duration ([`Input::duration_known`]).
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
    let config = input.config;
    let wanted = |field: &str| !input.given.contains(&field);
    let doc = sections::Doc::parse(input.body, input.body_line);
    let paragraphs = paragraphs::paragraphs(&doc);
    let mut fields = paragraphs::fields(&doc);
    fields.extend(paragraphs::extra_fields(input.extra));
    let title = if wanted("title") {
        title::infer_title(input, &doc)
    } else {
        None
    };
    let file_date = title::date_from_file_name(input.file_slug);
    let anchor = anchor::find(&anchor::Sources {
        title: input.known_title.or(title.as_deref()),
        fields: &fields,
        paragraphs: &paragraphs,
        known: input.known_date,
        file: file_date,
        order: config.infer.date_order,
    });
    let zone = doc
        .lines
        .iter()
        .filter(|l| !l.code)
        .find_map(|l| prose::zone_declaration(l.text))
        .map_or_else(|| config.infer.timezone.clone(), |z| z.time_zone());
    let clock = clock::Clock::new(anchor.date, zone, config.infer.date_order);
    let timeline = timeline::read(&doc, &mut clock.clone());
    // Read at most once, and only where it matters: it runs patterns over every sentence.
    let stated = std::cell::LazyCell::new(|| {
        fields
            .iter()
            .filter(|f| f.key == "duration" || f.key == "total duration" || f.key == "downtime")
            .find_map(|f| duration::minutes_in(&f.value))
            .or_else(|| stated_duration(&paragraphs))
    });
    // The front-matter date-time is the start only when the text does not date the incident otherwise.
    let known_at = input
        .known_at
        .filter(|_| anchor.text_date.is_none() || anchor.text_date == input.known_date);
    let prose: Vec<&paragraphs::Paragraph> = paragraphs
        .iter()
        .filter(|p| {
            !matches!(
                p.kind,
                Some(sections::Kind::Timeline | sections::Kind::Actions | sections::Kind::Lessons)
            )
        })
        .collect();
    let m = moments::choose(
        &moments::Evidence {
            fields: &fields,
            prose: &prose,
            timeline: &timeline,
            known_at,
            title_date: anchor.title_date,
            stated_duration: &|| stated.is_some(),
        },
        &clock,
    );
    let tz = &config.infer.timezone;
    let mut out = Inferred {
        date: anchor
            .date
            .or_else(|| m.started.map(|s| s.to_zoned_datetime(tz.clone()).date())),
        duration_minutes: if input.duration_known {
            m.range_minutes
        } else {
            stated.or(m.range_minutes)
        },
        started_at: m.started,
        detected_at: m.detected,
        mitigated_at: m.mitigated,
        resolved_at: m.resolved,
        summary: wanted("summary")
            .then(|| summary::summary(input.body, input.known_title.or(title.as_deref())))
            .flatten(),
        warnings: ambiguity_warnings(input, &timeline.ambiguities, &fields, &clock),
        title,
        ..Inferred::default()
    };
    out.timeline = timeline
        .entries
        .iter()
        .map(|e| TimelineEvent {
            at: e.reading.at,
            time_text: e.time_text.clone(),
            text: e.text.clone(),
        })
        .collect();
    if wanted("impact") {
        out.impact = impact::statement(&fields, &paragraphs);
    }
    out.users_affected_percent = impact::users_percent(&paragraphs);
    if wanted("severity") {
        out.severity = impact::severity(&fields, &paragraphs, &config.taxonomy.severities);
    }
    let title_text = input.known_title.or(out.title.as_deref()).unwrap_or("");
    if wanted("causes") {
        let stated = causes::stated(&fields, &config.taxonomy.causes);
        out.causes = if stated.is_empty() {
            causes::classify(title_text, &paragraphs, &config.taxonomy.causes)
        } else {
            stated
        };
    }
    if wanted("services") {
        let stated = services::stated(&fields, &config.taxonomy.services);
        out.services = if stated.is_empty() {
            let texts =
                std::iter::once(title_text).chain(paragraphs.iter().map(|p| p.text.as_str()));
            services::find(texts, &config.taxonomy.services)
        } else {
            stated
        };
    }
    if wanted("action_items") {
        out.action_items = actions::extract(&doc);
    }
    out
}

/// The first duration a sentence states, looking at the summary and impact before the rest.
fn stated_duration(paragraphs: &[paragraphs::Paragraph]) -> Option<i64> {
    use sections::Kind;
    let rank = |k: Option<Kind>| match k {
        None | Some(Kind::Summary | Kind::Impact) => 0,
        Some(Kind::Timeline | Kind::Actions | Kind::Lessons) => 2,
        Some(_) => 1,
    };
    (0..2).find_map(|r| {
        paragraphs
            .iter()
            .filter(|p| rank(p.kind) == r)
            .flat_map(|p| p.sentences())
            .find_map(duration::stated_in_sentence)
    })
}

/// Warnings for the ambiguous numeric dates of the timeline and of `Key: value` lines.
fn ambiguity_warnings(
    input: &Input<'_>,
    timeline: &[clock::Ambiguity],
    fields: &[moments::Field],
    clock: &clock::Clock,
) -> Vec<Diagnostic> {
    let mut all: Vec<clock::Ambiguity> = timeline.to_vec();
    for f in fields {
        let Some(line) = f.line else { continue };
        for st in dates::scan(&f.value) {
            let r = clock.peek(&st);
            if let (Some(chosen), Some(other)) = (r.date, r.other) {
                let written = f.value[st.start..st.end].trim().to_string();
                if !all.iter().any(|a| a.line == line && a.written == written) {
                    all.push(clock::Ambiguity {
                        line,
                        written,
                        chosen,
                        other,
                    });
                }
            }
        }
    }
    all.sort_by_key(|a| a.line);
    let order = match input.config.infer.date_order {
        crate::config::DateOrder::Dmy => "day first",
        crate::config::DateOrder::Mdy => "month first",
    };
    all.iter()
        .map(|a| {
            Diagnostic::warning(
                input.display,
                "ambiguous-date",
                format!(
                    "`{}` is ambiguous: read as {}, not {}",
                    a.written,
                    a.chosen.strftime("%-d %B %Y"),
                    a.other.strftime("%-d %B %Y"),
                ),
            )
            .at_line(Some(a.line))
            .with_hint(format!(
                "write the date as YYYY-MM-DD; ambiguous dates are read {order} unless that puts the timeline out of order ([infer] date_order)"
            ))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
