//! `templates/cases/show.html`: the case page — people, key dates, the checklist grouped by
//! category and person, notes, history and the case's lifecycle.

mod items;

use askama::Template;
use chrono::NaiveDate;
use softland_domain::case::CaseStatus;
use softland_domain::date_format::long;
use softland_domain::{Calendar, KeyDate};

use super::nav::Nav;
use crate::commands::case_dates::person_field;
use crate::db::cases::{PortalAccess, StoredCase};
use crate::db::history::Event;
use crate::db::notes::Note;
use crate::db::users::StaffMember;
pub use items::{Group, groups};

/// A person of the household.
pub struct PersonView {
    /// Name.
    pub name: String,
    /// "Principal", "Spouse" …
    pub relation: &'static str,
    /// Date of birth.
    pub born: String,
    /// Nationality.
    pub nationality: String,
    /// E-mail or empty.
    pub email: String,
    /// "Z1234567, valid until Thu 1 Jan 2032" or empty.
    pub passport: String,
    /// Position in the case (for the invite form).
    pub position: usize,
    /// "has an account", or empty when the person can be invited.
    pub portal: String,
    /// Whether the invite button is offered (an e-mail, no account yet or not signed in yet).
    pub invitable: bool,
}

/// A key date field of the dates form.
pub struct KeyDateField {
    /// Form name (`arrival`, `p1.arrival`).
    pub name: String,
    /// The same for an element id (`arrival`, `p1-arrival`).
    pub id: String,
    /// Label.
    pub label: &'static str,
    /// YYYY-MM-DD or empty.
    pub value: String,
}

/// One person's own key dates on the dates form.
pub struct PersonDatesView {
    /// "Ravi Rao (spouse)".
    pub heading: String,
    /// Form fields named `p1.permit_expiry`; empty ones use the household's date.
    pub fields: Vec<KeyDateField>,
    /// Whether any is set (the section starts open).
    pub any: bool,
}

/// A note line.
pub struct NoteView {
    /// Author.
    pub author: String,
    /// When, in the centre's time zone.
    pub at: String,
    /// Internal or shared.
    pub visibility: &'static str,
    /// Text.
    pub body: String,
}

/// A history line.
pub struct EventView {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What, in words.
    pub what: String,
    /// "before → after" or just one side.
    pub change: String,
}

/// A consultant option of the reassign form.
pub struct ConsultantOption {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Whether this is the current consultant.
    pub selected: bool,
}

/// The case page.
#[derive(Template)]
#[template(path = "cases/show.html")]
pub struct CasePage {
    /// Navigation.
    pub nav: Nav,
    /// Case id.
    pub id: i64,
    /// Case version (for forms that change the case).
    pub version: i64,
    /// Principal's name.
    pub title: String,
    /// Household.
    pub people: Vec<PersonView>,
    /// Route keys.
    pub routes: String,
    /// Consultant's name.
    pub consultant: String,
    /// "open", "on_hold", "closed".
    pub status: &'static str,
    /// "Open", "On hold: reason", "Closed (Granted) on …".
    pub status_text: String,
    /// Opened on.
    pub opened: String,
    /// "7 of 12 done".
    pub progress: String,
    /// Done count.
    pub done: usize,
    /// Applicable count.
    pub applicable: usize,
    /// Items still to do, in progress or waiting for the authority (closing asks about them).
    pub open_items: usize,
    /// Key dates form fields (the household's).
    pub key_dates: Vec<KeyDateField>,
    /// Each person's own dates, when the case has more than one person.
    pub person_dates: Vec<PersonDatesView>,
    /// Risk warnings.
    pub risks: Vec<String>,
    /// The checklist.
    pub groups: Vec<Group>,
    /// Options of the "whose item" select: (value, label).
    pub holders: Vec<(String, String)>,
    /// Categories: (value, label).
    pub categories: Vec<(&'static str, &'static str)>,
    /// Notes, newest first.
    pub notes: Vec<NoteView>,
    /// History, newest first.
    pub history: Vec<EventView>,
    /// Reassign options.
    pub consultants: Vec<ConsultantOption>,
    /// Case outcomes: (value, label).
    pub outcomes: Vec<(&'static str, &'static str)>,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// A refusal or conflict to show at the top: (heading, message).
    pub problem: Option<(String, String)>,
}

/// What the page is built from.
pub struct CaseData<'a> {
    /// The case.
    pub stored: &'a StoredCase,
    /// Staff (the consultant among them).
    pub staff: &'a [StaffMember],
    /// Notes.
    pub notes: Vec<Note>,
    /// History.
    pub history: Vec<Event>,
    /// Working days.
    pub cal: &'a Calendar,
    /// Today in the centre.
    pub today: NaiveDate,
    /// The centre's time zone.
    pub tz: chrono_tz::Tz,
}

