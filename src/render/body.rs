//! An incident's Markdown body as HTML, memoized on its complete input: the body, its headings,
//! the title, `trust_html` and every local link of the body with the URL it resolves to now (so
//! renaming or removing a linked incident changes the key of every page that links to it).

use std::sync::{Arc, Mutex};

use super::cache::RenderCache;
use crate::archive::{Archive, LinkTarget};
use crate::config::Config;
use crate::incident::Incident;
use crate::markdown;

/// The HTML of `inc`'s body, from `cache` when the same input was rendered before, with the
/// key it is remembered under (`None` when it is not memoized): a page showing the body can
/// hold that key in place of the HTML. With `with_text`, a body that is rendered (not taken
/// from the cache) also gives its [`markdown::plain_text`], read from the same parse.
pub(super) fn html(
    inc: &Incident,
    archive: &Archive,
    config: &Config,
    cache: &RenderCache,
    generation: u64,
    with_text: bool,
) -> (Arc<str>, Option<u128>, Option<String>) {
    let base = &config.site.base_url;
    let resolve = |dest: &str| match archive.resolve_link(&inc.source, dest) {
        LinkTarget::Page { rel } => Some(base.link(&rel)),
        _ => None,
    };
    let trust_html = config.build.trust_html;
    // Links found by the outline are the ones the renderer rewrites; resolving them is cheap.
    let links: Vec<(&str, Option<String>)> = inc
        .links
        .iter()
        .map(|l| (l.dest.as_str(), resolve(&l.dest)))
        .collect();
    let key = cache
        .key("markdown")
        .map(|k| {
            k.part(inc.body.as_bytes())
                .part(inc.title.as_bytes())
                .part(&[u8::from(trust_html)])
        })
        .and_then(|k| k.value(&inc.headings))
        .and_then(|k| k.value(&links))
        .map(|k| k.finish());
    if let Some(key) = key
        && let Some(html) = cache.markdown(key, generation)
    {
        return (html, Some(key), None);
    }
    let asked = Mutex::new(Vec::new());
    let recording = |dest: &str| {
        asked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(dest.to_string());
        resolve(dest)
    };
    let opts = markdown::RenderOptions {
        headings: &inc.headings,
        title: Some(&inc.title),
        resolve: &recording,
        trust_html,
    };
    let (html, text) = if with_text {
        let (html, text) = markdown::render_with_text(&inc.body, &opts);
        (html, Some(text))
    } else {
        (markdown::render(&inc.body, &opts), None)
    };
    let html: Arc<str> = html.into();
    // Remembered only when every destination the renderer asked about is in the key: if the
    // outline ever missed a link, that body is simply rendered every time instead of going stale.
    let asked = asked.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(key) = key
        && asked.iter().all(|d| links.iter().any(|(l, _)| l == d))
    {
        cache.remember_markdown(key, html.clone(), generation);
        return (html, Some(key), text);
    }
    (html, None, text)
}
