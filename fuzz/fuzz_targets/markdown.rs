//! Fuzzes Markdown: the outline (headings, links) and the sanitized render.
#![no_main]

use coroner::markdown::{self, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let outline = markdown::outline(body, 1);
    let title = outline.headings.first().map(|h| h.text.clone());
    let resolve = |dest: &str| Some(format!("/incidents/{}/", dest.len()));
    let html = markdown::render(
        body,
        &RenderOptions {
            headings: &outline.headings,
            title: title.as_deref(),
            resolve: &resolve,
            trust_html: false,
        },
    );
    // Untrusted output never carries a script element, nor a link or image URL that runs
    // code. Text may hold `="javascript:` literally (pulldown-cmark leaves quotes in text
    // as they are), so only the href and src attributes inside tags are inspected; `<` in
    // text is always escaped, so every `<` starts a tag.
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(t))
    {
        for attr in [" href=\"", " src=\""] {
            for (at, _) in tag.match_indices(attr) {
                let value = tag[at + attr.len()..].split('"').next().unwrap_or("");
                assert!(!markdown::is_active_url(value), "<{tag}> in {html}");
            }
        }
    }
    let _ = markdown::plain_text(body);
});
