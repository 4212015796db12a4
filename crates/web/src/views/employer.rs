//! `templates/employer/*.html`: a partner employer's own area (issue 21) and the household's
//! page about sharing progress with employers (`templates/portal/employer.html`). The
//! employer's pages are built from `EmployeeSummary` only (name, route, steps), so they
//! cannot show anything else of a case.

use askama::Template;
use softland_domain::date_format::long;
use softland_domain::partner::StepState;

use crate::commands::FieldErrors;
use crate::commands::partners::employers::{EmployeeSummary, HireInput, HouseholdEmployment};
use crate::config::Centre;
use crate::db::partners::{Consent, HireRequest, HireStatus};
use crate::views::portal::PortalChrome;

/// The header and footer of the employer's pages.
pub struct EmployerChrome {
    /// The user's name.
    pub name: String,
    /// CSRF token (sign-out and the page's forms).
    pub csrf: String,
    /// The centre, for the footer.
    pub centre: Centre,
}

/// One step as the summary shows it.
pub struct StepRow {
    /// The step's title.
    pub title: String,
    /// "Done", "Next" …
    pub state: &'static str,
    /// "done on 3 March 2026", "due by …", or empty.
    pub date: String,
    /// Whether it is the step to do next.
    pub is_next: bool,
}

/// An employee's progress in plain words.
pub struct ProgressView {
    /// The employment (for the link).
    pub id: i64,
    /// The employee's name.
    pub name: String,
    /// The route's name.
    pub route: String,
    /// "5 of 12 steps done".
    pub done_text: String,
    /// Steps done.
    pub done: usize,
    /// Steps that apply.
    pub total: usize,
    /// "Next: Register at the foreign police (due by 4 May 2026)" or "Nothing to do now".
    pub next: String,
    /// Every step.
    pub steps: Vec<StepRow>,
}

impl ProgressView {
    /// The view of `s`.
    pub fn new(s: &EmployeeSummary) -> Self {
        let p = &s.progress;
        let steps: Vec<StepRow> = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| StepRow {
                title: step.title.clone(),
                state: step.state.label(),
                date: match (step.state, step.date) {
                    (StepState::Done, Some(d)) => format!("done on {}", long(d)),
                    (StepState::NotNeeded, _) | (_, None) => String::new(),
                    (_, Some(d)) => format!("expected by {}", long(d)),
                },
                is_next: p.next == Some(i),
            })
            .collect();
        let next = p.next.and_then(|i| steps.get(i)).map_or_else(
            || "No step can be worked on right now.".to_owned(),
            |s| {
                if s.date.is_empty() {
                    format!("Next: {}", s.title)
                } else {
                    format!("Next: {} ({})", s.title, s.date)
                }
            },
        );
        Self {
            id: s.id.0,
            name: s.name.clone(),
            route: s.route.clone(),
            done_text: format!("{} of {} steps done", p.done, p.total),
            done: p.done,
            total: p.total,
            next,
            steps,
        }
    }
}

/// A hire request as the employer and staff read it.
pub struct RequestRow {
    /// Id.
    pub id: i64,
    /// The employer's name.
    pub employer: String,
    /// The new hire's name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The route's name.
    pub route: String,
    /// "4 May 2026".
    pub arrival: String,
    /// The note, if any.
    pub note: String,
    /// Where it stands, in words.
    pub status: String,
    /// Whether it is still open (it may be withdrawn, accepted or declined).
    pub open: bool,
    /// "Requested on …".
    pub requested: String,
}

impl RequestRow {
    /// The row of `r`; `consented` says whether the accepted request's employee has given
    /// consent; `routes` names the routes.
    pub fn new(r: &HireRequest, consented: bool, routes: &[(String, String)]) -> Self {
        let status = match r.status {
            HireStatus::Open => "Open: waiting for the centre".to_owned(),
            HireStatus::Accepted if consented => {
                "Consent given: see their progress above".to_owned()
            }
            HireStatus::Accepted => "Accepted – waiting for the employee's consent".to_owned(),
            HireStatus::Declined => format!(
                "Declined: {}",
                r.decline_reason.as_deref().unwrap_or("no reason given")
            ),
            HireStatus::Withdrawn => "Withdrawn by you".to_owned(),
        };
        Self {
            id: r.id.0,
            employer: r.organisation_name.clone(),
            name: r.hire.name.clone(),
            email: r.hire.email.clone(),
            route: routes
                .iter()
                .find(|(k, _)| *k == r.hire.route)
                .map_or_else(|| r.hire.route.clone(), |(_, n)| n.clone()),
            arrival: long(r.hire.expected_arrival),
            note: r.hire.note.clone().unwrap_or_default(),
            status,
            open: r.status == HireStatus::Open,
            requested: format!("Requested on {}", long(r.created_at.date_naive())),
        }
    }
}

