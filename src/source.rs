//! Finding and reading a site's postmortems and the files beside them (images, attachments).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::{Normalized, normalize};

mod memo;

pub use memo::SourceMemo;
use memo::{Remembered, Stamp};

/// Postmortems larger than this are refused: a file this big is almost always a log dump.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One Markdown postmortem as read from disk, with LF line endings and no BOM.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    /// The path relative to the content directory, with `/` separators (e.g. `2024/db.md`).
    pub rel: String,
    /// The path as it is shown in messages (relative to the site root where possible).
    pub display: PathBuf,
    /// The file's text, shared: a file `coroner serve` did not need to read again is the same
    /// text as before, recognized without comparing it.
    pub text: std::sync::Arc<str>,
    /// Whether this is the `index.md` of a one-folder-per-incident bundle.
    pub is_bundle: bool,
    /// What reading the file changed (BOM removed, CRLF converted).
    pub normalized: Normalized,
}

impl SourceFile {
    /// A flat postmortem at `rel` (relative to the content directory) holding `text`, read the
    /// way files on disk are (BOM dropped, CRLF made LF): for tools and tests that have text
    /// rather than a file.
    pub fn from_text(rel: &str, text: &str) -> SourceFile {
        let (text, normalized) = normalize(text.to_string());
        SourceFile {
            rel: rel.into(),
            display: PathBuf::from("content").join(rel),
            text: text.into(),
            is_bundle: false,
            normalized,
        }
    }

    /// The slug implied by the file name: the folder name for a bundle, else the file stem.
    pub fn default_slug(&self) -> String {
        let path = Path::new(&self.rel);
        let name = if self.is_bundle {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        };
        name.map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A non-Markdown file inside an incident's folder, copied next to its page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub path: PathBuf,
    /// The path relative to the content directory, with `/` separators.
    pub rel: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Everything found under the content directory.
#[derive(Debug, Default)]
pub struct Sources {
    /// The postmortems, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// Files beside bundled postmortems.
    pub assets: Vec<Asset>,
}

/// Walks `content_dir` for `*.md` files and assets; `root` is only used to shorten paths in messages.
///
/// Problems with single files are recorded and the walk goes on.
pub fn load(root: &Path, content_dir: &Path, problems: &mut Diagnostics) -> Sources {
    load_inner(root, content_dir, problems, None)
}

/// [`load`], taking from `memo` every postmortem whose file is unchanged since the last load
/// (see [`SourceMemo`]) instead of reading it; the result is the same.
pub fn load_with_memo(
    root: &Path,
    content_dir: &Path,
    problems: &mut Diagnostics,
    memo: &mut SourceMemo,
) -> Sources {
    load_inner(root, content_dir, problems, Some(memo))
}

fn load_inner(
    root: &Path,
    content_dir: &Path,
    problems: &mut Diagnostics,
    memo: Option<&mut SourceMemo>,
) -> Sources {
    let display = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    if !content_dir.is_dir() {
        problems.push(
            Diagnostic::error(display(content_dir), "no-content", "the content directory does not exist")
                .with_hint("create it and put postmortems (*.md) in it, or set [build] content_dir in book.toml"),
        );
        return Sources::default();
    }
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.into_path();
                if path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("md"))
                {
                    markdown.push(path);
                } else {
                    others.push(path);
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(display)
                    .unwrap_or_else(|| display(content_dir));
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop; the link is skipped".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    )
                };
                problems.push(Diagnostic::warning(path, "unreadable", message));
            }
        }
    }
    let rel_of = |p: &Path| {
        p.strip_prefix(content_dir)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let bundle_dirs: Vec<PathBuf> = markdown
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|d| d != content_dir)
        .collect();
    let previous = memo.as_deref();
    let results: Vec<Read> = markdown
        .par_iter()
        .map(|path| {
            let rel = rel_of(path);
            let is_bundle = is_bundle(path, &bundle_dirs);
            // The time and stamp come before the read, so a write during it changes the stamp.
            let read_at = std::time::SystemTime::now();
            let stamp = memo.is_some().then(|| Stamp::of(path)).flatten();
            if let (Some(stamp), Some(previous)) = (stamp, previous)
                && let Some(file) = previous.reuse(path, stamp, &rel, is_bundle)
            {
                let remembered = Remembered {
                    stamp,
                    read_at,
                    file: file.clone(),
                };
                return (Ok(file.clone()), Some(remembered), true);
            }
            let read = read_one(path, rel, display(path), is_bundle);
            let remembered = match (&read, stamp) {
                (Ok(file), Some(stamp)) => Some(Remembered {
                    stamp,
                    read_at,
                    file: file.clone(),
                }),
                _ => None,
            };
            (read, remembered, false)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut remembered = Vec::new();
    let mut reused = 0;
    for ((r, kept, hit), path) in results.into_iter().zip(&markdown) {
        reused += usize::from(hit);
        if let Some(kept) = kept {
            remembered.push((path.clone(), kept));
        }
        match r {
            Ok(f) => files.push(f),
            Err(d) => problems.push(*d),
        }
    }
    if let Some(memo) = memo {
        memo.replace(remembered, reused);
    }
    let others: Vec<PathBuf> = others
        .into_iter()
        .filter(|p| bundle_dirs.iter().any(|d| p.starts_with(d)))
        .collect();
    let read: Vec<Result<Asset, Box<Diagnostic>>> = others
        .par_iter()
        .map(|path| match std::fs::read(path) {
            Ok(bytes) => Ok(Asset {
                rel: rel_of(path),
                path: path.clone(),
                bytes,
            }),
            Err(e) => Err(Box::new(Diagnostic::error(
                display(path),
                "unreadable",
                format!("cannot read: {e}"),
            ))),
        })
        .collect();
    let mut assets = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(a) => assets.push(a),
            Err(d) => problems.push(*d),
        }
    }
    Sources { files, assets }
}

