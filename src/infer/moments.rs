//! When it started, was detected, mitigated and resolved: from `Start:`-style fields, a sentence
//! giving the outage's range, the front-matter date-time, the timeline, or the prose, in that
//! order of trust.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::Date;
use regex::Regex;

use super::clock::Clock;
use super::dates::scan;
use super::duration::OUTAGE;
use super::paragraphs::{Paragraph, is_metadata};
use super::ranges::{range, range_minutes};
use super::timeline::Timeline;

/// The four moments, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moments {
    /// When it began.
    pub started: Option<Timestamp>,
    /// When it was noticed.
    pub detected: Option<Timestamp>,
    /// When impact stopped.
    pub mitigated: Option<Timestamp>,
    /// When it was over.
    pub resolved: Option<Timestamp>,
    /// Minutes between the two ends of a range read without dates (`from 9:00 to 10:15`).
    pub range_minutes: Option<i64>,
}

/// A `Key: value` field of the text, already split.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key, lower case.
    pub key: String,
    /// The value as written.
    pub value: String,
    /// The file line it is on (`None` for a front-matter field).
    pub line: Option<usize>,
}

/// Everything the moments are chosen from.
pub struct Evidence<'a> {
    /// `Key: value` fields of the body and front matter.
    pub fields: &'a [Field],
    /// Prose paragraphs (outside timeline, action and lesson sections).
    pub prose: &'a [&'a Paragraph],
    /// The timeline.
    pub timeline: &'a Timeline,
    /// The front-matter date, when it gives a time of day and agrees with the text.
    pub known_at: Option<Timestamp>,
    /// The date in the title, which dates the incident.
    pub title_date: Option<Date>,
    /// Whether the text states how long it lasted: asked only when the answer decides the end,
    /// since finding out reads every sentence.
    pub stated_duration: &'a dyn Fn() -> bool,
}

static START_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:incident |outage |impact )?(?:start|started|start time|start date|starts|began|begin|beginning|occurred|time of (?:the )?(?:incident|outage))(?: at| on)?$|^start_time$|^started_at$").expect("valid pattern")
});
static END_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:incident |outage |impact )?(?:end|ended|end time|end date|ends|resolved|resolution time|recovered|recovery time|fixed|closed)(?: at| on)?$|^end_time$|^resolved_at$").expect("valid pattern")
});
static START_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:outage|incident|impact|downtime|disruption)\s+(?:starts|started|begins|began)\b|\bstart of (?:the )?(?:outage|incident|impact)\b").expect("valid pattern")
});
static END_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:outage|incident|impact|downtime|disruption)\s+(?:ends|ended|is over|was over)\b|\bend of (?:the )?(?:outage|incident|impact)\b").expect("valid pattern")
});
/// Words saying that service is back.
pub static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:resolved|resolution (?:is )?confirmed|restor(?:ed|ing)|recovered|back (?:online|up|to normal)|(?:returned|back) to (?:normal|usual)|(?:running|operating|working|functioning) (?:normally|as (?:usual|expected))|normal operations?|(?:its|the) usual|fully operational|verified operational|operational again|nominal|fixed|all clear|available again|service resumed|resumed)\b").expect("valid pattern")
});
static DETECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:detected|detection|alerted|alerts?(?: were)? (?:fire[sd]?|triggered)|paged|noticed|reports?|reported|became aware|complain\w*|discovered)\b").expect("valid pattern")
});
static MITIGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:mitigat\w*|workaround|partially restored|rolled back|rollback|reverted|failover|failed over)\b").expect("valid pattern")
});

