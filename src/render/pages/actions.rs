//! The action-items page: each open item's row rendered once through `action_row.html` and
//! remembered, so a rebuild re-renders only the rows whose item or incident changed, and the
//! page itself is keyed by its rows' keys rather than by every item again.

use super::output::LAYOUT_BYTES;
use super::*;
use crate::render::actions_page::{ActionsPage, OpenItemView};

const TEMPLATE: &str = "actions.html";
const REL: &str = "actions/index.html";
const TITLE: &str = "Open action items";
const SECTION: &str = "insights";

impl Pages<'_> {
    /// Renders `actions/index.html` from its view.
    pub(super) fn actions(&self, mut page: ActionsPage) -> Result<OutputFile, RenderError> {
        // Every item in page order, with its owner's position and its row's memo key. The
        // items leave the view, which templates get without them.
        let by_owner: Vec<Vec<OpenItemView>> = page
            .owners
            .iter_mut()
            .map(|o| std::mem::take(&mut o.items))
            .collect();
        let items: Vec<(usize, &OpenItemView)> = by_owner
            .iter()
            .enumerate()
            .flat_map(|(o, list)| list.iter().map(move |item| (o, item)))
            .collect();
        let keys: Vec<Option<u128>> = items
            .par_iter()
            .map(|(_, item)| {
                self.cache
                    .key("action-row")
                    .and_then(|k| k.part(&self.fingerprint).value(*item))
                    .map(|k| k.finish())
            })
            .collect();
        // The view serializes without its items (their rows stand in), so the rows' keys
        // complete the page's key.
        let key = self
            .page_key(TEMPLATE, REL, TITLE, SECTION)
            .and_then(|k| k.value(&page)?.keys(keys.iter().copied()));
        let rows = || -> Result<Vec<(usize, String)>, RenderError> {
            items
                .par_iter()
                .zip(&keys)
                .map(|((o, item), key)| Ok((*o, self.action_row(item, *key)?)))
                .collect()
        };
        self.cached_page(REL, key, || {
            let rows = rows()?;
            let size = rows.iter().map(|(_, html)| html.len()).sum::<usize>() + LAYOUT_BYTES;
            for (o, html) in rows {
                page.owners[o].items_html.push_str(&html);
            }
            self.render_page_sized(TEMPLATE, TITLE, SECTION, &page, size)
        })
    }

    /// One item's row, remembered under `key` when there is one.
    fn action_row(&self, item: &OpenItemView, key: Option<u128>) -> Result<String, RenderError> {
        let mut html = super::rows::row_html(
            &self.tera,
            self.cache,
            self.generation,
            "action_row.html",
            "item",
            item,
            key,
        )?;
        // The file's last line break is not part of the row.
        html.truncate(html.trim_end_matches('\n').len());
        Ok(html)
    }
}
