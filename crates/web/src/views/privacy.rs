//! `templates/cases/privacy.html` (staff: a case's lawful basis and consents, and each
//! person's export), `templates/portal/privacy.html` (the expat's privacy page) and
//! `templates/privacy/summary.html` (the export's readable summary).

use askama::Template;
use chrono::{DateTime, Utc};
use softland_domain::date_format::long;
use softland_domain::partner::ConsentHow;
use softland_domain::privacy::{LawfulBasis, Purpose, Standing};

use crate::commands::FieldErrors;
use crate::commands::privacy::{CasePrivacy, PersonConsents};
use crate::db::partners::Consent;
use crate::db::privacy::ConsentRecord;
use crate::db::privacy::export::PersonData;
use crate::views::nav::Nav;
use crate::views::portal::PortalChrome;

fn day(at: DateTime<Utc>) -> String {
    long(at.date_naive())
}

/// One purpose of the register for one person.
#[derive(Debug, Clone)]
pub struct RegisterRow {
    /// `mail_reminders` …
    pub purpose: &'static str,
    /// Its name.
    pub label: &'static str,
    /// Where it stands, in words.
    pub standing: String,
    /// Whether it stands given.
    pub given: bool,
    /// Whether it is allowed now (given, or not asked for a purpose that goes until a no).
    pub allowed: bool,
    /// Whether the person withdraws it in the portal.
    pub in_portal: bool,
    /// Every record, oldest first, in words.
    pub history: Vec<String>,
}

/// A consent kept by a feature (an employment, a buddy request).
#[derive(Debug, Clone)]
pub struct FeatureRow {
    /// The record's id (employment or buddy request).
    pub id: i64,
    /// What it is, in words.
    pub text: String,
    /// Whether the consent stands given (a withdrawal button).
    pub shared: bool,
}

/// One person with their consents.
#[derive(Debug, Clone)]
pub struct PersonPrivacy {
    /// The person's id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Whether they have a portal account.
    pub has_account: bool,
    /// The register's purposes.
    pub register: Vec<RegisterRow>,
    /// Sharing with employers.
    pub employments: Vec<FeatureRow>,
    /// Sharing with a buddy.
    pub buddy: Vec<FeatureRow>,
}

fn record_text(r: &ConsentRecord) -> String {
    let given = match (r.given_at, r.given_how) {
        (Some(at), Some(how)) => format!("Given on {} ({})", day(at), how.label().to_lowercase()),
        (Some(at), None) => format!("Given on {}", day(at)),
        _ => "Refused".to_owned(),
    };
    match r.withdrawn_at {
        Some(at) if r.given_at.is_some() => format!("{given}, withdrawn on {}", day(at)),
        Some(at) => format!("{given} on {}", day(at)),
        None => given,
    }
}

fn standing_text(purpose: Purpose, standing: Standing) -> String {
    match standing {
        Standing::Given(at) => format!("Given on {}", day(at)),
        Standing::Withdrawn(at) => format!("Withdrawn on {}", day(at)),
        Standing::NotAsked if purpose.allowed_unless_withdrawn() => {
            "Part of the centre's help until the person says no".to_owned()
        }
        Standing::NotAsked => "Not given".to_owned(),
    }
}

