//! Mapping a request target to what the preview server should answer, refusing anything that
//! could leave the site root.
//!
//! Only the site's own in-memory files are ever served, so a traversal could not reach the disk
//! anyway; rejecting `..`, encoded or not, here keeps the answer a plain 404 whatever the lookup.

use percent_encoding::percent_decode_str;

/// The events endpoint, relative to the base path.
pub const EVENTS: &str = "__coroner/events";

/// What a request target asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Send the browser to this root-relative location.
    Redirect(String),
    /// The server-sent events stream of reload and error messages.
    Events,
    /// A file of the site, relative to the output root; `index.html` added for folders.
    File {
        /// The decoded path relative to the output root.
        rel: String,
        /// The request path as sent (still encoded), for redirects to the folder form.
        path: String,
    },
    /// Anything else: outside the base path, malformed, or trying to leave the site.
    NotFound,
}

/// Routes `target` (the request line's target) for a site served under `base` (`/x/`).
pub fn route(target: &str, base: &str) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        // Absolute-form (`http://host/...`) and `*` targets are not for a file server.
        return Route::NotFound;
    }
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        return Route::Redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base) else {
        return Route::NotFound;
    };
    if rest == EVENTS {
        return Route::Events;
    }
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Route::NotFound;
    };
    if !is_site_relative(&decoded) {
        return Route::NotFound;
    }
    let rel = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    };
    Route::File {
        rel,
        path: path.to_string(),
    }
}

/// Whether a decoded path stays inside the site: no `.`/`..` or empty segments (other than a
/// trailing slash), no backslashes or NULs, not absolute.
fn is_site_relative(decoded: &str) -> bool {
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return false;
    }
    let body = decoded.strip_suffix('/').unwrap_or(decoded);
    body.is_empty()
        || body
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// The media type of a file, from its extension.
pub fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, path: &str) -> Route {
        Route::File {
            rel: rel.into(),
            path: path.into(),
        }
    }

    #[test]
    fn pages_and_folders_under_the_base() {
        let b = "/incidents/";
        assert_eq!(route("/incidents/", b), file("index.html", "/incidents/"));
        assert_eq!(
            route("/incidents/causes/dns/?x=1", b),
            file("causes/dns/index.html", "/incidents/causes/dns/")
        );
        assert_eq!(
            route("/incidents/assets/style.css", b),
            file("assets/style.css", "/incidents/assets/style.css")
        );
        assert_eq!(
            route("/incidents/a%20b.svg", b),
            file("a b.svg", "/incidents/a%20b.svg")
        );
        assert_eq!(route("/incidents/__coroner/events", b), Route::Events);
    }

    #[test]
    fn the_root_and_the_bare_base_redirect() {
        let b = "/incidents/";
        assert_eq!(route("/", b), Route::Redirect(b.into()));
        assert_eq!(route("/incidents", b), Route::Redirect(b.into()));
        assert_eq!(route("/", "/"), file("index.html", "/"));
    }

    #[test]
    fn anything_leaving_the_site_is_not_found() {
        let b = "/incidents/";
        for target in [
            "/incidents/../etc/passwd",
            "/incidents/%2e%2e/etc/passwd",
            "/incidents/%2E%2E%2Fetc%2Fpasswd",
            "/incidents/..%2f..%2fetc/passwd",
            "/incidents/..%5c..%5cetc%5cpasswd",
            "/incidents/%2fetc/passwd",
            "/incidents//etc/passwd",
            "/incidents/./index.html",
            "/incidents/a/../../x",
            "/incidents/%c0%ae%c0%ae/x",
            "/incidents/x%00.html",
            "/etc/passwd",
            "http://localhost/incidents/",
            "*",
        ] {
            assert_eq!(route(target, b), Route::NotFound, "{target}");
        }
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("lag.SVG"), "image/svg+xml");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
