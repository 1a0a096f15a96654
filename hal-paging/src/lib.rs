//! Paging for HAL collections, independent of any HTTP framework.
//!
//! - [`Paging`] reads a [`PageRequest`] from a query string (offset/limit, page/size or cursor
//!   style, and optionally `indexRange`/`pageSize` beside the first two) with a [`QueryError`]
//!   that names the parameter.
//! - [`Paging::links`] turns the request and what is known of the [`Total`] into [`PageLinks`]:
//!   `self`, `first`, `prev`, `next`, `last`, keeping the request's other parameters; for
//!   cursor paging ([`Paging<Cursors>`](Cursors)), [`Paging::cursor_links`] does from the
//!   service's tokens. Each kind only has its own builder. The links go
//!   into a resource's `Links` (`From<PageLinks> for Links`, usable with `#[hal(links)]`) or an
//!   RFC 8288 `Link` header.
//! - [`Totals`] and [`SpringPage`] are the metadata written beside them.
//! - [`Page`] reads a collection page for a client in one pass: its links and the items under
//!   one relation, typed.
//! - [`Pager`] walks a collection for a client, following `next`, item by item as `Resource`s
//!   or, with [`Pager::typed`], as a derived type; with the `stream` feature, `PagerStream`
//!   does the same as an async `Stream`, in the same shape.
//!
//! # Example
//!
//! ```
//! use hal_core::Resource;
//! use hal_paging::{Paging, Total, Totals};
//!
//! let paging = Paging::offset_limit();
//! let request = paging.parse_query("status=open&offset=10&limit=10")?;
//! let links = paging.links(&request, "/connectedcar/v2/trips", Total::Exact(100));
//! let page = Resource::new(Totals::new(100)).with_all_links(links);
//! assert_eq!(
//!     page.links().get("next").map(|l| l.href()),
//!     Some("/connectedcar/v2/trips?status=open&offset=20&limit=10")
//! );
//! # Ok::<(), hal_paging::QueryError>(())
//! ```

#![warn(missing_docs)]
// Feature badges on docs.rs (`--cfg docsrs` there, see Cargo.toml).
#![cfg_attr(docsrs, feature(doc_cfg))]
// Library code returns errors; tests may unwrap.
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod links;
mod meta;
mod page;
mod pager;
mod query;
mod request;

pub use links::{CursorPage, PageLinks, Total};
pub use meta::{SpringPage, Totals};
pub use page::Page;
pub use pager::{BoxError, Pager, PagerError};
#[cfg(feature = "stream")]
#[cfg_attr(docsrs, doc(cfg(feature = "stream")))]
pub use pager::{PagerStream, TypedPagerStream};
pub use request::{
    Addressing, Cursors, INDEX_RANGE, Offsets, OverMaximum, PAGE_SIZE, PageRequest, Paging,
    QueryError, QueryErrorKind, Style,
};
/// The `url` crate, whose `Url` the pager takes and gives.
pub use url;
