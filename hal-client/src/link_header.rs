//! `Link` response headers (RFC 8288 §3), whose links join the document's.

use hal_core::Link;

/// The links of one `Link` field value: each target with its relation types (a `rel` may name
/// several, space-separated) and the `title`, `type`, `hreflang` and `name` parameters. A
/// malformed link-value is skipped, as RFC 8288 §3 lets a reader do.
pub(crate) fn parse(value: &str) -> Vec<(String, Link)> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let Some(after_open) = rest.strip_prefix('<') else {
            break;
        };
        let Some((target, after)) = after_open.split_once('>') else {
            break;
        };
        let (parameters, remainder) = parameters(after);
        rest = remainder;
        let mut link = Link::new(target.trim());
        let mut rels = Vec::new();
        for (name, value) in parameters {
            match name.to_ascii_lowercase().as_str() {
                "rel" => rels.extend(value.split_ascii_whitespace().map(str::to_owned)),
                "title" => link = link.with_title(value),
                "type" => link = link.with_type(value),
                "hreflang" => link = link.with_hreflang(value),
                "name" => link = link.with_name(value),
                _ => {}
            }
        }
        links.extend(rels.into_iter().map(|rel| (rel, link.clone())));
    }
    links
}

/// The `; name=value` parameters after a target, up to the `,` that ends the link-value.
fn parameters(mut text: &str) -> (Vec<(String, String)>, &str) {
    let mut found = Vec::new();
    loop {
        text = text.trim_start_matches([' ', '\t']);
        let Some(after) = text.strip_prefix(';') else {
            return (found, text);
        };
        let after = after.trim_start();
        let end = after.find(['=', ';', ',']).unwrap_or(after.len());
        let name = after[..end].trim().to_owned();
        let after = &after[end..];
        let Some(value_text) = after.strip_prefix('=') else {
            found.push((name, String::new()));
            text = after;
            continue;
        };
        let value_text = value_text.trim_start();
        let (value, remainder) = match value_text.strip_prefix('"') {
            Some(quoted) => quoted_string(quoted),
            None => {
                let end = value_text.find([';', ',']).unwrap_or(value_text.len());
                (value_text[..end].trim().to_owned(), &value_text[end..])
            }
        };
        found.push((name, value));
        text = remainder;
    }
}

/// An RFC 9110 quoted-string after its opening quote: the value and what follows.
fn quoted_string(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &text[i + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            c => value.push(c),
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc_8288_examples() {
        let links = parse(
            r#"<https://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter", </TheBook/chapter4>; rel="next start"; title="a, b; c""#,
        );
        let rels: Vec<&str> = links.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(rels, ["previous", "next", "start"]);
        assert_eq!(links[0].1.title(), Some("previous chapter"));
        assert_eq!(links[1].1.href(), "/TheBook/chapter4");
        assert_eq!(links[1].1.title(), Some("a, b; c"));
        assert_eq!(parse(r#"<x>; rel=next"#)[0].0, "next");
        assert!(parse("garbage").is_empty());
        assert!(parse("<unclosed; rel=next").is_empty());
    }
}
