//! `#[derive(HalForm)]`: a struct's HAL-FORMS properties, one per member serde reads, so the
//! form a client sees is the struct its handler deserializes; an enum of unit variants becomes
//! a choice among its names (a `FormInput`).
//!
//! Reads `#[hal_form(…)]` and the `#[serde(…)]` keys that change what is read (`rename`,
//! `rename_all`, `default`, `skip`, `skip_deserializing`, `flatten`), deserialize side.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, LitInt, LitStr, Path};

use crate::attr::{one_side, set_once, skip_value, unknown_in};
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// The input types HAL-FORMS names ([F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24)).
const INPUT_TYPES: [&str; 16] = [
    "hidden",
    "text",
    "textarea",
    "search",
    "tel",
    "url",
    "email",
    "password",
    "date",
    "month",
    "week",
    "time",
    "datetime-local",
    "number",
    "range",
    "color",
];

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let container = Container::from_attrs(&cx, &input.attrs);
    let expanded = match &input.data {
        syn::Data::Struct(data) => match &data.fields {
            syn::Fields::Named(named) => Some(struct_impl(&cx, input, &container, named)),
            _ => {
                cx.error_spanned_by(
                    &input.ident,
                    "HalForm supports structs with named fields (each is a property) and enums of unit variants (a choice)",
                );
                None
            }
        },
        syn::Data::Enum(data) => Some(enum_impl(&cx, input, &container, data)),
        syn::Data::Union(data) => {
            cx.error_spanned_by(
                data.union_token,
                "HalForm supports structs with named fields and enums of unit variants, not unions",
            );
            None
        }
    };
    match (cx.check(), expanded) {
        (Ok(()), Some(tokens)) => quote! {
            #[doc(hidden)]
            #[allow(unused_qualifications, clippy::all)]
            const _: () = { #tokens };
        },
        (Err(errors), _) => errors.to_compile_error(),
        (Ok(()), None) => TokenStream::new(),
    }
}

/// What the container's attributes say.
struct Container {
    krate: Path,
    /// serde's `rename_all`, deserialize side.
    rename_all: Option<String>,
    /// serde's container `default`: every member may be left out.
    default: bool,
}

impl Container {
    fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut krate = None;
        let (mut rename_all, mut default) = (None, false);
        for attr in attrs {
            if attr.path().is_ident(HAL_FORM) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(CRATE) {
                        let path: LitStr = meta.value()?.parse()?;
                        set_once(cx, &meta, &mut krate, path.parse::<Path>()?);
                        Ok(())
                    } else {
                        unknown_in(cx, HAL_FORM, &meta, "`crate` on the type")
                    }
                });
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path().is_ident(SERDE) {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(RENAME_ALL) {
                        rename_all = one_side(&meta, DESERIALIZE)?;
                    } else if meta.path.is_ident(DEFAULT) {
                        default = true;
                        skip_value(&meta)?;
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }
        Container {
            krate: krate.unwrap_or_else(|| syn::parse_quote!(::hal_core)),
            rename_all,
            default,
        }
    }
}

/// What serde does with a field or variant when it reads.
#[derive(Default)]
struct SerdeMember {
    rename: Option<String>,
    default: bool,
    skip: bool,
    flatten: bool,
}

impl SerdeMember {
    fn from_attrs(attrs: &[Attribute]) -> Self {
        let mut member = SerdeMember::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident(SERDE)) {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident(RENAME) {
                    if let Some(name) = one_side(&meta, DESERIALIZE)? {
                        member.rename = Some(name);
                    }
                } else if meta.path.is_ident(DEFAULT) {
                    member.default = true;
                    skip_value(&meta)?;
                } else if meta.path.is_ident(SKIP) || meta.path.is_ident(SKIP_DESERIALIZING) {
                    member.skip = true;
                } else if meta.path.is_ident(FLATTEN) {
                    member.flatten = true;
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
        member
    }
}

/// How a field becomes properties.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One property, described by the type's `FormInput`.
    Input,
    /// `#[hal_form(nested)]`: the type's own properties, named `field.property`.
    Nested,
    /// `#[hal_form(json)]`: one `textarea` whose text is the member's JSON.
    Json,
}

