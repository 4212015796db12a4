//! Who calls the API: the owner of the bearer token, acting with the owner's role and nothing
//! more. Cookies never authenticate the API. Invalid tokens are counted per client address
//! and throttled (429) like failed sign-ins.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;

use super::error::ApiError;
use crate::app::AppState;
use crate::auth::Role;
use crate::client::Client;
use crate::db::api_tokens::{self, TokenId};
use crate::db::throttle;
use crate::db::users::User;

/// The caller: a valid token's owner.
#[derive(Debug, Clone)]
pub struct ApiUser {
    /// The account the token acts for.
    pub user: User,
    /// The token used.
    pub token: TokenId,
}

impl ApiUser {
    /// Whether the caller works on cases (a consultant or an admin).
    pub fn is_staff(&self) -> bool {
        self.user.role.is_staff()
    }
}

/// A caller with a consultant's or an admin's token; an expat's token gets 403.
#[derive(Debug, Clone)]
pub struct StaffUser(pub ApiUser);

/// The secret of `Authorization: Bearer <secret>`, if the header has that form.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim())
}

/// Counts a failed attempt from this address; 429 once the address has too many.
async fn refuse(state: &AppState, parts: &mut Parts) -> ApiError {
    let Ok(client) = Client::from_request_parts(parts, state).await;
    let rule = throttle::Rule {
        key: format!("api-address:{}", client.network()),
        limit: state.config.throttle_per_address,
        window: chrono::Duration::from_std(state.config.throttle_window)
            .unwrap_or(chrono::Duration::minutes(15)),
        counting: throttle::Counting::Reserved,
    };
    match throttle::reserve(&state.db, &[rule]).await {
        Ok(Ok(failure)) => match throttle::keep(&state.db, failure).await {
            Ok(()) => ApiError::unauthorized(),
            Err(err) => err.into(),
        },
        Ok(Err(refused)) => {
            let wait = (refused.free_at - Utc::now()).num_seconds();
            ApiError::throttled(u64::try_from(wait).unwrap_or(0).max(1))
        }
        Err(err) => err.into(),
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(secret) = bearer(parts) else {
            return Err(ApiError::unauthorized());
        };
        match api_tokens::verify(&state.db, secret).await? {
            // Ambassadors have no API access: their own pages show them only what their
            // newcomers share (docs/buddies.md). A token one was given anyway opens nothing.
            Some(owner) if owner.user.role == Role::Buddy => Err(ApiError::forbidden(
                "ambassadors have no API access; use the buddy pages",
            )),
            // An employer's token reaches the employer endpoints only (issue 21).
            Some(owner) if owner.user.role == Role::Employer => Err(ApiError::forbidden(
                "an employer's token reaches only /api/v1/employer/…",
            )),
            Some(owner) => Ok(Self {
                user: owner.user,
                token: owner.token,
            }),
            None => Err(refuse(state, parts).await),
        }
    }
}

impl FromRequestParts<AppState> for StaffUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = ApiUser::from_request_parts(parts, state).await?;
        if !caller.user.role.is_staff() {
            return Err(ApiError::forbidden(
                "this needs a consultant's or an admin's token",
            ));
        }
        Ok(Self(caller))
    }
}

/// A caller with an employer user's token (issue 21): the only extractor an employer's token
/// passes, so that it reaches the employer endpoints and nothing else; any other token gets
/// 403.
#[derive(Debug, Clone)]
pub struct EmployerApiUser(pub User, pub TokenId);

impl FromRequestParts<AppState> for EmployerApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(secret) = bearer(parts) else {
            return Err(ApiError::unauthorized());
        };
        match api_tokens::verify(&state.db, secret).await? {
            Some(owner) if owner.user.role == Role::Employer => Ok(Self(owner.user, owner.token)),
            Some(_) => Err(ApiError::forbidden("this needs an employer user's token")),
            None => Err(refuse(state, parts).await),
        }
    }
}
