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
        // Each owner's items with their rows' memo keys. The items leave the view, which
        // templates get without them.
        let by_owner: Vec<Vec<(OpenItemView, Option<u128>)>> = page
            .owners
            .iter_mut()
            .map(|o| {
                std::mem::take(&mut o.items)
                    .into_par_iter()
                    .map(|item| {
                        let key = self
                            .cache
                            .key("action-row")
                            .and_then(|k| k.part(&self.fingerprint).value(&item))
                            .map(|k| k.finish());
                        (item, key)
                    })
                    .collect()
            })
            .collect();
        // The view serializes without its items (their rows stand in), so the rows' keys
        // complete the page's key.
        let key = self.page_key(TEMPLATE, REL, TITLE, SECTION).and_then(|k| {
            k.value(&page)?
                .keys(by_owner.iter().flatten().map(|(_, key)| *key))
        });
        self.cached_page(REL, key, || {
            // Each owner's rows are joined as they are rendered, owners side by side: the
            // page never holds every row apart as well as joined (37,000 rows at 10,000
            // incidents).
            let joined = by_owner
                .par_iter()
                .map(|items| {
                    let mut html = String::new();
                    for (item, key) in items {
                        html.push_str(&self.action_row(item, *key)?);
                    }
                    Ok(html)
                })
                .collect::<Result<Vec<String>, RenderError>>()?;
            drop(by_owner);
            let size = joined.iter().map(String::len).sum::<usize>() + LAYOUT_BYTES;
            for (owner, html) in page.owners.iter_mut().zip(joined) {
                owner.items_html = html;
            }
            self.render_owned_page_sized(TEMPLATE, TITLE, SECTION, page, size)
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
