//! Hrefs and curie templates given as `const`s (`#[hal(self_link = TRIP)]`), so that a route
//! and its links can share one declaration. The derive cannot read a const's value: the
//! placeholders are checked by `const fn`s at compile time, and the template is parsed once, at
//! its first use, and expanded at run time.

use std::sync::OnceLock;

use crate::__private::href::HrefWriter;
use crate::template::{Operator, Part, UriTemplate, Value};

/// An href from a `const`: parsed at its first use, kept for the life of the process.
pub struct ConstHref {
    source: &'static str,
    template: OnceLock<Option<UriTemplate>>,
}

/// How a field answers a placeholder of a const href: `None` when the name is not a field,
/// `Some(None)` when the field is an `Option` that is `None`.
pub type FieldLookup<'a> = &'a dyn Fn(&str) -> Option<Option<Value>>;

impl ConstHref {
    /// An href from `source`, not parsed yet.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            template: OnceLock::new(),
        }
    }

    fn template(&self) -> Option<&UriTemplate> {
        self.template
            .get_or_init(|| UriTemplate::parse(self.source).ok())
            .as_ref()
    }

    /// Whether the link is written: a `{field}` or `{+field}` placeholder whose field is
    /// `None` leaves it out, as it does for literal hrefs.
    pub fn is_present(&self, fields: FieldLookup<'_>) -> bool {
        let Some(template) = self.template() else {
            return true; // written, and its error reported, by `write`
        };
        template.expressions().all(|expression| {
            let prefixless = matches!(expression.operator(), Operator::Simple | Operator::Reserved);
            !prefixless
                || expression
                    .variables()
                    .iter()
                    .all(|v| !matches!(fields(v.name()), Some(None)))
        })
    }

    /// Writes the href: literals as they are (reserved expansion), expressions whose variables
    /// are all fields expanded with the fields' values, the others kept for the client.
    ///
    /// # Errors
    ///
    /// `fmt::Error` when the const is not a valid template (checked at compile time as far as
    /// a `const fn` can) or an expression cannot be expanded.
    pub fn write(&self, w: &mut HrefWriter<'_>, fields: FieldLookup<'_>) -> std::fmt::Result {
        let template = self.template().ok_or(std::fmt::Error)?;
        let values = |name: &str| fields(name).flatten();
        let text = w.buffer();
        for part in template.parts() {
            match part {
                Part::Literal(literal) => crate::template::encode_reserved(text, literal),
                Part::Expression(expression) => {
                    let all_fields = expression
                        .variables()
                        .iter()
                        .all(|v| fields(v.name()).is_some());
                    if all_fields {
                        expression
                            .expand_into(text, &values)
                            .map_err(|_| std::fmt::Error)?;
                    } else {
                        use std::fmt::Write as _;
                        write!(text, "{expression}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A field's value for a const href: `Some` when the field's type is `Display`, by autoref
/// specialization (`(&ValueProbe(&field)).probe()`).
pub struct ValueProbe<'a, T: ?Sized>(pub &'a T);

/// The probe for a `Display` field.
pub trait ProbeDisplay {
    /// The value.
    fn probe(&self) -> Option<Value>;
}

impl<T: std::fmt::Display + ?Sized> ProbeDisplay for ValueProbe<'_, T> {
    fn probe(&self) -> Option<Value> {
        Some(Value::String(self.0.to_string()))
    }
}

/// The probe for any other field: it has no href value.
pub trait ProbeOther {
    /// No value.
    fn probe(&self) -> Option<Value>;
}

impl<T: ?Sized> ProbeOther for &ValueProbe<'_, T> {
    fn probe(&self) -> Option<Value> {
        None
    }
}

/// What a `const fn` finds wrong with a const href.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HrefFault {
    None,
    Unclosed,
    UnknownPlaceholder,
    Mixed,
    TemplatedWithoutClient,
}

const fn same(a: &[u8], from: usize, to: usize, b: &[u8]) -> bool {
    if to - from != b.len() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if a[from + i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn is_field(name: &[u8], from: usize, to: usize, fields: &[&str]) -> bool {
    let mut i = 0;
    while i < fields.len() {
        if same(name, from, to, fields[i].as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

/// The fault of `href` given the struct's state fields and whether the link is `templated`.
const fn href_fault(href: &str, fields: &[&str], templated: bool) -> HrefFault {
    let bytes = href.as_bytes();
    let mut i = 0;
    let mut client_expressions = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len() && bytes[end] != b'}' {
            end += 1;
        }
        if end == bytes.len() {
            return HrefFault::Unclosed;
        }
        let mut start = i + 1;
        if start < end && matches!(bytes[start], b'+' | b'#' | b'.' | b'/' | b';' | b'?' | b'&') {
            start += 1;
        }
        let (mut known, mut unknown) = (0, 0);
        let mut name_start = start;
        let mut j = start;
        while j <= end {
            if j == end || bytes[j] == b',' {
                let mut name_end = name_start;
                while name_end < j && bytes[name_end] != b'*' && bytes[name_end] != b':' {
                    name_end += 1;
                }
                if is_field(bytes, name_start, name_end, fields) {
                    known += 1;
                } else {
                    unknown += 1;
                }
                name_start = j + 1;
            }
            j += 1;
        }
        if unknown > 0 && known > 0 {
            return HrefFault::Mixed;
        }
        if unknown > 0 {
            if !templated {
                return HrefFault::UnknownPlaceholder;
            }
            client_expressions += 1;
        }
        i = end + 1;
    }
    if templated && client_expressions == 0 {
        return HrefFault::TemplatedWithoutClient;
    }
    HrefFault::None
}

/// Fails the build when a const href does not fit the struct, as the derive's checks of
/// literal hrefs do: every placeholder a state field unless the link is `templated`, no
/// expression mixing fields with the client's variables.
///
/// # Panics
///
/// At compile time (it is called in a `const` item), with the rule the href breaks.
// The panic is the compile error: this only runs in const evaluation.
#[allow(clippy::panic)]
pub const fn check_const_href(href: &str, fields: &[&str], templated: bool) {
    match href_fault(href, fields, templated) {
        HrefFault::None => {}
        HrefFault::Unclosed => panic!("an href const has an unclosed `{{`"),
        HrefFault::UnknownPlaceholder => panic!(
            "an href const has a placeholder that is not a field of the struct (placeholders use Rust field names; mark the link `templated` if it is for the client)"
        ),
        HrefFault::Mixed => panic!(
            "an href const has an expression that mixes fields with variables left to the client; put them in separate expressions"
        ),
        HrefFault::TemplatedWithoutClient => panic!(
            "a `templated` link's href const has no expression for the client; remove `templated`"
        ),
    }
}

/// Fails the build when a const curie href has no `{rel}` ([H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63)).
///
/// # Panics
///
/// At compile time (it is called in a `const` item).
// The panic is the compile error: this only runs in const evaluation.
#[allow(clippy::panic)]
pub const fn check_curie_href(href: &str) {
    if href_fault(href, &["rel"], false) as u8 != HrefFault::None as u8 {
        panic!("a curie href const may only use the `{{rel}}` placeholder (H-63)");
    }
    let bytes = href.as_bytes();
    let mut i = 0;
    while i + 5 <= bytes.len() {
        if same(bytes, i, i + 5, b"{rel}")
            || (i + 6 <= bytes.len() && same(bytes, i, i + 6, b"{+rel}"))
        {
            return;
        }
        i += 1;
    }
    panic!("a curie href const must contain the `{{rel}}` placeholder (H-63)");
}

/// Fails the build when a shared curie list (`#[hal(curies = CURIES)]`) has a name that is
/// not a curie prefix, a name twice, or an href without `{rel}`: what the derive checks of
/// `#[hal(curie(…))]`.
///
/// # Panics
///
/// At compile time (it is called in a `const` item).
// The panic is the compile error: this only runs in const evaluation.
#[allow(clippy::panic)]
pub const fn check_static_curies(curies: &[crate::link::StaticCurie]) {
    let mut i = 0;
    while i < curies.len() {
        let name = curies[i].name().as_bytes();
        if !is_curie_name(name) {
            panic!(
                "a shared curie's name is not a valid curie name (a letter or `_`, then letters, digits, `_`, `-` or `.`)"
            );
        }
        let mut j = 0;
        while j < i {
            let other = curies[j].name().as_bytes();
            if same(other, 0, other.len(), name) {
                panic!("a shared curie list declares one name more than once");
            }
            j += 1;
        }
        check_curie_href(curies[i].href());
        i += 1;
    }
}

/// A curie prefix, as `Curie::new` accepts it.
const fn is_curie_name(name: &[u8]) -> bool {
    if name.is_empty() || !(name[0].is_ascii_alphabetic() || name[0] == b'_') {
        return false;
    }
    let mut i = 1;
    while i < name.len() {
        let c = name[i];
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.') {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn const_checks_find_each_fault() {
        let fields = ["id", "vin"];
        assert_eq!(href_fault("/t/{id}", &fields, false), HrefFault::None);
        assert_eq!(href_fault("/t/{id", &fields, false), HrefFault::Unclosed);
        assert_eq!(
            href_fault("/t/{tripId}", &fields, false),
            HrefFault::UnknownPlaceholder
        );
        assert_eq!(href_fault("/t{?id,q}", &fields, true), HrefFault::Mixed);
        assert_eq!(
            href_fault("/t/{id}", &fields, true),
            HrefFault::TemplatedWithoutClient
        );
        assert_eq!(
            href_fault("/t/{id}{?offset,limit*}", &fields, true),
            HrefFault::None
        );
        assert_eq!(href_fault("/v/{vin:3}", &fields, false), HrefFault::None);
    }
}
