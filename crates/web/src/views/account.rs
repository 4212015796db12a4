//! `templates/account/show.html`: the signed-in staff member's account page, with their
//! sessions and personal API tokens.

pub mod two_factor;

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::admin::day_of;
use super::nav::Nav;
use crate::commands::FieldErrors;
use crate::commands::sessions::OwnSession;
use crate::db::api_tokens::{ApiToken, NewToken};

/// One token in the list.
pub struct TokenRow {
    /// Id, for the revoke form.
    pub id: i64,
    /// Name.
    pub name: String,
    /// "Thu 24 Dec 2026".
    pub created: String,
    /// "Thu 24 Dec 2026" or "never".
    pub expires: String,
    /// "Thu 24 Dec 2026" or "never".
    pub last_used: String,
    /// "active", "expired" or "revoked".
    pub state: &'static str,
}

impl TokenRow {
    /// The row of `token` at `now`, dates in `zone`.
    pub fn new(token: &ApiToken, now: DateTime<Utc>, zone: Tz) -> Self {
        let day =
            |at: Option<DateTime<Utc>>| at.map_or_else(|| "never".to_owned(), |a| day_of(a, zone));
        let state = if token.revoked_at.is_some() {
            "revoked"
        } else if token.is_active(now) {
            "active"
        } else {
            "expired"
        };
        Self {
            id: token.id.0,
            name: token.name.clone(),
            created: day_of(token.created_at, zone),
            expires: day(token.expires_at),
            last_used: day(token.last_used_at),
            state,
        }
    }

    /// Whether it can still be revoked.
    pub fn is_active(&self) -> bool {
        self.state == "active"
    }
}

/// One of the user's sessions in the list.
pub struct SessionRow {
    /// Its handle, for the form that ends it.
    pub handle: String,
    /// Whether it is this browser's.
    pub is_current: bool,
    /// "Thu 24 Dec 2026 09:30" or "not recorded".
    pub signed_in: String,
    /// "Thu 24 Dec 2026 09:30".
    pub last_seen: String,
    /// "Firefox on Linux" or "not recorded".
    pub browser: String,
    /// The address or "not recorded".
    pub address: String,
}

impl SessionRow {
    /// The row of `session`, times in `zone`.
    pub fn new(session: OwnSession, zone: Tz) -> Self {
        let unknown = || "not recorded".to_owned();
        Self {
            handle: session.handle.as_str().to_owned(),
            is_current: session.is_current,
            signed_in: session
                .signed_in_at
                .map_or_else(unknown, |at| moment_of(at, zone)),
            last_seen: moment_of(session.last_seen_at, zone),
            browser: session.browser.unwrap_or_else(unknown),
            address: session.address.unwrap_or_else(unknown),
        }
    }
}

/// "Thu 24 Dec 2026 09:30" in the centre's time zone.
pub(crate) fn moment_of(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{} {}", day_of(at, zone), local.format("%H:%M"))
}

/// A token just made, shown once.
pub struct NewTokenView {
    /// Its name.
    pub name: String,
    /// The secret.
    pub secret: String,
    /// "Thu 24 Dec 2026" or "never".
    pub expires: String,
}

impl NewTokenView {
    /// The view of `token` called `name`.
    pub fn new(token: &NewToken, name: &str, zone: Tz) -> Self {
        Self {
            name: name.trim().to_owned(),
            secret: token.secret.clone(),
            expires: token
                .expires_at
                .map_or_else(|| "never".to_owned(), |e| day_of(e, zone)),
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "account/show.html")]
pub struct AccountPage {
    /// Navigation.
    pub nav: Nav,
    /// The account's e-mail.
    pub email: String,
    /// Its live sessions, this browser's first.
    pub sessions: Vec<SessionRow>,
    /// Its tokens, newest first.
    pub tokens: Vec<TokenRow>,
    /// The token just made, shown once.
    pub new_token: Option<NewTokenView>,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Why the last new token was refused.
    pub error: Option<String>,
    /// The name entered.
    pub name: String,
    /// The days entered.
    pub days: String,
    /// Why the password given for a new token was refused.
    pub token_password_error: Option<String>,
    /// What is wrong in the change-password form, by field.
    pub password_errors: FieldErrors,
    /// The daily digest section.
    pub digest: DigestView,
    /// The calendar feed section (issue 19).
    pub calendar_feed: super::calendar::FeedSection,
}

impl AccountPage {
    /// The CSRF token of the change-password form (`partials/password_form.html`).
    pub fn password_csrf(&self) -> &str {
        &self.nav.csrf
    }

    /// Where the change-password form goes.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/account/password"
    }

    /// Whether any session but this browser's is live.
    pub fn has_other_sessions(&self) -> bool {
        self.sessions.iter().any(|s| !s.is_current)
    }
}

/// The daily digest section of the account page.
#[derive(Debug, Clone, Default)]
pub struct DigestView {
    /// Whether it is on.
    pub on: bool,
    /// The own time as stored or typed (empty: the centre's).
    pub time: String,
    /// The centre's time.
    pub centre_time: String,
    /// What is wrong with the typed time.
    pub error: Option<String>,
}
