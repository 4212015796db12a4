//! What the session holds, behind typed functions: the signed-in user, when, where from and
//! in which browser they signed in, and the CSRF token of their forms.

use tower_sessions::Session;

use crate::error::AppError;
use crate::ids::UserId;

/// The signed-in user's id (also copied into the sessions table's `user_id` column).
pub const USER_ID: &str = crate::db::sessions::USER_ID_KEY;
/// Unix time of sign-in, for the absolute lifetime (and the account page's list).
pub const SIGNED_IN_AT: &str = crate::db::sessions::SIGNED_IN_AT_KEY;
/// The browser's summary at sign-in, for the account page's list of sessions.
pub const BROWSER: &str = crate::db::sessions::BROWSER_KEY;
/// The address signed in from, for the account page's list of sessions.
pub const ADDRESS: &str = crate::db::sessions::ADDRESS_KEY;
/// The CSRF token every form of this session carries.
pub const CSRF: &str = "csrf";
/// Unix time the session's idle timeout was last pushed forward.
pub const RENEWED_AT: &str = "renewed_at";

fn internal(err: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {err}"))
}

/// Where a sign-in comes from, as the account page lists it (an extractor).
#[derive(Debug, Clone)]
pub struct Origin {
    /// "Firefox on Linux" (`auth::browser`).
    pub browser: String,
    /// The client's address.
    pub address: std::net::IpAddr,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let client = crate::client::Client::from_request_parts(parts, state).await?;
        Ok(Self {
            browser: super::browser::of(&parts.headers),
            address: client.ip,
        })
    }
}

/// Signs `user` in from `origin`: a new session id (no fixation), the user, the time, where
/// from, a fresh CSRF token.
pub async fn sign_in(session: &Session, user: UserId, origin: Origin) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    end_second_step(session).await?;
    set_two_factor_due(session, false).await?;
    set_setup_secret(session, None).await?;
    session.insert(USER_ID, user.0).await.map_err(internal)?;
    session
        .insert(BROWSER, origin.browser)
        .await
        .map_err(internal)?;
    session
        .insert(ADDRESS, origin.address.to_string())
        .await
        .map_err(internal)?;
    session
        .insert(SIGNED_IN_AT, chrono::Utc::now().timestamp())
        .await
        .map_err(internal)?;
    session.insert(CSRF, new_token()).await.map_err(internal)?;
    renew(session, chrono::Utc::now().timestamp()).await
}

/// Pushes a signed-in session's idle timeout forward when it was last pushed at least
/// `every` ago (a change to the session makes the layer store it with a new expiry and
/// send the cookie again). Renewing on every request instead would write to the store on
/// every page view (docs/performance-log.md).
pub async fn renew_if_due(session: &Session, every: std::time::Duration) -> Result<(), AppError> {
    let now = chrono::Utc::now().timestamp();
    let last: i64 = session
        .get(RENEWED_AT)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    if now - last >= i64::try_from(every.as_secs()).unwrap_or(60) {
        renew(session, now).await?;
    }
    Ok(())
}

async fn renew(session: &Session, now: i64) -> Result<(), AppError> {
    session.insert(RENEWED_AT, now).await.map_err(internal)
}

/// Signs out: the session is deleted from the store and its cookie is dead.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// The signed-in user and when they signed in, if anyone is.
pub async fn signed_in(session: &Session) -> Result<Option<(UserId, i64)>, AppError> {
    let user: Option<i64> = session.get(USER_ID).await.map_err(internal)?;
    let at: Option<i64> = session.get(SIGNED_IN_AT).await.map_err(internal)?;
    Ok(user.zip(at).map(|(u, at)| (UserId(u), at)))
}

/// The signed-in session's CSRF token (made at sign-in; made now for a session signed in
/// before tokens were kept). Visitors who are not signed in get theirs from
/// `csrf::page_token`, never from a stored session.
pub async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session.get::<String>(CSRF).await.map_err(internal)? {
        return Ok(token);
    }
    let token = new_token();
    session.insert(CSRF, &token).await.map_err(internal)?;
    Ok(token)
}

fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// A sign-in waiting for its second step (issue 23): the account whose password was right.
/// Nothing else of the session signs anyone in: every page but the second step's sees a
/// visitor.
pub const PENDING_USER: &str = "pending_user";
/// Unix time the password was right (the second step must follow within minutes).
pub const PENDING_AT: &str = "pending_at";
/// Where to go after the second step.
pub const PENDING_NEXT: &str = "pending_next";
/// The signed-in account must set up two-factor before anything else.
pub const TWO_FACTOR_DUE: &str = "two_factor_due";
/// A two-factor secret shown on the set-up page, not yet confirmed (base32).
pub const TWO_FACTOR_SETUP: &str = "two_factor_setup";
/// A staff member without two-factor is invited to set it up (the dashboard's banner) until
/// they dismiss it or set it up.
pub const TWO_FACTOR_SUGGESTED: &str = "two_factor_suggested";
/// Seconds a sign-in waits for its second step.
pub const SECOND_STEP_SECONDS: i64 = 300;

