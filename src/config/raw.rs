//! The raw, unvalidated shape of `book.toml`, and the check that names unknown keys.

use serde::Deserialize;

use crate::diagnostic::closest;

/// `book.toml` exactly as written; every field optional so a missing file or table means defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawConfig {
    /// `[site]`.
    pub site: RawSite,
    /// `[build]`.
    pub build: RawBuild,
    /// `[taxonomy]`.
    pub taxonomy: RawTaxonomy,
    /// `[infer]`.
    pub infer: RawInfer,
    /// `[check]`.
    pub check: RawCheck,
}

/// `[site]`: what the archive is called and where it is published.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawSite {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub cname: Option<String>,
}

/// `[build]`: where content comes from and where the site goes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawBuild {
    pub content_dir: Option<String>,
    pub output_dir: Option<String>,
    pub theme: Option<String>,
    pub drafts: Option<bool>,
    pub trust_html: Option<bool>,
    pub insights: Option<bool>,
}

/// `[taxonomy]`: the severity levels, root-cause categories and known services.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawTaxonomy {
    pub severities: Option<Vec<RawSeverity>>,
    pub causes: Option<Vec<RawCause>>,
    pub services: Option<Vec<RawService>>,
}

/// One `[[taxonomy.severities]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeverity {
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
}

/// One `[[taxonomy.causes]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCause {
    pub id: String,
    pub description: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One `[[taxonomy.services]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `[infer]`: how metadata missing from front matter is read from the text.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawInfer {
    pub timezone: Option<String>,
    pub date_order: Option<String>,
    pub enabled: Option<bool>,
}

/// `[check]`: extra rules for `coroner check`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawCheck {
    pub required_sections: Option<Vec<String>>,
    pub require_owner: Option<bool>,
}

/// The keys valid in each table of `book.toml`, used to name every unknown key at once.
fn known_keys(table: &str) -> Option<&'static [&'static str]> {
    Some(match table {
        "" => &["site", "build", "taxonomy", "infer", "check"],
        "site" => &["title", "description", "base_url", "language", "cname"],
        "build" => &[
            "content_dir",
            "output_dir",
            "theme",
            "drafts",
            "trust_html",
            "insights",
        ],
        "taxonomy" => &["severities", "causes", "services"],
        "taxonomy.severities" => &["id", "label", "description"],
        "taxonomy.causes" => &["id", "description", "keywords"],
        "taxonomy.services" => &["id", "name", "aliases"],
        "infer" => &["timezone", "date_order", "enabled"],
        "check" => &["required_sections", "require_owner"],
        _ => return None,
    })
}

/// An unknown key: its dotted path and the closest valid key, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The table the key is in (`""` for the top level).
    pub table: String,
    /// The key as written.
    pub key: String,
    /// The closest valid key in that table.
    pub suggestion: Option<&'static str>,
}

/// Every key of `table` (recursively) that `book.toml` does not define.
pub fn unknown_keys(table: &toml::Table) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    walk("", table, &mut found);
    found
}

fn walk(path: &str, table: &toml::Table, found: &mut Vec<UnknownKey>) {
    let Some(known) = known_keys(path) else {
        return;
    };
    for (key, value) in table {
        if !known.contains(&key.as_str()) {
            found.push(UnknownKey {
                table: path.to_string(),
                key: key.clone(),
                suggestion: closest(key, known.iter().copied()),
            });
            continue;
        }
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match value {
            toml::Value::Table(t) => walk(&child, t, found),
            toml::Value::Array(items) => {
                for item in items {
                    if let toml::Value::Table(t) = item {
                        walk(&child, t, found);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_unknown_key_with_a_suggestion() {
        let table: toml::Table = toml::from_str(
            "[site]\ntitel = 'x'\n[build]\noutput = 'o'\n[[taxonomy.causes]]\nid = 'dns'\ndescripton = 'd'\n",
        )
        .unwrap();
        let found = unknown_keys(&table);
        let keys: Vec<_> = found
            .iter()
            .map(|u| (u.key.as_str(), u.suggestion))
            .collect();
        assert_eq!(
            keys,
            [
                ("output", Some("output_dir")),
                ("titel", Some("title")),
                ("descripton", Some("description")),
            ]
        );
    }
}
