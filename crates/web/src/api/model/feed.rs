//! The caller's calendar feed address (issue 19).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Whether the caller has a working feed address (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedOut {
    /// Whether an address works.
    pub active: bool,
    /// When it was made.
    pub created_at: Option<DateTime<Utc>>,
    /// When a calendar app last fetched it (to the five minutes).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A feed address just made: shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewFeedOut {
    /// `<public URL>/calendar/<secret>.ics`: subscribe to it in a calendar app. Anyone who has
    /// it can read the feed.
    pub url: String,
}
