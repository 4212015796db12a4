//! The admin forms as typed (strings) and what they parse into. Every mistake is a message
//! for the field it belongs to; the rules that protect an admin from locking themself out
//! live here too.

use chrono::NaiveDate;
use serde::Deserialize;
use softland_domain::person::{Email, PersonName};

use crate::auth::Role;
use crate::auth::password::Password;
use crate::commands::FieldErrors;
use crate::db::users::User;

/// `POST /admin/users`. No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

/// A staff account ready to be stored.
pub struct NewAccount {
    pub email: Email,
    pub name: PersonName,
    pub role: Role,
    pub password: Password,
}

impl TryFrom<&NewUserForm> for NewAccount {
    type Error = FieldErrors;

    fn try_from(form: &NewUserForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = Email::parse(&form.email)
            .map_err(|e| errors.add("email", e.0))
            .ok();
        let name = PersonName::parse(&form.name)
            .map_err(|e| errors.add("name", e.0))
            .ok();
        let role = staff_role(&form.role)
            .map_err(|e| errors.add("role", e))
            .ok();
        let password = Password::parse(&form.password)
            .map_err(|e| errors.add("password", e.to_string()))
            .ok();
        match (email, name, role, password) {
            (Some(email), Some(name), Some(role), Some(password)) => Ok(Self {
                email,
                name,
                role,
                password,
            }),
            _ => Err(errors),
        }
    }
}

fn staff_role(raw: &str) -> Result<Role, &'static str> {
    match Role::parse(raw.trim()) {
        Some(role) if role.is_staff() => Ok(role),
        _ => Err("choose admin or consultant"),
    }
}

/// `POST /admin/users/{id}/role`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    pub role: String,
}

/// The role `target` gets from `actor`, unless the change is refused.
pub fn role_change(actor: &User, target: &User, form: &RoleForm) -> Result<Role, &'static str> {
    if target.role == Role::Expat {
        return Err("An expat account cannot be given a staff role here.");
    }
    let role = staff_role(&form.role).map_err(|_| "Choose admin or consultant.")?;
    if target.id == actor.id && role != actor.role {
        return Err("You cannot change your own role; ask another admin to do it.");
    }
    Ok(role)
}

/// `POST /admin/users/{id}/active`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActiveForm {
    pub active: String,
}

/// Whether `target` is to be active, unless `actor` may not do that.
pub fn active_change(actor: &User, target: &User, form: &ActiveForm) -> Result<bool, &'static str> {
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err("Choose to deactivate or reactivate the account."),
    };
    if target.id == actor.id && !active {
        return Err("You cannot deactivate your own account; ask another admin to do it.");
    }
    Ok(active)
}

/// `POST /admin/users/{id}/password`. No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub password: String,
}

/// `POST /admin/closures`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClosureForm {
    pub date: String,
    pub reason: String,
}

/// A closure day ready to be stored.
pub struct NewClosure {
    pub date: NaiveDate,
    pub reason: String,
}

const MAX_REASON: usize = 200;

impl TryFrom<&ClosureForm> for NewClosure {
    type Error = FieldErrors;

    fn try_from(form: &ClosureForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = closure_date(&form.date);
        if date.is_none() {
            errors.add("date", "enter the date as YYYY-MM-DD, e.g. 2026-12-31");
        }
        let reason = form.reason.trim();
        if reason.is_empty() {
            errors.add("reason", "please enter the reason, e.g. \"Staff training\"");
        } else if reason.chars().count() > MAX_REASON {
            errors.add(
                "reason",
                format!("the reason has at most {MAX_REASON} characters"),
            );
        } else if reason.chars().any(char::is_control) {
            errors.add("reason", "the reason cannot contain line breaks or tabs");
        }
        match date {
            Some(date) if errors.is_empty() => Ok(Self {
                date,
                reason: reason.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// A date written YYYY-MM-DD (as date inputs send it).
pub fn closure_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    // chrono accepts "2026-1-5"; the form asks for the zero-padded form only.
    (raw.len() == 10).then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())?
}

/// `POST /admin/templates`: the TOML text, and the route page it was sent from (if any).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UploadForm {
    pub route: String,
    pub body: String,
}

impl UploadForm {
    /// The text with the browser's CRLF line ends made plain.
    pub fn text(&self) -> String {
        self.body.replace("\r\n", "\n")
    }

    /// The file name errors are reported against: `<route>.toml` after the text's `route`
    /// line, `template.toml` when it has none.
    pub fn file_name(&self) -> String {
        let route = self.body.lines().find_map(|line| {
            let value = line
                .trim()
                .strip_prefix("route")?
                .trim_start()
                .strip_prefix('=')?;
            let value = value.trim().strip_prefix('"')?.split('"').next()?;
            softland_domain::RouteKey::parse(value).ok()
        });
        route.map_or_else(|| "template.toml".to_owned(), |r| format!("{r}.toml"))
    }
}
