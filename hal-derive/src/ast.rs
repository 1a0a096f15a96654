//! The struct as a model: its declared links (each href parsed once, here), curies and fields
//! with their HAL roles. Every part keeps the tokens it came from, so errors point at the
//! user's own code. `check` reports on the model; `expand` generates from it.

use hal_template::{Expression, TemplateError, UriTemplate};
use proc_macro2::Span;
use syn::{Attribute, Generics, Ident, LitStr, Path, Type};

use crate::attr::{self, CurieAttr};
use crate::ctxt::Ctxt;

pub(crate) struct Input<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    /// The runtime crate: `::hal_core` unless `#[hal(crate = "…")]` says otherwise.
    pub(crate) krate: Path,
    pub(crate) declared: Vec<DeclaredLink>,
    pub(crate) curies: Vec<CurieAttr>,
    /// `curies = PATH`: the service's shared `&[StaticCurie]`, instead of `curies`.
    pub(crate) shared_curies: Option<Path>,
    pub(crate) templates: Vec<DeclaredTemplate>,
    /// `#[hal(openapi)]`: generate the OpenAPI schema of `Hal<Self>`.
    pub(crate) openapi: bool,
    pub(crate) fields: Vec<Field<'a>>,
    /// `#[serde(…)]` attributes of the struct, copied onto the parsing shadow.
    pub(crate) serde_attrs: Vec<&'a Attribute>,
    /// Whether the struct names its own serde crate path.
    pub(crate) has_serde_crate: bool,
}

/// A link declared on the struct: `self_link = "…"` or `link(rel = "…", href = "…", …)`.
pub(crate) struct DeclaredLink {
    pub(crate) rel: String,
    /// Where the relation was written (the `self_link` key or the `rel` value).
    pub(crate) rel_span: Span,
    pub(crate) href: DeclaredHref,
    pub(crate) templated: bool,
    pub(crate) skip_if: Option<Path>,
    /// Whether this is a HAL-FORMS template's `target` rather than a link: checked and written
    /// alike, but never templated.
    pub(crate) is_target: bool,
}

/// A HAL-FORMS template declared on the struct: `template(…)`.
pub(crate) struct DeclaredTemplate {
    pub(crate) name: String,
    /// Where the template was declared (its name, or the `template` key).
    pub(crate) span: Span,
    pub(crate) method: LitStr,
    /// The type whose `HalForm` properties the template lists.
    pub(crate) input: Option<Type>,
    pub(crate) title: Option<LitStr>,
    pub(crate) content_type: Option<LitStr>,
    /// The target as a link, so that its href is checked and written as a link's is.
    pub(crate) target: Option<DeclaredLink>,
}

/// A declared href: a literal, parsed once here, or a const the derive cannot read.
pub(crate) enum DeclaredHref {
    /// Checked here, compiled into writes of its parts.
    Literal {
        lit: LitStr,
        /// `check` reports an `Err`.
        template: Result<UriTemplate, TemplateError>,
    },
    /// Checked by a `const fn` at compile time, expanded at run time.
    Const(Path),
}

impl DeclaredHref {
    fn new(href: attr::Href) -> Self {
        match href {
            attr::Href::Literal(lit) => DeclaredHref::Literal {
                template: UriTemplate::parse(&lit.value()),
                lit,
            },
            attr::Href::Const(path) => DeclaredHref::Const(path),
        }
    }
}

impl DeclaredLink {
    /// The template of a literal href, when it is valid.
    pub(crate) fn template(&self) -> Option<&UriTemplate> {
        match &self.href {
            DeclaredHref::Literal {
                template: Ok(template),
                ..
            } => Some(template),
            _ => None,
        }
    }
}

/// Who expands an expression of a declared href.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expander {
    /// Every variable is a state field: the server expands it.
    Fields,
    /// Some variable is not a field: a templated link leaves it to the client.
    Client,
}

/// One expression of a declared href, with who expands it.
pub(crate) struct HrefExpression<'t> {
    pub(crate) expression: &'t Expression,
    /// As it stands in the template, `{?offset,limit}`.
    pub(crate) text: String,
    pub(crate) expander: Expander,
    /// The variables that are not state fields.
    pub(crate) unknown: Vec<&'t str>,
}

pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) role: Role,
    /// The name serde writes for this field.
    pub(crate) serialized_name: String,
    pub(crate) attrs: &'a [Attribute],
}

/// A relation the struct writes into `_links` itself (`self_link`, a declared link or a link
/// field), not through a `#[hal(links)]` field: the one list the checks and the expansion read.
pub(crate) struct OwnRelation<'a> {
    pub(crate) rel: &'a str,
    /// Where it was written.
    pub(crate) span: Span,
    /// Whether it is written as an array of links.
    pub(crate) many: bool,
    pub(crate) writer: Writer<'a>,
}

