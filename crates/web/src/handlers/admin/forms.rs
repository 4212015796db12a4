//! The admin forms as typed (strings). The commands (`commands::staff`, `calendar`,
//! `templates`) read them and keep the rules.

use serde::Deserialize;

/// `POST /admin/users`. No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

/// `POST /admin/users/{id}/role`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    pub role: String,
}

/// `POST /admin/users/{id}/active`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActiveForm {
    pub active: String,
}

/// `POST /admin/users/{id}/team-lead`.
#[derive(Debug, Deserialize)]
pub struct TeamLeadForm {
    pub lead: String,
}

/// `POST /admin/users/{id}/buddy-coordinator`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CoordinatorForm {
    pub on: String,
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
