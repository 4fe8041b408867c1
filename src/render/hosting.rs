//! Files for the static host and for crawlers: `sitemap.xml` listing every page of the build,
//! `robots.txt` pointing at it, and GitHub Pages' `CNAME` for a custom domain.

use super::OutputFile;
use crate::config::Config;
use crate::url::BaseUrl;

/// The most URLs one sitemap file may list (sitemaps.org); past it, `sitemap.xml` becomes an
/// index of `sitemap-<n>.xml` files.
pub const MAX_SITEMAP_URLS: usize = 50_000;

/// The host files of a build whose files have the paths `rels`.
///
/// A sitemap needs absolute URLs, so it is written only when `base_url` has a host; `robots.txt`
/// only when the site is also at the root of that host, the one place crawlers read it.
pub fn files(rels: &[String], config: &Config) -> Vec<OutputFile> {
    let base = &config.site.base_url;
    let mut out = Vec::new();
    if base.has_origin() {
        let mut rels: Vec<String> = rels.iter().filter_map(|r| page_dir(r)).collect();
        rels.sort();
        let urls: Vec<String> = rels.iter().map(|rel| base.permalink(rel)).collect();
        out.extend(sitemaps(&urls, base, MAX_SITEMAP_URLS));
        if base.path() == "/" {
            out.push(OutputFile {
                rel: "robots.txt".into(),
                bytes: format!(
                    "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                    base.permalink("sitemap.xml")
                )
                .into(),
            });
        }
    }
    if let Some(cname) = &config.site.cname {
        out.push(OutputFile {
            rel: "CNAME".into(),
            bytes: format!("{}\n", cname.trim()).into(),
        });
    }
    out
}

/// The folder URL (`causes/dns/`, `` for the home page) of a page worth listing: every
/// `index.html` but the search page, which has no content of its own.
fn page_dir(rel: &str) -> Option<String> {
    if rel == "index.html" {
        return Some(String::new());
    }
    let dir = rel.strip_suffix("/index.html")?;
    (dir != "search").then(|| format!("{dir}/"))
}

/// One `sitemap.xml`, or when `urls` exceed `limit`, `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml`, ...
pub fn sitemaps(urls: &[String], base: &BaseUrl, limit: usize) -> Vec<OutputFile> {
    let urlset = |urls: &[String]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for url in urls {
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(url)));
        }
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    if urls.len() <= limit {
        return vec![OutputFile {
            rel: "sitemap.xml".into(),
            bytes: urlset(urls).into(),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let rel = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&base.permalink(&rel))
        ));
        files.push(OutputFile {
            rel,
            bytes: urlset(chunk).into(),
        });
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        rel: "sitemap.xml".into(),
        bytes: index.into(),
    });
    files
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_pages_but_not_the_search_page_or_404() {
        assert_eq!(page_dir("index.html").as_deref(), Some(""));
        assert_eq!(
            page_dir("causes/dns/index.html").as_deref(),
            Some("causes/dns/")
        );
        assert_eq!(page_dir("search/index.html"), None);
        assert_eq!(page_dir("404.html"), None);
        assert_eq!(page_dir("feed.xml"), None);
    }

    #[test]
    fn large_sitemaps_become_an_index() {
        let base = BaseUrl::parse("https://x.test/a/").unwrap();
        let urls: Vec<String> = (0..5).map(|i| format!("https://x.test/a/{i}/")).collect();
        assert_eq!(sitemaps(&urls, &base, 5).len(), 1);
        let files = sitemaps(&urls, &base, 2);
        let names: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8(files[3].bytes.to_vec()).unwrap();
        assert!(index.contains("<loc>https://x.test/a/sitemap-3.xml</loc>"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&apos;");
    }
}
