//! `hal fmt`.

use hal_core::{ParseErrorKind, Resource};

use crate::Outcome;
use crate::input;
use crate::output;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The document; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,
}

pub(crate) fn run(args: &Args) -> Outcome {
    let input = match input::read(&args.file) {
        Ok(input) => input,
        Err(message) => {
            output::error(&message);
            return Outcome::Unreadable;
        }
    };
    let resource: Resource = match hal_core::from_slice(&input.bytes) {
        Ok(resource) => resource,
        Err(e) => {
            output::error(&format!("{}: {e}", input.name));
            return match e.kind() {
                ParseErrorKind::Data => Outcome::Invalid,
                _ => Outcome::Unreadable,
            };
        }
    };
    match serde_json::to_string_pretty(&resource) {
        Ok(text) => {
            output::line(&text);
            Outcome::Ok
        }
        Err(e) => {
            output::error(&format!("{}: {e}", input.name));
            Outcome::Invalid
        }
    }
}
