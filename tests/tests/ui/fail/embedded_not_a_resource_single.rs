use hal_core::HalResource;

#[derive(serde::Serialize)]
struct Driver {
    name: String,
}

#[derive(serde::Serialize, HalResource)]
struct Trip {
    id: u64,
    #[hal(embedded)]
    driver: Driver,
}

fn main() {}
