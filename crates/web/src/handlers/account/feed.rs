//! The calendar feed section of the staff and portal account pages (issue 19): make (or
//! regenerate) one's feed address, shown once on the answer, and revoke it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, ExpatUser, Staff};
use crate::auth::session;
use crate::commands::FieldErrors;
use crate::commands::feeds::{CreateFeed, OwnFeed, RevokeFeed};
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::login::Empty;
use crate::views::calendar::{FeedSection, feed_url};
use crate::views::portal::PortalAccountPage;
use crate::views::render;

const STAFF_ACTION: &str = "/account/calendar-feed";
/// Said at the top of the page, where the answer opens: the address is further down.
const MADE: &str = "Your new calendar feed address is shown under “Calendar feed” below: \
                    copy it now, it is not shown again.";
const PORTAL_ACTION: &str = "/my/account/calendar-feed";

/// The section for `current`'s account page.
pub(crate) async fn section(
    state: &AppState,
    current: &CurrentUser,
) -> Result<FeedSection, AppError> {
    let token = OwnFeed.run(state, &actor(current)).await?;
    let expat = !current.user.role.is_staff();
    let action = if expat { PORTAL_ACTION } else { STAFF_ACTION };
    let csrf = session::csrf_token(&current.session).await?;
    Ok(FeedSection::new(
        token.as_ref(),
        (csrf, action, expat),
        state.config.time_zone,
    ))
}

/// The section after a new address was made: the address, once.
async fn made(state: &AppState, current: &CurrentUser) -> Result<FeedSection, AppError> {
    let token = CreateFeed.run(state, &actor(current)).await?;
    let mut section = section(state, current).await?;
    section.new_url = Some(feed_url(&state.config.base_url(), &token.secret));
    Ok(section)
}

/// `POST /account/calendar-feed`: a new address (the old one stops working), shown once.
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let feed = made(&state, &current).await?;
    let mut page = super::page(&state, &current, &super::TokenForm::default()).await?;
    page.calendar_feed = feed;
    page.flash = Some(MADE.to_owned());
    Ok((StatusCode::CREATED, render(&page)?).into_response())
}

/// `POST /account/calendar-feed/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    revoked(&state, &current).await?;
    Ok(Redirect::to("/account"))
}

/// `POST /my/account/calendar-feed`: the expat's own.
pub async fn create_portal(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let feed = made(&state, &current).await?;
    let (reminders, reminders_default) =
        crate::handlers::account::password::reminder_choice(&state, &current).await?;
    let page = PortalAccountPage {
        reminders,
        reminders_default,
        chrome: crate::handlers::portal::chrome(&state, &current).await?,
        email: current.user.email.clone(),
        flash: Some(MADE.to_owned()),
        password_errors: FieldErrors::new(),
        email_errors: FieldErrors::new(),
        typed_email: String::new(),
        calendar_feed: feed,
    };
    Ok((StatusCode::CREATED, render(&page)?).into_response())
}

/// `POST /my/account/calendar-feed/revoke`.
pub async fn revoke_portal(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    revoked(&state, &current).await?;
    Ok(Redirect::to("/my/account"))
}

async fn revoked(state: &AppState, current: &CurrentUser) -> Result<(), AppError> {
    let message = if RevokeFeed.run(state, &actor(current)).await? {
        "The calendar feed address is revoked: calendar apps can no longer read it."
    } else {
        "You had no calendar feed address."
    };
    session::set_flash(&current.session, message.to_owned()).await?;
    Ok(())
}
