//! Turning the archive into view structs and rendering each page through its template.

use rayon::prelude::*;
use serde::Serialize;

use super::cache::{Key, RenderCache};
use super::insight_pages::InsightViews;
use super::views::*;
use super::{Job, OutputFile, RenderError, RenderSettings, theme::Theme};
use crate::archive::{Archive, IndexKind, Term};
use crate::config::Config;
use crate::incident::Incident;
use crate::insights::Insights;
use crate::timestamp::{self, human_minutes};

mod actions;
mod incident_page;
mod output;
mod rows;
mod summaries;

use output::fingerprint;
use rows::row;

/// Everything shared by the pages of one render: templates, site values and incident rows.
pub struct Pages<'a> {
    tera: tera::Tera,
    archive: &'a Archive,
    config: &'a Config,
    rows: Vec<IncidentRow>,
    /// Each row as a Tera value, embedded as it is by the pages that show it.
    row_values: Vec<tera::Value>,
    rows_html: Vec<String>,
    /// Each row's memo key (`None` when the cache is off): a list of rows is keyed by these,
    /// not by hashing its HTML again.
    row_keys: Vec<Option<u128>>,
    /// Each incident's feed entry, built the first time a feed needs it.
    feed_entries: Vec<std::sync::OnceLock<super::feeds::FeedEntry>>,
    /// Each incident's search words, read by its page's job from the parse that renders its
    /// body, when [`Pages::with_search_words`] asked for them.
    search_words: Option<Vec<super::search::WordSlot>>,
    site: SiteView,
    live_reload_script: String,
    today: jiff::civil::Date,
    insights: Option<&'a Insights>,
    cache: &'a RenderCache,
    generation: u64,
    /// Hash of everything every page's HTML depends on besides its own view: all theme
    /// templates (with their names), the site values and the live-reload script.
    fingerprint: [u8; 16],
    /// Hash of what every feed entry is written with: the absolute base URL and the time zone.
    feed_context: [u8; 16],
}

