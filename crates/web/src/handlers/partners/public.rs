//! The directory's public fields for expats (`GET /my/partners`, `/my/partners/{id}`, in the
//! portal) and ambassadors (`GET /buddy/partners`, `/buddy/partners/{id}`, in their area):
//! one query and one page for both, the layout chosen by the area.

use axum::extract::{Path, Query, State};
use axum::response::Html;

use super::forms::FilterQuery;
use crate::app::AppState;
use crate::auth::extract::{BuddyUser, CurrentUser, ExpatUser};
use crate::auth::session;
use crate::commands::partners::directory::{PublicDirectoryQuery, PublicOrganisationQuery};
use crate::commands::{CommandError, FieldErrors};
use crate::db::partners;
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::OrganisationId;
use crate::views::partners::FilterForm;
use crate::views::partners::public::{Area, PublicDirectoryPage, PublicOrganisationPage};
use crate::views::portal::PortalChrome;
use crate::views::render;

async fn chrome(state: &AppState, current: &CurrentUser) -> Result<PortalChrome, AppError> {
    Ok(PortalChrome {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        centre: crate::commands::site::site_settings(state).await?.centre(),
    })
}

async fn directory(
    state: &AppState,
    current: &CurrentUser,
    area: Area,
    q: &FilterQuery,
) -> Result<Html<String>, AppError> {
    let input = q.input();
    let query = PublicDirectoryQuery {
        filter: input.clone(),
    };
    let (found, errors) = match query.run(state, &actor(current)).await {
        Ok(found) => (found, FieldErrors::new()),
        Err(CommandError::InvalidFields(errors)) => (Vec::new(), errors),
        Err(other) => return Err(other.into()),
    };
    let kinds = partners::kinds(&state.db).await?;
    render(&PublicDirectoryPage {
        chrome: chrome(state, current).await?,
        area,
        filter: FilterForm::new(input, &kinds, &errors),
        cards: found.into_iter().map(Into::into).collect(),
    })
}

async fn organisation(
    state: &AppState,
    current: &CurrentUser,
    area: Area,
    id: OrganisationId,
) -> Result<Html<String>, AppError> {
    let org = PublicOrganisationQuery { id }
        .run(state, &actor(current))
        .await?;
    render(&PublicOrganisationPage {
        chrome: chrome(state, current).await?,
        area,
        card: org.into(),
    })
}

/// `GET /my/partners`.
pub async fn portal_list(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Query(q): Query<FilterQuery>,
) -> Result<Html<String>, AppError> {
    directory(&state, &current, Area::Portal, &q).await
}

/// `GET /my/partners/{id}`.
pub async fn portal_show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    Path(id): Path<OrganisationId>,
) -> Result<Html<String>, AppError> {
    organisation(&state, &current, Area::Portal, id).await
}

/// `GET /buddy/partners`.
pub async fn buddy_list(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    Query(q): Query<FilterQuery>,
) -> Result<Html<String>, AppError> {
    directory(&state, &current, Area::Buddy, &q).await
}

/// `GET /buddy/partners/{id}`.
pub async fn buddy_show(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    Path(id): Path<OrganisationId>,
) -> Result<Html<String>, AppError> {
    organisation(&state, &current, Area::Buddy, id).await
}
