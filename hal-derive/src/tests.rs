//! Expansion snapshots: the generated code, pretty-printed, so a reviewer sees it change.

use quote::quote;

fn expand(input: proc_macro2::TokenStream) -> String {
    let input: syn::DeriveInput = syn::parse2(input).unwrap();
    let output = crate::derive(&input);
    let file: syn::File = syn::parse2(output).unwrap();
    prettyplease::unparse(&file)
}

#[test]
fn trip_with_links_curie_embedded_and_link_field() {
    insta::assert_snapshot!(expand(quote! {
        #[serde(rename_all = "camelCase")]
        #[hal(self_link = "/connectedcar/v2/trips/{id}")]
        #[hal(link(rel = "alerts", href = "/connectedcar/v2/trips/{id}/alerts{?offset,limit}", templated))]
        #[hal(curie(name = "cc", href = "https://docs.example.com/rels/{rel}"))]
        struct Trip {
            id: u64,
            vehicle_id: String,
            #[hal(embedded(rel = "wayPoints"))]
            way_points: Vec<WayPoint>,
            #[hal(link(rel = "driver"))]
            driver: Option<Link>,
        }
    }));
}

#[test]
fn generic_page_with_merged_links() {
    insta::assert_snapshot!(expand(quote! {
        #[hal(self_link = "/pages{/number}", link(rel = "search", href = "/pages{?q}", templated, skip_if = "Page::hidden"))]
        struct Page<'a, T> {
            number: Option<u32>,
            title: &'a str,
            #[hal(embedded)]
            items: Vec<T>,
            #[hal(links)]
            paging: Links,
        }
    }));
}
