//! Atom feeds: `feed.xml` (the newest incidents of the archive) and one per service and per
//! cause (`services/<id>/feed.xml`, `causes/<id>/feed.xml`), rendered through the theme's
//! `feed.xml` template, whose `.xml` name makes Tera escape every value for XML.

use jiff::Timestamp;
use serde::Serialize;

use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::incident::Incident;
use crate::timestamp::{human_minutes, rfc3339};

/// How many incidents a feed carries, newest first. Feed readers poll the whole file again and
/// again; 50 entries cover years of incidents for most teams, and older ones are on the site.
pub const FEED_ENTRIES: usize = 50;

/// The indexes that get a feed per term: readers follow a service or a kind of failure.
pub const FEED_KINDS: [IndexKind; 2] = [IndexKind::Services, IndexKind::Causes];

/// Which incidents a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope {
    /// Every incident: `feed.xml`.
    Archive,
    /// One term's incidents: `services/<id>/feed.xml`.
    Term(IndexKind, usize),
}

/// One Atom feed, available to `feed.xml` as `page`. Every URL is absolute. `E` is how its
/// entries are given: [`FeedEntry`]s for the template, or incident positions while the feed's
/// memo key is computed (each entry's own key stands for it).
#[derive(Debug, Clone, Serialize)]
pub struct FeedView<E = FeedEntry> {
    /// The feed's title.
    pub title: String,
    /// One sentence about it.
    pub subtitle: String,
    /// The feed's own URL, also its Atom id.
    pub self_url: String,
    /// The HTML page showing the same incidents.
    pub page_url: String,
    /// The newest `updated` of its entries (the build's day when it has none), RFC 3339.
    pub updated: String,
    /// The feed's author: the archive's title.
    pub author: String,
    /// The entries, newest first.
    pub entries: Vec<E>,
}

impl<E> FeedView<E> {
    /// The same feed with every entry given as `f` makes it from its current form.
    pub fn map_entries<F>(self, f: impl Fn(E) -> F) -> FeedView<F> {
        // Destructured so that a field added to the feed cannot be left out of the map.
        let FeedView {
            title,
            subtitle,
            self_url,
            page_url,
            updated,
            author,
            entries,
        } = self;
        FeedView {
            title,
            subtitle,
            self_url,
            page_url,
            updated,
            author,
            entries: entries.into_iter().map(f).collect(),
        }
    }
}

/// One incident as a feed entry.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// The incident page's URL, also the entry's Atom id.
    pub url: String,
    /// The title.
    pub title: String,
    /// When it started (its day when no time is known), RFC 3339.
    pub published: String,
    /// Its latest known moment, RFC 3339.
    pub updated: String,
    /// Severity, services and duration, then the summary, as plain text.
    pub summary: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Its severity, services and causes.
    pub categories: Vec<FeedCategory>,
}

/// An Atom category: a term of one of the indexes.
#[derive(Debug, Clone, Serialize)]
pub struct FeedCategory {
    /// The term id.
    pub term: String,
    /// Display text.
    pub label: String,
    /// The index page's URL, naming the vocabulary.
    pub scheme: String,
}

/// Where a feed is written, relative to the output directory.
pub fn feed_rel(archive: &Archive, scope: FeedScope) -> String {
    match scope {
        FeedScope::Archive => "feed.xml".into(),
        FeedScope::Term(kind, t) => {
            let term = &archive.index_of(kind).terms[t];
            format!("{}/{}/feed.xml", kind.segment(), term.id)
        }
    }
}

/// Builds the view of one feed, its entries given by incident position (see [`entry`] for
/// each one's entry, which a render builds once for all the feeds it appears in); `today`
/// dates a feed without entries.
pub fn view(
    archive: &Archive,
    config: &Config,
    scope: FeedScope,
    today: jiff::civil::Date,
) -> FeedView<usize> {
    let base = &config.site.base_url;
    let site = &config.site;
    let (title, subtitle, page_rel, positions): (String, String, String, Vec<usize>) = match scope {
        FeedScope::Archive => (
            site.title.clone(),
            site.description.clone(),
            String::new(),
            (0..archive.incidents.len()).collect(),
        ),
        FeedScope::Term(kind, t) => {
            let term = &archive.index_of(kind).terms[t];
            (
                format!("{}: {}", site.title, term.label),
                format!("{} incidents in {}.", term.label, site.title),
                format!("{}/{}/", kind.segment(), term.id),
                term.incidents.clone(),
            )
        }
    };
    let entries: Vec<usize> = positions.iter().take(FEED_ENTRIES).copied().collect();
    let tz = &config.infer.timezone;
    let updated = positions
        .iter()
        .take(FEED_ENTRIES)
        .filter_map(|&i| updated_at(&archive.incidents[i], tz))
        .max()
        .or_else(|| day_start(today, tz))
        .map(|t| rfc3339(t, tz))
        .unwrap_or_else(|| format!("{today}T00:00:00Z"));
    FeedView {
        title: xml_safe(&title),
        subtitle: xml_safe(&subtitle),
        self_url: base.permalink(&feed_rel(archive, scope)),
        page_url: base.permalink(&page_rel),
        updated,
        author: xml_safe(&site.title),
        entries,
    }
}

