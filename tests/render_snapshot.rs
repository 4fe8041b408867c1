//! Snapshots of rendered pages of the `basic` fixture site; change them only through a reviewed
//! `cargo insta review`.

mod common;

use coroner::build::{load_site, render_site};
use coroner::config::Overrides;
use coroner::render::RenderSettings;

fn page(rel: &str) -> String {
    let loaded = load_site(&common::fixture("basic"), &Overrides::default())
        .expect("fixture config is valid");
    let settings = RenderSettings {
        today: Some(jiff::civil::date(2024, 3, 15)),
        ..RenderSettings::default()
    };
    let files = render_site(&loaded, &settings).expect("fixture renders");
    let file = files
        .into_iter()
        .find(|f| f.rel == rel)
        .expect("page exists");
    String::from_utf8(file.bytes).expect("HTML is UTF-8")
}

#[test]
fn incident_page() {
    insta::assert_snapshot!(page("incidents/2024-01-21-checkout-500s/index.html"));
}

#[test]
fn cause_term_page() {
    insta::assert_snapshot!(page("causes/config-change/index.html"));
}

#[test]
fn insights_page() {
    insta::assert_snapshot!(page("insights/index.html"));
}

#[test]
fn actions_page() {
    insta::assert_snapshot!(page("actions/index.html"));
}
