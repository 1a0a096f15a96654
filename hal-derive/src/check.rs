//! Rules the model must satisfy, one function each, with the reason beside it. Only reports:
//! what generation needs is computed by the model.

use hal_template::UriTemplate;

use crate::ast::{DeclaredHref, DeclaredLink, Expander, Input, Role};
use crate::attr::Href;
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input<'_>) {
    for link in input.hrefs() {
        check_href(cx, input, link);
    }
    check_templates(cx, input);
    check_curies(cx, input);
    check_relations(cx, input);
    check_single_links_field(cx, input);
    check_reserved_names(cx, input);
}

/// `_links` and `_embedded` are HAL's own members and `_templates` HAL-FORMS'; a field
/// serialized under one of these names would write a second one. Checked here, so that serialization need not check every field.
fn check_reserved_names(cx: &Ctxt, input: &Input<'_>) {
    for field in &input.fields {
        if matches!(
            field.serialized_name.as_str(),
            "_links" | "_embedded" | "_templates"
        ) {
            cx.error_spanned_by(
                field.ident,
                format!(
                    "`{}` is a name HAL reserves; use `#[hal(link)]`, `#[hal(links)]` or `#[hal(embedded)]` fields instead",
                    field.serialized_name
                ),
            );
        }
    }
}

fn field_list(input: &Input<'_>) -> String {
    let names: Vec<String> = input.state_fields().map(|f| f.ident.to_string()).collect();
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

/// Placeholders are the struct's own state fields, so a typo is a compile error instead of a
/// broken link at run time. In a templated link an expression whose variables are not fields
/// is left for the client; one that mixes both cannot be split, so it is refused.
fn check_href(cx: &Ctxt, input: &Input<'_>, link: &DeclaredLink) {
    // A const href is checked by a `const fn` the expansion calls.
    let DeclaredHref::Literal { lit, template } = &link.href else {
        return;
    };
    let template = match template {
        Ok(template) => template,
        Err(error) => {
            cx.error_spanned_by(lit, format!("invalid URI template: {error}"));
            return;
        }
    };
    let mut client_expressions = 0;
    for expression in input.expressions(template) {
        let (text, unknown) = (&expression.text, &expression.unknown);
        let names = expression.expression.variables();
        match expression.expander {
            Expander::Fields => {}
            Expander::Client if !link.templated => {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "unknown placeholder `{}` in `{text}`: not a field of `{}`; fields: {}{}",
                        unknown[0],
                        input.ident,
                        field_list(input),
                        placeholder_hint(input, link, unknown[0])
                    ),
                );
            }
            Expander::Client if unknown.len() < names.len() => {
                // Reported here; counting it as the client's avoids a second, derived error.
                client_expressions += 1;
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`{text}` mixes fields with variables left to the client (`{}`); put them in separate expressions",
                        unknown.join("`, `")
                    ),
                );
            }
            Expander::Client => client_expressions += 1,
        }
    }
    if link.templated && client_expressions == 0 {
        cx.error_spanned_by(
            lit,
            "`templated` link without an expression for the client: every placeholder is a field, so the written href is not a template; remove `templated`",
        );
    }
}

/// What the author probably meant by an unknown placeholder: a field under its Rust name (a
/// serialized or camelCase name was written), or a variable for the client (a link that is
/// not `templated`).
fn placeholder_hint(input: &Input<'_>, link: &DeclaredLink, placeholder: &str) -> String {
    let snake = crate::case::to_snake(placeholder);
    let meant = input
        .state_fields()
        .find(|f| f.ident == snake.as_str() || f.serialized_name == placeholder);
    match meant {
        Some(field) => format!(
            "; placeholders use Rust field names: did you mean `{}`?",
            field.ident
        ),
        None if link.is_target => {
            "; a template's target is a URI, not a URI template: every placeholder must be a field"
                .into()
        }
        None => {
            format!("; if `{placeholder}` is for the client to fill in, mark the link `templated`")
        }
    }
}

