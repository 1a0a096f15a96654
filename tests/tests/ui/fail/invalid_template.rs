use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = "/trips/{id")]
struct Trip {
    id: u64,
}

fn main() {}
