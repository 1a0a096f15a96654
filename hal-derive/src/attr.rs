//! Reading `#[hal(…)]` attributes, and the few `#[serde(…)]` keys the derive needs to know,
//! as written: the model (`ast.rs`) interprets them.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr, Path};

use crate::ctxt::Ctxt;
use crate::symbol::*;

pub(crate) struct Container {
    pub(crate) krate: Option<Path>,
    pub(crate) links: Vec<LinkAttr>,
    pub(crate) curies: Vec<CurieAttr>,
    /// `curies = PATH`: a `&[StaticCurie]` const shared by the service's resources.
    pub(crate) shared_curies: Option<Path>,
    pub(crate) templates: Vec<TemplateAttr>,
    /// `openapi`: generate the OpenAPI schema of `Hal<Self>` (hal-core's feature `openapi`).
    pub(crate) openapi: bool,
    pub(crate) serde_rename_all: Option<String>,
    pub(crate) serde_crate: bool,
}

/// `self_link = "…"` or `link(rel = "…", href = "…", …)` on the struct.
pub(crate) struct LinkAttr {
    pub(crate) rel: String,
    /// Where the relation was written (the `self_link` key or the `rel` value).
    pub(crate) rel_span: Span,
    pub(crate) href: Href,
    pub(crate) templated: bool,
    pub(crate) skip_if: Option<Path>,
}

/// `curie(name = "…", href = "…")` on the struct.
pub(crate) struct CurieAttr {
    pub(crate) name: LitStr,
    pub(crate) href: Href,
}

/// `template(name = "…", method = "…", input = Type, title = "…", target = "…",
/// content_type = "…")` on the struct: a HAL-FORMS template.
pub(crate) struct TemplateAttr {
    /// `default` when not given.
    pub(crate) name: Option<LitStr>,
    /// Where the attribute was written, for errors about the whole template.
    pub(crate) span: Span,
    pub(crate) method: LitStr,
    pub(crate) input: Option<syn::Type>,
    pub(crate) title: Option<LitStr>,
    pub(crate) target: Option<Href>,
    pub(crate) content_type: Option<LitStr>,
}

/// An href as written: a string literal, or the path of a `&str` const (shared with a route).
pub(crate) enum Href {
    Literal(LitStr),
    Const(Path),
}

impl quote::ToTokens for Href {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Href::Literal(literal) => literal.to_tokens(tokens),
            Href::Const(path) => path.to_tokens(tokens),
        }
    }
}

impl Href {
    fn parse(meta: &ParseNestedMeta<'_>) -> syn::Result<Self> {
        match meta.value()?.parse::<syn::Expr>()? {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(literal),
                ..
            }) => Ok(Href::Literal(literal)),
            syn::Expr::Path(path) if path.qself.is_none() => Ok(Href::Const(path.path)),
            other => Err(syn::Error::new_spanned(
                other,
                "expected a string literal or the path of a `&str` const",
            )),
        }
    }
}

pub(crate) enum FieldRole {
    State,
    Link { rel: Option<String>, span: Span },
    Embedded { rel: Option<String>, span: Span },
    Links,
}

pub(crate) struct FieldAttrs {
    pub(crate) role: FieldRole,
    pub(crate) serde_rename: Option<String>,
}

/// The key as text, for messages.
fn key(meta: &ParseNestedMeta<'_>) -> String {
    let path = &meta.path;
    path.get_ident().map_or_else(
        || quote::quote!(#path).to_string().replace(' ', ""),
        ToString::to_string,
    )
}

/// Consumes whatever value follows an unknown key (`= expr`, `(…)` or nothing).
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        // Consumed, or syn reports the unread tokens as a second, bogus error.
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

fn unknown(cx: &Ctxt, meta: &ParseNestedMeta<'_>, expected: &str) -> syn::Result<()> {
    unknown_in(cx, HAL, meta, expected)
}

/// Reports an unknown key of `#[attribute(…)]` and skips its value.
pub(crate) fn unknown_in(
    cx: &Ctxt,
    attribute: &str,
    meta: &ParseNestedMeta<'_>,
    expected: &str,
) -> syn::Result<()> {
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown {attribute} attribute `{}`; expected {expected}",
            key(meta)
        ),
    );
    skip_value(meta)
}

pub(crate) fn set_once<T>(cx: &Ctxt, meta: &ParseNestedMeta<'_>, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(
            &meta.path,
            format!("`{}` specified more than once", key(meta)),
        );
    }
    *slot = Some(value);
}

