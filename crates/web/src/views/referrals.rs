//! Referrals and "who can help" (issue 21): the lines the case page, the dashboard and the
//! portal show, the referral form (`templates/referrals/new.html`) and a referral's page
//! (`templates/referrals/show.html`).

use askama::Template;
use chrono::NaiveDate;
use softland_domain::date_format::long;
use softland_domain::partner::{Category, ConsentHow};

use super::nav::Nav;
use crate::commands::FieldErrors;
use crate::commands::partners::referrals::{
    ItemHelp, ReferralDetails, ReferralInput, ReferralLine, StepInput,
};
use crate::db::partners::{FollowUp, Organisation};

/// A link to the address on a map (OpenStreetMap's search).
pub fn map_href(address: &str) -> String {
    let query = serde_html_form::to_string([("query", address)]).unwrap_or_default();
    format!("https://www.openstreetmap.org/search?{query}")
}

/// A partner beside an item.
pub struct HelperLine {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Languages: the household's it speaks (staff) or all it speaks (portal).
    pub languages: String,
    /// Opening hours, or empty.
    pub hours: String,
    /// Phone, or empty.
    pub phone: String,
    /// Address, or empty.
    pub address: String,
    /// A map link for the address, or empty.
    pub map: String,
    /// Website, or empty.
    pub website: String,
}

