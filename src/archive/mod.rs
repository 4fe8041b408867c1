//! The [`Archive`]: every incident of a build, sorted, cross-linked and indexed; immutable once built.

mod index;
mod links;
mod related;
pub mod similar;

use std::collections::HashMap;

pub use index::{Index, IndexKind, Term};
pub use links::LinkTarget;
pub use related::{Related, RelatedMemo};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::incident::Incident;

/// All incidents of a build with their indexes and cross-links.
#[derive(Debug)]
pub struct Archive {
    /// Incidents, newest first (undated last, then by slug).
    pub incidents: Vec<Incident>,
    /// The five indexes, in navigation order: causes, services, severities, years, tags.
    pub indexes: Vec<Index>,
    /// For each incident (same order), related incidents, most related first (shared with
    /// `coroner serve`'s memo of the last ranking).
    pub related: std::sync::Arc<Vec<Vec<Related>>>,
    by_slug: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
}

impl Archive {
    /// Sorts, indexes and cross-links `incidents`; reports duplicate slugs, unknown `related`
    /// slugs and links to missing postmortems or anchors.
    pub fn build(incidents: Vec<Incident>, config: &Config) -> (Archive, Vec<Diagnostic>) {
        Self::build_with(incidents, config, None)
    }

    /// [`Archive::build`], taking related incidents from `memo` when what ranks them is
    /// unchanged since the last call (for `coroner serve`); the archive is the same.
    pub fn build_with(
        mut incidents: Vec<Incident>,
        config: &Config,
        memo: Option<&mut RelatedMemo>,
    ) -> (Archive, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        incidents.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| b.moments.started_at.cmp(&a.moments.started_at))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let mut by_slug: HashMap<String, usize> = HashMap::with_capacity(incidents.len());
        let mut keep = Vec::with_capacity(incidents.len());
        for incident in incidents {
            if let Some(&other) = by_slug.get(&incident.slug) {
                let first: &Incident = &keep[other];
                problems.push(
                    Diagnostic::error(
                        config_path(config, &incident.source),
                        "duplicate-slug",
                        format!(
                            "slug `{}` is also used by {}; both would be written to incidents/{}/",
                            incident.slug,
                            config_path(config, &first.source).display(),
                            incident.slug
                        ),
                    )
                    .with_hint("rename one of the files, or give one a different `slug` in its front matter"),
                );
                continue;
            }
            by_slug.insert(incident.slug.clone(), keep.len());
            keep.push(incident);
        }
        let incidents = keep;
        let by_source = incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| (inc.source.clone(), i))
            .collect();
        let indexes = index::build_all(&incidents, config);
        // Text similarity is part of the insights feature, so `[build] insights = false` skips it.
        let mut memo = memo;
        let text = config.build.insights.then(|| match memo.as_deref_mut() {
            Some(memo) => similar::similar_all_cached(&incidents, &mut memo.similar),
            None => std::sync::Arc::new(similar::similar_all(&incidents)),
        });
        let related = match memo {
            Some(memo) => related::rank_all_cached(
                &incidents,
                &by_slug,
                text.as_deref().map(Vec::as_slice),
                memo,
            ),
            None => std::sync::Arc::new(related::rank_all(
                &incidents,
                &by_slug,
                text.as_deref().map(Vec::as_slice),
            )),
        };
        let archive = Archive {
            incidents,
            indexes,
            related,
            by_slug,
            by_source,
        };
        problems.extend(archive.check_references(config));
        (archive, problems)
    }

    /// The incident with this slug.
    pub fn get(&self, slug: &str) -> Option<&Incident> {
        self.by_slug.get(slug).map(|&i| &self.incidents[i])
    }

    /// The position of the incident with this slug.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The incident built from this source file (path relative to the content directory).
    pub fn by_source(&self, source: &str) -> Option<&Incident> {
        self.by_source.get(source).map(|&i| &self.incidents[i])
    }

    /// The index of one kind.
    pub fn index_of(&self, kind: IndexKind) -> &Index {
        self.indexes
            .iter()
            .find(|i| i.kind == kind)
            .expect("every kind is built")
    }

    /// The older neighbour of incident `i` in date order.
    pub fn previous(&self, i: usize) -> Option<&Incident> {
        self.incidents.get(i + 1)
    }

    /// The newer neighbour of incident `i` in date order.
    pub fn next(&self, i: usize) -> Option<&Incident> {
        i.checked_sub(1).map(|j| &self.incidents[j])
    }

    fn check_references(&self, config: &Config) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for incident in &self.incidents {
            let path = config_path(config, &incident.source);
            for slug in &incident.related {
                if self.get(slug).is_none() {
                    let mut d = Diagnostic::warning(
                        &path,
                        "unknown-related",
                        format!("`related` names `{slug}`, which is not an incident in this build"),
                    );
                    if let Some(s) =
                        crate::diagnostic::closest(slug, self.by_slug.keys().map(String::as_str))
                    {
                        d = d.with_hint(format!("did you mean `{s}`?"));
                    }
                    problems.push(d);
                }
            }
            for link in &incident.links {
                match self.resolve_link(&incident.source, &link.dest) {
                    LinkTarget::MissingPage(target) => problems.push(
                        Diagnostic::warning(
                            &path,
                            "broken-link",
                            format!("link to `{}`: there is no postmortem `{target}`", link.dest),
                        )
                        .at(link.line, None)
                        .with_hint("fix the path (relative to this file), or remove the link"),
                    ),
                    LinkTarget::MissingAnchor { slug, anchor } => {
                        let mut d = Diagnostic::warning(
                            &path,
                            "broken-anchor",
                            format!(
                                "link to `{}`: `{slug}` has no heading `#{anchor}`",
                                link.dest
                            ),
                        )
                        .at(link.line, None);
                        if let Some(target) = self.get(&slug)
                            && let Some(s) = crate::diagnostic::closest(
                                &anchor,
                                target.headings.iter().map(|h| h.id.as_str()),
                            )
                        {
                            d = d.with_hint(format!("did you mean `#{s}`?"));
                        }
                        problems.push(d);
                    }
                    LinkTarget::Page { .. } | LinkTarget::Other => {}
                }
            }
        }
        problems
    }
}

/// The path of a source file as shown in messages: relative to the site root when possible.
pub fn config_path(config: &Config, source: &str) -> std::path::PathBuf {
    let full = config.build.content_dir.join(source);
    full.strip_prefix(&config.root)
        .map(|p| p.to_path_buf())
        .unwrap_or(full)
}
