//! The ambassador's own photo: `GET /buddy/photo`, `POST /buddy/profile/photo` (multipart,
//! the token first: upload or replace) and `POST /buddy/profile/photo/delete`. A refused
//! file is shown beside the field of the profile page (422).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::profile::{back, page};
use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, CsrfUpload};
use crate::auth::extract::BuddyUser;
use crate::commands::buddies::{FetchPhoto, PhotoOf, RemovePhoto, SetPhoto};
use crate::commands::{CommandError, Field};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::handlers::{actor, sentence};
use crate::views::render;

/// `GET /buddy/photo`: the ambassador's own photo.
pub async fn show(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
) -> Result<Response, AppError> {
    let content = FetchPhoto { of: PhotoOf::Own };
    Ok(crate::upload::photo(
        content.run(&state, &actor(&current)).await?,
    ))
}

/// `POST /buddy/profile/photo`: uploads or replaces the photo.
pub async fn upload(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfUpload(mut form): CsrfUpload,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let id = who.own_ambassador(&state).await?.id;
    match (SetPhoto { id }).run(&state, &who, &mut form).await {
        Ok(()) => back(&current.session, "Your photo is saved.").await,
        Err(CommandError::Invalid {
            field: Field::Photo,
            problem,
        }) => {
            let mut page = page(&state, &current).await?;
            page.photo.error = Some(sentence(&problem.to_string()));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /buddy/profile/photo/delete`: removes the photo.
pub async fn remove(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let who = actor(&current);
    let id = who.own_ambassador(&state).await?.id;
    RemovePhoto { id }.run(&state, &who).await?;
    back(&session, "Your photo is removed.").await
}
