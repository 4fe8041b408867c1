//! Search on a static host: at build time, `search/index.json` (one compact record per incident
//! plus the filter values) and a word index cut into shards (`search/words-<hash>-<n>.json`)
//! that the theme's `search.js` fetches only for the words a query needs. The format is
//! described in the README's Search section.

pub mod page;
mod postings;
mod stored;
pub mod words;

pub(crate) use postings::{Searchable, WordSlot, from_cache, remember};

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::collections::HashMap;

use super::OutputFile;
use super::cache::RenderCache;
use crate::archive::{Archive, IndexKind};
use crate::config::Config;
use crate::incident::Incident;

/// Where the index is written, relative to the output directory.
pub const INDEX_FILE: &str = "search/index.json";

/// The version of the index format; `search.js` refuses other versions.
pub const FORMAT_VERSION: u32 = 1;

/// About how many bytes of word index go in one shard: small enough that a query fetches
/// little, large enough that 10,000 incidents need only a few dozen files.
const SHARD_BYTES: usize = 64 * 1024;

/// Summaries longer than this many characters are cut in the index (pages show them whole).
const SUMMARY_CHARS: usize = 180;

/// The fields of each incident record, in order (records are arrays to keep the index small).
const FIELDS: [&str; 7] = [
    "slug", "title", "date", "severity", "services", "causes", "summary",
];

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    /// An incident's URL is this followed by its slug and `/`.
    incident_url_prefix: String,
    fields: [&'static str; 7],
    severities: Vec<[&'a str; 2]>,
    services: Vec<[&'a str; 2]>,
    causes: Vec<[&'a str; 2]>,
    years: Vec<&'a str>,
    incidents: Vec<Record<'a>>,
    shards: Vec<ShardRef>,
}

/// slug, title, date, severity (position in `severities`), services, causes, summary.
#[derive(Serialize)]
struct Record<'a>(
    &'a str,
    &'a str,
    String,
    Option<usize>,
    Vec<usize>,
    Vec<usize>,
    String,
);

/// One shard of the word index: its first word and its file, relative to the index.
#[derive(Serialize)]
struct ShardRef {
    first: String,
    file: String,
}

/// The search index files of the archive: `search/index.json` and the word shards.
pub fn files(archive: &Archive, config: &Config) -> Vec<OutputFile> {
    files_cached(archive, config, &RenderCache::disabled(), 0, None)
}

/// [`files`], taking each incident's words from `from_pages` when its page's job collected
/// them, else from `cache` when its texts are unchanged.
pub(crate) fn files_cached(
    archive: &Archive,
    config: &Config,
    cache: &RenderCache,
    generation: u64,
    from_pages: Option<&[WordSlot]>,
) -> Vec<OutputFile> {
    let facet = |kind: IndexKind| -> (Vec<[&str; 2]>, HashMap<&str, usize>) {
        let terms = &archive.index_of(kind).terms;
        let list = terms
            .iter()
            .map(|t| [t.id.as_str(), t.label.as_str()])
            .collect();
        let pos = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        (list, pos)
    };
    let (severities, sev_pos) = facet(IndexKind::Severities);
    let (services, svc_pos) = facet(IndexKind::Services);
    let (causes, cause_pos) = facet(IndexKind::Causes);
    let positions = |kind: IndexKind, inc: &Incident, pos: &HashMap<&str, usize>| -> Vec<usize> {
        let index = archive.index_of(kind);
        let mut out: Vec<usize> = kind
            .values(inc)
            .iter()
            .filter_map(|v| index.term_for(v))
            .filter_map(|t| pos.get(t.id.as_str()).copied())
            .collect();
        out.dedup();
        out
    };
    let searchables = postings::searchables(archive, cache, generation, from_pages);
    let incidents = archive
        .incidents
        .par_iter()
        .zip(searchables.par_iter())
        .map(|(inc, found)| {
            Record(
                &inc.slug,
                &inc.title,
                inc.date.map(|d| d.to_string()).unwrap_or_default(),
                positions(IndexKind::Severities, inc, &sev_pos)
                    .first()
                    .copied(),
                positions(IndexKind::Services, inc, &svc_pos),
                positions(IndexKind::Causes, inc, &cause_pos),
                found.summary.clone(),
            )
        })
        .collect();
    let shards = postings::word_shards(&searchables);
    let bodies: Vec<Vec<u8>> = shards.iter().map(|s| json_bytes(&ShardBody(s))).collect();
    let tag = content_tag(bodies.iter().map(Vec::as_slice));
    let names: Vec<String> = (0..bodies.len())
        .map(|n| format!("words-{tag}-{n}.json"))
        .collect();
    let index = Index {
        version: FORMAT_VERSION,
        incident_url_prefix: config.site.base_url.link("incidents/"),
        fields: FIELDS,
        severities,
        services,
        causes,
        years: archive
            .index_of(IndexKind::Years)
            .terms
            .iter()
            .map(|t| t.id.as_str())
            .collect(),
        incidents,
        shards: shards
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(n, (s, file))| ShardRef {
                // The first shard starts at the empty word, so every word has a shard.
                first: if n == 0 {
                    String::new()
                } else {
                    s.first().map(|e| e.0.clone()).unwrap_or_default()
                },
                file: file.clone(),
            })
            .collect(),
    };
    let mut files = vec![OutputFile {
        rel: INDEX_FILE.into(),
        bytes: json_bytes(&index).into(),
    }];
    files.extend(
        names
            .into_iter()
            .zip(bodies)
            .map(|(name, bytes)| OutputFile {
                rel: format!("search/{name}"),
                bytes: bytes.into(),
            }),
    );
    files
}

/// A shard's words as one JSON object, word to encoded incident list.
struct ShardBody<'a>(&'a [(String, String)]);

impl Serialize for ShardBody<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(w, e)| (w, e)))
    }
}

/// JSON with `<`, `>` and `&` written as `\u` escapes, so that no front-matter value can form
/// markup even if the file is ever inlined into a page. Those bytes only occur inside strings.
pub fn json_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let raw = serde_json::to_vec(value).expect("index data is plain strings and numbers");
    let mut out = Vec::with_capacity(raw.len() + 16);
    for b in raw {
        match b {
            b'<' => out.extend_from_slice(br"\u003c"),
            b'>' => out.extend_from_slice(br"\u003e"),
            b'&' => out.extend_from_slice(br"\u0026"),
            _ => out.push(b),
        }
    }
    out
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(char::is_whitespace).map_or(head, |i| &head[..i]);
            format!(
                "{}…",
                head.trim_end_matches(|c: char| c.is_ascii_punctuation())
            )
        }
    }
}

/// A short hash (XXH3) of the shards, so a new build's shards never meet an old cached index.
fn content_tag<'a>(parts: impl Iterator<Item = &'a [u8]>) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("{:010x}", h.digest() >> 24)
}

#[cfg(test)]
mod tests;
