//! The case page and the answer to every form on it: after a change, a redirect back with a
//! message; after a refusal or a conflict, the page with the current state and the reason.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use softland_domain::date_format::long;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::case_dates::ChangeKeyDates;
use crate::commands::{Actor, CommandError, form_version};
use crate::db::cases::{self, Expect};
use crate::db::invitations::{self, InviteError, Invited};
use crate::db::{history, notes, users};
use crate::error::AppError;
use crate::handlers::{field_label, sentence};
use crate::ids::CaseId;
use crate::views::case_page::{CaseData, CasePage};
use crate::views::mail;
use crate::views::{nav::Nav, render};

/// `GET /cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let flash = session::take_flash(&current.session).await?;
    page(&state, &current, CaseId(id), flash, None, StatusCode::OK).await
}

/// Renders the case page with an optional message and problem.
pub async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    flash: Option<String>,
    problem: Option<(String, String)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let stored = cases::load(&state.db, id).await?;
    let staff = staff_choices(state, stored.consultant).await?;
    let data = CaseData {
        stored: &stored,
        staff: &staff,
        notes: notes::list(&state.db, id, true, 20).await?,
        history: history::of_case(&state.db, id, 200).await?,
        cal: &cases::calendar_for_display(&state.db).await?,
        today: state.config.today(),
        tz: state.config.time_zone,
    };
    let nav = Nav::new(
        &current.user,
        session::csrf_token(&current.session).await?,
        "cases",
    );
    let mut page = CasePage::build(nav, data);
    page.flash = flash;
    page.problem = problem;
    Ok((status, render(&page)?).into_response())
}

/// Active staff, plus the consultant in charge even when inactive; staff first, then by
/// e-mail. Reads the staff accounts only, never every expat's (docs/performance.md).
async fn staff_choices(
    state: &AppState,
    consultant: crate::ids::UserId,
) -> Result<Vec<users::StaffMember>, AppError> {
    let mut staff = users::list_staff(&state.db).await?.to_vec();
    if !staff.iter().any(|u| u.id == consultant)
        && let Ok(user) = users::get(&state.db, consultant).await
        && user.role.is_staff()
    {
        staff.push(users::StaffMember::from(&user));
    }
    staff.sort_by(|a, b| (a.role.as_str(), &a.email).cmp(&(b.role.as_str(), &b.email)));
    Ok(staff)
}

/// The answer to a form on the case page: `Ok(message)` redirects back to `anchor` with the
/// message; a conflict (409) or a refusal (422) shows the page as it is now, with the reason.
pub async fn respond(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    result: Result<String, CommandError>,
    anchor: &str,
) -> Result<Response, AppError> {
    let (status, problem) = match result {
        Ok(message) => {
            session::set_flash(&current.session, message).await?;
            return Ok(Redirect::to(&format!("/cases/{id}{anchor}")).into_response());
        }
        Err(CommandError::ChangedMeanwhile(changed)) => (
            StatusCode::CONFLICT,
            (
                "Changed meanwhile".to_owned(),
                format!(
                    "This was {changed}. Below is the current state; nothing you sent was saved."
                ),
            ),
        ),
        Err(CommandError::Invalid { field, problem }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (
                "Not saved".to_owned(),
                sentence(&format!("{}: {problem}", field_label(field))),
            ),
        ),
        Err(CommandError::Refused(refusal)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("Not saved".to_owned(), sentence(&refusal.to_string())),
        ),
        Err(other) => return Err(other.into()),
    };
    page(state, current, id, None, Some(problem), status).await
}

/// The actor of a signed-in staff member's command.
pub(crate) fn actor(current: &CurrentUser) -> Actor {
    Actor::of(&current.user)
}

/// `POST /cases/{id}/dates`: changes key dates; the page then says which due dates moved.
pub async fn update_dates(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let command = async {
        let expect = Expect::Case(form_version(form.get("version").map(String::as_str))?);
        let dates = ChangeKeyDates::dates(&form, true)?;
        let change = ChangeKeyDates {
            case: id,
            expect,
            dates,
        };
        change.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.message);
    respond(&state, &current, id, result, "#dates").await
}

/// `POST /cases/{id}/people/{position}/invite`: invites a person (with an e-mail, 18 or
/// older) to the portal (`db::invitations` says when an existing account must confirm
/// instead). The new link is shown here only when no mail server is configured: otherwise
/// only the person's mailbox ever sees it.
pub async fn invite(
    State(state): State<AppState>,
    Path((id, position)): Path<(i64, i64)>,
    Staff(current): Staff,
    CsrfForm { .. }: CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let id = CaseId(id);
    let stored = cases::load(&state.db, id).await?;
    let today = state.config.today();
    let person = usize::try_from(position)
        .ok()
        .and_then(|p| stored.case.people.get(p))
        .ok_or(AppError::NotFound)?;
    if person.age_on(today) < 18 {
        let message = format!(
            "{} is under 18; invite an adult of the household.",
            person.name
        );
        let problem = Some(("Not sent".to_owned(), message));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page(&state, &current, id, None, problem, status).await;
    }
    let (from_name, base_url) = (current.user.display_name.clone(), state.config.base_url());
    let invitation_mail = |name: &str, until| mail::invitation(name, &from_name, until);
    let confirm_mail = |name: &str| mail::link_request(name, &from_name, &base_url);
    let invitation = invitations::Invitation {
        case: id,
        position,
        actor: current.user.id,
        base_url: &base_url,
        ttl: chrono::Duration::from_std(state.config.invitation_ttl)
            .unwrap_or(chrono::Duration::days(7)),
        invitation_mail: &invitation_mail,
        confirm_mail: &confirm_mail,
    };
    match invitations::invite(&state.db, invitation).await {
        Ok(invited) => {
            let message = invited_message(&state, &invited);
            respond(&state, &current, id, Ok(message), "#people").await
        }
        Err(InviteError::Db(err)) => Err(err.into()),
        Err(refused) => {
            let problem = ("Not sent".to_owned(), refused.to_string());
            page(
                &state,
                &current,
                id,
                None,
                Some(problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// What the consultant is told after an invitation.
fn invited_message(state: &AppState, invited: &Invited) -> String {
    match invited {
        Invited::Link { email, link } if state.config.smtp_url.is_none() => {
            let until = long(
                link.expires_at
                    .with_timezone(&state.config.time_zone)
                    .date_naive(),
            );
            format!(
                "Invitation for {email} made. No mail server is configured, so give them this \
                 link yourself; it works once, until {until}: {}",
                link.url
            )
        }
        Invited::Link { email, .. } => {
            format!("Invitation sent to {email}. The link in it works once; only they can see it.")
        }
        Invited::AwaitingConfirmation { email } => format!(
            "{email} already has a softland account, so no new password link was sent. They \
             were asked to sign in and confirm that they belong to this case; until then they \
             see nothing of it."
        ),
        Invited::AlreadyLinked { email } => {
            format!("{email} already uses the portal with their own password; nothing was sent.")
        }
    }
}
