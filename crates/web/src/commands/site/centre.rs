//! The centre's settings as an admin changes them (`/admin/site`, `PUT /api/v1/site-settings`):
//! checked field by field, saved against the version the admin's page (or `If-Match`) saw.

use softland_domain::partner::Phone;
use softland_domain::person::Email;
use softland_domain::site::enquiry::{InvalidText, optional_text, required_text};

use super::super::{Actor, CommandError, FieldErrors};
use crate::app::AppState;
use crate::db::site::settings::{self, SiteSettings};

/// (field, most characters, required) of each text, as the columns allow.
const LIMITS: [(&str, usize, bool); 9] = [
    ("name", 120, true),
    ("tagline", 300, false),
    ("who_for", 2000, false),
    ("services", 3000, false),
    ("address", 300, true),
    ("hours", 300, true),
    ("phone", 40, false),
    ("email", 254, false),
    ("booking", 2000, false),
];

/// The settings as typed (a page's form or the API's JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSettingsInput {
    /// The centre's name (required).
    pub name: String,
    /// One line under the name.
    pub tagline: String,
    /// Whom the centre serves.
    pub who_for: String,
    /// The services, one per line.
    pub services: String,
    /// Street and town (required).
    pub address: String,
    /// Opening hours (required).
    pub hours: String,
    /// Phone number.
    pub phone: String,
    /// Public e-mail.
    pub email: String,
    /// How to book a first meeting.
    pub booking: String,
}

impl SiteSettingsInput {
    /// The stored settings, as a form shows them.
    pub fn of(s: &SiteSettings) -> Self {
        Self {
            name: s.name.clone(),
            tagline: s.tagline.clone(),
            who_for: s.who_for.clone(),
            services: s.services.clone(),
            address: s.address.clone(),
            hours: s.hours.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            booking: s.booking.clone(),
        }
    }

    /// The typed value of `field`.
    pub fn value(&self, field: &str) -> &str {
        match field {
            "tagline" => &self.tagline,
            "who_for" => &self.who_for,
            "services" => &self.services,
            "address" => &self.address,
            "hours" => &self.hours,
            "phone" => &self.phone,
            "email" => &self.email,
            "booking" => &self.booking,
            _ => &self.name,
        }
    }

    /// The settings, or every field's mistake.
    pub fn parse(&self) -> Result<SiteSettings, CommandError> {
        let mut errors = FieldErrors::new();
        let mut text = |field: &str| -> String {
            let (_, max, required) = LIMITS
                .iter()
                .find(|l| l.0 == field)
                .copied()
                .unwrap_or((field, 300, false));
            let raw = self.value(field);
            let read: Result<String, InvalidText> = if required {
                required_text(raw, max)
            } else {
                optional_text(raw, max).map(Option::unwrap_or_default)
            };
            read.unwrap_or_else(|e| {
                errors.add(field, e.to_string());
                String::new()
            })
        };
        let mut out = SiteSettings {
            name: text("name"),
            tagline: text("tagline"),
            who_for: text("who_for"),
            services: text("services"),
            address: text("address"),
            hours: text("hours"),
            phone: text("phone"),
            email: text("email"),
            booking: text("booking"),
            version: 0,
        };
        if !out.phone.is_empty() {
            match Phone::parse(&out.phone) {
                Ok(phone) => phone.as_str().clone_into(&mut out.phone),
                Err(e) => errors.add("phone", e.to_string()),
            }
        }
        if !out.email.is_empty() {
            match Email::parse(&out.email) {
                Ok(email) => email.as_str().clone_into(&mut out.email),
                Err(e) => errors.add("email", e.to_string()),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(CommandError::InvalidFields(errors))
        }
    }
}

/// An admin saves the centre's settings seen at `version`.
#[derive(Debug, Clone)]
pub struct ChangeSiteSettings {
    /// The version the change was made against (0: none saved yet).
    pub version: i64,
    /// What was typed.
    pub input: SiteSettingsInput,
}

impl ChangeSiteSettings {
    /// Saves them (admins only); returns the new version. Every page shows them at once on
    /// this instance, within seconds on the others.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_admin()?;
        let parsed = self.input.parse()?;
        let version = settings::save(&state.db, &parsed, self.version, actor.id).await?;
        state.site.forget();
        Ok(version)
    }
}

/// The centre's settings for staff (the API's read; the form reads them like every page).
#[derive(Debug, Clone, Copy)]
pub struct ShowSiteSettings;

impl ShowSiteSettings {
    /// Reads them (staff only), freshly: the version must be the stored one.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<SiteSettings, CommandError> {
        actor.must_be_staff()?;
        Ok(settings::load(&state.db, &state.config.centre).await?)
    }
}
