//! Asking a signed-in user for their password again before a consequential change (a new
//! password, a new API token). The check is throttled exactly like a sign-in from the same
//! address to the same account, so a stolen session cannot be used to guess the password.

use secrecy::{ExposeSecret as _, SecretString};

use crate::app::AppState;
use crate::auth::hashing::HashingError;
use crate::auth::password;
use crate::client::Client;
use crate::db::throttle::{self, Counting, Rule};
use crate::db::users::User;
use crate::error::AppError;

/// Why the password was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reauth {
    /// Wrong password.
    #[error("That is not your current password.")]
    Wrong,
    /// Too many wrong ones from here.
    #[error("Too many wrong passwords. Please wait {0} minute(s) and try again.")]
    Throttled(i64),
    /// The hashing threads are full.
    #[error("Many people are signing in right now. Please try again in a few seconds.")]
    Busy,
}

/// Checks `typed` against `user`'s password.
pub async fn check(
    state: &AppState,
    user: &User,
    client: Client,
    typed: SecretString,
) -> Result<Result<(), Reauth>, AppError> {
    let rules = [
        Rule {
            key: format!(
                "pair:{}|{}",
                throttle::subject(&user.email),
                client.network()
            ),
            limit: state.config.throttle_per_account,
            window: chrono::Duration::from_std(state.config.throttle_window)
                .unwrap_or(chrono::Duration::minutes(15)),
            counting: Counting::Reserved,
        },
        Rule {
            key: throttle::account_key(&user.email),
            limit: state.config.throttle_account_hourly,
            window: chrono::Duration::hours(1),
            counting: Counting::Reserved,
        },
    ];
    let attempt = match throttle::reserve(&state.db, &rules).await? {
        Ok(attempt) => attempt,
        Err(refused) => return Ok(Err(Reauth::Throttled(refused.minutes_left()))),
    };
    let hash = user
        .password_hash
        .clone()
        .unwrap_or_else(|| password::dummy_hash().to_owned());
    let verified = state
        .hashing
        .run(move || password::verify(typed.expose_secret(), &hash))
        .await;
    match verified {
        Ok(true) => {
            throttle::withdraw(&state.db, attempt).await?;
            Ok(Ok(()))
        }
        Ok(false) => {
            throttle::keep(&state.db, attempt).await?;
            tracing::warn!(user = user.id.0, address = %client.ip, "re-authentication failed");
            Ok(Err(Reauth::Wrong))
        }
        Err(HashingError::Busy(_)) => {
            throttle::withdraw(&state.db, attempt).await?;
            Ok(Err(Reauth::Busy))
        }
        Err(stopped) => Err(stopped.into()),
    }
}
