//! `coroner new`: start a postmortem from the site's template and print where it was written.

use std::process::ExitCode;

use coroner::scaffold::{self, NewOptions, ScaffoldError};

use super::{EXIT_PROBLEMS, SiteArgs};

/// Arguments of `coroner new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The incident's title, e.g. "Checkout returns 500s"; the file name is made from it.
    title: String,
    #[command(flatten)]
    site: SiteArgs,
    /// The day of the incident, YYYY-MM-DD (default: today in [infer] timezone).
    #[arg(long, value_parser = parse_date)]
    date: Option<jiff::civil::Date>,
    /// The severity, e.g. SEV2 (one of the site's [taxonomy] severities).
    #[arg(long)]
    severity: Option<String>,
    /// Write content/<date>-<slug>/index.md, a folder for the postmortem and its images.
    #[arg(long)]
    bundle: bool,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    jiff::civil::Date::strptime("%Y-%m-%d", text.trim())
        .map_err(|e| format!("expected a date such as 2025-01-21: {e}"))
}

/// Writes the new postmortem, never over an existing file.
pub fn run(args: NewArgs) -> anyhow::Result<ExitCode> {
    let options = NewOptions {
        root: args.site.root,
        title: args.title,
        date: args.date,
        severity: args.severity,
        bundle: args.bundle,
    };
    match scaffold::new_postmortem(&options) {
        Ok(path) => {
            println!("{}", shown(&path).display());
            Ok(ExitCode::SUCCESS)
        }
        Err(ScaffoldError::Exists(paths)) => {
            for p in &paths {
                eprintln!(
                    "error: {} already exists; nothing was written",
                    shown(p).display()
                );
            }
            eprintln!("  = help: pick another title, or pass --date for another day");
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(ScaffoldError::Config(problems)) => {
            eprintln!("{problems}");
            eprintln!("error: book.toml has errors; nothing was written");
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(
            e @ (ScaffoldError::UnknownSeverity { .. }
            | ScaffoldError::EmptySlug(_)
            | ScaffoldError::Template { .. }),
        ) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(e) => Err(e.into()),
    }
}

/// `./content/x.md` reads better as `content/x.md`; both name the same file.
fn shown(path: &std::path::Path) -> &std::path::Path {
    path.strip_prefix(".").unwrap_or(path)
}
