//! Checking a JSON document against every rule of the HAL draft that a document can break.
//!
//! Each finding names its rule ([`H-40`](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-40), the numbering of the project's HAL checklist; [`F-10`](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-10),
//! its HAL-FORMS checklist), the JSON path where it applies and what is wrong. MUST-level rules
//! give errors, SHOULD-level rules warnings.

mod forms;

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;
use serde_json::{Map, Value};

use crate::Rel;
use crate::link::STANDARD_MEMBERS;
use crate::read::Limits;
use crate::read::{JsonPath, PathSegment};
use crate::rel::{RelKind, curie_parts, kind_of_str};
use crate::template::UriTemplate;

/// The folder of the project's rule lists, in its repository.
const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/");

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A SHOULD-level rule: the document is valid HAL but falls short of the draft's advice.
    Warning,
    /// A MUST-level rule: the document is not valid HAL.
    Error,
}

/// One thing [`validate`] found.
///
/// # Examples
///
/// ```
/// let report = hal_core::validate(&serde_json::json!({"_links": {"self": {}}}));
/// let finding = &report.errors()[0];
/// assert_eq!(finding.rule(), "H-40");
/// assert_eq!(finding.path().to_string(), "$._links.self");
/// assert_eq!(finding.message(), "link has no `href`");
/// assert_eq!(finding.to_string(), "error H-40 at $._links.self: link has no `href`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    rule: &'static str,
    severity: Severity,
    path: JsonPath,
    message: String,
}

impl Finding {
    /// The checklist rule, such as [`H-40`](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-40).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!([]));
    /// assert_eq!(report.errors()[0].rule(), "H-01");
    /// ```
    #[must_use]
    pub fn rule(&self) -> &'static str {
        self.rule
    }

    /// Where the rule is explained: its entry in the project's rule lists (`docs/hal-rules.md`
    /// for `H-` rules, `docs/hal-forms-rules.md` for `F-` rules).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!([]));
    /// assert!(report.errors()[0].rule_url().ends_with("/docs/hal-rules.md#h-01"));
    /// ```
    #[must_use]
    pub fn rule_url(&self) -> String {
        let list = if self.rule.starts_with("F-") {
            "hal-forms-rules.md"
        } else {
            "hal-rules.md"
        };
        format!("{RULES_URL}{list}#{}", self.rule.to_ascii_lowercase())
    }

    /// Error or warning.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::validate::Severity;
    ///
    /// let report = hal_core::validate(&serde_json::json!({}));
    /// assert_eq!(report.findings()[0].severity(), Severity::Warning);
    /// ```
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Where it applies.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!({}));
    /// assert_eq!(report.findings()[0].path().to_string(), "$._links");
    /// ```
    #[must_use]
    pub fn path(&self) -> &JsonPath {
        &self.path
    }

    /// What is wrong, in words.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!({}));
    /// assert_eq!(report.findings()[0].message(), "resource has no `self` link");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity} {} at {}: {}",
            self.rule, self.path, self.message
        )
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut finding = serializer.serialize_struct("Finding", 4)?;
        finding.serialize_field("rule", self.rule)?;
        finding.serialize_field("path", &self.path.to_string())?;
        finding.serialize_field("message", &self.message)?;
        finding.serialize_field("docs", &self.rule_url())?;
        finding.end()
    }
}

/// Everything [`validate`] found, in document order.
///
/// # Examples
///
/// ```
/// let report = hal_core::validate(&serde_json::json!({
///     "_links": {"self": {"href": "/orders{?page}"}}
/// }));
/// assert!(report.is_valid(), "warnings only");
/// assert_eq!(report.warnings()[0].rule(), "H-42");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    /// Every finding, in document order.
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!({"_links": {"self": {"href": "/"}}}));
    /// assert!(report.findings().is_empty());
    /// ```
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The errors (broken MUST-level rules).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!({"_links": []}));
    /// assert_eq!(report.errors().len(), 1);
    /// ```
    #[must_use]
    pub fn errors(&self) -> Vec<&Finding> {
        self.of(Severity::Error)
    }

    /// The warnings (SHOULD-level rules).
    ///
    /// # Examples
    ///
    /// ```
    /// let report = hal_core::validate(&serde_json::json!({}));
    /// assert_eq!(report.warnings().len(), 1);
    /// ```
    #[must_use]
    pub fn warnings(&self) -> Vec<&Finding> {
        self.of(Severity::Warning)
    }

    fn of(&self, severity: Severity) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect()
    }

    /// Whether there is no error (warnings allowed).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::validate(&serde_json::json!({})).is_valid());
    /// assert!(!hal_core::validate(&serde_json::json!(1)).is_valid());
    /// ```
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Severity::Error)
    }
}

