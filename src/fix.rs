//! `coroner fix`: making inferred values explicit by writing them into each postmortem's front
//! matter. A file without front matter gets a new `---` block at the top; a file with YAML front
//! matter gets only the missing keys, inside its block; every other byte is kept, the result is
//! checked to parse before it is written, and it is written atomically. Files that do not parse
//! (or whose front matter is TOML) are reported and never touched.

use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, Format};
use crate::{load, source, suggest};

/// What would be done to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file on disk.
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub display: PathBuf,
    /// The keys to add, with their values written as YAML, in schema order.
    pub values: Vec<(&'static str, String)>,
    /// Whether the file already has a YAML front-matter block (else one is added at the top).
    pub has_block: bool,
}

impl FileFix {
    /// The `---` block holding the values, as `coroner fix` prints it.
    pub fn block(&self) -> String {
        suggest::front_matter_block(&self.values)
    }
}

/// The fixes of a whole site, and the files left alone with the reason.
#[derive(Debug, Default)]
pub struct Plan {
    /// Files that would change.
    pub files: Vec<FileFix>,
    /// Files that cannot be fixed (they do not parse, or their front matter is TOML).
    pub skipped: Diagnostics,
}

/// Why a file could not be rewritten.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file changed since it was read, or the result would not parse; nothing was written.
    #[error("{path}: {message}; the file was not changed")]
    Unsafe {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// Reads the site at `root` and works out, file by file, which inferred values to write.
/// Drafts are included: their metadata is worth making explicit too.
pub fn plan(root: &Path) -> Result<Plan, Diagnostics> {
    let overrides = Overrides {
        drafts: true,
        ..Overrides::default()
    };
    let config = Config::load(root, &overrides)?;
    let mut unreadable = Diagnostics::new();
    let sources = source::load(&config.root, &config.build.content_dir, &mut unreadable);
    let mut plan = Plan::default();
    plan.skipped.extend(unreadable.into_iter().map(not_changed));
    for file in &sources.files {
        let loaded = load::load(file, &config);
        let Some(incident) = loaded.incident else {
            let errors = loaded
                .problems
                .into_iter()
                .filter(|p| p.level == crate::diagnostic::Level::Error);
            plan.skipped.extend(errors.map(not_changed));
            continue;
        };
        let values = suggest::inferred_values(&incident, &config);
        if values.is_empty() {
            continue;
        }
        let format = frontmatter::split(&file.text).matter.map(|b| b.format);
        if format == Some(Format::Toml) {
            plan.skipped.push(
                Diagnostic::warning(
                    &file.display,
                    "fix-toml",
                    "TOML front matter is not rewritten; the file was not changed",
                )
                .with_hint(format!(
                    "add these keys by hand:\n{}",
                    suggest::front_matter_block(&values).trim_end()
                )),
            );
            continue;
        }
        plan.files.push(FileFix {
            path: config.build.content_dir.join(&file.rel),
            display: file.display.clone(),
            values,
            has_block: format == Some(Format::Yaml),
        });
    }
    Ok(plan)
}

fn not_changed(mut d: Diagnostic) -> Diagnostic {
    d.message = format!("{}; the file was not changed", d.message);
    d
}

/// Writes one fix; returns how many keys were added (keys already present, even empty, are left).
pub fn apply(fix: &FileFix) -> Result<usize, FixError> {
    let io = |source| FixError::Io {
        path: fix.display.clone(),
        source,
    };
    let bytes = std::fs::read(&fix.path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|_| unsafe_fix(fix, "it is not UTF-8"))?;
    let (patched, added) = patch(&text, fix).map_err(|m| unsafe_fix(fix, &m))?;
    if added > 0 {
        write_atomic(&fix.path, patched.as_bytes()).map_err(io)?;
    }
    Ok(added)
}

fn unsafe_fix(fix: &FileFix, message: &str) -> FixError {
    FixError::Unsafe {
        path: fix.display.clone(),
        message: message.to_string(),
    }
}

/// The file's text with the values added, and how many were added. Every other byte stays as it
/// was (a BOM, CRLF line endings, the body); the result must parse and hold the new keys.
pub fn patch(text: &str, fix: &FileFix) -> Result<(String, usize), String> {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(r) => ("\u{feff}", r),
        None => ("", text),
    };
    let nl = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    let normalized = rest.replace("\r\n", "\n");
    let split = frontmatter::split(&normalized);
    let out;
    let added;
    match (&split.matter, fix.has_block) {
        (None, false) => {
            added = fix.values.len();
            out = format!("{bom}{}{rest}", with_newlines(&fix.block(), nl));
        }
        (Some(block), true) if block.format == Format::Yaml => {
            let missing: Vec<&(&str, String)> = fix
                .values
                .iter()
                .filter(|(k, _)| !has_top_level_key(block.text, k))
                .collect();
            added = missing.len();
            let mut lines = String::new();
            for (key, value) in missing {
                let sep = if value.starts_with('\n') { "" } else { " " };
                lines.push_str(&with_newlines(&format!("{key}:{sep}{value}\n"), nl));
            }
            // The closing delimiter: the first line after the opening one that is only `---`.
            let mut offset = rest.find('\n').map_or(rest.len(), |i| i + 1);
            loop {
                let end = rest[offset..]
                    .find('\n')
                    .map_or(rest.len(), |i| offset + i + 1);
                if offset >= rest.len() {
                    return Err("the front matter has no closing `---`".into());
                }
                if rest[offset..end].trim_end() == "---" {
                    break;
                }
                offset = end;
            }
            out = format!("{bom}{}{lines}{}", &rest[..offset], &rest[offset..]);
        }
        _ => return Err("the file's front matter changed since it was read".into()),
    }
    check(&out, fix)?;
    Ok((out, added))
}

/// Whether a YAML block assigns `key` at its top level (`key:` or `"key":`, not indented).
fn has_top_level_key(block: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    block.lines().any(|l| {
        l.strip_prefix(key)
            .or_else(|| l.strip_prefix(quoted.as_str()))
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

fn with_newlines(text: &str, nl: &str) -> String {
    if nl == "\n" {
        text.to_string()
    } else {
        text.replace('\n', nl)
    }
}

/// The patched text must still parse, and give every key written.
fn check(out: &str, fix: &FileFix) -> Result<(), String> {
    let text = out.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let split = frontmatter::split(&text);
    let block = split
        .matter
        .ok_or("the new front matter would not be recognised")?;
    let map = frontmatter::parse(&block)
        .map_err(|e| format!("the new front matter would not parse: {}", e.message))?;
    match fix.values.iter().find(|(k, _)| !map.contains_key(*k)) {
        Some((k, _)) => Err(format!("`{k}` would not be read back")),
        None => Ok(()),
    }
}

/// Replaces `path` with `bytes` through a temporary file in the same folder and a rename, so
/// that a reader never sees half a file; the original's permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.coroner-fix-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests;
