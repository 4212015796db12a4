//! `templates/buddy/profile.html` and `templates/buddy/apply.html`: the ambassador's own
//! profile page and the public sign-up form, both around the profile form
//! (`partials/profile_fields.html`).

use askama::Template;

use super::BuddyChrome;
use crate::commands::FieldErrors;
use crate::db::buddies::{Ambassador, AmbassadorStatus};
use crate::views::photo::PhotoForm;
use crate::views::profile_fields::{ProfileFields, Purpose};

/// `templates/buddy/profile.html`: the ambassador's own profile, pause or resume, password.
#[derive(Template)]
#[template(path = "buddy/profile.html")]
pub struct ProfilePage {
    /// Header and footer.
    pub chrome: BuddyChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// "Changed meanwhile" when the profile changed since the form was made.
    pub conflict: Option<String>,
    /// Their name.
    pub name: String,
    /// Their sign-in e-mail.
    pub email: String,
    /// Where they stand.
    pub status: AmbassadorStatus,
    /// The profile form.
    pub form: ProfileFields,
    /// The version the form is made from.
    pub version: i64,
    /// What is wrong in the change-password form, by field.
    pub password_errors: FieldErrors,
    /// Their photo and its forms.
    pub photo: PhotoForm,
}

impl ProfilePage {
    /// The page of `ambassador`, the form filled with their stored profile.
    pub fn new(chrome: BuddyChrome, ambassador: &Ambassador) -> Self {
        Self {
            flash: None,
            conflict: None,
            name: ambassador.name.clone(),
            email: ambassador.email.clone(),
            status: ambassador.status,
            form: ProfileFields::of(Purpose::Own, &ambassador.profile),
            version: ambassador.version,
            password_errors: FieldErrors::new(),
            photo: PhotoForm {
                src: ambassador.photo.as_ref().map(|_| "/buddy/photo".to_owned()),
                action: "/buddy/profile/photo".to_owned(),
                name: ambassador.name.clone(),
                csrf: chrome.csrf.clone(),
                error: None,
                own: true,
            },
            chrome,
        }
    }

    /// Whether they are paused (the form offers to resume).
    pub fn is_paused(&self) -> bool {
        self.status == AmbassadorStatus::Paused
    }

    /// Whether they may pause themself (only an active ambassador).
    pub fn is_active(&self) -> bool {
        self.status == AmbassadorStatus::Active
    }

    /// The status in words.
    pub fn status_label(&self) -> &'static str {
        self.status.label()
    }

    /// The CSRF token of the change-password form (`partials/password_form.html`).
    pub fn password_csrf(&self) -> &str {
        &self.chrome.csrf
    }

    /// Where the change-password form goes.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/buddy/profile/password"
    }
}

/// `templates/buddy/apply.html`: the public sign-up form.
#[derive(Template)]
#[template(path = "buddy/apply.html")]
pub struct ApplyPage {
    /// The visitor's (or session's) CSRF token.
    pub csrf: String,
    /// The form.
    pub form: ProfileFields,
    /// A message for the whole form (too many applications from here).
    pub problem: Option<String>,
}

impl ApplyPage {
    /// The page with `form`.
    pub fn new(csrf: String, form: ProfileFields) -> Self {
        Self {
            csrf,
            form,
            problem: None,
        }
    }
}

/// `templates/buddy/applied.html`: thank you.
#[derive(Template)]
#[template(path = "buddy/applied.html")]
pub struct AppliedPage;
