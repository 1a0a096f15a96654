//! `hal get`: a curl for HAL. Follows relations from a URL and prints the resource it ends on,
//! or every item of a collection across its pages.

use std::io::Write;

use futures_util::StreamExt as _;
use hal_client::{Client, ErrorKind};
use hal_core::template::Variables;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{Outcome, line};

/// The arguments of `hal get`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from([
///     "hal", "get", "https://api.example.com/connectedcar/v2",
///     "-H", "X-Fleet-Id: f1", "--follow", "cc:vehicle?vin=VF1",
/// ])?;
/// let hal_cli::Command::Get(args) = cli.command else { unreachable!() };
/// assert_eq!(args.follow, ["cc:vehicle?vin=VF1"]);
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to start.
    pub url: String,
    /// A request header, `Name: value`; repeatable.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// A relation to follow (name, CURIE or URI), with the values of its templated link as a
    /// query: `cc:trip?id=7`; repeatable, in order.
    #[arg(long, value_name = "REL[?VAR=VALUE&…]")]
    pub follow: Vec<String>,
    /// Print every item embedded under REL, across all pages along `next`, one JSON object per
    /// line.
    #[arg(long, value_name = "REL", conflicts_with = "all_pages")]
    pub items: Option<String>,
    /// Print every page along `next`, from the resource reached, one JSON object per line.
    #[arg(long)]
    pub all_pages: bool,
    /// Ask for HAL-FORMS and print the resource's templates: each method, target and
    /// property (`*` marks the required ones).
    #[arg(long, conflicts_with_all = ["items", "all_pages"])]
    pub templates: bool,
    /// Keep `_embedded` members that are not resources as they are.
    #[arg(long)]
    pub lenient: bool,
    /// Colour the document: `auto` when standard output is a terminal.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    pub color: Colour,
    /// A PEM file of certificate authorities to trust besides the system's.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<String>,
    /// A PEM client certificate (with `--key`) for mutual TLS.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<String>,
    /// The PEM private key of `--cert`.
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<String>,
}

/// When `hal get` colours the document it prints.
///
/// # Examples
///
/// ```
/// assert!(hal_cli::get::Colour::Always.enabled());
/// assert!(!hal_cli::get::Colour::Never.enabled());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Colour {
    /// When standard output is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Colour {
    /// Whether to colour.
    ///
    /// # Examples
    ///
    /// See [`Colour`].
    #[must_use]
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal as _;
        match self {
            Colour::Auto => std::io::stdout().is_terminal(),
            Colour::Always => true,
            Colour::Never => false,
        }
    }
}

/// Runs `hal get`.
///
/// Exits 0 with the document, 1 when the server answered with an error or something that is
/// not the HAL expected (a relation that is not there, a problem document, invalid HAL), and 2
/// when it could not be reached or read (or the arguments are unusable).
///
/// # Examples
///
/// ```
/// let args = hal_cli::get::Args {
///     url: "not a url".into(), headers: vec![], follow: vec![], items: None,
///     all_pages: false, templates: false, lenient: false, color: hal_cli::get::Colour::Never,
///     cacert: None, cert: None, key: None,
/// };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::get::run(&args, &mut out, &mut err), hal_cli::Outcome::Unreadable);
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    // The walk's messages are collected and written after: `err` is taken meanwhile by the
    // report of a runtime that cannot start.
    let mut errors = Vec::new();
    let outcome = crate::block_on(err, get(args, out, &mut errors));
    let _ = err.write_all(&errors);
    outcome
}

async fn get(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let (client, start) = match setup(args) {
        Ok(setup) => setup,
        Err(message) => {
            line(err, &message);
            return Outcome::Unreadable;
        }
    };
    let mut target = client.root(start);
    for step in &args.follow {
        let (rel, vars) = match follow_step(step) {
            Ok(step) => step,
            Err(message) => {
                line(err, &message);
                return Outcome::Unreadable;
            }
        };
        target = target.follow_with(&rel, vars);
    }
    if args.templates {
        return match target.get_forms().await {
            Ok(document) => {
                let resource = document.resource();
                if resource.templates().is_empty() {
                    line(err, &format!("{}: no templates", document.url()));
                    return Outcome::Invalid;
                }
                let self_href = resource.self_link().map(hal_core::Link::href);
                let text =
                    crate::templates::describe(resource.templates(), document.url(), self_href);
                let _ = out.write_all(text.as_bytes());
                Outcome::Ok
            }
            Err(error) => failed(&error, err),
        };
    }
    if args.all_pages {
        let pages = target.pages();
        let mut pages = std::pin::pin!(pages);
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => line(
                    out,
                    &serde_json::to_string(page.resource()).unwrap_or_default(),
                ),
                Err(error) => return failed(&error, err),
            }
        }
        return Outcome::Ok;
    }
    match &args.items {
        None => match read_whole(&target).await {
            Ok(document) => {
                let text = match serde_json::to_value(document.resource()) {
                    Ok(value) if args.color.enabled() => crate::colour::pretty(&value),
                    _ => serde_json::to_string_pretty(document.resource()).unwrap_or_default(),
                };
                line(out, &text);
                Outcome::Ok
            }
            Err(error) => failed(&error, err),
        },
        Some(rel) => {
            let items = target.resources(rel);
            let mut items = std::pin::pin!(items);
            while let Some(item) = items.next().await {
                match item {
                    Ok(item) => line(out, &serde_json::to_string(&item).unwrap_or_default()),
                    Err(error) => return failed(&error, err),
                }
            }
            Outcome::Ok
        }
    }
}

