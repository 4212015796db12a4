//! `GET /directory` (filters in the URL: `?kind=health-care&language=English`) and
//! `GET /directory/{id}`: the partner directory's public fields of the organisations marked
//! public and active, for anyone.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::commands::partners::directory::FilterInput;
use crate::commands::site::directory::{VisitorDirectoryQuery, VisitorOrganisationQuery};
use crate::commands::{CommandError, FieldErrors};
use crate::db::partners;
use crate::error::AppError;
use crate::ids::OrganisationId;
use crate::views::partners::FilterForm;
use crate::views::public::directory::{VisitorDirectoryPage, VisitorOrganisationPage};
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// The filters as the URL carries them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    q: String,
    kind: String,
    language: String,
    district: String,
    service: String,
}

/// `GET /directory`.
pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Query(f): Query<DirectoryFilter>,
) -> Result<Html<String>, AppError> {
    let input = FilterInput {
        q: f.q,
        kind: f.kind,
        language: f.language,
        district: f.district,
        service: f.service,
        include_inactive: false,
    };
    let query = VisitorDirectoryQuery {
        filter: input.clone(),
    };
    let (found, errors) = match query.run(&state).await {
        Ok(found) => (found, FieldErrors::new()),
        Err(CommandError::InvalidFields(errors)) => (Vec::new(), errors),
        Err(other) => return Err(other.into()),
    };
    let kinds = partners::kinds(&state.db).await?;
    let meta = PageMeta::website(
        "Organisations that can help",
        "Doctors, schools, insurers, banks, language schools and more in Ostrava that the centre works with.",
        "/directory",
    );
    render(&VisitorDirectoryPage {
        chrome: super::chrome(&state, &session, Some(Section::Guides), meta).await?,
        filter: FilterForm::new(input, &kinds, &errors),
        cards: found.into_iter().map(Into::into).collect(),
    })
}

/// `GET /directory/{id}`.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<OrganisationId>,
) -> Result<Html<String>, AppError> {
    let org = VisitorOrganisationQuery { id }.run(&state).await?;
    let description = format!(
        "{} in Ostrava: address, opening hours, languages.",
        org.kind
    );
    let meta = PageMeta::website(org.name.clone(), description, format!("/directory/{id}"));
    render(&VisitorOrganisationPage {
        chrome: super::chrome(&state, &session, Some(Section::Guides), meta).await?,
        card: org.into(),
    })
}