/// One postmortem's read: the file or why it could not be read, what the memo keeps of it, and
/// whether it came from the memo.
type Read = (
    Result<SourceFile, Box<Diagnostic>>,
    Option<Remembered>,
    bool,
);

/// Whether `path` is the `index.md` of a bundle folder.
fn is_bundle(path: &Path, bundle_dirs: &[PathBuf]) -> bool {
    path.file_name().is_some_and(|n| n == "index.md")
        && path
            .parent()
            .is_some_and(|d| bundle_dirs.iter().any(|b| b == d))
}

fn read_one(
    path: &Path,
    rel: String,
    display: PathBuf,
    is_bundle: bool,
) -> Result<SourceFile, Box<Diagnostic>> {
    use std::io::Read;
    let unreadable =
        |e: std::io::Error| Diagnostic::error(&display, "unreadable", format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // Read at most one byte past the limit: the size in the metadata can change between a
    // stat and a read, the bytes read cannot. The size only sizes the buffer, so a file is
    // read in one call rather than in doubling chunks of 32 bytes and up (ten calls for a
    // 6 KB postmortem).
    let hint = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES) as usize;
    let mut bytes = Vec::with_capacity(hint + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(Box::new(
            Diagnostic::error(
                &display,
                "too-large",
                format!(
                    "the file is {:.1} MiB; postmortems over {} MiB are not read",
                    size as f64 / 1048576.0,
                    MAX_FILE_BYTES / 1048576
                ),
            )
            .with_hint("move logs and dumps out of the content directory, or link to them"),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let (line, column) = crate::text::line_col(&String::from_utf8_lossy(valid), usize::MAX);
            return Err(Box::new(
                Diagnostic::error(
                    &display,
                    "not-utf8",
                    format!(
                        "the file is not valid UTF-8 (byte {} is not part of a UTF-8 character)",
                        valid.len() + 1
                    ),
                )
                .at(line, Some(column))
                .with_hint("re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"),
            ));
        }
    };
    let (text, normalized) = normalize(text);
    Ok(SourceFile {
        rel,
        display,
        text: text.into(),
        is_bundle,
        normalized,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_flat_and_bundled_postmortems_and_their_assets() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("2024-01-21-db/")).unwrap();
        std::fs::write(content.join("a.md"), "\u{feff}# A\r\n").unwrap();
        std::fs::write(content.join("2024-01-21-db/index.md"), "# DB").unwrap();
        std::fs::write(content.join("2024-01-21-db/graph.png"), [0u8, 1]).unwrap();
        std::fs::write(content.join("stray.png"), [0u8]).unwrap();
        std::fs::write(content.join("latin1.md"), [b'#', b' ', 0xE9]).unwrap();
        let mut problems = Diagnostics::new();
        let sources = load(dir.path(), &content, &mut problems);
        let slugs: Vec<_> = sources.files.iter().map(SourceFile::default_slug).collect();
        assert_eq!(slugs, ["2024-01-21-db", "a"]);
        assert_eq!(&*sources.files[1].text, "# A\n");
        assert!(sources.files[1].normalized.had_bom);
        assert_eq!(sources.assets.len(), 1);
        assert_eq!(sources.assets[0].rel, "2024-01-21-db/graph.png");
        let d = problems.iter().next().unwrap();
        assert_eq!(d.code, "not-utf8");
        assert_eq!(d.path, Path::new("content/latin1.md"));
    }
}
