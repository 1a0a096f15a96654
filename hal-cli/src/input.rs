//! Reading a named file or standard input.

use std::io::Read;

use hal_core::{ParseErrorKind, Resource};

use crate::Outcome;
use crate::output;

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

impl Input {
    /// The bytes as JSON, or a message with line and column (serde_json's own wording).
    pub(crate) fn json(&self) -> Result<serde_json::Value, String> {
        serde_json::from_slice(&self.bytes).map_err(|e| format!("{}: not JSON: {e}", self.name))
    }
}

/// Reads `path` as a HAL document; on failure, says why on standard error and returns the
/// outcome: unreadable or not JSON is [`Outcome::Unreadable`], not HAL is [`Outcome::Invalid`].
pub(crate) fn read_resource(path: &str) -> Result<(String, Resource), Outcome> {
    let input = read(path).map_err(|message| {
        output::error(&message);
        Outcome::Unreadable
    })?;
    match hal_core::from_slice(&input.bytes) {
        Ok(resource) => Ok((input.name, resource)),
        Err(e) => {
            output::error(&format!("{}: {e}", input.name));
            Err(match e.kind() {
                ParseErrorKind::Data => Outcome::Invalid,
                _ => Outcome::Unreadable,
            })
        }
    }
}
