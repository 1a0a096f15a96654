use hal_runtime::{Hal, HalResource};

#[derive(serde::Serialize, serde::Deserialize, HalResource)]
#[hal(crate = "hal_runtime", self_link = "/r/{ident}")]
struct Renamed {
    id: u8,
}

fn main() {
    // Uses of the type compile against the fallback impl: no cascade of errors.
    let _ = serde_json::to_string(&Hal(&Renamed { id: 1 }));
    let _ = hal_runtime::from_str::<Hal<Renamed>>("{}");
}
