//! `templates/partners/show.html`: an organisation for staff — details with a map link,
//! contact people with their forms, the checklist items it helps with, its referrals, and the
//! partnership panel (agreement, last contact with "We spoke today", internal notes).

use askama::Template;

use super::agreement_dates;
use super::form::ContactForm;
use crate::commands::FieldErrors;
use crate::commands::partners::directory::{ContactInput, HelpedItem, OrganisationView};
use crate::db::partners::{Contact, Figures};
use crate::views::nav::Nav;

/// A contact person with their form.
pub struct ContactRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Work e-mail.
    pub email: String,
    /// Work phone.
    pub phone: String,
    /// The form changing them.
    pub form: ContactForm,
}

impl ContactRow {
    fn new(org: i64, c: &Contact) -> Self {
        let values = ContactInput::of(c);
        Self {
            id: c.id.0,
            name: values.name.clone(),
            role: values.role.clone(),
            email: values.email.clone(),
            phone: values.phone.clone(),
            form: ContactForm {
                action: format!("/partners/{org}/contacts/{}", c.id),
                prefix: format!("contact-{}", c.id),
                values,
                errors: FieldErrors::new(),
            },
        }
    }
}

/// An organisation's page.
#[derive(Template)]
#[template(path = "partners/show.html")]
pub struct OrganisationPage {
    /// Navigation.
    pub nav: Nav,
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind's name.
    pub kind: String,
    /// The "Employer accounts" page of an employer.
    pub accounts: Option<String>,
    /// Active.
    pub active: bool,
    /// Listed on the public pages.
    pub public: bool,
    /// Address.
    pub address: String,
    /// The map link of the address.
    pub map: String,
    /// District.
    pub district: String,
    /// Opening hours, a line each.
    pub hours: Vec<String>,
    /// Website.
    pub website: String,
    /// General e-mail.
    pub email: String,
    /// General phone.
    pub phone: String,
    /// Languages.
    pub languages: String,
    /// Services.
    pub services: String,
    /// Tags.
    pub tags: String,
    /// Internal notes.
    pub notes: String,
    /// "Agreement in force".
    pub agreement: &'static str,
    /// Its dates.
    pub agreement_dates: String,
    /// Last contact.
    pub last_contact: String,
    /// Over 6 months ago.
    pub contact_overdue: bool,
    /// Contact people.
    pub contacts: Vec<ContactRow>,
    /// The form adding one.
    pub new_contact: ContactForm,
    /// Items it helps with.
    pub helps_with: Vec<HelpedItem>,
    /// Its referrals.
    pub figures: Figures,
    /// What the last change did.
    pub notice: Option<&'static str>,
}

impl OrganisationPage {
    /// The page of `view` on `today`.
    pub fn new(nav: Nav, view: &OrganisationView, today: chrono::NaiveDate) -> Self {
        let org = &view.organisation;
        let d = &org.details;
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let address = text(&d.address);
        Self {
            nav,
            id: org.id.0,
            name: d.name.clone(),
            kind: org.kind.name.clone(),
            accounts: (org.kind.slug == "employer")
                .then(|| format!("/partners/{}/accounts", org.id)),
            active: d.active,
            public: d.public,
            map: if address.is_empty() {
                String::new()
            } else {
                super::map_url(&address)
            },
            address,
            district: text(&d.district),
            hours: d
                .opening_hours
                .as_ref()
                .map(softland_domain::partner::OpeningHours::lines)
                .unwrap_or_default(),
            website: d
                .website
                .as_ref()
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            email: d
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            phone: d
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            languages: d.languages.to_text(),
            services: d.services.to_text(),
            tags: d.tags.to_text(),
            notes: text(&d.notes),
            agreement: d.agreement.status().label(),
            agreement_dates: agreement_dates(&d.agreement),
            last_contact: d.last_contact_on.map(|d| d.to_string()).unwrap_or_default(),
            contact_overdue: crate::commands::partners::directory::contact_overdue(
                d.last_contact_on,
                today,
            ),
            contacts: view
                .contacts
                .iter()
                .map(|c| ContactRow::new(org.id.0, c))
                .collect(),
            new_contact: ContactForm {
                action: format!("/partners/{}/contacts", org.id),
                prefix: "contact-new".to_owned(),
                values: ContactInput::default(),
                errors: FieldErrors::new(),
            },
            helps_with: view.helps_with.clone(),
            figures: view.figures,
            notice: None,
        }
    }
}

/// The notice after a change (fixed texts, never echoed).
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "created" => Some("The organisation was added to the directory."),
        "saved" => Some("The changes were saved."),
        "contact-added" => Some("The contact person was added."),
        "contact-saved" => Some("The contact person was changed."),
        "contact-removed" => Some("The contact person was removed."),
        "spoke" => Some("Today was recorded as the last contact."),
        _ => None,
    }
}
