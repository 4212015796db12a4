//! One's own account: change the password, make an API token — both after entering the
//! current password again (re-authentication, throttled like a sign-in).

use secrecy::{ExposeSecret as _, SecretString};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::auth::hashing::HashingError;
use crate::auth::password::{self, Password};
use crate::client::Client;
use crate::db::api_tokens::{self, NewToken, TokenName};
use crate::db::credentials::{self, Ended, PasswordChange};
use crate::db::outbox;
use crate::db::throttle::{self, Counting, Rule};
use crate::db::users::{self, User};
use crate::db::{Constraint, DbError};
use crate::views::mail::{self, ChangedBy};
use softland_domain::person::Email;

/// The throttle rules of re-entering a secret (a password, a two-factor code) for `user`
/// from `client`: per account and address, and per account from anywhere — the keys of a
/// sign-in, so that failures here count toward the same limits.
pub(super) fn account_rules(state: &AppState, user: &User, client: Client) -> [Rule; 2] {
    let window = chrono::Duration::from_std(state.config.throttle_window)
        .unwrap_or(chrono::Duration::minutes(15));
    [
        Rule {
            key: format!(
                "pair:{}|{}",
                throttle::subject(&user.email),
                client.network()
            ),
            limit: state.config.throttle_per_account,
            window,
            counting: Counting::Reserved,
        },
        Rule {
            key: throttle::account_key(&user.email),
            limit: state.config.throttle_account_hourly,
            window: chrono::Duration::hours(1),
            counting: Counting::Reserved,
        },
    ]
}

/// Checks `typed` against `user`'s password, counted like a sign-in from `client` to that
/// account (per account and address, and per account from anywhere); a wrong or throttled
/// password is a problem of `field`.
pub(super) async fn reauthenticate(
    state: &AppState,
    user: &User,
    client: Client,
    typed: SecretString,
    field: Field,
) -> Result<(), CommandError> {
    let rules = account_rules(state, user, client);
    let attempt = match throttle::reserve(&state.db, &rules).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            let minutes = refused.minutes_left();
            return Err(CommandError::invalid(field, Problem::Throttled(minutes)));
        }
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
        Ok(true) => Ok(throttle::withdraw(&state.db, attempt).await?),
        Ok(false) => {
            throttle::keep(&state.db, attempt).await?;
            tracing::warn!(user = user.id.0, address = %client.ip, "re-authentication failed");
            Err(CommandError::invalid(field, Problem::WrongPassword))
        }
        Err(HashingError::Busy(_)) => {
            throttle::withdraw(&state.db, attempt).await?;
            Err(CommandError::invalid(field, Problem::Busy))
        }
        Err(HashingError::Stopped) => Err(CommandError::Busy),
    }
}

/// The new password typed twice: refused beside the field that is wrong.
pub fn new_password(password: &str, confirm: &str) -> Result<Password, CommandError> {
    let parsed =
        Password::parse(password).map_err(|e| CommandError::invalid(Field::NewPassword, e))?;
    if password != confirm {
        return Err(CommandError::invalid(Field::Confirm, Problem::Mismatch));
    }
    Ok(parsed)
}

/// Changes one's own password. Every other session of the account ends, its API tokens are
/// revoked, its links cancelled, and its owner is told by mail.
#[derive(Debug)]
pub struct ChangeOwnPassword {
    /// The current password, as typed.
    pub current: SecretString,
    /// The new one.
    pub new: Password,
    /// The session making the change, which stays signed in.
    pub keep_session: Option<String>,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl ChangeOwnPassword {
    /// Runs it for the actor's own account.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Ended, CommandError> {
        let user = users::get(&state.db, actor.id).await?;
        reauthenticate(
            state,
            &user,
            self.client,
            self.current,
            Field::CurrentPassword,
        )
        .await?;
        let new = self.new;
        let hash = match state.hashing.run(move || password::hash(&new)).await {
            Ok(hash) => hash.map_err(CommandError::Internal)?,
            Err(HashingError::Busy(_)) => {
                return Err(CommandError::invalid(Field::NewPassword, Problem::Busy));
            }
            Err(HashingError::Stopped) => return Err(CommandError::Busy),
        };
        let change = PasswordChange {
            user: user.id,
            hash,
            keep_session: self.keep_session.as_deref(),
            notice: Some(mail::password_changed(ChangedBy::Owner)),
        };
        let ended = credentials::change_password(&state.db, change).await?;
        tracing::info!(user = user.id.0, address = %self.client.ip, "password changed");
        Ok(ended)
    }
}

