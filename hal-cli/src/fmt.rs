//! `hal fmt`: a document as normalised HAL.

use std::io::Write;

use crate::{Outcome, input, line};

/// The arguments of `hal fmt`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "fmt", "-"])?;
/// assert!(matches!(cli.command, hal_cli::Command::Fmt(_)));
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep `_embedded` members that are not resources (as some servers write for plain
    /// values) as they are, instead of refusing the document; `hal lint` still reports them.
    #[arg(long)]
    pub lenient: bool,
    /// The document; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

/// Runs `hal fmt` on the file the arguments name.
///
/// # Examples
///
/// ```
/// let args = hal_cli::fmt::Args { lenient: false, file: "/no/such/file.json".into() };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::fmt::run(&args, &mut out, &mut err), hal_cli::Outcome::Unreadable);
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    input::with_file(&args.file, err, |name, bytes, err| {
        format_document(name, bytes, args.lenient, out, err)
    })
}

/// Writes the document `bytes` (reported as `name`) to `out` as normalised HAL: pretty,
/// `_links` first, state in order, `_embedded` last; `lenient` as `--lenient`.
///
/// # Examples
///
/// ```
/// use hal_cli::{Outcome, fmt::format_document};
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let outcome = format_document("a.json", br#"{"a":1,"_links":{"self":{"href":"/"}}}"#, false, &mut out, &mut err);
/// assert_eq!(outcome, Outcome::Ok);
/// assert!(String::from_utf8(out).unwrap().starts_with("{\n  \"_links\""));
///
/// let outcome = format_document("b.json", br#"{"_links":[]}"#, false, &mut Vec::new(), &mut err);
/// assert_eq!(outcome, Outcome::Invalid);
///
/// let spring = br#"{"_embedded":{"content":["first","second"]}}"#;
/// assert_eq!(format_document("c.json", spring, false, &mut Vec::new(), &mut err), Outcome::Invalid);
/// assert_eq!(format_document("c.json", spring, true, &mut Vec::new(), &mut err), Outcome::Ok);
/// ```
pub fn format_document(
    name: &str,
    bytes: &[u8],
    lenient: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let resource = match input::resource(name, bytes, lenient, err) {
        Ok(resource) => resource,
        Err(outcome) => return outcome,
    };
    match serde_json::to_string_pretty(&resource) {
        Ok(text) => {
            line(out, &text);
            Outcome::Ok
        }
        Err(e) => {
            line(err, &format!("{name}: {e}"));
            Outcome::Invalid
        }
    }
}
