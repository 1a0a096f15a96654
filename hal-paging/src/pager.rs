//! Walking a paged HAL collection by following `next`.

use std::collections::HashSet;
use std::fmt;

use std::marker::PhantomData;

use hal_core::Resource;
use hal_core::read::HalDeserialize;
use url::Url;

/// The error a fetch function returns, boxed: any `std::error::Error + Send + Sync`, a
/// `String` or a `&str` converts into it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a walk stopped early.
///
/// It is a `std::error::Error` whatever the fetch function's error was, so `?` works in any
/// function returning `Result<_, Box<dyn Error + Send + Sync>>`.
///
/// # Examples
///
/// ```
/// fn first_item(url: url::Url) -> Result<Option<hal_core::Resource>, Box<dyn std::error::Error + Send + Sync>> {
///     let fetch = |_: url::Url| Err::<hal_core::Resource, _>("connection refused");
///     let mut pager = hal_paging::Pager::new(url, "objects", fetch);
///     Ok(pager.next().transpose()?)
/// }
/// let error = first_item(url::Url::parse("https://api.example.com/trips")?).unwrap_err();
/// assert_eq!(error.to_string(), "cannot fetch https://api.example.com/trips: connection refused");
/// # Ok::<(), url::ParseError>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum PagerError {
    /// The fetch function failed for this URL.
    Fetch {
        /// The page that could not be fetched.
        url: Url,
        /// The fetch function's error (downcast it to the client's own error type).
        source: BoxError,
    },
    /// A `next` link leads to a page seen before: following it would never end.
    Loop {
        /// The page seen twice.
        url: Url,
    },
    /// More pages than the walk allows.
    TooManyPages {
        /// The limit.
        max: usize,
    },
    /// A `next` link that is not a URL (or is templated).
    BadNextLink {
        /// The href as found.
        href: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An item that does not fit the type a typed walk reads.
    BadItem {
        /// The page it is on.
        page: Url,
        /// Why it does not fit, with its JSON path.
        source: Box<hal_core::ParseError>,
    },
}

impl fmt::Display for PagerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fetch { url, source } => write!(f, "cannot fetch {url}: {source}"),
            Self::Loop { url } => write!(f, "`next` leads back to {url}, a page seen before"),
            Self::TooManyPages { max } => write!(f, "more than {max} pages"),
            Self::BadNextLink { href, reason } => write!(f, "bad `next` link `{href}`: {reason}"),
            Self::BadItem { page, source } => write!(f, "an item of {page}: {source}"),
        }
    }
}

