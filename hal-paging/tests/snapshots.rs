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

mod derived {
    use hal_core::{Hal, HalResource};
    use hal_paging::{PageLinks, Paging, Total};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, HalResource, Debug, PartialEq)]
    #[hal(self_link = "/connectedcar/v2/trips/{id}")]
    struct Trip {
        id: u64,
    }

    /// A derived collection: paging links through `#[hal(links)]`.
    #[derive(Serialize, Deserialize, HalResource, Debug, PartialEq)]
    struct TripPage {
        total: u64,
        #[hal(links)]
        paging: PageLinks,
        #[hal(embedded(rel = "objects"))]
        trips: Vec<Trip>,
    }

    #[test]
    fn page_links_in_a_derived_collection() {
        let paging = Paging::offset_limit();
        let request = paging.parse_query("offset=10&limit=2").unwrap();
        let page = TripPage {
            total: 14,
            paging: paging.links(&request, "/connectedcar/v2/trips", Total::Exact(14)),
            trips: vec![Trip { id: 10 }, Trip { id: 11 }],
        };
        let json = serde_json::to_value(Hal(&page)).unwrap();
        assert_eq!(
            json["_links"]["next"]["href"],
            "/connectedcar/v2/trips?offset=12&limit=2"
        );
        assert_eq!(
            json["_links"]["last"]["href"],
            "/connectedcar/v2/trips?offset=12&limit=2"
        );
        assert_eq!(json["total"], 14);
        let back: Hal<TripPage> = serde_json::from_value(json).unwrap();
        assert_eq!(back.into_inner(), page);
    }
}

#[test]
fn totals_and_spring_pages_round_trip() {
    use hal_paging::{SpringPage, Totals};
    let paging = Paging::offset_limit();
    let request = paging.parse_query("offset=20&limit=10").unwrap();
    for totals in [Totals::new(95), Totals::with_pages(&request, 95)] {
        let json = serde_json::to_string(&totals).unwrap();
        assert_eq!(serde_json::from_str::<Totals>(&json).unwrap(), totals);
    }
    for total in [Total::Exact(95), Total::Unknown] {
        let page = SpringPage::new(&request, total);
        let json = serde_json::to_string(&page).unwrap();
        assert_eq!(serde_json::from_str::<SpringPage>(&json).unwrap(), page);
    }
    // A shared model derives `Deserialize` with them inside.
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Page {
        #[serde(flatten)]
        totals: Totals,
        page: SpringPage,
    }
    let page = Page {
        totals: Totals::with_pages(&request, 95),
        page: SpringPage::new(&request, Total::Exact(95)),
    };
    let json = serde_json::to_string(&page).unwrap();
    assert_eq!(serde_json::from_str::<Page>(&json).unwrap(), page);
}
