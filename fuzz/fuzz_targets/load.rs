//! Fuzzes loading one postmortem: front matter, inference and validation on arbitrary text.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use coroner::config::{Config, Overrides};
use coroner::source::SourceFile;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::from_str(
        Path::new("/fuzz"),
        Path::new("/fuzz/book.toml"),
        "[check]\nrequired_sections = [\"Timeline\", \"Action items\"]\n",
        &Overrides::default(),
    )
    .expect("the fuzz configuration is valid")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = SourceFile::from_text("2025-01-21-fuzz.md", text);
    let loaded = coroner::load::load(&source, &CONFIG);
    if let Some(incident) = &loaded.incident {
        let _ = coroner::check::incident_problems(incident, &source, &CONFIG);
        let values = coroner::suggest::inferred_values(incident, &CONFIG);
        let _ = coroner::suggest::front_matter_block(&values);
    }
});
