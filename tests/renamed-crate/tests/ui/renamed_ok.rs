use hal_runtime::{Hal, HalResource};

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(crate = "hal_runtime", self_link = "/r/{id}")]
struct Renamed {
    id: u8,
}

fn main() {
    let json = serde_json::to_string(&Hal(&Renamed { id: 1 })).unwrap();
    assert_eq!(json, r#"{"_links":{"self":{"href":"/r/1"}},"id":1}"#);
    let back: Hal<Renamed> = hal_runtime::from_str(&json).unwrap();
    assert_eq!(back.0.id, 1);
}
