//! Reading the access log (issue 23): admins only, filtered by case, person, user, kind, date
//! range and address, newest first, a page at a time. The queue is flushed first, so that a
//! view made a moment ago is already in the answer.

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use chrono_tz::Tz;
use softland_domain::date_input;

use super::{Actor, CommandError, FieldErrors};
use crate::access::AccessKind;
use crate::app::AppState;
use crate::db::access_log::{self, AccessFilter, AccessPage};
use crate::ids::{CaseId, PersonId, UserId};

/// Lines per page on the admin page and, by default, in the API.
pub const PAGE_SIZE: u64 = 50;
/// Most lines in one CSV.
pub const CSV_LIMIT: u64 = 50_000;

/// The filters as typed (the admin page's form, the API's query): every part may be empty.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AccessLogInput {
    /// A case id.
    #[serde(default)]
    pub case: String,
    /// A person id.
    #[serde(default)]
    pub person: String,
    /// A user id.
    #[serde(default)]
    pub user: String,
    /// An [`AccessKind`] key (`case.page` …).
    #[serde(default)]
    pub kind: String,
    /// The first day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    #[serde(default)]
    pub to: String,
    /// An address (exactly).
    #[serde(default)]
    pub address: String,
}

fn id_of<T>(raw: &str, field: &str, make: fn(i64) -> T, errors: &mut FieldErrors) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(n) if n > 0 => Some(make(n)),
        _ => {
            errors.add(field, "please enter a number (an id)");
            None
        }
    }
}

fn day_of(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        return None;
    }
    date_input::parse(raw)
        .map_err(|e| errors.add(field, e.to_string()))
        .ok()
}

fn start_of(day: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl AccessLogInput {
    /// The filter, or each wrong field (`case`, `person`, `user`, `kind`, `from`, `to`).
    pub fn parse(&self, zone: Tz) -> Result<AccessFilter, CommandError> {
        let mut errors = FieldErrors::new();
        let case = id_of(&self.case, "case", CaseId, &mut errors);
        let person = id_of(&self.person, "person", PersonId, &mut errors);
        let user = id_of(&self.user, "user", UserId, &mut errors);
        let kind = match self.kind.trim() {
            "" => None,
            key => {
                let kind = AccessKind::from_key(key);
                if kind.is_none() {
                    errors.add("kind", "please choose a kind from the list");
                }
                kind
            }
        };
        let from = day_of(&self.from, "from", &mut errors);
        let to = day_of(&self.to, "to", &mut errors);
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            errors.add("to", "the last day must not be before the first");
        }
        let address = self.address.trim();
        if address.chars().count() > 45 || address.chars().any(char::is_control) {
            errors.add("address", "please enter an IP address");
        }
        if !errors.is_empty() {
            return Err(CommandError::InvalidFields(errors));
        }
        Ok(AccessFilter {
            case,
            person,
            user,
            kind,
            from: from.and_then(|d| start_of(d, zone)),
            until: to
                .and_then(|d| d.succ_opt())
                .and_then(|d| start_of(d, zone)),
            address: (!address.is_empty()).then(|| address.to_owned()),
        })
    }
}

/// One page of the log.
#[derive(Debug, Clone)]
pub struct ReadAccessLog {
    /// Which lines.
    pub filter: AccessFilter,
    /// The page, from 1.
    pub page: u64,
    /// Lines per page.
    pub per_page: u64,
}

impl ReadAccessLog {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<AccessPage, CommandError> {
        actor.must_be_admin()?;
        state.access.flush().await;
        Ok(access_log::list(&state.db, &self.filter, self.page.max(1), self.per_page).await?)
    }
}
