//! `templates/erasure/show.html` (a case's erasure: the dry run, the confirmation form, the
//! legal hold) and `templates/admin/privacy.html` (retention: the setting, today's dry run,
//! the last runs' reports).

use askama::Template;
use softland_domain::date_format::long;
use softland_domain::erasure::ErasureReason;

use crate::commands::FieldErrors;
use crate::commands::erasure::ErasurePlan;
use crate::commands::erasure::retention::RetentionView;
use crate::db::erasure::steps::{TABLES, Treatment};
use crate::views::nav::Nav;

/// One line of the dry run.
pub struct PlanRow {
    /// What kind of data.
    pub kind: &'static str,
    /// The table.
    pub table: &'static str,
    /// How many rows.
    pub rows: u64,
}

/// The case's erasure page.
#[derive(Template)]
#[template(path = "erasure/show.html")]
pub struct ErasurePage {
    /// Navigation.
    pub nav: Nav,
    /// The case.
    pub case: i64,
    /// The person (none: the household).
    pub person: Option<i64>,
    /// What is erased, in words.
    pub whom: String,
    /// The dry run, by kind.
    pub rows: Vec<PlanRow>,
    /// "Already erased on …".
    pub already: Option<String>,
    /// The accounts kept because another case uses them.
    pub kept_accounts: Vec<i64>,
    /// The legal hold: reason, who, when.
    pub hold: Option<(String, String, String)>,
    /// The reasons offered: (key, words).
    pub reasons: Vec<(&'static str, &'static str)>,
    /// What was chosen and typed.
    pub reason: String,
    /// The typed case number.
    pub confirm: String,
    /// The hold form's reason as typed.
    pub hold_reason: String,
    /// A refusal of the whole form.
    pub refusal: Option<String>,
    /// Field errors.
    pub errors: FieldErrors,
    /// What the last change did.
    pub notice: Option<&'static str>,
}

impl ErasurePage {
    /// The page of `plan`.
    pub fn new(nav: Nav, plan: &ErasurePlan, tz: chrono_tz::Tz) -> Self {
        let mut rows: Vec<PlanRow> = plan
            .lines
            .iter()
            .map(|l| PlanRow {
                kind: l.kind.label(),
                table: l.table,
                rows: l.rows,
            })
            .collect();
        rows.sort_by_key(|r| r.kind);
        let day =
            |at: &chrono::DateTime<chrono::FixedOffset>| long(at.with_timezone(&tz).date_naive());
        Self {
            nav,
            case: plan.whom.case.0,
            person: plan.whom.person.map(|p| p.0),
            whom: match plan.whom.person {
                Some(p) => format!("person {p} of case {}", plan.whom.case),
                None => format!("the whole household of case {}", plan.whom.case),
            },
            rows,
            already: plan.already.as_ref().map(|e| day(&e.at)),
            kept_accounts: plan.kept_accounts.iter().map(|u| u.0).collect(),
            hold: plan
                .hold
                .as_ref()
                .map(|h| (h.reason.clone(), h.set_by.clone(), day(&h.set_at))),
            reasons: ErasureReason::CHOSEN
                .iter()
                .map(|r| (r.as_str(), r.label()))
                .collect(),
            reason: String::new(),
            confirm: String::new(),
            hold_reason: String::new(),
            refusal: None,
            errors: FieldErrors::new(),
            notice: None,
        }
    }
}

/// A case of the retention dry run.
pub struct DueRow {
    /// The case.
    pub case: i64,
    /// "Closed on …".
    pub closed_on: String,
    /// "Due on …".
    pub due_on: String,
}

/// A retention run's report.
pub struct RunRow {
    /// When.
    pub ran_at: String,
    /// Cases anonymised.
    pub anonymised: String,
    /// Cases kept by a legal hold.
    pub held: String,
}

/// The admins' privacy page: retention.
#[derive(Template)]
#[template(path = "admin/privacy.html")]
pub struct PrivacyPage {
    /// Navigation.
    pub nav: Nav,
    /// The years as stored or typed.
    pub years: String,
    /// Cases a run anonymises today.
    pub due: Vec<DueRow>,
    /// Due cases under legal hold.
    pub held: Vec<DueRow>,
    /// The last runs.
    pub runs: Vec<RunRow>,
    /// Field errors.
    pub errors: FieldErrors,
    /// What the last change did.
    pub notice: Option<String>,
    /// Every table and what an erasure does to it: (table, treatment, why).
    pub inventory: Vec<(&'static str, &'static str, &'static str)>,
}

fn list(ids: &[crate::ids::CaseId]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    ids.iter()
        .map(|c| format!("case {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl PrivacyPage {
    /// The page of `view`.
    pub fn new(nav: Nav, view: &RetentionView, tz: chrono_tz::Tz) -> Self {
        let row = |d: &softland_domain::erasure::RetentionDue| DueRow {
            case: d.case.id,
            closed_on: long(d.case.closed_on),
            due_on: long(d.due_on),
        };
        Self {
            nav,
            years: view.years.get().to_string(),
            due: view.due.iter().map(row).collect(),
            held: view.held.iter().map(row).collect(),
            runs: view
                .runs
                .iter()
                .map(|r| RunRow {
                    ran_at: r
                        .ran_at
                        .with_timezone(&tz)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    anonymised: list(&r.anonymised),
                    held: list(&r.held),
                })
                .collect(),
            errors: FieldErrors::new(),
            notice: None,
            inventory: TABLES
                .iter()
                .map(|(table, treatment, why)| {
                    let words = match treatment {
                        Treatment::Erased => "Erased",
                        Treatment::Anonymised => "Anonymised",
                        Treatment::Kept => "Kept",
                    };
                    (*table, words, *why)
                })
                .collect(),
        }
    }
}