impl Container {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut container = Container {
            krate: None,
            links: Vec::new(),
            curies: Vec::new(),
            shared_curies: None,
            templates: Vec::new(),
            openapi: false,
            serde_rename_all: None,
            serde_crate: false,
        };
        for attr in attrs {
            if attr.path().is_ident(HAL) {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(SELF_LINK) {
                        let href = Href::parse(&meta)?;
                        if container.links.iter().any(|l| l.rel == "self") {
                            cx.error_spanned_by(&meta.path, "`self_link` specified more than once");
                        }
                        container.links.push(LinkAttr {
                            rel: "self".into(),
                            rel_span: meta.path.span(),
                            href,
                            templated: false,
                            skip_if: None,
                        });
                    } else if meta.path.is_ident(LINK) {
                        if let Some(link) = parse_link(cx, &meta)? {
                            container.links.push(link);
                        }
                    } else if meta.path.is_ident(CURIE) {
                        if let Some(curie) = parse_curie(cx, &meta)? {
                            container.curies.push(curie);
                        }
                    } else if meta.path.is_ident(CURIES) {
                        let path: Path = meta.value()?.parse()?;
                        set_once(cx, &meta, &mut container.shared_curies, path);
                    } else if meta.path.is_ident(TEMPLATE) {
                        if let Some(template) = parse_template(cx, &meta)? {
                            container.templates.push(template);
                        }
                    } else if meta.path.is_ident(OPENAPI) {
                        container.openapi = true;
                    } else if meta.path.is_ident(CRATE) {
                        let path: LitStr = meta.value()?.parse()?;
                        set_once(cx, &meta, &mut container.krate, path.parse()?);
                    } else {
                        unknown(
                            cx,
                            &meta,
                            "`self_link`, `link`, `curie`, `curies`, `template`, `openapi` or `crate`",
                        )?;
                    }
                    Ok(())
                });
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path().is_ident(SERDE) {
                read_serde_container(cx, attr, &mut container);
            }
        }
        container
    }
}

fn parse_link(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LinkAttr>> {
    let (mut rel, mut href, mut templated, mut skip_if) =
        (None::<LitStr>, None::<Href>, false, None::<Path>);
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(REL) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut rel, value);
        } else if inner.path.is_ident(HREF) {
            let value = Href::parse(&inner)?;
            set_once(cx, &inner, &mut href, value);
        } else if inner.path.is_ident(TEMPLATED) {
            templated = true;
        } else if inner.path.is_ident(SKIP_IF) {
            let path: LitStr = inner.value()?.parse()?;
            set_once(cx, &inner, &mut skip_if, path.parse()?);
        } else {
            unknown(cx, &inner, "`rel`, `href`, `templated` or `skip_if`")?;
        }
        Ok(())
    })?;
    match (rel, href) {
        (Some(rel), Some(href)) => Ok(Some(LinkAttr {
            rel: rel.value(),
            rel_span: rel.span(),
            href,
            templated,
            skip_if,
        })),
        (rel, _) => {
            let missing = if rel.is_none() { "rel" } else { "href" };
            cx.error_spanned_by(&meta.path, format!("`link` needs `{missing} = \"…\"`"));
            Ok(None)
        }
    }
}

fn parse_template(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<TemplateAttr>> {
    let (mut name, mut method, mut input, mut title, mut target, mut content_type) =
        (None, None::<LitStr>, None, None, None, None);
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(NAME) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut name, value);
        } else if inner.path.is_ident(METHOD) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut method, value);
        } else if inner.path.is_ident(INPUT) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut input, value);
        } else if inner.path.is_ident(TITLE) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut title, value);
        } else if inner.path.is_ident(TARGET) {
            let value = Href::parse(&inner)?;
            set_once(cx, &inner, &mut target, value);
        } else if inner.path.is_ident(CONTENT_TYPE) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut content_type, value);
        } else {
            unknown(
                cx,
                &inner,
                "`name`, `method`, `input`, `title`, `target` or `content_type`",
            )?;
        }
        Ok(())
    })?;
    let Some(method) = method else {
        cx.error_spanned_by(&meta.path, "`template` needs `method = \"…\"`");
        return Ok(None);
    };
    Ok(Some(TemplateAttr {
        name,
        span: meta.path.span(),
        method,
        input,
        title,
        target,
        content_type,
    }))
}

