//! `hal links`: every link of a document.

use std::io::Write;

use hal_core::read::JsonPath;
use hal_core::resource::CurieScope;
use hal_core::{Link, Resource};
use serde::Serialize;

use crate::{Outcome, input, line};

/// The arguments of `hal links`.
///
/// # Examples
///
/// ```
/// use clap::Parser;
///
/// let cli = hal_cli::Cli::try_parse_from(["hal", "links", "--json", "-"])?;
/// let hal_cli::Command::Links(args) = cli.command else { unreachable!() };
/// assert!(args.json);
/// # Ok::<(), clap::Error>(())
/// ```
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per link and line.
    #[arg(long)]
    pub json: bool,
    /// Keep `_embedded` members that are not resources as they are, instead of refusing the
    /// document (they hold no links).
    #[arg(long)]
    pub lenient: bool,
    /// The document; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
}

#[derive(Serialize)]
struct Row<'a> {
    path: String,
    rel: &'a str,
    /// The relation with its curie expanded (the relation itself when it has none).
    relation: String,
    href: &'a str,
    templated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprecation: Option<&'a str>,
}

impl Row<'_> {
    fn human(&self) -> String {
        let mut flags = Vec::new();
        if self.templated {
            flags.push("templated".to_owned());
        }
        if let Some(name) = self.name {
            flags.push(format!("name={name}"));
        }
        if let Some(url) = self.deprecation {
            flags.push(format!("deprecated: {url}"));
        }
        let relation = if self.relation == self.rel {
            self.rel.to_owned()
        } else {
            format!("{} ({})", self.rel, self.relation)
        };
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join(", "))
        };
        format!("{}\t{relation}\t{}{flags}", self.path, self.href)
    }
}

fn walk<'a>(
    resource: &'a Resource,
    path: &JsonPath,
    scope: &CurieScope<'_>,
    rows: &mut Vec<Row<'a>>,
) {
    let links_path = path.key("_links");
    for (rel, links) in resource.links().iter() {
        let rel_path = links_path.key(rel.as_str());
        let many =
            resource.links().cardinality(rel.as_str()) == Some(hal_core::rel::Cardinality::Many);
        for (i, link) in links.iter().enumerate() {
            let link_path = if many {
                rel_path.index(i)
            } else {
                rel_path.clone()
            };
            rows.push(row(
                link_path,
                rel.as_str(),
                scope.resolve(rel.as_str()),
                link,
            ));
        }
    }
    let embedded_path = path.key("_embedded");
    for (rel, children) in resource.embedded().iter() {
        let rel_path = embedded_path.key(rel.as_str());
        let many =
            resource.embedded().cardinality(rel.as_str()) == Some(hal_core::rel::Cardinality::Many);
        for (i, child) in children.iter().enumerate() {
            let child_path = if many {
                rel_path.index(i)
            } else {
                rel_path.clone()
            };
            walk(child, &child_path, &scope.child(child), rows);
        }
    }
}

fn row<'a>(path: JsonPath, rel: &'a str, relation: String, link: &'a Link) -> Row<'a> {
    Row {
        path: path.to_string(),
        rel,
        relation,
        href: link.href(),
        templated: link.is_templated(),
        name: link.name(),
        title: link.title(),
        deprecation: link.deprecation(),
    }
}

/// Runs `hal links` on the file the arguments name.
///
/// # Examples
///
/// ```
/// let args = hal_cli::links::Args { json: false, lenient: false, file: "/no/such/file.json".into() };
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(hal_cli::links::run(&args, &mut out, &mut err), hal_cli::Outcome::Unreadable);
/// ```
pub fn run(args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    input::with_file(&args.file, err, |name, bytes, err| {
        write_links(name, bytes, args.json, args.lenient, out, err)
    })
}

/// Writes every link of the document `bytes` (reported as `name`), embedded resources
/// included, one per line: its JSON path, relation (curie expanded), href and flags, or with
/// `json` one JSON object; `lenient` as `--lenient`.
///
/// # Examples
///
/// ```
/// use hal_cli::{Outcome, links::write_links};
///
/// let document = br#"{"_links":{"curies":[{"name":"cc","href":"/rels/{rel}","templated":true}],"cc:trips":{"href":"/trips"}}}"#;
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// assert_eq!(write_links("a.json", document, false, false, &mut out, &mut err), Outcome::Ok);
/// assert_eq!(String::from_utf8(out).unwrap(), "$._links['cc:trips']\tcc:trips (/rels/trips)\t/trips\n");
/// ```
pub fn write_links(
    name: &str,
    bytes: &[u8],
    json: bool,
    lenient: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let resource = match input::resource(name, bytes, lenient, err) {
        Ok(resource) => resource,
        Err(outcome) => return outcome,
    };
    let mut rows = Vec::new();
    walk(
        &resource,
        &JsonPath::root(),
        &resource.curie_scope(),
        &mut rows,
    );
    for row in rows {
        let text = if json {
            serde_json::to_string(&row).unwrap_or_default()
        } else {
            row.human()
        };
        line(out, &text);
    }
    Outcome::Ok
}
