//! On bad input, an impl that compiles, so one mistake does not cascade into errors at every
//! use of the type: only the real diagnostics are shown.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn stub(input: &syn::DeriveInput) -> TokenStream {
    let ident = &input.ident;
    // Where the user's `#[hal(crate = "…")]` says, or the stub itself would not resolve.
    let krate =
        crate::attr::crate_path(&input.attrs).unwrap_or_else(|| syn::parse_quote!(::hal_core));
    let private = quote!(#krate::__private);
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let (de_impl, _, _) = de_generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics #krate::__private::HalResource for #ident #ty_generics #where_clause {
                const HAL_FIELDS: &'static [&'static str] = &[];
                fn has_links(&self) -> bool { false }
                fn write_links<__M: #private::serde::ser::SerializeMap>(&self, _: &mut __M, _: &#private::WriteContext<'_>) -> ::core::result::Result<(), __M::Error> {
                    ::core::result::Result::Ok(())
                }
                fn has_embedded(&self) -> bool { false }
                fn write_embedded<__M: #private::serde::ser::SerializeMap>(&self, _: &mut __M, _: &#private::WriteContext<'_>) -> ::core::result::Result<(), __M::Error> {
                    ::core::result::Result::Ok(())
                }
            }
            impl #de_impl #private::HalDeserialize<'__de> for #ident #ty_generics #where_clause {
                fn deserialize_hal<__D: #private::serde::Deserializer<'__de>>(
                    _: __D,
                    _: #private::ParseContext,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::core::result::Result::Err(<__D::Error as #private::serde::de::Error>::custom("invalid #[derive(HalResource)]"))
                }
            }
        };
    }
}
