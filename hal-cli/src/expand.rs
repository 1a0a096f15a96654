//! `hal expand`: an RFC 6570 template expanded.

use std::io::Write;

use hal_core::template::{UriTemplate, Value, Variables};

use crate::{Outcome, input, line};

/// The arguments of `hal expand`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "expand", "/t{?q}", "q=x"])?;
/// let hal_cli::Command::Expand(args) = cli.command else { unreachable!() };
/// assert_eq!(args.values, [("q".to_owned(), "x".to_owned())]);
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The RFC 6570 template, such as '/trips{?offset,limit}'.
    pub template: String,
    /// Values as NAME=VALUE (strings); they override those of --vars.
    #[arg(value_name = "NAME=VALUE", value_parser = parse_assignment)]
    pub values: Vec<(String, String)>,
    /// A JSON object of values: strings, numbers and booleans as strings, arrays as lists,
    /// objects as maps, null as undefined.
    #[arg(long, value_name = "FILE.json")]
    pub vars: Option<String>,
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

/// The variables a JSON object gives: strings, numbers and booleans as strings, arrays as
/// lists, objects as maps, `null` as undefined.
///
/// # Errors
///
/// A message when the document is not an object.
///
/// # Examples
///
/// ```
/// use hal_core::template::Value;
///
/// let vars = hal_cli::expand::variables_from_json(&serde_json::json!({"n": 3, "tags": ["a", "b"]}))?;
/// assert_eq!(vars.get("n"), Some(&Value::String("3".into())));
/// assert!(hal_cli::expand::variables_from_json(&serde_json::json!([1])).is_err());
/// # Ok::<(), String>(())
/// ```
pub fn variables_from_json(document: &serde_json::Value) -> Result<Variables, String> {
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

/// Runs `hal expand`: the values of `--vars`, then those on the command line.
///
/// # Examples
///
/// ```
/// let args = hal_cli::expand::Args { template: "/t{".into(), values: vec![], vars: None };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::expand::run(&args, &mut out, &mut err), hal_cli::Outcome::Invalid);
/// assert!(String::from_utf8(err).unwrap().starts_with("invalid template:"));
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut vars = match &args.vars {
        None => Variables::new(),
        Some(path) => match input::read(path)
            .and_then(|i| input::json(&i.name, &i.bytes))
            .and_then(|j| variables_from_json(&j))
        {
            Ok(vars) => vars,
            Err(message) => {
                line(err, &message);
                return Outcome::Unreadable;
            }
        },
    };
    vars.extend(args.values.iter().cloned());
    expand_template(&args.template, &vars, out, err)
}

/// Writes `template` expanded with `vars` to `out`; an invalid template or a value it cannot
/// take is reported on `err` with a caret under the position.
///
/// # Examples
///
/// ```
/// use hal_cli::{Outcome, expand::expand_template};
/// use hal_core::template::Variables;
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let vars = Variables::new().with("q", "a&b");
/// assert_eq!(expand_template("/s{?q}", &vars, &mut out, &mut err), Outcome::Ok);
/// assert_eq!(out, b"/s?q=a%26b\n");
/// ```
pub fn expand_template(
    template: &str,
    vars: &Variables,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let parsed = match UriTemplate::parse(template) {
        Ok(parsed) => parsed,
        Err(e) => {
            line(
                err,
                &format!("invalid template: {e}\n{}", pointer(template, e.position())),
            );
            return Outcome::Invalid;
        }
    };
    match parsed.expand(vars) {
        Ok(uri) => {
            line(out, &uri);
            Outcome::Ok
        }
        Err(e) => {
            line(
                err,
                &format!("cannot expand: {e}\n{}", pointer(template, e.position())),
            );
            Outcome::Invalid
        }
    }
}
