//! What templates see: serializable view structs, built from the [`Archive`](crate::archive::Archive)
//! and kept separate from the domain types so templates never depend on internals.

use serde::Serialize;

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The archive's title.
    pub title: String,
    /// One sentence about the archive.
    pub description: String,
    /// The path prefix of every link, e.g. `/incidents/` (always ends with `/`).
    pub base: String,
    /// The `lang` attribute.
    pub language: String,
    /// The main navigation, in order.
    pub nav: Vec<NavLink>,
    /// Total published incidents in this build.
    pub incident_count: usize,
    /// The URL of the Atom feed of the whole archive, if feeds are written.
    pub feed_url: Option<String>,
    /// The URL of the search page, if search is built.
    pub search_url: Option<String>,
    /// The URL of `search/index.json`, if search is built.
    pub search_index_url: Option<String>,
    /// The URL of the search script, if search is built.
    pub search_script_url: Option<String>,
    /// The URL of the stylesheet.
    pub stylesheet_url: String,
    /// Stylesheets of optional features (the insights' charts), linked after the main one.
    pub extra_stylesheet_urls: Vec<String>,
    /// The coroner version that built the site.
    pub generator: String,
}

/// One entry of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Link text.
    pub title: String,
    /// Link target.
    pub url: String,
    /// The section id (`incidents`, `causes`, ...), used to mark the current section.
    pub section: String,
}

/// A link to one term of an index: a cause, service, severity, year or tag.
#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    /// The term's id as used in URLs, e.g. `config-change`.
    pub id: String,
    /// Display text, e.g. `SEV1 · Critical` or `config-change`.
    pub label: String,
    /// The term page's URL.
    pub url: String,
    /// Whether the taxonomy in book.toml lists this id (unknown ids are still indexed).
    pub known: bool,
}

/// One incident as a row of a list or table; `T` is how a term link is given (a [`TermRef`],
/// or the Tera value of one, shared by every row that links to the term).
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow<T = TermRef> {
    /// The URL slug.
    pub slug: String,
    /// The page's URL.
    pub url: String,
    /// The title.
    pub title: String,
    /// `YYYY-MM-DD`, or empty when unknown.
    pub date: String,
    /// The severity, if known.
    pub severity: Option<T>,
    /// `draft`, `in-review` or `published`.
    pub status: String,
    /// Affected services.
    pub services: Vec<T>,
    /// Root-cause categories.
    pub causes: Vec<T>,
    /// Free tags.
    pub tags: Vec<T>,
    /// Human duration such as `1h 15m`, or empty when unknown.
    pub duration: String,
    /// Duration in minutes, when known.
    pub duration_minutes: Option<i64>,
    /// A one- or two-sentence summary, possibly empty.
    pub summary: String,
}

impl<T> IncidentRow<T> {
    /// The same row with every term link given as `f` makes it, or `f`'s first error.
    pub fn try_with_terms<S, E>(
        &self,
        f: impl Fn(&T) -> Result<S, E>,
    ) -> Result<IncidentRow<S>, E> {
        // Destructured so that a field added to the row cannot be left out of the map.
        let IncidentRow {
            slug,
            url,
            title,
            date,
            severity,
            status,
            services,
            causes,
            tags,
            duration,
            duration_minutes,
            summary,
        } = self;
        Ok(IncidentRow {
            slug: slug.clone(),
            url: url.clone(),
            title: title.clone(),
            date: date.clone(),
            severity: severity.as_ref().map(&f).transpose()?,
            status: status.clone(),
            services: services.iter().map(&f).collect::<Result<_, E>>()?,
            causes: causes.iter().map(&f).collect::<Result<_, E>>()?,
            tags: tags.iter().map(&f).collect::<Result<_, E>>()?,
            duration: duration.clone(),
            duration_minutes: *duration_minutes,
            summary: summary.clone(),
        })
    }
}