impl std::error::Error for PagerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Fetch { source, .. } => Some(&**source),
            Self::BadItem { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

/// An iterator over every item of a paged collection: the resources embedded under one
/// relation of each page, fetched page after page by following `next`.
///
/// The caller supplies the fetch function (any HTTP client, or none at all in tests). The walk
/// ends after the page without `next`; a `next` that leads to a page seen before, a fetch error
/// or more than [`with_max_pages`](Self::with_max_pages) pages ends it with an error item.
///
/// # Examples
///
/// ```
/// use hal_core::{Link, Resource};
/// use hal_paging::Pager;
/// use url::Url;
///
/// // Two pages of one item each, served from memory.
/// let fetch = |url: Url| -> Result<Resource, std::convert::Infallible> {
///     let n = if url.query() == Some("page=2") { 2 } else { 1 };
///     let mut page = Resource::object()
///         .with_embedded_many("objects", [Resource::object().with_member("n", n)]);
///     if n == 1 {
///         page = page.with_link("next", Link::new("?page=2"));
///     }
///     Ok(page)
/// };
/// let first = Url::parse("https://api.example.com/trips").unwrap();
/// let items: Vec<Resource> = Pager::new(first, "objects", fetch).collect::<Result<_, _>>()?;
/// assert_eq!(items.len(), 2);
/// # Ok::<(), hal_paging::PagerError>(())
/// ```
pub struct Pager<F, E> {
    fetch: F,
    walk: Walk<Resource>,
    error: PhantomData<fn() -> E>,
}

/// The state of a walk, shared by the blocking, the async and the typed pager: items of type
/// `I` (dynamic resources, or a derived type read straight from each page).
struct Walk<I> {
    rel: String,
    next: Option<Url>,
    /// The page the current items come from (the first page before any is loaded).
    page: Url,
    items: std::vec::IntoIter<I>,
    /// An error found while loading a page, reported after that page's items.
    pending: Option<PagerError>,
    seen: HashSet<Url>,
    pages: usize,
    max_pages: usize,
}

/// What a walk does next.
enum Step<I> {
    Item(I),
    Failed(PagerError),
    Fetch(Url),
    Done,
}

impl<I> Walk<I> {
    fn new(first: Url, rel: String) -> Self {
        Self {
            rel,
            page: first.clone(),
            next: Some(first),
            items: Vec::new().into_iter(),
            pending: None,
            seen: HashSet::new(),
            pages: 0,
            max_pages: 10_000,
        }
    }

    /// The next item, error or page to fetch (counted as fetched).
    fn step(&mut self) -> Step<I> {
        if let Some(item) = self.items.next() {
            return Step::Item(item);
        }
        if let Some(error) = self.pending.take() {
            return self.fail(error);
        }
        let Some(url) = self.next.take() else {
            return Step::Done;
        };
        if !self.seen.insert(url.clone()) {
            return self.fail(PagerError::Loop { url });
        }
        if self.pages >= self.max_pages {
            return self.fail(PagerError::TooManyPages {
                max: self.max_pages,
            });
        }
        self.pages += 1;
        Step::Fetch(url)
    }

    /// A fetched page: its items, and its `next` link to follow.
    fn load_items(&mut self, items: Vec<I>, links: &hal_core::Links, url: &Url) {
        self.page = url.clone();
        self.items = items.into_iter();
        self.next = None;
        if let Some(link) = links.get("next") {
            if link.is_templated() {
                self.pending = Some(PagerError::BadNextLink {
                    href: link.href().to_owned(),
                    reason: "it is templated".into(),
                });
                return;
            }
            match url.join(link.href()) {
                Ok(next) => self.next = Some(next),
                Err(e) => {
                    self.pending = Some(PagerError::BadNextLink {
                        href: link.href().to_owned(),
                        reason: e.to_string(),
                    });
                }
            }
        }
    }

    /// Stops the walk with `error`.
    fn fail(&mut self, error: PagerError) -> Step<I> {
        self.next = None;
        Step::Failed(error)
    }

    /// The failure of a fetch of `url`: the walk stops.
    fn fetch_failed(&mut self, url: Url, source: impl Into<BoxError>) -> PagerError {
        self.next = None;
        PagerError::Fetch {
            url,
            source: source.into(),
        }
    }
}

impl Walk<Resource> {
    /// A fetched page of dynamic resources: the items under the walk's relation.
    fn load(&mut self, mut page: Resource, url: &Url) {
        let items = page.embedded_mut().remove(&self.rel);
        self.load_items(items, page.links(), url);
    }
}

/// An item read as `T`, or the error naming its page.
fn typed_item<T>(item: Resource, page: Url) -> Result<T, PagerError>
where
    T: for<'de> HalDeserialize<'de>,
{
    item.into_hal().map_err(|source| PagerError::BadItem {
        page,
        source: Box::new(source),
    })
}

impl<F, E> Pager<F, E>
where
    F: FnMut(Url) -> Result<Resource, E>,
    E: Into<BoxError>,
{
    /// A walk that starts by fetching `first` and reads the items under `rel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::Pager;
    ///
    /// let fetch = |_: url::Url| Ok::<_, std::io::Error>(hal_core::Resource::object());
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// assert_eq!(Pager::new(first, "objects", fetch).count(), 0);
    /// ```
    pub fn new(first: Url, rel: impl Into<String>, fetch: F) -> Self {
        Self {
            fetch,
            walk: Walk::new(first, rel.into()),
            error: PhantomData,
        }
    }

    /// A walk that starts from a page already fetched from `url`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::Resource;
    /// use hal_paging::Pager;
    ///
    /// let page = Resource::object().with_embedded_many("objects", [Resource::object()]);
    /// let url = url::Url::parse("https://api.example.com/trips").unwrap();
    /// let fetch = |_: url::Url| -> Result<Resource, std::io::Error> { unreachable!("no next link") };
    /// assert_eq!(Pager::from_page(page, url, "objects", fetch).count(), 1);
    /// ```
    pub fn from_page(page: Resource, url: Url, rel: impl Into<String>, fetch: F) -> Self {
        let mut pager = Self::new(url.clone(), rel, fetch);
        pager.walk.next = None;
        pager.walk.seen.insert(url.clone());
        pager.walk.pages = 1;
        pager.walk.load(page, &url);
        pager
    }

    /// The most pages the walk fetches (10 000 by default); one more is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Link, Resource};
    /// use hal_paging::{Pager, PagerError};
    ///
    /// let mut n = 0;
    /// let endless = move |_: url::Url| -> Result<Resource, std::io::Error> {
    ///     n += 1;
    ///     Ok(Resource::object().with_link("next", Link::new(format!("/p{n}"))))
    /// };
    /// let first = url::Url::parse("https://api.example.com/p0").unwrap();
    /// let result: Result<Vec<_>, _> = Pager::new(first, "objects", endless).with_max_pages(5).collect();
    /// assert!(matches!(result, Err(PagerError::TooManyPages { max: 5 })));
    /// ```
    #[must_use]
    pub fn with_max_pages(mut self, max: usize) -> Self {
        self.walk.max_pages = max;
        self
    }

    /// How many pages have been fetched so far.
    ///
    /// # Examples
    ///
    /// ```
    /// let fetch = |_: url::Url| Ok::<_, std::io::Error>(hal_core::Resource::object());
    /// let mut pager = hal_paging::Pager::new(url::Url::parse("https://x.example/").unwrap(), "objects", fetch);
    /// assert!(pager.next().is_none());
    /// assert_eq!(pager.pages_fetched(), 1);
    /// ```
    #[must_use]
    pub fn pages_fetched(&self) -> usize {
        self.walk.pages
    }

    /// The items read as a derived type `T`, each a [`PagerError::BadItem`] when it does not
    /// fit (no JSON round trip by the caller).
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{HalResource, Resource};
    /// use hal_paging::Pager;
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
    /// struct Trip { id: u64 }
    ///
    /// let fetch = |_: url::Url| Ok::<_, std::io::Error>(Resource::object().with_embedded_many(
    ///     "objects",
    ///     [Resource::object().with_member("id", 7)],
    /// ));
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// let trips: Vec<Trip> = Pager::new(first, "objects", fetch).typed().collect::<Result<_, _>>()?;
    /// assert_eq!(trips[0].id, 7);
    /// # Ok::<(), hal_paging::PagerError>(())
    /// ```
    pub fn typed<T>(mut self) -> impl Iterator<Item = Result<T, PagerError>>
    where
        T: for<'de> HalDeserialize<'de>,
    {
        std::iter::from_fn(move || {
            let item = self.next()?;
            Some(item.and_then(|item| typed_item(item, self.walk.page.clone())))
        })
    }
}

impl<F, E> Iterator for Pager<F, E>
where
    F: FnMut(Url) -> Result<Resource, E>,
    E: Into<BoxError>,
{
    type Item = Result<Resource, PagerError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.walk.step() {
                Step::Item(item) => return Some(Ok(item)),
                Step::Failed(error) => return Some(Err(error)),
                Step::Done => return None,
                Step::Fetch(url) => match (self.fetch)(url.clone()) {
                    Ok(page) => self.walk.load(page, &url),
                    Err(source) => return Some(Err(self.walk.fetch_failed(url, source))),
                },
            }
        }
    }
}

