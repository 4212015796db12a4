//! The API's own `Json`, `Query` and `Path` extractors: the same parsing as axum's, but a
//! malformed request is answered with the JSON error shape (axum's rejections are plain
//! text), and a value of the wrong type names the field it was found in.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// A query string of type `T`.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

/// Path parameters of type `T`.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The path of the first string holding a NUL character (PostgreSQL cannot store one).
fn nul_in(value: &Value, path: &str) -> Option<String> {
    let here = || {
        if path.is_empty() {
            "body".to_owned()
        } else {
            path.to_owned()
        }
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(here()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                return Some(here());
            }
            nul_in(
                v,
                &if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                },
            )
        }),
        _ => None,
    }
}

/// Parses a JSON body: broken JSON is 400; a value of the wrong type, a missing or unknown
/// field is 422 naming the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    if let Some(path) = nul_in(&value, "") {
        return Err(ApiError::invalid(
            path,
            "text cannot contain NUL characters",
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let message = e.inner().to_string();
        ApiError::invalid(field_of(&e.path().to_string(), &message), message)
    })
}

/// The field a deserialization error is about: its path (which names an unknown field
/// already), and for a missing field the field's own name below it.
fn field_of(path: &str, message: &str) -> String {
    let named = message
        .strip_prefix("missing field `")
        .and_then(|m| m.split('`').next());
    match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (path, Some(name)) => format!("{path}.{name}"),
        (path, None) => path.to_owned(),
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers()) {
            return Err(ApiError::unsupported_media_type());
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::payload_too_large()
                } else {
                    ApiError::bad_request(rejection.body_text())
                }
            })?;
        parse_json(&bytes).map(ApiJson)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        // PostgreSQL cannot compare text with a NUL character in it.
        if query.to_ascii_lowercase().contains("%00") {
            return Err(ApiError::bad_request(
                "the query string cannot contain NUL characters",
            ));
        }
        serde_html_form::from_str(query)
            .map(ApiQuery)
            .map_err(|e| ApiError::bad_request(format!("the query string could not be read: {e}")))
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Body {
        name: String,
        people: Vec<Person>,
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Person {
        born: chrono::NaiveDate,
    }

    #[test]
    fn broken_json_is_a_bad_request_and_a_wrong_value_names_its_field() {
        let broken = parse_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
        let wrong =
            parse_json::<Body>(br#"{"name": "A", "people": [{"born": "yesterday"}]}"#).unwrap_err();
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(format!("{wrong:?}").contains("people[0].born"), "{wrong:?}");
        let unknown = parse_json::<Body>(br#"{"name": "A", "people": [], "x": 1}"#).unwrap_err();
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            format!("{unknown:?}").contains("Some(\"x\")"),
            "{unknown:?}"
        );
        let missing = parse_json::<Body>(br#"{"people": [{}]}"#).unwrap_err();
        assert!(
            format!("{missing:?}").contains("Some(\"people[0].born\")"),
            "{missing:?}"
        );
    }

    #[test]
    fn text_with_a_nul_character_is_refused_by_field() {
        let err = parse_json::<Body>(br#"{"name": "a\u0000b", "people": []}"#).unwrap_err();
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(format!("{err:?}").contains("\"name\""), "{err:?}");
    }
}
