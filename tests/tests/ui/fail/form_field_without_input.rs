// A field type with no natural form input is an error at the field's type, naming the ways out.
use hal_core::forms::HalForm;

#[derive(serde::Deserialize)]
struct Webhook {
    target: String,
}

#[derive(serde::Deserialize, HalForm)]
struct NewMonitor {
    label: String,
    webhook: Webhook,
    tags: Vec<String>,
}

fn main() {}