/// The feed entry of one incident: the same in every feed it appears in.
pub fn entry(inc: &Incident, archive: &Archive, config: &Config) -> FeedEntry {
    let base = &config.site.base_url;
    let tz = &config.infer.timezone;
    let day = inc.date.and_then(|d| day_start(d, tz));
    // An undated incident without moments still needs Atom's required dates.
    let updated = updated_at(inc, tz).unwrap_or(Timestamp::UNIX_EPOCH);
    let published = inc.moments.started_at.or(day).unwrap_or(updated);
    let mut categories = Vec::new();
    let mut labels = |kind: IndexKind| -> Vec<String> {
        let index = archive.index_of(kind);
        let mut out = Vec::new();
        for value in kind.values(inc) {
            if let Some(t) = index.term_for(&value) {
                categories.push(FeedCategory {
                    term: xml_safe(&t.id),
                    label: xml_safe(&t.label),
                    scheme: base.permalink(&format!("{}/", kind.segment())),
                });
                out.push(t.label.clone());
            }
        }
        out
    };
    let mut facts = labels(IndexKind::Severities);
    let services = labels(IndexKind::Services);
    labels(IndexKind::Causes);
    if !services.is_empty() {
        facts.push(services.join(", "));
    }
    facts.extend(inc.duration_minutes().map(human_minutes));
    let text = crate::markdown::plain_text(
        inc.summary
            .as_deref()
            .or(inc.impact.as_deref())
            .unwrap_or(""),
    );
    let summary = match (facts.is_empty(), text.is_empty()) {
        (true, _) => text,
        (false, true) => facts.join(" · "),
        (false, false) => format!("{}. {text}", facts.join(" · ")),
    };
    FeedEntry {
        url: base.permalink(&format!("incidents/{}/", inc.slug)),
        title: xml_safe(&inc.title),
        published: rfc3339(published, tz),
        updated: rfc3339(updated, tz),
        summary: xml_safe(&summary),
        authors: inc.authors.iter().map(|a| xml_safe(a)).collect(),
        categories,
    }
}

/// What an incident's feed entry is made of besides its row (whose key stands for the slug,
/// title, date, terms, duration and summary text): whether there is a summary, the impact,
/// authors and moments, as key parts.
pub fn entry_key_parts(inc: &Incident) -> Vec<u8> {
    let mut out = Vec::new();
    let mut part = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    part(&[u8::from(inc.summary.is_some())]);
    part(inc.impact.as_deref().unwrap_or_default().as_bytes());
    part(&[u8::from(inc.impact.is_some())]);
    part(&inc.authors.len().to_le_bytes());
    for a in &inc.authors {
        part(a.as_bytes());
    }
    let m = &inc.moments;
    for t in [m.started_at, m.detected_at, m.mitigated_at, m.resolved_at] {
        match t {
            Some(t) => {
                part(&t.as_second().to_le_bytes());
                part(&t.subsec_nanosecond().to_le_bytes());
            }
            None => part(b"none"),
        }
    }
    out
}

/// The latest known moment of an incident, else the start of its day.
fn updated_at(inc: &Incident, tz: &jiff::tz::TimeZone) -> Option<Timestamp> {
    let m = &inc.moments;
    m.resolved_at
        .or(m.mitigated_at)
        .or(m.detected_at)
        .or(m.started_at)
        .or_else(|| inc.date.and_then(|d| day_start(d, tz)))
}

/// Midnight of `day` in the site's zone.
fn day_start(day: jiff::civil::Date, tz: &jiff::tz::TimeZone) -> Option<Timestamp> {
    day.to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// `text` without the characters XML 1.0 cannot carry even escaped (most control characters),
/// which a front-matter value could otherwise smuggle into a feed and make it unreadable.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}
