//! Generating the `HalResource` and `HalDeserialize` impls from the checked model.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{LitStr, WherePredicate};

use crate::ast::{DeclaredLink, Field, Input, Role};
use crate::check::{ExpressionUse, expression_uses, source_of};
use crate::ctxt::Ctxt;
use crate::fallback;

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    if let Some(model) = &model {
        crate::check::check(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(errors), _) => {
            let stub = fallback::stub(input);
            let errors = errors.to_compile_error();
            quote! { #stub #errors }
        }
        // `from_syn` gives no model only after recording an error.
        (Ok(()), None) => fallback::stub(input),
    }
}

fn expand(input: &Input<'_>) -> TokenStream {
    let resource = resource_impl(input);
    let deserialize = deserialize_impl(input);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, clippy::all)]
        const _: () = {
            #resource
            #deserialize
        };
    }
}

/// Whether `tokens` name one of the struct's generic parameters (a type or a lifetime).
fn mentions_generics(input: &Input<'_>, tokens: TokenStream) -> bool {
    use proc_macro2::TokenTree;
    let names: Vec<String> = input
        .generics
        .params
        .iter()
        .map(|p| match p {
            syn::GenericParam::Type(t) => t.ident.to_string(),
            syn::GenericParam::Lifetime(l) => l.lifetime.ident.to_string(),
            syn::GenericParam::Const(c) => c.ident.to_string(),
        })
        .collect();
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => names.contains(&ident.to_string()),
        TokenTree::Group(group) => mentions_generics(input, group.stream()),
        _ => false,
    })
}

