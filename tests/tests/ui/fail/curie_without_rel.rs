use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(curie(name = "cc", href = "https://docs.example.com/rels"))]
struct Trip {
    id: u64,
}

fn main() {}
