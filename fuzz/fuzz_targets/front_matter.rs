//! Fuzzes the front-matter reader: splitting a file, parsing its block, reading the schema.
#![no_main]

use coroner::frontmatter;
use coroner::incident::RawFrontMatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files that are not UTF-8 are refused before front matter is read.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = frontmatter::unclosed(text);
    let split = frontmatter::split(text);
    // The body must be a suffix of the text and start on a real line.
    assert!(text.ends_with(split.body));
    assert!(split.body_line >= 1 && split.body_line <= text.lines().count() + 2);
    if let Some(block) = &split.matter {
        if let Ok(map) = frontmatter::parse(block) {
            let _ = RawFrontMatter::from_map(map);
        } else if let Err(e) = frontmatter::parse(block) {
            // Every syntax error points at a line of the file.
            assert!(e.line >= 1, "{e:?}");
        }
    }
});
