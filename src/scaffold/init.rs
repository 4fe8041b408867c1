//! `init`: the starter files of a new archive (configuration, an example postmortem, the GitHub
//! Pages workflow, `.gitignore`), filled in for the folder they are created in.

use std::path::{Path, PathBuf};

use super::{NewFile, ScaffoldError, create_all};

const BOOK_TOML: &str = include_str!("files/book.toml");
const EXAMPLE: &str = include_str!("files/example.md");
const WORKFLOW: &str = include_str!("files/pages.yml");
const GITIGNORE: &str = include_str!("files/gitignore");

/// Where the example postmortem is created, relative to the site root.
pub const EXAMPLE_PATH: &str =
    "content/2025-02-11-example-uploads-rejected-after-bucket-policy-change.md";

/// Shown in the workflow when coroner's own Cargo.toml does not name its repository.
const REPOSITORY_PLACEHOLDER: &str = "https://github.com/YOUR-ORG/coroner";

/// What `init` created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The site root.
    pub root: PathBuf,
    /// The files created, in order.
    pub created: Vec<PathBuf>,
    /// The site title written to `book.toml`.
    pub title: String,
    /// Whether the workflow still names a placeholder repository to install coroner from.
    pub workflow_needs_repository: bool,
}

/// Creates a new archive in `dir` (created if missing), or nothing if any starter file exists.
pub fn init(dir: &Path) -> Result<InitReport, ScaffoldError> {
    let title = site_title(dir);
    let repository = match env!("CARGO_PKG_REPOSITORY") {
        "" => REPOSITORY_PLACEHOLDER,
        url => url,
    };
    let files = [
        NewFile {
            rel: "book.toml".into(),
            // A TOML string value, so quotes or backslashes in a folder name stay valid TOML.
            text: BOOK_TOML.replace(
                "\"__TITLE__\"",
                &toml::Value::String(title.clone()).to_string(),
            ),
        },
        NewFile {
            rel: EXAMPLE_PATH.into(),
            text: EXAMPLE.into(),
        },
        NewFile {
            rel: ".github/workflows/pages.yml".into(),
            text: WORKFLOW.replace("__CORONER_GIT__", repository),
        },
        NewFile {
            rel: ".gitignore".into(),
            text: GITIGNORE.into(),
        },
    ];
    let created = create_all(dir, &files)?;
    Ok(InitReport {
        root: dir.to_path_buf(),
        created,
        title,
        workflow_needs_repository: repository == REPOSITORY_PLACEHOLDER,
    })
}

/// The archive title implied by the folder's name: `acme-postmortems` is "Acme postmortems",
/// `acme` is "Acme incident archive", and a folder without a usable name "Incident archive".
pub fn site_title(dir: &Path) -> String {
    // `.` and `..` have no name of their own; the resolved path does.
    let resolved = std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    let name = resolved
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = name
        .split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let Some((first, rest)) = words.split_first() else {
        return "Incident archive".into();
    };
    let mut chars = first.chars();
    let mut title: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    title.push_str(chars.as_str());
    for word in rest {
        title.push(' ');
        title.push_str(word);
    }
    let lower = title.to_lowercase();
    if !["incident", "postmortem", "post-mortem", "outage"]
        .iter()
        .any(|w| lower.contains(w))
    {
        title.push_str(" incident archive");
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_folder_name() {
        let t =
            |name: &str| site_title(Path::new("/nonexistent-root-for-test").join(name).as_path());
        assert_eq!(t("incidents"), "Incidents");
        assert_eq!(t("acme-postmortems"), "Acme postmortems");
        assert_eq!(t("acme"), "Acme incident archive");
        assert_eq!(t("payments_SRE"), "Payments SRE incident archive");
        assert_eq!(site_title(Path::new("/")), "Incident archive");
    }

    #[test]
    fn the_starter_book_toml_is_a_valid_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("say \"hi\"");
        let report = init(&site).unwrap();
        assert_eq!(report.created.len(), 4);
        let config = crate::config::Config::load(&site, &Default::default()).unwrap();
        assert_eq!(config.site.title, "Say \"hi\" incident archive");
        assert_eq!(config.build.output_dir, site.join("public"));
    }
}