/// `templates/employer/home.html`: "Your employees" and the requests.
#[derive(Template)]
#[template(path = "employer/home.html")]
pub struct EmployerHomePage {
    /// Header and footer.
    pub chrome: EmployerChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Consented employees.
    pub employees: Vec<ProgressView>,
    /// The organisation's requests, newest first.
    pub requests: Vec<RequestRow>,
}

/// `templates/employer/employee.html`: one employee's progress.
#[derive(Template)]
#[template(path = "employer/employee.html")]
pub struct EmployeePage {
    /// Header and footer.
    pub chrome: EmployerChrome,
    /// The progress.
    pub employee: ProgressView,
}

/// `templates/employer/request.html`: the pre-arrival request form.
#[derive(Template)]
#[template(path = "employer/request.html")]
pub struct HireRequestPage {
    /// Header and footer.
    pub chrome: EmployerChrome,
    /// What was typed.
    pub values: HireInput,
    /// Mistakes, by field name.
    pub errors: FieldErrors,
    /// The routes offered (key, name).
    pub routes: Vec<(String, String)>,
}

impl HireRequestPage {
    /// Whether `key` is the route chosen.
    pub fn is_route(&self, key: &str) -> bool {
        self.values.route == key
    }
}

/// `templates/employer/account.html`: password and API tokens.
#[derive(Template)]
#[template(path = "employer/account.html")]
pub struct EmployerAccountPage {
    /// Header and footer.
    pub chrome: EmployerChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The user's e-mail.
    pub email: String,
    /// The password form's mistakes.
    pub password_errors: FieldErrors,
    /// The user's tokens.
    pub tokens: Vec<crate::views::account::TokenRow>,
    /// A new token's secret, shown once.
    pub new_token: Option<String>,
    /// The token form's mistakes.
    pub token_errors: FieldErrors,
    /// The token name typed.
    pub token_name: String,
}

impl EmployerAccountPage {
    /// Where the password form posts.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/employer/account/password"
    }

    /// The password form's CSRF token.
    pub fn password_csrf(&self) -> &str {
        &self.chrome.csrf
    }
}

/// One employment as the household reads it.
pub struct SharingRow {
    /// The employment.
    pub id: i64,
    /// The employer.
    pub employer: String,
    /// Whose.
    pub person: String,
    /// Whether the employer sees the progress now.
    pub shared: bool,
    /// Whether the employee is the reader themself (only they may start sharing).
    pub own: bool,
    /// "You agreed on 3 March 2026 (on paper)." …
    pub consent: String,
    /// What the employer sees.
    pub summary: ProgressView,
}

impl SharingRow {
    /// The row of `h`.
    pub fn new(h: &HouseholdEmployment) -> Self {
        let e = &h.employment;
        let consent = match e.consent {
            Consent::NotGiven => "Not shared: the employer sees nothing yet.".to_owned(),
            Consent::Given { at, how } => {
                format!(
                    "Shared since {} ({}).",
                    long(at.date_naive()),
                    how.label().to_lowercase()
                )
            }
            Consent::Withdrawn { at } => format!(
                "Not shared: consent withdrawn on {}.",
                long(at.date_naive())
            ),
        };
        Self {
            id: e.id.0,
            employer: e.organisation_name.clone(),
            person: e.person_name.clone(),
            shared: e.consent.is_given(),
            own: h.own,
            consent,
            summary: ProgressView::new(&h.summary),
        }
    }
}

/// `templates/portal/employer.html`: sharing progress with employers.
#[derive(Template)]
#[template(path = "portal/employer.html")]
pub struct PortalEmployerPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The household's employments.
    pub rows: Vec<SharingRow>,
}
