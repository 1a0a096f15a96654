// A template's target is checked like a link's href, and its method must be an HTTP method;
// its name is unique and its content type a media type.
use hal_core::HalResource;

#[derive(serde::Serialize, HalResource)]
#[hal(self_link = "/monitors/{id}")]
#[hal(template(method = "POST", target = "/monitors/{monitor_id}"))]
#[hal(template(name = "update", method = "RE PLACE"))]
#[hal(template(name = "update", method = "PUT", content_type = "json"))]
struct Monitor {
    id: u32,
}

fn main() {}