/// `where` predicates for the fields whose types depend on the struct's generic parameters.
/// Concrete field types get no bound: a missing impl is then reported at the call spanned by
/// the field's type, which points at the user's own token instead of the derive.
fn field_bounds(input: &Input<'_>) -> Vec<WherePredicate> {
    let krate = &input.krate;
    let mut bounds: Vec<WherePredicate> = Vec::new();
    for field in &input.fields {
        let ty = field.ty;
        if !mentions_generics(input, quote!(#ty)) {
            continue;
        }
        let bound = match field.role {
            Role::Link { .. } => quote_spanned!(ty.span()=> #ty: #krate::__private::LinkField),
            Role::Embedded { .. } => {
                quote_spanned!(ty.span()=> #ty: #krate::__private::EmbeddedField)
            }
            Role::Links => quote_spanned!(ty.span()=> #ty: #krate::LinksField),
            Role::State => continue,
        };
        bounds.extend(syn::parse2::<WherePredicate>(bound));
    }
    for field in href_fields(input) {
        let ty = field.option_inner().unwrap_or(field.ty);
        if !mentions_generics(input, quote!(#ty)) {
            continue;
        }
        bounds.extend(syn::parse2::<WherePredicate>(
            quote_spanned!(ty.span()=> #ty: ::core::fmt::Display),
        ));
    }
    bounds
}

/// State fields that some declared href expands.
fn href_fields<'i, 'a>(input: &'i Input<'a>) -> Vec<&'i Field<'a>> {
    let mut used: Vec<&Field<'_>> = Vec::new();
    for link in &input.declared {
        let Ok(template) = hal_template::UriTemplate::parse(&link.href.value()) else {
            continue;
        };
        for name in template.variable_names() {
            if let Some(field) = input.state_fields().find(|f| f.ident == name)
                && !used.iter().any(|u| u.ident == field.ident)
            {
                used.push(field);
            }
        }
    }
    used
}

fn with_bounds(generics: &syn::Generics, bounds: Vec<WherePredicate>) -> syn::Generics {
    let mut generics = generics.clone();
    generics.make_where_clause().predicates.extend(bounds);
    generics
}

fn resource_impl(input: &Input<'_>) -> TokenStream {
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

    let curies = (!input.curies.is_empty()).then(|| {
        let entries = input.curies.iter().map(|c| {
            let (name, href) = (&c.name, &c.href);
            quote!(#krate::__private::CurieOut { name: #name, href: #href })
        });
        quote!(__map.serialize_entry("curies", &[#(#entries),*])?;)
    });
    let declared = input.declared.iter().map(|link| declared_link(input, link));
    let link_fields = input.fields.iter().filter_map(|f| match &f.role {
        Role::Link { rel, .. } => {
            let (field, ty) = (f.ident, f.ty);
            Some(quote_spanned!(ty.span()=> <#ty as #krate::__private::LinkField>::write(&self.#field, #rel, __map)?;))
        }
        _ => None,
    });
    let declared_rels: Vec<&str> = input
        .declared
        .iter()
        .map(|l| l.rel.as_str())
        .chain(input.fields.iter().filter_map(|f| match &f.role {
            Role::Link { rel, .. } => Some(rel.as_str()),
            _ => None,
        }))
        .chain((!input.curies.is_empty()).then_some("curies"))
        .collect();
    let merged = input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Links))
        .map(|f| {
            let (field, ty) = (f.ident, f.ty);
            let write = quote_spanned!(ty.span()=> <#ty as #krate::LinksField>::write_links);
            quote!(#write(&self.#field, __map, &[#(#declared_rels),*])?;)
        });

    let always_links =
        !input.curies.is_empty() || input.declared.iter().any(|l| l.skip_if.is_none());
    let maybe_links = input
        .declared
        .iter()
        .filter_map(|l| l.skip_if.as_ref().map(|path| quote!(!#path(self))));
    let link_presence = input.fields.iter().filter_map(|f| {
        let (field, ty) = (f.ident, f.ty);
        match f.role {
            Role::Link { .. } => Some(quote_spanned!(ty.span()=> <#ty as #krate::__private::LinkField>::is_present(&self.#field))),
            Role::Links => Some(quote_spanned!(ty.span()=> !<#ty as #krate::LinksField>::is_empty(&self.#field))),
            _ => None,
        }
    });

    let embedded: Vec<(&Field<'_>, &String)> = input
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            Role::Embedded { rel, .. } => Some((f, rel)),
            _ => None,
        })
        .collect();
    let embedded_presence = embedded.iter().map(|(f, _)| {
        let (field, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> <#ty as #krate::__private::EmbeddedField>::is_present(&self.#field))
    });
    let embedded_writes = embedded.iter().map(|(f, rel)| {
        let (field, ty) = (f.ident, f.ty);
        quote_spanned!(ty.span()=> <#ty as #krate::__private::EmbeddedField>::write(&self.#field, #rel, __map)?;)
    });

    quote! {
        impl #impl_generics #krate::HalResource for #ident #ty_generics #where_clause {
            const HAL_FIELDS: &'static [&'static str] = &[#(#hal_fields),*];
            const STATE_FIELDS_CHECKED: bool = true;

            fn has_links(&self) -> bool {
                #always_links #(|| #maybe_links)* #(|| #link_presence)*
            }

            fn write_links<__M: #krate::__private::serde::ser::SerializeMap>(
                &self,
                __map: &mut __M,
            ) -> ::core::result::Result<(), __M::Error> {
                #curies
                #(#declared)*
                #(#link_fields)*
                #(#merged)*
                ::core::result::Result::Ok(())
            }

            fn has_embedded(&self) -> bool {
                false #(|| #embedded_presence)*
            }

            fn write_embedded<__M: #krate::__private::serde::ser::SerializeMap>(
                &self,
                __map: &mut __M,
            ) -> ::core::result::Result<(), __M::Error> {
                #(#embedded_writes)*
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// Writes one declared link, its href computed while it is written.
fn declared_link(input: &Input<'_>, link: &DeclaredLink) -> TokenStream {
    let krate = &input.krate;
    let rel = &link.rel;
    let templated = link.templated;
    let steps = href_steps(input, &link.href);
    let write = quote! {
        __map.serialize_entry(#rel, &#krate::__private::LinkOut {
            href: |__w: &mut #krate::__private::HrefWriter<'_>| -> ::core::fmt::Result {
                #(#steps)*
                ::core::result::Result::Ok(())
            },
            templated: #templated,
        })?;
    };
    match &link.skip_if {
        Some(path) => quote!(if !#path(self) { #write }),
        None => write,
    }
}

/// Statements that write an href: literals (encoded at compile time), field expressions
/// expanded at run time, client expressions kept as written.
fn href_steps(input: &Input<'_>, href: &LitStr) -> Vec<TokenStream> {
    // Checked before expansion: the template is valid.
    let Ok(template) = hal_template::UriTemplate::parse(&href.value()) else {
        return Vec::new();
    };
    let uses = expression_uses(input, &template);
    let mut uses = uses.into_iter();
    let mut steps = Vec::new();
    for part in template.parts() {
        match part {
            hal_template::Part::Literal(text) => {
                let mut encoded = String::new();
                hal_template::encode_reserved(&mut encoded, text);
                steps.push(quote!(__w.push_str(#encoded);));
            }
            hal_template::Part::Expression(expression) => {
                let Some((text, usage, names)) = uses.next() else {
                    continue;
                };
                match usage {
                    ExpressionUse::Client => steps.push(quote!(__w.push_str(#text);)),
                    ExpressionUse::Fields => {
                        steps.push(field_expression(input, expression, &names))
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
    names: &[String],
) -> TokenStream {
    let krate = &input.krate;
    let fields: Vec<&Field<'_>> = names
        .iter()
        .filter_map(|n| input.state_fields().find(|f| f.ident == n.as_str()))
        .collect();
    // The common `{field}`: write the value through the encoder, no allocation.
    let simple = expression.operator() == hal_template::Operator::Simple
        && matches!(expression.variables(), [v] if v.modifier() == hal_template::Modifier::None);
    if let ([field], true) = (fields.as_slice(), simple)
        && field.option_inner().is_none()
    {
        let ident = field.ident;
        // Autoref specialization: a direct writer for integers and strings, `Display` otherwise.
        return quote! {{
            #[allow(unused_imports)]
            use #krate::__private::{WriteByDisplay as _, WriteDirect as _};
            (&#krate::__private::HrefArg(&self.#ident)).write_href(__w)?;
        }};
    }
    let text = source_of(expression);
    let arms = fields.iter().map(|field| {
        let ident = field.ident;
        let name = ident.to_string();
        let value = if field.option_inner().is_some() {
            quote!(self.#ident.as_ref().map(|__v| #krate::__private::value_of(__v)))
        } else {
            quote!(::core::option::Option::Some(#krate::__private::value_of(&self.#ident)))
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

fn deserialize_impl(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let de = quote!(#private::serde::de);
    let ident = input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();

    // Generics with `'__de` in front, for the helper types and impls.
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let mut bounds = field_bounds(input);
    for field in &input.fields {
        if let Role::Embedded { .. } = field.role {
            let ty = field.ty;
            if !mentions_generics(input, quote!(#ty)) {
                continue;
            }
            bounds.extend(syn::parse2::<WherePredicate>(quote_spanned!(ty.span()=>
                <#ty as #private::EmbeddedField>::Item: #private::HalDeserialize<'__de>
            )));
        }
    }
    bounds.push(syn::parse_quote!(__HalState #ty_generics: #private::serde::Deserialize<'__de>));
    let de_generics = with_bounds(&de_generics, bounds);
    let (de_impl, de_ty, de_where) = de_generics.split_for_impl();

    // The state: the struct's own fields and serde attributes, minus the HAL fields.
    let serde_crate_path = format!(
        "{}::__private::serde",
        quote!(#krate).to_string().replace(' ', "")
    );
    let serde_crate = (!input.has_serde_crate).then(|| quote!(#[serde(crate = #serde_crate_path)]));
    let container_attrs = &input.serde_attrs;
    let state_fields = input.state_fields().map(|f| {
        let (field, ty) = (f.ident, f.ty);
        let attrs = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde") || a.path().is_ident("cfg"));
        quote!(#(#attrs)* #field: #ty,)
    });
    let (_, _, state_where) = input.generics.split_for_impl();
    let state_params = &input.generics.params;

    let link_slots: Vec<_> = input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Link { .. } | Role::Embedded { .. }))
        .collect();
    let slot_decls = link_slots.iter().map(|f| {
        let (field, ty) = (f.ident, f.ty);
        quote!(#field: ::core::option::Option<#ty>,)
    });
    let slot_inits = link_slots.iter().map(|f| {
        let field = f.ident;
        quote!(#field: ::core::option::Option::None,)
    });

    let links_field = input.fields.iter().find(|f| matches!(f.role, Role::Links));
    let declared_rels: Vec<&str> = input.declared.iter().map(|l| l.rel.as_str()).collect();
    let link_fields: Vec<(&Field<'_>, &String)> = input
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            Role::Link { rel, .. } => Some((f, rel)),
            _ => None,
        })
        .collect();
    let wants = link_fields
        .iter()
        .map(|(_, rel)| quote!(#private::rel_matches(__rel, #rel)));
    let wants_rest = links_field
        .map(|_| quote!(|| !(false #(|| #private::rel_matches(__rel, #declared_rels))*)));
    let accepts = link_fields.iter().map(|(f, rel)| {
        let (field, ty) = (f.ident, f.ty);
        let from_parsed = quote_spanned!(ty.span()=> <#ty as #private::LinkField>::from_parsed);
        quote! {
            if #private::rel_matches(__rel, #rel) {
                self.#field = ::core::option::Option::Some(#from_parsed(__links)?);
                return ::core::result::Result::Ok(());
            }
        }
    });
    let collect_rest = links_field
        .map(|_| quote!(#private::collect_link(&mut self.__links, __rel, __cardinality, __links);));

    let embedded_reads = input.fields.iter().filter_map(|f| match &f.role {
        Role::Embedded { rel, .. } => {
            let (field, ty) = (f.ident, f.ty);
            // Every token carries the field type's span, so that a type that is not
            // embeddable is reported there, once, and not at the derive.
            let read = respan(
                quote!(#de::MapAccess::next_value_seed(__map, #private::EmbeddedFieldSeed::<#ty>::new(self.__context.child()?))),
                ty.span(),
            );
            Some(quote! {
                if __rel == #rel {
                    self.#field = ::core::option::Option::Some(#read?);
                    return ::core::result::Result::Ok(true);
                }
            })
        }
        _ => None,
    });

    let construct = input.fields.iter().map(|f| {
        let (field, ty) = (f.ident, f.ty);
        match &f.role {
            Role::State => quote!(#field: __state.#field,),
            Role::Link { rel, .. } => {
                let missing = quote_spanned!(ty.span()=> <#ty as #private::LinkField>::missing);
                quote! {
                    #field: match __slots.#field {
                        ::core::option::Option::Some(__value) => __value,
                        ::core::option::Option::None => #missing(#rel).map_err(<__A::Error as #de::Error>::custom)?,
                    },
                }
            }
            Role::Embedded { rel, .. } => {
                let missing = quote_spanned!(ty.span()=> <#ty as #private::EmbeddedField>::missing);
                quote! {
                    #field: match __slots.#field {
                        ::core::option::Option::Some(__value) => __value,
                        ::core::option::Option::None => #missing(#rel).map_err(<__A::Error as #de::Error>::custom)?,
                    },
                }
            }
            Role::Links => {
                let from_links = quote_spanned!(ty.span()=> <#ty as #krate::LinksField>::from_links);
                quote!(#field: #from_links(__slots.__links),)
            }
        }
    });

    quote! {
        #[derive(#private::serde::Deserialize)]
        #serde_crate
        #(#container_attrs)*
        struct __HalState<#state_params> #state_where {
            #(#state_fields)*
            #[serde(skip)]
            __hal_marker: ::core::marker::PhantomData<fn() -> #ident #ty_generics>,
        }

        struct __HalSlots #de_impl #de_where {
            __context: #private::ParseContext,
            #(#slot_decls)*
            __links: #krate::Links,
            __marker: ::core::marker::PhantomData<(fn() -> &'__de (), fn() -> #ident #ty_generics)>,
        }

        impl #de_impl #private::LinkSlots for __HalSlots #de_ty #de_where {
            fn wants(&self, __rel: &str) -> bool {
                false #(|| #wants)* #wants_rest
            }

            fn accept(
                &mut self,
                __rel: &str,
                __cardinality: #krate::Cardinality,
                __links: ::std::vec::Vec<#krate::Link>,
            ) -> ::core::result::Result<(), ::std::string::String> {
                let _ = &__cardinality;
                #(#accepts)*
                #collect_rest
                ::core::result::Result::Ok(())
            }
        }

        impl #de_impl #private::EmbeddedSlots<'__de> for __HalSlots #de_ty #de_where {
            fn read_embedded<__A: #de::MapAccess<'__de>>(
                &mut self,
                __rel: &str,
                __map: &mut __A,
            ) -> ::core::result::Result<bool, __A::Error> {
                let _ = &__map;
                #(#embedded_reads)*
                ::core::result::Result::Ok(false)
            }
        }

        struct __HalVisitor #de_impl #de_where {
            __context: #private::ParseContext,
            __marker: ::core::marker::PhantomData<(fn() -> &'__de (), fn() -> #ident #ty_generics)>,
        }

        impl #de_impl #de::Visitor<'__de> for __HalVisitor #de_ty #de_where {
            type Value = #ident #ty_generics;

            fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(#private::EXPECTING_RESOURCE)
            }

            fn visit_map<__A: #de::MapAccess<'__de>>(self, __map: __A) -> ::core::result::Result<Self::Value, __A::Error> {
                let mut __slots = __HalSlots {
                    __context: self.__context,
                    #(#slot_inits)*
                    __links: #krate::Links::new(),
                    __marker: ::core::marker::PhantomData,
                };
                let __state: __HalState #ty_generics =
                    #private::deserialize_state(__map, &mut #private::Reserved::new(&mut __slots))?;
                ::core::result::Result::Ok(#ident {
                    #(#construct)*
                })
            }
        }

        impl #de_impl #private::HalDeserialize<'__de> for #ident #ty_generics #de_where {
            fn deserialize_hal<__D: #de::Deserializer<'__de>>(
                __deserializer: __D,
                __context: #private::ParseContext,
            ) -> ::core::result::Result<Self, __D::Error> {
                #de::Deserializer::deserialize_map(
                    __deserializer,
                    __HalVisitor { __context, __marker: ::core::marker::PhantomData },
                )
            }
        }
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
