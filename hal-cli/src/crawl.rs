//! `hal crawl`: walks an API from its root like a link checker. Every link (templated ones
//! where the template needs no value), every embedded resource's links, every page; each
//! document received is linted.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Write;
use std::time::{Duration, Instant};

use hal_client::{Client, ErrorKind};
use hal_core::template::{Operator, Variables};
use hal_core::{Link, Resource};
use serde::Serialize;
use url::Url;

use crate::get::http_client;
use crate::{Outcome, line};

/// The arguments of `hal crawl`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "crawl", "https://api.example.com/", "--max-requests", "50"])?;
/// let hal_cli::Command::Crawl(args) = cli.command else { unreachable!() };
/// assert_eq!(args.max_requests, 50);
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The API's root.
    pub url: String,
    /// A request header, `Name: value`; repeatable.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// The most requests the crawl makes; what it could not reach is counted, not a finding.
    #[arg(long, default_value_t = 1000)]
    pub max_requests: usize,
    /// One JSON object per finding and line, then the summary.
    #[arg(long)]
    pub json: bool,
}

/// What the crawl found wrong, with where.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Finding {
    /// A link whose target answered with an error status, or could not be reached.
    BrokenLink {
        /// The target.
        url: String,
        /// The document whose link led there.
        via: String,
        /// The relation.
        rel: String,
        /// The status, or the failure.
        error: String,
    },
    /// A target that answered with something that is not a HAL document.
    NotHal {
        /// The target.
        url: String,
        /// What is wrong.
        error: String,
    },
    /// A document with lint errors.
    LintErrors {
        /// The document.
        url: String,
        /// The errors, as `hal lint` writes them.
        errors: Vec<String>,
    },
    /// An embedded resource whose members differ from the resource at its `self`.
    EmbeddedDiffers {
        /// The resource.
        url: String,
        /// The document that embeds it.
        via: String,
        /// The members that differ.
        members: Vec<String>,
    },
}

/// What a crawl saw.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The findings, in the order found.
    pub findings: Vec<Finding>,
    /// How many requests were made.
    pub requests: usize,
    /// Links not followed: templated links that need values, and links to other origins.
    pub not_followed: usize,
    /// Links left when the request budget ran out.
    pub over_budget: usize,
    /// The slowest responses, slowest first: URL and milliseconds.
    pub slowest: Vec<(String, u128)>,
}

/// A link to visit and where it was found.
struct Visit {
    url: Url,
    via: Option<(Url, String)>,
}

/// Crawls the API at `root` with `client`, making at most `max_requests` requests.
///
/// # Errors
///
/// The root's error, when the root itself cannot be read.
pub async fn crawl(
    client: &Client,
    root: Url,
    max_requests: usize,
) -> Result<Report, hal_client::Error> {
    let mut report = Report::default();
    let mut queue = VecDeque::from([Visit {
        url: root.clone(),
        via: None,
    }]);
    let mut seen: HashSet<Url> = HashSet::from([root.clone()]);
    // Embedded copies by their `self` URL, with the document that embeds them.
    let mut copies: HashMap<Url, (Url, Resource)> = HashMap::new();
    let mut timings: Vec<(Duration, Url)> = Vec::new();
    while let Some(visit) = queue.pop_front() {
        if report.requests == max_requests {
            report.over_budget = queue.len() + 1;
            break;
        }
        report.requests += 1;
        let started = Instant::now();
        let result = client.root(visit.url.clone()).get().await;
        timings.push((started.elapsed(), visit.url.clone()));
        let document = match result {
            Ok(document) => document,
            Err(error) if visit.via.is_none() => return Err(error),
            // The resource is there; it only takes other methods (a telemetry endpoint).
            Err(error) if error.status() == Some(reqwest::StatusCode::METHOD_NOT_ALLOWED) => {
                continue;
            }
            Err(error) => {
                report.findings.push(finding_of(&visit, &error));
                continue;
            }
        };
        let url = document.url().clone();
        lint(&url, document.resource(), &mut report);
        if let Some((via, copy)) = copies.remove(&url) {
            compare(&url, &via, &copy, document.resource(), &mut report);
        }
        for (rel, link, embedded_in) in links_of(document.resource()) {
            let Some(target) = target_of(&url, &root, link, &mut report) else {
                continue;
            };
            if let Some(copy) = embedded_in.filter(|_| rel == "self") {
                copies
                    .entry(target.clone())
                    .or_insert((url.clone(), copy.clone()));
            }
            if seen.insert(target.clone()) {
                queue.push_back(Visit {
                    url: target,
                    via: Some((url.clone(), rel.to_owned())),
                });
            }
        }
    }
    timings.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    report.slowest = timings
        .into_iter()
        .take(5)
        .map(|(time, url)| (url.to_string(), time.as_millis()))
        .collect();
    Ok(report)
}

/// Every link of a resource and of the resources embedded in it, with the embedded resource
/// a link belongs to (for its `self`).
fn links_of(resource: &Resource) -> Vec<(&str, &Link, Option<&Resource>)> {
    let mut links = Vec::new();
    let mut stack: Vec<(&Resource, bool)> = vec![(resource, false)];
    while let Some((current, embedded)) = stack.pop() {
        for (rel, items) in current.links().iter() {
            for link in items {
                links.push((rel.as_str(), link, embedded.then_some(current)));
            }
        }
        for (_, children) in current.embedded().iter() {
            stack.extend(children.iter().map(|child| (child, true)));
        }
    }
    links
}

