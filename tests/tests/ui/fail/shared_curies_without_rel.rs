use hal_core::{HalResource, StaticCurie};

const CURIES: &[StaticCurie] = &[
    StaticCurie::new("bk", "https://docs.example.com/rels/{rel}"),
    StaticCurie::new("cc", "https://docs.example.com/rels"),
];

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(curies = CURIES)]
struct Trip {
    id: u64,
}

fn main() {}
