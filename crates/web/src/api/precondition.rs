//! Optimistic concurrency over HTTP: `ETag`s name a record's version (`"case-12-v3"`,
//! `"item-40-v2"`), and `If-Match` on a change becomes the store's `Expect`.
//!
//! Without `If-Match`, a change checks the `version` in its body when one is given (a stale
//! one is 409 `changed_meanwhile`), else it applies to the current version. With `If-Match`,
//! a stale tag, or one naming another record, is 412 `precondition_failed`; `*` matches any
//! version.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};

use super::error::ApiError;
use crate::commands::CommandError;
use crate::db::cases::Expect;
use crate::ids::{AmbassadorId, CaseId, ItemId, MatchId};

/// The `ETag` of case `id` at `version`.
pub fn case_etag(id: CaseId, version: i64) -> String {
    format!("\"case-{id}-v{version}\"")
}

/// The `ETag` of item `id` at `version`.
pub fn item_etag(id: ItemId, version: i64) -> String {
    format!("\"item-{id}-v{version}\"")
}

/// The `ETag` of ambassador `id` at `version`.
pub fn ambassador_etag(id: AmbassadorId, version: i64) -> String {
    format!("\"ambassador-{id}-v{version}\"")
}

/// The `ETag` of buddy request `id` at `version`.
pub fn buddy_request_etag(id: MatchId, version: i64) -> String {
    format!("\"buddy-request-{id}-v{version}\"")
}

/// A header value for an `ETag` (they are ASCII by construction).
pub fn header_value(etag: &str) -> HeaderValue {
    HeaderValue::from_str(etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// The entity tags of the `If-Match` header; `None` when it was not sent.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<Vec<String>>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut tags = Vec::new();
        for value in parts.headers.get_all(header::IF_MATCH) {
            let text = value
                .to_str()
                .map_err(|_| ApiError::bad_request("If-Match must be ASCII"))?;
            for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let quoted = tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"');
                let weak = tag.starts_with("W/\"") && tag.ends_with('"');
                if tag != "*" && !quoted && !weak {
                    return Err(ApiError::bad_request(
                        "If-Match holds entity tags in double quotes, e.g. \"case-12-v3\", or *",
                    ));
                }
                tags.push(tag.to_owned());
            }
        }
        let sent = parts.headers.contains_key(header::IF_MATCH);
        Ok(Self(sent.then_some(tags)))
    }
}

/// The `If-Match` header of a change to a case, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct CaseIfMatch {
    /// `"case-<id>-v<version>"` (the case's `ETag`) or `*`: the change is refused with 412
    /// unless the case is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a change to an item, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ItemIfMatch {
    /// `"item-<id>-v<version>"` (the item's `ETag`) or `*`: the change is refused with 412
    /// unless the item is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a change to an ambassador, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct AmbassadorIfMatch {
    /// `"ambassador-<id>-v<version>"` (the ambassador's `ETag`) or `*`: the change is refused
    /// with 412 unless the profile is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a proposal for a buddy request, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct BuddyRequestIfMatch {
    /// `"buddy-request-<id>-v<version>"` (the request's `ETag`) or `*`: the proposal is
    /// refused with 412 unless the request is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a change to an organisation, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct OrganisationIfMatch {
    /// `"organisation-<id>-v<version>"` (its `ETag`) or `*`: the change is refused with 412
    /// unless the organisation is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a change to an event, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct EventIfMatch {
    /// `"event-<id>-v<version>"` (its `ETag`) or `*`: the change is refused with 412 unless
    /// the event is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a step of a referral, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ReferralIfMatch {
    /// `"referral-<id>-v<version>"` (the referral's `ETag`) or `*`: the step is refused with
    /// 412 unless the referral is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a change to the centre's settings, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct SiteSettingsIfMatch {
    /// `"site-settings-v<version>"` (their `ETag`) or `*`: the change is refused with 412
    /// unless the settings are at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// The `If-Match` header of a step on an enquiry, for the OpenAPI document.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct EnquiryIfMatch {
    /// `"enquiry-<id>-v<version>"` (its `ETag`) or `*`: the step is refused with 412 unless
    /// the enquiry is at that version.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

/// What a change of a record outside cases (an ambassador, a buddy request) expects: a
/// version, or `None` for any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordCheck {
    /// The version the change expects.
    pub version: Option<i64>,
    by_header: bool,
}

impl RecordCheck {
    /// The answer to a refused change, as [`Check::refusal`].
    pub fn refusal(&self, err: CommandError) -> ApiError {
        Check {
            expect: Expect::Any,
            by_header: self.by_header,
        }
        .refusal(err)
    }
}

/// What a change expects, and whether `If-Match` said so (a mismatch is then 412, not 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// What the store checks.
    pub expect: Expect,
    by_header: bool,
}

