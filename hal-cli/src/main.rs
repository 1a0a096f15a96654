//! `hal`: lint, format, expand templates in and list the links of HAL documents.

#![warn(missing_docs)]

mod expand;
mod fmt;
mod input;
mod links;
mod lint;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tools for HAL (application/hal+json) documents.
#[derive(Parser)]
#[command(name = "hal", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
}

/// How a command ended: the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Everything was fine.
    Ok = 0,
    /// The input was read but is not valid (errors found).
    Invalid = 1,
    /// The input could not be read or is not JSON.
    Unreadable = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Lint(args) => lint::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Expand(args) => expand::run(&args),
        Command::Links(args) => links::run(&args),
    };
    ExitCode::from(outcome as u8)
}
