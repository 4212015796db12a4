//! The outgoing mail queue, as admins steer it.

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::db::outbox;

/// Makes every pending mail due now (after the mail server was fixed, say).
#[derive(Debug, Clone, Copy)]
pub struct RetryMail;

impl RetryMail {
    /// Runs it (admins only): how many mails will be tried again.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        actor.must_be_admin()?;
        Ok(outbox::retry_now(&state.db).await?)
    }
}
