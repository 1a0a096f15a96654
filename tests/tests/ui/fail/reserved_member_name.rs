use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
struct Trip {
    id: u64,
    #[serde(rename = "_links")]
    links: Vec<String>,
}

fn main() {}
