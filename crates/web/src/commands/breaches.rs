//! The breach register (issue 23, GDPR Art. 33(5)): admins record a personal-data breach,
//! change it, add dated entries to its timeline, list and read it. The 72-hour rule is the
//! domain's (`softland_domain::breach`); here the typed input is parsed once for the page's
//! form and the API.

use chrono::{DateTime, Datelike as _, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use softland_domain::breach::{self, BreachDates, BreachRisk, BreachStatus};

use super::{Actor, CommandError, FieldErrors, Problem};
use crate::app::AppState;
use crate::db::breaches::{self, Breach, BreachFields, TimelineEntry};
use crate::ids::{BreachId, CaseId};

/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest text of a description, measures, reasons or a timeline entry.
pub const MAX_TEXT: usize = 10_000;
/// The most people a breach may be said to touch.
pub const MAX_PEOPLE: u32 = 100_000_000;

/// A breach as typed: times as `YYYY-MM-DDTHH:MM` in the centre's time zone (a form's
/// `datetime-local`) or RFC 3339 (`2026-12-01T09:30:00Z`), cases as ids separated by commas.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BreachInput {
    /// A short name.
    pub title: String,
    /// What happened.
    pub description: String,
    /// When it was discovered.
    pub discovered_at: String,
    /// When it began (may be empty).
    pub occurred_from: String,
    /// When it ended (may be empty).
    pub occurred_to: String,
    /// When the centre became aware.
    pub aware_at: String,
    /// The categories of data.
    pub data_categories: String,
    /// About how many people (may be empty).
    pub people_count: String,
    /// `unlikely`, `risk` or `high`.
    pub risk: String,
    /// When the authority was notified (may be empty).
    pub authority_notified_at: String,
    /// Why after 72 hours.
    pub late_reasons: String,
    /// When the people affected were told (may be empty).
    pub people_notified_at: String,
    /// What was done.
    pub measures: String,
    /// `open` or `closed` (empty: open).
    pub status: String,
    /// Case ids, separated by commas or spaces.
    pub cases: String,
}

/// A time typed in the centre's `zone` or as RFC 3339.
fn time_of(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .and_then(|local| zone.from_local_datetime(&local).earliest())
        .map(|t| t.with_timezone(&Utc))
}

struct Reader<'a> {
    zone: Tz,
    now: DateTime<Utc>,
    errors: &'a mut FieldErrors,
}

impl Reader<'_> {
    fn time(&mut self, raw: &str, field: &str, required: bool) -> Option<DateTime<Utc>> {
        if raw.trim().is_empty() {
            if required {
                self.errors.add(field, Problem::Missing.to_string());
            }
            return None;
        }
        let Some(t) = time_of(raw, self.zone).filter(|t| (1900..=2200).contains(&t.year())) else {
            self.errors
                .add(field, "please enter a date and time, e.g. 2026-12-01 09:30");
            return None;
        };
        if t > self.now + chrono::Duration::minutes(5) {
            self.errors.add(field, "this cannot be in the future");
        }
        Some(t)
    }

    fn text(&mut self, raw: &str, field: &str, required: bool, max: usize) -> String {
        let text = raw.trim();
        if required && text.is_empty() {
            self.errors.add(field, Problem::Missing.to_string());
        } else if text.chars().count() > max {
            self.errors.add(field, Problem::TooLong(max).to_string());
        }
        text.to_owned()
    }
}

