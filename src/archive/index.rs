//! The archive's indexes: incidents grouped by cause, service, severity, year and tag.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::config::Config;
use crate::incident::Incident;

/// The kinds of index, each with its own URL prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// Root-cause categories, `causes/`.
    Causes,
    /// Services, `services/`.
    Services,
    /// Severity levels, `severities/`.
    Severities,
    /// Years, `years/`.
    Years,
    /// Free tags, `tags/`.
    Tags,
}

impl IndexKind {
    /// All kinds, in navigation order.
    pub const ALL: [IndexKind; 5] = [
        IndexKind::Causes,
        IndexKind::Services,
        IndexKind::Severities,
        IndexKind::Years,
        IndexKind::Tags,
    ];

    /// The URL segment and section id: `causes`, `services`, ...
    pub fn segment(self) -> &'static str {
        match self {
            IndexKind::Causes => "causes",
            IndexKind::Services => "services",
            IndexKind::Severities => "severities",
            IndexKind::Years => "years",
            IndexKind::Tags => "tags",
        }
    }

    /// The index page's title.
    pub fn title(self) -> &'static str {
        match self {
            IndexKind::Causes => "Root causes",
            IndexKind::Services => "Services",
            IndexKind::Severities => "Severities",
            IndexKind::Years => "Years",
            IndexKind::Tags => "Tags",
        }
    }

    /// One sentence saying what the index is for.
    pub fn description(self) -> &'static str {
        match self {
            IndexKind::Causes => {
                "Incidents grouped by root-cause category: how often does each kind of failure happen, and how long does it last?"
            }
            IndexKind::Services => "Incidents grouped by the services they affected.",
            IndexKind::Severities => "Incidents grouped by severity level.",
            IndexKind::Years => "Incidents grouped by the year they happened.",
            IndexKind::Tags => "Incidents grouped by free-form tag.",
        }
    }

    /// The values an incident has for this index, as written (borrowed: every page and index
    /// asks for them, and only a year is not already a string of the incident).
    pub fn values(self, incident: &Incident) -> Vec<Cow<'_, str>> {
        match self {
            IndexKind::Causes => borrowed(&incident.causes),
            IndexKind::Services => borrowed(&incident.services),
            IndexKind::Severities => borrowed(incident.severity.as_slice()),
            IndexKind::Years => incident
                .year()
                .map(|y| Cow::Owned(y.to_string()))
                .into_iter()
                .collect(),
            IndexKind::Tags => borrowed(&incident.tags),
        }
    }
}

/// Each value of `list`, borrowed.
fn borrowed(list: &[String]) -> Vec<Cow<'_, str>> {
    list.iter().map(|v| Cow::Borrowed(v.as_str())).collect()
}

/// One term of an index with its incidents.
#[derive(Debug, Clone)]
pub struct Term {
    /// The URL-safe id, e.g. `config-change`.
    pub id: String,
    /// Display label, e.g. `Config change` or `SEV1 · Critical`.
    pub label: String,
    /// The taxonomy's description, possibly empty.
    pub description: String,
    /// Whether the taxonomy lists it (always true for years and tags).
    pub known: bool,
    /// Positions in [`Archive::incidents`](super::Archive::incidents), newest first.
    pub incidents: Vec<usize>,
}

/// All terms of one kind.
#[derive(Debug, Clone)]
pub struct Index {
    /// Which index this is.
    pub kind: IndexKind,
    /// The terms, in display order.
    pub terms: Vec<Term>,
    by_value: HashMap<String, usize>,
}

impl Index {
    /// The term an incident's value (as written) belongs to.
    pub fn term_for(&self, value: &str) -> Option<&Term> {
        self.by_value.get(value).map(|&i| &self.terms[i])
    }
}

/// Builds every index over `incidents` (which are already newest first).
pub fn build_all(incidents: &[Incident], config: &Config) -> Vec<Index> {
    use rayon::prelude::*;
    // The five indexes are independent: built side by side.
    IndexKind::ALL
        .par_iter()
        .map(|&kind| build(kind, incidents, config))
        .collect()
}

fn build(kind: IndexKind, incidents: &[Incident], config: &Config) -> Index {
    let mut terms: Vec<Term> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_value: HashMap<String, usize> = HashMap::new();
    let tax = &config.taxonomy;
    for (position, incident) in incidents.iter().enumerate() {
        for value in kind.values(incident) {
            let slot = match by_value.get(value.as_ref()) {
                Some(&slot) => slot,
                None => {
                    let id = term_id(kind, &value);
                    let slot = *by_id.entry(id.clone()).or_insert_with(|| {
                        let (label, description, known) = describe(kind, &value, config);
                        terms.push(Term {
                            id,
                            label,
                            description,
                            known,
                            incidents: Vec::new(),
                        });
                        terms.len() - 1
                    });
                    by_value.insert(value.into_owned(), slot);
                    slot
                }
            };
            let list = &mut terms[slot].incidents;
            if list.last() != Some(&position) {
                list.push(position);
            }
        }
    }
    // Natural order: severities as configured, years newest first, the rest most frequent first.
    let order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..terms.len()).collect();
        match kind {
            IndexKind::Severities => idx.sort_by_key(|&i| {
                (
                    tax.severity_rank(&terms[i].id).unwrap_or(usize::MAX),
                    terms[i].id.clone(),
                )
            }),
            IndexKind::Years => idx.sort_by(|&a, &b| terms[b].id.cmp(&terms[a].id)),
            _ => idx.sort_by(|&a, &b| {
                terms[b]
                    .incidents
                    .len()
                    .cmp(&terms[a].incidents.len())
                    .then_with(|| terms[a].id.cmp(&terms[b].id))
            }),
        }
        idx
    };
    let mut new_pos = vec![0; terms.len()];
    for (new, &old) in order.iter().enumerate() {
        new_pos[old] = new;
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    let terms: Vec<Term> = order
        .iter()
        .map(|&old| slots[old].take().expect("each term once"))
        .collect();
    let by_value = by_value
        .into_iter()
        .map(|(v, old)| (v, new_pos[old]))
        .collect();
    Index {
        kind,
        terms,
        by_value,
    }
}

/// The URL id of a value: taxonomy ids as they are, free text slugified.
fn term_id(kind: IndexKind, value: &str) -> String {
    if crate::url::is_safe_segment(value) {
        return match kind {
            IndexKind::Severities => value.to_string(),
            _ => value.to_ascii_lowercase(),
        };
    }
    let slug = crate::url::slugify(value);
    if slug.is_empty() {
        "other".into()
    } else {
        slug
    }
}

fn describe(kind: IndexKind, value: &str, config: &Config) -> (String, String, bool) {
    let tax = &config.taxonomy;
    match kind {
        IndexKind::Causes => match tax.cause(value) {
            Some(c) => (c.id.clone(), c.description.clone(), true),
            None => (value.to_string(), String::new(), false),
        },
        IndexKind::Services => match tax.service(value) {
            Some(s) => (s.name.clone(), String::new(), true),
            None => (value.to_string(), String::new(), tax.services.is_empty()),
        },
        IndexKind::Severities => match tax.severity(value) {
            Some(s) => (
                format!("{} · {}", s.id, s.label),
                s.description.clone(),
                true,
            ),
            None => (value.to_string(), String::new(), false),
        },
        IndexKind::Years | IndexKind::Tags => (value.to_string(), String::new(), true),
    }
}