fn parse_curie(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<CurieAttr>> {
    let (mut name, mut href) = (None::<LitStr>, None::<Href>);
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(NAME) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut name, value);
        } else if inner.path.is_ident(HREF) {
            let value = Href::parse(&inner)?;
            set_once(cx, &inner, &mut href, value);
        } else {
            unknown(cx, &inner, "`name` or `href`")?;
        }
        Ok(())
    })?;
    match (name, href) {
        (Some(name), Some(href)) => Ok(Some(CurieAttr { name, href })),
        (name, _) => {
            let missing = if name.is_none() { "name" } else { "href" };
            cx.error_spanned_by(&meta.path, format!("`curie` needs `{missing} = \"…\"`"));
            Ok(None)
        }
    }
}

/// `rename_all` (its serialize side) and the container keys the derive cannot honour.
fn read_serde_container(cx: &Ctxt, attr: &Attribute, container: &mut Container) {
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident(RENAME_ALL) {
            container.serde_rename_all = serialize_side(&meta)?;
        } else if meta.path.is_ident(CRATE) {
            container.serde_crate = true;
            skip_value(&meta)?;
        } else if UNSUPPORTED_SERDE_CONTAINER.iter().any(|k| meta.path.is_ident(k)) {
            cx.error_spanned_by(
                &meta.path,
                format!(
                    "`#[serde({})]` is not supported with HalResource: the state must be the struct's own fields",
                    key(&meta)
                ),
            );
            skip_value(&meta)?;
        } else {
            skip_value(&meta)?;
        }
        Ok(())
    });
}

/// The value of `key = "…"` or the `serialize` part of `key(serialize = "…", …)`.
fn serialize_side(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    one_side(meta, SERIALIZE)
}

/// The value of `key = "…"` or the `side` part of `key(serialize = "…", deserialize = "…")`.
pub(crate) fn one_side(meta: &ParseNestedMeta<'_>, side: &str) -> syn::Result<Option<String>> {
    if meta.input.peek(syn::Token![=]) {
        let value: LitStr = meta.value()?.parse()?;
        return Ok(Some(value.value()));
    }
    let mut found = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(side) {
            let value: LitStr = inner.value()?.parse()?;
            found = Some(value.value());
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    Ok(found)
}

impl FieldAttrs {
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut role = FieldRole::State;
        let mut serde_rename = None;
        for attr in attrs {
            if attr.path().is_ident(HAL) {
                let result = attr.parse_nested_meta(|meta| {
                    let parsed = if meta.path.is_ident(LINK) {
                        FieldRole::Link {
                            rel: optional_rel(cx, &meta)?,
                            span: meta.path.span(),
                        }
                    } else if meta.path.is_ident(EMBEDDED) {
                        FieldRole::Embedded {
                            rel: optional_rel(cx, &meta)?,
                            span: meta.path.span(),
                        }
                    } else if meta.path.is_ident(LINKS) {
                        FieldRole::Links
                    } else {
                        unknown(cx, &meta, "`link`, `embedded` or `links`")?;
                        return Ok(());
                    };
                    if !matches!(role, FieldRole::State) {
                        cx.error_spanned_by(
                            &meta.path,
                            "a field is one of `link`, `embedded` or `links`, not several",
                        );
                    }
                    role = parsed;
                    Ok(())
                });
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path().is_ident(SERDE) {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident(RENAME) {
                        if let Some(name) = serialize_side(&meta)? {
                            serde_rename = Some(name);
                        }
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }
        FieldAttrs { role, serde_rename }
    }
}

/// `link` / `embedded` alone, or with `(rel = "…")`.
fn optional_rel(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if !meta.input.peek(syn::token::Paren) {
        return Ok(None);
    }
    let mut rel = None::<LitStr>;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident(REL) {
            let value = inner.value()?.parse()?;
            set_once(cx, &inner, &mut rel, value);
        } else {
            unknown(cx, &inner, "`rel`")?;
        }
        Ok(())
    })?;
    Ok(rel.map(|r| r.value()))
}

/// The runtime crate named by `#[hal(crate = "…")]`, read leniently (any other key or error is
/// ignored): for the fallback impl, which must name the crate even when the input is invalid.
pub(crate) fn crate_path(attrs: &[Attribute]) -> Option<Path> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident(HAL)) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(CRATE) {
                let path: LitStr = meta.value()?.parse()?;
                found = Some(path.parse()?);
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        });
    }
    found
}
