//! One's own sessions: the list the account page shows, "sign out everywhere else", and
//! ending one other session. A session is named by its handle (a hash of its id), never by
//! the id itself; another user's session is "not found".

use chrono::{DateTime, Utc};

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::client::Client;
use crate::db::sessions::{self, SessionHandle};

/// One of the actor's live sessions.
#[derive(Debug, Clone)]
pub struct OwnSession {
    /// Its handle, for the form that ends it.
    pub handle: SessionHandle,
    /// Whether it is the session asking.
    pub is_current: bool,
    /// When it signed in, if recorded.
    pub signed_in_at: Option<DateTime<Utc>>,
    /// When it was last used, to within the renewal interval (`Config::session_renewal`).
    pub last_seen_at: DateTime<Utc>,
    /// "Firefox on Linux", if recorded.
    pub browser: Option<String>,
    /// The address it signed in from, if recorded.
    pub address: Option<String>,
}

/// The actor's live sessions, the current one first, then the newest sign-in first.
#[derive(Debug, Clone)]
pub struct ListOwnSessions {
    /// The id of the session asking (none from the API, which has no session).
    pub current: Option<String>,
}

impl ListOwnSessions {
    /// Runs it for the actor's own account.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<OwnSession>, CommandError> {
        let current = self.current.as_deref().map(SessionHandle::of);
        let idle = chrono::Duration::from_std(state.config.session_idle)
            .unwrap_or(chrono::Duration::minutes(30));
        let mut list: Vec<OwnSession> = sessions::list_of(&state.db, actor.id)
            .await?
            .into_iter()
            .map(|s| OwnSession {
                is_current: Some(&s.handle) == current.as_ref(),
                // The expiry is pushed forward by the idle timeout whenever the session is
                // renewed, so it tells when it was last used.
                last_seen_at: s.expires_at - idle,
                handle: s.handle,
                signed_in_at: s.signed_in_at,
                browser: s.browser,
                address: s.address,
            })
            .collect();
        list.sort_by_key(|s| !s.is_current);
        Ok(list)
    }
}

/// Signs the actor out of every session but the one asking (on the API, which has no
/// session: out of every session). API tokens and trusted-device cookies are not touched:
/// tokens are listed and revoked on their own, and a device cookie signs nobody in.
#[derive(Debug, Clone)]
pub struct EndOtherSessions {
    /// The id of the session asking, which stays signed in.
    pub keep: Option<String>,
    /// Where the request came from (for the log).
    pub client: Client,
}

impl EndOtherSessions {
    /// Runs it for the actor's own account; how many sessions ended.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        let ended = sessions::end_sessions_of(&state.db, actor.id, self.keep.as_deref()).await?;
        tracing::info!(
            user = actor.id.0,
            address = %self.client.ip,
            ended,
            "signed out everywhere else"
        );
        Ok(ended)
    }
}

/// Signs the actor out of one other session. The session asking, another user's session and
/// an unknown handle are all "not found".
#[derive(Debug, Clone)]
pub struct EndOwnSession {
    /// The session to end.
    pub handle: SessionHandle,
    /// The id of the session asking (which this does not end: signing out does).
    pub current: Option<String>,
    /// Where the request came from (for the log).
    pub client: Client,
}

impl EndOwnSession {
    /// A handle as sent: one that cannot be a handle is "not found".
    pub fn handle(raw: &str) -> Result<SessionHandle, CommandError> {
        SessionHandle::parse(raw).ok_or(CommandError::NotFound)
    }

    /// Runs it for the actor's own account.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        sessions::end_one(&state.db, actor.id, &self.handle, self.current.as_deref()).await?;
        tracing::info!(
            user = actor.id.0,
            address = %self.client.ip,
            session = self.handle.as_str(),
            "signed out of one session"
        );
        Ok(())
    }
}
