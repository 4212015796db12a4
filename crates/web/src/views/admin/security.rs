//! `templates/admin/security.html`: the centre's two-factor policy and every staff member's
//! two-factor, with a reset for each (issue 23).

use askama::Template;
use chrono_tz::Tz;

use crate::db::two_factor::StaffFactor;
use crate::views::account::moment_of;
use crate::views::nav::Nav;

/// One staff member in the list.
pub struct StaffRow {
    /// Account id, for the reset form.
    pub id: i64,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// "admin" or "consultant" (", deactivated").
    pub role: String,
    /// "Thu 24 Dec 2026 09:30", or "not set up".
    pub enrolled: String,
    /// Whether it is set up (the reset form is offered).
    pub is_enrolled: bool,
    /// Unused recovery codes.
    pub codes_left: u64,
    /// "Thu 24 Dec 2026 09:30" or "never".
    pub last_used: String,
    /// Whether this is the admin looking (reset on their own account page instead).
    pub is_self: bool,
    /// Why the reset form of this row was refused.
    pub reset_error: Option<String>,
}

impl StaffRow {
    /// The row of `staff`.
    pub fn new(staff: &StaffFactor, me: i64, zone: Tz) -> Self {
        let role = if staff.active {
            staff.role.as_str().to_owned()
        } else {
            format!("{}, deactivated", staff.role.as_str())
        };
        Self {
            id: staff.user.0,
            name: staff.name.clone(),
            email: staff.email.clone(),
            role,
            enrolled: staff
                .enrolled_at
                .map_or_else(|| "not set up".to_owned(), |at| moment_of(at, zone)),
            is_enrolled: staff.enrolled_at.is_some(),
            codes_left: staff.codes_left,
            last_used: staff
                .last_used_at
                .map_or_else(|| "never".to_owned(), |at| moment_of(at, zone)),
            is_self: staff.user.0 == me,
            reset_error: None,
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "admin/security.html")]
pub struct SecurityPage {
    /// Navigation.
    pub nav: Nav,
    /// A notice after a change.
    pub notice: Option<&'static str>,
    /// Whether every staff member must use two-factor.
    pub require_all_staff: bool,
    /// The staff.
    pub staff: Vec<StaffRow>,
    /// Whether a reset form was refused (its row says why).
    pub refused: bool,
    /// The reason typed in the refused reset form.
    pub reason: String,
}
