use hal_core::HalResource;
use hal_paging::PageLinks;

// Page 2's `self` would name page 1: `self_link` and the page links both write `self`.
#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = "/books")]
struct BookPage {
    total: u64,
    #[hal(links)]
    paging: PageLinks,
}

fn main() {}
