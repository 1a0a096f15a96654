//! Properties of paging links over any total, limit and offset.

use hal_paging::{PageLinks, PageRequest, Paging, Total};
use proptest::prelude::*;

const BASE: &str = "/connectedcar/v2/trips";

fn offset_of(paging: &Paging, href: &str) -> PageRequest {
    let query = href
        .strip_prefix(BASE)
        .and_then(|q| q.strip_prefix('?'))
        .unwrap();
    paging.parse_query(query).unwrap()
}

fn links_at(
    paging: &Paging,
    offset: u64,
    limit: u64,
    others: &[(String, String)],
    total: u64,
) -> PageLinks {
    let mut request = PageRequest::new(offset, limit);
    for (name, value) in others {
        request = request.with_parameter(name.clone(), value.clone());
    }
    paging.links(&request, BASE, Total::Exact(total))
}

fn paging_strategy() -> impl Strategy<Value = Paging> {
    prop_oneof![
        Just(Paging::offset_limit().with_max_limit(1000, hal_paging::OverMaximum::Reject)),
        Just(Paging::page_size(0).with_max_limit(1000, hal_paging::OverMaximum::Reject)),
        Just(Paging::page_size(1).with_max_limit(1000, hal_paging::OverMaximum::Reject)),
    ]
}

