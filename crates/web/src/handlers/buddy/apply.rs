//! The public sign-up form of the buddy programme: `GET /buddies/apply` and
//! `POST /buddies/apply` (no sign-in). An application makes an account that cannot sign in
//! until the coordinator approves it; the coordinators are told by mail.
//!
//! Robots are kept out twice: a field hidden from people (`website`) that only a robot fills
//! in (it is thanked and nothing is stored), and at most [`APPLICATIONS_PER_HOUR`]
//! applications from one address an hour (429 after that). A form sent back with mistakes
//! does not count.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::visitor::Visitor;
use crate::client::Client;
use crate::commands::buddies::Apply;
use crate::commands::{CommandError, FieldErrors};
use crate::db::throttle::{self, Counting, Rule};
use crate::error::AppError;
use crate::handlers::profile_form::ProfileForm;
use crate::views::buddy::{AppliedPage, ApplyPage};
use crate::views::profile_fields::{ProfileFields, Purpose};
use crate::views::render;

/// Applications let through from one address (network) an hour.
pub const APPLICATIONS_PER_HOUR: u64 = 5;

/// The form as typed, with `errors`.
fn typed(form: &ProfileForm, errors: FieldErrors) -> ProfileFields {
    ProfileFields::typed(Purpose::Application, form.input(), errors)
}

/// `GET /buddies/apply`: nothing is stored for a visitor.
pub async fn form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
) -> Result<Response, AppError> {
    let csrf = page_token(&state, &session, &visitor).await?;
    let page = ApplyPage::new(csrf, ProfileFields::blank(Purpose::Application));
    Ok(render(&page)?.into_response())
}

/// `POST /buddies/apply`.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    visitor: Visitor,
    CsrfForm { form, session }: CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let rule = Rule {
        key: format!("apply:{}", client.network()),
        limit: APPLICATIONS_PER_HOUR,
        window: chrono::Duration::hours(1),
        counting: Counting::Reserved,
    };
    let csrf = page_token(&state, &session, &visitor).await?;
    let Ok(attempt) = throttle::reserve(&state.db, &[rule]).await? else {
        tracing::warn!(address = %client.ip, "application refused: throttled");
        let mut page = ApplyPage::new(csrf, typed(&form, FieldErrors::new()));
        page.problem = Some(
            "Too many applications were sent from here. Please wait an hour and try again."
                .to_owned(),
        );
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
    };
    if !form.website.trim().is_empty() {
        throttle::keep(&state.db, attempt).await?;
        tracing::warn!(address = %client.ip, "application dropped: the hidden field was filled in");
        return Ok(render(&AppliedPage)?.into_response());
    }
    let result = match Apply::parse(&form.input()) {
        Ok(apply) => apply.run(&state).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            throttle::keep(&state.db, attempt).await?;
            Ok(render(&AppliedPage)?.into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            throttle::withdraw(&state.db, attempt).await?;
            let page = ApplyPage::new(csrf, typed(&form, errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => {
            throttle::withdraw(&state.db, attempt).await?;
            Err(other.into())
        }
    }
}
