//! The view of the search page (`search/index.html`, template `search.html`): the filters,
//! filled from the archive's indexes so the form is complete before the index loads, and the
//! index pages offered to readers without JavaScript.

use serde::Serialize;

use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::render::views::NavLink;

/// Where the search page is written, relative to the output directory.
pub const PAGE_FILE: &str = "search/index.html";

/// The search page, available to `search.html` as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// The URL of `search/index.json`.
    pub index_url: String,
    /// The select boxes, in order: severity, service, cause, year.
    pub filters: Vec<SearchFilter>,
    /// The index pages (causes, services, ...), for browsing without JavaScript.
    pub browse: Vec<NavLink>,
}

/// One select box of the search form.
#[derive(Debug, Clone, Serialize)]
pub struct SearchFilter {
    /// The query parameter and field name: `severity`, `service`, `cause` or `year`.
    pub name: String,
    /// The label, e.g. `Severity`.
    pub label: String,
    /// The text of the option that does not filter, e.g. `Any severity`.
    pub any: String,
    /// The choices, in the index's natural order.
    pub options: Vec<FilterOption>,
}

/// One choice of a select box.
#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    /// The term id, the value of the query parameter.
    pub id: String,
    /// Display text.
    pub label: String,
    /// How many incidents have it.
    pub count: usize,
}

/// Builds the search page's view.
pub fn view(archive: &Archive, config: &Config) -> SearchPage {
    let base = &config.site.base_url;
    let filter = |kind: IndexKind, name: &str, label: &str, any: &str| SearchFilter {
        name: name.into(),
        label: label.into(),
        any: any.into(),
        options: archive
            .index_of(kind)
            .terms
            .iter()
            .map(|t| FilterOption {
                id: t.id.clone(),
                label: t.label.clone(),
                count: t.incidents.len(),
            })
            .collect(),
    };
    let mut browse = vec![NavLink {
        title: "All incidents".into(),
        url: base.link("incidents/"),
        section: "incidents".into(),
    }];
    browse.extend(IndexKind::ALL.iter().map(|k| NavLink {
        title: k.title().into(),
        url: base.link(&format!("{}/", k.segment())),
        section: k.segment().into(),
    }));
    SearchPage {
        index_url: base.link(super::INDEX_FILE),
        filters: vec![
            filter(
                IndexKind::Severities,
                "severity",
                "Severity",
                "Any severity",
            ),
            filter(IndexKind::Services, "service", "Service", "Any service"),
            filter(IndexKind::Causes, "cause", "Root cause", "Any cause"),
            filter(IndexKind::Years, "year", "Year", "Any year"),
        ],
        browse,
    }
}
