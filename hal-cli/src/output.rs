//! Writing to standard output and error.

use std::io::Write;

/// Writes a line to standard output. A closed pipe (`hal links doc.json | head`) is not an
/// error worth a message: the reader has what it wanted.
pub(crate) fn line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

/// Writes a line to standard error.
pub(crate) fn error(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}
