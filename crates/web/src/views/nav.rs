//! The navigation bar every signed-in page shows.

use crate::db::users::User;

/// What `templates/partials/nav.html` needs.
pub struct Nav {
    /// The user's name.
    pub name: String,
    /// The user's role.
    pub role: &'static str,
    /// The session's CSRF token (for the sign-out form).
    pub csrf: String,
    /// Which section is open: "dashboard", "cases" …
    pub section: &'static str,
    /// Whether the user is a team lead.
    pub team_lead: bool,
    /// Whether the user coordinates the buddy programme (the "Buddies" link).
    pub coordinator: bool,
    /// Cases with messages from expats the user has not read (`Messages (3)`); 0 when none,
    /// or when the page did not count them.
    pub unread_messages: u64,
}

impl Nav {
    /// The bar for `user` in `section`.
    pub fn new(user: &User, csrf: String, section: &'static str) -> Self {
        Self {
            name: user.display_name.clone(),
            role: user.role.as_str(),
            csrf,
            section,
            team_lead: user.team_lead,
            coordinator: crate::commands::buddies::coordinates(user),
            unread_messages: 0,
        }
    }

    /// The bar with the count of cases with unread messages.
    #[must_use]
    pub fn with_unread_messages(mut self, count: u64) -> Self {
        self.unread_messages = count;
        self
    }
}
