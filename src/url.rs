//! Where pages live: the site's base URL, URL-safe slugs, and heading anchors.

/// The published location of the site; its path prefixes every internal link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, e.g. `https://org.github.io`, or empty when only a path was given.
    origin: String,
    /// The path, always starting and ending with `/`, e.g. `/incidents/`.
    path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub/path/`, `/sub/path` or an empty string (the root).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| text.strip_prefix("http://").map(|r| ("http://", r)))
        {
            let (scheme, rest) = rest;
            let (host, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            if host.is_empty() {
                return Err(format!("base_url `{text}` has no host"));
            }
            (format!("{scheme}{host}"), path.to_string())
        } else if text.is_empty() || text.starts_with('/') {
            (String::new(), text.to_string())
        } else {
            return Err(format!(
                "base_url `{text}` must start with http://, https:// or /"
            ));
        };
        if path.contains(['?', '#', ' ', '"', '<', '>']) || path.split('/').any(|s| s == "..") {
            return Err(format!(
                "base_url `{text}` has a path that is not a plain folder"
            ));
        }
        let mut path = path.trim_end_matches('/').to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Self { origin, path })
    }

    /// The path prefix, e.g. `/incidents/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The site-relative `rel` (no leading slash) as a link from any page: `/incidents/causes/dns/`.
    ///
    /// ```
    /// use coroner::url::BaseUrl;
    ///
    /// let base = BaseUrl::parse("https://org.github.io/incidents").unwrap();
    /// assert_eq!(base.link("causes/dns/"), "/incidents/causes/dns/");
    /// assert_eq!(base.permalink("feed.xml"), "https://org.github.io/incidents/feed.xml");
    /// ```
    pub fn link(&self, rel: &str) -> String {
        // `concat` sizes the string exactly; `format!` costs several times as much, and every
        // page builds hundreds of links.
        [self.path.as_str(), rel.trim_start_matches('/')].concat()
    }

    /// The absolute URL of `rel`, for feeds and sitemaps; a root-relative link when no host is set.
    pub fn permalink(&self, rel: &str) -> String {
        [self.origin.as_str(), &self.link(rel)].concat()
    }

    /// Whether a host was configured (feeds and sitemaps need one to be fully valid).
    pub fn has_origin(&self) -> bool {
        !self.origin.is_empty()
    }
}

/// A URL-safe slug of free text: lowercase ASCII letters, digits and single hyphens.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Whether `segment` can be used as one path segment of the output as it is.
pub fn is_safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 200
        && segment != "."
        && segment != ".."
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !segment.starts_with('.')
}

/// The anchor GitHub gives a heading, so links written for GitHub keep working:
/// lowercase, punctuation dropped, each space a hyphen.
///
/// ```
/// assert_eq!(coroner::url::heading_anchor("Root Cause & Fix"), "root-cause--fix");
/// ```
pub fn heading_anchor(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_the_sub_path() {
        let b = BaseUrl::parse("https://org.github.io/incidents").unwrap();
        assert_eq!(b.path(), "/incidents/");
        assert_eq!(b.link("causes/dns/"), "/incidents/causes/dns/");
        assert_eq!(
            b.permalink("feed.xml"),
            "https://org.github.io/incidents/feed.xml"
        );
        assert_eq!(BaseUrl::parse("").unwrap().link(""), "/");
        assert_eq!(BaseUrl::parse("https://x.test").unwrap().path(), "/");
        assert!(BaseUrl::parse("ftp://x").is_err());
        assert!(BaseUrl::parse("https://x.test/../up").is_err());
    }

    #[test]
    fn anchors_match_github() {
        assert_eq!(heading_anchor("Root Cause & Fix"), "root-cause--fix");
        assert_eq!(heading_anchor("What went well?"), "what-went-well");
        assert_eq!(heading_anchor("Timeline (UTC)"), "timeline-utc");
    }

    #[test]
    fn unsafe_segments_are_rejected() {
        for bad in ["", "..", ".hidden", "a/b", "a\\b", "café", "x y"] {
            assert!(!is_safe_segment(bad), "{bad}");
        }
        assert!(is_safe_segment("2024-01-21-checkout-500s"));
    }
}
