//! `GET /my/referrals`: the household's referrals to partners, with each partner's contact
//! and opening hours (expats only; read-only).

use axum::extract::State;
use axum::response::Html;

use crate::app::AppState;
use crate::auth::extract::ExpatUser;
use crate::commands::Actor;
use crate::commands::partners::referrals::HouseholdReferrals;
use crate::error::AppError;
use crate::views::portal::referrals::{PortalReferral, PortalReferralsPage};
use crate::views::render;

/// `GET /my/referrals`.
pub async fn list(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let found = HouseholdReferrals
        .run(&state, &Actor::of(&current.user))
        .await?;
    let page = PortalReferralsPage {
        chrome: super::chrome(&state, &current).await?,
        referrals: found.iter().map(PortalReferral::new).collect(),
    };
    render(&page)
}
