use hal_core::HalResource;

#[derive(serde::Serialize, HalResource)]
enum Status {
    Open,
    Closed,
}

#[derive(serde::Serialize, HalResource)]
struct Pair(u32, u32);

fn main() {}
