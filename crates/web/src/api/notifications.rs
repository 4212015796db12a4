//! The job runner, the outbox and the reminder settings for admins' tokens, and one's own
//! digest for staff tokens: the same commands as the admin and account pages.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use softland_domain::template::Category;
use utoipa::IntoParams;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiQuery};
use super::model::notification::{
    DigestBody, JobOut, JobsOut, MailOut, MailsOut, ReminderSettingsBody,
};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::notifications::{
    ChangeDigest, ChangeSettings, ListJobs, ListMail, RetryJob, SettingsInput, ShowSettings,
};
use crate::db::{jobs, outbox};
use crate::ids::CaseId;
use crate::jobs::JobStatus;

/// The query of `GET /jobs`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobsParams {
    /// `pending` (running included), `done` or `failed`; anything else lists all.
    pub status: Option<String>,
    /// Only jobs older than this id (`next_before` of the previous page).
    pub before: Option<i64>,
}

/// The job runner's jobs, newest first, 50 a page (admins).
#[utoipa::path(get, path = "/jobs", operation_id = "list_jobs", tag = "notifications",
    params(JobsParams), responses((status = 200, description = "A page of jobs", body = JobsOut)))]
pub async fn list_jobs(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<JobsParams>,
) -> Result<Json<JobsOut>, ApiError> {
    let filter = jobs::Filter {
        status: params.status.as_deref().and_then(JobStatus::parse),
        before: params.before,
    };
    let page = ListJobs(filter)
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(JobsOut {
        jobs: page
            .jobs
            .into_iter()
            .map(|j| JobOut::new(j, &page.names))
            .collect(),
        next_before: page.next,
        counts: page
            .counts
            .iter()
            .map(|(s, n)| (s.label().to_owned(), *n))
            .collect(),
    }))
}

/// Puts a failed job back in the queue, due now (admins); 404 unless it failed.
#[utoipa::path(post, path = "/jobs/{id}/retry", operation_id = "retry_job", tag = "notifications",
    params(("id" = i64, Path, description = "Job id")),
    responses((status = 204, description = "Queued again")))]
pub async fn retry_job(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    RetryJob(id).run(&state, &Actor::of(&caller.user)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The query of `GET /outbox`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// `pending`, `sent`, `not_sent` or `failed`.
    pub status: Option<String>,
    /// `account`, `message`, `reply`, `reminder`, `window_opens`, `another_copy`, `digest`.
    pub kind: Option<String>,
    /// Only mails about this case.
    pub case: Option<i64>,
    /// Only mails to addresses containing this.
    #[param(max_length = 200)]
    pub to: Option<String>,
    /// Only mails older than this id (`next_before` of the previous page).
    pub before: Option<i64>,
}

/// The outbox: every mail softland wrote and whether it was delivered or why not, newest
/// first, 50 a page (admins).
#[utoipa::path(get, path = "/outbox", operation_id = "list_outbox", tag = "notifications",
    params(OutboxParams), responses((status = 200, description = "A page of mails", body = MailsOut)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<OutboxParams>,
) -> Result<Json<MailsOut>, ApiError> {
    let filter = outbox::Filter {
        status: params.status.as_deref().and_then(outbox::MailStatus::parse),
        kind: params.kind.as_deref().and_then(outbox::MailKind::parse),
        case: params.case.map(CaseId),
        to: params
            .to
            .map(|t| t.trim().chars().take(200).collect::<String>())
            .filter(|t| !t.is_empty()),
        before: params.before,
    };
    let page = ListMail(filter)
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(MailsOut {
        mails: page.mails.into_iter().map(MailOut::from).collect(),
        next_before: page.next,
    }))
}

/// The centre's reminder and digest settings (admins).
#[utoipa::path(get, path = "/settings/reminders", operation_id = "reminder_settings",
    tag = "notifications",
    responses((status = 200, description = "The settings", body = ReminderSettingsBody)))]
pub async fn settings(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<ReminderSettingsBody>, ApiError> {
    let settings = ShowSettings.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(ReminderSettingsBody::from(&settings)))
}

/// Replaces the centre's reminder and digest settings (admins); every wrong field is a 422
/// with its name (`digest_time`, `lead_times.visa` …) and nothing is changed.
#[utoipa::path(put, path = "/settings/reminders", operation_id = "change_reminder_settings",
    tag = "notifications", request_body = ReminderSettingsBody,
    responses((status = 200, description = "The settings saved", body = ReminderSettingsBody)))]
pub async fn change_settings(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<ReminderSettingsBody>,
) -> Result<Json<ReminderSettingsBody>, ApiError> {
    let mut unknown: BTreeMap<&str, &String> = body
        .lead_times
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let input = SettingsInput {
        digest_time: body.digest_time.clone(),
        due_soon_days: body.due_soon_days.to_string(),
        escalation_days: body.escalation_days.to_string(),
        expat_default: body.expat_reminders_default,
        reminder_time: body.reminder_time.clone(),
        lead_times: Category::ALL
            .into_iter()
            .map(|c| (c, unknown.remove(c.as_str()).cloned().unwrap_or_default()))
            .collect(),
    };
    if let Some(name) = unknown.keys().next() {
        return Err(ApiError::invalid(
            format!("lead_times.{name}"),
            "no such item category",
        ));
    }
    let saved = ChangeSettings::parse(&input)?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(ReminderSettingsBody::from(&saved)))
}

/// Sets the caller's own daily digest: on or off, and its time (staff).
#[utoipa::path(put, path = "/me/digest", operation_id = "change_own_digest", tag = "account",
    request_body = DigestBody,
    responses((status = 200, description = "Saved", body = DigestBody)))]
pub async fn change_digest(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<DigestBody>,
) -> Result<Json<DigestBody>, ApiError> {
    let typed = body.time.clone().unwrap_or_default();
    ChangeDigest::parse(body.enabled, &typed)?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(DigestBody {
        enabled: body.enabled,
        time: Some(typed.trim().to_owned()).filter(|t| !t.is_empty()),
    }))
}