/// Checks a document against the HAL draft, within [`Limits::DEFAULT`].
///
/// Errors (MUST): [H-01](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-01) root not an object; [H-20](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-20) `_links` not an object; [H-21](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-21) an empty relation
/// name; [H-70](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-70) a registered relation given twice in different letter case; [H-22](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-22) a link value that is not a Link Object or an array of them; [H-30](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-30) `_embedded` not
/// an object; [H-31](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-31) an embedded value that is not a Resource Object or an array of them; [H-40](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-40) a
/// link without a string `href`; [H-41](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-41) a templated `href` that is not a valid URI template;
/// nesting beyond the limits.
///
/// Warnings (SHOULD): [H-41](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-41) an `href` with characters a URI cannot hold; [H-42](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-42) an `href` that is
/// a template while `templated` is not `true`; [H-44](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-44) `templated` that is not a boolean; [H-46](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-46) a
/// `deprecation` that is not a string; [H-47](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-47) a deprecated link; [H-53](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-53) a draft member whose value
/// is not a string; [H-60](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-60) a resource without a `self` link, or a page whose `self` names another page; [H-61](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-61) a custom relation that is
/// neither a URI nor a CURIE; [H-63](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-63) `curies` that is not an array, or a curie without `name` or
/// without `{rel}`; [H-64](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-64) a CURIE whose prefix no curie in scope defines.
///
/// HAL-FORMS `_templates`, errors: [F-02](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-02) `_templates` or a template not an object; [F-10](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-10) a
/// template without a string `method`; [F-12](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-12) a `target` that is not a string; [F-14](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-14) `properties`
/// not an array of objects; [F-20](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-20) a property without a non-empty `name`; [F-23](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-23) a `regex` that
/// does not compile as an HTML `pattern`; [F-25](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-25) `min > max`, `minLength > maxLength`, or such
/// an attribute of the wrong type; [F-30](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-30) `options` that are malformed; [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33)
/// `minItems > maxItems`; [F-22](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-22) a `readOnly`, `required` or `templated` that is
/// not a boolean; [F-11](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-11) a `contentType`, [F-13](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-13) a `title` and [F-21](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-21) a `prompt`,
/// `placeholder` or `value` that is not a string. Whatever else the forms reader refuses is an
/// error too, at its path, so a document called valid always parses. Warnings: [F-12](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-12) a `target`
/// with characters a URI cannot hold; [F-15](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-15) two properties of one name; [F-22](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-22) a templated `value` that is not a URI
/// template; [F-24](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-24) an unknown input type; [F-31](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-31) both `inline` and `link`; [F-33](https://github.com/hal-rs/hal/blob/main/docs/hal-forms-rules.md#f-33) a selected value
/// that is not among the inline ones.
///
/// # Examples
///
/// ```
/// let document = serde_json::json!({
///     "_links": {
///         "self": {"href": "/orders"},
///         "ea:find": {"href": "/orders{?id}", "templated": true}
///     },
///     "_embedded": {"orders": [{"_links": {"self": {"href": "/orders/1", "deprecation": "https://x.example/why"}}}]}
/// });
/// let report = hal_core::validate(&document);
/// let found: Vec<String> = report.findings().iter().map(ToString::to_string).collect();
/// assert_eq!(found, [
///     "warning H-64 at $._links['ea:find']: relation `ea:find` looks like a CURIE but no curie named `ea` is in scope",
///     "warning H-61 at $._embedded.orders: custom relation `orders` should be a URI or a CURIE",
///     "warning H-47 at $._embedded.orders[0]._links.self: link $._embedded.orders[0]._links.self is deprecated, see https://x.example/why",
/// ]);
/// ```
#[must_use]
pub fn validate(document: &Value) -> Report {
    validate_with(document, &Limits::DEFAULT)
}