/// `#[hal_form(…)]` on a field: each attribute a builder call on its property, and the rule
/// the generated `Validate` checks for it.
struct FieldForm {
    shape: Shape,
    /// Where `nested` or `json` was written.
    shape_span: Option<Span>,
    calls: Vec<TokenStream>,
    /// `min` and `max` as written, to compare.
    min: Option<(f64, Span)>,
    max: Option<f64>,
    min_length: Option<(u64, Span)>,
    max_length: Option<u64>,
    /// `min` and `max` as the check's `Bound`s.
    min_bound: Option<TokenStream>,
    max_bound: Option<TokenStream>,
    regex: Option<LitStr>,
    /// `email` or `url`, from `input_type`: a format the check enforces.
    format: Option<&'static str>,
    min_items: Option<(u64, Span)>,
    max_items: Option<u64>,
    /// `check = path`: custom checks, in order.
    checks: Vec<Path>,
    /// `dive`, where written: a `json` field's value validates itself.
    dive: Option<Span>,
    /// The first rule on the text of an input (`min`, `regex`…), to refuse on a `json` field.
    text_rule: Option<(Span, &'static str)>,
}

impl FieldForm {
    fn from_attrs(
        cx: &Ctxt,
        attrs: &[Attribute],
        forms: &TokenStream,
        private: &TokenStream,
    ) -> Self {
        let mut form = FieldForm {
            shape: Shape::Input,
            shape_span: None,
            calls: Vec::new(),
            min: None,
            max: None,
            min_length: None,
            max_length: None,
            min_bound: None,
            max_bound: None,
            regex: None,
            format: None,
            min_items: None,
            max_items: None,
            checks: Vec::new(),
            dive: None,
            text_rule: None,
        };
        for attr in attrs.iter().filter(|a| a.path().is_ident(HAL_FORM)) {
            let result = attr.parse_nested_meta(|meta| form.read(cx, &meta, forms, private));
            if let Err(error) = result {
                cx.syn_error(error);
            }
        }
        if let (Some((min, span)), Some(max)) = (form.min, form.max)
            && min > max
        {
            cx.syn_error(syn::Error::new(span, "`min` is greater than `max` (F-25)"));
        }
        if let (Some((min, span)), Some(max)) = (form.min_length, form.max_length)
            && min > max
        {
            cx.syn_error(syn::Error::new(
                span,
                "`min_length` is greater than `max_length` (F-25)",
            ));
        }
        if let (Some((min, span)), Some(max)) = (form.min_items, form.max_items)
            && min > max
        {
            cx.syn_error(syn::Error::new(
                span,
                "`min_items` is greater than `max_items` (F-25)",
            ));
        }
        if form.shape == Shape::Json
            && let Some((span, rule)) = form.text_rule
        {
            cx.syn_error(syn::Error::new(
                span,
                format!("`{rule}` bounds what a person types in an input; a `json` field is one textarea of JSON text, so bound its value with `min_items`, `max_items`, `dive` or `check`"),
            ));
        }
        if let Some(span) = form.dive
            && form.shape != Shape::Json
        {
            cx.syn_error(syn::Error::new(
                span,
                "`dive` validates the value of a `json` field; a `nested` field's type is always validated",
            ));
        }
        form
    }

