//! The `HalResource` impl: what `_links` and `_embedded` hold, and how each href is written.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{field_bounds, with_bounds};
use crate::ast::{DeclaredHref, DeclaredLink, Expander, Field, HrefWriter, Input, Role};
use crate::attr::Href;

pub(super) fn resource_impl(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let ident = input.ident;
    let generics = with_bounds(input.generics, field_bounds(input));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let hal_fields: Vec<&str> = input
        .fields
        .iter()
        .filter(|f| !f.is_state())
        .map(|f| f.serialized_name.as_str())
        .collect();
    let has_links = has_links(input);
    let write_links = write_links(input);
    let curies = super::curies_const(input);
    let (has_embedded, write_embedded) = embedded(input);
    let const_hrefs = const_hrefs(input);
    let overlaps = links_field_overlaps(input);
    let templates = templates(input);
    let schema = schema_impl(input);
    quote! {
        #const_hrefs
        #overlaps

        impl #impl_generics #krate::__private::HalResource for #ident #ty_generics #where_clause {
            const HAL_FIELDS: &'static [&'static str] = &[#(#hal_fields),*];
            const STATE_FIELDS_CHECKED: bool = true;
            #curies

            fn has_links(&self) -> bool {
                #has_links
            }

            fn write_links<__M: #krate::__private::serde::ser::SerializeMap>(
                &self,
                __map: &mut __M,
                __context: &#krate::__private::WriteContext<'_>,
            ) -> ::core::result::Result<(), __M::Error> {
                let _ = &__context;
                #write_links
                ::core::result::Result::Ok(())
            }

            fn has_embedded(&self) -> bool {
                #has_embedded
            }

            fn write_embedded<__M: #krate::__private::serde::ser::SerializeMap>(
                &self,
                __map: &mut __M,
                __context: &#krate::__private::WriteContext<'_>,
            ) -> ::core::result::Result<(), __M::Error> {
                let _ = &__context;
                #write_embedded
                ::core::result::Result::Ok(())
            }

            #templates
        }

        #schema
    }
}

