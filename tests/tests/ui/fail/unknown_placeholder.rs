use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(self_link = "/trips/{id}")]
#[hal(link(rel = "vehicle", href = "/vehicles/{vehicle}"))]
struct Trip {
    id: u64,
    vehicle_id: String,
}

fn main() {}
