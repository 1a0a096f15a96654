//! Any query string into every paging style: no panic, and every link parses back into the
//! request it stands for.
#![no_main]

use hal_paging::{Paging, Total};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    for paging in [Paging::offset_limit(), Paging::page_size(0), Paging::page_size(1)] {
        let Ok(request) = paging.parse_query(query) else { continue };
        for total in [Total::Exact(0), Total::Exact(request.offset().wrapping_mul(3) | 1), Total::HasMore(true), Total::Unknown] {
            let links = paging.links(&request, "/c", total);
            for (_, href) in links.iter() {
                let back = paging.parse_query(href.strip_prefix("/c?").expect("links keep the base")).expect("a link parses back");
                assert_eq!(back.limit(), request.limit());
                assert_eq!(back.other_parameters(), request.other_parameters());
            }
        }
    }
    let _ = Paging::cursor().parse_query(query);
});
