//! The `HalDeserialize` impl: the state read by a shadow struct with the struct's own serde
//! attributes, the relations by slots, both through hal-core's one parse path.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::WherePredicate;
use syn::spanned::Spanned;

use super::{field_bounds, mentions_generics, with_bounds};
use crate::ast::{Field, Input, Role};

pub(super) fn deserialize_impl(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let de = quote!(#private::serde::de);
    let ident = input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();

    // Generics with `'__de` in front, for the impls.
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let mut bounds = field_bounds(input);
    // Generic embedded fields only: a concrete one that cannot be read is reported at its use,
    // the field's own type.
    for field in &input.fields {
        let ty = field.ty;
        if matches!(field.role, Role::Embedded { .. }) && mentions_generics(input, quote!(#ty)) {
            bounds.extend(syn::parse2::<WherePredicate>(quote_spanned!(ty.span()=>
                <#ty as #private::EmbeddedField>::Item: #private::HalDeserialize<'__de>
            )));
        }
    }
    bounds.push(syn::parse_quote!(__HalState #ty_generics: #private::serde::Deserialize<'__de>));
    let de_generics = with_bounds(&de_generics, bounds);
    let (de_impl, _, de_where) = de_generics.split_for_impl();

    let state = state_struct(input);
    let slots = slots_struct(input);
    let slots_impl = slots_impl(input);
    let slot_inits = slot_fields(input).map(|f| {
        let field = f.ident;
        quote!(#field: ::core::option::Option::None,)
    });
    let construct = input.fields.iter().map(|f| construct_field(input, f));

    quote! {
        #state
        #slots

        impl #de_impl #private::DerivedSlots<'__de> for __HalSlots #ty_generics #de_where {
            #slots_impl
        }

        impl #de_impl #private::HalDeserialize<'__de> for #ident #ty_generics #de_where {
            fn deserialize_hal<__D: #de::Deserializer<'__de>>(
                __deserializer: __D,
                __context: #private::ParseContext,
            ) -> ::core::result::Result<Self, __D::Error> {
                let __slots = __HalSlots {
                    #(#slot_inits)*
                    __links: #krate::__private::Links::new(),
                    __marker: ::core::marker::PhantomData,
                };
                #private::deserialize_derived(
                    __deserializer,
                    __context,
                    __slots,
                    |__state: __HalState #ty_generics, __slots: __HalSlots #ty_generics| {
                        let _ = (&__state, &__slots);
                        ::core::result::Result::Ok(#ident { #(#construct)* })
                    },
                )
            }
        }
    }
}

/// The state: the struct's own fields and serde attributes, minus the HAL fields.
fn state_struct(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let ident = input.ident;
    let (_, ty_generics, state_where) = input.generics.split_for_impl();
    let params = &input.generics.params;
    let serde_crate_path = format!(
        "{}::__private::serde",
        quote!(#krate).to_string().replace(' ', "")
    );
    let serde_crate = (!input.has_serde_crate).then(|| quote!(#[serde(crate = #serde_crate_path)]));
    let container_attrs = &input.serde_attrs;
    let fields = input.state_fields().map(|f| {
        let (field, ty) = (f.ident, f.ty);
        let attrs = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde") || a.path().is_ident("cfg"));
        quote!(#(#attrs)* #field: #ty,)
    });
    quote! {
        #[derive(#krate::__private::serde::Deserialize)]
        #serde_crate
        #(#container_attrs)*
        struct __HalState<#params> #state_where {
            #(#fields)*
            #[serde(skip)]
            __hal_marker: ::core::marker::PhantomData<fn() -> #ident #ty_generics>,
        }
    }
}

/// The `#[hal(link)]` and `#[hal(embedded)]` fields, which the slots fill.
fn slot_fields<'i, 'a>(input: &'i Input<'a>) -> impl Iterator<Item = &'i Field<'a>> {
    input
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Link { .. } | Role::Embedded { .. }))
}

fn slots_struct(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let ident = input.ident;
    let (_, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = &input.generics.params;
    let decls = slot_fields(input).map(|f| {
        let (field, ty) = (f.ident, f.ty);
        quote!(#field: ::core::option::Option<#ty>,)
    });
    quote! {
        struct __HalSlots<#params> #where_clause {
            #(#decls)*
            __links: #krate::__private::Links,
            __marker: ::core::marker::PhantomData<fn() -> #ident #ty_generics>,
        }
    }
}

/// `wants_link`, `accept_links` and `read_embedded`: each relation to its field, the rest to
/// the `#[hal(links)]` field when there is one.
fn slots_impl(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let de = quote!(#private::serde::de);
    let (wants, accepts) = link_slots(input);
    let embedded_reads = embedded_slots(input);
    let curies = super::curies_const(input);
    quote! {
        #curies

        fn wants_link(&self, __rel: &str) -> bool {
            #wants
        }

        fn accept_links<__E: #de::Error>(
            &mut self,
            __rel: &str,
            __cardinality: #krate::__private::Cardinality,
            __links: ::std::vec::Vec<#krate::__private::Link>,
        ) -> ::core::result::Result<(), __E> {
            let _ = &__cardinality;
            #accepts
        }

        fn read_embedded<__A: #de::MapAccess<'__de>>(
            &mut self,
            __rel: &str,
            __map: &mut __A,
            __context: #private::ParseContext,
        ) -> ::core::result::Result<bool, __A::Error> {
            let _ = (&__map, &__context);
            #embedded_reads
            ::core::result::Result::Ok(false)
        }
    }
}

/// The bodies of `wants_link` and `accept_links`: a `#[hal(link)]` field takes its relation
/// once; the `#[hal(links)]` field takes every relation the struct does not declare.
fn link_slots(input: &Input<'_>) -> (TokenStream, TokenStream) {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let de = quote!(#private::serde::de);
    let has_links_field = input.fields.iter().any(|f| matches!(f.role, Role::Links));
    let declared_rels = input.declared.iter().map(|l| l.rel.as_str());
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
    let wants_rest = has_links_field
        .then(|| quote!(|| !(false #(|| #private::rel_matches(__rel, #declared_rels))*)));
    let accepts = link_fields.iter().map(|(f, rel)| {
        let (field, ty) = (f.ident, f.ty);
        let from_parsed = quote_spanned!(ty.span()=> <#ty as #private::LinkField>::from_parsed);
        quote! {
            if #private::rel_matches(__rel, #rel) {
                if self.#field.is_some() {
                    return ::core::result::Result::Err(#private::duplicate_link(__rel));
                }
                self.#field = ::core::option::Option::Some(
                    #from_parsed(__links).map_err(<__E as #de::Error>::custom)?,
                );
                return ::core::result::Result::Ok(());
            }
        }
    });
    let collect_rest = if has_links_field {
        quote!(#private::collect_link(&mut self.__links, __rel, __cardinality, __links))
    } else {
        quote!(::core::result::Result::Ok(()))
    };
    (
        quote!(false #(|| #wants)* #wants_rest),
        quote!(#(#accepts)* #collect_rest),
    )
}

/// The body of `read_embedded`: each `#[hal(embedded)]` field reads its relation once.
fn embedded_slots(input: &Input<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let reads = input.fields.iter().filter_map(|f| match &f.role {
        Role::Embedded { rel, .. } => {
            let (field, ty) = (f.ident, f.ty);
            // Autoref specialization: a type that cannot be read is reported by the write
            // side only, and fails at run time if it is ever read.
            let read = quote! {{
                #[allow(unused_imports)]
                use #private::{ReadReadable as _, ReadUnreadable as _};
                (&#private::ReadEmbedded::<#ty>::new()).read(__map, __context)
            }};
            Some(quote! {
                if __rel == #rel {
                    if self.#field.is_some() {
                        return ::core::result::Result::Err(#private::duplicate_embedded(__rel));
                    }
                    self.#field = ::core::option::Option::Some(#read?);
                    return ::core::result::Result::Ok(true);
                }
            })
        }
        _ => None,
    });
    quote!(#(#reads)*)
}

/// The struct's field from the state, the slots or the collected links.
fn construct_field(input: &Input<'_>, field: &Field<'_>) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let (ident, ty) = (field.ident, field.ty);
    let missing = |rel: &String, kind| {
        quote! {
            #ident: match __slots.#ident {
                ::core::option::Option::Some(__value) => __value,
                ::core::option::Option::None => #kind(#rel)?,
            },
        }
    };
    match &field.role {
        Role::State => quote!(#ident: __state.#ident,),
        Role::Link { rel, .. } => missing(
            rel,
            quote_spanned!(ty.span()=> <#ty as #private::LinkField>::missing),
        ),
        Role::Embedded { rel, .. } => missing(
            rel,
            quote_spanned!(ty.span()=> <#ty as #private::EmbeddedField>::missing),
        ),
        Role::Links => {
            let from_links =
                quote_spanned!(ty.span()=> <#ty as #krate::__private::LinksField>::from_links);
            quote!(#ident: #from_links(__slots.__links),)
        }
    }
}
