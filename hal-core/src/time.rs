//! RFC 3339 times as the origin API writes them: UTC with milliseconds
//! (`2017-08-10T13:46:39.652Z`), read back from any RFC 3339 offset and from the `+0000` form
//! (`2017-08-10T13:46:39.652+0000`) that older APIs use.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Formats a time as RFC 3339 in UTC with milliseconds.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// let t = Utc.with_ymd_and_hms(2017, 8, 10, 13, 46, 39).unwrap();
/// assert_eq!(hal_core::time::format(&t), "2017-08-10T13:46:39.000Z");
/// ```
#[must_use]
pub fn format(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an RFC 3339 time, or the `+0000` offset form, into UTC.
///
/// # Errors
///
/// [`TimeError`] quoting the value when it is neither form.
///
/// # Examples
///
/// ```
/// let a = hal_core::time::parse("2017-08-10T13:46:39.652+0000")?;
/// let b = hal_core::time::parse("2017-08-10T15:46:39.652+02:00")?;
/// assert_eq!(a, b);
/// assert_eq!(hal_core::time::format(&a), "2017-08-10T13:46:39.652Z");
/// assert!(hal_core::time::parse("2017-13-10T13:46:39Z").is_err());
/// # Ok::<(), hal_core::time::TimeError>(())
/// ```
pub fn parse(text: &str) -> Result<DateTime<Utc>, TimeError> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| TimeError {
            value: text.to_owned(),
        })
}

/// A time that is not RFC 3339.
///
/// # Examples
///
/// ```
/// let error = hal_core::time::parse("yesterday").unwrap_err();
/// assert_eq!(error.to_string(), "invalid RFC 3339 date-time `yesterday`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    value: String,
}

impl TimeError {
    /// The text that failed to parse.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(hal_core::time::parse("x").unwrap_err().value(), "x");
    /// ```
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid RFC 3339 date-time `{}`", self.value)
    }
}

impl std::error::Error for TimeError {}

/// `#[serde(with = "hal_core::time::rfc3339")]` for `DateTime<Utc>` fields.
///
/// # Examples
///
/// ```
/// use chrono::{DateTime, Utc};
///
/// #[derive(serde::Serialize, serde::Deserialize, Debug)]
/// #[serde(rename_all = "camelCase")]
/// struct Trip {
///     #[serde(with = "hal_core::time::rfc3339")]
///     created_at: DateTime<Utc>,
/// }
///
/// let trip: Trip = serde_json::from_str(r#"{"createdAt":"2017-08-10T13:46:39.652+0000"}"#)?;
/// assert_eq!(serde_json::to_string(&trip)?, r#"{"createdAt":"2017-08-10T13:46:39.652Z"}"#);
///
/// let bad = serde_json::from_str::<Trip>(r#"{"createdAt":"2017-02-30T00:00:00Z"}"#).unwrap_err();
/// assert!(bad.to_string().starts_with("invalid RFC 3339 date-time `2017-02-30T00:00:00Z`"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub mod rfc3339 {
    use super::*;

    /// Writes the time as RFC 3339 in UTC with milliseconds.
    ///
    /// # Errors
    ///
    /// The serializer's error.
    pub fn serialize<S: serde::Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        // Formatting into a stack buffer would save an allocation; `chrono` has no such API.
        format(time).serialize(serializer)
    }

    /// Reads an RFC 3339 time or the `+0000` form.
    ///
    /// # Errors
    ///
    /// A custom error quoting the value when it is not a time.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)
    }

    /// `#[serde(with = "hal_core::time::rfc3339::option")]` for `Option<DateTime<Utc>>`
    /// (`null` or absent with `#[serde(default)]` is `None`).
    ///
    /// # Examples
    ///
    /// ```
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct Alert {
    ///     #[serde(default, with = "hal_core::time::rfc3339::option")]
    ///     closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// }
    ///
    /// let alert: Alert = serde_json::from_str("{}")?;
    /// assert_eq!(serde_json::to_string(&alert)?, r#"{"closed_at":null}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub mod option {
        use super::*;

        /// Writes the time, or `null`.
        ///
        /// # Errors
        ///
        /// The serializer's error.
        pub fn serialize<S: serde::Serializer>(
            time: &Option<DateTime<Utc>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            time.as_ref().map(format).serialize(serializer)
        }

        /// Reads a time or `null`.
        ///
        /// # Errors
        ///
        /// A custom error quoting the value when it is not a time.
        pub fn deserialize<'de, D: serde::Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
            text.map(|t| parse(&t).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

/// The `createdAt`/`updatedAt` pair every object of the origin API carries; flatten it into a
/// state struct.
///
/// # Examples
///
/// ```
/// use hal_core::time::Timestamps;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Vehicle {
///     vin: String,
///     #[serde(flatten)]
///     timestamps: Timestamps,
/// }
///
/// let json = r#"{"vin":"VF1","createdAt":"2017-08-10T13:46:39.652Z","updatedAt":"2017-08-10T13:46:39.652Z"}"#;
/// let vehicle: Vehicle = serde_json::from_str(json)?;
/// assert_eq!(serde_json::to_string(&vehicle)?, json);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timestamps {
    /// When the data was collected.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl Timestamps {
    /// Both times set to `time`, for a new object.
    ///
    /// # Examples
    ///
    /// ```
    /// let now = hal_core::time::parse("2026-11-27T10:00:00Z")?;
    /// let ts = hal_core::time::Timestamps::created(now);
    /// assert_eq!(ts.created_at, ts.updated_at);
    /// # Ok::<(), hal_core::time::TimeError>(())
    /// ```
    #[must_use]
    pub fn created(time: DateTime<Utc>) -> Self {
        Self {
            created_at: time,
            updated_at: time,
        }
    }
}