/// Starts a sign-in's second step for `user` (a new session id, no one signed in yet).
pub async fn begin_second_step(
    session: &Session,
    user: UserId,
    next: Option<String>,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    // Whoever this browser was signed in as before is signed out now.
    session.remove::<i64>(USER_ID).await.map_err(internal)?;
    session
        .remove::<i64>(SIGNED_IN_AT)
        .await
        .map_err(internal)?;
    set_two_factor_due(session, false).await?;
    session
        .insert(PENDING_USER, user.0)
        .await
        .map_err(internal)?;
    session
        .insert(PENDING_AT, chrono::Utc::now().timestamp())
        .await
        .map_err(internal)?;
    session.insert(PENDING_NEXT, next).await.map_err(internal)
}

/// The account waiting for its second step and where it goes next, unless the wait is over
/// (then the waiting sign-in is forgotten).
pub async fn second_step(session: &Session) -> Result<Option<(UserId, Option<String>)>, AppError> {
    let user: Option<i64> = session.get(PENDING_USER).await.map_err(internal)?;
    let at: Option<i64> = session.get(PENDING_AT).await.map_err(internal)?;
    let (Some(user), Some(at)) = (user, at) else {
        return Ok(None);
    };
    if chrono::Utc::now().timestamp() - at > SECOND_STEP_SECONDS {
        end_second_step(session).await?;
        return Ok(None);
    }
    let next: Option<String> = session.get(PENDING_NEXT).await.map_err(internal)?.flatten();
    Ok(Some((UserId(user), next)))
}

/// Forgets a waiting second step.
pub async fn end_second_step(session: &Session) -> Result<(), AppError> {
    session
        .remove::<i64>(PENDING_USER)
        .await
        .map_err(internal)?;
    session.remove::<i64>(PENDING_AT).await.map_err(internal)?;
    session
        .remove::<Option<String>>(PENDING_NEXT)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Marks (or clears) that the signed-in account must set up two-factor first.
pub async fn set_two_factor_due(session: &Session, due: bool) -> Result<(), AppError> {
    if due {
        session.insert(TWO_FACTOR_DUE, true).await.map_err(internal)
    } else {
        session
            .remove::<bool>(TWO_FACTOR_DUE)
            .await
            .map_err(internal)?;
        Ok(())
    }
}

/// Shows (or stops showing) the invitation to set up two-factor.
pub async fn set_two_factor_suggested(session: &Session, on: bool) -> Result<(), AppError> {
    if on {
        session
            .insert(TWO_FACTOR_SUGGESTED, true)
            .await
            .map_err(internal)
    } else if session
        .get::<bool>(TWO_FACTOR_SUGGESTED)
        .await
        .map_err(internal)?
        .is_some()
    {
        session
            .remove::<bool>(TWO_FACTOR_SUGGESTED)
            .await
            .map_err(internal)?;
        Ok(())
    } else {
        Ok(())
    }
}

/// Whether the invitation to set up two-factor shows (read from the session: no query).
pub async fn is_two_factor_suggested(session: &Session) -> Result<bool, AppError> {
    Ok(session
        .get::<bool>(TWO_FACTOR_SUGGESTED)
        .await
        .map_err(internal)?
        .unwrap_or(false))
}

/// Whether the signed-in account must set up two-factor first.
pub async fn is_two_factor_due(session: &Session) -> Result<bool, AppError> {
    Ok(session
        .get::<bool>(TWO_FACTOR_DUE)
        .await
        .map_err(internal)?
        .unwrap_or(false))
}

/// The secret the set-up page shows (base32), kept until it is confirmed.
pub async fn setup_secret(session: &Session) -> Result<Option<String>, AppError> {
    session.get(TWO_FACTOR_SETUP).await.map_err(internal)
}

/// Keeps (or, with `None`, forgets) the set-up page's secret.
pub async fn set_setup_secret(session: &Session, secret: Option<String>) -> Result<(), AppError> {
    if let Some(secret) = secret {
        return session
            .insert(TWO_FACTOR_SETUP, secret)
            .await
            .map_err(internal);
    }
    session
        .remove::<String>(TWO_FACTOR_SETUP)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A one-time message for the next page (after a redirect): on SQLite kept in memory when it
/// is all that changed in the session (`db::sessions::DbSessionStore`).
pub const FLASH: &str = crate::db::sessions::FLASH_KEY;

/// Leaves `message` for the next page this session opens.
pub async fn set_flash(session: &Session, message: String) -> Result<(), AppError> {
    session.insert(FLASH, message).await.map_err(internal)
}

/// Takes the waiting message, if any. Removing marks the session changed (one write to the
/// store) even when nothing was there, so it is removed only when present: pages without a
/// message then cost no write (docs/performance-log.md).
pub async fn take_flash(session: &Session) -> Result<Option<String>, AppError> {
    if session
        .get::<String>(FLASH)
        .await
        .map_err(internal)?
        .is_none()
    {
        return Ok(None);
    }
    session.remove::<String>(FLASH).await.map_err(internal)
}

/// Whether `next` is a safe place to return to after sign-in: a relative path on this site.
pub fn is_safe_return(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 500
}

#[cfg(test)]
mod tests {
    use super::is_safe_return;

    #[test]
    fn only_relative_paths_are_safe_returns() {
        assert!(is_safe_return("/cases/12?tab=notes"));
        for bad in [
            "https://evil.test/",
            "//evil.test",
            "/\\evil.test",
            "javascript:alert(1)",
            "cases",
            "/a\nb",
        ] {
            assert!(!is_safe_return(bad), "{bad}");
        }
    }
}