/// Changes one's own sign-in e-mail after the password; the old address is told by mail.
#[derive(Debug)]
pub struct ChangeOwnEmail {
    /// The password, as typed.
    pub password: SecretString,
    /// The new address.
    pub email: Email,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl ChangeOwnEmail {
    /// The new address as typed.
    pub fn email(raw: &str) -> Result<Email, CommandError> {
        Email::parse(raw).map_err(|e| CommandError::invalid(Field::Email, e))
    }

    /// Runs it for the actor's own account.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        let user = users::get(&state.db, actor.id).await?;
        if user.email == self.email.as_str() {
            return Err(CommandError::invalid(Field::Email, Problem::Unchanged));
        }
        reauthenticate(state, &user, self.client, self.password, Field::Password).await?;
        let notice = mail::email_changed(self.email.as_str());
        match users::change_email(&state.db, user.id, self.email.as_str(), &notice).await {
            Ok(()) => {}
            Err(DbError::Constraint(Constraint::EmailTaken)) => {
                return Err(CommandError::invalid(Field::Email, Problem::Taken));
            }
            Err(other) => return Err(other.into()),
        }
        tracing::info!(user = user.id.0, address = %self.client.ip, "sign-in e-mail changed");
        Ok(())
    }
}

/// Makes a personal API token for the actor's own account (staff and employer users), after the password;
/// its owner is told by mail.
#[derive(Debug)]
pub struct CreateToken {
    /// What it is for.
    pub name: TokenName,
    /// When it stops working (`None`: when revoked).
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The account's password, as typed.
    pub password: SecretString,
    /// Where the request came from (for the throttle).
    pub client: Client,
}

impl CreateToken {
    /// The name as typed.
    pub fn name(raw: &str) -> Result<TokenName, CommandError> {
        TokenName::parse(raw)
            .map_err(|e| CommandError::invalid(Field::TokenName, Problem::Token(e)))
    }

    /// The lifetime as typed: empty for "until revoked", else 1–3650 days.
    pub fn expiry(days: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, CommandError> {
        let invalid = |e| CommandError::invalid(Field::Days, Problem::Token(e));
        match days.trim() {
            "" => Ok(None),
            raw => {
                let days: u32 = raw
                    .parse()
                    .map_err(|_| invalid(api_tokens::InvalidToken::Days))?;
                api_tokens::expiry_in_days(days).map(Some).map_err(invalid)
            }
        }
    }

    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<NewToken, CommandError> {
        // Staff, and employer users for the employer endpoints only (issue 21).
        if actor.role != crate::auth::Role::Employer {
            actor.must_be_staff()?;
        }
        let user = users::get(&state.db, actor.id).await?;
        reauthenticate(state, &user, self.client, self.password, Field::Password).await?;
        let token = api_tokens::create(&state.db, user.id, &self.name, self.expires_at).await?;
        let notice = mail::token_created(&user.display_name, self.name.as_str());
        outbox::queue(&state.db, &user.email, &notice).await?;
        Ok(token)
    }
}

/// Revokes one of one's own API tokens: it stops working at once. Another account's token is
/// not found.
#[derive(Debug, Clone, Copy)]
pub struct RevokeToken {
    /// The token.
    pub token: api_tokens::TokenId,
}

impl RevokeToken {
    /// Runs it for the actor's own tokens (staff only: only staff have tokens).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        if actor.role != crate::auth::Role::Employer {
            actor.must_be_staff()?;
        }
        Ok(api_tokens::revoke(&state.db, actor.id, self.token).await?)
    }
}