    fn read(
        &mut self,
        cx: &Ctxt,
        meta: &ParseNestedMeta<'_>,
        forms: &TokenStream,
        private: &TokenStream,
    ) -> syn::Result<()> {
        let text = |meta: &ParseNestedMeta<'_>| -> syn::Result<LitStr> { meta.value()?.parse() };
        if meta.path.is_ident(NESTED) || meta.path.is_ident(JSON) {
            if self.shape != Shape::Input {
                cx.error_spanned_by(&meta.path, "a field is `nested` or `json`, not both");
            }
            self.shape = if meta.path.is_ident(NESTED) {
                Shape::Nested
            } else {
                Shape::Json
            };
            self.shape_span = Some(meta.path.span());
        } else if meta.path.is_ident(PROMPT) {
            let value = text(meta)?;
            self.calls.push(quote!(.with_prompt(#value)));
        } else if meta.path.is_ident(PLACEHOLDER) {
            let value = text(meta)?;
            self.calls.push(quote!(.with_placeholder(#value)));
        } else if meta.path.is_ident(VALUE) {
            let value = text(meta)?;
            self.calls.push(quote!(.with_value(#value)));
        } else if meta.path.is_ident(REGEX) {
            let value = text(meta)?;
            // HTML compiles a `pattern` as `^(?:…)$` with the `u` flag (F-23).
            if let Err(error) = regress::Regex::with_flags(&format!("^(?:{})$", value.value()), "u")
            {
                cx.error_spanned_by(&value, format!("invalid pattern (F-23): {error}"));
            }
            self.calls.push(quote!(.with_regex(#value)));
            self.text_rule.get_or_insert((meta.path.span(), REGEX));
            self.regex = Some(value);
        } else if meta.path.is_ident(INPUT_TYPE) {
            let value = text(meta)?;
            if !INPUT_TYPES.contains(&value.value().as_str()) {
                cx.error_spanned_by(
                    &value,
                    format!(
                        "`{}` is not an input type HAL-FORMS names (F-24); one of: {}",
                        value.value(),
                        INPUT_TYPES.join(", ")
                    ),
                );
            }
            self.format = match value.value().as_str() {
                "email" => Some("email"),
                "url" => Some("url"),
                _ => None,
            };
            self.text_rule.get_or_insert((meta.path.span(), INPUT_TYPE));
            self.calls
                .push(quote!(.with_type(#forms::InputType::from(#value))));
        } else if meta.path.is_ident(READ_ONLY) {
            self.calls.push(quote!(.read_only()));
        } else if meta.path.is_ident(MIN) || meta.path.is_ident(MAX) || meta.path.is_ident(STEP) {
            let (value, tokens, bound) = number(meta, private)?;
            if meta.path.is_ident(MIN) {
                self.min = Some((value, meta.path.span()));
                self.text_rule.get_or_insert((meta.path.span(), MIN));
                self.min_bound = Some(bound);
                self.calls.push(quote!(.with_min(#tokens)));
            } else if meta.path.is_ident(MAX) {
                self.max = Some(value);
                self.text_rule.get_or_insert((meta.path.span(), MAX));
                self.max_bound = Some(bound);
                self.calls.push(quote!(.with_max(#tokens)));
            } else {
                self.calls.push(quote!(.with_step(#tokens)));
            }
        } else if meta.path.is_ident(CHECK) {
            let path: Path = meta.value()?.parse()?;
            self.checks.push(path);
        } else if meta.path.is_ident(DIVE) {
            self.dive = Some(meta.path.span());
        } else if [MIN_LENGTH, MAX_LENGTH, MIN_ITEMS, MAX_ITEMS, COLS, ROWS]
            .iter()
            .any(|k| meta.path.is_ident(k))
        {
            let literal: LitInt = meta.value()?.parse()?;
            let count: u64 = literal.base10_parse()?;
            if meta.path.is_ident(MIN_LENGTH) {
                self.min_length = Some((count, meta.path.span()));
                self.text_rule.get_or_insert((meta.path.span(), MIN_LENGTH));
                self.calls.push(quote!(.with_min_length(#count)));
            } else if meta.path.is_ident(MAX_LENGTH) {
                self.max_length = Some(count);
                self.text_rule.get_or_insert((meta.path.span(), MAX_LENGTH));
                self.calls.push(quote!(.with_max_length(#count)));
            } else if meta.path.is_ident(MIN_ITEMS) {
                self.min_items = Some((count, meta.path.span()));
                self.calls.push(quote!(.with_min_items(#count)));
            } else if meta.path.is_ident(MAX_ITEMS) {
                self.max_items = Some(count);
                self.calls.push(quote!(.with_max_items(#count)));
            } else if meta.path.is_ident(COLS) {
                self.calls.push(quote!(.with_cols(#count)));
            } else {
                self.calls.push(quote!(.with_rows(#count)));
            }
        } else {
            unknown_in(
                cx,
                HAL_FORM,
                meta,
                "`prompt`, `placeholder`, `value`, `regex`, `input_type`, `read_only`, `min`, `max`, `step`, `min_length`, `max_length`, `min_items`, `max_items`, `cols`, `rows`, `check`, `nested`, `json` or `dive`",
            )?;
        }
        Ok(())
    }
}

/// A number literal (an integer or a fraction, maybe negative): its value, to compare, the
/// tokens of a `serde_json::Number` for it, and of the check's `Bound`.
fn number(
    meta: &ParseNestedMeta<'_>,
    private: &TokenStream,
) -> syn::Result<(f64, TokenStream, TokenStream)> {
    let expr: syn::Expr = meta.value()?.parse()?;
    let (negative, literal) = match &expr {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => (true, &**expr),
        other => (false, other),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    match literal {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => {
            let magnitude: u64 = int.base10_parse()?;
            let (tokens, whole) = if negative {
                let value = i64::try_from(magnitude)
                    .map(|m| -m)
                    .map_err(|_| syn::Error::new_spanned(&expr, "out of range for an i64"))?;
                (quote!(#value), i128::from(value))
            } else {
                (quote!(#magnitude), i128::from(magnitude))
            };
            let bound = quote!(#private::check::Bound::Whole(#whole));
            // Precision is enough to compare bounds a person writes.
            #[allow(clippy::cast_precision_loss)]
            Ok((sign * magnitude as f64, tokens, bound))
        }
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Float(float),
            ..
        }) => {
            let value = sign * float.base10_parse::<f64>()?;
            if !value.is_finite() {
                return Err(syn::Error::new_spanned(&expr, "a bound must be finite"));
            }
            Ok((
                value,
                quote!(#private::finite_number(#value)),
                quote!(#private::check::Bound::Fraction(#value)),
            ))
        }
        _ => Err(syn::Error::new_spanned(
            &expr,
            "expected a number literal, such as `1`, `-5` or `0.5`",
        )),
    }
}

fn struct_impl(
    cx: &Ctxt,
    input: &syn::DeriveInput,
    container: &Container,
    named: &syn::FieldsNamed,
) -> TokenStream {
    let krate = &container.krate;
    let forms = quote!(#krate::__private::forms);
    let private = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut pushes = Vec::new();
    let mut checks = Vec::new();
    let mut item_bounds = Vec::new();
    for field in &named.named {
        let Some(field_ident) = &field.ident else {
            continue;
        };
        let serde = SerdeMember::from_attrs(&field.attrs);
        let form = FieldForm::from_attrs(cx, &field.attrs, &forms, &private);
        if serde.skip {
            continue;
        }
        let ty = &field.ty;
        let optional = serde.default || container.default;
        if serde.flatten {
            if form.shape != Shape::Input || !form.calls.is_empty() {
                cx.error_spanned_by(
                    field_ident,
                    "a `#[serde(flatten)]` field brings its type's own properties; it takes no `#[hal_form]` attribute",
                );
            }
            let properties = quote_spanned!(ty.span()=> <#ty as #forms::HalForm>::properties());
            pushes.push(quote! {
                for __p in #properties {
                    __properties.push(if #optional { __p.optional() } else { __p });
                }
            });
            item_bounds.push(quote! {
                __bounds.extend(<#ty as #forms::HalForm>::item_bounds());
            });
            let validate = quote_spanned!(ty.span()=> #private::validator::Validate::validate(&self.#field_ident));
            checks.push(quote! {
                if let ::core::result::Result::Err(__inner) = #validate {
                    __errors.errors_mut().extend(__inner.into_errors());
                }
            });
            continue;
        }
        let name = crate::case::serde_name(
            field_ident,
            serde.rename,
            container.rename_all.as_deref(),
            false,
        );
        checks.extend(field_check(&form, field_ident, ty, &name, &private));
        if form.min_items.is_some() || form.max_items.is_some() {
            let min = option_tokens(form.min_items.map(|(n, _)| n));
            let max = option_tokens(form.max_items);
            item_bounds
                .push(quote!(__bounds.push((::std::string::String::from(#name), #min, #max));));
        }
        if form.shape == Shape::Nested {
            item_bounds.push(quote! {
                for (__n, __min, __max) in <#ty as #forms::HalForm>::item_bounds() {
                    __bounds.push((::std::format!("{}.{}", #name, __n), __min, __max));
                }
            });
        }
        let calls = &form.calls;
        pushes.push(match form.shape {
            Shape::Input => {
                let describe = quote_spanned!(ty.span()=> <#ty as #forms::FormInput>::describe);
                let required = quote_spanned!(ty.span()=> <#ty as #forms::FormInput>::REQUIRED);
                quote! {
                    let __p = #describe(#forms::Property::new(#name));
                    let __p = if #required && !#optional { __p.required() } else { __p };
                    __properties.push(__p #(#calls)*);
                }
            }
            Shape::Json => {
                let required = !optional && crate::ast::generic_argument(ty, "Option").is_none();
                quote! {
                    let __p = #forms::Property::new(#name)
                        .with_type(#forms::InputType::Textarea)
                        .with_extension(#forms::JSON_VALUE, true);
                    let __p = if #required { __p.required() } else { __p };
                    __properties.push(__p #(#calls)*);
                }
            }
            Shape::Nested => {
                if !calls.is_empty() {
                    let span = form.shape_span.unwrap_or_else(|| field_ident.span());
                    cx.syn_error(syn::Error::new(
                        span,
                        "a `nested` field brings its type's own properties; put `#[hal_form]` attributes on that type's fields",
                    ));
                }
                let properties =
                    quote_spanned!(ty.span()=> <#ty as #forms::HalForm>::properties());
                quote! {
                    for __p in #properties {
                        let __name = ::std::format!("{}.{}", #name, __p.name());
                        let __p = __p.with_name(__name);
                        __properties.push(if #optional { __p.optional() } else { __p });
                    }
                }
            }
        });
    }
    let validator = quote!(#private::validator);
    quote! {
        impl #impl_generics #forms::HalForm for #ident #ty_generics #where_clause {
            fn properties() -> ::std::vec::Vec<#forms::Property> {
                let mut __properties = ::std::vec::Vec::new();
                #(#pushes)*
                __properties
            }

            fn item_bounds() -> ::std::vec::Vec<(
                ::std::string::String,
                ::core::option::Option<u64>,
                ::core::option::Option<u64>,
            )> {
                let mut __bounds = ::std::vec::Vec::new();
                #(#item_bounds)*
                __bounds
            }
        }

        impl #impl_generics #validator::Validate for #ident #ty_generics #where_clause {
            fn validate(&self) -> ::core::result::Result<(), #validator::ValidationErrors> {
                let mut __errors = #validator::ValidationErrors::new();
                #(#checks)*
                if __errors.is_empty() {
                    ::core::result::Result::Ok(())
                } else {
                    ::core::result::Result::Err(__errors)
                }
            }
        }
    }
}

/// `Some(n)` or `None`, as tokens.
fn option_tokens(count: Option<u64>) -> TokenStream {
    match count {
        Some(count) => quote!(::core::option::Option::Some(#count)),
        None => quote!(::core::option::Option::None),
    }
}

/// The check of one field: each rule its attributes state, on the value when an `Option` holds
/// one, filed under the member's wire name.
fn field_check(
    form: &FieldForm,
    field: &syn::Ident,
    ty: &syn::Type,
    name: &str,
    private: &TokenStream,
) -> Option<TokenStream> {
    let check = quote!(#private::check);
    let some = |bound: &Option<TokenStream>| match bound {
        Some(bound) => quote!(::core::option::Option::Some(#bound)),
        None => quote!(::core::option::Option::None),
    };
    let count = option_tokens;
    let text = quote!(::core::convert::AsRef::<str>::as_ref(__value));
    let mut rules = Vec::new();
    if form.min_bound.is_some() || form.max_bound.is_some() {
        let (min, max) = (some(&form.min_bound), some(&form.max_bound));
        rules.push(quote!(#check::range(__value, #min, #max)));
    }
    if form.min_length.is_some() || form.max_length.is_some() {
        let (min, max) = (
            count(form.min_length.map(|(n, _)| n)),
            count(form.max_length),
        );
        rules.push(quote!(#check::count(__value, #min, #max)));
    }
    if form.min_items.is_some() || form.max_items.is_some() {
        let (min, max) = (count(form.min_items.map(|(n, _)| n)), count(form.max_items));
        rules.push(quote!(#check::count(__value, #min, #max)));
    }
    if let Some(regex) = &form.regex {
        rules.push(quote! {{
            static __PATTERN: #check::PatternCell = #check::PatternCell::new();
            #check::pattern(&__PATTERN, #regex, #text)
        }});
    }
    match form.format {
        Some("email") => rules.push(quote!(#check::email(#text))),
        Some("url") => rules.push(quote!(#check::url(#text))),
        _ => {}
    }
    for path in &form.checks {
        rules.push(quote_spanned!(path.span()=> #check::custom(#path(__value))));
    }
    let dive = form.shape == Shape::Nested || form.dive.is_some();
    if rules.is_empty() && !dive {
        return None;
    }
    let nested = if dive {
        quote!(#private::validator::Validate::validate(__value))
    } else {
        quote!(::core::result::Result::Ok(()))
    };
    let body = quote! {
        let mut __own = ::std::vec::Vec::new();
        #(
            if let ::core::option::Option::Some(__error) = #rules {
                __own.push(__error);
            }
        )*
        #check::file(&mut __errors, #name, __own, #nested);
    };
    Some(if crate::ast::generic_argument(ty, "Option").is_some() {
        quote! {
            if let ::core::option::Option::Some(__value) = &self.#field {
                #body
            }
        }
    } else {
        quote! {{
            let __value = &self.#field;
            #body
        }}
    })
}

fn enum_impl(
    cx: &Ctxt,
    input: &syn::DeriveInput,
    container: &Container,
    data: &syn::DataEnum,
) -> TokenStream {
    let krate = &container.krate;
    let forms = quote!(#krate::__private::forms);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut options = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, syn::Fields::Unit) {
            cx.error_spanned_by(
                &variant.ident,
                "HalForm makes a choice of an enum's unit variants; this variant has fields (mark the field that holds the enum `#[hal_form(json)]` instead)",
            );
            continue;
        }
        let serde = SerdeMember::from_attrs(&variant.attrs);
        if serde.skip {
            continue;
        }
        let value = crate::case::serde_name(
            &variant.ident,
            serde.rename,
            container.rename_all.as_deref(),
            true,
        );
        let mut prompt = None::<LitStr>;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident(HAL_FORM)) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident(PROMPT) {
                    let value = meta.value()?.parse()?;
                    set_once(cx, &meta, &mut prompt, value);
                    Ok(())
                } else {
                    unknown_in(cx, HAL_FORM, &meta, "`prompt` on a variant")
                }
            });
            if let Err(error) = result {
                cx.syn_error(error);
            }
        }
        options.push(match prompt {
            Some(prompt) => quote!(#forms::InlineOption::pair(#prompt, #value)),
            None => quote!(#forms::InlineOption::from(#value)),
        });
    }
    let validator = quote!(#krate::__private::validator);
    quote! {
        impl #impl_generics #forms::FormInput for #ident #ty_generics #where_clause {
            fn describe(__property: #forms::Property) -> #forms::Property {
                __property.with_options(
                    #forms::Options::inline([#(#options),*]).with_max_items(1),
                )
            }
        }

        /// A choice has nothing to check beyond being one of its names, which reading it did.
        impl #impl_generics #validator::Validate for #ident #ty_generics #where_clause {
            fn validate(&self) -> ::core::result::Result<(), #validator::ValidationErrors> {
                ::core::result::Result::Ok(())
            }
        }
    }
}
