//! An ambassador's photo on the coordinator's page of them: `GET
//! /buddies/ambassadors/{id}/photo`, `POST /buddies/ambassadors/{id}/photo` (multipart, the
//! token first: upload or replace) and `POST /buddies/ambassadors/{id}/photo/delete`. A
//! refused file is shown beside the field of the ambassador's page (422).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::ambassadors::page;
use super::with_status;
use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, CsrfUpload};
use crate::auth::extract::Staff;
use crate::commands::buddies::{FetchPhoto, PhotoOf, RemovePhoto, SetPhoto};
use crate::commands::{CommandError, Field};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::handlers::{actor, sentence};
use crate::ids::AmbassadorId;
use crate::views::render;

/// `GET /buddies/ambassadors/{id}/photo`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
) -> Result<Response, AppError> {
    let content = FetchPhoto {
        of: PhotoOf::Ambassador(id),
    };
    Ok(crate::upload::photo(
        content.run(&state, &actor(&current)).await?,
    ))
}

/// `POST /buddies/ambassadors/{id}/photo`: uploads or replaces the photo.
pub async fn upload(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
    CsrfUpload(mut form): CsrfUpload,
) -> Result<Response, AppError> {
    match (SetPhoto { id })
        .run(&state, &actor(&current), &mut form)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/buddies/ambassadors/{id}?done=photo#photo")).into_response(),
        ),
        Err(CommandError::Invalid {
            field: Field::Photo,
            problem,
        }) => {
            let mut page = page(&state, &current, id).await?;
            page.photo.error = Some(sentence(&problem.to_string()));
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&page)?,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /buddies/ambassadors/{id}/photo/delete`: removes the photo.
pub async fn remove(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<AmbassadorId>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Response, AppError> {
    RemovePhoto { id }.run(&state, &actor(&current)).await?;
    Ok(Redirect::to(&format!(
        "/buddies/ambassadors/{id}?done=photo_removed#photo"
    ))
    .into_response())
}