/// The async pager (feature `stream`): every item of a paged collection as a `Stream`, with an
/// async fetch function. The same shape and rules as [`Pager`]: `new(first, rel, fetch)`, the
/// fetch function takes the page's `Url`, [`with_max_pages`](Self::with_max_pages) caps the
/// walk, loops are errors.
///
/// The stream is not `Unpin` (it holds the fetch's future): pin it to poll it with `next()`.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "stream")] {
/// use futures_util::StreamExt;
/// use hal_core::{Link, Resource};
/// use hal_paging::PagerStream;
///
/// # futures_executor::block_on(async {
/// let fetch = |url: url::Url| async move {
///     let n = if url.query() == Some("page=2") { 2 } else { 1 };
///     let mut page = Resource::object().with_embedded_many("objects", [Resource::object().with_member("n", n)]);
///     if n == 1 {
///         page = page.with_link("next", Link::new("?page=2"));
///     }
///     Ok::<_, std::convert::Infallible>(page)
/// };
/// let first = url::Url::parse("https://api.example.com/trips").unwrap();
/// let items = PagerStream::new(first, "objects", fetch).with_max_pages(100).into_stream();
/// let mut items = std::pin::pin!(items);
/// let mut count = 0;
/// while let Some(item) = items.next().await {
///     item?;
///     count += 1;
/// }
/// assert_eq!(count, 2);
/// # Ok::<(), hal_paging::PagerError>(())
/// # }).unwrap();
/// # }
/// ```
#[cfg(feature = "stream")]
pub struct PagerStream<F, E> {
    fetch: F,
    walk: Walk<Resource>,
    error: PhantomData<fn() -> E>,
}

