//! JSON written pretty with ANSI colours, for a terminal: names, strings, numbers and
//! literals each in their colour, the same layout as `serde_json::to_string_pretty`.

use std::fmt::Write as _;

use serde_json::Value;

const NAME: &str = "\u{1b}[34m";
const STRING: &str = "\u{1b}[32m";
const NUMBER: &str = "\u{1b}[36m";
const LITERAL: &str = "\u{1b}[35m";
const RESET: &str = "\u{1b}[0m";

/// `value` pretty, coloured.
pub(crate) fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
    match value {
        Value::Null | Value::Bool(_) => {
            let _ = write!(out, "{LITERAL}{value}{RESET}");
        }
        Value::Number(n) => {
            let _ = write!(out, "{NUMBER}{n}{RESET}");
        }
        Value::String(s) => {
            let _ = write!(out, "{STRING}{}{RESET}", quoted(s));
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Object(members) => {
            out.push_str("{\n");
            for (i, (name, member)) in members.iter().enumerate() {
                indent(out, depth + 1);
                let _ = write!(out, "{NAME}{}{RESET}: ", quoted(name));
                write_value(out, member, depth + 1);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without its colours, the text is `serde_json`'s pretty form.
    #[test]
    fn the_layout_is_serde_json_s() {
        let value = serde_json::json!({"_links": {"self": {"href": "/a"}}, "n": [1, 2.5, true, null], "e": {}, "l": []});
        let plain: String = {
            let coloured = pretty(&value);
            let mut plain = String::new();
            let mut rest = coloured.as_str();
            while let Some(at) = rest.find('\u{1b}') {
                plain.push_str(&rest[..at]);
                rest = &rest[at..];
                let end = rest.find('m').map_or(rest.len(), |m| m + 1);
                rest = &rest[end..];
            }
            plain.push_str(rest);
            plain
        };
        assert_eq!(plain, serde_json::to_string_pretty(&value).unwrap());
        assert!(pretty(&value).contains("\u{1b}[34m\"href\""));
    }
}
