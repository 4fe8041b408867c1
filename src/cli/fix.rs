//! `coroner fix`: print (or, with `--write`, add) the front matter that makes each postmortem's
//! inferred values explicit.

use std::process::ExitCode;

use coroner::fix;

use super::{EXIT_PROBLEMS, SiteArgs};

/// Arguments of `coroner fix`.
#[derive(Debug, clap::Args)]
pub struct FixArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Write the front matter into the files (otherwise only print it).
    #[arg(long)]
    write: bool,
}

/// Plans the fixes, prints them or writes them, and reports the files left alone.
pub fn run(args: FixArgs) -> anyhow::Result<ExitCode> {
    let plan = match fix::plan(&args.site.root) {
        Ok(plan) => plan,
        Err(problems) => {
            eprintln!("{problems}");
            return Ok(ExitCode::from(EXIT_PROBLEMS));
        }
    };
    let mut failed = plan.skipped.error_count() + plan.skipped.warning_count();
    let mut keys = 0;
    let mut changed = 0;
    for f in &plan.files {
        let what = if f.has_block {
            "add to its front matter"
        } else {
            "new front matter"
        };
        if !args.write {
            println!("{} ({what}):\n{}", f.display.display(), f.block());
            keys += f.values.len();
            changed += 1;
            continue;
        }
        match fix::apply(f) {
            Ok(0) => {}
            Ok(n) => {
                println!("{}: wrote {n} key(s)", f.display.display());
                keys += n;
                changed += 1;
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    for d in plan.skipped.iter() {
        eprintln!("{d}");
    }
    let verb = if args.write {
        "changed"
    } else {
        "would change"
    };
    println!("{changed} file(s) {verb} ({keys} key(s)); {failed} left alone");
    if !args.write && changed > 0 {
        println!("run `coroner fix --write` to write these blocks into the files");
    }
    Ok(if failed > 0 {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    })
}
