//! The `hal` command as a library: what `hal lint`, `hal fmt`, `hal expand`, `hal links` and
//! `hal get` and `hal crawl` do, as functions that write to any [`std::io::Write`]. The `hal` binary parses its
//! arguments with [`Cli`] and calls [`run`]; tests and fuzz targets call the commands directly.
//!
//! # Example
//!
//! ```
//! let document = br#"{"_links":{"self":{"href":"/trips/1"}},"distance":12.5}"#;
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let outcome = hal_cli::links::write_links("trip.json", document, false, false, &mut out, &mut err);
//! assert_eq!(outcome, hal_cli::Outcome::Ok);
//! assert_eq!(String::from_utf8(out)?, "$._links.self\tself\t/trips/1\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod colour;
pub mod crawl;
pub mod expand;
pub mod fmt;
pub mod get;
mod input;
pub mod links;
pub mod lint;
pub mod templates;

use std::io::Write;

use clap::{Parser, Subcommand};

/// Tools for HAL (application/hal+json) documents.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "expand", "/trips{?limit}", "limit=5"])?;
/// assert!(matches!(cli.command, hal_cli::Command::Expand(_)));
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, Parser)]
// `long_about = None`: the doc comment above is for rustdoc; its example is no help text.
#[command(name = "hal", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "lint", "--json", "a.json"])?;
/// assert!(matches!(cli.command, hal_cli::Command::Lint(_)));
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents against the HAL draft's rules.
    ///
    /// Exits 0 when no file has errors (warnings are allowed), 1 when any has, and 2 when a
    /// file cannot be read or is not JSON.
    Lint(lint::Args),
    /// Print a document as normalised HAL: pretty, `_links` first, state in order, `_embedded`
    /// last. Exits 1 when it is not a HAL document, 2 when it cannot be read or is not JSON.
    Fmt(fmt::Args),
    /// Expand an RFC 6570 URI template. Exits 1 when the template is invalid, 2 when the
    /// variables cannot be read.
    Expand(expand::Args),
    /// List every link of a document: its path, relation (curies expanded), href and flags.
    Links(links::Args),
    /// Fetch a resource, following relations from a URL: a curl for HAL. Exits 0 with the
    /// document, 1 on an error answer or unexpected HAL, 2 when the service cannot be read.
    Get(get::Args),
    /// Walk an API from its root like a link checker: every link, embedded resource and page;
    /// report broken links, responses that are not HAL, lint errors, embedded copies that
    /// differ from their resource, and the slowest responses. Exits 0 when clean, 1 with
    /// findings, 2 when the root cannot be read.
    Crawl(crawl::Args),
}

/// How a command ended: the process's exit code.
///
/// # Examples
///
/// ```
/// use hal_cli::Outcome;
///
/// assert_eq!(Outcome::Invalid as u8, 1);
/// assert_eq!(Outcome::Ok.max(Outcome::Unreadable), Outcome::Unreadable, "the worst wins");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything was fine.
    Ok = 0,
    /// The input was read but is not valid (errors found).
    Invalid = 1,
    /// The input could not be read or is not JSON.
    Unreadable = 2,
}

/// Runs a parsed command line, reading the files it names (`-` is standard input) and writing
/// to `out` and `err`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "expand", "/trips/{id}", "id=a b"])?;
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::run(cli, &mut out, &mut err), hal_cli::Outcome::Ok);
/// assert_eq!(out, b"/trips/a%20b\n");
/// # Ok::<(), clap::Error>(())
/// ```
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    match cli.command {
        Command::Lint(args) => lint::run(&args, out, err),
        Command::Fmt(args) => fmt::run(&args, out, err),
        Command::Expand(args) => expand::run(&args, out, err),
        Command::Links(args) => links::run(&args, out, err),
        Command::Get(args) => get::run(&args, out, err),
        Command::Crawl(args) => crawl::run(&args, out, err),
    }
}

/// Runs `future` to completion on a runtime of its own (the network commands), or says on `err`
/// why one cannot start.
fn block_on<F: std::future::Future<Output = Outcome>>(err: &mut dyn Write, future: F) -> Outcome {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(e) => {
            line(err, &format!("cannot start: {e}"));
            Outcome::Unreadable
        }
    }
}

/// Writes a line. A closed pipe (`hal links doc.json | head`) is not an error worth a message:
/// the reader has what it wanted.
fn line(to: &mut dyn Write, text: &str) {
    let _ = writeln!(to, "{text}");
}