fn others_strategy() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[a-z]{1,6}|\\PC{1,6}", "\\PC{0,8}"), 0..3).prop_map(|pairs| {
        // The paging parameters themselves are not "other" parameters.
        pairs
            .into_iter()
            .filter(|(n, _)| !["offset", "limit", "page", "size"].contains(&n.as_str()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn prop_no_panic_or_overflow_for_any_offset(
        total in 0u64..=1_000_000_000_000,
        limit in 1u64..=1000,
        offset in any::<u64>(),
    ) {
        let paging = Paging::offset_limit().with_max_limit(1000, hal_paging::OverMaximum::Reject);
        let links = links_at(&paging, offset, limit, &[], total);
        prop_assert_eq!(offset_of(&paging, links.self_href()).offset(), offset, "self is not the current page");
        if let Some(next) = links.next() {
            let next = offset_of(&paging, next).offset();
            prop_assert!(next > offset && next < total, "next {next} outside ({offset}, {total})");
        }
        if let Some(prev) = links.prev() {
            prop_assert!(offset_of(&paging, prev).offset() < offset, "prev does not go back");
        }
        prop_assert!(links.last().is_some(), "an exact total always has a last page");
        let _ = links.link_header();
    }

    #[test]
    fn prop_walking_next_from_first_visits_every_index_once_and_reaches_last(
        paging in paging_strategy(),
        total in prop_oneof![0u64..=50_000, 0u64..=1_000_000_000_000],
        limit in 1u64..=1000,
        k in any::<u64>(),
    ) {
        let pages = total.div_ceil(limit).max(1);
        let last_href = links_at(&paging, 0, limit, &[], total).last().unwrap().to_owned();
        if pages <= 2_000 {
            let mut visited = 0u64;
            let mut href = links_at(&paging, 0, limit, &[], total).first().unwrap().to_owned();
            loop {
                let request = offset_of(&paging, &href);
                prop_assert_eq!(request.offset(), visited, "page does not start where the previous ended");
                visited += limit.min(total - request.offset());
                let links = links_at(&paging, request.offset(), limit, &[], total);
                match links.next() {
                    Some(next) => href = next.to_owned(),
                    None => {
                        prop_assert_eq!(&href, &last_href, "the walk did not end on `last`");
                        break;
                    }
                }
            }
            prop_assert_eq!(visited, total, "indices visited");
        } else {
            // Too many pages to walk: check the induction step on page k and on the last page.
            let k = k % pages;
            let links = links_at(&paging, k * limit, limit, &[], total);
            let next = links.next().map(|n| offset_of(&paging, n).offset());
            if (k + 1) * limit < total {
                prop_assert_eq!(next, Some((k + 1) * limit), "pages are not contiguous at {}", k);
            } else {
                prop_assert_eq!(next, None);
                prop_assert_eq!(links.self_href(), last_href.as_str());
            }
            let last = links_at(&paging, (pages - 1) * limit, limit, &[], total);
            prop_assert!(last.next().is_none(), "`last` has a next");
            prop_assert!((pages - 1) * limit < total && total <= pages * limit, "`last` does not hold the end");
        }
    }

    #[test]
    fn prop_prev_of_next_is_the_same_page(
        paging in paging_strategy(),
        total in 1u64..=1_000_000_000_000,
        limit in 1u64..=1000,
        k in any::<u64>(),
    ) {
        let pages = total.div_ceil(limit);
        let offset = (k % pages) * limit;
        let links = links_at(&paging, offset, limit, &[], total);
        if let Some(next) = links.next() {
            let next_offset = offset_of(&paging, next).offset();
            let back = links_at(&paging, next_offset, limit, &[], total);
            prop_assert_eq!(back.prev(), Some(links.self_href()), "prev of next differs");
        }
    }

    #[test]
    fn prop_every_link_parses_back_into_its_request(
        paging in paging_strategy(),
        total in 0u64..=1_000_000,
        limit in 1u64..=1000,
        k in 0u64..2000,
        others in others_strategy(),
    ) {
        let offset = k * limit;
        let links = links_at(&paging, offset, limit, &others, total);
        for (rel, href) in links.iter() {
            let request = offset_of(&paging, href);
            prop_assert_eq!(request.limit(), limit, "{} lost the limit", rel);
            prop_assert_eq!(request.other_parameters(), others.as_slice(), "{} lost parameters: {}", rel, href);
            prop_assert!(href.bytes().all(|b| b.is_ascii_graphic()), "{} is not encoded: {:?}", rel, href);
        }
        prop_assert_eq!(offset_of(&paging, links.self_href()).offset(), offset);
    }

    #[test]
    fn prop_an_index_range_walk_visits_the_range_once_in_its_own_spelling(
        total in 0u64..=5_000,
        size in 1u64..=100,
        start in 0u64..=5_000,
        length in proptest::option::of(0u64..=5_000),
    ) {
        let paging = Paging::offset_limit().with_index_range();
        let end = length.map(|length| start + length);
        let range = end.map_or_else(|| format!("{start}-"), |end| format!("{start}-{end}"));
        let mut href = format!("{BASE}?indexRange={range}&pageSize={size}");
        // Indexes the range and the collection have in common.
        let expected = end.map_or(total, |end| total.min(end + 1)).saturating_sub(start);
        let mut visited = 0u64;
        for _ in 0..=expected.div_ceil(size) {
            let request = offset_of(&paging, &href);
            prop_assert!(request.uses_index_range(), "{href} lost the spelling");
            prop_assert_eq!(request.index_range_end(), end, "{} lost the range's end", href);
            prop_assert_eq!(request.offset(), start + visited, "pages are not contiguous");
            let on_page = request.limit().min(total.saturating_sub(request.offset()));
            visited += on_page;
            let links = paging.links(&request, BASE, Total::Exact(total));
            prop_assert_eq!(links.self_href(), href.as_str());
            for (_, link) in links.iter() {
                prop_assert!(link.contains("pageSize=") && !link.contains("limit="), "{link}");
            }
            match links.next() {
                Some(next) => href = next.to_owned(),
                None => break,
            }
        }
        prop_assert_eq!(visited, expected, "indexes visited");
    }

    #[test]
    fn prop_query_parsing_never_panics(query in "\\PC{0,40}|((indexRange|pageSize|[a-z%0-9+-]{0,6})=[a-z%0-9+-]{0,24}&?){0,4}") {
        // Cursor paging is a type of its own (`Paging<Cursors>`), hence the second list.
        let offsets = [Paging::offset_limit(), Paging::page_size(1), Paging::offset_limit().with_index_range()]
            .map(|p| p.parse_query(&query));
        let cursors = [Paging::cursor()].map(|p| p.parse_query(&query));
        for result in offsets.into_iter().chain(cursors) {
            if let Err(error) = result {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}

#[test]
fn bad_index_ranges_and_mixed_spellings_name_the_parameter() {
    let paging = Paging::offset_limit().with_index_range();
    for (query, parameter, message) in [
        (
            "indexRange=5-3",
            "indexRange",
            "`indexRange` must be `START-` or `START-END`, START at most END (got \"5-3\")",
        ),
        ("indexRange=5", "indexRange", ""),
        ("indexRange=-5", "indexRange", ""),
        ("indexRange=a-", "indexRange", ""),
        ("indexRange=0-1&indexRange=0-2", "indexRange", ""),
        ("pageSize=0", "pageSize", "`pageSize` must be at least 1"),
        ("pageSize=x", "pageSize", ""),
        (
            "limit=5&indexRange=0-",
            "indexRange",
            "`indexRange` cannot be combined with `limit`",
        ),
        (
            "pageSize=5&offset=3",
            "pageSize",
            "`pageSize` cannot be combined with `offset`",
        ),
    ] {
        let error = paging.parse_query(query).unwrap_err();
        assert_eq!(error.parameter(), parameter, "{query}");
        if !message.is_empty() {
            assert_eq!(error.to_string(), message, "{query}");
        }
    }
    // Without `with_index_range` they are ordinary parameters.
    let request = Paging::offset_limit()
        .parse_query("indexRange=5-3&pageSize=0")
        .unwrap();
    assert!(!request.uses_index_range());
    assert_eq!(request.other_parameters().len(), 2);
}
