//! Test support shared by unit tests: a default configuration and a blank incident to fill in.

use std::path::Path;

use crate::config::{Config, Overrides};
use crate::incident::{Incident, Moments, Status};

/// The configuration of an empty `book.toml` at `/site`.
pub fn config() -> Config {
    Config::from_str(
        Path::new("/site"),
        Path::new("/site/book.toml"),
        "",
        &Overrides::default(),
    )
    .expect("empty config is valid")
}

/// A published incident with this slug and nothing else known.
pub fn incident(slug: &str) -> Incident {
    Incident {
        slug: slug.into(),
        source: format!("{slug}.md"),
        title: slug.into(),
        date: None,
        severity: None,
        status: Status::Published,
        services: Vec::new(),
        causes: Vec::new(),
        trigger: None,
        tags: Vec::new(),
        authors: Vec::new(),
        moments: Moments::default(),
        stated_duration_minutes: None,
        impact: None,
        users_affected_percent: None,
        summary: None,
        action_items: Vec::new(),
        related: Vec::new(),
        timeline: Vec::new(),
        body: "".into(),
        body_line: 1,
        headings: Vec::new(),
        links: Vec::new(),
        has_html: false,
        inferred: Vec::new(),
    }
}