/// What writes an [`OwnRelation`], for error messages.
#[derive(Clone, Copy)]
pub(crate) enum Writer<'a> {
    SelfLink,
    DeclaredLink,
    Field(&'a Ident),
}

impl Writer<'_> {
    /// As an error message names it.
    pub(crate) fn describe(self) -> String {
        match self {
            Writer::SelfLink => "`self_link`".to_owned(),
            Writer::DeclaredLink => "a declared `link`".to_owned(),
            Writer::Field(ident) => format!("the field `{ident}`"),
        }
    }
}

/// How an href writes a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HrefWriter {
    /// Digits, nothing to encode.
    Integer,
    /// Percent-encoded in place.
    Str,
    /// Through `Display`, percent-encoded.
    Display,
}

pub(crate) enum Role {
    /// An ordinary state member.
    State,
    /// `#[hal(link)]`: a `Link`, `Option<Link>` or `Vec<Link>` under `rel`.
    Link { rel: String, span: Span },
    /// `#[hal(embedded)]`: a resource, `Option` or `Vec` of resources under `rel`.
    Embedded { rel: String, span: Span },
    /// `#[hal(links)]`: links merged into `_links`.
    Links,
}

impl Field<'_> {
    pub(crate) fn is_state(&self) -> bool {
        matches!(self.role, Role::State)
    }

    /// `Option<X>`'s `X`, read from the syntax.
    pub(crate) fn option_inner(&self) -> Option<&Type> {
        generic_argument(self.ty, "Option")
    }

    /// How an href writes the field's value, read from the type's syntax: integers and strings
    /// directly, anything else through `Display`.
    pub(crate) fn href_writer(&self) -> HrefWriter {
        const INTEGERS: [&str; 12] = [
            "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        ];
        let named = |ty: &Type| match ty {
            Type::Path(path) if path.qself.is_none() => {
                path.path.get_ident().map(ToString::to_string)
            }
            _ => None,
        };
        let inner = match self.ty {
            Type::Reference(reference) => &*reference.elem,
            other => other,
        };
        match named(inner).as_deref() {
            Some(name) if INTEGERS.contains(&name) && !matches!(self.ty, Type::Reference(_)) => {
                HrefWriter::Integer
            }
            Some("String" | "str") => HrefWriter::Str,
            _ => HrefWriter::Display,
        }
    }

    /// Whether the type is written `Vec<…>`.
    pub(crate) fn is_vec(&self) -> bool {
        generic_argument(self.ty, "Vec").is_some()
    }
}

/// The single type argument of `Wrapper<T>` when `ty` is written that way.
pub(crate) fn generic_argument<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

impl<'a> Input<'a> {
    /// Whether the struct declares curies, listed or shared.
    pub(crate) fn has_curies(&self) -> bool {
        !self.curies.is_empty() || self.shared_curies.is_some()
    }