#[cfg(feature = "stream")]
impl<F, Fut, E> PagerStream<F, E>
where
    F: FnMut(Url) -> Fut,
    Fut: std::future::Future<Output = Result<Resource, E>>,
    E: Into<BoxError>,
{
    /// A walk that starts by fetching `first` and reads the items under `rel`.
    ///
    /// # Examples
    ///
    /// ```
    /// let fetch = |_: url::Url| async { Ok::<_, std::io::Error>(hal_core::Resource::object()) };
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// let _stream = hal_paging::PagerStream::new(first, "objects", fetch).into_stream();
    /// ```
    pub fn new(first: Url, rel: impl Into<String>, fetch: F) -> Self {
        Self {
            fetch,
            walk: Walk::new(first, rel.into()),
            error: PhantomData,
        }
    }

    /// The most pages the walk fetches (10 000 by default); one more is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// let fetch = |_: url::Url| async { Ok::<_, std::io::Error>(hal_core::Resource::object()) };
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// let _stream = hal_paging::PagerStream::new(first, "objects", fetch).with_max_pages(3);
    /// ```
    #[must_use]
    pub fn with_max_pages(mut self, max: usize) -> Self {
        self.walk.max_pages = max;
        self
    }

    /// The items as a `Stream`.
    ///
    /// # Examples
    ///
    /// See [`PagerStream`].
    pub fn into_stream(self) -> impl futures_core::Stream<Item = Result<Resource, PagerError>> {
        use futures_util::StreamExt as _;
        self.walk_items().map(|item| item.map(|(item, _page)| item))
    }

    /// Each item with the page it is on.
    fn walk_items(self) -> impl futures_core::Stream<Item = Result<(Resource, Url), PagerError>> {
        walk_stream(self.walk, self.fetch, Walk::load)
    }

    /// The items read as a derived type `T`, as a `Stream`; see [`Pager::typed`].
    ///
    /// # Examples
    ///
    /// ```
    /// use futures_util::StreamExt;
    /// use hal_core::{HalResource, Resource};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
    /// struct Trip { id: u64 }
    ///
    /// # futures_executor::block_on(async {
    /// let fetch = |_: url::Url| async {
    ///     Ok::<_, std::io::Error>(Resource::object().with_embedded_many("objects", [Resource::object().with_member("id", 7)]))
    /// };
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// let trips: Vec<_> = hal_paging::PagerStream::new(first, "objects", fetch).into_typed_stream::<Trip>().collect().await;
    /// assert_eq!(trips[0].as_ref().map(|t| t.id).ok(), Some(7));
    /// # });
    /// ```
    pub fn into_typed_stream<T>(self) -> impl futures_core::Stream<Item = Result<T, PagerError>>
    where
        T: for<'de> HalDeserialize<'de>,
    {
        use futures_util::StreamExt as _;
        self.walk_items().map(|item| {
            let (item, page) = item?;
            typed_item(item, page)
        })
    }
}

