//! `#[derive(HalResource)]`, re-exported by `hal-core`; depend on `hal-core`, not on this crate.
//!
//! The derive runs in one direction: `attr` reads the `#[hal]` (and a few `#[serde]`)
//! attributes as written; `ast` builds the model, parsing each href once; `check` reports what
//! is wrong with it, every error at the user's own tokens; `expand` generates the
//! `HalResource` impl (`write`) and the `HalDeserialize` impl (`read`) through
//! `hal_core::__private`, the one root generated code uses. On errors, `fallback` generates an
//! impl that compiles, so only the real errors show.

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

// The pipeline, one direction: `attr` reads the attributes as written, `ast` makes the model
// (hrefs parsed once), `check` reports what is wrong with it, `expand` generates from a model
// that passed; on errors `fallback` generates a stub so that only the real errors show.
mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod form;
mod symbol;

use proc_macro::TokenStream;
use quote::quote;

/// Makes a struct with named fields a HAL resource: `Hal(&value)` serializes it as a HAL
/// document, `Hal<T>` parses one.
///
/// The struct's own `serde` derives write and read its state, so every `#[serde]` attribute
/// applies (`rename`, `rename_all`, `skip`, `with`, `default`, `flatten`, …). The derive adds
/// `_links` before the state and `_embedded` after it.
///
/// # Attributes on the struct
///
/// - `#[hal(self_link = "/trips/{id}")]`: the `self` link. `{field}` placeholders name state
///   fields (checked at compile time) and are expanded with RFC 6570 semantics: values are
///   percent-encoded, so no value can add a path segment, a query or a fragment.
/// - An `Option` field in a `{field}` or `{+field}` placeholder leaves its link out when it is
///   `None` (`/series/{series_id}` would otherwise become the dangling `/series/`). In the
///   operators with a prefix (`{/field}`, `{?field}`, `{&field}`, `{.field}`, `{;field}`,
///   `{#field}`), `None` drops the prefix with the value, as RFC 6570 says, and the link stays.
/// - `#[hal(link(rel = "…", href = "…"))]`: another link; add `templated` when the href keeps
///   expressions for the client (`{?offset,limit}`, whose variables are not fields), and
///   `skip_if = "path::to::fn"` (a `fn(&Self) -> bool`) to leave it out conditionally.
/// - `#[hal(curie(name = "cc", href = "https://docs.example.com/rels/{rel}"))]`: a curie; the
///   href may be a const (`href = DOCS`), checked at compile time for `{rel}`. An embedded
///   resource does not repeat a curie its document declares with the same template. When
///   parsing, relations match by the URI they expand to: a document that names the curie `l`
///   (`l:author` for the declared `lib:author`, with `curies` before the relations in
///   `_links`, as HAL writers put it) or writes the full URI fills the same field.
/// - `#[hal(curies = CURIES)]`: the service's curies, declared once as a
///   `const CURIES: &[hal_core::StaticCurie]` and named by every resource (what Spring's
///   `CurieProvider` does, as a const): checked at compile time as `curie(…)` is, with which it
///   does not mix.
/// - `#[hal(template(name = "update", method = "PUT", input = MonitorParameter, title = "…",
///   target = "…", content_type = "…"))]`: a HAL-FORMS template (`name` defaults to
///   `default`), its properties from the `input` type's `#[derive(HalForm)]`; `target` (the
///   `self` link when left out) is checked and written as a link's href is. Written as
///   `_templates` only when the document is sent `WithTemplates` (hal-axum's negotiation does
///   for clients that ask for `application/prs.hal-forms+json`).
/// - `#[hal(openapi)]` (hal-core's feature `openapi`, with utoipa's `ToSchema` derived too):
///   `Hal<Self>` gets the OpenAPI schema of exactly what is written: each relation with its
///   cardinality, required when always written. Mark the link and embedded fields
///   `#[schema(ignore)]`: they are not state.
/// - `#[hal(crate = "path::to::hal_core")]`: where `hal_core` is, when renamed.
///
/// Every `href` (and `self_link`) may be the path of a `&str` const instead of a literal, so
/// that a router and the links to its routes share one declaration:
/// `#[hal(self_link = paths::TRIP)]` with `.route(paths::TRIP, get(trip))`. The derive cannot
/// read a const's value, so a `const fn` checks its placeholders at compile time (a placeholder
/// that is not a field fails the build, pointing at the path), and the template is parsed at
/// its first use and expanded at run time; a literal href is compiled into its writes and is
/// faster. Placeholder fields of a const href must be `Display`, or they expand to nothing.
///
/// With two or more `templated` links, clippy's `duplicated_attributes` lint reports the
/// repeated flag, a known false positive for nested attributes (rust-clippy#12923); allow it on
/// the struct.
///
/// # Attributes on fields
///
/// - `#[hal(embedded)]` or `#[hal(embedded(rel = "…"))]`: a `T`, `Option<T>` or `Vec<T>` of
///   `HalResource` types under `_embedded` (`Vec` is an array, `[]` when empty; `None` is left
///   out). The relation defaults to the field's serialized name.
/// - `#[hal(link)]` or `#[hal(link(rel = "…"))]`: a `Link`, `Option<Link>` or `Vec<Link>` under
///   `_links`.
/// - `#[hal(links)]`: a `Links` (or any `LinksField`, such as paging links) merged into
///   `_links`. A relation the struct writes itself (`self_link`, a declared link, a link
///   field) that the field's type also writes is a compile error naming both: `self_link`
///   beside `PageLinks` would make every page's `self` the first page's. A plain `Links` may
///   hold any relation, so it is not checked; the struct's own declaration then wins.
///
/// # Example
///
/// ```
/// use hal_core::{Hal, HalResource, Link};
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource, Debug, PartialEq)]
/// #[serde(rename_all = "camelCase")]
/// #[hal(self_link = "/connectedcar/v2/trips/{id}")]
/// #[hal(link(rel = "vehicle", href = "/connectedcar/v2/vehicles/{vehicle_id}"))]
/// struct Trip {
///     id: u64,
///     vehicle_id: String,
///     #[hal(link(rel = "driver"))]
///     driver: Option<Link>,
/// }
///
/// let trip = Trip { id: 7, vehicle_id: "VF3 1".into(), driver: Some(Link::new("/drivers/2")) };
/// let json = serde_json::to_string(&Hal(&trip))?;
/// assert_eq!(json, concat!(
///     r#"{"_links":{"self":{"href":"/connectedcar/v2/trips/7"},"#,
///     r#""vehicle":{"href":"/connectedcar/v2/vehicles/VF3%201"},"driver":{"href":"/drivers/2"}},"#,
///     r#""id":7,"vehicleId":"VF3 1"}"#,
/// ));
/// assert_eq!(hal_core::from_str::<Hal<Trip>>(&json)?.into_inner(), trip);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[proc_macro_derive(HalResource, attributes(hal))]
pub fn derive_hal_resource(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

/// Derives `hal_core::forms::HalForm` for an input type (the struct a handler deserializes),
/// or `hal_core::forms::FormInput` for an enum of unit variants (a choice among its names).
///
/// Each member serde reads becomes a property under the name serde reads (`rename`,
/// `rename_all`); `skip`ped members are left out. A property is `required` unless its type is
/// `Option<T>` or the member has `#[serde(default)]`. Its input type comes from the field's
/// type ([`FormInput`](../hal_core/forms/trait.FormInput.html)): text for strings, `number`
/// for numbers (steps of 1 and the type's bounds for integers), a single choice for `bool` and
/// for enums deriving `HalForm`, `date`/`time` for chrono's dates and times. A type with no
/// natural input is a compile error at the field, until it is marked:
///
/// - `#[hal_form(nested)]`: a type that derives `HalForm` itself; its properties are named
///   `field.property` (the property-path convention for nested JSON bodies);
/// - `#[hal_form(json)]`: a `textarea` whose text is the member's JSON, marked with the
///   [`JSON_VALUE`](../hal_core/forms/constant.JSON_VALUE.html) extension;
/// - `#[serde(flatten)]` fields bring their type's properties unprefixed.
///
/// Attributes on a field: `prompt`, `placeholder`, `value`, `regex` (an HTML `pattern`,
/// checked at compile time), `input_type` (one of HAL-FORMS' types), `read_only`, `min`,
/// `max`, `step` (number literals), `min_length`, `max_length`, `min_items`, `max_items`,
/// `cols`, `rows`, `check = path` (a custom check), `dive` (a `json` field whose value checks
/// itself). On a variant: `prompt`. On the type: `crate = "…"` when hal-core is renamed.
///
/// The same attributes are the type's runtime check: the derive also implements the
/// `validator` crate's `Validate` (re-exported as `hal_core::forms::Validate`), which
/// enforces `min`/`max`, `min_length`/`max_length` (in characters), `min_items`/`max_items`,
/// `regex` (matched whole, as HTML does), `input_type = "email"` and `"url"`, each
/// `check = path` (a `fn(&T) -> Result<(), E: Display>`, its error the message), and the
/// rules of `nested` and `dive` members, each error under the member's wire name. A rule
/// cannot be advertised and left unchecked, or checked and left out of the form.
///
/// # Example
///
/// ```
/// use hal_core::forms::{HalForm, InputType};
///
/// #[derive(serde::Deserialize, HalForm)]
/// enum Policy { None, Bounded, Always }
///
/// #[derive(serde::Deserialize, HalForm)]
/// #[serde(rename_all = "camelCase")]
/// struct NewMonitor {
///     #[hal_form(prompt = "Label", max_length = 200)]
///     label: String,
///     retry_policy: Policy,
///     #[hal_form(min = 60)]
///     refresh_event: Option<u64>,
///     #[hal_form(json)]
///     trigger_param: serde_json::Value,
/// }
///
/// let properties = NewMonitor::properties();
/// let names: Vec<&str> = properties.iter().map(|p| p.name()).collect();
/// assert_eq!(names, ["label", "retryPolicy", "refreshEvent", "triggerParam"]);
/// assert!(properties[0].is_required() && !properties[2].is_required());
/// assert_eq!(properties[1].options().map(|o| o.values().count()), Some(3));
/// assert_eq!(properties[2].input_type(), InputType::Number);
/// assert_eq!(properties[3].input_type(), InputType::Textarea);
///
/// use hal_core::forms::Validate;
/// let monitor: NewMonitor = serde_json::from_value(serde_json::json!({
///     "label": "x".repeat(201), "retryPolicy": "None", "refreshEvent": 5, "triggerParam": {},
/// }))?;
/// let broken = hal_core::forms::violations(&monitor.validate().unwrap_err());
/// let pointers: Vec<&str> = broken.iter().map(|v| v.pointer.as_str()).collect();
/// assert_eq!(pointers, ["/label", "/refreshEvent"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[proc_macro_derive(HalForm, attributes(hal_form))]
pub fn derive_hal_form(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    form::derive(&input).into()
}

fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::default();
    let model = ast::Input::from_syn(&cx, input);
    if let Some(model) = &model {
        check::check(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand::expand(&model),
        (Err(errors), _) => {
            let stub = fallback::stub(input);
            let errors = errors.to_compile_error();
            quote! { #stub #errors }
        }
        // `from_syn` gives no model only after recording an error.
        (Ok(()), None) => fallback::stub(input),
    }
}

#[cfg(test)]
mod tests;
