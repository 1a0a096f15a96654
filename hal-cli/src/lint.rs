//! `hal lint`.

use hal_core::{Finding, validate};
use serde::Serialize;

use crate::Outcome;
use crate::input;
use crate::output;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// One JSON object per file and line: {"file", "valid", "errors", "warnings"}.
    #[arg(long)]
    json: bool,
    /// Files to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    errors: Vec<&'a Finding>,
    warnings: Vec<&'a Finding>,
}

pub(crate) fn run(args: &Args) -> Outcome {
    let mut outcome = Outcome::Ok;
    for file in &args.files {
        let checked = input::read(file).and_then(|input| Ok((input.json()?, input.name)));
        let (document, name) = match checked {
            Ok(read) => read,
            Err(message) => {
                output::error(&message);
                if args.json {
                    let report = FileReport {
                        file,
                        valid: false,
                        error: Some(&message),
                        errors: vec![],
                        warnings: vec![],
                    };
                    output::line(&serde_json::to_string(&report).unwrap_or_default());
                }
                outcome = outcome.max(Outcome::Unreadable);
                continue;
            }
        };
        let report = validate(&document);
        if !report.is_valid() {
            outcome = outcome.max(Outcome::Invalid);
        }
        if args.json {
            let line = FileReport {
                file: &name,
                valid: report.is_valid(),
                error: None,
                errors: report.errors(),
                warnings: report.warnings(),
            };
            output::line(&serde_json::to_string(&line).unwrap_or_default());
        } else {
            for finding in report.findings() {
                output::line(&format!("{name}: {finding}"));
            }
            let (errors, warnings) = (report.errors().len(), report.warnings().len());
            let verdict = if report.is_valid() {
                "valid HAL"
            } else {
                "not valid HAL"
            };
            output::line(&format!(
                "{name}: {verdict} ({}, {})",
                count(errors, "error"),
                count(warnings, "warning")
            ));
        }
    }
    outcome
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
