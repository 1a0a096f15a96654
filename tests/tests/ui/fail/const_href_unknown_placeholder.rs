use hal_core::HalResource;

const BOOK: &str = "/books/{bookId}";

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = BOOK)]
struct Book {
    isbn: String,
}

fn main() {}
