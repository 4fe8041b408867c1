//! A page's output: its template rendered with its view, remembered under a key of everything
//! the render reads (the theme's fingerprint, the page's parameters and its view).

use super::*;

impl Pages<'_> {
    /// [`Pages::page`] for a view that lists incident rows: `fill` puts the HTML of the rows
    /// `rows` into it. The memo key holds the rows' own keys in place of their HTML, and the
    /// rows are joined only when the page is rendered.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn page_with_rows<T: Serialize>(
        &self,
        template: &str,
        rel: &str,
        title: &str,
        section: &str,
        mut page: T,
        rows: &[usize],
        fill: impl FnOnce(&mut T, String),
    ) -> Result<OutputFile, RenderError> {
        let key = self
            .page_key(template, rel, title, section)
            .and_then(|k| k.value(&page)?.keys(rows.iter().map(|&i| self.row_keys[i])));
        self.cached_page(rel, key, || {
            let mut html =
                String::with_capacity(rows.iter().map(|&i| self.rows_html[i].len()).sum());
            for &i in rows {
                html.push_str(&self.rows_html[i]);
            }
            let size = html.len() + LAYOUT_BYTES;
            fill(&mut page, html);
            self.render_owned_page_sized(template, title, section, page, size)
        })
    }

    /// Renders a page, or takes it from the cache when its whole input was rendered before.
    pub(super) fn page<T: Serialize>(
        &self,
        template: &str,
        rel: &str,
        title: &str,
        section: &str,
        page: &T,
    ) -> Result<OutputFile, RenderError> {
        // The key is the page's whole Tera context plus the fingerprint of the theme and globals.
        let key = self
            .page_key(template, rel, title, section)
            .and_then(|k| k.value(page));
        self.cached_page(rel, key, || {
            self.render_page(template, title, section, page)
        })
    }

    /// The start of a page's memo key: the theme and globals, and the page's own parameters.
    pub(super) fn page_key(
        &self,
        template: &str,
        rel: &str,
        title: &str,
        section: &str,
    ) -> Option<Key> {
        self.cache.key("page").map(|k| {
            k.part(&self.fingerprint)
                .part(template.as_bytes())
                .part(rel.as_bytes())
                .part(title.as_bytes())
                .part(section.as_bytes())
        })
    }

    /// The page at `rel`: remembered under `key`, or rendered by `render`.
    pub(super) fn cached_page(
        &self,
        rel: &str,
        key: Option<Key>,
        render: impl FnOnce() -> Result<bytes::Bytes, RenderError>,
    ) -> Result<OutputFile, RenderError> {
        let bytes = match key {
            Some(key) => self.cache.page(key.finish(), self.generation, render)?,
            None => render()?,
        };
        Ok(OutputFile {
            rel: rel.to_string(),
            bytes,
        })
    }

    /// Renders a page's template with its view.
    pub(super) fn render_page<T: Serialize>(
        &self,
        template: &str,
        title: &str,
        section: &str,
        page: &T,
    ) -> Result<bytes::Bytes, RenderError> {
        self.render_page_sized(template, title, section, page, LAYOUT_BYTES)
    }

    /// [`Pages::render_page`] into a buffer with room for `size` bytes, about what the page will
    /// hold, so that a large page is not copied as its buffer grows. Tera writes only the
    /// UTF-8 of its templates and values, so the bytes are taken as they are.
    pub(super) fn render_page_sized<T: Serialize>(
        &self,
        template: &str,
        title: &str,
        section: &str,
        page: &T,
        size: usize,
    ) -> Result<bytes::Bytes, RenderError> {
        self.render_value_sized(template, title, section, page_value(template, page)?, size)
    }

    /// [`Pages::render_page_sized`] taking the view: once Tera has its copy, the view's own
    /// (a list's rows, megabytes on a large archive) is freed before the page is written.
    pub(super) fn render_owned_page_sized<T: Serialize>(
        &self,
        template: &str,
        title: &str,
        section: &str,
        page: T,
        size: usize,
    ) -> Result<bytes::Bytes, RenderError> {
        let value = page_value(template, &page)?;
        drop(page);
        self.render_value_sized(template, title, section, value, size)
    }

    /// A page's template rendered with its view already converted by [`page_value`].
    fn render_value_sized(
        &self,
        template: &str,
        title: &str,
        section: &str,
        page: tera::Value,
        size: usize,
    ) -> Result<bytes::Bytes, RenderError> {
        let mut ctx = tera::Context::new();
        ctx.insert_value("page", page);
        ctx.insert("page_title", title);
        ctx.insert("section", section);
        let mut out = Vec::with_capacity(size);
        self.tera
            .render_to(template, &ctx, &mut out)
            .map(|()| bytes::Bytes::from(out))
            .map_err(|e| RenderError::Template {
                name: template.to_string(),
                message: crate::diagnostic::error_chain(&e),
            })
    }
}

/// A page's view as the Tera value its template reads as `page`.
fn page_value<T: Serialize>(template: &str, page: &T) -> Result<tera::Value, RenderError> {
    tera::Value::try_from_serializable(page).map_err(|e| RenderError::Template {
        name: template.to_string(),
        message: crate::diagnostic::error_chain(&e),
    })
}

/// About how many bytes the default theme's layout and a page's own markup take, around
/// the rows or body a page embeds.
pub(super) const LAYOUT_BYTES: usize = 8 * 1024;

/// Hash of every template of the theme, with its name.
pub(super) fn templates_hash(theme: &Theme) -> u128 {
    theme
        .templates
        .iter()
        .fold(Key::new("templates"), |k, t| {
            k.part(t.name.as_bytes()).part(&t.bytes)
        })
        .finish()
}

/// Hash of what every template render depends on besides its own context: the templates (by
/// [`templates_hash`]), the site values and the live-reload script.
pub(super) fn fingerprint(templates: u128, site: &SiteView, live_reload_script: &str) -> [u8; 16] {
    let key = Key::new("theme").part(&templates.to_le_bytes());
    // A site view that cannot be serialized cannot be rendered either; its debug text keys it.
    let key = key.part(format!("{site:?}").as_bytes());
    key.part(live_reload_script.as_bytes())
        .finish()
        .to_le_bytes()
}