/// One labelled timestamp of the incident panel (started, detected, mitigated, resolved).
#[derive(Debug, Clone, Serialize)]
pub struct Moment {
    /// `Started`, `Detected`, `Mitigated` or `Resolved`.
    pub label: String,
    /// Display form in the site's time zone, e.g. `2025-01-21 14:02 UTC`.
    pub display: String,
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
    /// Minutes since the start, when both are known (`+7 min`).
    pub offset: String,
    /// Whether the value was inferred from the text rather than given in front matter.
    pub inferred: bool,
}

/// A labelled figure such as `Time to detect: 7m`.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// What is measured.
    pub label: String,
    /// The value, formatted.
    pub value: String,
}

/// One action item as shown on an incident page.
#[derive(Debug, Clone, Serialize)]
pub struct ActionItemView {
    /// What is to be done.
    pub title: String,
    /// Who owns it (empty when nobody does).
    pub owner: String,
    /// `open`, `done` or `dropped`.
    pub status: String,
    /// Due date `YYYY-MM-DD`, or empty.
    pub due: String,
    /// Ticket reference, or empty.
    pub ticket: String,
    /// Open and past its due date at build time.
    pub overdue: bool,
}

/// One event of an incident's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEventView {
    /// Display time, e.g. `14:02` or `2025-01-21 14:02`.
    pub time: String,
    /// RFC 3339 when the time is fully known, else empty.
    pub iso: String,
    /// What happened (plain text).
    pub text: String,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Heading level, 2..=4.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A field whose value coroner inferred from the text.
#[derive(Debug, Clone, Serialize)]
pub struct InferredField {
    /// The front-matter field name, e.g. `started_at`.
    pub field: String,
    /// The value as it would be written in front matter.
    pub value: String,
}

/// A related incident with the reason it is related. `R` is how the incident is given: its
/// [`IncidentRow`] for templates, or its position while the page's memo key is computed.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView<R = IncidentRow> {
    /// The related incident.
    pub incident: R,
    /// Why, e.g. `same service: checkout; same cause: config-change`.
    pub reason: String,
    /// Whether the author listed it in `related`.
    pub explicit: bool,
}

/// Everything an incident page shows, available to `incident.html` as `page`. `R` is how
/// incidents are given: their [`IncidentRow`]s for templates, or their positions while the
/// page's memo key is computed (a row's own key stands for its contents, so rows shown on
/// many pages are neither copied nor hashed again for each).
#[derive(Debug, Clone, Serialize)]
pub struct IncidentPage<R = IncidentRow> {
    /// The incident's row data (title, date, terms, duration).
    pub incident: R,
    /// Authors.
    pub authors: Vec<String>,
    /// What set the incident off.
    pub trigger: String,
    /// Who and what was affected.
    pub impact: String,
    /// Started / detected / mitigated / resolved, those known.
    pub moments: Vec<Moment>,
    /// Duration, time to detect, time to mitigate, where known.
    pub figures: Vec<Figure>,
    /// Action items.
    pub action_items: Vec<ActionItemView>,
    /// Count of open action items.
    pub open_action_items: usize,
    /// Count of done action items.
    pub done_action_items: usize,
    /// Count of dropped action items (decided against).
    pub dropped_action_items: usize,
    /// Count of overdue action items.
    pub overdue_action_items: usize,
    /// Structured timeline, when one was found.
    pub timeline: Vec<TimelineEventView>,
    /// The body, rendered to (sanitized) HTML.
    pub body_html: std::sync::Arc<str>,
    /// Table of contents of the body.
    pub toc: Vec<TocEntry>,
    /// Related incidents, most related first.
    pub related: Vec<RelatedView<R>>,
    /// The previous (older) incident.
    pub prev: Option<R>,
    /// The next (newer) incident.
    pub next: Option<R>,
    /// Values inferred from the text, with the front matter that would make them explicit.
    pub inferred: Vec<InferredField>,
    /// The front-matter block that would make the inferred values explicit.
    pub suggested_front_matter: String,
    /// The source file, relative to the content directory.
    pub source: String,
}

