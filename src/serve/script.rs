//! The HTML that only `serve` adds to pages: the live-reload script, the embedded error of a
//! broken rebuild, and the page shown before any build has succeeded.

/// The script's source; `__CORONER_BASE__` is replaced by the base path.
const SOURCE: &str = include_str!("reload.js");

/// The `<script>` element inserted before `</body>` of every page in serve mode.
///
/// The events URL is built from `base`, so a site served under `/incidents/` listens on
/// `/incidents/__coroner/events`, as its pages will be under GitHub Pages.
pub fn tag(base: &str) -> String {
    let source = SOURCE.replace("\"__CORONER_BASE__\"", &json_in_script(base));
    format!("<script>\n{source}</script>\n")
}

/// `html` with the error message embedded before `</body>`, for the script to show on load.
pub fn with_error(html: &[u8], message: &str) -> Vec<u8> {
    let data = format!(
        "<script type=\"application/json\" id=\"coroner-error\">{}</script>\n",
        json_in_script(message)
    );
    // The script sits before `</body>` too; the data must come before it to be read on load.
    let at = find_last(html, b"<script>\n// coroner serve")
        .or_else(|| find_last(html, b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + data.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(data.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served for every path while no build of the site has succeeded yet.
pub fn placeholder(base: &str, message: &str) -> Vec<u8> {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>coroner: the site has errors</title></head>\n\
         <body>\n<p>The site has errors and has not been built yet. Fix them and this page reloads.</p>\n{}</body>\n</html>\n",
        tag(base)
    );
    with_error(page.as_bytes(), message)
}

/// A JSON string literal that is safe inside a `<script>` element (no `</script>` can end it).
fn json_in_script(text: &str) -> String {
    let json = serde_json::Value::String(text.to_string()).to_string();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_listens_under_the_base_path() {
        let t = tag("/incidents/");
        assert!(t.contains(r#"var base = "/incidents/";"#), "{t}");
        assert!(t.contains("__coroner/events"));
        assert!(!t.contains("__CORONER_BASE__"));
    }

    #[test]
    fn error_data_goes_before_the_script_and_cannot_close_it() {
        let page = format!("<html><body><p>x</p>{}</body></html>", tag("/"));
        let out =
            String::from_utf8(with_error(page.as_bytes(), "bad </script> line 3")).expect("UTF-8");
        let data = out.find("id=\"coroner-error\"").expect("data present");
        let script = out.find("// coroner serve").expect("script present");
        assert!(data < script);
        assert!(out.contains(r#""bad \u003c/script\u003e line 3""#), "{out}");
    }

    #[test]
    fn pages_without_a_body_still_get_the_data() {
        let out = with_error(b"plain", "oops");
        assert!(String::from_utf8_lossy(&out).starts_with("plain<script"));
    }
}
