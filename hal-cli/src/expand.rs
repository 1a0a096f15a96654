//! `hal expand`.

use hal_core::template::{UriTemplate, Value, Variables};

use crate::Outcome;
use crate::input;
use crate::output;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The RFC 6570 template, such as '/trips{?offset,limit}'.
    template: String,
    /// Values as NAME=VALUE (strings); they override those of --vars.
    #[arg(value_name = "NAME=VALUE", value_parser = parse_assignment)]
    values: Vec<(String, String)>,
    /// A JSON object of values: strings, numbers and booleans as strings, arrays as lists,
    /// objects as maps, null as undefined.
    #[arg(long, value_name = "FILE.json")]
    vars: Option<String>,
}

fn parse_assignment(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE"))
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn variables_from_json(document: &serde_json::Value) -> Result<Variables, String> {
    let serde_json::Value::Object(members) = document else {
        return Err("--vars must hold a JSON object".into());
    };
    let mut vars = Variables::new();
    for (name, value) in members {
        let value = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::Array(items) => Value::List(items.iter().map(scalar).collect()),
            serde_json::Value::Object(pairs) => {
                Value::Map(pairs.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())
            }
            other => Value::String(scalar(other)),
        };
        vars.insert(name.clone(), value);
    }
    Ok(vars)
}

/// The template with a caret under the byte `position`, for a readable error.
fn pointer(template: &str, position: usize) -> String {
    let width = template
        .get(..position)
        .map_or(position, |before| before.chars().count());
    format!("  {template}\n  {}^", " ".repeat(width))
}

pub(crate) fn run(args: &Args) -> Outcome {
    let mut vars = match &args.vars {
        None => Variables::new(),
        Some(path) => match input::read(path)
            .and_then(|i| i.json())
            .and_then(|j| variables_from_json(&j))
        {
            Ok(vars) => vars,
            Err(message) => {
                output::error(&message);
                return Outcome::Unreadable;
            }
        },
    };
    vars.extend(args.values.iter().cloned());
    let template = match UriTemplate::parse(&args.template) {
        Ok(template) => template,
        Err(e) => {
            output::error(&format!(
                "invalid template: {e}\n{}",
                pointer(&args.template, e.position())
            ));
            return Outcome::Invalid;
        }
    };
    match template.expand(&vars) {
        Ok(uri) => {
            output::line(&uri);
            Outcome::Ok
        }
        Err(e) => {
            output::error(&format!(
                "cannot expand: {e}\n{}",
                pointer(&args.template, e.position())
            ));
            Outcome::Invalid
        }
    }
}
