//! Markdown: reading a body's outline (headings, local links, raw HTML) and rendering it to HTML
//! with stable heading anchors and links between postmortems rewritten to page URLs.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::incident::{Heading, LocalLink};

/// The Markdown extensions coroner enables: tables, footnotes, strikethrough, task lists,
/// `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What a body contains that the archive needs before rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Every heading, with a unique anchor id.
    pub headings: Vec<Heading>,
    /// Links that are not URLs with a scheme and not pure `#anchors`.
    pub links: Vec<LocalLink>,
    /// Whether the body contains raw HTML.
    pub has_html: bool,
}

/// Reads the outline of `body`; `first_line` is the file line on which the body starts.
pub fn outline(body: &str, first_line: usize) -> Outline {
    let line_starts = crate::text::line_starts(body);
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut out = Outline::default();
    let mut ids = AnchorSet::default();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level as u8,
                    id.map(|i| i.to_string()),
                    String::new(),
                    line_of(range.start),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, line)) = current.take() {
                    let text = text.trim().to_string();
                    let id =
                        ids.claim(explicit.unwrap_or_else(|| crate::url::heading_anchor(&text)));
                    out.headings.push(Heading {
                        level,
                        id,
                        text,
                        line,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if is_local(&dest_url) =>
            {
                out.links.push(LocalLink {
                    dest: dest_url.to_string(),
                    line: line_of(range.start),
                });
            }
            Event::Html(_) | Event::InlineHtml(_) => out.has_html = true,
            _ => {}
        }
    }
    out
}

/// Whether a link destination points into the site's own files (no scheme, not only an anchor).
pub fn is_local(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }))
}

/// Gives each heading a unique id, the way GitHub does: `timeline`, `timeline-1`, ...
#[derive(Default)]
struct AnchorSet(std::collections::HashSet<String>);

impl AnchorSet {
    fn claim(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 0;
        while !self.0.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// How a body is rendered.
pub struct RenderOptions<'a> {
    /// The headings found by [`outline`], whose ids are given to the rendered headings in order.
    pub headings: &'a [Heading],
    /// Drop a leading level-1 heading with this text (the page already shows the title).
    pub title: Option<&'a str>,
    /// Maps a local link destination to the URL to use instead (`None` leaves it as written).
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Pass raw HTML through unsanitized.
    pub trust_html: bool,
}

/// Renders `body` to HTML.
pub fn render(body: &str, opts: &RenderOptions<'_>) -> String {
    render_inner(body, opts, None)
}

/// [`render`], with the body's [`plain_text`] read from the same parse.
pub fn render_with_text(body: &str, opts: &RenderOptions<'_>) -> (String, String) {
    let mut text = PlainText::with_capacity(body.len());
    let html = render_inner(body, opts, Some(&mut text));
    (html, text.finish())
}

fn render_inner(body: &str, opts: &RenderOptions<'_>, mut text: Option<&mut PlainText>) -> String {
    let mut heading_index = 0;
    let mut skipping_title = false;
    let mut seen_block = false;
    let events = Parser::new_ext(body, options()).filter_map(|event| {
        // Every event, the title's included, as `plain_text` sees it.
        if let Some(text) = text.as_deref_mut() {
            text.push(&event);
        }
        rewrite_event(
            event,
            opts,
            &mut heading_index,
            &mut skipping_title,
            &mut seen_block,
        )
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events);
    if opts.trust_html || !has_raw_html(body) {
        out
    } else {
        sanitize(&out)
    }
}

/// One event of a body as it is rendered: the heading ids of the outline, the title heading
/// dropped, link and image destinations rewritten and neutralized.
#[inline]
fn rewrite_event<'a>(
    event: Event<'a>,
    opts: &RenderOptions<'_>,
    heading_index: &mut usize,
    skipping_title: &mut bool,
    seen_block: &mut bool,
) -> Option<Event<'a>> {
    match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let first = !*seen_block;
            *seen_block = true;
            let heading = opts.headings.get(*heading_index);
            *heading_index += 1;
            if first
                && level == HeadingLevel::H1
                && heading
                    .zip(opts.title)
                    .is_some_and(|(h, t)| h.text.trim() == t.trim())
            {
                *skipping_title = true;
                return None;
            }
            let id = heading.map(|h| CowStr::from(h.id.clone()));
            Some(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }))
        }
        Event::End(TagEnd::Heading(_)) if *skipping_title => {
            *skipping_title = false;
            None
        }
        _ if *skipping_title => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            *seen_block = true;
            let dest_url = neutralize(rewrite(dest_url, opts), opts);
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = neutralize(rewrite(dest_url, opts), opts);
            Some(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(_) => {
            *seen_block = true;
            Some(event)
        }
        other => Some(other),
    }
}

