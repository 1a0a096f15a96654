//! `hal links`.

use hal_core::{CurieScope, JsonPath, Link, Resource};
use serde::Serialize;

use crate::Outcome;
use crate::input;
use crate::output;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// One JSON object per link and line.
    #[arg(long)]
    json: bool,
    /// The document; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,
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
        let many = resource.links().cardinality(rel.as_str()) == Some(hal_core::Cardinality::Many);
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
            resource.embedded().cardinality(rel.as_str()) == Some(hal_core::Cardinality::Many);
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

pub(crate) fn run(args: &Args) -> Outcome {
    let (_, resource) = match input::read_resource(&args.file) {
        Ok(read) => read,
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
        let line = if args.json {
            serde_json::to_string(&row).unwrap_or_default()
        } else {
            row.human()
        };
        output::line(&line);
    }
    Outcome::Ok
}
