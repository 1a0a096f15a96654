//! A HAL document as fetched: the resource and the URL it came from (after redirects), which
//! its relative links resolve against.

use hal_core::Resource;
use hal_core::read::HalDeserialize;
use reqwest::header::HeaderMap;
use url::Url;

use crate::error::{Error, ErrorKind};

/// A fetched HAL document, or an embedded resource taken from one, with its URL.
///
/// # Examples
///
/// ```
/// use hal_client::Document;
///
/// let url = url::Url::parse("https://api.example.com/trips/1")?;
/// let document = Document::new(url, hal_core::Resource::object().with_member("id", 1));
/// assert_eq!(document.resource().state()["id"], 1);
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    url: Url,
    resource: Resource,
    /// The response's headers; none for an embedded resource, which came in another's body.
    headers: HeaderMap,
    /// The document that carried an embedded resource, which no request fetched.
    embedded_in: Option<Url>,
}

impl Document {
    /// A document read from `url`.
    ///
    /// # Examples
    ///
    /// ```
    /// let document = hal_client::Document::new(url::Url::parse("https://x.example/")?, hal_core::Resource::object());
    /// assert_eq!(document.url().as_str(), "https://x.example/");
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn new(url: Url, resource: Resource) -> Self {
        Self {
            url,
            resource,
            headers: HeaderMap::new(),
            embedded_in: None,
        }
    }

    /// The same document, with the headers of the response that brought it.
    pub(crate) fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// The same document, as a resource embedded in the document at `parent`.
    pub(crate) fn embedded_in_document(mut self, parent: &Url) -> Self {
        self.embedded_in = Some(parent.clone());
        self
    }

    /// The headers of the response the document came in (`ETag`, `Cache-Control`, `Link`,
    /// anything the service adds); empty for an embedded resource, which no response brought
    /// alone.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let items = hal_client::Client::new().root(root).follow("items").get().await?;
    /// assert_eq!(items.headers()["content-type"], "application/hal+json");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The document that carried this one embedded, when no request of its own fetched it.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let item = hal_client::Client::new().root(root).follow("items").follow("items").get().await?;
    /// assert_eq!(item.embedded_in().map(|page| page.path()), Some("/items"));
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn embedded_in(&self) -> Option<&Url> {
        self.embedded_in.as_ref()
    }

    /// Where the document is: the URL after redirects, or an embedded resource's `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// let document = hal_client::Document::new(url::Url::parse("https://x.example/a")?, hal_core::Resource::object());
    /// assert_eq!(document.url().path(), "/a");
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The resource.
    ///
    /// # Examples
    ///
    /// ```
    /// let document = hal_client::Document::new(url::Url::parse("https://x.example/")?, hal_core::Resource::object());
    /// assert!(document.resource().links().is_empty());
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn resource(&self) -> &Resource {
        &self.resource
    }

    /// The resource, by value.
    ///
    /// # Examples
    ///
    /// ```
    /// let document = hal_client::Document::new(url::Url::parse("https://x.example/")?, hal_core::Resource::object());
    /// let resource = document.into_resource();
    /// # let _ = resource;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn into_resource(self) -> Resource {
        self.resource
    }

    /// The resource read as a derived type `T`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`] naming the JSON path of what does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::HalResource;
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
    /// struct Trip { id: u64 }
    ///
    /// let document = hal_client::Document::new(
    ///     url::Url::parse("https://x.example/trips/1")?,
    ///     hal_core::Resource::object().with_member("id", 1),
    /// );
    /// assert_eq!(document.into_hal::<Trip>()?.id, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_hal<T>(self) -> Result<T, Error>
    where
        T: for<'de> HalDeserialize<'de>,
    {
        let (url, embedded_in) = (self.url, self.embedded_in);
        self.resource.into_hal().map_err(|e| {
            let error = Error::from_source(ErrorKind::Parse, e).at(&url);
            match embedded_in {
                Some(parent) => error.in_embedded(parent),
                None => error,
            }
        })
    }
}
