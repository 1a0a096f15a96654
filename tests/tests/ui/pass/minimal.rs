use hal_core::{Hal, HalResource};

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
struct Empty {}

fn main() {
    let json = serde_json::to_string(&Hal(&Empty {})).unwrap();
    assert_eq!(json, "{}");
}
