use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = "/books/{isbn}")]
#[hal(link(rel = "tagged", href = "/tags/{tags}"))]
#[hal(link(rel = "search", href = "/search{?tags}"))]
struct Book {
    isbn: String,
    tags: Vec<String>,
}

fn main() {}
