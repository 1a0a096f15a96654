// Attribute values are checked at compile time: input types, patterns, bounds, keys.
use hal_core::forms::HalForm;

#[derive(serde::Deserialize, HalForm)]
struct NewMonitor {
    #[hal_form(input_type = "checkbox")]
    a: String,
    #[hal_form(regex = "([a-z]")]
    b: String,
    #[hal_form(min = 10, max = 1)]
    c: u32,
    #[hal_form(min_length = 5, max_length = 2)]
    d: String,
    #[hal_form(promt = "D")]
    e: String,
    #[hal_form(min = "one")]
    f: u32,
}

#[derive(serde::Deserialize, HalForm)]
enum Shape {
    Circle { radius: f64 },
    Square,
}

fn main() {}
