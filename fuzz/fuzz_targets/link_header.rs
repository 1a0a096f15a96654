//! A `Link` header from any base and parameters: never a CR, LF, or `>` from an href.
#![no_main]

use hal_paging::{CursorPage, PageRequest, Paging, Total};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{1}');
    let base = parts.next().unwrap_or("");
    let mut request = PageRequest::new(u64::from(text.len() as u32) * 7, (text.len() as u64 % 50) + 1);
    for pair in parts.by_ref().take(4) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        request = request.with_parameter(name, value);
    }
    let cursor = CursorPage { next: parts.next().map(str::to_owned), prev: parts.next().map(str::to_owned) };
    for links in [
        Paging::offset_limit().links(&request, base, Total::Exact(1_000)),
        Paging::cursor().cursor_links(&request, base, &cursor),
    ] {
        let header = links.link_header();
        assert!(!header.contains('\r') && !header.contains('\n'), "line break in {header:?}");
        assert_eq!(header.matches('<').count(), links.iter().count());
        assert_eq!(header.matches('>').count(), links.iter().count());
    }
});
