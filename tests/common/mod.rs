//! Helpers shared by the integration tests: fixture paths and a checker of a built site's links.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub mod browser;
pub mod static_server;

/// The repository root (the example site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A valid fixture site under `tests/fixtures/sites/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/sites").join(name)
}

static ATTR: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"(?:href|src)="([^"]*)""#).expect("valid pattern"));
static ID: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"\sid="([^"]*)""#).expect("valid pattern"));

/// Every internal link and anchor of every HTML page in `out` that does not resolve, as
/// `page -> link` lines. `base` is the site's path prefix, e.g. `/incidents/`.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let mut pages: HashMap<PathBuf, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).expect("pages are UTF-8");
            pages.insert(entry.path().to_path_buf(), text);
        }
    }
    let ids: HashMap<&PathBuf, HashSet<String>> = pages
        .iter()
        .map(|(p, t)| (p, ID.captures_iter(t).map(|c| c[1].to_string()).collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, text) in &pages {
        for cap in ATTR.captures_iter(text) {
            let link = html_unescape(&cap[1]);
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                Some(page.clone())
            } else if let Some(rest) = path.strip_prefix(base) {
                resolve(out, rest)
            } else if path.starts_with('/') {
                None
            } else {
                resolve(page.parent().unwrap_or(out), &path)
            };
            let Some(target) = target else {
                broken.push(format!("{} -> {link} (no such file)", page.display()));
                continue;
            };
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let decoded = percent_encoding::percent_decode_str(&anchor)
                    .decode_utf8_lossy()
                    .into_owned();
                if !ids.get(&target).is_some_and(|set| set.contains(&decoded)) {
                    broken.push(format!("{} -> {link} (no anchor)", page.display()));
                }
            }
        }
    }
    broken.sort();
    broken
}

fn resolve(dir: &Path, rel: &str) -> Option<PathBuf> {
    let rel = percent_encoding::percent_decode_str(rel.split('?').next().unwrap_or(rel))
        .decode_utf8_lossy()
        .into_owned();
    let mut path = dir.to_path_buf();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

/// Copies the folder `from` into `to`, made as needed.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Replaces `from` (which must be there) with `to` in the file at `path`.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("readable");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("writable");
}

/// Every file under `dir`, relative path to bytes; an absent directory is an empty map.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// [`tree`] without `.coroner-stamps`, which records the inodes and times of the files written
/// and so differs between any two builds of the same site, in two folders or one after the other.
pub fn site_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = tree(dir);
    files.remove(".coroner-stamps");
    files
}

/// One file of the `basic` fixture site rendered in memory with "today" fixed at 2024-03-15, so
/// overdue items and the insights' windows do not change with the day the tests run.
pub fn basic_fixture_file(rel: &str) -> Vec<u8> {
    use coroner::build::{load_site, render_site};
    let loaded = load_site(&fixture("basic"), &coroner::config::Overrides::default())
        .expect("fixture config is valid");
    let settings = coroner::render::RenderSettings {
        today: Some(jiff::civil::date(2024, 3, 15)),
        ..coroner::render::RenderSettings::default()
    };
    let files = render_site(&loaded, &settings).expect("fixture renders");
    files
        .into_iter()
        .find(|f| f.rel == rel)
        .unwrap_or_else(|| panic!("{rel} is rendered"))
        .bytes
        .to_vec()
}
