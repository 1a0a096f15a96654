//! Finding a relation in a document and turning its link into a URL.

use hal_core::template::{Operator, Variables};
use hal_core::{Link, Resource};
use url::Url;

use crate::error::ErrorKind;

/// The link of `rel` (by name, CURIE or URI in the resource's scope), the one named `name`
/// when given; `Ok(None)` when the resource has no such link.
pub(crate) fn find_link<'a>(
    resource: &'a Resource,
    rel: &str,
    name: Option<&str>,
) -> Result<Option<&'a Link>, ErrorKind> {
    let links = resource.links_for(rel);
    match name {
        None => Ok(links.first()),
        Some(_) if links.is_empty() => Ok(None),
        Some(name) => links
            .iter()
            .find(|link| link.name() == Some(name))
            .map(Some)
            .ok_or_else(|| ErrorKind::NoSuchName {
                rel: rel.to_owned(),
                name: name.to_owned(),
            }),
    }
}

/// The first resource embedded under `rel` (by name, CURIE or URI in the resource's scope).
pub(crate) fn find_embedded<'a>(resource: &'a Resource, rel: &str) -> Option<&'a Resource> {
    let direct = resource.embedded().get_all(rel);
    if let Some(first) = direct.first() {
        return Some(first);
    }
    let scope = resource.curie_scope();
    let target = scope.resolve(rel);
    resource
        .embedded()
        .iter()
        .find(|(key, _)| scope.resolve(key.as_str()) == target)
        .and_then(|(_, resources)| resources.first())
}

/// The URL a link leads to: its href (a templated one expanded with `vars`) resolved against
/// the document's URL (RFC 3986 §5).
///
/// A templated link needs a value for every variable outside its query expressions (which are
/// optional by nature); variables for a link that is not templated are an error, not ignored.
pub(crate) fn link_url(
    base: &Url,
    rel: &str,
    link: &Link,
    vars: &Variables,
) -> Result<Url, ErrorKind> {
    let bad_href = |reason: String| ErrorKind::BadHref {
        href: link.href().to_owned(),
        reason,
    };
    let href = if link.is_templated() {
        let template = link
            .template()
            .map_err(|e| bad_href(e.to_string()))?
            .ok_or_else(|| bad_href("not a template".into()))?;
        for expression in template.expressions() {
            let optional = matches!(
                expression.operator(),
                Operator::Query | Operator::QueryContinuation
            );
            if optional {
                continue;
            }
            if let Some(missing) = expression
                .variables()
                .iter()
                .find(|v| vars.get(v.name()).is_none())
            {
                return Err(ErrorKind::MissingVariable {
                    rel: rel.to_owned(),
                    variable: missing.name().to_owned(),
                });
            }
        }
        template.expand(vars).map_err(|e| bad_href(e.to_string()))?
    } else if !vars.is_empty() {
        return Err(ErrorKind::NotTemplated {
            rel: rel.to_owned(),
        });
    } else {
        link.href().to_owned()
    };
    base.join(&href).map_err(|e| bad_href(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://api.example.com/connectedcar/v2/vehicles/VF1").unwrap()
    }

    #[test]
    fn hrefs_resolve_against_the_document() {
        let vars = Variables::new();
        let cases = [
            (
                "trips",
                "https://api.example.com/connectedcar/v2/vehicles/trips",
            ),
            (
                "VF1/trips",
                "https://api.example.com/connectedcar/v2/vehicles/VF1/trips",
            ),
            ("/fleets/f1", "https://api.example.com/fleets/f1"),
            (
                "../fleets",
                "https://api.example.com/connectedcar/v2/fleets",
            ),
            ("https://other.example/x", "https://other.example/x"),
        ];
        for (href, expected) in cases {
            let url = link_url(&base(), "r", &Link::new(href), &vars).unwrap();
            assert_eq!(url.as_str(), expected, "{href}");
        }
    }

    #[test]
    fn templates_need_their_path_variables_and_plain_links_take_none() {
        let link = Link::templated("/trips/{id}{?offset,limit}").unwrap();
        let missing = link_url(&base(), "cc:trip", &link, &Variables::new()).unwrap_err();
        assert!(matches!(missing, ErrorKind::MissingVariable { variable, .. } if variable == "id"));
        let url = link_url(&base(), "cc:trip", &link, &Variables::new().with("id", "7")).unwrap();
        assert_eq!(url.path(), "/trips/7");
        let plain = link_url(
            &base(),
            "self",
            &Link::new("/x"),
            &Variables::new().with("a", "1"),
        );
        assert!(matches!(plain, Err(ErrorKind::NotTemplated { .. })));
    }
}
