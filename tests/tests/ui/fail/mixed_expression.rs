use hal_core::HalResource;

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(link(rel = "alerts", href = "/trips/{id}/alerts{?id,limit}", templated))]
#[hal(link(rel = "all", href = "/trips/{id}", templated))]
struct Trip {
    id: u64,
}

fn main() {}