impl<R> IncidentPage<R> {
    /// The same page with every incident given as `f` makes it from its current form.
    pub fn map_rows<S>(self, f: impl Fn(R) -> S) -> IncidentPage<S> {
        // Destructured so that a field added to the page cannot be left out of the map.
        let IncidentPage {
            incident,
            authors,
            trigger,
            impact,
            moments,
            figures,
            action_items,
            open_action_items,
            done_action_items,
            dropped_action_items,
            overdue_action_items,
            timeline,
            body_html,
            toc,
            related,
            prev,
            next,
            inferred,
            suggested_front_matter,
            source,
        } = self;
        IncidentPage {
            incident: f(incident),
            authors,
            trigger,
            impact,
            moments,
            figures,
            action_items,
            open_action_items,
            done_action_items,
            dropped_action_items,
            overdue_action_items,
            timeline,
            body_html,
            toc,
            related: related
                .into_iter()
                .map(|r| RelatedView {
                    incident: f(r.incident),
                    reason: r.reason,
                    explicit: r.explicit,
                })
                .collect(),
            prev: prev.map(&f),
            next: next.map(&f),
            inferred,
            suggested_front_matter,
            source,
        }
    }

    /// Every incident the page shows, in the order they appear in it.
    pub fn rows(&self) -> impl Iterator<Item = &R> {
        std::iter::once(&self.incident)
            .chain(self.related.iter().map(|r| &r.incident))
            .chain(&self.prev)
            .chain(&self.next)
    }
}

/// One term in an index page (e.g. one cause on `causes/`).
#[derive(Debug, Clone, Serialize)]
pub struct TermSummary {
    /// The term.
    pub term: TermRef,
    /// What the term means (from the taxonomy), possibly empty.
    pub description: String,
    /// Number of incidents.
    pub count: usize,
    /// Median duration of its incidents with known duration, formatted, or empty.
    pub median_duration: String,
    /// The date of its most recent incident.
    pub last_date: String,
}

/// An index page listing every term of one kind, available to `taxonomy.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyPage {
    /// `causes`, `services`, `severities`, `years` or `tags`.
    pub kind: String,
    /// Page title, e.g. `Root causes`.
    pub title: String,
    /// A sentence explaining the index.
    pub description: String,
    /// The terms, in the index's natural order.
    pub terms: Vec<TermSummary>,
}

/// One term's page, listing its incidents, available to `term.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct TermPage {
    /// `causes`, `services`, `severities`, `years` or `tags`.
    pub kind: String,
    /// The index's title, e.g. `Root causes`, and URL.
    pub kind_title: String,
    /// The index page URL.
    pub kind_url: String,
    /// The URL of the term's own Atom feed (services and causes, when feeds are written).
    pub feed_url: Option<String>,
    /// The term and its figures.
    pub summary: TermSummary,
    /// Its chart and figures over time (causes, services and severities, when insights are built).
    pub insights: Option<super::insight_views::TermInsightsView>,
    /// How many incidents it has.
    pub count: usize,
    /// Its incidents as table rows, newest first, rendered once per incident from
    /// `incident_row.html` (so big archives do not re-render the same row on every list).
    pub rows_html: String,
}

/// The all-incidents table, available to `incidents.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentsPage {
    /// How many incidents there are.
    pub count: usize,
    /// Every incident as a table row, newest first (see [`TermPage::rows_html`]).
    pub rows_html: String,
}

/// The home page, available to `index.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct HomePage {
    /// Headline figures.
    pub figures: Vec<Figure>,
    /// The most recent incidents.
    pub recent: Vec<IncidentRow>,
    /// The most frequent causes.
    pub top_causes: Vec<TermSummary>,
    /// The most affected services.
    pub top_services: Vec<TermSummary>,
    /// Incidents per severity.
    pub severities: Vec<TermSummary>,
    /// The insights summary, when insights are built.
    pub insights: Option<super::insight_views::HomeInsights>,
}
