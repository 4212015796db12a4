//! The programme's forms as posted, read into the commands' `…Input`s.

use serde::Deserialize;

/// "Propose" on the request page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    /// The ambassador's profile id.
    pub ambassador: String,
    /// The version of the request the page showed.
    pub version: Option<String>,
}

/// "End the match".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EndForm {
    /// The reason's name.
    pub reason: String,
    /// A note.
    pub note: String,
}

/// A status change of an ambassador; `back` says which page to return to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    /// `active`, `paused`, `declined`.
    pub status: String,
    /// `list` or `profile`.
    pub back: String,
}

/// "Handled" on a call for help; `back` says which page to return to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandledForm {
    /// `dashboard` or `buddies`.
    pub back: String,
}
