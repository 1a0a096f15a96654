//! `hal fmt`.

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
    let (name, resource) = match input::read_resource(&args.file) {
        Ok(read) => read,
        Err(outcome) => return outcome,
    };
    match serde_json::to_string_pretty(&resource) {
        Ok(text) => {
            output::line(&text);
            Outcome::Ok
        }
        Err(e) => {
            output::error(&format!("{name}: {e}"));
            Outcome::Invalid
        }
    }
}