/// Templates are found by name ([F-04](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-04)), so two of one name would hide one; a method is an HTTP
/// token ([F-10](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-10)), which a client sends as it is.
fn check_templates(cx: &Ctxt, input: &Input<'_>) {
    let mut names: Vec<&str> = Vec::new();
    for template in &input.templates {
        if names.contains(&template.name.as_str()) {
            cx.syn_error(syn::Error::new(
                template.span,
                format!("template `{}` declared more than once", template.name),
            ));
        }
        names.push(&template.name);
        let method = template.method.value();
        let is_token = !method.is_empty()
            && method
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !is_token {
            cx.error_spanned_by(
                &template.method,
                format!("`{method}` is not an HTTP method (a token such as `POST`)"),
            );
        }
        if let Some(content_type) = &template.content_type
            && !content_type.value().contains('/')
        {
            cx.error_spanned_by(
                content_type,
                "`content_type` is a media type, such as `application/json`",
            );
        }
    }
}

/// A curie's href is a template with `{rel}` ([H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63)), or it cannot expand any relation.
fn check_curies(cx: &Ctxt, input: &Input<'_>) {
    if let (Some(shared), Some(listed)) = (&input.shared_curies, input.curies.first()) {
        cx.error_spanned_by(
            &listed.name,
            format!(
                "curies are listed here and shared through `{}`: declare each in one place (add this one to the shared list)",
                quote::ToTokens::to_token_stream(shared).to_string().replace(' ', "")
            ),
        );
    }
    let mut names: Vec<String> = Vec::new();
    for curie in &input.curies {
        let name = curie.name.value();
        let valid_name = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid_name {
            cx.error_spanned_by(&curie.name, format!("`{name}` is not a valid curie name"));
        }
        if names.contains(&name) {
            cx.error_spanned_by(
                &curie.name,
                format!("curie `{name}` declared more than once"),
            );
        }
        names.push(name);
        // A const href is checked by a `const fn` the expansion calls.
        let Href::Literal(href) = &curie.href else {
            continue;
        };
        match UriTemplate::parse(&href.value()) {
            Err(error) => cx.error_spanned_by(href, format!("invalid URI template: {error}")),
            Ok(template) if !template.variable_names().any(|v| v == "rel") => {
                cx.error_spanned_by(
                    href,
                    "curie href must contain the `{rel}` placeholder (H-63)",
                );
            }
            Ok(_) => {}
        }
    }
}

/// A relation has one cardinality ([H-24](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-24)): declaring it twice, as a single link and as an array,
/// would make the written form depend on which declaration wins.
fn check_relations(cx: &Ctxt, input: &Input<'_>) {
    let mut links: Vec<(&str, bool, proc_macro2::Span)> = Vec::new();
    let mut embedded: Vec<&str> = Vec::new();
    for own in input.own_relations() {
        let (rel, many, span) = (own.rel, own.many, own.span);
        if rel == "curies" {
            cx.syn_error(syn::Error::new(
                span,
                "`curies` is reserved; declare curies with `#[hal(curie(…))]` or `#[hal(curies = …)]`",
            ));
        }
        let form = |many: bool| {
            if many {
                "an array of links"
            } else {
                "a single link"
            }
        };
        match links.iter().find(|(r, _, _)| r.eq_ignore_ascii_case(rel)) {
            Some((_, other, _)) if *other != many => cx.syn_error(syn::Error::new(
                span,
                format!(
                    "relation `{rel}` is declared as {} here and as {} before",
                    form(many),
                    form(*other)
                ),
            )),
            Some(_) => cx.syn_error(syn::Error::new(
                span,
                format!("relation `{rel}` is declared more than once"),
            )),
            None => links.push((rel, many, span)),
        }
    }
    for field in &input.fields {
        if let Role::Embedded { rel, span } = &field.role {
            if embedded.contains(&rel.as_str()) {
                cx.syn_error(syn::Error::new(
                    *span,
                    format!("embedded relation `{rel}` is declared more than once"),
                ));
            }
            embedded.push(rel);
        }
    }
}

/// One field receives the links no other field takes; two could not share them.
fn check_single_links_field(cx: &Ctxt, input: &Input<'_>) {
    let mut links_fields = input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Links));
    let _first = links_fields.next();
    for extra in links_fields {
        cx.error_spanned_by(extra.ident, "only one field can be `#[hal(links)]`");
    }
}
