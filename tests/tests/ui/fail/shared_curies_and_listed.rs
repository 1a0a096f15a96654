use hal_core::{HalResource, StaticCurie};

const CURIES: &[StaticCurie] = &[StaticCurie::new("bk", "https://docs.example.com/rels/{rel}")];

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(curies = CURIES)]
#[hal(curie(name = "cc", href = "https://docs.example.com/cc/{rel}"))]
struct Trip {
    id: u64,
}

fn main() {}
