//! JSON Merge Patch (RFC 7396) bodies: [`MergePatch`] (feature `merge-patch`).

use axum::extract::{FromRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::extract::{body_error, read_json};

/// A JSON Merge Patch (RFC 7396) body, `application/merge-patch+json`: members replace the
/// target's, `null` removes one. [`MergePatch::apply_to`] patches the current value and reads
/// the result back with the same rules as a full body, so a patch cannot make what a `PUT`
/// could not.
///
/// # Examples
///
/// ```
/// use hal_axum::MergePatch;
/// use serde_json::json;
///
/// #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// #[serde(deny_unknown_fields)]
/// struct Monitor { label: String, #[serde(default, skip_serializing_if = "Option::is_none")] locale: Option<String> }
///
/// let current = Monitor { label: "Speeding".into(), locale: Some("fr".into()) };
/// let patch = MergePatch(json!({"label": "Too fast", "locale": null}));
/// assert_eq!(patch.apply_to(&current).unwrap(), Monitor { label: "Too fast".into(), locale: None });
/// let wrong = MergePatch(json!({"label": 5}));
/// let error = wrong.apply_to(&current).unwrap_err();
/// assert_eq!(error.problem().member("pointer"), Some(&json!("/label")));
/// ```
#[derive(Debug, Clone)]
pub struct MergePatch(pub serde_json::Value);

/// The media type of a JSON Merge Patch.
pub const MERGE_PATCH_JSON: &str = "application/merge-patch+json";

impl MergePatch {
    /// `current` with the patch applied, read back as a `T`.
    ///
    /// # Errors
    ///
    /// `400` with a `pointer` when the result does not fit `T`; `500` when `current` cannot
    /// be written as JSON.
    pub fn apply_to<T: Serialize + DeserializeOwned>(&self, current: &T) -> Result<T, ApiError> {
        let mut value = serde_json::to_value(current)
            .map_err(|e| ApiError::internal(format!("cannot write the current value: {e}")))?;
        json_patch::merge(&mut value, &self.0);
        serde_path_to_error::deserialize(value).map_err(|error| body_error(&error))
    }
}

fn is_merge_patch(content_type: &str) -> bool {
    hal_core::media_type::media_type_essence(content_type) == MERGE_PATCH_JSON
}

impl<S: Send + Sync> FromRequest<S> for MergePatch {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_json(request, state, is_merge_patch, MERGE_PATCH_JSON)
            .await
            .map(MergePatch)
    }
}
