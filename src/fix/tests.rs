//! Tests of planning and patching front matter.

use super::*;

fn fix(values: &[(&'static str, &str)], has_block: bool) -> FileFix {
    FileFix {
        path: PathBuf::from("x.md"),
        display: PathBuf::from("content/x.md"),
        values: values.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        has_block,
    }
}

#[test]
fn a_file_without_front_matter_gets_a_block_on_top() {
    let f = fix(&[("title", "Disk full"), ("causes", "[capacity]")], false);
    let (out, n) = patch("# Disk full\n\nBody.\n", &f).unwrap();
    assert_eq!(
        out,
        "---\ntitle: Disk full\ncauses: [capacity]\n---\n# Disk full\n\nBody.\n"
    );
    assert_eq!(n, 2);
}

#[test]
fn missing_keys_go_inside_an_existing_block_and_every_other_byte_stays() {
    let text =
        "---\ntitle: Kept as is   \nseverity: SEV2\n---\nBody with --- inside\n---\nand a rule.";
    let f = fix(
        &[
            ("started_at", "2024-01-21T14:02:00+00:00"),
            (
                "action_items",
                "\n  - title: Add a canary\n    status: open",
            ),
        ],
        true,
    );
    let (out, n) = patch(text, &f).unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        out,
        "---\ntitle: Kept as is   \nseverity: SEV2\nstarted_at: 2024-01-21T14:02:00+00:00\naction_items:\n  - title: Add a canary\n    status: open\n---\nBody with --- inside\n---\nand a rule."
    );
}

#[test]
fn crlf_and_bom_are_kept() {
    let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
    let (out, _) = patch(text, &fix(&[("causes", "[dns]")], true)).unwrap();
    assert_eq!(
        out,
        "\u{feff}---\r\ntitle: A\r\ncauses: [dns]\r\n---\r\nBody\r\n"
    );
    let (out, _) = patch("Body\r\n", &fix(&[("title", "B")], false)).unwrap();
    assert_eq!(out, "---\r\ntitle: B\r\n---\r\nBody\r\n");
}

#[test]
fn keys_already_present_even_empty_are_left() {
    let text = "---\ntitle:\naction_items:\n  - title: x\n---\nBody\n";
    let (out, n) = patch(
        text,
        &fix(&[("title", "New"), ("date", "2024-01-21")], true),
    )
    .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        out,
        "---\ntitle:\naction_items:\n  - title: x\ndate: 2024-01-21\n---\nBody\n"
    );
}

#[test]
fn a_result_that_would_not_parse_is_refused() {
    let f = fix(&[("title", "a: b: c")], false);
    assert!(patch("Body\n", &f).unwrap_err().contains("would not parse"));
    // The file gained a block since it was planned.
    assert!(patch("---\na: 1\n---\nBody\n", &fix(&[("title", "T")], false)).is_err());
}

#[test]
fn writes_are_atomic_and_leave_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, "old").unwrap();
    write_atomic(&path, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn plan_skips_toml_and_unparseable_files_and_applies_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("plain.md"),
        "# Cache stampede\n\nThe cache expired.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("toml.md"),
        "+++\ntitle = 'T'\n+++\n## Root Cause\n\nA DNS resolver failed.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("broken.md"),
        "---\ntitle: [unclosed\n---\nBody\n",
    )
    .unwrap();
    let plan = plan(dir.path()).unwrap();
    let names: Vec<String> = plan
        .files
        .iter()
        .map(|f| f.display.to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["content/plain.md"]);
    let skipped: Vec<String> = plan
        .skipped
        .iter()
        .map(|d| d.path.to_string_lossy().into_owned())
        .collect();
    assert!(
        skipped.contains(&"content/toml.md".to_string()),
        "{skipped:?}"
    );
    assert!(
        skipped.contains(&"content/broken.md".to_string()),
        "{skipped:?}"
    );
    assert!(
        plan.skipped
            .iter()
            .all(|d| d.message.contains("not changed"))
    );
    assert_eq!(apply(&plan.files[0]).unwrap(), 1);
    let text = std::fs::read_to_string(content.join("plain.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: Cache stampede\n---\n# Cache stampede\n\nThe cache expired.\n"
    );
    // Nothing is left to make explicit.
    let again = super::plan(dir.path()).unwrap();
    assert!(again.files.is_empty(), "{:?}", again.files);
}
