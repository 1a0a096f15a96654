//! HAL-FORMS on the client: a resource's template ([`Form`]), its required properties checked
//! before anything is sent, and the request it describes ([`Submitted`]).

use hal_core::forms::Template;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::client::Client;
use crate::document::Document;
use crate::error::{Error, ErrorKind};
use crate::target::Target;

/// A HAL-FORMS template of a fetched resource, ready to be submitted: what to send (its
/// properties), how (method and content type) and where (its `target`, else the resource's
/// `self` link, else the URL it was read from), resolved against the document's URL.
///
/// Get one with [`Target::template`], which asks for `application/prs.hal-forms+json`.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
/// let client = hal_client::Client::new();
/// let form = client.root(root).follow("items").template("default").await?;
/// assert_eq!(form.template().http_method(), "POST");
/// assert_eq!(form.url().path(), "/items");
///
/// let created = form.submit(&serde_json::json!({"id": 4})).await?;
/// assert_eq!(created.status(), 201);
/// assert_eq!(created.location().map(|url| url.path()), Some("/items/4"));
///
/// let error = form.submit(&serde_json::json!({})).await.unwrap_err();
/// assert_eq!(error.to_string().split(": ").last(), Some("template `default` requires `id`, which the body lacks"));
/// # Ok::<(), hal_client::Error>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Form {
    client: Client,
    name: String,
    template: Template,
    url: Url,
    path: Vec<String>,
    /// The headers of the target the form was read from, sent with the submission too.
    headers: HeaderMap,
}

impl Form {
    /// The template named `name` of `document`, or [`ErrorKind::NoSuchTemplate`].
    pub(crate) fn of(
        client: Client,
        document: &Document,
        name: &str,
        path: Vec<String>,
        headers: HeaderMap,
    ) -> Result<Self, Error> {
        let resource = document.resource();
        let Some(template) = resource.template(name) else {
            let available = resource.templates().names().map(str::to_owned).collect();
            return Err(Error::new(ErrorKind::NoSuchTemplate {
                name: name.to_owned(),
                available,
            })
            .at(document.url())
            .with_path(path));
        };
        let href = template
            .target()
            .or_else(|| resource.self_link().map(|link| link.href()));
        let url = match href {
            Some(href) => document.url().join(href).map_err(|e| {
                Error::new(ErrorKind::BadHref {
                    href: href.to_owned(),
                    reason: e.to_string(),
                })
                .at(document.url())
                .with_path(path.clone())
            })?,
            None => document.url().clone(),
        };
        Ok(Self {
            client,
            name: name.to_owned(),
            template: template.clone(),
            url,
            path,
            headers,
        })
    }

    /// The template.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// assert!(form.template().property("id").is_some_and(|p| p.is_required()));
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// Where the request goes.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// assert_eq!(form.url().path(), "/items");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Sends `body` as the template describes: its method to its URL, the body encoded as its
    /// content type (`application/json`, or `application/x-www-form-urlencoded` for a flat
    /// body); for `GET`, `HEAD` and `DELETE` the members go in the query string instead (the
    /// HAL-FORMS rule for requests without a body). Properties the template marks `required`
    /// must be in the body (nested members by their property path, `webhook.target`) and not
    /// `null`; that is checked before anything is sent.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingProperty`] before sending; [`ErrorKind::BadMethod`],
    /// [`ErrorKind::UnsupportedContentType`] or [`ErrorKind::FormEncoding`] when the template
    /// or the body cannot make a request; otherwise as [`Target::post`]: an error status with
    /// the server's problem document, a response that is not HAL.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 5})).await?;
    /// assert!(created.document().is_none(), "201 without a body");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn submit<B: Serialize + ?Sized>(&self, body: &B) -> Result<Submitted, Error> {
        let value = serde_json::to_value(body).map_err(|e| self.error_from(ErrorKind::Body, e))?;
        self.check_required(&value)?;
        let method = Method::from_bytes(self.template.http_method().as_bytes()).map_err(|_| {
            self.error(ErrorKind::BadMethod {
                method: self.template.method().to_owned(),
            })
        })?;
        let mut url = self.url.clone();
        let body = if matches!(method, Method::GET | Method::HEAD | Method::DELETE) {
            let pairs = form_pairs(&value).map_err(|e| self.error(e))?;
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs);
            }
            None
        } else {
            Some(self.encode(&value)?)
        };
        let response = self
            .client
            .send(method, &url, body, &self.headers)
            .await
            .map_err(|e| e.with_path(self.path.clone()))?;
        let status = response.status();
        let location = Client::location(&response);
        let document = self.client.answer(response).await?;
        Ok(Submitted {
            client: self.client.clone(),
            status,
            location,
            document,
        })
    }

    /// Every required property is in the body, not `null`.
    fn check_required(&self, body: &Value) -> Result<(), Error> {
        let missing = self
            .template
            .properties()
            .iter()
            .filter(|p| p.is_required())
            .find(|p| member(body, p.name()).is_none_or(Value::is_null));
        match missing {
            Some(property) => Err(self.error(ErrorKind::MissingProperty {
                template: self.name.clone(),
                property: property.name().to_owned(),
            })),
            None => Ok(()),
        }
    }

    /// The body as the template's content type.
    fn encode(&self, body: &Value) -> Result<(&'static str, Vec<u8>), Error> {
        match hal_core::media_type::media_type_essence(self.template.content_type()).as_str() {
            "application/json" => serde_json::to_vec(body)
                .map(|bytes| ("application/json", bytes))
                .map_err(|e| self.error_from(ErrorKind::Body, e)),
            "application/x-www-form-urlencoded" => {
                let pairs = form_pairs(body).map_err(|e| self.error(e))?;
                let encoded = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                Ok(("application/x-www-form-urlencoded", encoded.into_bytes()))
            }
            other => Err(self.error(ErrorKind::UnsupportedContentType {
                content_type: other.to_owned(),
            })),
        }
    }

    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind).at(&self.url).with_path(self.path.clone())
    }

    fn error_from(
        &self,
        kind: ErrorKind,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::from_source(kind, source)
            .at(&self.url)
            .with_path(self.path.clone())
    }
}

