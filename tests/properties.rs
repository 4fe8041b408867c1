//! Property tests of the three entry points that read authors' text: the front-matter reader,
//! loading (with inference) and Markdown rendering. Inputs mix the syntax each one cares about
//! with arbitrary text, so the interesting paths are reached in a few seconds.

use std::path::Path;
use std::sync::LazyLock;

use coroner::config::{Config, Overrides};
use coroner::frontmatter;
use coroner::incident::RawFrontMatter;
use coroner::markdown::{self, RenderOptions};
use coroner::source::SourceFile;
use proptest::prelude::*;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::from_str(
        Path::new("/site"),
        Path::new("book.toml"),
        "[check]\nrequired_sections = [\"Timeline\"]\n",
        &Overrides::default(),
    )
    .unwrap()
});

/// Text built from the pieces front matter and Markdown are made of, and arbitrary characters.
fn documents() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        prop::sample::select(vec![
            "title: ",
            "severity: ",
            "services: [",
            "]",
            "causes: ",
            "started_at: ",
            "resolved_at: ",
            "action_items:\n  - title: ",
            "    owner: ",
            "slug: ",
            "related: ",
            "date: ",
            "draft: ",
            "status: ",
            "title = ",
            "\"",
            "'",
            "{",
            "}",
            ": ",
            "# ",
            "## ",
            "[link](",
            ".md#",
            ")",
            "<script>",
            "<img src=x onerror=",
            "javascript:",
            "- [ ] ",
            "| a | b |\n|---|---|\n",
            "```\n",
            "2025-01-21T14:00:00Z",
            "2025-13-45",
            "SEV2",
            "\t",
            "\0",
            "é",
            "🔥",
            "\u{202e}",
            "../",
            "\n",
        ])
        .prop_map(String::from),
        "[a-z0-9 ]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn source(text: &str) -> SourceFile {
    SourceFile::from_text("2025-01-21-prop.md", text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_reading_never_panics_and_positions_are_in_the_file(text in documents()) {
        let (text, _) = coroner::text::normalize(text);
        let split = frontmatter::split(&text);
        prop_assert!(text.ends_with(split.body));
        let lines = text.lines().count().max(1);
        prop_assert!(split.body_line >= 1 && split.body_line <= lines + 1);
        if let Some(block) = &split.matter {
            match frontmatter::parse(block) {
                Ok(map) => { let _ = RawFrontMatter::from_map(map); }
                Err(e) => prop_assert!(e.line >= 1 && e.line <= lines, "{e:?} in {lines} lines"),
            }
        }
    }

    #[test]
    fn a_title_written_by_suggest_reads_back_unchanged(title in "\\PC{1,40}") {
        let title = title.trim().to_string();
        prop_assume!(!title.is_empty());
        let block = coroner::suggest::front_matter_block(&[("title", coroner::suggest::yaml_str(&title))]);
        let split = frontmatter::split(&block);
        let map = frontmatter::parse(split.matter.as_ref().unwrap()).map_err(|e| TestCaseError::fail(format!("{e:?}: {block}")))?;
        let (fm, problems) = RawFrontMatter::from_map(map);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(fm.title.as_deref(), Some(title.as_str()), "{}", block);
    }

    #[test]
    fn loading_never_panics_and_every_problem_is_located_in_the_file(text in documents()) {
        let src = source(&text);
        let loaded = coroner::load::load(&src, &CONFIG);
        let lines = src.text.lines().count().max(1);
        let mut problems = loaded.problems;
        if let Some(incident) = &loaded.incident {
            problems.extend(coroner::check::incident_problems(incident, &src, &CONFIG));
            let safe = coroner::url::is_safe_segment(&incident.slug);
            prop_assert!(safe || problems.iter().any(|d| d.code == "invalid-slug" && d.is_error()));
        }
        for d in &problems {
            prop_assert_eq!(&d.path, &src.display);
            if let Some(line) = d.line {
                prop_assert!(line >= 1 && line <= lines, "{d} ({lines} lines)");
            }
        }
    }

    #[test]
    fn rendering_never_panics_and_untrusted_output_runs_no_code(text in documents()) {
        let outline = markdown::outline(&text, 1);
        let mut ids: Vec<_> = outline.headings.iter().map(|h| h.id.as_str()).collect();
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), count, "heading anchors are unique");
        let resolve = |_: &str| None;
        let html = markdown::render(&text, &RenderOptions {
            headings: &outline.headings,
            title: None,
            resolve: &resolve,
            trust_html: false,
        });
        prop_assert!(!html.to_ascii_lowercase().contains("<script"), "{}", html);
        for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)) {
            for attr in [" href=\"", " src=\""] {
                for (at, _) in tag.match_indices(attr) {
                    let value = tag[at + attr.len()..].split('"').next().unwrap_or("");
                    prop_assert!(!markdown::is_active_url(value), "<{}>", tag);
                }
            }
        }
    }
}

/// Titles that look like numbers, booleans or nulls to YAML must be quoted by `suggest`, or the
/// suggested front matter would change them (`0x1A` would read back as 26).
#[test]
fn yaml_lookalike_titles_read_back_unchanged() {
    for title in [
        "0x1A",
        "0o17",
        "017",
        "1_000",
        "+1",
        "-1",
        ".5",
        "1e3",
        "1.",
        "~",
        "null",
        "Null",
        "NULL",
        "True",
        "FALSE",
        "y",
        "n",
        "Yes",
        "off",
        ".inf",
        "-.inf",
        ".NaN",
        "2025-01-21",
        "12:30",
        "a: b",
        "# not a comment",
        "[x]",
        "{x}",
        "*alias",
        "&anchor",
        "!tag",
        "|",
        ">",
        "@x",
        "`x`",
        "%x",
        "x #y",
        "Outage (2/3)",
        "it's",
        "Ünïcödé",
        "a\u{2028}b",
    ] {
        let block =
            coroner::suggest::front_matter_block(&[("title", coroner::suggest::yaml_str(title))]);
        let split = frontmatter::split(&block);
        let map = frontmatter::parse(split.matter.as_ref().unwrap())
            .unwrap_or_else(|e| panic!("{title:?}: {e:?}\n{block}"));
        let (fm, _) = RawFrontMatter::from_map(map);
        assert_eq!(fm.title.as_deref(), Some(title), "{block}");
    }
}
