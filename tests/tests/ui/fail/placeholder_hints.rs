use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[serde(rename_all = "camelCase")]
#[hal(self_link = "/books/{isbn}")]
#[hal(link(rel = "author", href = "/authors/{authorId}"))]
#[hal(link(rel = "search", href = "/books{?q}"))]
struct Book {
    isbn: String,
    author_id: u32,
}

fn main() {}