impl PersonPrivacy {
    /// The view of `p`.
    pub fn new(p: &PersonConsents) -> Self {
        Self {
            id: p.id.0,
            name: p.name.clone(),
            has_account: p.has_account,
            register: p
                .register
                .iter()
                .map(|(purpose, standing, records)| RegisterRow {
                    purpose: purpose.as_str(),
                    label: purpose.label(),
                    standing: standing_text(*purpose, *standing),
                    given: standing.is_given(),
                    allowed: standing.allows(*purpose),
                    in_portal: purpose.withdrawable_in_portal(),
                    history: records.iter().map(record_text).collect(),
                })
                .collect(),
            employments: p
                .employments
                .iter()
                .map(|e| FeatureRow {
                    id: e.id.0,
                    text: format!(
                        "{}: {}",
                        e.organisation_name,
                        match &e.consent {
                            Consent::Given { at, how } =>
                                format!("given on {} ({})", day(*at), how.label().to_lowercase()),
                            Consent::Withdrawn { at } => format!("withdrawn on {}", day(*at)),
                            Consent::NotGiven => "not given".to_owned(),
                        }
                    ),
                    shared: e.consent.is_given(),
                })
                .collect(),
            buddy: p
                .buddy
                .iter()
                .map(|m| FeatureRow {
                    id: m.id.0,
                    text: if m.consent_withdrawn {
                        "Buddy request: consent withdrawn, nothing is shared".to_owned()
                    } else if m.is_open() {
                        format!("Buddy request of {}: details shared", day(m.requested_at))
                    } else {
                        format!("Buddy request of {}: ended", day(m.requested_at))
                    },
                    shared: m.is_open() && !m.consent_withdrawn,
                })
                .collect(),
        }
    }
}

/// `templates/cases/privacy.html`.
#[derive(Template)]
#[template(path = "cases/privacy.html")]
pub struct CasePrivacyPage {
    /// Navigation.
    pub nav: Nav,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The case.
    pub case: i64,
    /// Its basis (name).
    pub basis: &'static str,
    /// Every basis (name, words).
    pub bases: Vec<(&'static str, &'static str)>,
    /// The ways staff record consent (name, words).
    pub ways: Vec<(&'static str, &'static str)>,
    /// Its people.
    pub people: Vec<PersonPrivacy>,
    /// Whether the signed-in staff member may export (admin or the case's consultant).
    pub may_export: bool,
    /// The basis form's mistakes.
    pub errors: FieldErrors,
}

impl CasePrivacyPage {
    /// The page of `p`.
    pub fn new(nav: Nav, p: &CasePrivacy) -> Self {
        Self {
            nav,
            flash: None,
            case: p.case.0,
            basis: p.basis.as_str(),
            bases: LawfulBasis::ALL
                .into_iter()
                .map(|b| (b.as_str(), b.label()))
                .collect(),
            ways: ConsentHow::ALL
                .into_iter()
                .filter(|h| *h != ConsentHow::Portal)
                .map(|h| (h.as_str(), h.label()))
                .collect(),
            people: p.people.iter().map(PersonPrivacy::new).collect(),
            may_export: p.may_export,
            errors: FieldErrors::new(),
        }
    }
}

/// One case on the expat's privacy page.
#[derive(Debug, Clone)]
pub struct OwnCase {
    /// The case.
    pub id: i64,
    /// Its basis, for people.
    pub basis: &'static str,
    /// What that means.
    pub explanation: &'static str,
    /// The expat's own people of it.
    pub people: Vec<PersonPrivacy>,
}

/// `templates/portal/privacy.html`.
#[derive(Template)]
#[template(path = "portal/privacy.html")]
pub struct PortalPrivacyPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Their cases.
    pub cases: Vec<OwnCase>,
}

impl PortalPrivacyPage {
    /// The page of `cases`.
    pub fn new(chrome: PortalChrome, cases: &[CasePrivacy]) -> Self {
        Self {
            chrome,
            flash: None,
            cases: cases
                .iter()
                .map(|c| OwnCase {
                    id: c.case.0,
                    basis: c.basis.label(),
                    explanation: c.basis.explanation(),
                    people: c.people.iter().map(PersonPrivacy::new).collect(),
                })
                .collect(),
        }
    }
}

/// `templates/privacy/summary.html`: the export's readable copy.
#[derive(Template)]
#[template(path = "privacy/summary.html")]
struct SummaryPage<'a> {
    data: &'a PersonData,
    generated: String,
    left_out: &'a [String],
}

/// The export's `summary.html` of `data`, made at `now`.
pub fn summary_html(
    data: &PersonData,
    now: DateTime<Utc>,
    left_out: &[String],
) -> Result<String, askama::Error> {
    SummaryPage {
        data,
        generated: now.format("%-d %B %Y, %H:%M UTC").to_string(),
        left_out,
    }
    .render()
}
