//! The centre's public site (issue 22): what every public page and form shares — the
//! centre's settings, kept for a few seconds so that a crowd reading the site costs no
//! query per page, and the limit on submissions of the public forms from one address.

pub mod articles;
pub mod calculator;
pub mod centre;
pub mod directory;
pub mod enquiries;
pub mod guides;
pub mod routes;
pub mod search;

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::app::AppState;
use crate::client::network_of;
use crate::commands::CommandError;
use crate::db::site::settings::{self, SiteSettings};
use crate::db::throttle::{self, Counting, Rule};

/// How long an instance keeps the settings it read: an admin's change shows on every instance
/// within this time (at once on the instance that saved it).
const SETTINGS_KEPT: Duration = Duration::from_secs(10);

/// The settings read in the last [`SETTINGS_KEPT`].
#[derive(Debug, Default)]
pub struct SiteCache {
    kept: Mutex<Option<(Instant, Arc<SiteSettings>)>>,
}

impl SiteCache {
    fn get(&self) -> Option<Arc<SiteSettings>> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref()
            .filter(|(at, _)| at.elapsed() < SETTINGS_KEPT)
            .map(|(_, s)| Arc::clone(s))
    }

    fn keep(&self, settings: &Arc<SiteSettings>) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((Instant::now(), Arc::clone(settings)));
        }
    }

    /// Drops what is kept: the next page reads the settings again (after they were saved).
    pub fn forget(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = None;
        }
    }
}

/// The centre's public settings (the home page, every public page's footer, the portal's).
pub async fn site_settings(state: &AppState) -> Result<Arc<SiteSettings>, CommandError> {
    if let Some(kept) = state.site.get() {
        return Ok(kept);
    }
    let read = Arc::new(settings::load(&state.db, &state.config.centre).await?);
    state.site.keep(&read);
    Ok(read)
}

/// A public form whose submissions are limited per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicForm {
    /// The contact form (an enquiry).
    Contact,
    /// Registering for an event.
    Registration,
    /// Cancelling a registration through its link.
    Cancellation,
}

impl PublicForm {
    fn key(self) -> &'static str {
        match self {
            PublicForm::Contact => "public-contact",
            PublicForm::Registration => "public-registration",
            PublicForm::Cancellation => "public-cancellation",
        }
    }
}

/// Lets one submission of `form` from `address` through, or refuses it with
/// [`CommandError::Throttled`] when the address sent `public_posts_per_address` in the window
/// already. Every submission counts (valid or not, stored or a duplicate), and counts from
/// before its work starts, so a burst sent at once cannot slip past the limit. Call it first:
/// a refused submission stores nothing.
pub async fn admit(
    state: &AppState,
    address: IpAddr,
    form: PublicForm,
) -> Result<(), CommandError> {
    let window = chrono::Duration::from_std(state.config.public_posts_window)
        .unwrap_or_else(|_| chrono::Duration::minutes(10));
    let rule = Rule {
        key: format!("{}:{}", form.key(), network_of(address)),
        limit: state.config.public_posts_per_address,
        window,
        counting: Counting::Reserved,
    };
    let admitted = admit_by(state, rule).await;
    if admitted.is_err() {
        tracing::warn!(%address, form = form.key(), "public form throttled");
    }
    admitted
}

/// Lets one mail of `form` to `email` (an address typed into a public form, not confirmed)
/// through, or refuses it with [`CommandError::Throttled`] when that address was sent
/// `per_day` of them in the last 24 hours already — from any visitor's address, so that
/// nobody can make the centre flood someone's mailbox by changing networks. Keyed
/// `public-recipient:<form>:<lowercased e-mail>`; every admitted submission counts. Call it
/// before storing anything, after [`admit`] and the form's checks.
pub async fn admit_recipient(
    state: &AppState,
    email: &str,
    form: PublicForm,
    per_day: u64,
) -> Result<(), CommandError> {
    let kind = form.key().trim_start_matches("public-");
    let rule = Rule {
        key: format!(
            "public-recipient:{kind}:{}",
            throttle::subject(&email.trim().to_lowercase())
        ),
        limit: per_day,
        window: chrono::Duration::days(1),
        counting: Counting::Reserved,
    };
    let admitted = admit_by(state, rule).await;
    if admitted.is_err() {
        tracing::warn!(
            form = form.key(),
            "public form throttled: too many mails to one recipient"
        );
    }
    admitted
}

/// One attempt under `rule`, kept when it goes through.
async fn admit_by(state: &AppState, rule: Rule) -> Result<(), CommandError> {
    match throttle::reserve(&state.db, &[rule]).await? {
        Ok(reservation) => {
            throttle::keep(&state.db, reservation).await?;
            Ok(())
        }
        Err(refused) => {
            let seconds = (refused.free_at - chrono::Utc::now()).num_seconds().max(1);
            Err(CommandError::Throttled {
                retry_after: u64::try_from(seconds).unwrap_or(1),
            })
        }
    }
}
