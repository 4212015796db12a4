//! The public deadline calculator: one person's timeline on a route, from the dates they
//! type, computed by the case engine itself (a case opened in memory and never stored), so
//! that the calculator and a consultant's case always give the same dates.

use chrono::{Months, NaiveDate};

use crate::case::OpenError;
use crate::deadline::Anchor;
use crate::person::{Nationality, Person, PersonName, Relation};
use crate::template::{Category, ChecklistTemplate, Doer};
use crate::{Calendar, Case, Catalog, KeyDate, KeyDates, NewCase, RouteKey};

/// The key dates `template`'s deadlines count from: the arrival first, then the others in
/// the order forms show them (never the passport's expiry, which no one types).
pub fn dates_needed(template: &ChecklistTemplate) -> Vec<KeyDate> {
    let used: Vec<KeyDate> = template
        .items
        .iter()
        .filter_map(
            |i| match i.deadline.as_ref().map(crate::DeadlineRule::anchor) {
                Some(Anchor::Date(kind)) => Some(*kind),
                _ => None,
            },
        )
        .collect();
    KeyDate::ALL
        .into_iter()
        .filter(|k| *k == KeyDate::Arrival || used.contains(k))
        .collect()
}

/// One step of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// "Register your address with the Foreign Police".
    pub title: String,
    /// Where it is grouped.
    pub category: Category,
    /// Who does it.
    pub doer: Doer,
    /// Its due date, when the dates given fix it.
    pub due: Option<NaiveDate>,
    /// The first day it can be done, for a window.
    pub opens: Option<NaiveDate>,
    /// The engine's one line: "3 working days after arrival (23 Dec 2026); …".
    pub explanation: Option<String>,
    /// The steps it waits for, by title.
    pub waits_for: Vec<String>,
    /// What to do.
    pub instructions: String,
    /// What to bring.
    pub documents: Vec<String>,
    /// Where to go.
    pub where_to_go: String,
}

/// The timeline of one adult ("You") on `route` with `dates`, counted on `cal`: steps with
/// a due date first, by due date, then the others in the template's order.
pub fn timeline(
    route: &RouteKey,
    dates: &KeyDates,
    today: NaiveDate,
    catalog: &Catalog,
    cal: &Calendar,
) -> Result<Vec<Step>, OpenError> {
    let reference = dates.get(KeyDate::Arrival).unwrap_or(today);
    let you = Person {
        name: PersonName::parse("You").map_err(|_| OpenError::NoRoute)?,
        relation: Relation::Principal,
        // An adult of working age: items for children or by age do not apply.
        date_of_birth: reference
            .checked_sub_months(Months::new(12 * 30))
            .unwrap_or(reference),
        nationality: Nationality::parse("Not given").map_err(|_| OpenError::NoRoute)?,
        email: None,
        passport: None,
    };
    let new = NewCase {
        principal: you,
        dependants: Vec::new(),
        routes: vec![route.clone()],
        key_dates: dates.clone(),
        opened_on: today,
    };
    let case = Case::open(new, catalog, cal)?;
    let mut steps: Vec<(usize, Step)> = case
        .items()
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let step = Step {
                title: item.title().to_owned(),
                category: item.category(),
                doer: item.doer(),
                due: item.due(),
                opens: item.opens(),
                explanation: case.explanation(n),
                waits_for: case.waiting_for(n),
                instructions: item.instructions().to_owned(),
                documents: item.documents().to_vec(),
                where_to_go: item.where_to_go().to_owned(),
            };
            (n, step)
        })
        .collect();
    steps.sort_by_key(|(n, s)| (s.due.is_none(), s.due, *n));
    Ok(steps.into_iter().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_timeline_is_the_engines_in_due_date_order() {
        let catalog = Catalog::shipped().unwrap();
        let route = RouteKey::parse("employee-card").unwrap();
        let mut dates = KeyDates::new();
        dates.set(KeyDate::Arrival, Some(day(2026, 12, 23)));
        let steps = timeline(
            &route,
            &dates,
            day(2026, 12, 1),
            &catalog,
            &Calendar::czech(),
        )
        .unwrap();
        assert!(!steps.is_empty());
        let dues: Vec<_> = steps.iter().filter_map(|s| s.due).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
        let register = steps
            .iter()
            .find(|s| s.title == "Report to the Ministry of the Interior office after arrival")
            .unwrap_or_else(|| panic!("{steps:#?}"));
        // 24–26 Dec are holidays, 27 Dec a Sunday: the third working day is 30 Dec.
        assert_eq!(register.due, Some(day(2026, 12, 30)));
        assert!(register.explanation.is_some());
    }

    #[test]
    fn a_route_asks_for_the_arrival_and_the_dates_its_rules_count_from() {
        let catalog = Catalog::shipped().unwrap();
        let route = RouteKey::parse("employee-card").unwrap();
        let needed = dates_needed(catalog.template(&route).unwrap());
        assert_eq!(needed.first(), Some(&KeyDate::Arrival));
        assert!(!needed.contains(&KeyDate::PassportExpiry));
    }
}
