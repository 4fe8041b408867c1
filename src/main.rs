//! The `coroner` command line: parses arguments, runs a command, prints its outcome.

mod cli;

// Building allocates many short strings from both rayon threads; mimalloc's thread-local
// free lists make that markedly cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e`; the crate exports no
/// constant for it): how many milliseconds freed memory waits before it goes back to the OS.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory the process frees for its own later allocations instead of returning it to
/// the OS. A build frees and allocates hundreds of megabytes in seconds; returning it costs a
/// system call, a TLB flush on every core and a page fault when the memory is taken again:
/// about 0.2 s, a third of a 10,000-incident rebuild's system time (see the README's
/// Performance section). One-shot commands only: `coroner serve` lives on and gives memory
/// back as usual.
fn keep_freed_memory() {
    // SAFETY: mimalloc's options are plain integers it reads atomically; setting one from any
    // thread at any time is supported (`mi_option_set` is its public API for exactly that).
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_that_is_set() {
        // Guards the option's position: mimalloc's default purge delay is 1,000 ms, a value no
        // neighbouring option has.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option is always allowed.
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
        keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
    }
}
