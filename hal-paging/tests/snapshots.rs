//! The origin API's collection (100 trips, 10 a page) as HAL, pinned as JSON snapshots.

use hal_core::Resource;
use hal_paging::{CursorPage, Paging, Total, Totals};

const BASE: &str = "/connectedcar/v2/trips";

fn page(query: &str, total: Total) -> Resource<Totals> {
    let paging = Paging::offset_limit();
    let request = paging.parse_query(query).unwrap();
    let totals = match total {
        Total::Exact(n) => Totals::new(n),
        _ => Totals::new(0),
    };
    Resource::new(totals).with_all_links(paging.links(&request, BASE, total))
}

#[test]
fn first_page() {
    insta::assert_json_snapshot!(page("offset=0&limit=10", Total::Exact(100)));
}

#[test]
fn middle_page() {
    insta::assert_json_snapshot!(page("offset=40&limit=10", Total::Exact(100)));
}

#[test]
fn last_page() {
    insta::assert_json_snapshot!(page("offset=90&limit=10", Total::Exact(100)));
}

#[test]
fn middle_page_with_unknown_total_and_a_filter() {
    let paging = Paging::offset_limit();
    let request = paging
        .parse_query("vin=VF3%20X&offset=40&limit=10")
        .unwrap();
    let links = paging.links(&request, BASE, Total::Unknown);
    insta::assert_json_snapshot!(Resource::new(()).with_all_links(links));
}

#[test]
fn has_more_false_ends_the_collection() {
    let paging = Paging::offset_limit();
    let request = paging.parse_query("offset=40&limit=10").unwrap();
    let links = paging.links(&request, BASE, Total::HasMore(false));
    assert_eq!(links.next(), None);
    assert_eq!(links.last(), None);
}

#[test]
fn cursor_page() {
    let paging = Paging::cursor();
    let request = paging.parse_query("cursor=eyJpZCI6NDJ9&limit=10").unwrap();
    let around = CursorPage {
        next: Some("eyJpZCI6NTJ9".into()),
        prev: Some("eyJpZCI6MzJ9".into()),
    };
    insta::assert_json_snapshot!(
        Resource::new(()).with_all_links(paging.cursor_links(&request, BASE, &around))
    );
}

#[test]
fn link_header_of_the_middle_page() {
    let paging = Paging::offset_limit();
    let request = paging.parse_query("offset=40&limit=10").unwrap();
    insta::assert_snapshot!(paging.links(&request, BASE, Total::Exact(100)).link_header(), @r#"</connectedcar/v2/trips?offset=40&limit=10>; rel="self", </connectedcar/v2/trips?offset=0&limit=10>; rel="first", </connectedcar/v2/trips?offset=30&limit=10>; rel="prev", </connectedcar/v2/trips?offset=50&limit=10>; rel="next", </connectedcar/v2/trips?offset=90&limit=10>; rel="last""#);
}
