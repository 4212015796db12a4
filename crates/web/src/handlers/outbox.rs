//! The admin pages of notifications: the outgoing mail (paged, filterable), the job runner's
//! jobs, and the reminder and digest settings.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use softland_domain::template::Category;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::auth::session;
use crate::commands::CommandError;
use crate::commands::mail::RetryMail;
use crate::commands::notifications::{
    ChangeSettings, ListJobs, ListMail, RetryJob, SettingsInput, ShowSettings,
};
use crate::db::{jobs, outbox};
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::login::Empty;
use crate::ids::CaseId;
use crate::jobs::JobStatus;
use crate::views::admin::notifications::{JobsPage, MailFilterValues, OutboxPage, RemindersPage};
use crate::views::{nav::Nav, render};

async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "admin").await
}

/// The outbox's filters. Unknown values are ignored (a filter, not a form).
#[derive(Debug, Default, Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    kind: Option<String>,
    to: Option<String>,
    case: Option<String>,
    before: Option<i64>,
}

/// `GET /admin/outbox`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<OutboxQuery>,
) -> Result<Html<String>, AppError> {
    let status = q.status.as_deref().and_then(outbox::MailStatus::parse);
    let kind = q.kind.as_deref().and_then(outbox::MailKind::parse);
    let to =
        q.to.unwrap_or_default()
            .trim()
            .chars()
            .take(200)
            .collect::<String>();
    let case_text = q
        .case
        .unwrap_or_default()
        .trim()
        .chars()
        .take(12)
        .collect::<String>();
    let filter = outbox::Filter {
        status,
        kind,
        case: case_text.parse::<i64>().ok().map(CaseId),
        to: Some(to.clone()).filter(|t| !t.is_empty()),
        before: q.before,
    };
    let page = ListMail(filter).run(&state, &actor(&current)).await?;
    let page = OutboxPage::new(
        nav(&state, &current).await?,
        page,
        MailFilterValues {
            status,
            kind,
            to,
            case: case_text,
        },
        state.config.time_zone,
        session::take_flash(&current.session).await?,
        state
            .config
            .smtp_url
            .as_deref()
            .is_some_and(|u| !u.is_empty()),
    );
    render(&page)
}

/// The retry form carries only its token.
#[derive(Deserialize)]
pub struct RetryForm {}

/// `POST /admin/outbox/retry`: makes every pending mail due now.
pub async fn retry(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { .. }: CsrfForm<RetryForm>,
) -> Result<Redirect, AppError> {
    let n = RetryMail.run(&state, &actor(&current)).await?;
    session::set_flash(
        &current.session,
        format!("{n} pending mail(s) will be tried again at the job runner's next pass."),
    )
    .await?;
    Ok(Redirect::to("/admin/outbox"))
}

/// The jobs' filter.
#[derive(Debug, Default, Deserialize)]
pub struct JobsQuery {
    status: Option<String>,
    before: Option<i64>,
}

/// `GET /admin/jobs`.
pub async fn jobs(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<JobsQuery>,
) -> Result<Html<String>, AppError> {
    let status = q.status.as_deref().and_then(JobStatus::parse);
    let filter = jobs::Filter {
        status,
        before: q.before,
    };
    let page = ListJobs(filter).run(&state, &actor(&current)).await?;
    let page = JobsPage::new(
        nav(&state, &current).await?,
        page,
        status,
        state.config.time_zone,
        session::take_flash(&current.session).await?,
    );
    render(&page)
}

/// `POST /admin/jobs/{id}/retry`: a failed job goes back in the queue.
pub async fn retry_job(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<i64>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    RetryJob(id).run(&state, &actor(&current)).await?;
    session::set_flash(
        &current.session,
        format!("Job {id} will be tried again at the job runner's next pass."),
    )
    .await?;
    Ok(Redirect::to("/admin/jobs"))
}

/// `?saved=1` after a save.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /admin/reminders`.
pub async fn settings(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<SavedQuery>,
) -> Result<Html<String>, AppError> {
    let settings = ShowSettings.run(&state, &actor(&current)).await?;
    render(&RemindersPage::new(
        nav(&state, &current).await?,
        SettingsInput::of(&settings),
        crate::commands::FieldErrors::new(),
        q.saved.is_some(),
    ))
}

/// `POST /admin/reminders`: every field is read as text; wrong ones are shown beside the
/// field with what was typed (422).
pub async fn save_settings(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let input = SettingsInput {
        digest_time: value("digest_time"),
        due_soon_days: value("due_soon_days"),
        escalation_days: value("escalation_days"),
        expat_default: value("expat_default") == "on",
        reminder_time: value("reminder_time"),
        lead_times: Category::ALL
            .into_iter()
            .map(|c| (c, value(&crate::commands::Field::LeadTimes(c).name())))
            .collect(),
    };
    let saved = match ChangeSettings::parse(&input) {
        Ok(command) => command.run(&state, &actor(&current)).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(Redirect::to("/admin/reminders?saved=1").into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let page = RemindersPage::new(nav(&state, &current).await?, input, errors, false);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
