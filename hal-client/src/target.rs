//! A place in an API: a starting URL and the relations to follow from it, resolved only when
//! it is read or written.

use futures_core::Stream;
use futures_util::StreamExt as _;
use hal_core::read::HalDeserialize;
use hal_core::template::Variables;
use hal_core::{Link, Resource};
use hal_paging::{PagerError, TypedPagerStream};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use url::Url;

use crate::client::{ACCEPT_HAL, ACCEPT_HAL_FORMS, Client, Freshness};
use crate::document::Document;
use crate::error::{Error, ErrorKind};
use crate::form::Form;
use crate::resolve::{find_embedded, find_link, link_url};

/// A resource to reach: where to start and which relations to follow, ketting-style. Nothing
/// is fetched until it is read ([`get`](Self::get)) or written ([`post`](Self::post), …).
///
/// Each step takes, in the document reached so far, the resource embedded under the relation
/// (no request; only when the step has no variables) or else the relation's link. Relations
/// match by name, by CURIE and by the full URI a CURIE expands to, in that document's scope.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), hal_client::Error> {
/// use hal_core::template::Variables;
///
/// let client = hal_client::Client::new();
/// let root = url::Url::parse("https://api.example.com/connectedcar/v2").unwrap();
/// let trip = client
///     .root(root)
///     .follow("cc:vehicle")
///     .follow_with("cc:trips", Variables::new().with("limit", "5"))
///     .get()
///     .await?;
/// println!("{}", trip.url());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Target {
    client: Client,
    start: Url,
    steps: Vec<Step>,
    /// Sent with every request the target makes.
    headers: HeaderMap,
}

#[derive(Debug, Clone)]
struct Step {
    rel: String,
    vars: Variables,
    name: Option<String>,
}

impl Target {
    pub(crate) fn at(client: Client, start: Url) -> Self {
        Self {
            client,
            start,
            steps: Vec::new(),
            headers: HeaderMap::new(),
        }
    }

    fn then(&self, step: Step) -> Self {
        let mut next = self.clone();
        next.steps.push(step);
        next
    }

