//! Snapshots of rendered pages of the `basic` fixture site; change them only through a reviewed
//! `cargo insta review`.

mod common;

fn page(rel: &str) -> String {
    String::from_utf8(common::basic_fixture_file(rel)).expect("HTML is UTF-8")
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
