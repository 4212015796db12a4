//! Partnership management: `GET /partners/partnerships` (filtered by agreement status,
//! sorted, long-silent partners flagged) and `GET /partners/partnerships.csv`.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use softland_domain::partner::AgreementStatus;

use super::forms::PartnershipsQuery as Params;
use super::nav;
use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::commands::partners::directory::{PartnershipOrder, PartnershipsQuery};
use crate::error::AppError;
use crate::handlers::actor;
use crate::views::partners::PartnershipsPage;
use crate::views::partners::csv::partnerships_csv;
use crate::views::render;

fn query(params: &Params) -> PartnershipsQuery {
    PartnershipsQuery {
        agreement: AgreementStatus::parse(&params.agreement),
        order: PartnershipOrder::parse(&params.sort),
    }
}

/// `GET /partners/partnerships`.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(params): Query<Params>,
) -> Result<Html<String>, AppError> {
    let query = query(&params);
    let rows = query.run(&state, &actor(&current)).await?;
    let agreement = query.agreement.map_or("", AgreementStatus::as_str);
    let nav = nav(&state, &current).await?;
    render(&PartnershipsPage::new(nav, &rows, agreement, query.order))
}

/// `GET /partners/partnerships.csv`: the same rows as the page.
pub async fn export(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let rows = query(&params).run(&state, &actor(&current)).await?;
    let body = partnerships_csv(&rows).map_err(|e| AppError::Internal(e.into()))?;
    let today = state.config.today();
    let disposition = format!("attachment; filename=\"partnerships-{today}.csv\"");
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, body).into_response())
}