fn rewrite<'a>(dest: CowStr<'a>, opts: &RenderOptions<'_>) -> CowStr<'a> {
    if is_local(&dest)
        && let Some(url) = (opts.resolve)(&dest)
    {
        return CowStr::from(url);
    }
    dest
}

/// Replaces a link or image URL that would run code (`javascript:`, `vbscript:`, `data:` other
/// than a raster image) with `#`. The sanitizer only runs on bodies with raw HTML, and a plain
/// Markdown link `[x](javascript:...)` has none, so its destination is checked here.
fn neutralize<'a>(dest: CowStr<'a>, opts: &RenderOptions<'_>) -> CowStr<'a> {
    if !opts.trust_html && is_active_url(&dest) {
        CowStr::from("#")
    } else {
        dest
    }
}

/// Whether a URL runs code when followed. Browsers ignore ASCII whitespace and control
/// characters inside a scheme (`java\tscript:`), so they are dropped before comparing.
pub fn is_active_url(url: &str) -> bool {
    let squashed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(32)
        .flat_map(char::to_lowercase)
        .collect();
    let safe_data = [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ];
    squashed.starts_with("javascript:")
        || squashed.starts_with("vbscript:")
        || (squashed.starts_with("data:") && !safe_data.iter().any(|p| squashed.starts_with(p)))
}

fn has_raw_html(body: &str) -> bool {
    body.contains('<')
        && Parser::new_ext(body, options())
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// Removes scripts, event handlers, `javascript:` URLs and other active content, keeping the
/// markup Markdown produces (and heading ids, so anchors keep working).
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "align"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// The body's text without markup, for search, feeds and similarity: `[a](b), c` is `a, c`.
pub fn plain_text(body: &str) -> String {
    let mut text = PlainText::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        text.push(&event);
    }
    text.finish()
}

/// A fragment's text without markup, for a summary cut from one paragraph: like [`plain_text`],
/// and a reference link whose definition is elsewhere in the body (`[prow.k8s.io]`) keeps only
/// its text, as it would in the rendered page.
pub fn inline_text(fragment: &str) -> String {
    let mut text = PlainText::with_capacity(fragment.len());
    let mut as_link = |_: pulldown_cmark::BrokenLink<'_>| Some(("".into(), "".into()));
    for event in Parser::new_with_broken_link_callback(fragment, options(), Some(&mut as_link)) {
        text.push(&event);
    }
    text.finish()
}

/// [`plain_text`] built up from a body's events, so that a parse made for another purpose can
/// give it too.
pub struct PlainText(String);

impl PlainText {
    /// An empty text with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> PlainText {
        PlainText(String::with_capacity(capacity))
    }

    /// Adds what `event` contributes to the text.
    pub fn push(&mut self, event: &Event<'_>) {
        let out = &mut self.0;
        match event {
            // Text can arrive in several events within one word, so no space is added after it.
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(' ') && !matches!(event, Event::End(e) if is_inline(e)) =>
            {
                out.push(' ');
            }
            // `Investigating.<br />Update`: a line break written as HTML separates words too.
            Event::InlineHtml(h)
                if !out.ends_with(' ')
                    && h.get(..3).is_some_and(|t| t.eq_ignore_ascii_case("<br")) =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }

    /// The text, without trailing whitespace.
    pub fn finish(mut self) -> String {
        let len = self.0.trim_end().len();
        self.0.truncate(len);
        self.0
    }
}

/// Tags that sit inside a line of text, whose end is not a word break.
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[cfg(test)]
mod tests;