/// The member at a property path (`a.b` is member `b` of member `a`); a name that is itself a
/// member (a dot in a member's name) is found first.
fn member<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(value) = body.get(path) {
        return Some(value);
    }
    let (head, rest) = path.split_once('.')?;
    member(body.get(head)?, rest)
}

/// A flat body as name–value pairs (the `application/x-www-form-urlencoded` form data set):
/// strings as they are, numbers and booleans as JSON writes them, arrays as one pair per
/// element, `null` left out.
fn form_pairs(body: &Value) -> Result<Vec<(String, String)>, ErrorKind> {
    let Value::Object(members) = body else {
        return match body {
            Value::Null => Ok(Vec::new()),
            _ => Err(ErrorKind::FormEncoding {
                property: String::new(),
                reason: "the body is not an object".into(),
            }),
        };
    };
    let mut pairs = Vec::new();
    for (name, value) in members {
        let values = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text.clone(),
                Value::Bool(_) | Value::Number(_) => value.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(ErrorKind::FormEncoding {
                        property: name.clone(),
                        reason: "a form or a query string holds only strings, numbers and booleans"
                            .into(),
                    });
                }
            };
            pairs.push((name.clone(), text));
        }
    }
    Ok(pairs)
}

/// What a submitted form was answered with.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
/// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
/// let created = form.submit(&serde_json::json!({"id": 4})).await?;
/// let item = created.target().expect("a Location").get().await?;
/// assert_eq!(item.resource().state()["id"], 4);
/// # Ok::<(), hal_client::Error>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Submitted {
    client: Client,
    status: StatusCode,
    location: Option<Url>,
    document: Option<Document>,
}

impl Submitted {
    /// The response's status.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 4})).await?;
    /// assert_eq!(created.status(), reqwest::StatusCode::CREATED);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `Location` the response named (what a `POST` created), resolved.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 4})).await?;
    /// assert_eq!(created.location().map(|url| url.path()), Some("/items/4"));
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn location(&self) -> Option<&Url> {
        self.location.as_ref()
    }

    /// The resource at `Location`, to read or follow.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 4})).await?;
    /// assert_eq!(created.target().unwrap().url().await?.path(), "/items/4");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn target(&self) -> Option<Target> {
        self.location
            .as_ref()
            .map(|url| self.client.root(url.clone()))
    }

    /// The document the response carried, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 4})).await?;
    /// assert!(created.document().is_none(), "a 201 without a body");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    /// The document, by value.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let form = hal_client::Client::new().root(root).follow("items").template("default").await?;
    /// let created = form.submit(&serde_json::json!({"id": 4})).await?;
    /// assert!(created.into_document().is_none());
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn into_document(self) -> Option<Document> {
        self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_found_by_property_path() {
        let body = json!({"a": {"b": {"c": 1}}, "x.y": 2});
        assert_eq!(member(&body, "a.b.c"), Some(&json!(1)));
        assert_eq!(member(&body, "x.y"), Some(&json!(2)), "a dotted name first");
        assert_eq!(member(&body, "a.z"), None);
    }

    #[test]
    fn flat_bodies_become_form_pairs() {
        let pairs =
            form_pairs(&json!({"q": "a b", "n": 2, "ok": true, "tags": ["x", "y"], "none": null}))
                .unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("q", "a b"),
                ("n", "2"),
                ("ok", "true"),
                ("tags", "x"),
                ("tags", "y")
            ]
        );
        assert!(matches!(
            form_pairs(&json!({"nested": {"a": 1}})),
            Err(ErrorKind::FormEncoding { property, .. }) if property == "nested"
        ));
    }
}
