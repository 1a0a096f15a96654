//! Strict `application/x-www-form-urlencoded` decoding and encoding for query strings.

use hal_core::template::uri::encode_unreserved;

/// Why a query component could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A `%` without two hexadecimal digits after it.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// Decodes one name or value: `+` is a space, `%XX` a byte; anything else is an error.
pub(crate) fn decode(component: &str) -> Result<String, DecodeError> {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(DecodeError::BadEscape)?;
                let text = std::str::from_utf8(hex).map_err(|_| DecodeError::BadEscape)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(DecodeError::BadEscape);
                }
                out.push(u8::from_str_radix(text, 16).map_err(|_| DecodeError::BadEscape)?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8)
}

/// Appends `name=value` to `query`, with `&` between pairs; everything but RFC 3986
/// `unreserved` is encoded in the names and values we write.
pub(crate) fn push_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    encode_unreserved(query, name);
    query.push('=');
    encode_unreserved(query, value);
}

/// The raw `name=value` pairs of a query string (`?` stripped, empty pairs skipped).
pub(crate) fn raw_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}
