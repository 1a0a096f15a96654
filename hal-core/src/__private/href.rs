//! Hrefs computed from a derived type's fields while its links are written: literals encoded
//! at compile time, `{field}` values percent-encoded into the document's href buffer.

use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::template::{UriTemplate, Value};
use crate::write::context::WriteContext;

/// A link whose href is computed while it is written, by a closure that fills an
/// [`HrefWriter`] on the document's buffer.
pub struct LinkOut<'a, F> {
    /// Writes the href.
    pub href: F,
    /// Whether `templated: true` is written.
    pub templated: bool,
    /// The document being written, whose href buffer is used.
    pub context: &'a WriteContext<'a>,
}

impl<F: Fn(&mut HrefWriter<'_>) -> fmt::Result> Serialize for LinkOut<'_, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Assembled first, so the serializer escapes one string, as it would a stored href; in
        // the document's buffer, so that its hrefs allocate once between them.
        self.context
            .with_href_buffer(|buffer| self.write(buffer, serializer))
    }
}

impl<F: Fn(&mut HrefWriter<'_>) -> fmt::Result> LinkOut<'_, F> {
    #[inline]
    fn write<S: serde::Serializer>(
        &self,
        buffer: &mut String,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        (self.href)(&mut HrefWriter(buffer))
            .map_err(|_| serde::ser::Error::custom("cannot write href"))?;
        let mut map = serializer.serialize_map(Some(1 + usize::from(self.templated)))?;
        map.serialize_entry("href", buffer.as_str())?;
        if self.templated {
            map.serialize_entry("templated", &true)?;
        }
        map.end()
    }
}

/// An href being built.
pub struct HrefWriter<'a>(&'a mut String);

impl HrefWriter<'_> {
    /// The href written so far, to append to.
    pub(crate) fn buffer(&mut self) -> &mut String {
        self.0
    }

    /// Appends text as it is (literals, pre-encoded at compile time).
    #[inline]
    pub fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// Appends `value`, percent-encoding everything but `unreserved`, as `{field}` does.
    #[inline]
    pub fn push_encoded(&mut self, value: &str) {
        crate::template::uri::encode_unreserved(self.0, value);
    }
}

/// The href `write` writes, as a string (a template's target); `None` when a value's
/// `Display` failed.
pub fn href_string(write: impl Fn(&mut HrefWriter<'_>) -> fmt::Result) -> Option<String> {
    let mut href = String::new();
    write(&mut HrefWriter(&mut href)).ok()?;
    Some(href)
}

/// What `Display` writes through this is percent-encoded.
struct Encoding<'a, 'b>(&'a mut HrefWriter<'b>);

impl fmt::Write for Encoding<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_encoded(s);
        Ok(())
    }
}

/// Writes `value` percent-encoded for a `{field}` expression.
///
/// # Errors
///
/// `fmt::Error` when the value's `Display` fails.
fn write_simple(w: &mut HrefWriter<'_>, value: &dyn Display) -> fmt::Result {
    write!(Encoding(w), "{value}")
}

/// What a field used as an href placeholder must be: anything `Display`, percent-encoded as
/// it is written. (The derive writes integers and strings directly, without `Display`.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written into an href: a field used as a placeholder must implement `Display`",
    label = "used in an href, so it must implement `Display`"
)]
pub trait HrefValue {
    /// Writes the value, percent-encoded.
    ///
    /// # Errors
    ///
    /// The value's `Display` error.
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result;

    /// The value as a template value, for expressions other than `{field}`.
    fn template_value(&self) -> Value;
}

impl<T: Display + ?Sized> HrefValue for T {
    fn write_href(&self, w: &mut HrefWriter<'_>) -> fmt::Result {
        write_simple(w, &self)
    }

    fn template_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

/// Writes a `{field}` value through its `Display`, percent-encoded.
///
/// # Errors
///
/// The value's `Display` error.
#[inline]
pub fn write_display<T: HrefValue + ?Sized>(w: &mut HrefWriter<'_>, value: &T) -> fmt::Result {
    value.write_href(w)
}

impl HrefWriter<'_> {
    /// Appends an integer: digits and `-` are unreserved, so there is nothing to encode.
    #[inline]
    pub fn push_integer<I: itoa::Integer>(&mut self, value: I) {
        self.push_str(itoa::Buffer::new().format(value));
    }
}

/// Writes one expression (any operator or modifier) with values looked up by `lookup`.
///
/// # Errors
///
/// `fmt::Error` when the expression cannot be expanded (checked at compile time, so only a
/// prefix modifier on a list could get here, and field values are never lists).
pub fn write_expression(
    w: &mut HrefWriter<'_>,
    expression: &str,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> fmt::Result {
    let template = UriTemplate::parse(expression).map_err(|_| fmt::Error)?;
    let expanded = template.expand(lookup).map_err(|_| fmt::Error)?;
    w.push_str(&expanded);
    Ok(())
}

/// A field's value as a template value.
pub fn value_of<T: HrefValue + ?Sized>(value: &T) -> Value {
    value.template_value()
}
