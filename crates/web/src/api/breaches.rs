//! `/breaches`: the breach register for admin tokens (issue 23): list, record, read, change
//! (`If-Match`) and add a timeline entry. Other tokens get 403.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use softland_domain::breach;
use utoipa::{IntoParams, ToSchema};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::precondition::{IfMatch, header_value};
use crate::app::AppState;
use crate::commands::breaches::{
    AddTimelineEntry, BreachInput, ChangeBreach, ListBreaches, RecordBreach, ShowBreach,
};
use crate::commands::{Actor, CommandError};
use crate::db::breaches::{Breach, TimelineEntry};
use crate::ids::BreachId;

/// A breach to record, or its new content. Times are RFC 3339 (or `YYYY-MM-DDTHH:MM` in the
/// centre's time zone).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BreachIn {
    /// A short name.
    pub title: String,
    /// What happened.
    pub description: String,
    /// When it was discovered.
    pub discovered_at: String,
    /// When it began.
    pub occurred_from: Option<String>,
    /// When it ended.
    pub occurred_to: Option<String>,
    /// When the centre became aware (the 72 hours start here).
    pub aware_at: String,
    /// The categories of data.
    pub data_categories: String,
    /// About how many people.
    pub people_count: Option<u32>,
    /// `unlikely`, `risk` or `high`.
    pub risk: String,
    /// When the authority (ÚOOÚ) was notified.
    pub authority_notified_at: Option<String>,
    /// Why after 72 hours.
    pub late_reasons: Option<String>,
    /// When the people affected were told.
    pub people_notified_at: Option<String>,
    /// What was done.
    pub measures: Option<String>,
    /// `open` (default) or `closed`.
    pub status: Option<String>,
    /// The ids of the cases whose people were affected.
    #[serde(default)]
    pub cases: Vec<i64>,
    /// The version changed (instead of `If-Match`).
    pub version: Option<i64>,
}

impl BreachIn {
    fn input(self) -> BreachInput {
        let text = |t: Option<String>| t.unwrap_or_default();
        BreachInput {
            title: self.title,
            description: self.description,
            discovered_at: self.discovered_at,
            occurred_from: text(self.occurred_from),
            occurred_to: text(self.occurred_to),
            aware_at: self.aware_at,
            data_categories: self.data_categories,
            people_count: self.people_count.map(|n| n.to_string()).unwrap_or_default(),
            risk: self.risk,
            authority_notified_at: text(self.authority_notified_at),
            late_reasons: text(self.late_reasons),
            people_notified_at: text(self.people_notified_at),
            measures: text(self.measures),
            status: text(self.status),
            cases: self
                .cases
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// A breach as recorded, with its 72-hour deadline and standing.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreachOut {
    /// Its id.
    pub id: i64,
    /// A short name.
    pub title: String,
    /// What happened.
    pub description: String,
    /// When discovered.
    pub discovered_at: String,
    /// When it began.
    pub occurred_from: Option<String>,
    /// When it ended.
    pub occurred_to: Option<String>,
    /// When the centre became aware.
    pub aware_at: String,
    /// `aware_at` + 72 hours: the latest notification of the authority (Art. 33(1)).
    pub notify_by: String,
    /// `not_required`, `in_time`, `late`, `due` or `overdue`.
    pub notification: String,
    /// The categories of data.
    pub data_categories: String,
    /// About how many people.
    pub people_count: Option<u32>,
    /// `unlikely`, `risk` or `high`.
    pub risk: String,
    /// When the authority was notified.
    pub authority_notified_at: Option<String>,
    /// Why after 72 hours.
    pub late_reasons: String,
    /// When the people affected were told.
    pub people_notified_at: Option<String>,
    /// What was done.
    pub measures: String,
    /// `open` or `closed`.
    pub status: String,
    /// The cases whose people were affected.
    pub cases: Vec<i64>,
    /// Its version (`ETag` `"breach-<id>-v<version>"`).
    pub version: i64,
}

fn standing(t: breach::Timeliness) -> &'static str {
    use breach::Timeliness as T;
    match t {
        T::NotRequired => "not_required",
        T::InTime => "in_time",
        T::Late => "late",
        T::Due => "due",
        T::Overdue => "overdue",
    }
}

impl BreachOut {
    fn of(b: Breach, now: chrono::DateTime<chrono::Utc>) -> Self {
        let f = b.fields;
        let iso = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339());
        let t = breach::timeliness(f.risk, f.aware_at, f.authority_notified_at, now);
        Self {
            id: b.id.0,
            title: f.title,
            description: f.description,
            discovered_at: f.discovered_at.to_rfc3339(),
            occurred_from: iso(f.occurred_from),
            occurred_to: iso(f.occurred_to),
            aware_at: f.aware_at.to_rfc3339(),
            notify_by: breach::authority_deadline(f.aware_at).to_rfc3339(),
            notification: standing(t).to_owned(),
            data_categories: f.data_categories,
            people_count: f.people_count,
            risk: f.risk.key().to_owned(),
            authority_notified_at: iso(f.authority_notified_at),
            late_reasons: f.late_reasons,
            people_notified_at: iso(f.people_notified_at),
            measures: f.measures,
            status: f.status.key().to_owned(),
            cases: f.cases.iter().map(|c| c.0).collect(),
            version: i64::from(b.version),
        }
    }
}

