//! Command-line parsing (clap) and dispatch to one module per command.

mod build;
mod check;
mod fix;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// coroner builds a browsable, cross-linked incident archive from Markdown postmortems.
#[derive(Debug, Parser)]
#[command(name = "coroner", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output directory (default `public/`).
    Build(build::BuildArgs),
    /// Create a new archive: book.toml, an example postmortem, a GitHub Pages workflow.
    Init(init::InitArgs),
    /// Start a postmortem from the site's template: content/YYYY-MM-DD-<title>.md.
    New(new::NewArgs),
    /// Check every postmortem and the site's configuration without writing anything.
    Check(check::CheckArgs),
    /// Print the front matter that makes inferred values explicit; --write adds it to the files.
    Fix(fix::FixArgs),
    /// Serve a live preview that rebuilds and reloads on every change.
    Serve(serve::ServeArgs),
}

/// Where the site is and what to override, shared by several commands.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site root, holding book.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Exit code for "the command ran and found problems".
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code for "the command could not run".
pub const EXIT_FAILURE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        crate::keep_freed_memory();
    }
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Check(args) => check::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
