//! `coroner init`: create a new archive's starter files and say what to do next.

use std::path::PathBuf;
use std::process::ExitCode;

use coroner::scaffold::{self, ScaffoldError};

use super::EXIT_PROBLEMS;

/// Arguments of `coroner init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the archive in (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Creates the starter files, or none if any of them exists.
pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let report = match scaffold::init(&args.dir) {
        Ok(report) => report,
        Err(ScaffoldError::Exists(paths)) => {
            eprintln!("error: coroner init never replaces files, and these already exist:");
            for p in &paths {
                eprintln!("  {}", p.display());
            }
            eprintln!(
                "nothing was written; move them away or run `coroner init` in another folder"
            );
            return Ok(ExitCode::from(EXIT_PROBLEMS));
        }
        Err(e) => return Err(e.into()),
    };
    println!("created the archive \"{}\":", report.title);
    for path in &report.created {
        println!("  {}", path.display());
    }
    let root = report.root.display().to_string();
    println!();
    println!("next:");
    if root != "." {
        println!("  cd {}", shell_word(&root));
    }
    for (command, what) in [
        ("coroner new \"What broke\"", "start a postmortem (a draft)"),
        (
            "coroner build --drafts",
            "build the site into public/, drafts included",
        ),
        (
            "python3 -m http.server -d public 8000",
            "preview it at http://localhost:8000/",
        ),
    ] {
        println!("  {command:<40} {what}");
    }
    if report.workflow_needs_repository {
        println!();
        println!(
            "before pushing: set CORONER_GIT in .github/workflows/pages.yml to coroner's repository,"
        );
        println!("then in GitHub open Settings > Pages and set Source to \"GitHub Actions\".");
    } else {
        println!();
        println!("on GitHub, open Settings > Pages and set Source to \"GitHub Actions\".");
    }
    Ok(ExitCode::SUCCESS)
}

/// `text` quoted for a POSIX shell when it has characters the shell would interpret.
fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./+@%:".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