/// With `#[hal(openapi)]`: the relations `_links` and `_embedded` hold, for the OpenAPI schema
/// of `Hal<Self>` (hal-core's `openapi` module builds it). A relation is required when it is
/// always written.
fn schema_impl(input: &Input<'_>) -> Option<TokenStream> {
    if !input.openapi {
        return None;
    }
    let krate = &input.krate;
    // The public module: its derive-facing items are hidden there, beside the impls they serve.
    let schema = quote!(#krate::openapi);
    let ident = input.ident;
    let generics = with_bounds(input.generics, field_bounds(input));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let curies = input.has_curies().then(|| quote!(__links.curies();));
    // A const href is conditional only through `Option` fields its placeholders may name.
    let has_option_fields = input.state_fields().any(|f| f.option_inner().is_some());
    let declared = input.declared.iter().enumerate().map(|(index, link)| {
        let (rel, templated) = (&link.rel, link.templated);
        let always = match link.href {
            DeclaredHref::Const(_) => link.skip_if.is_none() && !has_option_fields,
            DeclaredHref::Literal { .. } => link_condition(input, index, link).is_none(),
        };
        quote!(__links.relation(#rel, false, #always, #templated);)
    });
    let fields = input.fields.iter().filter_map(|f| {
        let ty = f.ty;
        match &f.role {
            Role::Link { rel, .. } => Some(quote_spanned!(ty.span()=>
                __links.relation(
                    #rel,
                    <#ty as #krate::__private::LinkField>::MANY,
                    <#ty as #krate::__private::LinkField>::ALWAYS,
                    false,
                );
            )),
            Role::Links => Some(quote_spanned!(ty.span()=>
                __links.links_field(<#ty as #krate::__private::LinksField>::RELATIONS);
            )),
            _ => None,
        }
    });
    let embedded = input.fields.iter().filter_map(|f| {
        let ty = f.ty;
        match &f.role {
            Role::Embedded { rel, .. } => {
                Some(quote_spanned!(ty.span()=> __embedded.field::<#ty>(#rel);))
            }
            _ => None,
        }
    });
    Some(quote! {
        impl #impl_generics #schema::HalSchema for #ident #ty_generics #where_clause {
            fn hal_links(__links: &mut #schema::LinksSchema) {
                #curies
                #(#declared)*
                #(#fields)*
            }

            #[allow(unused_variables)]
            fn hal_embedded(__embedded: &mut #schema::EmbeddedSchema) {
                #(#embedded)*
            }
        }
    })
}

/// `templates()`: each declared template with its input type's properties, its target written
/// as a link's href is (and the template left out when the target cannot be written).
fn templates(input: &Input<'_>) -> Option<TokenStream> {
    if input.templates.is_empty() {
        return None;
    }
    let krate = &input.krate;
    let forms = quote!(#krate::__private::forms);
    let first_target = input.declared.len();
    let mut targets = 0;
    let each = input.templates.iter().map(|template| {
        let (name, method) = (&template.name, &template.method);
        let title = template.title.as_ref().map(|t| quote!(.with_title(#t)));
        let content_type = template
            .content_type
            .as_ref()
            .map(|c| quote!(.with_content_type(#c)));
        let properties = template.input.as_ref().map(|ty| {
            let properties = quote_spanned!(ty.span()=> <#ty as #forms::HalForm>::properties());
            quote!(.with_properties(#properties))
        });
        let built = quote!(#forms::Template::new(#method) #title #content_type #properties);
        let Some(target) = &template.target else {
            return quote!(__templates.insert(#name, #built););
        };
        let index = first_target + targets;
        targets += 1;
        let body = href_body(input, index, target);
        let insert = quote! {
            if let ::core::option::Option::Some(__target) = #krate::__private::href_string(
                |__w: &mut #krate::__private::HrefWriter<'_>| -> ::core::fmt::Result { #body }
            ) {
                __templates.insert(#name, #built.with_target(__target));
            }
        };
        match link_condition(input, index, target) {
            Some(condition) => quote!(if #condition { #insert }),
            None => insert,
        }
    });
    let each: Vec<TokenStream> = each.collect();
    Some(quote! {
        fn templates(&self) -> #forms::Templates {
            let mut __templates = #forms::Templates::new();
            #(#each)*
            __templates
        }
    })
}

/// Whether `_links` has anything to write: a curie or an unconditional declared link makes it
/// `true` at compile time.
fn has_links(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let conditions: Vec<Option<TokenStream>> = input
        .declared
        .iter()
        .enumerate()
        .map(|(index, link)| link_condition(input, index, link))
        .collect();
    // Curies are not counted: `Hal` writes them, unless the enclosing document has them.
    let always = conditions.iter().any(Option::is_none);
    let conditional = conditions.iter().flatten();
    let fields = input.fields.iter().filter_map(|f| {
        let (field, ty) = (f.ident, f.ty);
        match f.role {
            Role::Link { .. } => Some(quote_spanned!(ty.span()=> <#ty as #krate::__private::LinkField>::is_present(&self.#field))),
            Role::Links => Some(quote_spanned!(ty.span()=> !<#ty as #krate::__private::LinksField>::is_empty(&self.#field))),
            _ => None,
        }
    });
    quote!(#always #(|| #conditional)* #(|| #fields)*)
}

/// The members of `_links` after the curies (which `Hal` writes): declared links, link fields,
/// then the `#[hal(links)]` field without the relations written before.
fn write_links(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let declared = input
        .declared
        .iter()
        .enumerate()
        .map(|(index, link)| declared_link(input, index, link));
    let link_fields = input.fields.iter().filter_map(|f| match &f.role {
        Role::Link { rel, .. } => {
            let (field, ty) = (f.ident, f.ty);
            Some(quote_spanned!(ty.span()=> <#ty as #krate::__private::LinkField>::write(&self.#field, #rel, __map)?;))
        }
        _ => None,
    });
    let declared_rels = input.declared_rels();
    let merged = input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Links))
        .map(|f| {
            let (field, ty) = (f.ident, f.ty);
            let write =
                quote_spanned!(ty.span()=> <#ty as #krate::__private::LinksField>::write_links);
            quote!(#write(&self.#field, __map, &[#(#declared_rels),*])?;)
        });
    quote!(#(#declared)* #(#link_fields)* #(#merged)*)
}

/// Whether `_embedded` has anything to write, and its members.
fn embedded(input: &Input<'_>) -> (TokenStream, TokenStream) {
    let krate = &input.krate;
    let embedded: Vec<(&Field<'_>, &String)> = input
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            Role::Embedded { rel, .. } => Some((f, rel)),
            _ => None,
        })
        .collect();
    let presence = embedded.iter().map(|(f, _)| {
        let (field, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> <#ty as #krate::__private::EmbeddedField>::is_present(&self.#field))
    });
    let writes = embedded.iter().map(|(f, rel)| {
        let (field, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> <#ty as #krate::__private::EmbeddedField>::write(&self.#field, #rel, __map, __context)?;)
    });
    (quote!(false #(|| #presence)*), quote!(#(#writes)*))
}

/// The statements that write href `index` into `__w`, ending in a `fmt::Result`.
fn href_body(input: &Input<'_>, index: usize, link: &DeclaredLink) -> TokenStream {
    match &link.href {
        DeclaredHref::Literal { .. } => {
            let steps = href_steps(input, link);
            quote!(#(#steps)* ::core::result::Result::Ok(()))
        }
        DeclaredHref::Const(_) => {
            let href = const_href_name(index);
            quote!(#href.write(__w, &|__name: &str| __hal_href_field(self, __name)))
        }
    }
}

/// Writes one declared link, its href computed while it is written.
fn declared_link(input: &Input<'_>, index: usize, link: &DeclaredLink) -> TokenStream {
    let krate = &input.krate;
    let rel = &link.rel;
    let templated = link.templated;
    let body = href_body(input, index, link);
    let write = quote! {
        __map.serialize_entry(#rel, &#krate::__private::LinkOut {
            href: |__w: &mut #krate::__private::HrefWriter<'_>| -> ::core::fmt::Result {
                #body
            },
            templated: #templated,
            context: __context,
        })?;
    };
    match link_condition(input, index, link) {
        Some(condition) => quote!(if #condition { #write }),
        None => write,
    }
}

/// The static that holds the parsed template of the const href `index` (declared links first,
/// then templates' targets).
fn const_href_name(index: usize) -> syn::Ident {
    quote::format_ident!("__HAL_HREF_{}", index)
}

/// A relation the struct writes itself (`self_link`, a declared link, a link field) that its
/// `#[hal(links)]` field's type also writes (`PageLinks` writes `self`): the struct's would win
/// and the field's be dropped, so page 2's `self` would name page 1. A compile-time check per
/// pair, at the declaration. A field type that may hold any relation (`Links`) names none;
/// for it the struct's own declaration wins, as documented.
fn links_field_overlaps(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let own: Vec<(&str, proc_macro2::Span, String)> = input
        .own_relations()
        .map(|own| (own.rel, own.span, own.writer.describe()))
        .collect();
    let mut checks = Vec::new();
    for field in input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Links))
    {
        let ty = field.ty;
        if super::mentions_generics(input, quote!(#ty)) {
            continue;
        }
        let type_name = quote!(#ty).to_string().replace(' ', "");
        for (rel, span, by) in &own {
            let message = format!(
                "relation `{rel}` is written twice: by {by} and by the `#[hal(links)]` field `{}` (`{type_name}` writes `{rel}`); remove one of them",
                field.ident
            );
            checks.push(quote_spanned!(*span=>
                const _: () = if #krate::__private::writes_relation(
                    <#ty as #krate::__private::LinksField>::RELATIONS,
                    #rel,
                ) {
                    ::core::panic!(#message)
                };
            ));
        }
    }
    quote!(#(#checks)*)
}

/// For hrefs given as consts: the compile-time checks, the statics that keep their parsed
/// templates, and the function that answers their placeholders with the fields' values.
fn const_hrefs(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let fields: Vec<String> = input.state_fields().map(|f| f.ident.to_string()).collect();
    let mut items = Vec::new();
    for (index, link) in input.hrefs().enumerate() {
        if let DeclaredHref::Const(path) = &link.href {
            let (name, templated) = (const_href_name(index), link.templated);
            // Every token at the path, so that a failed check points at the user's attribute.
            let check = respan(
                quote!(const _: () = #private::check_const_href(#path, &[#(#fields),*], #templated);),
                path.span(),
            );
            items.push(quote! {
                #check
                static #name: #private::ConstHref = #private::ConstHref::new(#path);
            });
        }
    }
    if let Some(path) = &input.shared_curies {
        items.push(respan(
            quote!(const _: () = #private::check_static_curies(#path);),
            path.span(),
        ));
    }
    for curie in &input.curies {
        if let Href::Const(path) = &curie.href {
            items.push(respan(
                quote!(const _: () = #private::check_curie_href(#path);),
                path.span(),
            ));
        }
    }
    if input
        .hrefs()
        .any(|l| matches!(l.href, DeclaredHref::Const(_)))
    {
        items.push(field_lookup(input));
    }
    quote!(#(#items)*)
}

/// `__hal_href_field(this, name)`: a state field's value for a const href's placeholder, by
/// autoref specialization (`None` inside when the field is not `Display` or is `None`).
fn field_lookup(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let arms = input.state_fields().map(|field| {
        let (name, member) = (field.ident.to_string(), field.ident);
        let value = if field.option_inner().is_some() {
            quote!(__this.#member.as_ref().and_then(|__v| (&#private::ValueProbe(__v)).probe()))
        } else {
            quote!((&#private::ValueProbe(&__this.#member)).probe())
        };
        quote!(#name => ::core::option::Option::Some(#value),)
    });
    quote! {
        fn __hal_href_field #impl_generics (
            __this: &#ident #ty_generics,
            __name: &str,
        ) -> ::core::option::Option<::core::option::Option<#krate::__private::template::Value>> #where_clause {
            #[allow(unused_imports)]
            use #private::{ProbeDisplay as _, ProbeOther as _};
            match __name {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }
    }
}

/// When a declared link is written, if not always: its `skip_if` says not to skip it, and
/// every `Option` field its path needs is `Some`.
fn link_condition(input: &Input<'_>, index: usize, link: &DeclaredLink) -> Option<TokenStream> {
    let mut conditions: Vec<TokenStream> = input
        .required_options(link)
        .into_iter()
        .map(|field| {
            let ident = field.ident;
            quote!(self.#ident.is_some())
        })
        .collect();
    if matches!(link.href, DeclaredHref::Const(_)) {
        let href = const_href_name(index);
        conditions.push(quote!(#href.is_present(&|__name: &str| __hal_href_field(self, __name))));
    }
    if let Some(path) = &link.skip_if {
        conditions.insert(0, quote!(!#path(self)));
    }
    (!conditions.is_empty()).then(|| quote!(#(#conditions)&&*))
}

/// Statements that write an href: literals (encoded at compile time), field expressions
/// expanded at run time, client expressions kept as written.
fn href_steps(input: &Input<'_>, link: &DeclaredLink) -> Vec<TokenStream> {
    // Checked before expansion: the template is valid.
    let Some(template) = link.template() else {
        return Vec::new();
    };
    let mut expressions = input.expressions(template).into_iter();
    let mut steps = Vec::new();
    for part in template.parts() {
        match part {
            hal_template::Part::Literal(text) => {
                let mut encoded = String::new();
                hal_template::encode_reserved(&mut encoded, text);
                steps.push(quote!(__w.push_str(#encoded);));
            }
            hal_template::Part::Expression(_) => {
                let Some(expression) = expressions.next() else {
                    continue;
                };
                let text = &expression.text;
                match expression.expander {
                    Expander::Client => steps.push(quote!(__w.push_str(#text);)),
                    Expander::Fields => {
                        steps.push(field_expression(input, expression.expression, text))
                    }
                }
            }
        }
    }
    steps
}

fn field_expression(
    input: &Input<'_>,
    expression: &hal_template::Expression,
    text: &str,
) -> TokenStream {
    let krate = &input.krate;
    let fields: Vec<&Field<'_>> = expression
        .variables()
        .iter()
        .filter_map(|v| input.state_field(v.name()))
        .collect();
    // The common `{field}`: write the value through the encoder, no allocation.
    let simple = expression.operator() == hal_template::Operator::Simple
        && matches!(expression.variables(), [v] if v.modifier() == hal_template::Modifier::None);
    if let ([field], true) = (fields.as_slice(), simple)
        && field.option_inner().is_none()
    {
        let (ident, ty) = (field.ident, field.ty);
        return match field.href_writer() {
            HrefWriter::Integer => quote!(__w.push_integer(self.#ident);),
            HrefWriter::Str => quote!(__w.push_encoded(&self.#ident);),
            // Spanned at the field's type: a type that is not `Display` is reported there.
            HrefWriter::Display => {
                let write = quote_spanned!(ty.span()=> #krate::__private::write_display::<#ty>);
                quote!(#write(__w, &self.#ident)?;)
            }
        };
    }
    let arms = fields.iter().map(|field| {
        let ident = field.ident;
        let name = ident.to_string();
        let value_ty = field.option_inner().unwrap_or(field.ty);
        let value_of = quote_spanned!(value_ty.span()=> #krate::__private::value_of::<#value_ty>);
        let value = if field.option_inner().is_some() {
            quote!(self.#ident.as_ref().map(|__v| #value_of(__v)))
        } else {
            quote!(::core::option::Option::Some(#value_of(&self.#ident)))
        };
        quote!(#name => #value,)
    });
    quote! {
        #krate::__private::write_expression(__w, #text, &|__name: &str| match __name {
            #(#arms)*
            _ => ::core::option::Option::None,
        })?;
    }
}

/// The same tokens, all with `span`.
fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let mut respanned = Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                TokenTree::Group(respanned)
            }
            mut other => {
                other.set_span(span);
                other
            }
        })
        .collect()
}
