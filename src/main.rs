//! The `coroner` command line: parses arguments, runs a command, prints its outcome.

mod cli;

// Building allocates many short strings from both rayon threads; mimalloc's thread-local
// free lists make that markedly cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