    /// The same target, sending `name: value` with every request it makes (the documents on
    /// the way included): `Authorization`, `Prefer`, another `Accept` or `User-Agent` (which
    /// replace the client's). Responses that `Vary` on it are cached apart.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// use reqwest::header::{HeaderValue, USER_AGENT};
    ///
    /// let items = hal_client::Client::new()
    ///     .root(root)
    ///     .with_header(USER_AGENT, HeaderValue::from_static("inventory-sync/2.1"))
    ///     .follow("items");
    /// assert_eq!(items.get().await?.url().path(), "/items");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn with_header(&self, name: HeaderName, value: HeaderValue) -> Self {
        let mut next = self.clone();
        next.headers.insert(name, value);
        next
    }

    /// The same target, asking every document on the way to embed what `rels` link to
    /// (`Prefer: transclude="…"`, RFC 7240): a service that honours it answers the next
    /// [`follow`](Self::follow) of those relations in the same response, so the walk makes
    /// one request where it would make one per relation. A service that does not simply
    /// ignores it.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let items = hal_client::Client::new().root(root).transclude(&["items"]).follow("items");
    /// assert_eq!(items.get().await?.url().path(), "/items");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    #[must_use]
    pub fn transclude(&self, rels: &[&str]) -> Self {
        let preference = format!("transclude=\"{}\"", rels.join(" "));
        match HeaderValue::from_str(&preference) {
            Ok(value) => self.with_header(HeaderName::from_static("prefer"), value),
            // A relation name that cannot stand in a header is not asked for.
            Err(_) => self.clone(),
        }
    }

    /// Follows `rel` (a name, a CURIE or the full URI).
    ///
    /// # Examples
    ///
    /// ```
    /// let root = hal_client::Client::new().root(url::Url::parse("https://x.example/")?);
    /// let trips = root.follow("cc:trips");
    /// # let _ = trips;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn follow(&self, rel: &str) -> Self {
        self.follow_with(rel, Variables::new())
    }

    /// Follows `rel`, expanding its templated link with `vars`: every variable outside its
    /// query expressions needs a value, and a link that is not templated takes none.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::template::Variables;
    ///
    /// let root = hal_client::Client::new().root(url::Url::parse("https://x.example/")?);
    /// let trip = root.follow_with("cc:trip", Variables::new().with("id", "7"));
    /// # let _ = trip;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn follow_with(&self, rel: &str, vars: Variables) -> Self {
        self.then(Step {
            rel: rel.to_owned(),
            vars,
            name: None,
        })
    }

    /// Follows the link of `rel` whose `name` is `name` ([H-48](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-48)), among an array of links.
    ///
    /// # Examples
    ///
    /// ```
    /// let root = hal_client::Client::new().root(url::Url::parse("https://x.example/")?);
    /// let kate = root.follow_named("admin", "kate");
    /// # let _ = kate;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn follow_named(&self, rel: &str, name: &str) -> Self {
        self.then(Step {
            rel: rel.to_owned(),
            vars: Variables::new(),
            name: Some(name.to_owned()),
        })
    }

    /// The relations this target follows from its start.
    fn path(&self, steps: usize) -> Vec<String> {
        self.steps[..steps].iter().map(|s| s.rel.clone()).collect()
    }

    /// `GET url` with the target's headers, through the cache or past it.
    async fn read(&self, url: &Url, freshness: Freshness) -> Result<Document, Error> {
        self.client
            .get_accepting(url, ACCEPT_HAL, &self.headers, freshness)
            .await
    }

    /// Walks the first `steps` steps: the document reached (an embedded one says so, with
    /// [`Document::embedded_in`]).
    async fn walk(&self, steps: usize) -> Result<Document, Error> {
        let mut document = self
            .read(&self.start, Freshness::Cached)
            .await
            .map_err(|e| e.with_path(Vec::new()))?;
        for (taken, step) in self.steps[..steps].iter().enumerate() {
            let path = self.path(taken + 1);
            document = match self.embedded_step(&document, step) {
                Some(embedded) => embedded,
                None => {
                    let url = self.link_step(&document, step, &path)?;
                    self.read(&url, Freshness::Cached)
                        .await
                        .map_err(|e| e.with_path(path))?
                }
            };
        }
        Ok(document)
    }

    /// The resource embedded under the step's relation, as a document at its `self` (or the
    /// enclosing document's URL when it has none).
    fn embedded_step(&self, document: &Document, step: &Step) -> Option<Document> {
        if !step.vars.is_empty() || step.name.is_some() {
            return None;
        }
        let embedded = find_embedded(document.resource(), &step.rel)?;
        let self_url = embedded
            .self_link()
            .and_then(|link| document.url().join(link.href()).ok());
        let url = self_url.clone().unwrap_or_else(|| document.url().clone());
        let embedded = Document::new(url, embedded.clone()).embedded_in_document(document.url());
        if self_url.is_some() {
            self.client.cache_embedded(document.url(), &embedded);
        }
        Some(embedded)
    }

    /// The URL the step's link leads to.
    fn link_step(&self, document: &Document, step: &Step, path: &[String]) -> Result<Url, Error> {
        let at = |kind: ErrorKind| Error::new(kind).at(document.url()).with_path(path.to_vec());
        let link = find_link(document.resource(), &step.rel, step.name.as_deref())
            .map_err(at)?
            .ok_or_else(|| {
                at(ErrorKind::NoSuchRelation {
                    rel: step.rel.clone(),
                })
            })?;
        self.warn_if_deprecated(&step.rel, link);
        link_url(document.url(), &step.rel, link, &step.vars).map_err(at)
    }

    fn warn_if_deprecated(&self, rel: &str, link: &Link) {
        if let Some(deprecation) = link.deprecation() {
            self.client.warn_deprecated(rel, link.href(), deprecation);
        }
    }

    /// The URL the target stands for, fetching every document on the way but the last.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get), for the documents on the way.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// let url = client.root(root).follow_with("item", Variables::new().with("id", "7")).url().await?;
    /// assert_eq!(url.path(), "/items/7");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn url(&self) -> Result<Url, Error> {
        let Some((last, _)) = self.steps.split_last() else {
            return Ok(self.start.clone());
        };
        let document = self.walk(self.steps.len() - 1).await?;
        let path = self.path(self.steps.len());
        if let Some(embedded) = self.embedded_step(&document, last) {
            return Ok(embedded.url().clone());
        }
        self.link_step(&document, last, &path)
    }

    /// Reads the target: the document at the end of the walk.
    ///
    /// # Errors
    ///
    /// [`Error`] naming the URL and the relations taken: a relation that is neither linked nor
    /// embedded, a template without its values, an error status (with the server's problem
    /// document), a response that is not HAL or does not parse, or one over the size limit.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// let item = client.root(root).follow("items").follow("items").get().await?;
    /// assert_eq!(item.url().path(), "/items/1", "embedded in the page: no request");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn get(&self) -> Result<Document, Error> {
        self.walk(self.steps.len()).await
    }

    /// Reads the target as a derived type `T`.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get), and [`ErrorKind::Parse`] when the document does not fit `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// #[derive(serde::Serialize, serde::Deserialize, hal_core::HalResource)]
    /// struct Item { id: u32 }
    ///
    /// let item: Item = client.root(root).follow_with("item", Variables::new().with("id", "7")).get_as().await?;
    /// assert_eq!(item.id, 7);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn get_as<T>(&self) -> Result<T, Error>
    where
        T: for<'de> HalDeserialize<'de>,
    {
        let path = self.path(self.steps.len());
        let document = self.get().await?;
        let summary = document
            .embedded_in()
            .is_some_and(|parent| parent != document.url());
        let url = document.url().clone();
        match document.into_hal() {
            Ok(value) => Ok(value),
            // An embedded copy is often a summary: what does not read as `T` is fetched whole
            // from its `self`, past the cache (which holds the summary under that URL).
            Err(_) if summary => self
                .read(&url, Freshness::Refresh)
                .await
                .and_then(Document::into_hal)
                .map_err(|e| e.with_path(path)),
            Err(error) => Err(error.with_path(path)),
        }
    }

    /// Reads the target with a request of its own: past the cache (its answer replaces the
    /// cached one) and past any copy embedded in the document on the way, so that what comes
    /// back is what the service says now.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let item = hal_client::Client::new().root(root).follow("items").follow("items");
    /// assert!(item.get().await?.embedded_in().is_some(), "the copy in the page");
    /// let fresh = item.refresh().await?;
    /// assert!(fresh.embedded_in().is_none(), "its own request");
    /// assert_eq!(fresh.url().path(), "/items/1");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn refresh(&self) -> Result<Document, Error> {
        let url = self.url().await?;
        self.read(&url, Freshness::Refresh)
            .await
            .map_err(|e| e.with_path(self.path(self.steps.len())))
    }

    /// Every item of the collection at the target, read as `T`, across all its pages (along
    /// `next`, with hal-paging's loop guard and the client's page limit); `rel` names the
    /// embedded relation that holds the items. Each page is read straight into `T`s, with no
    /// dynamic resource between.
    ///
    /// # Errors
    ///
    /// Each failure is an `Err` item, after which the stream ends.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// use futures_util::TryStreamExt;
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, hal_core::HalResource)]
    /// struct Item { id: u32 }
    ///
    /// let items: Vec<Item> = client.root(root).follow("items").items("items").try_collect().await?;
    /// assert_eq!(items.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 2, 3]);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn items<T>(&self, rel: &str) -> impl Stream<Item = Result<T, Error>> + use<T>
    where
        T: for<'de> HalDeserialize<'de>,
    {
        let rel = rel.to_owned();
        let headers = self.headers.clone();
        self.walk_pages(move |client, url| {
            let (rel, headers) = (rel.clone(), headers.clone());
            async move { client.get_page::<T>(&url, &rel, &headers).await }
        })
    }

    /// Every item of the collection at the target as a dynamic resource, across all its pages;
    /// see [`items`](Self::items).
    ///
    /// # Errors
    ///
    /// Each failure is an `Err` item, after which the stream ends.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// use futures_util::TryStreamExt;
    ///
    /// let items: Vec<hal_core::Resource> = client.root(root).follow("items").resources("items").try_collect().await?;
    /// assert_eq!(items[2].state()["id"], 3);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn resources(&self, rel: &str) -> impl Stream<Item = Result<Resource, Error>> + use<> {
        self.items::<Resource>(rel)
    }

    /// Every page of the collection at the target, from the target itself along `next` (with
    /// hal-paging's loop guard and the client's page limit), each through the cache.
    ///
    /// # Errors
    ///
    /// Each failure is an `Err` item, after which the stream ends.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// use futures_util::TryStreamExt;
    ///
    /// let pages: Vec<hal_client::Document> = client.root(root).follow("items").pages().try_collect().await?;
    /// assert_eq!(pages.len(), 2);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn pages(&self) -> impl Stream<Item = Result<Document, Error>> + use<> {
        // A page is the one item of itself, so the item walk walks pages.
        let headers = self.headers.clone();
        self.walk_pages(move |client, url| {
            let headers = headers.clone();
            async move {
                let document = client
                    .get_accepting(&url, ACCEPT_HAL, &headers, Freshness::Cached)
                    .await?;
                let links = document.resource().links().clone();
                Ok(hal_paging::Page::new(links, vec![document]))
            }
        })
    }

    /// Walks the pages from the target's URL along `next`, `read` fetching each page (its links
    /// and items), with hal-paging's loop guard and the client's page limit.
    fn walk_pages<I, R, Fut>(
        &self,
        read: R,
    ) -> impl Stream<Item = Result<I, Error>> + use<I, R, Fut>
    where
        R: Fn(Client, Url) -> Fut,
        Fut: std::future::Future<Output = Result<hal_paging::Page<I>, Error>>,
    {
        let target = self.clone();
        let client = self.client.clone();
        let path = self.path(self.steps.len());
        let walk = async move {
            match target.url().await {
                Ok(first) => {
                    let max_pages = client.max_pages();
                    TypedPagerStream::new(first, move |url| read(client.clone(), url))
                        .with_max_pages(max_pages)
                        .into_stream()
                        .map(move |item| item.map_err(|e| paging_error(e, &path)))
                        .left_stream()
                }
                Err(error) => futures_util::stream::once(async move { Err(error) }).right_stream(),
            }
        };
        futures_util::stream::once(walk).flatten()
    }

    /// `HEAD`s the target: a document with no state, the response's headers, and the links
    /// of its `Link` header (RFC 8288), a cheap way to read what a resource links to.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get) for the walk, and an error status.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let head = hal_client::Client::new().root(root).follow("items").head().await?;
    /// assert!(head.resource().state().is_empty());
    /// assert_eq!(head.headers()["content-type"], "application/hal+json");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn head(&self) -> Result<Document, Error> {
        let url = self.url().await?;
        let response = self
            .client
            .send(Method::HEAD, &url, None, &self.headers)
            .await
            .map_err(|e| e.with_path(self.path(self.steps.len())))?;
        Ok(Client::head_document(&response))
    }

    /// Sends `method` to the target, with `body` (its content type and bytes) if any, and
    /// gives back what came: any status (an error status is not an `Err` here), the headers
    /// and the body, within the client's size limit. For what the other methods do not
    /// cover: another method or media type, or a problem document read by the caller. An
    /// unsafe method makes the cache forget what it changes, as every write does.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get) for the walk, a failed exchange, and a body over the limit.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// use reqwest::Method;
    ///
    /// let client = hal_client::Client::new();
    /// let missing = client.root(root.join("/nowhere")?).fetch(Method::GET, None).await?;
    /// assert_eq!(missing.status(), 404, "a status, not an error");
    /// let item = client.root(root.join("/items/2")?).fetch(Method::GET, None).await?;
    /// assert_eq!(item.headers()["content-type"], "application/hal+json");
    /// assert!(item.body().starts_with(br#"{"_links""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn fetch(
        &self,
        method: Method,
        body: Option<(HeaderValue, Vec<u8>)>,
    ) -> Result<Fetched, Error> {
        let url = self.url().await?;
        let path = self.path(self.steps.len());
        let response = self
            .client
            .send_raw(method, &url, body, ACCEPT_HAL, &self.headers)
            .await
            .map_err(|e| e.with_path(path.clone()))?;
        let (url, status, headers) = (
            response.url().clone(),
            response.status(),
            response.headers().clone(),
        );
        let body = self
            .client
            .body(response)
            .await
            .map_err(|e| e.at(&url).with_path(path))?;
        Ok(Fetched {
            url,
            status,
            headers,
            body,
        })
    }

    /// `POST`s `body` as JSON to the target; the created (201) or accepted (202) resource is
    /// the new target at the response's `Location`.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get) for the walk, an error status with its problem document, and
    /// [`ErrorKind::NoLocation`] when the response names no `Location`.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// let created = client.root(root).follow("items").post(&serde_json::json!({"id": 4})).await?;
    /// assert_eq!(created.url().await?.path(), "/items/4");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn post<B: Serialize + ?Sized>(&self, body: &B) -> Result<Target, Error> {
        let url = self.url().await?;
        let response = self
            .write(Method::POST, &url, "application/json", body)
            .await?;
        let location = Client::location(&response)
            .ok_or_else(|| Error::new(ErrorKind::NoLocation).at(&url))?;
        let mut created = Target::at(self.client.clone(), location);
        created.headers = self.headers.clone();
        Ok(created)
    }

    /// `PUT`s `body` as JSON to the target; the document the server answers with, if any.
    ///
    /// # Errors
    ///
    /// As [`post`](Self::post), without the need for a `Location`.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// let item = client.root(root).follow_with("item", Variables::new().with("id", "1"));
    /// assert!(item.put(&serde_json::json!({"id": 1})).await?.is_none(), "204: no document");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn put<B: Serialize + ?Sized>(&self, body: &B) -> Result<Option<Document>, Error> {
        let url = self.url().await?;
        let response = self
            .write(Method::PUT, &url, "application/json", body)
            .await?;
        self.client.answer(response).await
    }

    /// `PATCH`es the target with a JSON merge patch (`application/merge-patch+json`, RFC 7396).
    ///
    /// # Errors
    ///
    /// As [`put`](Self::put).
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// let item = client.root(root).follow_with("item", Variables::new().with("id", "1"));
    /// let patched = item.patch(&serde_json::json!({"patched": true})).await?.expect("a document");
    /// assert_eq!(patched.resource().state()["patched"], true);
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn patch(&self, patch: &serde_json::Value) -> Result<Option<Document>, Error> {
        let url = self.url().await?;
        let response = self
            .write(Method::PATCH, &url, "application/merge-patch+json", patch)
            .await?;
        self.client.answer(response).await
    }

    /// `DELETE`s the target.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get) for the walk, and an error status with its problem document.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// # let client = hal_client::Client::new();
    /// # #[allow(unused_imports)]
    /// # use hal_core::template::Variables;
    /// client.root(root).follow_with("item", Variables::new().with("id", "1")).delete().await?;
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn delete(&self) -> Result<(), Error> {
        let url = self.url().await?;
        self.client
            .send(Method::DELETE, &url, None, &self.headers)
            .await
            .map_err(|e| e.with_path(self.path(self.steps.len())))?;
        Ok(())
    }

    /// The HAL-FORMS template `name` of the target, read asking for
    /// `application/prs.hal-forms+json`: a [`Form`] to [`submit`](Form::submit).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get), and [`ErrorKind::NoSuchTemplate`] (naming the templates there
    /// are) when the document offers none of that name.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let items = hal_client::Client::new().root(root).follow("items");
    /// let created = items.template("default").await?.submit(&serde_json::json!({"id": 4})).await?;
    /// assert_eq!(created.status(), 201);
    /// let error = items.template("archive").await.unwrap_err();
    /// assert!(error.to_string().ends_with("no template `archive` (it offers `default`)"));
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn template(&self, name: &str) -> Result<Form, Error> {
        let document = self.get_forms().await?;
        Form::of(
            self.client.clone(),
            &document,
            name,
            self.path(self.steps.len()),
            self.headers.clone(),
        )
    }

    /// Reads the target asking for `application/prs.hal-forms+json`: the document with the
    /// `_templates` the server offers to such clients (see [`Resource::templates`]).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// # let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;
    /// let items = hal_client::Client::new().root(root).follow("items");
    /// let forms = items.get_forms().await?;
    /// assert_eq!(forms.resource().templates().names().collect::<Vec<_>>(), ["default"]);
    /// assert!(items.get().await?.resource().templates().is_empty(), "plain HAL has none");
    /// # Ok::<(), hal_client::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn get_forms(&self) -> Result<Document, Error> {
        let url = self.url().await?;
        self.client
            .get_accepting(&url, ACCEPT_HAL_FORMS, &self.headers, Freshness::Cached)
            .await
            .map_err(|e| e.with_path(self.path(self.steps.len())))
    }

    async fn write<B: Serialize + ?Sized>(
        &self,
        method: Method,
        url: &Url,
        content_type: &'static str,
        body: &B,
    ) -> Result<reqwest::Response, Error> {
        let path = self.path(self.steps.len());
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::from_source(ErrorKind::Body, e)
                .at(url)
                .with_path(path.clone())
        })?;
        self.client
            .send(method, url, Some((content_type, bytes)), &self.headers)
            .await
            .map_err(|e| e.with_path(path))
    }
}

/// What [`Target::fetch`] brought back: the status, headers and body of any response.
///
/// # Examples
///
/// See [`Target::fetch`].
#[derive(Debug, Clone)]
pub struct Fetched {
    url: Url,
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Fetched {
    /// The URL that answered (after redirects).
    ///
    /// # Examples
    ///
    /// See [`Target::fetch`].
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The status.
    ///
    /// # Examples
    ///
    /// See [`Target::fetch`].
    #[must_use]
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The headers.
    ///
    /// # Examples
    ///
    /// See [`Target::fetch`].
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's bytes.
    ///
    /// # Examples
    ///
    /// See [`Target::fetch`].
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, by value.
    ///
    /// # Examples
    ///
    /// See [`Target::fetch`].
    #[must_use]
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
}

/// A pager's error as the client's: a fetch error is the client's own, with the path.
fn paging_error(error: PagerError, path: &[String]) -> Error {
    match error {
        PagerError::Fetch { url, source } => match source.downcast::<Error>() {
            Ok(error) => error.with_path(path.to_vec()),
            Err(source) => Error::from_source(ErrorKind::Paging, PagerError::Fetch { url, source }),
        },
        other => Error::from_source(ErrorKind::Paging, other).with_path(path.to_vec()),
    }
}