/// [`validate`] with other limits on nesting.
///
/// # Examples
///
/// ```
/// let deep = serde_json::json!({"_links": {"self": {"href": "/"}}, "_embedded": {"a": {"_embedded": {"b": {}}}}});
/// let report = hal_core::validate::validate_with(&deep, &hal_core::Limits::DEFAULT.with_max_depth(1));
/// assert_eq!(report.errors()[0].message(), "`_embedded` nests deeper than 1 levels");
/// ```
#[must_use]
pub fn validate_with(document: &Value, limits: &Limits) -> Report {
    let mut validator = Validator {
        limits: *limits,
        path: Vec::new(),
        curies: Vec::new(),
        findings: Vec::new(),
    };
    match document {
        Value::Object(resource) => validator.resource(resource, 0),
        other => validator.error(
            "H-01",
            format!("the document is {}, not an object", kind(other)),
        ),
    }
    Report {
        findings: validator.findings,
    }
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

struct Validator<'a> {
    limits: Limits,
    /// Where the walk is; turned into a [`JsonPath`] only for a finding.
    path: Vec<Step<'a>>,
    /// Curie names in scope, one frame per resource (nearest last).
    curies: Vec<Vec<&'a str>>,
    findings: Vec<Finding>,
}

/// The names of a URI reference's query parameters, in order.
fn query_names(href: &str) -> Vec<&str> {
    let query = href.split_once('?').map_or("", |(_, query)| query);
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    query
        .split('&')
        .map(|pair| pair.split_once('=').map_or(pair, |(name, _)| name))
        .filter(|name| !name.is_empty())
        .collect()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Validator<'a> {
    fn json_path(&self) -> JsonPath {
        self.path
            .iter()
            .map(|step| match step {
                Step::Key(k) => PathSegment::Key((*k).to_owned()),
                Step::Index(i) => PathSegment::Index(*i),
            })
            .collect()
    }

    fn report(&mut self, rule: &'static str, severity: Severity, message: String) {
        self.findings.push(Finding {
            rule,
            severity,
            path: self.json_path(),
            message,
        });
    }

    /// Reports an error at `at`, a path relative to where the walk is.
    fn error_at(&mut self, rule: &'static str, at: &[PathSegment], message: String) {
        let mut path = self.json_path();
        for segment in at {
            path = match segment {
                PathSegment::Key(key) => path.key(key.clone()),
                PathSegment::Index(index) => path.index(*index),
            };
        }
        self.findings.push(Finding {
            rule,
            severity: Severity::Error,
            path,
            message,
        });
    }

    fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .count()
    }

    fn error(&mut self, rule: &'static str, message: String) {
        self.report(rule, Severity::Error, message);
    }

    fn warning(&mut self, rule: &'static str, message: String) {
        self.report(rule, Severity::Warning, message);
    }

    fn within<R>(&mut self, step: Step<'a>, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(step);
        let result = f(self);
        self.path.pop();
        result
    }

    fn resource(&mut self, resource: &'a Map<String, Value>, depth: usize) {
        self.curies.push(Vec::new());
        let links = resource.get("_links");
        // Curies first: they are in scope for every relation of this resource.
        if let Some(Value::Object(links)) = links {
            self.declare_curies(links);
        }
        match links {
            None => self.within(Step::Key("_links"), |v| {
                v.warning("H-60", "resource has no `self` link".into());
            }),
            Some(links) => self.within(Step::Key("_links"), |v| v.links(links)),
        }
        if let Some(embedded) = resource.get("_embedded") {
            self.within(Step::Key("_embedded"), |v| v.embedded(embedded, depth + 1));
        }
        if let Some(templates) = resource.get("_templates") {
            self.within(Step::Key("_templates"), |v| v.templates(templates));
        }
        self.curies.pop();
    }

    fn declare_curies(&mut self, links: &'a Map<String, Value>) {
        let names = match links.get("curies") {
            Some(Value::Array(curies)) => curies
                .iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .collect(),
            Some(Value::Object(curie)) => curie
                .get("name")
                .and_then(Value::as_str)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        if let Some(frame) = self.curies.last_mut() {
            *frame = names;
        }
    }

    fn curie_in_scope(&self, prefix: &str) -> bool {
        self.curies.iter().any(|frame| frame.contains(&prefix))
    }

    fn links(&mut self, links: &'a Value) {
        let Value::Object(links) = links else {
            self.error(
                "H-20",
                format!("`_links` is {}, not an object", kind(links)),
            );
            return;
        };
        if !links
            .iter()
            .any(|(k, v)| Rel::SELF == *k.as_str() && is_link_like(v))
        {
            self.warning("H-60", "resource has no `self` link".into());
        }
        self.page_self(links);
        let mut registered = Vec::new();
        for (rel, value) in links {
            self.within(Step::Key(rel), |v| {
                v.registered_once(&mut registered, rel);
                if rel == "curies" {
                    v.curies(value);
                } else {
                    v.relation(rel);
                    v.link_value(value);
                }
            });
        }
    }

    /// A page's `self` should name that page ([H-60](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-60)): a page with a `prev`
    /// is not the first, so a `self` without the query parameters its `prev` carries (the
    /// collection's bare URL, beside `prev: /books?offset=0&limit=10`), or the same as its
    /// `prev`, names another page.
    fn page_self(&mut self, links: &'a Map<String, Value>) {
        let href = |rel: &str| {
            links
                .get(rel)
                .and_then(|link| link.get("href"))
                .and_then(Value::as_str)
                .filter(|href| !href.contains('{'))
        };
        let (Some(own), Some(prev)) = (href("self"), href("prev")) else {
            return;
        };
        let problem = if own == prev {
            Some(format!(
                "`{own}` is also this page's `prev`: it names another page than this one"
            ))
        } else if query_names(own).is_empty() && !query_names(prev).is_empty() {
            Some(format!(
                "`{own}` has none of the query parameters of this page's `prev` (`{prev}`): it names the first page, not this one"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.within(Step::Key("self"), |v| v.warning("H-60", problem));
        }
    }

    /// A registered relation may appear once per object: `collection` and `Collection` are the
    /// same relation (RFC 8288 compares registered names case-insensitively), as the parser
    /// also holds.
    fn registered_once(&mut self, seen: &mut Vec<(u8, &'a str)>, rel: &'a str) {
        let Some(index) = crate::rel::registry_index(rel) else {
            return;
        };
        match seen.iter().find(|(i, _)| *i == index) {
            Some((_, first)) => self.error(
                "H-70",
                format!("relation `{rel}` repeats `{first}`: registered relation names compare case-insensitively"),
            ),
            None => seen.push((index, rel)),
        }
    }

    fn relation(&mut self, rel: &str) {
        if rel.is_empty() {
            self.error("H-21", "relation name is empty".into());
            return;
        }
        match kind_of_str(rel) {
            RelKind::Unregistered => {
                self.warning(
                    "H-61",
                    format!("custom relation `{rel}` should be a URI or a CURIE"),
                );
            }
            RelKind::Extension => {
                if let Some((prefix, _)) = curie_parts(rel) {
                    let uri_scheme = matches!(
                        prefix.to_ascii_lowercase().as_str(),
                        "urn" | "tag" | "mailto" | "data"
                    );
                    if !uri_scheme && !self.curie_in_scope(prefix) {
                        self.warning(
                            "H-64",
                            format!("relation `{rel}` looks like a CURIE but no curie named `{prefix}` is in scope"),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn link_value(&mut self, value: &'a Value) {
        match value {
            Value::Object(link) => self.link(link),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.within(Step::Index(i), |v| match item {
                        Value::Object(link) => v.link(link),
                        other => v.error(
                            "H-22",
                            format!("array element is {}, not a Link Object", kind(other)),
                        ),
                    });
                }
                if items.len() > self.limits.max_links_per_relation() {
                    self.error(
                        "H-22",
                        format!(
                            "more than {} links in one relation",
                            self.limits.max_links_per_relation()
                        ),
                    );
                }
            }
            other => self.error(
                "H-22",
                format!(
                    "link is {}, not a Link Object or an array of Link Objects",
                    kind(other)
                ),
            ),
        }
    }

    fn link(&mut self, link: &'a Map<String, Value>) {
        let templated = link.get("templated");
        match templated {
            None | Some(Value::Bool(_)) => {}
            Some(other) => self.warning(
                "H-44",
                format!(
                    "`templated` is {}, not a boolean; it counts as false",
                    kind(other)
                ),
            ),
        }
        let is_templated = templated == Some(&Value::Bool(true));
        match link.get("href") {
            None => self.error("H-40", "link has no `href`".into()),
            Some(Value::String(href)) => self.href(href, is_templated),
            Some(other) => self.error("H-40", format!("`href` is {}, not a string", kind(other))),
        }
        for member in &STANDARD_MEMBERS[2..] {
            match link.get(*member) {
                None | Some(Value::String(_)) => {}
                Some(other) => {
                    let rule = if *member == "deprecation" {
                        "H-46"
                    } else {
                        "H-53"
                    };
                    self.warning(rule, format!("`{member}` is {}, not a string", kind(other)));
                }
            }
        }
        if let Some(Value::String(url)) = link.get("deprecation") {
            let path = self.json_path();
            self.warning("H-47", format!("link {path} is deprecated, see {url}"));
        }
    }

    fn href(&mut self, href: &str, templated: bool) {
        if templated {
            if let Err(e) = UriTemplate::parse(href) {
                self.error(
                    "H-41",
                    format!("`templated` is true but `href` is not a URI template: {e}"),
                );
            }
            return;
        }
        if href.contains('{') && UriTemplate::parse(href).is_ok_and(|t| t.has_expressions()) {
            self.warning(
                "H-42",
                "`href` is a URI template but `templated` is not true".into(),
            );
            return;
        }
        if let Some(c) = href.chars().find(|&c| !is_uri_char(c)) {
            self.warning(
                "H-41",
                format!("`href` holds {c:?}, which a URI reference cannot hold unencoded"),
            );
        }
    }

    fn curies(&mut self, value: &'a Value) {
        let curies: &[Value] = match value {
            Value::Array(items) => items,
            Value::Object(_) => {
                self.warning("H-63", "`curies` should be an array of Link Objects".into());
                std::slice::from_ref(value)
            }
            other => {
                self.error(
                    "H-22",
                    format!("`curies` is {}, not an array of Link Objects", kind(other)),
                );
                return;
            }
        };
        let single = !value.is_array();
        for (i, curie) in curies.iter().enumerate() {
            let step = if single { None } else { Some(Step::Index(i)) };
            self.maybe_within(step, |v| {
                let Value::Object(link) = curie else {
                    v.error(
                        "H-22",
                        format!("curie is {}, not a Link Object", kind(curie)),
                    );
                    return;
                };
                v.link(link);
                if link.get("name").and_then(Value::as_str).is_none() {
                    v.warning("H-63", "curie has no `name`".into());
                }
                if let Some(href) = link.get("href").and_then(Value::as_str) {
                    let has_rel = UriTemplate::parse(href)
                        .is_ok_and(|t| t.variable_names().any(|n| n == "rel"));
                    if !has_rel {
                        v.warning(
                            "H-63",
                            format!("curie href `{href}` has no `{{rel}}` placeholder"),
                        );
                    }
                }
            });
        }
    }

    fn maybe_within(&mut self, step: Option<Step<'a>>, f: impl FnOnce(&mut Self)) {
        match step {
            Some(step) => self.within(step, f),
            None => f(self),
        }
    }

    fn embedded(&mut self, embedded: &'a Value, depth: usize) {
        let Value::Object(embedded) = embedded else {
            self.error(
                "H-30",
                format!("`_embedded` is {}, not an object", kind(embedded)),
            );
            return;
        };
        if depth > self.limits.max_depth() {
            self.error(
                "H-33",
                format!(
                    "`_embedded` nests deeper than {} levels",
                    self.limits.max_depth()
                ),
            );
            return;
        }
        let mut registered = Vec::new();
        for (rel, value) in embedded {
            self.within(Step::Key(rel), |v| {
                v.registered_once(&mut registered, rel);
                v.relation(rel);
                match value {
                    Value::Object(resource) => v.resource(resource, depth),
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            v.within(Step::Index(i), |v| match item {
                                Value::Object(resource) => v.resource(resource, depth),
                                other => v.error(
                                    "H-31",
                                    format!(
                                        "array element is {}, not a Resource Object",
                                        kind(other)
                                    ),
                                ),
                            });
                        }
                    }
                    other => v.error(
                        "H-31",
                        format!(
                            "embedded value is {}, not a Resource Object or an array of them",
                            kind(other)
                        ),
                    ),
                }
            });
        }
    }
}

fn is_link_like(value: &Value) -> bool {
    value.is_object() || value.as_array().is_some_and(|a| !a.is_empty())
}

/// Characters a URI reference may hold (RFC 3986 `reserved`, `unreserved` and `%`); non-ASCII
/// is let through, since IRIs (RFC 3987) are common in practice.
fn is_uri_char(c: char) -> bool {
    u8::try_from(c).map_or(true, |b| {
        !b.is_ascii() || crate::template::uri::is_uri_byte(b)
    })
}