/// The typed pager (feature `stream`): every item of a paged collection as a derived type,
/// read straight from each page's bytes by the fetch function (with
/// [`Page::parse`](crate::Page::parse)), with no dynamic resource between. The
/// same rules as [`PagerStream`]: `next`, loop detection, a page cap.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "stream")] {
/// use futures_util::StreamExt;
/// use hal_core::{HalResource, Limits};
/// use hal_paging::TypedPagerStream;
///
/// #[derive(serde::Serialize, serde::Deserialize, HalResource)]
/// struct Trip { id: u64 }
///
/// # futures_executor::block_on(async {
/// let fetch = |url: url::Url| async move {
///     let json: &[u8] = if url.query() == Some("page=2") {
///         br#"{"_embedded":{"trips":[{"id":3}]}}"#
///     } else {
///         br#"{"_links":{"next":{"href":"?page=2"}},"_embedded":{"trips":[{"id":1},{"id":2}]}}"#
///     };
///     hal_paging::Page::<Trip>::parse(json, "trips", Limits::DEFAULT)
/// };
/// let first = url::Url::parse("https://api.example.com/trips").unwrap();
/// let ids: Vec<u64> = TypedPagerStream::new(first, fetch)
///     .into_stream()
///     .map(|trip| trip.map(|t| t.id).unwrap_or_default())
///     .collect()
///     .await;
/// assert_eq!(ids, [1, 2, 3]);
/// # });
/// # }
/// ```
#[cfg(feature = "stream")]
pub struct TypedPagerStream<F, E, T> {
    fetch: F,
    walk: Walk<T>,
    error: PhantomData<fn() -> E>,
}

#[cfg(feature = "stream")]
impl<F, Fut, E, T> TypedPagerStream<F, E, T>
where
    F: FnMut(Url) -> Fut,
    Fut: std::future::Future<Output = Result<crate::Page<T>, E>>,
    E: Into<BoxError>,
{
    /// A walk that starts by fetching `first`; `fetch` reads each page's links and items.
    ///
    /// # Examples
    ///
    /// See [`TypedPagerStream`].
    pub fn new(first: Url, fetch: F) -> Self {
        Self {
            fetch,
            walk: Walk::new(first, String::new()),
            error: PhantomData,
        }
    }

    /// The most pages the walk fetches (10 000 by default); one more is an error.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_core::{Limits, Resource};
    ///
    /// let fetch = |_: url::Url| async { hal_paging::Page::<Resource>::parse(b"{}", "items", Limits::DEFAULT) };
    /// let first = url::Url::parse("https://api.example.com/items").unwrap();
    /// let _stream = hal_paging::TypedPagerStream::new(first, fetch).with_max_pages(3).into_stream();
    /// ```
    #[must_use]
    pub fn with_max_pages(mut self, max: usize) -> Self {
        self.walk.max_pages = max;
        self
    }

    /// The items as a `Stream`.
    ///
    /// # Examples
    ///
    /// See [`TypedPagerStream`].
    pub fn into_stream(self) -> impl futures_core::Stream<Item = Result<T, PagerError>> {
        use futures_util::StreamExt as _;
        let load = |walk: &mut Walk<T>, page: crate::Page<T>, url: &Url| {
            let (links, items) = page.into_parts();
            walk.load_items(items, &links, url);
        };
        walk_stream(self.walk, self.fetch, load).map(|item| item.map(|(item, _page)| item))
    }
}

/// The async walk both streaming pagers run: each item with the page it is on, `load` reading
/// a fetched page (`P`) into the walk.
#[cfg(feature = "stream")]
fn walk_stream<I, P, F, Fut, E>(
    walk: Walk<I>,
    fetch: F,
    load: impl Fn(&mut Walk<I>, P, &Url),
) -> impl futures_core::Stream<Item = Result<(I, Url), PagerError>>
where
    F: FnMut(Url) -> Fut,
    Fut: std::future::Future<Output = Result<P, E>>,
    E: Into<BoxError>,
{
    futures_util::stream::unfold(
        (walk, fetch, load),
        |(mut walk, mut fetch, load)| async move {
            loop {
                match walk.step() {
                    Step::Item(item) => {
                        let page = walk.page.clone();
                        return Some((Ok((item, page)), (walk, fetch, load)));
                    }
                    Step::Failed(error) => return Some((Err(error), (walk, fetch, load))),
                    Step::Done => return None,
                    Step::Fetch(url) => match fetch(url.clone()).await {
                        Ok(page) => load(&mut walk, page, &url),
                        Err(source) => {
                            let error = walk.fetch_failed(url, source);
                            return Some((Err(error), (walk, fetch, load)));
                        }
                    },
                }
            }
        },
    )
}