impl<'a> Pages<'a> {
    /// Compiles the theme's templates and prepares the rows every list shares.
    pub fn new(
        archive: &'a Archive,
        config: &'a Config,
        theme: &Theme,
        settings: &RenderSettings,
        insights: Option<&'a Insights>,
        cache: &'a RenderCache,
        generation: u64,
    ) -> Result<Self, RenderError> {
        let templates = output::templates_hash(theme);
        let mut tera = cache.templates(templates, || {
            let mut tera = tera::Tera::default();
            let mut sources = Vec::new();
            for t in theme
                .templates
                .iter()
                .filter(|t| t.name.ends_with(".html") || t.name.ends_with(".xml"))
            {
                let text = String::from_utf8_lossy(&t.bytes).into_owned();
                sources.push((t.name.clone(), text));
            }
            tera.register_filter("safe", safe);
            tera.add_raw_templates(sources)
                .map_err(|e| template_error(theme, "theme", &e))?;
            Ok::<_, RenderError>(tera)
        })?;
        let base = config.site.base_url.clone();
        let rows: Vec<IncidentRow> = archive
            .incidents
            .par_iter()
            .map(|i| row(i, archive, config))
            .collect();
        let mut nav = vec![NavLink {
            title: "Incidents".into(),
            url: base.link("incidents/"),
            section: "incidents".into(),
        }];
        nav.extend(IndexKind::ALL.iter().map(|k| NavLink {
            title: k.title().into(),
            url: base.link(&format!("{}/", k.segment())),
            section: k.segment().into(),
        }));
        if insights.is_some() {
            nav.push(NavLink {
                title: "Insights".into(),
                url: base.link("insights/"),
                section: "insights".into(),
            });
        }
        let site = SiteView {
            title: config.site.title.clone(),
            description: config.site.description.clone(),
            base: base.path().to_string(),
            language: config.site.language.clone(),
            nav,
            incident_count: archive.incidents.len(),
            feed_url: super::feeds_enabled(config).then(|| base.link("feed.xml")),
            search_url: Some(base.link("search/")),
            search_index_url: Some(base.link(super::search::INDEX_FILE)),
            search_script_url: Some(base.link("assets/search.js")),
            stylesheet_url: base.link("assets/style.css"),
            extra_stylesheet_urls: insights
                .map(|_| base.link("assets/insights.css"))
                .into_iter()
                .collect(),
            generator: env!("CARGO_PKG_VERSION").to_string(),
        };
        tera.global_context().insert("site", &site);
        tera.global_context()
            .insert("live_reload_script", &settings.live_reload_script);
        let today = settings
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
        let fingerprint = fingerprint(templates, &site, &settings.live_reload_script);
        let rows::RenderedRows {
            values: row_values,
            html: rows_html,
            keys: row_keys,
        } = rows::render_rows(&tera, &rows, cache, &fingerprint, generation)?;
        Ok(Pages {
            tera,
            archive,
            config,
            rows,
            row_values,
            rows_html,
            row_keys,
            feed_entries: (0..archive.incidents.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            search_words: None,
            site,
            live_reload_script: settings.live_reload_script.clone(),
            today,
            insights,
            cache,
            generation,
            fingerprint,
            feed_context: Key::new("feed-context")
                .part(config.site.base_url.permalink("").as_bytes())
                .part(format!("{:?}", config.infer.timezone).as_bytes())
                .finish()
                .to_le_bytes(),
        })
    }

    /// Has each incident page's job also collect the incident's search words, from the same
    /// parse that renders its body (the search index then parses no body again). Only where
    /// nothing is memoized: a remembered page renders no body.
    pub(crate) fn with_search_words(mut self) -> Self {
        if !self.cache.remembers() {
            self.search_words = Some(
                (0..self.archive.incidents.len())
                    .map(|_| std::sync::OnceLock::new())
                    .collect(),
            );
        }
        self
    }

    /// The search words the incident pages collected (see [`Pages::with_search_words`]), taken
    /// out of the pages, whose rows, values and templates are then freed: the search index is
    /// the largest thing a render holds, and it is built after the pages.
    pub(crate) fn into_search_words(mut self) -> Option<Vec<super::search::WordSlot>> {
        self.search_words.take()
    }

    /// Renders one job to its output file.
    pub fn render(&self, job: &Job) -> Result<OutputFile, RenderError> {
        match *job {
            Job::Home => self.page("index.html", "index.html", "", "home", &self.home()),
            Job::AllIncidents => {
                let all: Vec<usize> = (0..self.rows.len()).collect();
                self.page_with_rows(
                    "incidents.html",
                    "incidents/index.html",
                    "All incidents",
                    "incidents",
                    IncidentsPage {
                        count: self.rows.len(),
                        rows_html: String::new(),
                    },
                    &all,
                    |page, html| page.rows_html = html,
                )
            }
            Job::NotFound => self.page("404.html", "404.html", "Page not found", "", &()),
            Job::Export => Ok(OutputFile {
                rel: "incidents.json".into(),
                bytes: super::export::incidents_json(
                    self.archive,
                    self.config,
                    self.cache,
                    self.generation,
                )
                .into(),
            }),
            Job::Incident(i) => self.incident_page(i),
            Job::Taxonomy(kind) => {
                let index = self.archive.index_of(kind);
                let page = TaxonomyPage {
                    kind: kind.segment().into(),
                    title: kind.title().into(),
                    description: kind.description().into(),
                    terms: index
                        .terms
                        .iter()
                        .map(|t| self.term_summary(kind, t))
                        .collect(),
                };
                self.page(
                    "taxonomy.html",
                    &format!("{}/index.html", kind.segment()),
                    kind.title(),
                    kind.segment(),
                    &page,
                )
            }
            Job::Term(kind, t) => {
                let term = &self.archive.index_of(kind).terms[t];
                let page = TermPage {
                    kind: kind.segment().into(),
                    kind_title: kind.title().into(),
                    kind_url: self
                        .config
                        .site
                        .base_url
                        .link(&format!("{}/", kind.segment())),
                    feed_url: (super::feeds_enabled(self.config)
                        && super::feeds::FEED_KINDS.contains(&kind))
                    .then(|| {
                        let scope = super::FeedScope::Term(kind, t);
                        let rel = super::feeds::feed_rel(self.archive, scope);
                        self.config.site.base_url.link(&rel)
                    }),
                    summary: self.term_summary(kind, term),
                    insights: self.insight_views().and_then(|v| v.term_view(kind, t)),
                    count: term.incidents.len(),
                    rows_html: String::new(),
                };
                let title = format!("{}: {}", kind.title(), term.label);
                self.page_with_rows(
                    "term.html",
                    &format!("{}/{}/index.html", kind.segment(), term.id),
                    &title,
                    kind.segment(),
                    page,
                    &term.incidents,
                    |page, html| page.rows_html = html,
                )
            }
            Job::SearchPage => self.page(
                "search.html",
                super::search::page::PAGE_FILE,
                "Search",
                "search",
                &super::search::page::view(self.archive, self.config),
            ),
            Job::Feed(scope) => self.feed(scope),
            Job::Insights | Job::Actions | Job::Metrics | Job::MatrixCell(_) => {
                self.insight_page(job)
            }
        }
    }

    /// A feed, keyed by its own view and its entries' keys; entries are built only when it is
    /// rendered, each once for every feed it appears in.
    fn feed(&self, scope: super::FeedScope) -> Result<OutputFile, RenderError> {
        let feed = super::feeds::view(self.archive, self.config, scope, self.today);
        let rel = super::feeds::feed_rel(self.archive, scope);
        let title = feed.title.clone();
        let key = self
            .page_key("feed.xml", &rel, &title, "")
            .and_then(|k| k.value(&feed))
            .and_then(|k| k.keys(feed.entries.iter().map(|&i| self.feed_entry_key(i))));
        self.cached_page(&rel, key, || {
            let feed = feed.map_entries(|i| {
                self.feed_entries[i].get_or_init(|| {
                    super::feeds::entry(&self.archive.incidents[i], self.archive, self.config)
                })
            });
            self.render_page("feed.xml", &title, "", &feed)
        })
    }

    /// The key of incident `i`'s feed entry: its row's key, what the entry adds to the row, and
    /// the absolute base URL and time zone its links and dates are written with.
    fn feed_entry_key(&self, i: usize) -> Option<u128> {
        let row = self.row_keys[i]?;
        let key = self
            .cache
            .key("feed-entry")?
            .part(&row.to_le_bytes())
            .part(&super::feeds::entry_key_parts(&self.archive.incidents[i]))
            .part(&self.feed_context);
        Some(key.finish())
    }

    /// The views of the insights, when they are built.
    fn insight_views(&self) -> Option<InsightViews<'_>> {
        Some(InsightViews {
            archive: self.archive,
            config: self.config,
            insights: self.insights?,
            rows: &self.rows,
        })
    }

