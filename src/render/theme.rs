//! The theme: templates and static files embedded in the binary, overridden file by file by a
//! site's own `templates/` and `static/` folders (or a theme folder named in book.toml).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template or static file, with where it came from for error messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path inside `templates/` or `static/`, with `/` separators.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The file on disk it was read from, or `None` for the embedded default.
    pub origin: Option<PathBuf>,
}

/// The resolved theme of a site.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`incident.html`, ...).
    pub templates: Vec<ThemeFile>,
    /// Static files copied to the output under `assets/`.
    pub statics: Vec<ThemeFile>,
}

/// A theme file that exists but cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ThemeError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// The folders, lowest precedence first, whose files make up the site's theme.
pub fn layers(config: &Config) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if config.build.theme != "default" {
        dirs.push(config.root.join("themes").join(&config.build.theme));
    }
    dirs.push(config.root.clone());
    dirs
}

/// Loads the embedded default theme, then each override layer on top, file by file.
pub fn load(config: &Config) -> Result<Theme, ThemeError> {
    let mut theme = Theme::default();
    for (kind, list) in [
        ("templates", &mut theme.templates),
        ("static", &mut theme.statics),
    ] {
        if let Some(dir) = DEFAULT_THEME.get_dir(kind) {
            collect_embedded(dir, kind, list);
        }
        for layer in layers(config) {
            overlay(&layer.join(kind), list)?;
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(theme)
}

fn collect_embedded(dir: &Dir<'static>, prefix: &str, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let name = file.path().strip_prefix(prefix).unwrap_or(file.path());
        out.push(ThemeFile {
            name: slash(name),
            bytes: file.contents().to_vec(),
            origin: None,
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

fn overlay(dir: &Path, out: &mut Vec<ThemeFile>) -> Result<(), ThemeError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let name = slash(path.strip_prefix(dir).unwrap_or(path));
        // Every file is kept, `postmortem.md` (the template of `coroner new`) included: the
        // renderer compiles only `.html` and `.xml` files as page templates.
        let bytes = std::fs::read(path).map_err(|source| ThemeError {
            path: path.to_path_buf(),
            source,
        })?;
        let file = ThemeFile {
            name,
            bytes,
            origin: Some(path.to_path_buf()),
        };
        match out.iter_mut().find(|f| f.name == file.name) {
            Some(existing) => *existing = file,
            None => out.push(file),
        }
    }
    Ok(())
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The embedded default file at `path` inside the theme (e.g. `templates/postmortem.md`).
pub fn embedded(path: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME.get_file(path).map(|f| f.contents())
}
