//! Unit tests of book.toml: defaults, unknown keys and syntax errors with their positions,
//! the base URL override, the taxonomy, and invalid settings.

use super::*;

fn load(text: &str) -> Result<Config, Diagnostics> {
    Config::from_str(
        Path::new("/site"),
        Path::new("book.toml"),
        text,
        &Overrides::default(),
    )
}

#[test]
fn empty_config_gives_defaults() {
    let c = load("").unwrap();
    assert_eq!(c.site.base_url.path(), "/");
    assert_eq!(c.build.content_dir, Path::new("/site/content"));
    assert_eq!(c.build.output_dir, Path::new("/site/public"));
    assert_eq!(c.taxonomy.severities[0].id, "SEV1");
    assert!(c.taxonomy.cause("dns").is_some());
    assert_eq!(c.infer.date_order, DateOrder::Mdy);
}

#[test]
fn unknown_keys_are_all_reported_with_line_and_suggestion() {
    let err = load("[site]\ntitel = \"x\"\n[build]\ndraft = true\n").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("book.toml:2: error[unknown-key]: unknown key `titel` in [site]"),
        "{text}"
    );
    assert!(text.contains("did you mean `title`?"), "{text}");
    assert!(
        text.contains("book.toml:4: error[unknown-key]: unknown key `draft` in [build]"),
        "{text}"
    );
    assert!(text.contains("did you mean `drafts`?"), "{text}");
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = load("[site]\ntitle = \"unterminated\n").unwrap_err();
    let d = err.iter().next().unwrap();
    assert_eq!(d.line, Some(2));
    assert!(d.column.is_some());
}

#[test]
fn base_url_override_and_sub_path() {
    let overrides = Overrides {
        base_url: Some("https://org.github.io/incidents".into()),
        ..Overrides::default()
    };
    let c = Config::from_str(
        Path::new("/s"),
        Path::new("book.toml"),
        "[site]\nbase_url = \"https://x.test/\"\n",
        &overrides,
    )
    .unwrap();
    assert_eq!(c.site.base_url.path(), "/incidents/");
}

#[test]
fn custom_causes_keep_default_keywords() {
    let c = load("[[taxonomy.causes]]\nid = \"dns\"\nkeywords = [\"Route53\"]\n[[taxonomy.causes]]\nid = \"kafka\"\n").unwrap();
    let dns = c.taxonomy.cause("dns").unwrap();
    assert!(dns.keywords.iter().any(|k| k == "resolver"));
    assert!(dns.keywords.iter().any(|k| k == "route53"));
    assert!(c.taxonomy.cause("kafka").is_some());
    assert!(c.taxonomy.cause("network").is_none());
}

#[test]
fn bad_timezone_and_date_order_are_errors() {
    let err = load("[infer]\ntimezone = \"Mars/Olympus\"\ndate_order = \"ymd\"\n").unwrap_err();
    assert_eq!(err.error_count(), 2);
}

#[test]
fn insights_are_on_unless_switched_off() {
    assert!(load("").unwrap().build.insights);
    assert!(!load("[build]\ninsights = false\n").unwrap().build.insights);
}
