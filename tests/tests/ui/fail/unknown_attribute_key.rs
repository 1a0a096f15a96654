use hal_core::HalResource;

// Both mistakes are reported, not only the first.
#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(selflink = "/trips/{id}")]
#[hal(link(rel = "vehicle", hreff = "/vehicles/1"))]
struct Trip {
    id: u64,
    #[hal(embeded)]
    stops: Vec<u8>,
}

fn main() {}
