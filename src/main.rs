//! The `coroner` command line: parses arguments, runs a command, prints its outcome.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
