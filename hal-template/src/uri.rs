//! RFC 3986 character classes and percent-encoding: the one place the workspace defines which
//! bytes a URI holds as they are.
//!
//! Template expansion (RFC 6570 §1.6, §3.2.1), the derive's hrefs, paging links, `Link` headers
//! and `validate` all use these functions, so that they cannot disagree about a byte.
//!
//! # Examples
//!
//! ```
//! use hal_template::uri;
//!
//! assert!(uri::is_unreserved(b'~') && !uri::is_unreserved(b'/'));
//! assert!(uri::is_reserved(b'/') && !uri::is_reserved(b'%'));
//! assert!(uri::is_uri_byte(b'%') && !uri::is_uri_byte(b' '));
//!
//! let mut href = String::from("/search?q=");
//! uri::encode_unreserved(&mut href, "a&b c");
//! assert_eq!(href, "/search?q=a%26b%20c");
//! ```

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// What each byte is, for table look-ups on hot paths.
const UNRESERVED: u8 = 1;
const RESERVED: u8 = 2;
const PERCENT: u8 = 4;

const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~') {
            UNRESERVED
        } else if matches!(
            c,
            b':' | b'/'
                | b'?'
                | b'#'
                | b'['
                | b']'
                | b'@'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        ) {
            RESERVED
        } else if c == b'%' {
            PERCENT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// RFC 3986 `unreserved`: `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
///
/// # Examples
///
/// ```
/// assert!(hal_template::uri::is_unreserved(b'a'));
/// assert!(!hal_template::uri::is_unreserved(b' '));
/// ```
#[inline]
#[must_use]
pub const fn is_unreserved(b: u8) -> bool {
    CLASSES[b as usize] & UNRESERVED != 0
}

/// RFC 3986 `reserved`: `gen-delims / sub-delims`.
///
/// # Examples
///
/// ```
/// assert!(hal_template::uri::is_reserved(b'?'));
/// assert!(!hal_template::uri::is_reserved(b'a'));
/// ```
#[inline]
#[must_use]
pub const fn is_reserved(b: u8) -> bool {
    CLASSES[b as usize] & RESERVED != 0
}

/// Whether a URI reference may hold the byte as it is: `unreserved`, `reserved` or the `%` of a
/// percent-encoded triplet.
///
/// # Examples
///
/// ```
/// assert!(hal_template::uri::is_uri_byte(b'%'));
/// assert!(!hal_template::uri::is_uri_byte(b'<'));
/// ```
#[inline]
#[must_use]
pub const fn is_uri_byte(b: u8) -> bool {
    CLASSES[b as usize] != 0
}

/// Pushes the clean run `value[from..to]`. Callers only pass indices of ASCII bytes (or the end),
/// so both are char boundaries whenever the run is not empty.
#[inline]
fn push_clean(out: &mut String, value: &str, from: usize, to: usize) {
    if from < to {
        out.push_str(&value[from..to]);
    }
}

#[inline]
fn push_encoded_byte(out: &mut String, b: u8) {
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 0x0F)]));
}

/// Appends `value`, percent-encoding each byte for which `keep` is false.
#[inline]
fn encode_except(out: &mut String, value: &str, keep: impl Fn(u8) -> bool) {
    let bytes = value.as_bytes();
    // Most values need no encoding: find out with a tight scan, then copy once.
    let Some(first) = bytes.iter().position(|&b| !keep(b)) else {
        out.push_str(value);
        return;
    };
    push_clean(out, value, 0, first);
    let mut clean_from = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        if !keep(b) {
            push_clean(out, value, clean_from, i);
            push_encoded_byte(out, b);
            clean_from = i + 1;
        }
    }
    push_clean(out, value, clean_from, bytes.len());
}

/// Appends `value` to `out`, percent-encoding every byte that is not `unreserved`, as simple
/// string expansion (`{var}`) and `application/x-www-form-urlencoded` names and values need.
///
/// The result can never hold `/`, `?`, `#` or any other delimiter, so a value put into a path
/// segment this way stays one segment.
///
/// # Examples
///
/// ```
/// let mut href = String::from("/vehicles/");
/// hal_template::encode_unreserved(&mut href, "VF1/../x?y");
/// assert_eq!(href, "/vehicles/VF1%2F..%2Fx%3Fy");
/// ```
pub fn encode_unreserved(out: &mut String, value: &str) {
    encode_except(out, value, is_unreserved);
}

/// Appends `value` to `out` as reserved expansion (`{+var}`) does: `unreserved` and `reserved`
/// characters and existing percent-encoded triplets pass; everything else is encoded.
///
/// # Examples
///
/// ```
/// let mut href = String::new();
/// hal_template::encode_reserved(&mut href, "/a b/%20?x=ü");
/// assert_eq!(href, "/a%20b/%20?x=%C3%BC");
/// ```
pub fn encode_reserved(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut clean_from = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let is_triplet = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_triplet {
            i += 3;
        } else if is_unreserved(b) || is_reserved(b) {
            i += 1;
        } else {
            push_clean(out, value, clean_from, i);
            push_encoded_byte(out, b);
            i += 1;
            clean_from = i;
        }
    }
    push_clean(out, value, clean_from, bytes.len());
}

/// Appends a URI reference to `out` with every byte a URI cannot hold (space, `<`, `>`, `"`,
/// control characters, non-ASCII) percent-encoded, and everything else (delimiters and existing
/// triplets included) as it is: for writing an href into a `Link` header.
///
/// # Examples
///
/// ```
/// let mut header = String::from("<");
/// hal_template::uri::encode_uri_reference(&mut header, "/a b?x=1&y=<2>");
/// assert_eq!(header, "</a%20b?x=1&y=%3C2%3E");
/// ```
pub fn encode_uri_reference(out: &mut String, value: &str) {
    encode_except(out, value, is_uri_byte);
}

/// Literal parts keep reserved characters and triplets, and encode the rest (RFC 6570 §3.1).
pub(crate) fn encode_literal(out: &mut String, literal: &str) {
    encode_reserved(out, literal);
}
