//! Walking a paged HAL collection by following `next`.

use std::collections::HashSet;
use std::fmt;

use hal_core::Resource;
use url::Url;

/// Why a walk stopped early.
#[derive(Debug)]
#[non_exhaustive]
pub enum PagerError<E> {
    /// The fetch function failed for this URL.
    Fetch {
        /// The page that could not be fetched.
        url: Url,
        /// The fetch function's error.
        source: E,
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
}

impl<E: fmt::Display> fmt::Display for PagerError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fetch { url, source } => write!(f, "cannot fetch {url}: {source}"),
            Self::Loop { url } => write!(f, "`next` leads back to {url}, a page seen before"),
            Self::TooManyPages { max } => write!(f, "more than {max} pages"),
            Self::BadNextLink { href, reason } => write!(f, "bad `next` link `{href}`: {reason}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for PagerError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Fetch { source, .. } => Some(source),
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
/// let fetch = |url: &Url| -> Result<Resource, std::convert::Infallible> {
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
/// # Ok::<(), hal_paging::PagerError<std::convert::Infallible>>(())
/// ```
pub struct Pager<F, E> {
    fetch: F,
    walk: Walk<E>,
}

/// The state of a walk, shared by the blocking and the async pager.
struct Walk<E> {
    rel: String,
    next: Option<Url>,
    items: std::vec::IntoIter<Resource>,
    /// An error found while loading a page, reported after that page's items.
    pending: Option<PagerError<E>>,
    seen: HashSet<Url>,
    pages: usize,
    max_pages: usize,
}

/// What a walk does next.
enum Step<E> {
    Item(Resource),
    Failed(PagerError<E>),
    Fetch(Url),
    Done,
}

impl<E> Walk<E> {
    fn new(first: Url, rel: String) -> Self {
        Self {
            rel,
            next: Some(first),
            items: Vec::new().into_iter(),
            pending: None,
            seen: HashSet::new(),
            pages: 0,
            max_pages: 10_000,
        }
    }

    /// The next item, error or page to fetch (counted as fetched).
    fn step(&mut self) -> Step<E> {
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

    fn load(&mut self, mut page: Resource, url: &Url) {
        self.items = page.embedded_mut().remove(&self.rel).into_iter();
        self.next = None;
        if let Some(link) = page.links().get("next") {
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
    fn fail(&mut self, error: PagerError<E>) -> Step<E> {
        self.next = None;
        Step::Failed(error)
    }
}

impl<F, E> Pager<F, E>
where
    F: FnMut(&Url) -> Result<Resource, E>,
{
    /// A walk that starts by fetching `first` and reads the items under `rel`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::Pager;
    ///
    /// let fetch = |_: &url::Url| Ok::<_, std::io::Error>(hal_core::Resource::object());
    /// let first = url::Url::parse("https://api.example.com/trips").unwrap();
    /// assert_eq!(Pager::new(first, "objects", fetch).count(), 0);
    /// ```
    pub fn new(first: Url, rel: impl Into<String>, fetch: F) -> Self {
        Self {
            fetch,
            walk: Walk::new(first, rel.into()),
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
    /// let fetch = |_: &url::Url| -> Result<Resource, std::io::Error> { unreachable!("no next link") };
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
    /// let endless = move |_: &url::Url| -> Result<Resource, std::io::Error> {
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
    /// let fetch = |_: &url::Url| Ok::<_, std::io::Error>(hal_core::Resource::object());
    /// let mut pager = hal_paging::Pager::new(url::Url::parse("https://x.example/").unwrap(), "objects", fetch);
    /// assert!(pager.next().is_none());
    /// assert_eq!(pager.pages_fetched(), 1);
    /// ```
    #[must_use]
    pub fn pages_fetched(&self) -> usize {
        self.walk.pages
    }
}

impl<F, E> Iterator for Pager<F, E>
where
    F: FnMut(&Url) -> Result<Resource, E>,
{
    type Item = Result<Resource, PagerError<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.walk.step() {
                Step::Item(item) => return Some(Ok(item)),
                Step::Failed(error) => return Some(Err(error)),
                Step::Done => return None,
                Step::Fetch(url) => match (self.fetch)(&url) {
                    Ok(page) => self.walk.load(page, &url),
                    Err(source) => {
                        self.walk.next = None;
                        return Some(Err(PagerError::Fetch { url, source }));
                    }
                },
            }
        }
    }
}

/// The async pager (feature `stream`): every item of a paged collection as a `Stream`, with an
/// async fetch function; the same rules as [`Pager`] (loop detection, a page cap of `max_pages`).
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "stream")] {
/// use futures_util::StreamExt;
/// use hal_core::{Link, Resource};
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
/// let items: Vec<_> = hal_paging::stream(first, "objects", 100, fetch).collect().await;
/// assert_eq!(items.len(), 2);
/// # });
/// # }
/// ```
#[cfg(feature = "stream")]
pub fn stream<F, Fut, E>(
    first: Url,
    rel: impl Into<String>,
    max_pages: usize,
    fetch: F,
) -> impl futures_core::Stream<Item = Result<Resource, PagerError<E>>>
where
    F: FnMut(Url) -> Fut,
    Fut: std::future::Future<Output = Result<Resource, E>>,
{
    let mut walk = Walk::new(first, rel.into());
    walk.max_pages = max_pages;
    futures_util::stream::unfold((walk, fetch), |(mut walk, mut fetch)| async move {
        loop {
            match walk.step() {
                Step::Item(item) => return Some((Ok(item), (walk, fetch))),
                Step::Failed(error) => return Some((Err(error), (walk, fetch))),
                Step::Done => return None,
                Step::Fetch(url) => match fetch(url.clone()).await {
                    Ok(page) => walk.load(page, &url),
                    Err(source) => {
                        walk.next = None;
                        return Some((Err(PagerError::Fetch { url, source }), (walk, fetch)));
                    }
                },
            }
        }
    })
}