fn person_view(
    position: usize,
    p: &softland_domain::person::Person,
    access: PortalAccess,
) -> PersonView {
    PersonView {
        position,
        portal: match access {
            PortalAccess::Linked(_) => "invited to the portal".to_owned(),
            PortalAccess::AwaitingConfirmation(_) => {
                "asked to confirm in the portal that this is their account".to_owned()
            }
            PortalAccess::None => String::new(),
        },
        invitable: p.email.is_some(),
        name: p.name.to_string(),
        relation: p.relation.label(),
        born: long(p.date_of_birth),
        nationality: p.nationality.to_string(),
        email: p
            .email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        passport: p
            .passport
            .as_ref()
            .map(|pp| format!("{}, valid until {}", pp.number, long(pp.expiry)))
            .unwrap_or_default(),
    }
}

fn status_text(status: &CaseStatus) -> String {
    match status {
        CaseStatus::Open => "Open".to_owned(),
        CaseStatus::OnHold { reason } => format!("On hold: {reason}"),
        CaseStatus::Closed { outcome, on } => {
            format!("Closed on {} — {}", long(*on), outcome.label())
        }
    }
}

fn key_date_fields(stored: &StoredCase) -> Vec<KeyDateField> {
    KeyDate::ALL
        .into_iter()
        .map(|kind| {
            let date = stored.case.key_dates().get(kind);
            KeyDateField {
                name: kind.as_str().to_owned(),
                id: kind.as_str().to_owned(),
                label: kind.label(),
                value: date.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}

fn person_date_fields(stored: &StoredCase) -> Vec<PersonDatesView> {
    let case = &stored.case;
    if case.people().len() < 2 {
        return Vec::new();
    }
    case.people()
        .iter()
        .enumerate()
        .map(|(position, person)| {
            let own = case.person_dates(position);
            PersonDatesView {
                heading: format!("{} ({})", person.name, person.relation.label()),
                fields: KeyDate::ALL
                    .into_iter()
                    .map(|kind| KeyDateField {
                        name: person_field(position, kind),
                        id: person_field(position, kind).replace('.', "-"),
                        label: kind.label(),
                        value: own.get(kind).map(|d| d.to_string()).unwrap_or_default(),
                    })
                    .collect(),
                any: own.iter().next().is_some(),
            }
        })
        .collect()
}

fn when(at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    format!("{} {}", long(local.date_naive()), local.format("%H:%M"))
}

impl CasePage {
    /// Builds the page from the case and its surroundings.
    pub fn build(nav: Nav, data: CaseData<'_>) -> Self {
        let stored = data.stored;
        let case = &stored.case;
        let progress = case.progress();
        let consultant = data.staff.iter().find(|u| u.id == stored.consultant);
        let mut holders = vec![("household".to_owned(), "Whole household".to_owned())];
        holders.extend(
            case.people()
                .iter()
                .enumerate()
                .map(|(i, p)| (i.to_string(), p.name.to_string())),
        );
        Self {
            nav,
            id: stored.id.0,
            version: stored.version,
            title: case.principal().name.to_string(),
            people: case
                .people()
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let access = stored
                        .person_accounts
                        .get(i)
                        .copied()
                        .unwrap_or(PortalAccess::None);
                    person_view(i, p, access)
                })
                .collect(),
            routes: case
                .routes()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            consultant: consultant
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            status: case.status().as_str(),
            status_text: status_text(case.status()),
            opened: long(case.opened_on()),
            progress: format!("{} of {} done", progress.done, progress.applicable),
            done: progress.done,
            applicable: progress.applicable,
            open_items: case
                .items()
                .iter()
                .filter(|i| i.status().kind().is_open())
                .count(),
            key_dates: key_date_fields(stored),
            person_dates: person_date_fields(stored),
            risks: case
                .risks(data.today, data.cal)
                .iter()
                .map(|r| r.message(case))
                .collect(),
            groups: groups(stored, data.today, data.cal),
            holders,
            categories: softland_domain::template::Category::ALL
                .iter()
                .map(|c| (c.as_str(), c.label()))
                .collect(),
            notes: data
                .notes
                .into_iter()
                .map(|n| NoteView {
                    author: n
                        .author_name
                        .unwrap_or_else(|| "(deleted account)".to_owned()),
                    at: when(n.created_at, data.tz),
                    visibility: n.visibility.label(),
                    body: n.body,
                })
                .collect(),
            history: data
                .history
                .into_iter()
                .map(|e| event_view(e, data.tz))
                .collect(),
            consultants: data
                .staff
                .iter()
                .map(|u| ConsultantOption {
                    id: u.id.0,
                    name: u.display_name.clone(),
                    selected: u.id == stored.consultant,
                })
                .collect(),
            outcomes: softland_domain::case::CaseOutcome::ALL
                .iter()
                .map(|o| (o.as_str(), o.label()))
                .collect(),
            flash: None,
            problem: None,
        }
    }
}

fn event_view(e: Event, tz: chrono_tz::Tz) -> EventView {
    let what = e.action.label();
    let change = match (e.before, e.after) {
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => a,
        (Some(b), None) => format!("{b} → (removed)"),
        (None, None) => String::new(),
    };
    EventView {
        at: when(e.at, tz),
        actor: e.actor.unwrap_or_else(|| "softland".to_owned()),
        what: format!("{what}: {}", e.subject),
        change,
    }
}
