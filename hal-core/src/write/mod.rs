//! Writing HAL documents: what can be sent as a whole document ([`HalDocument`]), and a
//! document written as HAL-FORMS ([`WithTemplates`]).
//!
//! A document is written in one pass by serde: `_links`, then the state through its own
//! `Serialize` (flattened into the object, no buffer), then `_embedded`, then `_templates` when
//! the document is written as HAL-FORMS. What a document asks of the resources in it (its
//! templates at the root only, the curies in force) travels with the serialization in a
//! context the root makes, never in the thread.
//!
//! # Examples
//!
//! ```
//! use hal_core::write::HalDocument;
//!
//! let resource = hal_core::Resource::object().with_member("total", 0);
//! let mut bytes = Vec::new();
//! resource.serialize_document(&mut serde_json::Serializer::new(&mut bytes))?;
//! assert_eq!(bytes, br#"{"total":0}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

pub(crate) mod context;
pub(crate) mod state;

use serde::Serialize;

/// A document written as HAL-FORMS: its root resource's [`templates`](crate::HalResource::templates)
/// follow as `_templates` (after `_embedded`, [F-02](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-02)); embedded resources write none. Send it
/// when the client's `Accept` names `application/prs.hal-forms+json` (hal-axum's negotiation
/// does); the same document without the wrapper is plain HAL.
///
/// A [`Resource`](crate::Resource) writes the templates it holds either way: they are its data.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::forms::HalForm;
/// use hal_core::{Hal, HalResource, WithTemplates};
///
/// #[derive(serde::Deserialize, HalForm)]
/// struct StatusInput { paused: bool }
///
/// #[derive(serde::Serialize, HalResource)]
/// #[hal(self_link = "/monitors/{id}/status")]
/// #[hal(template(name = "default", method = "PUT", input = StatusInput))]
/// struct Status { id: u32 }
///
/// let json = serde_json::to_value(WithTemplates(Hal(Status { id: 7 })))?;
/// assert_eq!(json["_templates"]["default"]["method"], "PUT");
/// assert_eq!(json["_templates"]["default"]["properties"][0]["name"], "paused");
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WithTemplates<D>(pub D);

impl<D: HalDocument> Serialize for WithTemplates<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_templates(serializer)
    }
}

impl<D: HalDocument> HalDocument for WithTemplates<D> {
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_templates(serializer)
    }

    fn serialize_with_templates<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_with_templates(serializer)
    }
}

/// A value written as a whole HAL document: [`Resource<T>`](crate::Resource), [`Hal<T>`](crate::Hal), a [`Problem`] and any
/// derived [`HalResource`](crate::HalResource) (written as `Hal(value)` would write it).
///
/// Response types take this instead of `Serialize`, so that a plain struct cannot be sent
/// labelled `application/hal+json` without its `_links`. (`serde_json::to_string(&value)` on a
/// derived type still writes only its state, as its own `Serialize` impl does; write
/// `Hal(&value)` for the document.)
///
/// [`Problem`]: crate::Problem
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "derive")] {
/// use hal_core::{HalDocument, HalResource};
///
/// #[derive(serde::Serialize, HalResource)]
/// #[hal(self_link = "/books/{isbn}")]
/// struct Book { isbn: String }
///
/// let mut bytes = Vec::new();
/// Book { isbn: "1".into() }.serialize_document(&mut serde_json::Serializer::new(&mut bytes))?;
/// assert_eq!(bytes, br#"{"_links":{"self":{"href":"/books/1"}},"isbn":"1"}"#);
/// # }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a HAL document",
    label = "its bytes would have no `_links`",
    note = "derive `HalResource` for it, wrap it in `hal_core::Resource::new(..)`, or send a `Hal<T>`, `Resource<T>` or `Problem`"
)]
pub trait HalDocument {
    /// Writes the document.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// Writes the document as HAL-FORMS: the root resource's templates follow as `_templates`
    /// (see [`WithTemplates`], which calls this).
    ///
    /// # Errors
    ///
    /// The serializer's error.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::HalDocument;
    /// use hal_core::forms::Template;
    ///
    /// let resource = hal_core::Resource::object().with_template("default", Template::new("POST"));
    /// let mut bytes = Vec::new();
    /// resource.serialize_with_templates(&mut serde_json::Serializer::new(&mut bytes))?;
    /// assert_eq!(bytes, br#"{"_templates":{"default":{"method":"POST"}}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn serialize_with_templates<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        // A document that holds its templates as data (`Resource`) writes them either way;
        // one that has none writes what it always writes.
        self.serialize_document(serializer)
    }
}