    pub(crate) fn from_syn(cx: &Ctxt, input: &'a syn::DeriveInput) -> Option<Self> {
        let named = match &input.data {
            syn::Data::Struct(data) => match &data.fields {
                syn::Fields::Named(named) => named,
                syn::Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        &input.ident,
                        "HalResource supports structs with named fields, not tuple structs: the state needs member names",
                    );
                    return None;
                }
                syn::Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "HalResource supports structs with named fields, not unit structs; use `hal_core::Resource<()>` for a resource with links only",
                    );
                    return None;
                }
            },
            syn::Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "HalResource supports structs with named fields, not enums",
                );
                return None;
            }
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "HalResource supports structs with named fields, not unions",
                );
                return None;
            }
        };
        let container = attr::Container::from_attrs(cx, &input.attrs);
        let declared = container
            .links
            .into_iter()
            .map(|link| DeclaredLink {
                href: DeclaredHref::new(link.href),
                rel: link.rel,
                rel_span: link.rel_span,
                templated: link.templated,
                skip_if: link.skip_if,
                is_target: false,
            })
            .collect();
        let templates = container
            .templates
            .into_iter()
            .map(|template| {
                let name = template
                    .name
                    .as_ref()
                    .map_or_else(|| "default".to_owned(), LitStr::value);
                let span = template.name.as_ref().map_or(template.span, LitStr::span);
                DeclaredTemplate {
                    target: template.target.map(|href| DeclaredLink {
                        rel: name.clone(),
                        rel_span: span,
                        href: DeclaredHref::new(href),
                        templated: false,
                        skip_if: None,
                        is_target: true,
                    }),
                    name,
                    span,
                    method: template.method,
                    input: template.input,
                    title: template.title,
                    content_type: template.content_type,
                }
            })
            .collect();
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                let parsed = attr::FieldAttrs::from_attrs(cx, &field.attrs);
                let serialized_name = crate::case::serde_name(
                    ident,
                    parsed.serde_rename.clone(),
                    container.serde_rename_all.as_deref(),
                    false,
                );
                let role = match parsed.role {
                    attr::FieldRole::State => Role::State,
                    attr::FieldRole::Link { rel, span } => Role::Link {
                        rel: rel.unwrap_or_else(|| serialized_name.clone()),
                        span,
                    },
                    attr::FieldRole::Embedded { rel, span } => Role::Embedded {
                        rel: rel.unwrap_or_else(|| serialized_name.clone()),
                        span,
                    },
                    attr::FieldRole::Links => Role::Links,
                };
                Some(Field {
                    ident,
                    ty: &field.ty,
                    role,
                    serialized_name,
                    attrs: &field.attrs,
                })
            })
            .collect();
        Some(Input {
            ident: &input.ident,
            generics: &input.generics,
            krate: container
                .krate
                .unwrap_or_else(|| syn::parse_quote!(::hal_core)),
            declared,
            curies: container.curies,
            shared_curies: container.shared_curies,
            templates,
            openapi: container.openapi,
            fields,
            serde_attrs: input
                .attrs
                .iter()
                .filter(|a| a.path().is_ident(crate::symbol::SERDE))
                .collect(),
            has_serde_crate: container.serde_crate,
        })
    }

    pub(crate) fn state_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.is_state())
    }

    /// The state field a placeholder names.
    pub(crate) fn state_field(&self, name: &str) -> Option<&Field<'a>> {
        self.state_fields().find(|f| f.ident == name)
    }

    /// The expressions of a declared href, each with who expands it.
    pub(crate) fn expressions<'t>(&self, template: &'t UriTemplate) -> Vec<HrefExpression<'t>> {
        template
            .expressions()
            .map(|expression| {
                let unknown: Vec<&str> = expression
                    .variables()
                    .iter()
                    .map(|v| v.name())
                    .filter(|name| self.state_field(name).is_none())
                    .collect();
                HrefExpression {
                    expression,
                    text: expression.to_string(),
                    expander: if unknown.is_empty() {
                        Expander::Fields
                    } else {
                        Expander::Client
                    },
                    unknown,
                }
            })
            .collect()
    }

    /// The `Option` fields whose `None` leaves `link` out: those in a `{field}` or `{+field}`
    /// expression, which have no prefix to drop, so an empty value would leave a dangling
    /// `/series/`. (In `{/field}`, `{?field}` and the other operators an undefined value drops
    /// its prefix too, as RFC 6570 says, and the link stays.)
    pub(crate) fn required_options(&self, link: &DeclaredLink) -> Vec<&Field<'a>> {
        let Some(template) = link.template() else {
            return Vec::new();
        };
        let mut fields: Vec<&Field<'a>> = Vec::new();
        for expression in self.expressions(template) {
            let operator = expression.expression.operator();
            let prefixless = matches!(
                operator,
                hal_template::Operator::Simple | hal_template::Operator::Reserved
            );
            if expression.expander != Expander::Fields || !prefixless {
                continue;
            }
            for variable in expression.expression.variables() {
                if let Some(field) = self.state_field(variable.name())
                    && field.option_inner().is_some()
                    && !fields.iter().any(|f| f.ident == field.ident)
                {
                    fields.push(field);
                }
            }
        }
        fields
    }

    /// The declared links, then the templates' targets: every href the struct writes.
    pub(crate) fn hrefs(&self) -> impl Iterator<Item = &DeclaredLink> {
        self.declared
            .iter()
            .chain(self.templates.iter().filter_map(|t| t.target.as_ref()))
    }

    /// State fields that some declared href expands, each once.
    pub(crate) fn href_fields(&self) -> Vec<&Field<'a>> {
        let mut used: Vec<&Field<'a>> = Vec::new();
        let templates = self.hrefs().filter_map(DeclaredLink::template);
        for name in templates.flat_map(UriTemplate::variable_names) {
            if let Some(field) = self.state_field(name)
                && !used.iter().any(|u| u.ident == field.ident)
            {
                used.push(field);
            }
        }
        used
    }

    /// The relations the struct writes into `_links` itself, declared links first.
    pub(crate) fn own_relations(&self) -> impl Iterator<Item = OwnRelation<'_>> {
        let declared = self.declared.iter().map(|l| OwnRelation {
            rel: &l.rel,
            span: l.rel_span,
            many: false,
            writer: if l.rel == "self" {
                Writer::SelfLink
            } else {
                Writer::DeclaredLink
            },
        });
        let fields = self.fields.iter().filter_map(|f| match &f.role {
            Role::Link { rel, span } => Some(OwnRelation {
                rel,
                span: *span,
                many: f.is_vec(),
                writer: Writer::Field(f.ident),
            }),
            _ => None,
        });
        declared.chain(fields)
    }

    /// The relations the struct writes itself into `_links`, which a `#[hal(links)]` field
    /// does not write again.
    pub(crate) fn declared_rels(&self) -> Vec<&str> {
        self.own_relations()
            .map(|own| own.rel)
            .chain(self.has_curies().then_some("curies"))
            .collect()
    }
}