fn case_ids(raw: &str, errors: &mut FieldErrors) -> Vec<CaseId> {
    let mut ids = Vec::new();
    for part in raw.split(|c: char| c == ',' || c.is_whitespace()) {
        let part = part.trim().trim_start_matches('#');
        if part.is_empty() {
            continue;
        }
        match part.parse::<i64>() {
            Ok(n) if n > 0 => ids.push(CaseId(n)),
            _ => {
                errors.add("cases", format!("\"{part}\" is not a case number"));
                return Vec::new();
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_CASES {
        errors.add(
            "cases",
            format!(
                "At most {MAX_CASES} case numbers; for a larger breach, give the categories and \
                 the approximate number of people instead"
            ),
        );
        return Vec::new();
    }
    ids
}

/// The most cases one breach lists by number (a bound on the statement that stores them).
const MAX_CASES: usize = 500;

impl BreachInput {
    /// The breach's fields, or every wrong field by name. `now` bounds the dates.
    pub fn parse(&self, zone: Tz, now: DateTime<Utc>) -> Result<BreachFields, CommandError> {
        let mut errors = FieldErrors::new();
        let mut r = Reader {
            zone,
            now,
            errors: &mut errors,
        };
        let title = r.text(&self.title, "title", true, MAX_TITLE);
        let description = r.text(&self.description, "description", true, MAX_TEXT);
        let data_categories = r.text(&self.data_categories, "data_categories", true, MAX_TEXT);
        let late_reasons = r.text(&self.late_reasons, "late_reasons", false, MAX_TEXT);
        let measures = r.text(&self.measures, "measures", false, MAX_TEXT);
        let discovered_at = r.time(&self.discovered_at, "discovered_at", true);
        let occurred_from = r.time(&self.occurred_from, "occurred_from", false);
        let occurred_to = r.time(&self.occurred_to, "occurred_to", false);
        let aware_at = r.time(&self.aware_at, "aware_at", true);
        let authority_notified_at =
            r.time(&self.authority_notified_at, "authority_notified_at", false);
        let people_notified_at = r.time(&self.people_notified_at, "people_notified_at", false);
        let people_count = match self.people_count.trim() {
            "" => None,
            n => match n.replace([' ', ','], "").parse::<u32>() {
                Ok(n) if n <= MAX_PEOPLE => Some(n),
                _ => {
                    errors.add("people_count", "please enter a whole number of people");
                    None
                }
            },
        };
        let risk = BreachRisk::from_key(self.risk.trim());
        if risk.is_none() {
            errors.add("risk", "please choose the risk");
        }
        let status = match self.status.trim() {
            "" => Some(BreachStatus::Open),
            key => BreachStatus::from_key(key),
        };
        if status.is_none() {
            errors.add("status", "please choose open or closed");
        }
        let cases = case_ids(&self.cases, &mut errors);
        let (Some(discovered_at), Some(aware_at), Some(risk), Some(status)) =
            (discovered_at, aware_at, risk, status)
        else {
            return Err(CommandError::InvalidFields(errors));
        };
        let fields = BreachFields {
            title,
            description,
            discovered_at,
            occurred_from,
            occurred_to,
            aware_at,
            data_categories,
            people_count,
            risk,
            authority_notified_at,
            late_reasons,
            people_notified_at,
            measures,
            status,
            cases,
        };
        check_rules(&fields, &mut errors);
        if errors.is_empty() {
            Ok(fields)
        } else {
            Err(CommandError::InvalidFields(errors))
        }
    }
}

/// The rules between fields: dates in order, reasons for a late notification, no closing
/// while a required notification is missing.
fn check_rules(f: &BreachFields, errors: &mut FieldErrors) {
    let dates = BreachDates {
        occurred_from: f.occurred_from,
        occurred_to: f.occurred_to,
        discovered_at: f.discovered_at,
        aware_at: f.aware_at,
        authority_notified_at: f.authority_notified_at,
        people_notified_at: f.people_notified_at,
    };
    for (field, problem) in breach::check_order(&dates) {
        errors.add(field, problem.to_string());
    }
    let deadline = breach::authority_deadline(f.aware_at);
    if f.authority_notified_at.is_some_and(|n| n > deadline) && f.late_reasons.is_empty() {
        errors.add(
            "late_reasons",
            "the authority was notified after 72 hours: please give the reasons for the delay (GDPR Art. 33(1))",
        );
    }
    if f.status == BreachStatus::Closed {
        if f.risk.must_notify_authority() && f.authority_notified_at.is_none() {
            errors.add(
                "status",
                "a breach with a risk cannot be closed before the authority is notified",
            );
        } else if f.risk.must_notify_people() && f.people_notified_at.is_none() {
            errors.add(
                "status",
                "a high-risk breach cannot be closed before the people affected are told",
            );
        }
    }
}

/// Checks that every case named exists (the field's error names those that do not).
async fn check_cases(state: &AppState, f: &BreachFields) -> Result<(), CommandError> {
    let found = breaches::existing_cases(&state.db, &f.cases).await?;
    let missing: Vec<String> = f
        .cases
        .iter()
        .filter(|c| !found.contains(c))
        .map(|c| format!("#{c}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut errors = FieldErrors::new();
    errors.add(
        "cases",
        format!("no case has the number {}", missing.join(", ")),
    );
    Err(CommandError::InvalidFields(errors))
}

/// Records a breach.
#[derive(Debug, Clone)]
pub struct RecordBreach {
    /// What was typed, parsed.
    pub fields: BreachFields,
}

impl RecordBreach {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<BreachId, CommandError> {
        actor.must_be_admin()?;
        check_cases(state, &self.fields).await?;
        Ok(breaches::create(&state.db, &self.fields, actor.id).await?)
    }
}

/// Changes a breach, made from the `version` the admin saw.
#[derive(Debug, Clone)]
pub struct ChangeBreach {
    /// Which.
    pub id: BreachId,
    /// The version seen.
    pub version: i32,
    /// Its new fields.
    pub fields: BreachFields,
}

impl ChangeBreach {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        check_cases(state, &self.fields).await?;
        Ok(breaches::update(&state.db, self.id, self.version, &self.fields, actor.id).await?)
    }
}

/// Adds a dated entry to a breach's timeline.
#[derive(Debug, Clone)]
pub struct AddTimelineEntry {
    /// Which breach.
    pub id: BreachId,
    /// When (as typed).
    pub at: String,
    /// What happened.
    pub text: String,
}

impl AddTimelineEntry {
    /// Runs it (admins only); a wrong field is reported (`at`, `text`).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let mut errors = FieldErrors::new();
        let mut r = Reader {
            zone: state.config.time_zone,
            now: state.config.clock.now(),
            errors: &mut errors,
        };
        let at = r.time(&self.at, "at", true);
        let text = r.text(&self.text, "text", true, MAX_TEXT);
        match at {
            Some(at) if errors.is_empty() => {
                Ok(breaches::add_event(&state.db, self.id, at, &text, actor.id).await?)
            }
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

/// Every breach (admins only).
#[derive(Debug, Clone, Copy)]
pub struct ListBreaches;

impl ListBreaches {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Vec<Breach>, CommandError> {
        actor.must_be_admin()?;
        Ok(breaches::list(&state.db).await?)
    }
}

/// One breach with its timeline (admins only).
#[derive(Debug, Clone, Copy)]
pub struct ShowBreach {
    /// Which.
    pub id: BreachId,
}

impl ShowBreach {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<(Breach, Vec<TimelineEntry>), CommandError> {
        actor.must_be_admin()?;
        let breach = breaches::get(&state.db, self.id).await?;
        let timeline = breaches::timeline(&state.db, self.id).await?;
        Ok((breach, timeline))
    }
}
