//! `hal crawl`: walks an API from its root like a link checker. Every link (templated ones
//! where the template needs no value), every embedded resource's links, every page; each
//! document received is linted, and the documentation every CURIE in it leads to is fetched.
//! What it does not follow it lists, with why.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Write;
use std::time::{Duration, Instant};

use hal_client::{Client, ErrorKind};
use hal_core::resource::CurieScope;
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
    /// A relation's documentation (a CURIE expanded) that answered with an error status, or
    /// could not be reached.
    BrokenDocs {
        /// The documentation's URL.
        url: String,
        /// The relation, as the document writes it (`cc:trips`).
        rel: String,
        /// The document that uses the relation.
        via: String,
        /// The status, or the failure.
        error: String,
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
    /// Links not followed, each once (with the first document it was found in), and why.
    pub not_followed: Vec<NotFollowed>,
    /// Links left when the request budget ran out.
    pub over_budget: usize,
    /// The slowest responses, slowest first: URL and milliseconds.
    pub slowest: Vec<(String, u128)>,
}

/// A link the crawl did not follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotFollowed {
    /// The link's target, as written (a template unexpanded) or resolved.
    pub href: String,
    /// The relation.
    pub rel: String,
    /// The first document it was found in.
    pub via: String,
    /// Why it was not followed.
    pub reason: Reason,
}

/// Why a link was not followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// A template with a variable that needs a value (`{id}`, not `{?q}`).
    NeedsValues,
    /// On another origin than the root: the crawl stays on the API it was given.
    OtherOrigin,
    /// Its `type` names something other than JSON: a page for people.
    NotJson,
}

impl Reason {
    fn describe(&self) -> &'static str {
        match self {
            Self::NeedsValues => "a template that needs values",
            Self::OtherOrigin => "on another origin",
            Self::NotJson => "its type is not JSON",
        }
    }
}

/// A link to visit and where it was found.
struct Visit {
    url: Url,
    via: Option<(Url, String)>,
}

