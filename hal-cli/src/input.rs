//! Reading a named file or standard input, and parsing what was read.

use std::io::{Read, Write};

use hal_core::Resource;
use hal_core::read::ParseErrorKind;

use crate::{Outcome, line};

/// A document's bytes and the name to report it under.
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Reads `path`, or standard input for `-`.
pub(crate) fn read(path: &str) -> Result<Input, String> {
    let mut bytes = Vec::new();
    let (name, result) = if path == "-" {
        (
            "<stdin>".to_owned(),
            std::io::stdin().lock().read_to_end(&mut bytes).map(drop),
        )
    } else {
        (
            path.to_owned(),
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map(drop),
        )
    };
    result.map_err(|e| format!("{name}: cannot read: {e}"))?;
    Ok(Input { name, bytes })
}

/// Reads `path` and hands its name and bytes to `command`; an unreadable file is reported on
/// `err` as [`Outcome::Unreadable`].
pub(crate) fn with_file(
    path: &str,
    err: &mut dyn Write,
    command: impl FnOnce(&str, &[u8], &mut dyn Write) -> Outcome,
) -> Outcome {
    match read(path) {
        Ok(input) => command(&input.name, &input.bytes, err),
        Err(message) => {
            line(err, &message);
            Outcome::Unreadable
        }
    }
}

/// The bytes as JSON, or a message with line and column (serde_json's own wording).
pub(crate) fn json(name: &str, bytes: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{name}: not JSON: {e}"))
}

/// The bytes as a HAL document (with `lenient`, `_embedded` members that are not resources
/// are kept as values); on failure, says why on `err` and returns the outcome: not JSON is
/// [`Outcome::Unreadable`], not HAL is [`Outcome::Invalid`].
pub(crate) fn resource(
    name: &str,
    bytes: &[u8],
    lenient: bool,
    err: &mut dyn Write,
) -> Result<Resource, Outcome> {
    let limits = hal_core::Limits::DEFAULT.with_lenient(lenient);
    limits.parse_slice(bytes).map_err(|e| {
        line(err, &format!("{name}: {e}"));
        match e.kind() {
            ParseErrorKind::Data => Outcome::Invalid,
            _ => Outcome::Unreadable,
        }
    })
}