/// Chooses the moments from the evidence; `clock` dates what has no date of its own.
pub fn choose(ev: &Evidence<'_>, clock: &Clock) -> Moments {
    let mut m = Moments::default();
    let field = |re: &Regex| -> Option<Timestamp> {
        ev.fields
            .iter()
            .filter(|f| re.is_match(&f.key))
            .find_map(|f| instant_in(&f.value, clock))
    };
    m.started = field(&START_KEY);
    m.resolved = field(&END_KEY);
    m.detected = ev
        .fields
        .iter()
        .filter(|f| f.key.contains("detect") && !is_metric(&f.key))
        .find_map(|f| instant_in(&f.value, clock));
    m.mitigated = ev
        .fields
        .iter()
        .filter(|f| f.key.contains("mitigat") && !is_metric(&f.key))
        .find_map(|f| instant_in(&f.value, clock));
    // `Duration: 2024-01-21 15:30 EST to 16:45 EST`.
    let duration_ranges = ev
        .fields
        .iter()
        .filter(|f| f.key.contains("duration"))
        .map(|f| f.value.as_str());
    let sentences = ev.prose.iter().flat_map(|p| p.sentences());
    for (text, needs_opening) in duration_ranges
        .map(|t| (t, false))
        .chain(sentences.map(|t| (t, true)))
    {
        if m.started.is_some() && m.resolved.is_some() {
            break;
        }
        // A range has two times, and a time a digit: a text without one is passed over before
        // the outage pattern is run on it.
        if !text.bytes().any(|b| b.is_ascii_digit()) || (needs_opening && !OUTAGE.is_match(text)) {
            continue;
        }
        if let Some((a, b)) = range(text, needs_opening, clock) {
            match (a, b) {
                (Some(a), Some(b)) if b > a => {
                    m.started.get_or_insert(a);
                    m.resolved.get_or_insert(b);
                }
                _ => {}
            }
            if let Some(mins) = range_minutes(text, needs_opening) {
                m.range_minutes.get_or_insert(mins);
            }
        }
    }
    if m.started.is_none() && !ev.timeline.from_section {
        m.started = ev.known_at;
    }
    from_timeline(ev, &mut m);
    if m.started.is_none() {
        m.started = m.detected;
    }
    if ev.timeline.entries.is_empty() {
        from_prose(ev, clock, &mut m);
    }
    // Later evidence never contradicts earlier: drop what would run backwards.
    if let Some(s) = m.started {
        for t in [&mut m.detected, &mut m.mitigated, &mut m.resolved] {
            if t.is_some_and(|t| t < s) {
                *t = None;
            }
        }
    }
    if let Some(r) = m.resolved {
        for t in [&mut m.detected, &mut m.mitigated] {
            if t.is_some_and(|t| t > r) {
                *t = None;
            }
        }
    }
    m
}

fn from_timeline(ev: &Evidence<'_>, m: &mut Moments) {
    let timed: Vec<_> = ev
        .timeline
        .entries
        .iter()
        .filter_map(|e| e.reading.at.map(|at| (at, e)))
        .collect();
    if timed.is_empty() {
        return;
    }
    if m.started.is_none() {
        m.started = timed
            .iter()
            .find(|(_, e)| START_MARK.is_match(&e.text))
            .or_else(|| {
                let day = ev.title_date?;
                timed
                    .iter()
                    .find(|(_, e)| e.reading.date.is_some_and(|d| d >= day))
            })
            .or(timed.first())
            .map(|(at, _)| *at);
    }
    let start = m.started;
    let after = |at: &Timestamp| start.is_none_or(|s| *at >= s);
    if m.resolved.is_none() {
        let marked = timed
            .iter()
            .rev()
            .find(|(at, e)| after(at) && END_MARK.is_match(&e.text));
        let back = timed
            .iter()
            .rev()
            .find(|(at, e)| after(at) && RESOLVED.is_match(&e.text));
        // Without words saying service is back, the last entry is the end, unless the text
        // states a duration (the last entry may then be a follow-up, or a placeholder).
        let last = || {
            (timed.len() >= 2 && !(ev.stated_duration)())
                .then(|| timed.last())
                .flatten()
        };
        m.resolved = marked
            .or(back)
            .or_else(last)
            .map(|(at, _)| *at)
            .filter(after);
    }
    let end = m.resolved;
    let within = |at: &Timestamp| after(at) && end.is_none_or(|e| *at <= e);
    if m.detected.is_none() {
        m.detected = timed
            .iter()
            .find(|(at, e)| within(at) && DETECTED.is_match(&e.text))
            .map(|(at, _)| *at);
    }
    if m.mitigated.is_none() {
        m.mitigated = timed
            .iter()
            .find(|(at, e)| within(at) && MITIGATED.is_match(&e.text))
            .map(|(at, _)| *at);
    }
}

/// Without a timeline: the first date-time of the prose, and the last one saying service is back.
fn from_prose(ev: &Evidence<'_>, clock: &Clock, m: &mut Moments) {
    for p in ev.prose.iter().filter(|p| !is_metadata(&p.text)) {
        for s in p.sentences() {
            for st in scan(s) {
                let Some(at) = clock.peek(&st).at else {
                    continue;
                };
                if m.started.is_none() {
                    m.started = Some(at);
                } else if RESOLVED.is_match(s) && m.started.is_some_and(|st| at > st) {
                    m.resolved = Some(at);
                }
            }
        }
    }
}

/// The first full date-time in a field value.
fn instant_in(value: &str, clock: &Clock) -> Option<Timestamp> {
    scan(value).iter().find_map(|st| clock.peek(st).at)
}

/// `Time to detect`, `MTTD`: a duration, not a moment.
fn is_metric(key: &str) -> bool {
    key.starts_with("time to") || key.starts_with("mean time") || key.starts_with("mtt")
}

#[cfg(test)]
mod tests;
