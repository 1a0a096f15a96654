//! On bad input, an impl that compiles, so one mistake does not cascade into errors at every
//! use of the type: only the real diagnostics are shown.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn stub(input: &syn::DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut de_generics = input.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let (de_impl, _, _) = de_generics.split_for_impl();
    quote! {
        const _: () = {
            impl #impl_generics ::hal_core::HalResource for #ident #ty_generics #where_clause {
                const HAL_FIELDS: &'static [&'static str] = &[];
                fn has_links(&self) -> bool { false }
                fn write_links<__M: ::hal_core::__private::serde::ser::SerializeMap>(&self, _: &mut __M) -> ::core::result::Result<(), __M::Error> {
                    ::core::result::Result::Ok(())
                }
                fn has_embedded(&self) -> bool { false }
                fn write_embedded<__M: ::hal_core::__private::serde::ser::SerializeMap>(&self, _: &mut __M) -> ::core::result::Result<(), __M::Error> {
                    ::core::result::Result::Ok(())
                }
            }
            impl #de_impl ::hal_core::__private::HalDeserialize<'__de> for #ident #ty_generics #where_clause {
                fn deserialize_hal<__D: ::hal_core::__private::serde::Deserializer<'__de>>(
                    _: __D,
                    _: ::hal_core::__private::ParseContext,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::core::result::Result::Err(<__D::Error as ::hal_core::__private::serde::de::Error>::custom("invalid #[derive(HalResource)]"))
                }
            }
        };
    }
}
