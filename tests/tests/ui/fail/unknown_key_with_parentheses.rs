use hal_core::HalResource;

// One error for the unknown key, none for the parenthesized value it carries.
#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(curies(name = "lib", href = "https://docs.example.com/{rel}"))]
struct Book {
    isbn: String,
}

fn main() {}
