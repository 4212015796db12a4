//! `templates/enquiries/`: staff's list of the contact form's enquiries (newest first,
//! filtered by status) and one enquiry with its steps and "Open a case".

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use softland_domain::date_format::long;
use softland_domain::site::enquiry::EnquiryStatus;

use crate::commands::FieldErrors;
use crate::commands::site::enquiries::EnquiryView;
use crate::db::site::enquiries::Enquiry;
use crate::views::nav::Nav;
use crate::views::sentence;

/// "Sat 5 Dec 2026 09:30" in the centre's time zone.
pub fn when(at: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    format!("{} {}", long(local.date_naive()), local.format("%H:%M"))
}

/// A status to filter by or to mark.
pub struct StatusChoice {
    /// `in_progress` (empty: all).
    pub value: &'static str,
    /// "In progress".
    pub label: &'static str,
    /// Whether it is the current one.
    pub selected: bool,
}

/// One line of the list.
pub struct EnquiryRow {
    /// `/enquiries/7`.
    pub href: String,
    /// The sender.
    pub name: String,
    /// "Work".
    pub topic: &'static str,
    /// "New".
    pub status: &'static str,
    /// Whether nobody has taken it yet.
    pub is_new: bool,
    /// When it was sent.
    pub sent: String,
    /// The start of the message.
    pub excerpt: String,
}

impl EnquiryRow {
    /// The row of `e`.
    pub fn of(e: &Enquiry, zone: Tz) -> Self {
        let mut excerpt: String = e.message.chars().take(120).collect();
        if e.message.chars().count() > 120 {
            excerpt.push('…');
        }
        Self {
            href: format!("/enquiries/{}", e.id),
            name: e.name.clone(),
            topic: e.topic.label(),
            status: e.status.label(),
            is_new: e.status == EnquiryStatus::New,
            sent: when(e.created_at, zone),
            excerpt,
        }
    }
}

/// `/enquiries`.
#[derive(Template)]
#[template(path = "enquiries/list.html")]
pub struct EnquiriesPage {
    /// Navigation.
    pub nav: Nav,
    /// The statuses to filter by.
    pub filters: Vec<StatusChoice>,
    /// The enquiries.
    pub rows: Vec<EnquiryRow>,
    /// The next page's address, if there are more.
    pub older: Option<String>,
}

impl EnquiriesPage {
    /// The filter choices, `status` selected.
    pub fn filters(status: Option<EnquiryStatus>) -> Vec<StatusChoice> {
        let mut out = vec![StatusChoice {
            value: "",
            label: "All",
            selected: status.is_none(),
        }];
        out.extend(EnquiryStatus::ALL.into_iter().map(|s| StatusChoice {
            value: s.as_str(),
            label: s.label(),
            selected: Some(s) == status,
        }));
        out
    }
}

/// `/enquiries/{id}`.
#[derive(Template)]
#[template(path = "enquiries/show.html")]
pub struct EnquiryPage {
    /// Navigation.
    pub nav: Nav,
    /// The enquiry.
    pub view: EnquiryView,
    /// When it was sent.
    pub sent: String,
    /// When it was handled last, or empty.
    pub handled: String,
    /// "Mon 1 Mar 2027", or empty.
    pub arrival: String,
    /// The statuses it can be marked.
    pub steps: Vec<StatusChoice>,
    /// The step form's mistakes.
    pub errors: FieldErrors,
    /// The step form's note as typed.
    pub note: String,
    /// A problem of the whole form ("changed meanwhile").
    pub problem: Option<String>,
}

impl EnquiryPage {
    /// The page of `view`.
    pub fn new(nav: Nav, view: EnquiryView, zone: Tz) -> Self {
        let e = &view.enquiry;
        Self {
            sent: when(e.created_at, zone),
            handled: e.handled_at.map(|t| when(t, zone)).unwrap_or_default(),
            arrival: e.arrival_on.map(long).unwrap_or_default(),
            steps: e
                .status
                .next()
                .iter()
                .map(|s| StatusChoice {
                    value: s.as_str(),
                    label: s.label(),
                    selected: false,
                })
                .collect(),
            nav,
            view,
            errors: FieldErrors::new(),
            note: String::new(),
            problem: None,
        }
    }

    /// The mistake of `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The notes, one line each.
    pub fn note_lines(&self) -> Vec<&str> {
        self.view
            .enquiry
            .note
            .as_deref()
            .map(|n| n.lines().collect())
            .unwrap_or_default()
    }

    /// The new-case form prefilled from it.
    pub fn open_case_href(&self) -> String {
        format!("/cases/new?enquiry={}", self.view.enquiry.id)
    }
}
