// A template's input type must derive `HalForm`: the error is at the type named.
use hal_core::HalResource;

#[derive(serde::Deserialize)]
struct NotAForm {
    label: String,
}

#[derive(serde::Serialize, HalResource)]
#[hal(self_link = "/monitors/{id}")]
#[hal(template(method = "POST", input = NotAForm))]
struct Monitor {
    id: u32,
}

fn main() {}
