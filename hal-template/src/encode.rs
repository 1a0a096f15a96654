//! Percent-encoding as RFC 6570 §1.6 and §3.2.1 prescribe.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// RFC 3986 `unreserved`: `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// RFC 3986 `reserved`: `gen-delims / sub-delims`.
fn is_reserved(b: u8) -> bool {
    matches!(
        b,
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
    )
}

/// Pushes the clean run `value[from..to]`. Callers only pass indices of ASCII bytes (or the end),
/// so both are char boundaries whenever the run is not empty.
fn push_clean(out: &mut String, value: &str, from: usize, to: usize) {
    if from < to {
        out.push_str(&value[from..to]);
    }
}

fn push_encoded_byte(out: &mut String, b: u8) {
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 0x0F)]));
}

/// Appends `value` to `out`, percent-encoding every byte that is not `unreserved`, as simple
/// string expansion (`{var}`) does.
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
    let bytes = value.as_bytes();
    let mut clean_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            push_clean(out, value, clean_from, i);
            push_encoded_byte(out, b);
            clean_from = i + 1;
        }
    }
    push_clean(out, value, clean_from, bytes.len());
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

/// Literal parts keep reserved characters and triplets, and encode the rest (RFC 6570 §3.1).
pub(crate) fn encode_literal(out: &mut String, literal: &str) {
    encode_reserved(out, literal);
}
