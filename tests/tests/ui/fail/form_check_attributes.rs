use hal_core::forms::HalForm;

#[derive(serde::Deserialize, HalForm)]
struct Order {
    // A JSON textarea has no characters to count: bound its value instead.
    #[hal_form(json, max_length = 200)]
    lines: Vec<u32>,
    #[hal_form(dive)]
    note: String,
    #[hal_form(json, min_items = 3, max_items = 1)]
    tags: Vec<String>,
}

fn main() {}
