//! A HAL document as fetched: the resource and the URL it came from (after redirects), which
//! its relative links resolve against.

use hal_core::Resource;
use hal_core::read::HalDeserialize;
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
        Self { url, resource }
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
        let url = self.url;
        self.resource
            .into_hal()
            .map_err(|e| Error::from_source(ErrorKind::Parse, e).at(&url))
    }
}
