//! `templates/portal/show.html`: the expat's own checklist in plain English.

use askama::Template;
use chrono::NaiveDate;
use softland_domain::date_format::long;
use softland_domain::template::Category;
use softland_domain::{Calendar, StatusKind};

use crate::commands::FieldErrors;
use crate::db::cases::StoredCase;
use crate::db::invitations::LinkRequest;
use crate::db::notes::Note;
use crate::db::users::User;

/// One checklist line for the expat.
pub struct PortalItem {
    /// Anchor id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Plain status: Done · In progress · Waiting for the authority · To do · Cannot start yet · Not needed.
    pub status: &'static str,
    /// CSS class.
    pub class: &'static str,
    /// "by Wed 30 Dec 2026 — 3 working days left" / "overdue by 2 working days".
    pub due: String,
    /// Whether it is overdue.
    pub overdue: bool,
    /// "The office is closed on …; go by …", or empty.
    pub office_advice: String,
    /// What to do.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// What to bring.
    pub documents: Vec<String>,
    /// "Waiting for …" when it cannot start yet.
    pub waiting_for: String,
}

/// Items of one category for one person.
pub struct PortalSection {
    /// "Registration — Priya Sharma".
    pub heading: String,
    /// Items.
    pub items: Vec<PortalItem>,
}

/// One case of the household.
pub struct PortalCase {
    /// Case id (for the message form).
    pub id: i64,
    /// "7 of 12 done".
    pub summary: String,
    /// Done and applicable, for the progress bar.
    pub done: usize,
    /// Applicable.
    pub applicable: usize,
    /// The next step, highlighted.
    pub next: Option<PortalItem>,
    /// The consultant.
    pub consultant: String,
    /// Their e-mail.
    pub consultant_email: String,
    /// Their phone, if given.
    pub consultant_phone: String,
    /// Sections.
    pub sections: Vec<PortalSection>,
    /// Shared notes: (author, when, text).
    pub notes: Vec<(String, String, String)>,
}

/// The page.
#[derive(Template)]
#[template(path = "portal/show.html")]
pub struct PortalPage {
    /// The expat's name.
    pub name: String,
    /// CSRF token.
    pub csrf: String,
    /// Their cases.
    pub cases: Vec<PortalCase>,
    /// Requests to confirm that they are a person of another case.
    pub requests: Vec<LinkRequest>,
    /// A message after a redirect.
    pub flash: Option<String>,
}

/// `templates/portal/account.html`: an expat's account page (their password).
#[derive(Template)]
#[template(path = "portal/account.html")]
pub struct PortalAccountPage {
    /// The expat's name.
    pub name: String,
    /// Their sign-in e-mail.
    pub email: String,
    /// CSRF token.
    pub csrf: String,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// What is wrong in the change-password form, by field.
    pub password_errors: FieldErrors,
}

impl PortalAccountPage {
    /// The CSRF token of the change-password form (`partials/password_form.html`).
    pub fn password_csrf(&self) -> &str {
        &self.csrf
    }

    /// Where the change-password form goes.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/my/account/password"
    }
}

fn due_text(due: NaiveDate, today: NaiveDate, cal: &Calendar) -> (String, bool, String) {
    let d = super::due::describe(due, today, cal, 3);
    let advice = d.advice.unwrap_or_default();
    if d.overdue {
        (format!("was due {} — {}", long(due), d.text), true, advice)
    } else if d.today {
        (format!("by today, {}", long(due)), false, advice)
    } else {
        (format!("by {} — {}", long(due), d.text), false, advice)
    }
}

fn item(stored: &StoredCase, index: usize, today: NaiveDate, cal: &Calendar) -> PortalItem {
    let case = &stored.case;
    let it = &case.items()[index];
    let kind = it.status().kind();
    let blocked = case.is_blocked(index);
    let (due, overdue, office_advice) = match it.due() {
        Some(d) if kind.is_open() => due_text(d, today, cal),
        _ => (String::new(), false, String::new()),
    };
    PortalItem {
        id: stored.item_ids[index].0,
        title: it.title().to_owned(),
        status: if blocked {
            "Cannot start yet"
        } else {
            kind.label()
        },
        class: if blocked { "blocked" } else { kind.as_str() },
        due,
        overdue,
        office_advice,
        instructions: it.instructions().to_owned(),
        where_to_go: it.where_to_go().to_owned(),
        documents: it.documents().to_vec(),
        waiting_for: if blocked {
            case.waiting_for(index).join(", ")
        } else {
            String::new()
        },
    }
}

/// Builds one case's part of the page.
pub fn portal_case(
    stored: &StoredCase,
    consultant: Option<&User>,
    notes: Vec<Note>,
    today: NaiveDate,
    cal: &Calendar,
    tz: chrono_tz::Tz,
) -> PortalCase {
    let case = &stored.case;
    let progress = case.progress();
    let next = case
        .next_due()
        .or_else(|| {
            (0..case.items().len()).find(|&i| {
                case.items()[i].status().kind() == StatusKind::ToDo && !case.is_blocked(i)
            })
        })
        .map(|i| item(stored, i, today, cal));
    let mut sections = Vec::new();
    for category in Category::ALL {
        let mut holders: Vec<_> = case
            .items()
            .iter()
            .filter(|i| i.category() == category)
            .map(softland_domain::ChecklistItem::holder)
            .collect();
        holders.sort();
        holders.dedup();
        for holder in holders {
            let items = (0..case.items().len())
                .filter(|&i| {
                    case.items()[i].category() == category && case.items()[i].holder() == holder
                })
                .map(|i| item(stored, i, today, cal))
                .collect();
            sections.push(PortalSection {
                heading: format!("{} — {}", category.label(), case.holder_name(holder)),
                items,
            });
        }
    }
    PortalCase {
        id: stored.id.0,
        summary: format!("{} of {} done", progress.done, progress.applicable),
        done: progress.done,
        applicable: progress.applicable,
        next,
        consultant: consultant
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        consultant_email: consultant.map(|u| u.email.clone()).unwrap_or_default(),
        consultant_phone: consultant.map(|u| u.phone.clone()).unwrap_or_default(),
        sections,
        notes: notes
            .into_iter()
            .map(|n| {
                let at = n.created_at.with_timezone(&tz);
                (
                    n.author_name.unwrap_or_default(),
                    format!("{} {}", long(at.date_naive()), at.format("%H:%M")),
                    n.body,
                )
            })
            .collect(),
    }
}
