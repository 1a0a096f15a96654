//! Error documents: RFC 9457 problem details, with HAL links.

use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Link, Links, Rel};

/// `application/problem+json`.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem details document: what went wrong, for people and programs.
///
/// It is also a HAL resource: [`with_link`](Self::with_link) adds `_links` (a `help` page, the
/// resource that failed), which HAL clients follow as they follow any other link. Extension
/// members (`parameter`, `path`, …) carry the specifics, such as which query parameter was bad.
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Problem};
///
/// let problem = Problem::new(400, "Invalid query parameter")
///     .with_detail("`limit` must be at most 100 (got 500)")
///     .with_member("parameter", "limit")
///     .with_link("help", Link::new("/connectedcar/v2/docs/paging"));
/// assert_eq!(
///     serde_json::to_string(&problem)?,
///     r#"{"_links":{"help":{"href":"/connectedcar/v2/docs/paging"}},"type":"about:blank","title":"Invalid query parameter","status":400,"detail":"`limit` must be at most 100 (got 500)","parameter":"limit"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Problem {
    #[serde(default, rename = "_links")]
    links: Links,
    #[serde(rename = "type", default = "about_blank")]
    kind: String,
    title: String,
    status: u16,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    instance: Option<String>,
    #[serde(flatten)]
    members: IndexMap<String, Value>,
}

fn about_blank() -> String {
    "about:blank".into()
}

impl Problem {
    /// A problem with an HTTP status and a short, human-readable title; its `type` is
    /// `about:blank`, which RFC 9457 §4.2.1 says means "see the status code".
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(404, "Not Found");
    /// assert_eq!((problem.status(), problem.title()), (404, "Not Found"));
    /// ```
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Self {
            links: Links::new(),
            kind: about_blank(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            members: IndexMap::new(),
        }
    }

    /// Sets `type`: a URI that identifies the kind of problem.
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(403, "Forbidden").with_type("https://docs.example.com/problems/other-fleet");
    /// assert_eq!(problem.kind(), "https://docs.example.com/problems/other-fleet");
    /// ```
    #[must_use]
    pub fn with_type(mut self, kind: impl Into<String>) -> Self {
        self.kind = kind.into();
        self
    }

    /// Sets `detail`: what happened in this occurrence.
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(404, "Not Found").with_detail("no vehicle VF3X");
    /// assert_eq!(problem.detail(), Some("no vehicle VF3X"));
    /// ```
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets `instance`: a URI for this occurrence (the request path, say).
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(404, "Not Found").with_instance("/connectedcar/v2/vehicles/X");
    /// assert_eq!(problem.instance(), Some("/connectedcar/v2/vehicles/X"));
    /// ```
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Adds an extension member. The standard members' names are ignored here.
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(400, "Bad Request").with_member("parameter", "offset");
    /// assert_eq!(problem.member("parameter"), Some(&serde_json::json!("offset")));
    /// ```
    #[must_use]
    pub fn with_member(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name = name.into();
        if ![
            "type",
            "title",
            "status",
            "detail",
            "instance",
            "_links",
            "_embedded",
        ]
        .contains(&name.as_str())
        {
            self.members.insert(name, value.into());
        }
        self
    }

    /// Adds a link.
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::new(404, "Not Found").with_link("up", hal_core::Link::new("/"));
    /// assert!(problem.links().contains("up"));
    /// ```
    #[must_use]
    pub fn with_link(mut self, rel: impl Into<Rel>, link: Link) -> Self {
        self.links.insert(rel, link);
        self
    }

    /// The HTTP status.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Internal Server Error").status(), 500);
    /// ```
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The title.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Oops").title(), "Oops");
    /// ```
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The `type` URI.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Oops").kind(), "about:blank");
    /// ```
    #[must_use]
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The detail.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Oops").detail(), None);
    /// ```
    #[must_use]
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The instance.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Oops").instance(), None);
    /// ```
    #[must_use]
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// An extension member.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::Problem::new(500, "Oops").member("x"), None);
    /// ```
    #[must_use]
    pub fn member(&self, name: &str) -> Option<&Value> {
        self.members.get(name)
    }

    /// The links.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(hal_core::Problem::new(500, "Oops").links().is_empty());
    /// ```
    #[must_use]
    pub fn links(&self) -> &Links {
        &self.links
    }
}

impl Problem {
    /// Reads a problem document as a client receives it. RFC 9457 makes every member optional
    /// and says a member of the wrong type is ignored (§3.1), so any JSON object is a problem: a
    /// missing or invalid `status` is the response's `status`, a missing `title` its `reason`
    /// phrase, a `type`, `detail`, `instance` or `_links` of the wrong type is left out, and
    /// every other member is kept as an extension member. `None` when `body` is not a JSON
    /// object.
    ///
    /// # Examples
    ///
    /// ```
    /// let problem = hal_core::Problem::from_response(br#"{"detail": "gone for good", "code": 7}"#, 410, "Gone").unwrap();
    /// assert_eq!((problem.status(), problem.title()), (410, "Gone"));
    /// assert_eq!(problem.detail(), Some("gone for good"));
    /// assert_eq!(problem.member("code"), Some(&serde_json::json!(7)));
    ///
    /// let odd = hal_core::Problem::from_response(br#"{"title": 5, "status": "teapot"}"#, 418, "I'm a teapot").unwrap();
    /// assert_eq!((odd.status(), odd.title()), (418, "I'm a teapot"));
    /// assert!(hal_core::Problem::from_response(b"[1]", 500, "Internal Server Error").is_none());
    /// ```
    #[must_use]
    pub fn from_response(body: &[u8], status: u16, reason: &str) -> Option<Self> {
        let Ok(Value::Object(mut members)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let mut text = |name: &str| match members.remove(name) {
            Some(Value::String(text)) => Some(text),
            _ => None,
        };
        let title = text("title").unwrap_or_else(|| reason.to_owned());
        let kind = text("type").unwrap_or_else(about_blank);
        let detail = text("detail");
        let instance = text("instance");
        let status = match members.remove("status") {
            Some(Value::Number(number)) => number
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (100..=599).contains(n))
                .unwrap_or(status),
            _ => status,
        };
        let links = members
            .remove("_links")
            .and_then(|links| serde_json::from_value::<Links>(links).ok())
            .unwrap_or_default();
        Some(Self {
            links,
            kind,
            title,
            status,
            detail,
            instance,
            members: members.into_iter().collect(),
        })
    }
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if !self.links.is_empty() {
            map.serialize_entry("_links", &self.links)?;
        }
        map.serialize_entry("type", &self.kind)?;
        map.serialize_entry("title", &self.title)?;
        map.serialize_entry("status", &self.status)?;
        if let Some(detail) = &self.detail {
            map.serialize_entry("detail", detail)?;
        }
        if let Some(instance) = &self.instance {
            map.serialize_entry("instance", instance)?;
        }
        for (name, value) in &self.members {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl crate::write::HalDocument for Problem {
    fn serialize_document<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}