    fn insight_page(&self, job: &Job) -> Result<OutputFile, RenderError> {
        let Some(views) = self.insight_views() else {
            return Err(RenderError::Template {
                name: "insights".into(),
                message: "the insights are off ([build] insights = false)".into(),
            });
        };
        match *job {
            Job::Insights => self.page(
                "insights.html",
                "insights/index.html",
                "Insights",
                "insights",
                &views.insights_page(),
            ),
            Job::Actions => self.actions(views.actions_page()),
            Job::Metrics => Ok(OutputFile {
                rel: "metrics.json".into(),
                bytes: super::metrics::metrics_json(self.archive, self.config, views.insights)
                    .into(),
            }),
            Job::MatrixCell(n) => {
                let (rel, title, page) = views.matrix_cell(n);
                self.page("matrix_cell.html", &rel, &title, "insights", &page)
            }
            _ => unreachable!("only insight jobs are passed here"),
        }
    }

    /// The site values every page gets (exposed for other renderers such as feeds).
    pub fn site(&self) -> &SiteView {
        &self.site
    }

    /// The live-reload script of this render.
    pub fn live_reload_script(&self) -> &str {
        &self.live_reload_script
    }
}

impl Drop for Pages<'_> {
    fn drop(&mut self) {
        // Freeing every row and feed entry takes milliseconds: done on the pool, so the files
        // reach the disk (and, in `coroner serve`, browsers their reload) without waiting.
        let rows = std::mem::take(&mut self.rows);
        let row_values = std::mem::take(&mut self.row_values);
        let rows_html = std::mem::take(&mut self.rows_html);
        let feed_entries = std::mem::take(&mut self.feed_entries);
        let search_words = self.search_words.take();
        let tera = std::mem::take(&mut self.tera);
        rayon::spawn(move || {
            drop((
                rows,
                row_values,
                rows_html,
                feed_entries,
                search_words,
                tera,
            ))
        });
    }
}

/// Tera's `safe` filter, without copying a string: the same value, marked as needing no
/// escaping. A page's body and a list's rows, tens of kilobytes to megabytes each, are printed
/// through it; Tera's own filter copies them into a new string first. Any other value becomes
/// the safe string of its text, as with Tera's.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// The link to one term of an index.
pub(super) fn term_ref(kind: IndexKind, term: &Term, config: &Config) -> TermRef {
    TermRef {
        id: term.id.clone(),
        label: term.label.clone(),
        url: config
            .site
            .base_url
            .link(&[kind.segment(), "/", &term.id, "/"].concat()),
        known: term.known,
    }
}

/// The median of some durations, formatted; empty when there are none.
pub fn median_label(mut minutes: Vec<i64>) -> String {
    crate::stats::median(&mut minutes)
        .map(human_minutes)
        .unwrap_or_default()
}

fn template_error(theme: &Theme, name: &str, e: &tera::Error) -> RenderError {
    let origin = theme
        .templates
        .iter()
        .filter_map(|t| t.origin.as_ref())
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>();
    let name = if origin.is_empty() {
        name.to_string()
    } else {
        format!("{name} (site overrides: {})", origin.join(", "))
    };
    RenderError::Template {
        name,
        message: crate::diagnostic::error_chain(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_safe_filter_prints_what_teras_own_prints() {
        // Guards the filter that marks strings safe without copying them.
        let template = "{{ s | safe }}|{{ n | safe }}|{{ b | safe }}|{{ l | safe }}|{{ m | safe }}";
        let mut ctx = tera::Context::new();
        ctx.insert("s", &format!("<p>{}</p>", "x & y ".repeat(20)));
        ctx.insert("n", &4.5);
        ctx.insert("b", &true);
        ctx.insert("l", &["<a>", "b"]);
        ctx.insert("m", &std::collections::BTreeMap::from([("k", "<v>")]));
        let render = |ours: bool| {
            let mut tera = tera::Tera::default();
            if ours {
                tera.register_filter("safe", safe);
            }
            tera.add_raw_template("t", template).unwrap();
            tera.render("t", &ctx).unwrap()
        };
        assert_eq!(render(true), render(false));
        assert!(render(true).starts_with("<p>x & y"));
    }
}