/// What `If-Match` asks of one record.
enum Asked {
    /// No `If-Match` header.
    Nothing,
    /// `*`: any version.
    Any,
    /// This version.
    Version(i64),
}

impl IfMatch {
    /// The version `If-Match` gives for the record whose tags start with `prefix`.
    fn version(&self, prefix: &str) -> Result<Asked, ApiError> {
        let Some(tags) = &self.0 else {
            return Ok(Asked::Nothing);
        };
        if tags.iter().any(|t| t == "*") {
            return Ok(Asked::Any);
        }
        tags.iter()
            .find_map(|t| {
                t.strip_prefix(prefix)?
                    .strip_suffix('"')?
                    .parse::<i64>()
                    .ok()
            })
            .map(Asked::Version)
            .ok_or_else(|| {
                ApiError::precondition_failed(
                    "If-Match names another record or version; GET it for its current ETag",
                )
            })
    }

    /// The check of a change to case `id`; `body_version` is the `version` field, if sent.
    pub fn for_case(&self, id: CaseId, body_version: Option<i64>) -> Result<Check, ApiError> {
        Ok(match self.version(&format!("\"case-{id}-v"))? {
            Asked::Version(v) => Check {
                expect: Expect::Case(v),
                by_header: true,
            },
            Asked::Any => Check {
                expect: Expect::Any,
                by_header: true,
            },
            Asked::Nothing => Check {
                expect: body_version.map_or(Expect::Any, Expect::Case),
                by_header: false,
            },
        })
    }

    /// The check of a change to item `id`; `body_version` is the `version` field, if sent.
    pub fn for_item(&self, id: ItemId, body_version: Option<i64>) -> Result<Check, ApiError> {
        Ok(match self.version(&format!("\"item-{id}-v"))? {
            Asked::Version(v) => Check {
                expect: Expect::Item(id, v),
                by_header: true,
            },
            Asked::Any => Check {
                expect: Expect::Any,
                by_header: true,
            },
            Asked::Nothing => Check {
                expect: body_version.map_or(Expect::Any, |v| Expect::Item(id, v)),
                by_header: false,
            },
        })
    }
}

impl IfMatch {
    /// The check of a change to the record whose `ETag` is `etag` at some version (its text
    /// up to the version: `"ambassador-3-v`); `body_version` is the `version` field, if sent.
    pub fn for_record(
        &self,
        etag_prefix: &str,
        body_version: Option<i64>,
    ) -> Result<RecordCheck, ApiError> {
        Ok(match self.version(etag_prefix)? {
            Asked::Version(v) => RecordCheck {
                version: Some(v),
                by_header: true,
            },
            Asked::Any => RecordCheck {
                version: None,
                by_header: true,
            },
            Asked::Nothing => RecordCheck {
                version: body_version,
                by_header: false,
            },
        })
    }
}

impl Check {
    /// The answer to a refused change: a stale version is 412 after `If-Match` and 409
    /// otherwise; a refusal by a domain rule (the record's state does not allow the change)
    /// is 409 `refused`.
    pub fn refusal(&self, err: CommandError) -> ApiError {
        match err {
            CommandError::ChangedMeanwhile(changed) if self.by_header => {
                ApiError::precondition_failed(format!(
                    "this was {changed}; GET it for its current ETag"
                ))
            }
            other => other.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn if_match(tags: &[&str]) -> IfMatch {
        IfMatch(Some(tags.iter().map(|t| (*t).to_owned()).collect()))
    }

    #[test]
    fn a_matching_tag_becomes_the_expected_version() {
        let check = if_match(&["\"case-12-v3\""])
            .for_case(CaseId(12), Some(9))
            .unwrap();
        assert_eq!(check.expect, Expect::Case(3));
        let item = if_match(&["\"x\"", "\"item-4-v2\""])
            .for_item(ItemId(4), None)
            .unwrap();
        assert_eq!(item.expect, Expect::Item(ItemId(4), 2));
        assert_eq!(
            if_match(&["*"]).for_case(CaseId(1), None).unwrap().expect,
            Expect::Any
        );
    }

    #[test]
    fn without_if_match_the_body_version_or_the_current_one_applies() {
        assert_eq!(
            IfMatch(None).for_case(CaseId(1), Some(5)).unwrap().expect,
            Expect::Case(5)
        );
        assert_eq!(
            IfMatch(None).for_case(CaseId(1), None).unwrap().expect,
            Expect::Any
        );
    }

    #[test]
    fn a_tag_of_another_record_fails_the_precondition() {
        let err = if_match(&["\"case-13-v3\""])
            .for_case(CaseId(1), None)
            .unwrap_err();
        assert_eq!(err.code(), "precondition_failed");
        let weak = if_match(&["W/\"case-1-v3\""])
            .for_case(CaseId(1), None)
            .unwrap_err();
        assert_eq!(weak.code(), "precondition_failed");
    }
}
