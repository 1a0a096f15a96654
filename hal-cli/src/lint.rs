//! `hal lint`: documents checked against the HAL draft's rules.

use std::io::Write;

use hal_core::validate;
use hal_core::validate::Finding;
use serde::Serialize;

use crate::{Outcome, input, line};

/// The arguments of `hal lint`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "lint", "a.json", "b.json"])?;
/// let hal_cli::Command::Lint(args) = cli.command else { unreachable!() };
/// assert_eq!(args.files, ["a.json", "b.json"]);
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per file and line: {"file", "valid", "errors", "warnings"}.
    #[arg(long)]
    pub json: bool,
    /// Files to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
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

/// Runs `hal lint` on every file the arguments name; the worst outcome wins.
///
/// # Examples
///
/// ```
/// let args = hal_cli::lint::Args { json: false, files: vec!["/no/such/file.json".into()] };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::lint::run(&args, &mut out, &mut err), hal_cli::Outcome::Unreadable);
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Ok;
    for file in &args.files {
        let checked = match input::read(file) {
            Ok(input) => lint_document(&input.name, &input.bytes, args.json, out, err),
            Err(message) => unreadable(file, &message, args.json, out, err),
        };
        outcome = outcome.max(checked);
    }
    outcome
}

/// Checks the document `bytes` (reported as `name`): each finding and a verdict line, or with
/// `json` one JSON object, go to `out`.
///
/// # Examples
///
/// ```
/// use hal_cli::{Outcome, lint::lint_document};
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let outcome = lint_document("a.json", br#"{"_links":{"self":{"title":"no href"}}}"#, false, &mut out, &mut err);
/// assert_eq!(outcome, Outcome::Invalid);
/// assert!(String::from_utf8(out).unwrap().ends_with("a.json: not valid HAL (1 error, 0 warnings)\n"));
/// ```
pub fn lint_document(
    name: &str,
    bytes: &[u8],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let document = match input::json(name, bytes) {
        Ok(document) => document,
        Err(message) => return unreadable(name, &message, json, out, err),
    };
    let report = validate(&document);
    if json {
        let report = FileReport {
            file: name,
            valid: report.is_valid(),
            error: None,
            errors: report.errors(),
            warnings: report.warnings(),
        };
        line(out, &serde_json::to_string(&report).unwrap_or_default());
    } else {
        for finding in report.findings() {
            line(out, &format!("{name}: {finding}"));
        }
        let (errors, warnings) = (report.errors().len(), report.warnings().len());
        let verdict = if report.is_valid() {
            "valid HAL"
        } else {
            "not valid HAL"
        };
        line(
            out,
            &format!(
                "{name}: {verdict} ({}, {})",
                count(errors, "error"),
                count(warnings, "warning")
            ),
        );
    }
    if report.is_valid() {
        Outcome::Ok
    } else {
        Outcome::Invalid
    }
}

/// A file that cannot be read or is not JSON: the message on `err`, and with `json` a report.
fn unreadable(
    file: &str,
    message: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    line(err, message);
    if json {
        let report = FileReport {
            file,
            valid: false,
            error: Some(message),
            errors: vec![],
            warnings: vec![],
        };
        line(out, &serde_json::to_string(&report).unwrap_or_default());
    }
    Outcome::Unreadable
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
