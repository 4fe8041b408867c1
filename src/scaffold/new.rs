//! `new`: a postmortem file started from the site's template, with its front matter filled in.

use std::path::PathBuf;

use jiff::civil::Date;

use super::{NewFile, ScaffoldError, create_all};
use crate::config::{Config, Overrides};
use crate::diagnostic::closest;
use crate::render::theme;

/// The template's name under a theme's `templates/` folder.
pub const TEMPLATE: &str = "postmortem.md";

/// What `new` is asked to write.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site root, holding `book.toml`.
    pub root: PathBuf,
    /// The incident's title; the file name is its slug.
    pub title: String,
    /// The day of the incident; today in the site's `[infer] timezone` when `None`.
    pub date: Option<Date>,
    /// A severity id (or a spelling of one, such as `sev2`), checked against the taxonomy.
    pub severity: Option<String>,
    /// Write `<slug>/index.md`, a folder for the postmortem and its images, not `<slug>.md`.
    pub bundle: bool,
}

/// Writes a new postmortem into the site's content folder and returns its path.
///
/// The template is the site's `templates/postmortem.md` (or its theme's), else the embedded
/// default. An existing file is never replaced.
pub fn new_postmortem(options: &NewOptions) -> Result<PathBuf, ScaffoldError> {
    let config =
        Config::load(&options.root, &Overrides::default()).map_err(ScaffoldError::Config)?;
    let slug_text = crate::url::slugify(&options.title);
    if slug_text.is_empty() {
        return Err(ScaffoldError::EmptySlug(options.title.clone()));
    }
    let date = options.date.unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned_datetime(config.infer.timezone.clone())
            .date()
    });
    let severity = match &options.severity {
        Some(given) => Some(resolve_severity(given, &config)?),
        None => None,
    };
    let slug = format!("{date}-{slug_text}");
    let (name, source) = template(&config)?;
    let mut context = tera::Context::new();
    context.insert("title", options.title.trim());
    // JSON strings are YAML double-quoted strings, so any title is safe in front matter.
    context.insert("title_yaml", &quoted(options.title.trim()));
    context.insert("date", &date.to_string());
    context.insert("severity", &severity.unwrap_or_default());
    let levels: Vec<&str> = config
        .taxonomy
        .severities
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    context.insert("severities", &levels);
    context.insert("slug", &slug);
    context.insert("timezone", &config.infer.timezone_name);
    let text =
        tera::Tera::one_off(&source, &context, false).map_err(|e| ScaffoldError::Template {
            name,
            message: crate::diagnostic::error_chain(&e),
        })?;
    let (file, bundle) = (format!("{slug}.md"), format!("{slug}/index.md"));
    let (rel, clash) = if options.bundle {
        (bundle, file)
    } else {
        (file, bundle)
    };
    // The other form would give the incident the same slug, which the build rejects.
    let clash = config.build.content_dir.join(clash);
    if clash.symlink_metadata().is_ok() {
        return Err(ScaffoldError::Exists(vec![clash]));
    }
    let path = config.build.content_dir.join(&rel);
    create_all(&config.build.content_dir, &[NewFile { rel, text }])?;
    Ok(path)
}

/// The template's source and a name for messages: the last override layer that has one wins.
fn template(config: &Config) -> Result<(String, String), ScaffoldError> {
    for layer in theme::layers(config).iter().rev() {
        let path = layer.join("templates").join(TEMPLATE);
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|source| ScaffoldError::Io {
                action: "read",
                path: path.clone(),
                source,
            })?;
            return Ok((path.display().to_string(), text));
        }
    }
    let embedded = theme::embedded(&format!("templates/{TEMPLATE}")).unwrap_or_default();
    Ok((
        format!("{TEMPLATE} (built in)"),
        String::from_utf8_lossy(embedded).into_owned(),
    ))
}

/// The taxonomy id meant by `given`: `SEV2`, `sev2`, `Sev 2`, `2` or a level's label.
fn resolve_severity(given: &str, config: &Config) -> Result<String, ScaffoldError> {
    if let Some(level) = config.taxonomy.resolve_severity(given) {
        return Ok(level.id.clone());
    }
    let levels = &config.taxonomy.severities;
    let ids: Vec<&str> = levels.iter().map(|l| l.id.as_str()).collect();
    let hint = match closest(given, ids.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The levels are {}", ids.join(", ")),
        None => format!("the levels are {}", ids.join(", ")),
    };
    Err(ScaffoldError::UnknownSeverity {
        given: given.to_string(),
        hint,
    })
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn options(root: &Path, title: &str) -> NewOptions {
        NewOptions {
            root: root.to_path_buf(),
            title: title.into(),
            date: Some(jiff::civil::date(2025, 3, 4)),
            severity: Some("sev 2".into()),
            bundle: false,
        }
    }

    fn config(root: &Path) -> Config {
        Config::load(root, &Overrides::default()).unwrap()
    }

    #[test]
    fn fills_in_the_embedded_template() {
        let dir = tempfile::tempdir().unwrap();
        let path = new_postmortem(&options(dir.path(), "Checkout: \"500s\"")).unwrap();
        assert_eq!(path, dir.path().join("content/2025-03-04-checkout-500s.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("title: \"Checkout: \\\"500s\\\"\"\n"),
            "{text}"
        );
        assert!(text.contains("severity: SEV2"), "{text}");
        assert!(text.contains("status: draft"), "{text}");
        assert!(text.contains("### Where we got lucky"), "{text}");
    }

    #[test]
    fn unknown_severities_are_refused_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = options(dir.path(), "x");
        o.severity = Some("SEV7".into());
        assert_eq!(resolve_severity("2", &config(dir.path())).unwrap(), "SEV2");
        assert_eq!(
            resolve_severity("critical", &config(dir.path())).unwrap(),
            "SEV1"
        );
        let err = new_postmortem(&o).unwrap_err().to_string();
        assert!(err.contains("SEV1, SEV2, SEV3, SEV4"), "{err}");
        assert!(!dir.path().join("content").exists());
    }
}
