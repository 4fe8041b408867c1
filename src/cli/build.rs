//! `coroner build`: build the site once and print a one-line summary.

use std::process::ExitCode;

use coroner::build::{BuildError, BuildOptions};
use coroner::config::Overrides;

use super::{EXIT_PROBLEMS, SiteArgs};

/// Arguments of `coroner build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Write the site here instead of [build] output_dir.
    #[arg(long, short)]
    output: Option<std::path::PathBuf>,
    /// Override [site] base_url, e.g. https://org.github.io/incidents/.
    #[arg(long)]
    base_url: Option<String>,
    /// Include postmortems whose status is draft.
    #[arg(long)]
    drafts: bool,
    /// Also print how long each stage took (reading, rendering, writing).
    #[arg(long)]
    timings: bool,
    /// Neither read nor keep the build cache (.<output>.coroner-cache): every postmortem is
    /// parsed and inferred again.
    #[arg(long)]
    no_cache: bool,
}

/// Runs the build.
pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        root: args.site.root,
        overrides: Overrides {
            base_url: args.base_url,
            output_dir: args.output,
            drafts: args.drafts,
        },
        render: Default::default(),
        cache: !args.no_cache,
    };
    match coroner::build(&options) {
        Ok(report) => {
            for w in report.warnings.iter() {
                eprintln!("{w}");
            }
            let drafts = match report.drafts_skipped {
                0 => String::new(),
                n => format!(", {n} draft(s) skipped"),
            };
            let warnings = match report.warnings.warning_count() {
                0 => String::new(),
                n => format!(", {n} warning(s)"),
            };
            println!(
                "built {} incidents into {} pages ({} files) in {} in {:.2?}{drafts}{warnings}",
                report.incidents,
                report.pages,
                report.files,
                report.output_dir.display(),
                report.elapsed,
            );
            if args.timings {
                let stages: Vec<String> = report
                    .stages
                    .iter()
                    .map(|(name, d)| format!("{name} {d:.2?}"))
                    .collect();
                println!("stages: {}", stages.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildError::Invalid(problems)) => {
            eprintln!("{problems}");
            eprintln!("error: the build failed; the previous output was left as it was");
            Ok(ExitCode::from(EXIT_PROBLEMS))
        }
        Err(e) => Err(e.into()),
    }
}
