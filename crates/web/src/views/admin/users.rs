//! `templates/admin/users/list.html`: every account, the form for a new staff account, and
//! per account the forms to change its role, (de)activate it and set a new password.

use askama::Template;
use chrono_tz::Tz;

use super::day_of;
use crate::auth::Role;
use crate::commands::FieldErrors;
use crate::db::users::User;
use crate::ids::UserId;
use crate::views::nav::Nav;

/// One account in the table.
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is a yes/no the account has and a button of the row"
)]
pub struct UserRow {
    /// Account id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Sign-in e-mail.
    pub email: String,
    /// "admin", "consultant", "expat", "buddy".
    pub role: &'static str,
    /// Whether the account may sign in.
    pub active: bool,
    /// Day of the last password change, "Wed 30 Dec 2026", or "never set".
    pub password_changed: String,
    /// Whether this is the admin looking at the page.
    pub is_me: bool,
    /// A team lead (sees escalated items of the whole team).
    pub team_lead: bool,
    /// A consultant with the "buddy coordinator" permission (admins coordinate anyway).
    pub buddy_coordinator: bool,
    /// Why the last change to this account was refused.
    pub error: Option<String>,
}

impl UserRow {
    /// The row of `user`, as seen by `me`.
    pub fn new(user: &User, me: UserId, zone: Tz) -> Self {
        Self {
            id: user.id.0,
            name: user.display_name.clone(),
            email: user.email.clone(),
            role: user.role.as_str(),
            active: user.active,
            password_changed: user
                .password_changed_at
                .map_or_else(|| "never set".to_owned(), |at| day_of(at, zone)),
            is_me: user.id == me,
            team_lead: user.team_lead,
            buddy_coordinator: user.buddy_coordinator,
            error: None,
        }
    }
}

/// What was typed into the new-account form (never the password).
#[derive(Debug, Clone, Default)]
pub struct NewUserValues {
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// "admin" or "consultant".
    pub role: String,
}

/// A table of accounts under a heading.
pub struct AccountGroup {
    /// Anchor id of the heading.
    pub id: &'static str,
    /// Heading.
    pub heading: &'static str,
    /// A line under the heading.
    pub note: &'static str,
    /// The accounts.
    pub rows: Vec<UserRow>,
}

/// The staff accounts page.
#[derive(Template)]
#[template(path = "admin/users/list.html")]
pub struct UsersPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// The account whose change was just refused.
    pub refused: Option<i64>,
    /// Admins and consultants, then the others (expats' and ambassadors' accounts).
    pub groups: [AccountGroup; 2],
    /// The new-account form's values.
    pub form: NewUserValues,
    /// The new-account form's errors.
    pub errors: FieldErrors,
}

impl UsersPage {
    /// The page listing `users` for admin `me`.
    pub fn new(nav: Nav, users: &[User], me: UserId, zone: Tz) -> Self {
        let (staff, expats) = users
            .iter()
            .map(|u| (u.role, UserRow::new(u, me, zone)))
            .partition::<Vec<_>, _>(|(role, _)| role.is_staff());
        Self {
            nav,
            notice: None,
            refused: None,
            groups: [
                AccountGroup {
                    id: "staff",
                    heading: "Admins and consultants",
                    note: "",
                    rows: staff.into_iter().map(|(_, row)| row).collect(),
                },
                AccountGroup {
                    id: "expats",
                    heading: "Expat and ambassador accounts",
                    note: "An expat's or an ambassador's account cannot be given a staff role here.",
                    rows: expats.into_iter().map(|(_, row)| row).collect(),
                },
            ],
            // A new account is a consultant unless the admin chooses otherwise.
            form: NewUserValues {
                role: Role::Consultant.as_str().to_owned(),
                ..NewUserValues::default()
            },
            errors: FieldErrors::new(),
        }
    }

    /// Shows `message` beside the forms of account `id`.
    pub fn refuse(&mut self, id: UserId, message: impl Into<String>) {
        let row = self
            .groups
            .iter_mut()
            .flat_map(|g| g.rows.iter_mut())
            .find(|r| r.id == id.0);
        if let Some(row) = row {
            row.error = Some(message.into());
            self.refused = Some(id.0);
        }
    }

    /// The roles a staff account can be given here.
    #[expect(clippy::unused_self, reason = "askama calls it on the page")]
    pub fn staff_roles(&self) -> [&'static str; 2] {
        [Role::Consultant.as_str(), Role::Admin.as_str()]
    }
}

/// The text shown after a change, by the redirect's `?done=`; unknown values show nothing.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "created" => Some("The account was created. It can sign in with the password you set."),
        "role" => Some("The role was changed."),
        "deactivated" => Some("The account was deactivated and signed out everywhere."),
        "reactivated" => Some("The account was reactivated."),
        "password" => Some("The password was set; the account was signed out everywhere."),
        "lead" => Some(
            "The account is now a team lead: escalated items appear on its dashboard and in its digest.",
        ),
        "not-lead" => Some("The account is no longer a team lead."),
        "coordinator" => Some(
            "The account now coordinates the buddy programme: the Buddies pages are in its navigation.",
        ),
        "not-coordinator" => Some("The account no longer coordinates the buddy programme."),
        _ => None,
    }
}
