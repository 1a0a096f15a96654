//! Collection metadata written beside the paging links.

use serde::{Deserialize, Serialize};

use crate::links::Total;
use crate::request::PageRequest;

/// The origin API's `total`, with the optional `currentPage` and `totalPage` (pages counted
/// from 1); flatten it into a collection's state.
///
/// # Examples
///
/// ```
/// use hal_paging::{PageRequest, Totals};
///
/// let totals = Totals::new(100);
/// assert_eq!(serde_json::to_string(&totals)?, r#"{"total":100}"#);
///
/// let totals = Totals::with_pages(&PageRequest::new(20, 10), 95);
/// assert_eq!(serde_json::to_string(&totals)?, r#"{"total":95,"currentPage":3,"totalPage":10}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// The number of items in the collection, after filters.
    pub total: u64,
    /// The current page, counted from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_page: Option<u64>,
    /// The number of pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_page: Option<u64>,
}

impl Totals {
    /// Only the total.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_paging::Totals::new(3).current_page, None);
    /// ```
    #[must_use]
    pub fn new(total: u64) -> Self {
        Self {
            total,
            current_page: None,
            total_page: None,
        }
    }

    /// The total with the page numbers of `request`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, Totals};
    ///
    /// let totals = Totals::with_pages(&PageRequest::new(0, 10), 0);
    /// assert_eq!((totals.current_page, totals.total_page), (Some(1), Some(0)));
    /// ```
    #[must_use]
    pub fn with_pages(request: &PageRequest, total: u64) -> Self {
        Self {
            total,
            current_page: Some(page_index(request).saturating_add(1)),
            total_page: Some(page_count(total, request.page_size())),
        }
    }
}

/// A Spring-style `page` object: `size`, `totalElements`, `totalPages`, `number` (from 0).
///
/// # Examples
///
/// ```
/// use hal_paging::{PageRequest, SpringPage, Total};
///
/// let page = SpringPage::new(&PageRequest::new(20, 10), Total::Exact(95));
/// assert_eq!(
///     serde_json::to_string(&page)?,
///     r#"{"size":10,"totalElements":95,"totalPages":10,"number":2}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpringPage {
    /// The page size.
    pub size: u64,
    /// The number of items, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_elements: Option<u64>,
    /// The number of pages, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u64>,
    /// The current page, counted from 0.
    pub number: u64,
}

impl SpringPage {
    /// The page object of `request` in a collection of `total` items.
    ///
    /// # Examples
    ///
    /// ```
    /// use hal_paging::{PageRequest, SpringPage, Total};
    ///
    /// let page = SpringPage::new(&PageRequest::new(0, 10), Total::HasMore(true));
    /// assert_eq!(page.total_pages, None);
    /// ```
    #[must_use]
    pub fn new(request: &PageRequest, total: Total) -> Self {
        let total = match total {
            Total::Exact(n) => Some(n),
            Total::HasMore(_) | Total::Unknown => None,
        };
        Self {
            size: request.page_size(),
            total_elements: total,
            total_pages: total.map(|n| page_count(n, request.page_size())),
            number: page_index(request),
        }
    }
}

fn page_index(request: &PageRequest) -> u64 {
    request.offset() / request.page_size()
}

fn page_count(total: u64, limit: u64) -> u64 {
    total.div_ceil(limit)
}
