//! Any text as a URI template: no panic; a template writes back its own text and expands.
#![no_main]

use hal_template::{UriTemplate, Value, Variables};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (template, values) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(parsed) = UriTemplate::parse(template) else { return };
    assert_eq!(parsed.to_string(), template);
    let mut vars = Variables::new();
    for (i, name) in parsed.variable_names().enumerate() {
        let value = match i % 3 {
            0 => Value::from(values),
            1 => Value::list(values.split(',')),
            _ => Value::map(values.split(',').map(|v| (v, v))),
        };
        vars.insert(name, value);
    }
    let _ = parsed.expand(&vars);
});
