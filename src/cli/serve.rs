//! `coroner serve`: the live preview, with its terminal output (ready line, one line per
//! rebuild, errors with file and line), Ctrl-C handling and `--open`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use coroner::serve::{Event, ServeError, ServeOptions, Server};

use super::{EXIT_FAILURE, SiteArgs};

/// The default port of `coroner serve`.
pub const DEFAULT_PORT: u16 = 1111;

/// Arguments of `coroner serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The port to listen on (0: any free port, announced on the ready line).
    #[arg(long, short, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser once it is ready.
    #[arg(long)]
    open: bool,
    /// Include postmortems whose status is draft.
    #[arg(long)]
    drafts: bool,
    /// Also keep the preview's files here (default: a temporary folder removed at exit).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs the preview until Ctrl-C.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = ServeOptions {
        root: args.site.root,
        drafts: args.drafts,
        bind: args.bind,
        port: args.port,
        output: args.output,
    };
    let server = match Server::bind(options) {
        Ok(server) => server,
        Err(ServeError::AddrInUse(addr)) => {
            eprintln!(
                "error: port {} on {} is already in use; stop the program using it or choose another port with --port N (--port 0 picks a free one)",
                addr.port(),
                addr.ip()
            );
            return Ok(ExitCode::from(EXIT_FAILURE));
        }
        Err(e) => return Err(e.into()),
    };
    let stopper = server.stopper();
    // SIGINT and SIGTERM both stop the loop, which then shuts down cleanly and exits 0.
    ctrlc::set_handler(move || stopper.stop())?;
    let open = args.open;
    server.run(|event| report(event, open))?;
    Ok(ExitCode::SUCCESS)
}

/// Prints one event. Lines on stdout are stable and greppable (benchmarks wait for them);
/// problems go to stderr.
fn report(event: Event, open: bool) {
    match event {
        Event::Ready { title, url, output } => {
            println!("serving {title} at {url} (Ctrl-C to stop)");
            println!("writing the preview to {}", output.display());
            if open && let Err(e) = open::that_detached(&url) {
                eprintln!("warning: could not open a browser ({e}); open {url} yourself");
            }
        }
        Event::Rebuilt {
            first,
            incidents,
            changed,
            elapsed,
        } => {
            let (verb, what) = match first {
                true => ("built", "written"),
                false => ("rebuilt", "changed"),
            };
            println!(
                "{verb} {incidents} incidents in {} ms; {changed} files {what}",
                elapsed.as_millis()
            );
        }
        Event::Warnings(warnings) => {
            for w in warnings.iter() {
                eprintln!("{w}");
            }
        }
        Event::Failed { message, last_good } => {
            eprintln!("{message}");
            match last_good {
                true => eprintln!("error: the rebuild failed; still serving the last good build"),
                false => eprintln!("error: the site does not build yet; its pages show the errors"),
            }
        }
        Event::WatchFailed(message) => {
            eprintln!("warning: watching files: {message}; changes may be missed");
        }
    }
}
