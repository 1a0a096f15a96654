//! Generating the impls from the checked model: `write` the `HalResource` impl (links, hrefs,
//! embedded resources), `read` the `HalDeserialize` impl; the bounds both need are here.

mod read;
mod write;

use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::WherePredicate;
use syn::spanned::Spanned;

use crate::ast::{Input, Role};

pub(crate) fn expand(input: &Input<'_>) -> TokenStream {
    let resource = write::resource_impl(input);
    let deserialize = read::deserialize_impl(input);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, clippy::all)]
        const _: () = {
            #resource
            #deserialize
        };
    }
}

/// The `CURIES` const of both impls: the listed curies, or the shared list's path.
fn curies_const(input: &Input<'_>) -> Option<TokenStream> {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    if let Some(path) = &input.shared_curies {
        return Some(quote!(const CURIES: &'static [#private::StaticCurie] = #path;));
    }
    (!input.curies.is_empty()).then(|| {
        let entries = input.curies.iter().map(|c| {
            let (name, href) = (&c.name, &c.href);
            quote!(#private::StaticCurie::new(#name, #href))
        });
        quote!(const CURIES: &'static [#private::StaticCurie] = &[#(#entries),*];)
    })
}

/// Whether `tokens` name one of the struct's generic parameters (a type or a lifetime).
fn mentions_generics(input: &Input<'_>, tokens: TokenStream) -> bool {
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
            Role::Links => quote_spanned!(ty.span()=> #ty: #krate::__private::LinksField),
            Role::State => continue,
        };
        bounds.extend(syn::parse2::<WherePredicate>(bound));
    }
    for field in input.href_fields() {
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

fn with_bounds(generics: &syn::Generics, bounds: Vec<WherePredicate>) -> syn::Generics {
    let mut generics = generics.clone();
    generics.make_where_clause().predicates.extend(bounds);
    generics
}
