use hal_core::{HalResource, Link};

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(link(rel = "driver", href = "/drivers/{id}"))]
struct Trip {
    id: u64,
    #[hal(link(rel = "driver"))]
    drivers: Vec<Link>,
}

fn main() {}
