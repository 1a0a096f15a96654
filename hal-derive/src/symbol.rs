//! The names the derive reads in attributes.

pub(crate) const HAL: &str = "hal";
pub(crate) const SERDE: &str = "serde";

// Container keys.
pub(crate) const SELF_LINK: &str = "self_link";
pub(crate) const LINK: &str = "link";
pub(crate) const CURIE: &str = "curie";
pub(crate) const CURIES: &str = "curies";
pub(crate) const CRATE: &str = "crate";
pub(crate) const TEMPLATE: &str = "template";
pub(crate) const OPENAPI: &str = "openapi";

// Field keys.
pub(crate) const EMBEDDED: &str = "embedded";
pub(crate) const LINKS: &str = "links";

// Nested keys.
pub(crate) const REL: &str = "rel";
pub(crate) const HREF: &str = "href";
pub(crate) const TEMPLATED: &str = "templated";
pub(crate) const SKIP_IF: &str = "skip_if";
pub(crate) const NAME: &str = "name";
pub(crate) const METHOD: &str = "method";
pub(crate) const INPUT: &str = "input";
pub(crate) const TITLE: &str = "title";
pub(crate) const TARGET: &str = "target";
pub(crate) const CONTENT_TYPE: &str = "content_type";

// `#[hal_form(…)]` keys.
pub(crate) const HAL_FORM: &str = "hal_form";
pub(crate) const PROMPT: &str = "prompt";
pub(crate) const PLACEHOLDER: &str = "placeholder";
pub(crate) const REGEX: &str = "regex";
pub(crate) const READ_ONLY: &str = "read_only";
pub(crate) const MIN: &str = "min";
pub(crate) const MAX: &str = "max";
pub(crate) const STEP: &str = "step";
pub(crate) const MIN_LENGTH: &str = "min_length";
pub(crate) const MIN_ITEMS: &str = "min_items";
pub(crate) const MAX_ITEMS: &str = "max_items";
pub(crate) const CHECK: &str = "check";
pub(crate) const DIVE: &str = "dive";
pub(crate) const MAX_LENGTH: &str = "max_length";
pub(crate) const COLS: &str = "cols";
pub(crate) const ROWS: &str = "rows";
pub(crate) const VALUE: &str = "value";
pub(crate) const INPUT_TYPE: &str = "input_type";
pub(crate) const NESTED: &str = "nested";
pub(crate) const JSON: &str = "json";

// Serde keys the derive reads or refuses.
pub(crate) const RENAME: &str = "rename";
pub(crate) const RENAME_ALL: &str = "rename_all";
pub(crate) const SERIALIZE: &str = "serialize";
pub(crate) const DESERIALIZE: &str = "deserialize";
pub(crate) const DEFAULT: &str = "default";
pub(crate) const SKIP: &str = "skip";
pub(crate) const SKIP_DESERIALIZING: &str = "skip_deserializing";
pub(crate) const FLATTEN: &str = "flatten";
pub(crate) const UNSUPPORTED_SERDE_CONTAINER: [&str; 7] = [
    "transparent",
    "from",
    "try_from",
    "into",
    "remote",
    "untagged",
    "tag",
];
