//! `templates/buddies/ambassadors.html`, `ambassador_new.html` and `ambassador.html`: the
//! ambassadors with their load and status (approve, decline, pause, resume), the invitation
//! form, and one ambassador's profile with its form and their matches.

use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::programme::AmbassadorRow;
use super::{day, spoken, state_text, topics};
use crate::commands::buddies::AmbassadorWithMatches;
use crate::db::buddies::{Ambassador, AmbassadorStatus};
use crate::views::nav::Nav;
use crate::views::photo::PhotoForm;
use crate::views::profile_fields::{ProfileFields, Purpose};

/// A status change offered for an ambassador: the status sent and the button's words.
pub struct StatusAction {
    /// `active`, `paused`, `declined`.
    pub status: &'static str,
    /// "Approve", "Pause" …
    pub label: &'static str,
    /// Whether the button is styled as dangerous.
    pub danger: bool,
}

/// The changes of status offered from `status`.
pub fn actions(status: AmbassadorStatus) -> Vec<StatusAction> {
    let action = |status: AmbassadorStatus, label, danger| StatusAction {
        status: status.name(),
        label,
        danger,
    };
    match status {
        AmbassadorStatus::Applied => vec![
            action(AmbassadorStatus::Active, "Approve", false),
            action(AmbassadorStatus::Declined, "Decline", true),
        ],
        AmbassadorStatus::Active => vec![action(AmbassadorStatus::Paused, "Pause", false)],
        AmbassadorStatus::Paused => vec![action(AmbassadorStatus::Active, "Resume", false)],
        AmbassadorStatus::Declined => {
            vec![action(AmbassadorStatus::Active, "Approve after all", false)]
        }
    }
}

/// An ambassador in the list, with the status changes offered.
pub struct ListRow {
    /// What the programme page shows too.
    pub row: AmbassadorRow,
    /// "Hindi (native), English (fluent)".
    pub spoken: String,
    /// The changes offered.
    pub actions: Vec<StatusAction>,
}

/// The ambassadors page.
#[derive(Template)]
#[template(path = "buddies/ambassadors.html")]
pub struct AmbassadorsPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// Applicants waiting for approval.
    pub applicants: Vec<ListRow>,
    /// Everyone else (active, paused, declined).
    pub others: Vec<ListRow>,
}

impl AmbassadorsPage {
    /// The page listing `all` on `today`.
    pub fn new(nav: Nav, all: &[Ambassador], today: NaiveDate, tz: Tz) -> Self {
        let (applicants, others): (Vec<&Ambassador>, Vec<&Ambassador>) = all
            .iter()
            .partition(|a| a.status == AmbassadorStatus::Applied);
        let row = |a: &&Ambassador| ListRow {
            row: AmbassadorRow::new(a, today, tz),
            spoken: spoken(&a.profile.languages),
            actions: actions(a.status),
        };
        let (applicants, others) = (
            applicants.iter().map(row).collect(),
            others.iter().map(row).collect(),
        );
        Self {
            nav,
            notice: None,
            applicants,
            others,
        }
    }
}

/// The invitation page.
#[derive(Template)]
#[template(path = "buddies/ambassador_new.html")]
pub struct NewAmbassadorPage {
    /// Navigation.
    pub nav: Nav,
    /// The form.
    pub form: ProfileFields,
}

/// One of the ambassador's matches.
pub struct MatchRow {
    /// The match.
    pub id: i64,
    /// The newcomer.
    pub person: String,
    /// Where it is.
    pub state: String,
    /// When it was asked for.
    pub requested: String,
}

/// One ambassador's page.
#[derive(Template)]
#[template(path = "buddies/ambassador.html")]
pub struct AmbassadorPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// Why the last change was refused (the profile changed meanwhile).
    pub problem: Option<String>,
    /// The profile's id.
    pub id: i64,
    /// Its version (the form sends it).
    pub version: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// Load, status, availability.
    pub row: AmbassadorRow,
    /// "Hindi (native), English (fluent)".
    pub spoken: String,
    /// "housing, doctors".
    pub helps_with: String,
    /// When a coordinator decided on the application.
    pub decided: Option<String>,
    /// The status changes offered.
    pub actions: Vec<StatusAction>,
    /// The profile form.
    pub form: ProfileFields,
    /// Their matches, oldest first.
    pub matches: Vec<MatchRow>,
    /// Their photo and its forms.
    pub photo: PhotoForm,
}

impl AmbassadorPage {
    /// The page of `found`, its form filled with the stored profile.
    pub fn new(nav: Nav, found: &AmbassadorWithMatches, today: NaiveDate, tz: Tz) -> Self {
        let a = &found.ambassador;
        let photo = PhotoForm {
            src: a
                .photo
                .as_ref()
                .map(|_| format!("/buddies/ambassadors/{}/photo", a.id)),
            action: format!("/buddies/ambassadors/{}/photo", a.id),
            name: a.name.clone(),
            csrf: nav.csrf.clone(),
            error: None,
            own: false,
        };
        Self {
            photo,
            nav,
            notice: None,
            problem: None,
            id: a.id.0,
            version: a.version,
            name: a.name.clone(),
            email: a.email.clone(),
            row: AmbassadorRow::new(a, today, tz),
            spoken: spoken(&a.profile.languages),
            helps_with: topics(&a.profile.helps_with),
            decided: a.decided_at.map(|at| day(at, tz)),
            actions: actions(a.status),
            form: ProfileFields::of(Purpose::Review, &a.profile),
            matches: found
                .matches
                .iter()
                .map(|m| MatchRow {
                    id: m.id.0,
                    person: m.person_name.clone(),
                    state: state_text(m),
                    requested: day(m.requested_at, tz),
                })
                .collect(),
        }
    }
}

/// The text shown after a change, by the redirect's `?done=`; unknown values show nothing.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "invited" => Some(
            "The ambassador was invited: a mail with a link to set their password is on its way.",
        ),
        "active" => Some(
            "The ambassador is active and can be matched. An approved applicant gets a mail with a link to set their password.",
        ),
        "paused" => Some("The ambassador is paused: they are not suggested until resumed."),
        "declined" => Some("The application was declined; the account cannot sign in."),
        "saved" => Some("The profile was saved."),
        "photo" => Some("The photo was saved."),
        "photo_removed" => Some("The photo was removed."),
        "proposed" => Some("The ambassador was proposed and told by mail; they accept or decline."),
        "ended" => Some("The match has ended."),
        "handled" => Some("The call for help is marked handled."),
        _ => None,
    }
}
