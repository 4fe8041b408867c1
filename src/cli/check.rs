//! `coroner check`: validate the whole site without writing anything, and print the report as
//! text for people or JSON for CI. Exit codes: 0 clean, 1 problems, 2 could not run.

use std::process::ExitCode;

use coroner::check::{CheckReport, check};
use coroner::config::Overrides;

use super::{EXIT_FAILURE, EXIT_PROBLEMS, SiteArgs};

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:column: level[code]: message`, with the offending line and a hint.
    Text,
    /// One JSON document: problems as {level, path, line, column, code, message, hint}, and counts.
    Json,
}

/// Arguments of `coroner check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Fail on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Print the report as text or as JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also print, per file with inferred values, the front matter that makes them explicit.
    #[arg(long)]
    suggest: bool,
    /// Check drafts as part of the archive (their own problems are always reported).
    #[arg(long)]
    drafts: bool,
}

/// Runs the check and prints its report on standard output.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let overrides = Overrides {
        drafts: args.drafts,
        ..Overrides::default()
    };
    let report = match check(&args.site.root, &overrides, args.suggest) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_FAILURE));
        }
    };
    match args.format {
        Format::Json => println!("{}", report.to_json(args.strict)),
        Format::Text => print!("{}", text(&report, args.strict)),
    }
    Ok(if report.passes(args.strict) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}

/// The text report: each problem, a blank line between them, then the suggestions and a summary.
fn text(report: &CheckReport, strict: bool) -> String {
    let mut out = String::new();
    for d in report.problems.iter() {
        out.push_str(&format!("{d}\n\n"));
    }
    for s in &report.suggestions {
        out.push_str(&format!(
            "{}: front matter for the inferred values:\n{}\n",
            s.path.display(),
            s.front_matter
        ));
    }
    let (errors, warnings) = (
        report.problems.error_count(),
        report.problems.warning_count(),
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let summary = if errors + warnings == 0 {
        "no problems".to_string()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    let verdict = if report.passes(strict) {
        "ok"
    } else if errors == 0 {
        "failed (--strict: warnings fail)"
    } else {
        "failed"
    };
    out.push_str(&format!(
        "checked {}: {summary}; {verdict}\n",
        plural(report.files, "postmortem")
    ));
    out
}
