//! Resolving links between postmortems: a relative `.md` path becomes the target page's URL.

use super::Archive;

/// Where a link written in a postmortem points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another incident's page; `rel` is site-relative (`incidents/<slug>/#anchor`).
    Page {
        /// The site-relative URL, with the anchor if any.
        rel: String,
    },
    /// A Markdown file that is not an incident of this build.
    MissingPage(String),
    /// An incident that has no heading with this anchor.
    MissingAnchor {
        /// The target incident.
        slug: String,
        /// The anchor as written.
        anchor: String,
    },
    /// Not a link to a postmortem (an image, an attachment, a folder).
    Other,
}

impl Archive {
    /// Resolves `dest` as written in the file `from` (both relative to the content directory).
    pub fn resolve_link(&self, from: &str, dest: &str) -> LinkTarget {
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = percent_decode(path);
        let lower = decoded.to_ascii_lowercase();
        let target = if lower.ends_with(".md") {
            join(from, &decoded)
        } else if decoded.ends_with('/') {
            join(from, &format!("{decoded}index.md"))
        } else {
            return LinkTarget::Other;
        };
        let Some(target) = target else {
            return LinkTarget::MissingPage(decoded);
        };
        let Some(incident) = self.by_source(&target) else {
            if decoded.ends_with('/') {
                return LinkTarget::Other;
            }
            return LinkTarget::MissingPage(target);
        };
        let rel = format!("incidents/{}/", incident.slug);
        match anchor.filter(|a| !a.is_empty()) {
            None => LinkTarget::Page { rel },
            Some(a) if incident.headings.iter().any(|h| h.id == a) => LinkTarget::Page {
                rel: format!("{rel}#{a}"),
            },
            Some(a) => LinkTarget::MissingAnchor {
                slug: incident.slug.clone(),
                anchor: a.to_string(),
            },
        }
    }
}

/// Joins a relative link to the folder of `from`, resolving `.` and `..`; `None` when it climbs
/// out of the content directory. A leading `/` is taken as the content directory's root.
fn join(from: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dest.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for segment in dest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths_inside_the_content_directory() {
        assert_eq!(join("a.md", "b.md").as_deref(), Some("b.md"));
        assert_eq!(join("2025-x/index.md", "../b.md").as_deref(), Some("b.md"));
        assert_eq!(
            join("2025-x/index.md", "./img/../c.md").as_deref(),
            Some("2025-x/c.md")
        );
        assert_eq!(join("a.md", "../../etc/passwd.md"), None);
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
