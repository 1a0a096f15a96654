//! The `application/hal+json` media type (draft §3, §7.1) with its optional `profile`.

use std::fmt;
use std::str::FromStr;

/// `application/hal+json`.
pub const HAL_JSON: &str = "application/hal+json";

/// A HAL media type as found in a `Content-Type` or `Accept` value, with its `profile`
/// parameter ([H-03](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-03)). The vendor form `application/vnd.hal+json` is accepted on input ([H-06](https://github.com/hal-rs/hal/blob/main/docs/hal-rules.md#h-06)).
///
/// # Examples
///
/// ```
/// use hal_core::media_type::HalMediaType;
///
/// let media_type: HalMediaType = r#"application/hal+json; charset=utf-8; profile="https://api.example.com/p/trip""#.parse()?;
/// assert_eq!(media_type.profile(), Some("https://api.example.com/p/trip"));
/// assert_eq!(media_type.to_string(), r#"application/hal+json; profile="https://api.example.com/p/trip""#);
/// assert_eq!(HalMediaType::new().to_string(), "application/hal+json");
/// # Ok::<(), hal_core::media_type::MediaTypeError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct HalMediaType {
    profile: Option<String>,
}

/// A media type that is not HAL's, or whose parameters cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MediaTypeError {
    /// Another media type.
    NotHal(String),
    /// A parameter without `=`, or a quoted string without its closing quote.
    MalformedParameter(String),
}

impl fmt::Display for MediaTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotHal(t) => write!(f, "`{t}` is not application/hal+json"),
            Self::MalformedParameter(p) => write!(f, "malformed media type parameter `{p}`"),
        }
    }
}

impl std::error::Error for MediaTypeError {}

impl HalMediaType {
    /// `application/hal+json` without a profile.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::media_type::HalMediaType::new().profile(), None);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// With a `profile` parameter (RFC 6906).
    ///
    /// # Examples
    ///
    /// ```
    /// let m = hal_core::media_type::HalMediaType::new().with_profile("https://x.example/p");
    /// assert_eq!(m.to_string(), r#"application/hal+json; profile="https://x.example/p""#);
    /// ```
    #[must_use]
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// The profile URI.
    ///
    /// # Examples
    ///
    /// ```
    /// let m: hal_core::media_type::HalMediaType = "application/vnd.hal+json;profile=urn:x".parse()?;
    /// assert_eq!(m.profile(), Some("urn:x"));
    /// # Ok::<(), hal_core::media_type::MediaTypeError>(())
    /// ```
    #[must_use]
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }
}

/// The `type/subtype` of a `Content-Type` or media range, lower-cased, without parameters.
///
/// # Examples
///
/// ```
/// assert_eq!(hal_core::media_type::media_type_essence(" Application/HAL+JSON ; charset=utf-8"), "application/hal+json");
/// assert_eq!(hal_core::media_type::media_type_essence(""), "");
/// ```
#[must_use]
pub fn media_type_essence(value: &str) -> String {
    let essence = value.split_once(';').map_or(value, |(essence, _)| essence);
    essence.trim().to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or any `application/…+json` type
/// (RFC 6839), HAL's among them. Parameters are ignored.
///
/// # Examples
///
/// ```
/// use hal_core::media_type::is_json_media_type;
///
/// assert!(is_json_media_type("application/json; charset=utf-8"));
/// assert!(is_json_media_type("application/hal+json"));
/// assert!(is_json_media_type("application/merge-patch+json"));
/// assert!(!is_json_media_type("text/json+html"));
/// assert!(!is_json_media_type("application/jsonx"));
/// ```
#[must_use]
pub fn is_json_media_type(value: &str) -> bool {
    let essence = media_type_essence(value);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl FromStr for HalMediaType {
    type Err = MediaTypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (essence, mut rest) = s.split_once(';').unwrap_or((s, ""));
        let essence = essence.trim();
        let is_hal = media_type_essence(essence) == HAL_JSON
            || essence.eq_ignore_ascii_case("application/vnd.hal+json");
        if !is_hal {
            return Err(MediaTypeError::NotHal(essence.to_owned()));
        }
        let mut media_type = Self::new();
        while !rest.trim().is_empty() {
            let (name, after) = rest
                .split_once('=')
                .ok_or_else(|| MediaTypeError::MalformedParameter(rest.trim().to_owned()))?;
            let after = after.trim_start();
            let (value, remainder) = if let Some(quoted) = after.strip_prefix('"') {
                unquote(quoted)
                    .ok_or_else(|| MediaTypeError::MalformedParameter(rest.trim().to_owned()))?
            } else {
                let (value, remainder) = after.split_once(';').unwrap_or((after, ""));
                (value.trim().to_owned(), remainder)
            };
            if name.trim().eq_ignore_ascii_case("profile") {
                media_type.profile = Some(value);
            }
            rest = remainder
                .trim_start()
                .strip_prefix(';')
                .unwrap_or(remainder);
        }
        Ok(media_type)
    }
}

/// Reads an RFC 9110 quoted-string after its opening quote; returns the value and what follows.
fn unquote(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 1..])),
            '\\' => value.push(chars.next()?.1),
            c => value.push(c),
        }
    }
    None
}

impl fmt::Display for HalMediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(HAL_JSON)?;
        if let Some(profile) = &self.profile {
            f.write_str("; profile=\"")?;
            for c in profile.chars() {
                if matches!(c, '"' | '\\') {
                    f.write_str("\\")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("\"")?;
        }
        Ok(())
    }
}
