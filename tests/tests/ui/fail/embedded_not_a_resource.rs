use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize)]
struct Stop {
    name: String,
}

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
struct Trip {
    id: u64,
    #[hal(embedded)]
    stops: Vec<Stop>,
}

fn main() {}
