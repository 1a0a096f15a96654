//! The names the derive reads in attributes.

pub(crate) const HAL: &str = "hal";
pub(crate) const SERDE: &str = "serde";

// Container keys.
pub(crate) const SELF_LINK: &str = "self_link";
pub(crate) const LINK: &str = "link";
pub(crate) const CURIE: &str = "curie";
pub(crate) const CRATE: &str = "crate";

// Field keys.
pub(crate) const EMBEDDED: &str = "embedded";
pub(crate) const LINKS: &str = "links";

// Nested keys.
pub(crate) const REL: &str = "rel";
pub(crate) const HREF: &str = "href";
pub(crate) const TEMPLATED: &str = "templated";
pub(crate) const SKIP_IF: &str = "skip_if";
pub(crate) const NAME: &str = "name";

// Serde keys the derive reads or refuses.
pub(crate) const RENAME: &str = "rename";
pub(crate) const RENAME_ALL: &str = "rename_all";
pub(crate) const SERIALIZE: &str = "serialize";
pub(crate) const UNSUPPORTED_SERDE_CONTAINER: [&str; 7] = [
    "transparent",
    "from",
    "try_from",
    "into",
    "remote",
    "untagged",
    "tag",
];
