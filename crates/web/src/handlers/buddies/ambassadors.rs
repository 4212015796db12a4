//! Ambassadors: `GET /buddies/ambassadors` (the list, with approve / decline / pause /
//! resume), `GET /buddies/ambassadors/new` + `POST /buddies/ambassadors` (the invitation,
//! which mails a first-password link), `GET|POST /buddies/ambassadors/{id}` (the profile,
//! changed against its version) and `POST /buddies/ambassadors/{id}/status`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::forms::StatusForm;
use super::{DoneQuery, nav, with_status};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::buddies::{
    AmbassadorQuery, EveryAmbassador, InviteAmbassador, ProfileInput, SetAmbassadorStatus,
    UpdateAmbassador,
};
use crate::commands::{CommandError, Field, Problem, form_version};
use crate::db::buddies::AmbassadorStatus;
use crate::error::AppError;
use crate::handlers::profile_form::ProfileForm;
use crate::handlers::{actor, field_sentence};
use crate::ids::AmbassadorId;
use crate::views::buddies::ambassadors::{
    AmbassadorPage, AmbassadorsPage, NewAmbassadorPage, notice,
};
use crate::views::profile_fields::{ProfileFields, Purpose};
use crate::views::render;

/// `GET /buddies/ambassadors`.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let all = EveryAmbassador.run(&state, &actor(&current)).await?;
    let nav = nav(&state, &current).await?;
    let (today, tz) = (state.config.today(), state.config.time_zone);
    let mut page = AmbassadorsPage::new(nav, &all, today, tz);
    page.notice = notice(q.done());
    render(&page)
}

/// `GET /buddies/ambassadors/new`: the invitation form.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Html<String>, AppError> {
    actor(&current).must_coordinate(&state).await?;
    let page = NewAmbassadorPage {
        nav: nav(&state, &current).await?,
        form: ProfileFields::blank(Purpose::Invitation),
    };
    render(&page)
}

/// `POST /buddies/ambassadors`: invites an ambassador; every wrong field is shown beside it
/// with what was typed (422).
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let actor = actor(&current);
    actor.must_coordinate(&state).await?;
    let input = form.input();
    let invited = match InviteAmbassador::parse(&input) {
        Ok(invite) => invite.run(&state, &actor, &current.user.display_name).await,
        Err(err) => Err(err),
    };
    match invited {
        Ok(id) => {
            Ok(Redirect::to(&format!("/buddies/ambassadors/{id}?done=invited")).into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let page = NewAmbassadorPage {
                nav: nav(&state, &current).await?,
                form: ProfileFields::typed(Purpose::Invitation, input, errors),
            };
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&page)?,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

pub(super) async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: AmbassadorId,
) -> Result<AmbassadorPage, AppError> {
    let found = AmbassadorQuery { id }.run(state, &actor(current)).await?;
    let nav = nav(state, current).await?;
    let (today, tz) = (state.config.today(), state.config.time_zone);
    Ok(AmbassadorPage::new(nav, &found, today, tz))
}

/// `GET /buddies/ambassadors/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current, id).await?;
    page.notice = notice(q.done());
    render(&page)
}

/// `POST /buddies/ambassadors/{id}`: changes the profile, if nobody changed it since the
/// page was made; otherwise the page shows the current profile and says so (409).
pub async fn update(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
    CsrfForm { form, .. }: CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let actor = actor(&current);
    actor.must_coordinate(&state).await?;
    let input = form.input();
    let version = form_version(form.version.as_deref()).ok();
    let command = async {
        let sent = version.ok_or(CommandError::invalid(Field::Version, Problem::NoVersion))?;
        let update = UpdateAmbassador::parse(id, sent, &input)?;
        update.run(&state, &actor).await
    };
    match command.await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/buddies/ambassadors/{id}?done=saved")).into_response())
        }
        Err(err) => not_saved(&state, &current, id, err, (input, version)).await,
    }
}

/// The profile page after a refused change: the typed values and each field's mistake
/// (422), or the profile as it is now when it changed meanwhile (409).
async fn not_saved(
    state: &AppState,
    current: &CurrentUser,
    id: AmbassadorId,
    err: CommandError,
    (input, version): (ProfileInput, Option<i64>),
) -> Result<Response, AppError> {
    let mut page = page(state, current, id).await?;
    let status = match err {
        CommandError::InvalidFields(errors) => {
            page.form = ProfileFields::typed(Purpose::Review, input, errors);
            // The version the typed values were made against, so that saving them again
            // still notices a change made meanwhile.
            page.version = version.unwrap_or(page.version);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        CommandError::ChangedMeanwhile(changed) => {
            page.problem = Some(format!(
                "This profile was {changed}. Below is the profile as it is now; nothing you \
                 sent was saved."
            ));
            StatusCode::CONFLICT
        }
        CommandError::Invalid { field, problem } => {
            page.problem = Some(field_sentence(field, &problem));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        other => return Err(other.into()),
    };
    Ok(with_status(status, render(&page)?))
}

/// `POST /buddies/ambassadors/{id}/status`: approve, decline, pause or resume; approving an
/// applicant mails them a first-password link.
pub async fn set_status(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
    CsrfForm { form, .. }: CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let actor = actor(&current);
    actor.must_coordinate(&state).await?;
    let status = AmbassadorStatus::parse(&form.status)
        .ok_or(CommandError::invalid(Field::Action, Problem::NotOffered))?;
    let command = SetAmbassadorStatus { id, status };
    command
        .run(&state, &actor, &current.user.display_name)
        .await?;
    let done = status.name();
    let to = if form.back == "profile" {
        format!("/buddies/ambassadors/{id}?done={done}")
    } else {
        format!("/buddies/ambassadors?done={done}#ambassador-{id}")
    };
    Ok(Redirect::to(&to).into_response())
}
