//! `hal get --templates`: a resource's HAL-FORMS templates, one line per template and one per
//! property, for people.

use std::fmt::Write as _;

use hal_core::forms::{InputType, JSON_VALUE, Property, Templates};

/// The templates of the resource read from `base` (whose `self` link is `self_href`) as text:
/// `name: METHOD URL (content type) — title`, the URL resolved as a client resolves it (the
/// template's `target`, else `self`, else `base`), then each property indented: its name (`*`
/// when required), input type, constraints, prompt and example.
///
/// # Examples
///
/// ```
/// use hal_core::forms::{Options, Property, Template, Templates};
///
/// let templates = Templates::new().with(
///     "default",
///     Template::new("PUT")
///         .with_title("Pause or resume")
///         .with_property(Property::new("status").required().with_options(Options::inline(["Running", "Paused"]).with_max_items(1))),
/// );
/// let base = url::Url::parse("https://api.example.com/monitors/1/status")?;
/// assert_eq!(
///     hal_cli::templates::describe(&templates, &base, None),
///     "default: PUT https://api.example.com/monitors/1/status (application/json) — Pause or resume\n  status* one of Running, Paused\n",
/// );
/// # Ok::<(), url::ParseError>(())
/// ```
#[must_use]
pub fn describe(templates: &Templates, base: &url::Url, self_href: Option<&str>) -> String {
    let mut text = String::new();
    for (name, template) in templates.iter() {
        let href = template.target().or(self_href);
        let url = href.map_or_else(
            || base.to_string(),
            |href| {
                base.join(href)
                    .map_or_else(|_| href.to_owned(), |url| url.to_string())
            },
        );
        let _ = write!(
            text,
            "{name}: {} {url} ({})",
            template.http_method(),
            template.content_type()
        );
        if let Some(title) = template.title() {
            let _ = write!(text, " — {title}");
        }
        text.push('\n');
        for property in template.properties() {
            let _ = writeln!(text, "  {}", property_line(property));
        }
    }
    text
}

fn property_line(property: &Property) -> String {
    let mut line = property.name().to_owned();
    if property.is_required() {
        line.push('*');
    }
    let choices: Vec<&str> = property
        .options()
        .map(|o| o.values().map(|(_, value)| value).collect())
        .unwrap_or_default();
    if !choices.is_empty() {
        let _ = write!(line, " one of {}", choices.join(", "));
        if property.options().and_then(|o| o.max_items()) != Some(1) {
            line.push_str(" (several)");
        }
    } else if property.extensions().get(JSON_VALUE) == Some(&serde_json::Value::Bool(true)) {
        line.push_str(" json");
    } else {
        let _ = write!(line, " {}", property.input_type());
    }
    let bounds = |min: Option<String>, max: Option<String>| match (min, max) {
        (None, None) => None,
        (min, max) => Some(format!(
            "{}..{}",
            min.unwrap_or_default(),
            max.unwrap_or_default()
        )),
    };
    if property.input_type() == InputType::Number
        && let Some(range) = bounds(
            property.min().map(ToString::to_string),
            property.max().map(ToString::to_string),
        )
    {
        let _ = write!(line, " {range}");
    }
    if let Some(range) = bounds(
        property.min_length().map(|n| n.to_string()),
        property.max_length().map(|n| n.to_string()),
    ) {
        let _ = write!(line, " length {range}");
    }
    if let Some(regex) = property.regex().filter(|r| !r.is_empty()) {
        let _ = write!(line, " /{regex}/");
    }
    if property.is_read_only() {
        line.push_str(" read-only");
    }
    if property.prompt() != property.name() {
        let _ = write!(line, " — {}", property.prompt());
    }
    if let Some(example) = property.placeholder().or(property.value()) {
        let _ = write!(line, " (e.g. {example})");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use hal_core::forms::InputType;

    #[test]
    fn a_property_line_says_what_to_send() {
        let property = Property::new("retryNumber")
            .with_type(InputType::Number)
            .with_min(1)
            .with_prompt("Retries")
            .required();
        assert_eq!(
            property_line(&property),
            "retryNumber* number 1.. — Retries"
        );
        let label = Property::new("label")
            .with_min_length(1)
            .with_max_length(200)
            .with_placeholder("Night");
        assert_eq!(
            property_line(&label),
            "label text length 1..200 (e.g. Night)"
        );
        let json = Property::new("triggers")
            .with_extension(JSON_VALUE, true)
            .with_regex("x+")
            .read_only();
        assert_eq!(property_line(&json), "triggers json /x+/ read-only");
    }
}