/// Crawls the API at `root` over `http` (its default headers go with every request), making
/// at most `max_requests` requests, documentation included.
///
/// # Errors
///
/// The root's error, when the root itself cannot be read.
pub async fn crawl(
    http: &reqwest::Client,
    root: Url,
    max_requests: usize,
) -> Result<Report, hal_client::Error> {
    let client = Client::with_http(http.clone());
    let mut report = Report::default();
    let mut unfollowed: HashSet<(String, String)> = HashSet::new();
    // Documentation URLs, checked once each, with the relation and document that led there.
    let mut docs: Vec<(Url, String, Url)> = Vec::new();
    let mut docs_seen: HashSet<Url> = HashSet::new();
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
        for (rel, documentation) in documentation_of(document.resource()) {
            let Ok(documentation) = url.join(&documentation) else {
                continue;
            };
            if documentation.origin() != root.origin() {
                let not_followed = NotFollowed {
                    href: documentation.to_string(),
                    rel,
                    via: url.to_string(),
                    reason: Reason::OtherOrigin,
                };
                list_once(&mut report, &mut unfollowed, not_followed);
            } else if docs_seen.insert(documentation.clone()) {
                docs.push((documentation, rel, url.clone()));
            }
        }
        for (rel, link, embedded_in) in links_of(document.resource()) {
            let target = match target_of(&url, &root, link) {
                Ok(target) => target,
                Err(reason) => {
                    let not_followed = NotFollowed {
                        href: link.href().to_owned(),
                        rel: rel.to_owned(),
                        via: url.to_string(),
                        reason,
                    };
                    list_once(&mut report, &mut unfollowed, not_followed);
                    continue;
                }
            };
            let Some(target) = target else {
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
    for (documentation, rel, via) in docs {
        if report.requests == max_requests {
            report.over_budget += 1;
            continue;
        }
        report.requests += 1;
        let started = Instant::now();
        let answer = http
            .get(documentation.clone())
            .header(reqwest::header::ACCEPT, "text/html, */*;q=0.5")
            .send()
            .await;
        timings.push((started.elapsed(), documentation.clone()));
        let error = match answer {
            Ok(response) if response.status().is_success() => continue,
            Ok(response) => response.status().to_string(),
            Err(error) => error.to_string(),
        };
        report.findings.push(Finding::BrokenDocs {
            url: documentation.to_string(),
            rel,
            via: via.to_string(),
            error,
        });
    }
    timings.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    report.slowest = timings
        .into_iter()
        .take(5)
        .map(|(time, url)| (url.to_string(), time.as_millis()))
        .collect();
    Ok(report)
}

/// Lists a link not followed, once per href and relation (the first document it was in).
fn list_once(report: &mut Report, listed: &mut HashSet<(String, String)>, entry: NotFollowed) {
    if listed.insert((entry.href.clone(), entry.rel.clone())) {
        report.not_followed.push(entry);
    }
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
/// names something other than JSON. `Ok(None)` for a link that cannot be resolved at all
/// (the lint reports it).
fn target_of(base: &Url, root: &Url, link: &Link) -> Result<Option<Url>, Reason> {
    // A link that says it leads to something other than JSON (a page for people) is not HAL's.
    if link
        .media_type()
        .is_some_and(|t| !hal_core::media_type::is_json_media_type(t))
    {
        return Err(Reason::NotJson);
    }
    let href = if link.is_templated() {
        let Some(template) = link.template().ok().flatten() else {
            return Ok(None);
        };
        let needs_values = template
            .expressions()
            .any(|e| matches!(e.operator(), Operator::Simple | Operator::Reserved));
        if needs_values {
            return Err(Reason::NeedsValues);
        }
        match template.expand(&Variables::new()) {
            Ok(href) => href,
            Err(_) => return Ok(None),
        }
    } else {
        link.href().to_owned()
    };
    let Ok(mut url) = base.join(&href) else {
        return Ok(None);
    };
    url.set_fragment(None);
    if url.origin() != root.origin() {
        return Err(Reason::OtherOrigin);
    }
    Ok(Some(url))
}

/// The documentation of every CURIE-named relation of a resource and of the resources
/// embedded in it, each in its own curie scope: the relation and the URL its CURIE expands to.
fn documentation_of(resource: &Resource) -> Vec<(String, String)> {
    let mut found = Vec::new();
    documentation_in(resource, &resource.curie_scope(), &mut found);
    found
}

// Recursion is bounded: the client parsed the document within hal-core's depth limit.
fn documentation_in(
    resource: &Resource,
    scope: &CurieScope<'_>,
    found: &mut Vec<(String, String)>,
) {
    let rels = resource
        .links()
        .iter()
        .map(|(rel, _)| rel.as_str())
        .chain(resource.embedded().iter().map(|(rel, _)| rel.as_str()));
    for rel in rels {
        if let Some(documentation) = scope.expand(rel) {
            found.push((rel.to_owned(), documentation));
        }
    }
    for (_, children) in resource.embedded().iter() {
        for child in children {
            documentation_in(child, &scope.child(child), found);
        }
    }
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
    let mut errors = Vec::new();
    let outcome = crate::block_on(err, async {
        match crawl(&http, root, args.max_requests).await {
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
        for not_followed in &report.not_followed {
            let mut value = serde_json::to_value(not_followed).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("kind".to_owned(), "notFollowed".into());
            }
            line(out, &value.to_string());
        }
        let summary = serde_json::json!({
            "kind": "summary",
            "requests": report.requests,
            "findings": report.findings.len(),
            "notFollowed": report.not_followed.len(),
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
            Finding::BrokenDocs {
                url,
                rel,
                via,
                error,
            } => format!("broken documentation: {url} (of {rel} in {via}): {error}"),
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
    for not_followed in &report.not_followed {
        line(
            out,
            &format!(
                "not followed: {} ({} of {}): {}",
                not_followed.href,
                not_followed.rel,
                not_followed.via,
                not_followed.reason.describe()
            ),
        );
    }
    line(
        out,
        &format!(
            "{} requests, {} findings, {} links not followed, {} left over the budget",
            report.requests,
            report.findings.len(),
            report.not_followed.len(),
            report.over_budget
        ),
    );
    for (url, millis) in &report.slowest {
        line(out, &format!("slow: {millis} ms {url}"));
    }
}
