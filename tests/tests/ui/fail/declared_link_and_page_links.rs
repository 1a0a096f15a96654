use hal_core::{HalResource, Link};
use hal_paging::PageLinks;

// A declared `next` and a link field `first` beside page links that write both.
#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(link(rel = "next", href = "/books/more"))]
struct BookPage {
    total: u64,
    #[hal(link(rel = "first"))]
    start: Link,
    #[hal(links)]
    paging: PageLinks,
}

fn main() {}