/// The URL a link leads to, when the crawl follows it: templated links only when no value is
/// needed (every expression is optional), only on the root's origin, and not when its `type`
/// names something other than JSON.
fn target_of(base: &Url, root: &Url, link: &Link, report: &mut Report) -> Option<Url> {
    // A link that says it leads to something other than JSON (a page for people) is not HAL's.
    if link
        .media_type()
        .is_some_and(|t| !hal_core::media_type::is_json_media_type(t))
    {
        report.not_followed += 1;
        return None;
    }
    let href = if link.is_templated() {
        let template = link.template().ok().flatten()?;
        let needs_values = template
            .expressions()
            .any(|e| matches!(e.operator(), Operator::Simple | Operator::Reserved));
        if needs_values {
            report.not_followed += 1;
            return None;
        }
        template.expand(&Variables::new()).ok()?
    } else {
        link.href().to_owned()
    };
    let mut url = base.join(&href).ok()?;
    url.set_fragment(None);
    if url.origin() != root.origin() {
        report.not_followed += 1;
        return None;
    }
    Some(url)
}

fn finding_of(visit: &Visit, error: &hal_client::Error) -> Finding {
    let url = visit.url.to_string();
    match error.kind() {
        ErrorKind::NotHal { .. } | ErrorKind::Parse => Finding::NotHal {
            url,
            error: error.to_string(),
        },
        _ => {
            let (via, rel) = visit
                .via
                .as_ref()
                .map(|(via, rel)| (via.to_string(), rel.clone()))
                .unwrap_or_default();
            Finding::BrokenLink {
                url,
                via,
                rel,
                error: match error.status() {
                    Some(status) => status.to_string(),
                    None => error.to_string(),
                },
            }
        }
    }
}

fn lint(url: &Url, resource: &Resource, report: &mut Report) {
    let Ok(value) = serde_json::to_value(resource) else {
        return;
    };
    let errors: Vec<String> = hal_core::validate(&value)
        .errors()
        .iter()
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        report.findings.push(Finding::LintErrors {
            url: url.to_string(),
            errors,
        });
    }
}

/// Members the embedded copy and the resource both have, with different values. A copy may
/// leave members out (a summary), but not contradict the resource.
fn compare(url: &Url, via: &Url, copy: &Resource, resource: &Resource, report: &mut Report) {
    let members: Vec<String> = copy
        .state()
        .iter()
        .filter(|(name, value)| {
            resource
                .state()
                .get(name.as_str())
                .is_some_and(|full| full != *value)
        })
        .map(|(name, _)| name.clone())
        .collect();
    if !members.is_empty() {
        report.findings.push(Finding::EmbeddedDiffers {
            url: url.to_string(),
            via: via.to_string(),
            members,
        });
    }
}

/// Runs `hal crawl`: exit 0 when clean, 1 with findings, 2 when the root cannot be read.
///
/// # Examples
///
/// ```
/// let args = hal_cli::crawl::Args { url: "not a url".into(), headers: vec![], max_requests: 10, json: false };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::crawl::run(&args, &mut out, &mut err), hal_cli::Outcome::Unreadable);
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let setup = url::Url::parse(&args.url)
        .map_err(|e| format!("`{}`: {e}", args.url))
        .and_then(|root| Ok((root, http_client(&args.headers, None, None, None)?)));
    let (root, http) = match setup {
        Ok(setup) => setup,
        Err(message) => {
            line(err, &message);
            return Outcome::Unreadable;
        }
    };
    let client = Client::with_http(http);
    let mut errors = Vec::new();
    let outcome = crate::block_on(err, async {
        match crawl(&client, root, args.max_requests).await {
            Ok(report) => {
                print(&report, args.json, out);
                if report.findings.is_empty() {
                    Outcome::Ok
                } else {
                    Outcome::Invalid
                }
            }
            Err(error) => {
                line(&mut errors, &error.to_string());
                Outcome::Unreadable
            }
        }
    });
    let _ = err.write_all(&errors);
    outcome
}

fn print(report: &Report, json: bool, out: &mut dyn Write) {
    if json {
        for finding in &report.findings {
            line(out, &serde_json::to_string(finding).unwrap_or_default());
        }
        let summary = serde_json::json!({
            "kind": "summary",
            "requests": report.requests,
            "findings": report.findings.len(),
            "notFollowed": report.not_followed,
            "overBudget": report.over_budget,
            "slowest": report.slowest,
        });
        line(out, &summary.to_string());
        return;
    }
    for finding in &report.findings {
        let text = match finding {
            Finding::BrokenLink {
                url,
                via,
                rel,
                error,
            } => {
                format!("broken link: {url} ({rel} of {via}): {error}")
            }
            Finding::NotHal { url, error } => format!("not HAL: {url}: {error}"),
            Finding::LintErrors { url, errors } => {
                format!("lint errors: {url}:\n  {}", errors.join("\n  "))
            }
            Finding::EmbeddedDiffers { url, via, members } => format!(
                "embedded copy differs: {url} (embedded in {via}): {}",
                members.join(", ")
            ),
        };
        line(out, &text);
    }
    line(
        out,
        &format!(
            "{} requests, {} findings, {} links not followed (templated or elsewhere), {} left over the budget",
            report.requests,
            report.findings.len(),
            report.not_followed,
            report.over_budget
        ),
    );
    for (url, millis) in &report.slowest {
        line(out, &format!("slow: {millis} ms {url}"));
    }
}