/// Every breach.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreachList {
    /// The breaches, the most recent first.
    pub breaches: Vec<BreachOut>,
}

/// A dated line of a breach's timeline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BreachTimelineEntry {
    /// When (RFC 3339).
    pub at: String,
    /// What happened.
    pub text: String,
    /// Who wrote it (answers only).
    #[serde(default)]
    pub by: Option<String>,
}

impl From<&TimelineEntry> for BreachTimelineEntry {
    fn from(e: &TimelineEntry) -> Self {
        Self {
            at: e.at.to_rfc3339(),
            text: e.text.clone(),
            by: e.by.clone(),
        }
    }
}

/// A breach with its timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreachDetail {
    /// The breach.
    pub breach: BreachOut,
    /// Its timeline, oldest first.
    pub timeline: Vec<BreachTimelineEntry>,
}

/// The `If-Match` header of a change to a breach, for the OpenAPI document.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct BreachIfMatch {
    /// `"breach-<id>-v<version>"` (its `ETag`) or `*`.
    #[param(rename = "If-Match")]
    pub if_match: Option<String>,
}

fn detail(state: &AppState, b: Breach, timeline: &[TimelineEntry], status: StatusCode) -> Response {
    let tag = header_value(&format!("\"breach-{}-v{}\"", b.id, b.version));
    let body = BreachDetail {
        breach: BreachOut::of(b, state.config.clock.now()),
        timeline: timeline.iter().map(BreachTimelineEntry::from).collect(),
    };
    (status, [(header::ETAG, tag)], Json(body)).into_response()
}

/// List the breach register.
#[utoipa::path(get, path = "/breaches", operation_id = "list_breaches", tag = "privacy",
    responses((status = 200, description = "Every breach", body = BreachList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<BreachList>, ApiError> {
    let found = ListBreaches.run(&state, &Actor::of(&caller.user)).await?;
    let now = state.config.clock.now();
    Ok(Json(BreachList {
        breaches: found.into_iter().map(|b| BreachOut::of(b, now)).collect(),
    }))
}

/// Record a breach.
#[utoipa::path(post, path = "/breaches", operation_id = "create_breach", tag = "privacy", request_body = BreachIn,
    responses((status = 201, description = "The breach", body = BreachDetail,
        headers(("Location" = String, description = "/api/v1/breaches/<id>"), ("ETag" = String)))))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<BreachIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    actor.must_be_admin()?;
    let fields = body
        .input()
        .parse(state.config.time_zone, state.config.clock.now())?;
    let id = RecordBreach { fields }.run(&state, &actor).await?;
    let (b, timeline) = ShowBreach { id }.run(&state, &actor).await?;
    let response = detail(&state, b, &timeline, StatusCode::CREATED);
    Ok(super::respond::created(
        response,
        &format!("/breaches/{id}"),
    ))
}

/// Read a breach with its timeline.
#[utoipa::path(get, path = "/breaches/{id}", operation_id = "get_breach", tag = "privacy",
    params(("id" = i64, Path, description = "Breach id")),
    responses((status = 200, description = "The breach", body = BreachDetail, headers(("ETag" = String)))))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<BreachId>,
) -> Result<Response, ApiError> {
    let (b, timeline) = ShowBreach { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(detail(&state, b, &timeline, StatusCode::OK))
}

/// Change a breach (all its fields at once).
#[utoipa::path(put, path = "/breaches/{id}", operation_id = "update_breach", tag = "privacy", request_body = BreachIn,
    params(("id" = i64, Path, description = "Breach id"), BreachIfMatch),
    responses((status = 200, description = "The breach", body = BreachDetail, headers(("ETag" = String)))))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<BreachId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<BreachIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let (current, _) = ShowBreach { id }.run(&state, &actor).await?;
    let check = if_match.for_record(&format!("\"breach-{id}-v"), body.version)?;
    let version = check
        .version
        .and_then(|v| i32::try_from(v).ok())
        .unwrap_or(current.version);
    let fields = body
        .input()
        .parse(state.config.time_zone, state.config.clock.now())?;
    let change = ChangeBreach {
        id,
        version,
        fields,
    };
    change.run(&state, &actor).await.map_err(|e| match e {
        CommandError::ChangedMeanwhile(_) => check.refusal(e),
        other => other.into(),
    })?;
    let (b, timeline) = ShowBreach { id }.run(&state, &actor).await?;
    Ok(detail(&state, b, &timeline, StatusCode::OK))
}

/// Add a dated entry to a breach's timeline.
#[utoipa::path(post, path = "/breaches/{id}/timeline", operation_id = "add_breach_timeline_entry", tag = "privacy",
    request_body = BreachTimelineEntry, params(("id" = i64, Path, description = "Breach id")),
    responses((status = 201, description = "The breach with its timeline", body = BreachDetail)))]
pub async fn add_entry(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<BreachId>,
    ApiJson(body): ApiJson<BreachTimelineEntry>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let add = AddTimelineEntry {
        id,
        at: body.at,
        text: body.text,
    };
    add.run(&state, &actor).await?;
    let (b, timeline) = ShowBreach { id }.run(&state, &actor).await?;
    Ok(detail(&state, b, &timeline, StatusCode::CREATED))
}