/// The client the arguments describe, and where it starts.
fn setup(args: &Args) -> Result<(Client, url::Url), String> {
    let start = url::Url::parse(&args.url).map_err(|e| format!("`{}`: {e}", args.url))?;
    let http = http_client(
        &args.headers,
        args.cacert.as_deref(),
        args.cert.as_deref(),
        args.key.as_deref(),
    )?;
    let client = Client::builder()
        .http(http)
        .limits(hal_core::Limits::DEFAULT.with_lenient(args.lenient))
        .build()
        .map_err(|e| e.to_string())?;
    Ok((client, start))
}

/// A reqwest client with these headers on every request, these extra roots and this client
/// certificate: 30 s a request, at most 10 redirects.
pub(crate) fn http_client(
    headers: &[String],
    cacert: Option<&str>,
    cert: Option<&str>,
    key: Option<&str>,
) -> Result<reqwest::Client, String> {
    let mut header_map = HeaderMap::new();
    for header in headers {
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| format!("`{header}` is not `Name: value`"))?;
        let name = HeaderName::try_from(name.trim()).map_err(|e| format!("`{name}`: {e}"))?;
        let value = HeaderValue::try_from(value.trim()).map_err(|e| format!("`{value}`: {e}"))?;
        header_map.append(name, value);
    }
    let mut http = reqwest::Client::builder()
        .default_headers(header_map)
        .timeout(std::time::Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::limited(10));
    if let Some(path) = cacert {
        let pem = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let certificates =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| format!("{path}: {e}"))?;
        for certificate in certificates {
            http = http.add_root_certificate(certificate);
        }
    }
    if let (Some(cert), Some(key)) = (cert, key) {
        let mut pem = std::fs::read(cert).map_err(|e| format!("{cert}: {e}"))?;
        pem.extend(std::fs::read(key).map_err(|e| format!("{key}: {e}"))?);
        let identity = reqwest::Identity::from_pem(&pem).map_err(|e| format!("{cert}: {e}"))?;
        http = http.identity(identity);
    }
    http.build().map_err(|e| e.to_string())
}

/// `rel?var=value&…` as the relation and its variables (form-encoded values).
/// The resource the target reaches, whole: a copy embedded in the document on the way (often
/// a summary) is replaced by the resource fetched from its `self`, as `Target::get_as` does.
async fn read_whole(
    target: &hal_client::Target,
) -> Result<hal_client::Document, hal_client::Error> {
    let document = target.get().await?;
    match document.embedded_in() {
        Some(parent) if parent != document.url() => target.refresh().await,
        _ => Ok(document),
    }
}

fn follow_step(step: &str) -> Result<(String, Variables), String> {
    let Some((rel, query)) = step.split_once('?') else {
        return Ok((step.to_owned(), Variables::new()));
    };
    let mut vars = Variables::new();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        vars.insert(name.into_owned(), value.into_owned());
    }
    if rel.is_empty() {
        return Err(format!("`{step}` names no relation"));
    }
    Ok((rel.to_owned(), vars))
}

/// Prints the error, with the server's problem document member by member.
fn failed(error: &hal_client::Error, err: &mut dyn Write) -> Outcome {
    line(err, &error.to_string());
    if let Some(problem) = error.problem()
        && let Ok(serde_json::Value::Object(members)) = serde_json::to_value(problem)
    {
        for (name, value) in members {
            let value = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            line(err, &format!("  {name}: {value}"));
        }
    }
    match error.kind() {
        ErrorKind::Http | ErrorKind::TooLarge { .. } => Outcome::Unreadable,
        _ => Outcome::Invalid,
    }
}
