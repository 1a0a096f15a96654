//! Reading a named file or standard input.

use std::io::Read;

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
