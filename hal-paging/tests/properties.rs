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
    fn prop_query_parsing_never_panics(query in "\\PC{0,40}|([a-z%0-9+-]{0,6}=[a-z%0-9+-]{0,24}&?){0,4}") {
        // Cursor paging is a type of its own (`Paging<Cursors>`), hence the second list.
        let offsets = [Paging::offset_limit(), Paging::page_size(1)].map(|p| p.parse_query(&query));
        let cursors = [Paging::cursor()].map(|p| p.parse_query(&query));
        for result in offsets.into_iter().chain(cursors) {
            if let Err(error) = result {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}