impl HelperLine {
    /// The line of `org`, with `languages` as given.
    pub fn new(org: &Organisation, languages: String) -> Self {
        let d = &org.details;
        let address = d.address.clone().unwrap_or_default();
        Self {
            id: org.id.0,
            name: d.name.clone(),
            languages,
            hours: d
                .opening_hours
                .as_ref()
                .map(softland_domain::partner::OpeningHours::to_text)
                .unwrap_or_default(),
            phone: d
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            map: if address.is_empty() {
                String::new()
            } else {
                map_href(&address)
            },
            address,
            website: d
                .website
                .as_ref()
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

/// "Who can help" beside one task (one item key).
pub struct HelpView {
    /// The item key.
    pub key: String,
    /// The first open item of that key (the referral form's `item`).
    pub item: i64,
    /// Partners speaking a language of the household.
    pub helpers: Vec<HelperLine>,
    /// How many more could help but speak other languages.
    pub others: usize,
}

/// One "who can help" per item key, from the open items' help; `staff` shows the shared
/// languages, the household every language the partner speaks.
pub fn help_views(items: &[ItemHelp], staff: bool) -> Vec<HelpView> {
    let mut out: Vec<HelpView> = Vec::new();
    for h in items {
        if out.iter().any(|v| v.key == h.key) {
            continue;
        }
        let helpers = h
            .helpers
            .iter()
            .map(|c| {
                let languages = if staff {
                    c.shared
                        .iter()
                        .map(softland_domain::partner::Language::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    c.organisation.details.languages.to_text()
                };
                HelperLine::new(&c.organisation, languages)
            })
            .collect();
        out.push(HelpView {
            key: h.key.clone(),
            item: h.item.0,
            helpers,
            others: h.others,
        });
    }
    out
}

/// The help shown for `key`, if any.
pub fn help_for<'a>(help: &'a [HelpView], key: &str) -> Option<&'a HelpView> {
    help.iter()
        .find(|h| h.key == key && (!h.helpers.is_empty() || h.others > 0))
}

/// A referral in the case page's panel.
pub struct ReferralRow {
    /// Id.
    pub id: i64,
    /// The partner.
    pub partner: String,
    /// The person, or "Household".
    pub person: String,
    /// The need.
    pub need: String,
    /// "In contact".
    pub status: &'static str,
    /// `sent`, `in_contact` …
    pub status_class: &'static str,
    /// "follow up Mon 14 Dec 2026", or empty.
    pub follow_up: String,
    /// Whether the follow-up is today or past.
    pub due: bool,
}

/// The case page's rows, open ones first.
pub fn referral_rows(lines: &[ReferralLine], today: NaiveDate) -> Vec<ReferralRow> {
    lines
        .iter()
        .map(|l| {
            let r = &l.referral;
            ReferralRow {
                id: r.id.0,
                partner: l.partner.clone(),
                person: l.person.clone().unwrap_or_else(|| "Household".to_owned()),
                need: r.need.clone(),
                status: r.status.label(),
                status_class: r.status.as_str(),
                follow_up: r
                    .follow_up_on
                    .map(|d| format!("follow up {}", long(d)))
                    .unwrap_or_default(),
                due: r.follow_up_on.is_some_and(|d| d <= today),
            }
        })
        .collect()
}

/// A follow-up on the dashboard.
pub struct FollowUpLine {
    /// `/cases/3/referrals/9`.
    pub href: String,
    /// The case's principal.
    pub person: String,
    /// The partner.
    pub partner: String,
    /// The need.
    pub need: String,
    /// "Mon 14 Dec 2026".
    pub when: String,
    /// Before today.
    pub overdue: bool,
}

/// The dashboard's line for `f`.
pub fn follow_up_line(f: &FollowUp, today: NaiveDate) -> FollowUpLine {
    let r = &f.referral;
    FollowUpLine {
        href: format!("/cases/{}/referrals/{}", r.case, r.id),
        person: f.principal.clone(),
        partner: f.organisation.clone(),
        need: r.need.clone(),
        when: r.follow_up_on.map(long).unwrap_or_default(),
        overdue: r.follow_up_on.is_some_and(|d| d < today),
    }
}

/// An option of a select: (value, label).
pub type Choice = (String, String);

/// A group of partners of one kind.
pub struct PartnerGroup {
    /// The kind's name.
    pub kind: String,
    /// (id, name) of its active partners.
    pub partners: Vec<Choice>,
}

/// The contact people of one partner.
pub struct ContactGroup {
    /// The partner's name.
    pub partner: String,
    /// (id, "name, role").
    pub contacts: Vec<Choice>,
}

/// (name, label, element id) of the referral form's fields, in form order.
const FIELDS: [(&str, &str, &str); 7] = [
    ("person", "Person", "r-person"),
    ("organisation", "Partner", "r-organisation"),
    ("contact", "Contact person", "r-contact"),
    ("category", "Category", "r-category"),
    ("need", "Need", "r-need"),
    ("consent_how", "How they agreed", "r-consent-how"),
    ("follow_up_on", "Follow up on", "r-follow-up"),
];

/// A link of an error summary.
pub struct ErrorLink {
    /// `#r-need`.
    pub href: String,
    /// "Need: please fill this in."
    pub text: String,
}

/// The form to refer a person of a case to a partner.
#[derive(Template)]
#[template(path = "referrals/new.html")]
pub struct ReferralNewPage {
    /// Navigation.
    pub nav: Nav,
    /// The case.
    pub case_id: i64,
    /// The principal's name.
    pub title: String,
    /// The household's people: (id, name).
    pub people: Vec<Choice>,
    /// The active partners by kind.
    pub partners: Vec<PartnerGroup>,
    /// Their contact people.
    pub contacts: Vec<ContactGroup>,
    /// What was typed (or prefilled).
    pub values: ReferralInput,
    /// What is wrong, by field name.
    pub errors: FieldErrors,
}

impl ReferralNewPage {
    /// The categories: (value, label).
    #[expect(clippy::unused_self, reason = "askama calls the page's methods")]
    pub fn categories(&self) -> Vec<(&'static str, &'static str)> {
        Category::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect()
    }

    /// The ways of consent: (value, label).
    #[expect(clippy::unused_self, reason = "askama calls the page's methods")]
    pub fn consent_ways(&self) -> Vec<(&'static str, &'static str)> {
        ConsentHow::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect()
    }

    /// The error summary, in form order.
    pub fn summary(&self) -> Vec<ErrorLink> {
        FIELDS
            .iter()
            .filter_map(|(name, label, id)| {
                Some(ErrorLink {
                    href: format!("#{id}"),
                    text: format!("{label}: {}", self.errors.get(name)?),
                })
            })
            .collect()
    }
}

/// A contact person in one line: "Dr. Anna Kowalska (paediatrician) · anna@… · +420 …".
pub fn contact_text(c: &crate::db::partners::Contact) -> String {
    let p = &c.person;
    let mut parts = vec![match &p.role {
        Some(role) => format!("{} ({role})", p.name),
        None => p.name.clone(),
    }];
    parts.extend(p.email.as_ref().map(|e| e.as_str().to_owned()));
    parts.extend(p.phone.as_ref().map(|e| e.as_str().to_owned()));
    parts.join(" · ")
}

/// A step of a referral, as its page lists it.
pub struct StepLine {
    /// "In contact".
    pub status: &'static str,
    /// Its note, or empty.
    pub note: String,
    /// "Mon 14 Dec 2026 10:05 · Jana Nováková".
    pub when: String,
}

/// A referral's page, with its step buttons.
#[derive(Template)]
#[template(path = "referrals/show.html")]
pub struct ReferralPage {
    /// Navigation.
    pub nav: Nav,
    /// The case.
    pub case_id: i64,
    /// The principal's name.
    pub title: String,
    /// The referral.
    pub id: i64,
    /// Its version (the step form's).
    pub version: i64,
    /// The person, or "The household".
    pub person: String,
    /// The partner's contact.
    pub partner: HelperLine,
    /// The partner's e-mail, or empty.
    pub partner_email: String,
    /// The contact person: "Dr. Anna Kowalska (paediatrician) · anna@… · +420 …", or empty.
    pub contact: String,
    /// The category in words.
    pub category: &'static str,
    /// The need.
    pub need: String,
    /// "Shared with the partner (agreed in person at the centre on …)" or "Not shared".
    pub sharing: String,
    /// "In contact".
    pub status: &'static str,
    /// `in_contact`.
    pub status_class: &'static str,
    /// The follow-up date, or empty.
    pub follow_up: String,
    /// The last note, or empty.
    pub note: String,
    /// Its steps, oldest first.
    pub steps: Vec<StepLine>,
    /// The steps it may take: (value, label).
    pub events: Vec<(&'static str, &'static str)>,
    /// What was typed in the step form.
    pub values: StepInput,
    /// What is wrong with it.
    pub errors: FieldErrors,
    /// A message after a change.
    pub flash: Option<String>,
}

impl ReferralPage {
    /// The page of `d`.
    pub fn new(nav: Nav, d: &ReferralDetails, tz: chrono_tz::Tz) -> Self {
        let r = &d.referral;
        let contact = d.contact.as_ref().map(contact_text).unwrap_or_default();
        let at = |t: chrono::DateTime<chrono::Utc>| {
            let t = t.with_timezone(&tz);
            format!("{} {}", long(t.date_naive()), t.format("%H:%M"))
        };
        Self {
            nav,
            case_id: r.case.0,
            title: d.case.case.principal().name.to_string(),
            id: r.id.0,
            version: r.version,
            person: d
                .person
                .clone()
                .unwrap_or_else(|| "The household".to_owned()),
            partner: HelperLine::new(&d.organisation, d.organisation.details.languages.to_text()),
            partner_email: d
                .organisation
                .details
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            contact,
            category: r.category.label(),
            need: r.need.clone(),
            sharing: match r.consent {
                Some(c) => format!(
                    "Shared with the partner; agreed: {} ({})",
                    c.how.label().to_lowercase(),
                    at(c.at)
                ),
                None => "Not shared with the partner".to_owned(),
            },
            status: r.status.label(),
            status_class: r.status.as_str(),
            follow_up: r.follow_up_on.map(long).unwrap_or_default(),
            note: r.note.clone().unwrap_or_default(),
            steps: d
                .steps
                .iter()
                .map(|s| StepLine {
                    status: s.status.label(),
                    note: s.note.clone().unwrap_or_default(),
                    when: match &s.actor {
                        Some(name) => format!("{} · {name}", at(s.at)),
                        None => at(s.at),
                    },
                })
                .collect(),
            events: r
                .status
                .events()
                .into_iter()
                .map(|e| (e.as_str(), e.label()))
                .collect(),
            values: StepInput::default(),
            errors: FieldErrors::new(),
            flash: None,
        }
    }
}
