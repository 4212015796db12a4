//! The public deadline calculator (`/calculator`, `GET /api/v1/public/calculator`): a route
//! and the dates someone types become their timeline, computed by the case engine on the
//! centre's calendar from the current route templates. Nothing is stored.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use softland_domain::site::calculator::{self, Step};
use softland_domain::{KeyDate, KeyDates, RouteKey, date_input};

use super::super::{CommandError, FieldErrors};
use crate::app::AppState;
use crate::db::{cases, templates};

/// The route a timeline is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteChoice {
    /// `employee-card`.
    pub key: String,
    /// "Employee card".
    pub name: String,
    /// The template version the timeline comes from.
    pub version: u32,
    /// The dates its rules count from (the arrival first).
    pub needs: Vec<KeyDate>,
}

/// A timeline: the route, the dates it was counted from and its steps.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// The route.
    pub route: RouteChoice,
    /// The dates given, in the route's order.
    pub dates: Vec<(KeyDate, NaiveDate)>,
    /// The steps, by due date.
    pub steps: Vec<Step>,
}

/// Every route's key and name, for the first step of the form.
pub async fn routes(state: &AppState) -> Result<Vec<(String, String)>, CommandError> {
    Ok(templates::route_names(&state.db).await?.to_vec())
}

/// The route `raw` names with the dates its rules need, or a mistake of `route`.
pub async fn route(state: &AppState, raw: &str) -> Result<RouteChoice, CommandError> {
    let catalog = templates::catalog(&state.db).await?;
    choice(&catalog, raw).map(|(c, _)| c)
}

fn choice(
    catalog: &softland_domain::Catalog,
    raw: &str,
) -> Result<(RouteChoice, RouteKey), CommandError> {
    let found = RouteKey::parse(raw.trim())
        .ok()
        .and_then(|key| catalog.template(&key).map(|t| (key, t)));
    let Some((key, template)) = found else {
        let mut errors = FieldErrors::new();
        errors.add("route", "choose one of the routes offered");
        return Err(CommandError::InvalidFields(errors));
    };
    let choice = RouteChoice {
        key: key.as_str().to_owned(),
        name: template.name.clone(),
        version: template.version,
        needs: calculator::dates_needed(template),
    };
    Ok((choice, key))
}

/// Someone's timeline: `route` and the dates typed, by key date name (`arrival`,
/// `permit_expiry` …); the arrival is required, the route's other dates optional, other
/// names ignored.
#[derive(Debug, Clone, Default)]
pub struct Calculate {
    /// The route's key.
    pub route: String,
    /// The dates as typed.
    pub dates: BTreeMap<String, String>,
}

impl Calculate {
    /// Computes it (anyone); every wrong field is reported.
    pub async fn run(&self, state: &AppState) -> Result<Timeline, CommandError> {
        let catalog = templates::catalog(&state.db).await?;
        let (route, key) = choice(&catalog, &self.route)?;
        let mut errors = FieldErrors::new();
        let mut dates = KeyDates::new();
        let mut given = Vec::new();
        for kind in &route.needs {
            let raw = self.dates.get(kind.as_str()).map_or("", String::as_str);
            let read = if *kind == KeyDate::Arrival {
                date_input::parse(raw).map(Some)
            } else {
                date_input::parse_optional(raw)
            };
            match read {
                Ok(Some(date)) => {
                    dates.set(*kind, Some(date));
                    given.push((*kind, date));
                }
                Ok(None) => {}
                Err(_) if raw.trim().is_empty() => errors.add(kind.as_str(), "please fill this in"),
                Err(e) => errors.add(kind.as_str(), e.to_string()),
            }
        }
        if !errors.is_empty() {
            return Err(CommandError::InvalidFields(errors));
        }
        // The calendar pages use (closures kept for seconds): the calculator stores nothing,
        // and a crowd reading it costs no query for the calendar.
        let cal = cases::calendar_for_display(&state.db).await?;
        let steps = calculator::timeline(&key, &dates, state.config.today(), &catalog, &cal)
            .map_err(|e| {
                let mut errors = FieldErrors::new();
                errors.add("route", e.to_string());
                CommandError::InvalidFields(errors)
            })?;
        Ok(Timeline {
            route,
            dates: given,
            steps,
        })
    }
}
