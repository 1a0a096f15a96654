//! RFC 6570 URI templates, all four levels.
//!
//! A [`UriTemplate`] is parsed once (an invalid template is a [`TemplateError`] that names the
//! byte position of the mistake), tells which variables it uses ([`UriTemplate::variables`]) and
//! expands against any [`Context`], such as [`Variables`], into a URI reference.
//!
//! ```
//! use hal_template::{UriTemplate, Variables};
//!
//! let template: UriTemplate = "/vehicles/{id}/trips{?offset,limit}".parse()?;
//! let vars = Variables::new().with("id", "VF1 42").with("limit", "10");
//! assert_eq!(template.expand(&vars)?, "/vehicles/VF1%2042/trips?limit=10");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Values are percent-encoded as the RFC prescribes for each operator, so a value can never add
//! a path segment, a query or a fragment to a simple `{var}` expansion.

#![warn(missing_docs)]
// Library code returns errors; tests may unwrap.
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod error;
mod expand;
mod parse;
pub mod uri;
mod value;

pub use error::{ExpandError, ExpandErrorKind, TemplateError, TemplateErrorKind};
pub use expand::Context;
pub use parse::{Expression, Modifier, Operator, Part, UriTemplate, VarSpec};
pub use uri::{encode_reserved, encode_unreserved};
pub use value::{Value, Variables};

#[cfg(test)]
mod tests;
