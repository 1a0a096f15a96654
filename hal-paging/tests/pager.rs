//! The pager against an in-memory collection.

use std::cell::Cell;

use hal_core::{Link, Resource};
use hal_paging::{Pager, PagerError, Paging, Total};
use url::Url;

/// A collection of `total` numbered items served `limit` at a time, as the demo service would.
fn collection(total: u64) -> impl FnMut(Url) -> Result<Resource, String> {
    move |url: Url| {
        let paging = Paging::offset_limit();
        let request = paging
            .parse_query(url.query().unwrap_or(""))
            .map_err(|e| e.to_string())?;
        let end = request.offset().saturating_add(request.limit()).min(total);
        let items =
            (request.offset().min(total)..end).map(|n| Resource::object().with_member("n", n));
        // Relative links, resolved by the pager against the page's own URL.
        let links = paging.links(&request, "trips", Total::Exact(total));
        Ok(Resource::object()
            .with_all_links(links)
            .with_embedded_many("objects", items))
    }
}

fn start() -> Url {
    Url::parse("https://api.example.com/connectedcar/v2/trips?limit=7").unwrap()
}

#[test]
fn every_item_exactly_once() {
    let items: Vec<u64> = Pager::new(start(), "objects", collection(100))
        .map(|item| item.unwrap().state()["n"].as_u64().unwrap())
        .collect();
    assert_eq!(items, (0..100).collect::<Vec<_>>());
}

#[test]
fn an_empty_collection_yields_nothing() {
    let mut pager = Pager::new(start(), "objects", collection(0));
    assert!(pager.next().is_none());
    assert_eq!(pager.pages_fetched(), 1);
}

#[test]
fn a_next_link_seen_before_is_a_loop_error() {
    let fetch = |url: Url| -> Result<Resource, String> {
        let next = if url.path() == "/a" { "/b" } else { "/a" };
        Ok(Resource::object()
            .with_link("next", Link::new(next))
            .with_embedded_many("objects", [Resource::object()]))
    };
    let results: Vec<_> =
        Pager::new(Url::parse("https://x.example/a").unwrap(), "objects", fetch).collect();
    assert_eq!(results.len(), 3, "two items, then the error");
    match results.last() {
        Some(Err(PagerError::Loop { url })) => assert_eq!(url.as_str(), "https://x.example/a"),
        other => panic!("expected a loop error, got {other:?}"),
    }
}

#[test]
fn a_fetch_error_is_surfaced_and_ends_the_walk() {
    let calls = Cell::new(0);
    let mut inner = collection(100);
    let fetch = |url: Url| {
        calls.set(calls.get() + 1);
        if calls.get() == 3 {
            Err("connection reset".to_owned())
        } else {
            inner(url)
        }
    };
    let results: Vec<_> = Pager::new(start(), "objects", fetch).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        14,
        "two pages of seven"
    );
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot fetch https://api.example.com/connectedcar/v2/trips?offset=14&limit=7: connection reset"
    );
    assert_eq!(calls.get(), 3, "nothing is fetched after an error");
}

#[test]
fn a_templated_next_link_is_an_error() {
    let fetch = |_: Url| -> Result<Resource, String> {
        Ok(Resource::object().with_link("next", Link::templated("/p{?n}").unwrap()))
    };
    let result: Result<Vec<_>, _> = Pager::new(start(), "objects", fetch).collect();
    assert!(matches!(result, Err(PagerError::BadNextLink { .. })));
}

#[cfg(feature = "stream")]
mod stream {
    use futures_util::StreamExt;

    use super::*;

    fn collect(
        stream: impl futures_core::Stream<Item = Result<Resource, PagerError>>,
    ) -> Vec<Result<Resource, PagerError>> {
        futures_executor::block_on(stream.collect())
    }

    #[test]
    fn every_item_exactly_once() {
        let mut inner = collection(100);
        let fetch = move |url: Url| std::future::ready(inner(url));
        let items: Vec<u64> = collect(
            hal_paging::PagerStream::new(start(), "objects", fetch)
                .with_max_pages(1_000)
                .into_stream(),
        )
        .into_iter()
        .map(|item| item.unwrap().state()["n"].as_u64().unwrap())
        .collect();
        assert_eq!(items, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_loop_and_a_fetch_error_end_the_stream_with_an_error() {
        let looping = |url: Url| {
            let next = if url.path() == "/a" { "/b" } else { "/a" };
            std::future::ready(Ok::<_, String>(
                Resource::object().with_link("next", Link::new(next)),
            ))
        };
        let results = collect(
            hal_paging::PagerStream::new(
                Url::parse("https://x.example/a").unwrap(),
                "objects",
                looping,
            )
            .with_max_pages(10)
            .into_stream(),
        );
        assert!(matches!(results.last(), Some(Err(PagerError::Loop { .. }))));

        let failing =
            |_: Url| std::future::ready(Err::<Resource, _>("connection reset".to_owned()));
        let results = collect(
            hal_paging::PagerStream::new(start(), "objects", failing)
                .with_max_pages(10)
                .into_stream(),
        );
        assert_eq!(results.len(), 1);
        assert!(
            matches!(&results[0], Err(PagerError::Fetch { source, .. }) if source.to_string() == "connection reset")
        );
    }
}

#[test]
fn items_can_be_read_as_a_derived_type() {
    #[derive(serde::Serialize, serde::Deserialize, hal_core::HalResource)]
    struct Item {
        n: u64,
    }
    let items: Vec<u64> = Pager::new(start(), "objects", collection(20))
        .typed::<Item>()
        .map(|item| item.unwrap().n)
        .collect();
    assert_eq!(items, (0..20).collect::<Vec<_>>());

    #[derive(serde::Serialize, serde::Deserialize, hal_core::HalResource)]
    struct Wrong {
        n: String,
    }
    let first = Pager::new(start(), "objects", collection(20))
        .typed::<Wrong>()
        .next();
    match first {
        Some(Err(PagerError::BadItem { page, source })) => {
            assert_eq!(page, start());
            assert_eq!(source.path().to_string(), "$.n");
        }
        _ => panic!("expected a bad item"),
    }
}

#[test]
fn errors_of_any_fetch_function_work_with_the_question_mark() {
    fn walk() -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
        let fetch = |_: Url| -> Result<Resource, Box<dyn std::error::Error + Send + Sync>> {
            Err("boxed".into())
        };
        let mut count = 0;
        for item in Pager::new(start(), "objects", fetch) {
            item?;
            count += 1;
        }
        Ok(count)
    }
    let error = walk().unwrap_err();
    assert!(error.to_string().ends_with(": boxed"), "{error}");
    let source = std::error::Error::source(&*error).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("boxed"));
}
