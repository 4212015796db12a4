//! What a household can do now, and in which order: the portal's "Your next steps".

use chrono::NaiveDate;

use super::Case;
use crate::deadline::Outcome;
use crate::status::{ItemStatus, StatusKind};
use crate::template::Category;

impl Case {
    /// Whether item `index` is still to do and its window (`opens`) has not opened by `today`.
    pub fn is_before_window(&self, index: usize, today: NaiveDate) -> bool {
        let item = &self.items[index];
        item.status == ItemStatus::ToDo && item.opens().is_some_and(|opens| today < opens)
    }

    /// Whether item `index` is to do and its due date waits for an event nobody has
    /// entered yet (a move, the end of a job): it is only needed once that happens.
    pub fn is_waiting_for_event(&self, index: usize) -> bool {
        let item = &self.items[index];
        item.status == ItemStatus::ToDo
            && item.due_override.is_none()
            && matches!(item.outcome, Some(Outcome::Waiting(_)))
    }

    /// Whether the household can work on item `index` now: it is to do or in progress, its
    /// prerequisites are done, its window, if it has one, is open, and it does not wait for
    /// an event that has not happened.
    pub fn can_start(&self, index: usize, today: NaiveDate) -> bool {
        matches!(
            self.items[index].status.kind(),
            StatusKind::ToDo | StatusKind::InProgress
        ) && !self.is_blocked(index)
            && !self.is_before_window(index, today)
            && !self.is_waiting_for_event(index)
    }

    /// Up to `limit` items the household itself can work on now, in the order to do them:
    /// overdue ones first (earliest first); then those without a due date, which are real
    /// first steps once their prerequisites are done, in checklist order; then by due date.
    /// Items others do for them (an employer, the centre) are left out.
    pub fn next_steps(&self, today: NaiveDate, limit: usize) -> Vec<usize> {
        let mut steps: Vec<usize> = (0..self.items.len())
            .filter(|&i| !self.items[i].doer().is_other() && self.can_start(i, today))
            .collect();
        steps.sort_by_key(|&i| {
            let item = &self.items[i];
            let checklist_order = self.checklist_order(i);
            match item.due() {
                Some(due) if due < today => (0, Some(due), checklist_order),
                None => (1, None, checklist_order),
                Some(due) => (2, Some(due), checklist_order),
            }
        });
        steps.truncate(limit);
        steps
    }
}

impl Case {
    /// Where item `index` stands in the checklist as pages list it: by category, in
    /// [`Category::ALL`] order, then in the order the items were made. Sort by it.
    pub(crate) fn checklist_order(&self, index: usize) -> (usize, usize) {
        (category_rank(self.items[index].category()), index)
    }
}

/// The place of `category` in [`Category::ALL`], the order things are done in.
fn category_rank(category: Category) -> usize {
    Category::ALL
        .iter()
        .position(|&c| c == category)
        .unwrap_or(Category::ALL.len())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::person::{Nationality, Passport, PassportNumber, Person, PersonName, Relation};
    use crate::status::Action;
    use crate::template::Catalog;
    use crate::{Calendar, Case, KeyDate, KeyDates, NewCase, RouteKey};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The shipped employee-card route, arrived on `arrival`, permit to 2029.
    fn employee_card_case(arrival: NaiveDate) -> Case {
        let mut key_dates = KeyDates::new();
        key_dates.set(KeyDate::Arrival, Some(arrival));
        key_dates.set(KeyDate::PermitExpiry, Some(d(2029, 1, 31)));
        let principal = Person {
            name: PersonName::parse("Asha Rao").unwrap(),
            relation: Relation::Principal,
            date_of_birth: d(1990, 5, 1),
            nationality: Nationality::parse("Indian").unwrap(),
            email: None,
            passport: Some(Passport {
                number: PassportNumber::parse("Z1234567").unwrap(),
                expiry: d(2032, 1, 1),
            }),
        };
        let new = NewCase {
            principal,
            dependants: vec![],
            routes: vec![RouteKey::parse("employee-card").unwrap()],
            key_dates,
            opened_on: arrival,
        };
        Case::open(new, &Catalog::shipped().unwrap(), &Calendar::czech()).unwrap()
    }

    fn index(case: &Case, key: &str) -> usize {
        case.items()
            .iter()
            .position(|i| i.key().as_str() == key)
            .unwrap()
    }

    fn keys(case: &Case, steps: &[usize]) -> Vec<String> {
        steps
            .iter()
            .map(|&i| case.items()[i].key().to_string())
            .collect()
    }

    #[test]
    fn overdue_items_come_first_then_undated_first_steps_then_by_due_date() {
        let case = employee_card_case(d(2026, 12, 23));
        let steps = case.next_steps(d(2027, 1, 4), 3);
        let keys = keys(&case, &steps);
        // Health insurance from the arrival day, the MoI report within 3 working days.
        assert_eq!(
            keys[..2],
            ["health-insurance", "reg-dvr"],
            "overdue first: {keys:?}"
        );
        let undated = &case.items()[steps[2]];
        assert_eq!(
            undated.due(),
            None,
            "then a first step without a date: {keys:?}"
        );
        assert!(
            undated.rule().is_none(),
            "not a duty waiting for an event: {keys:?}"
        );
    }

    #[test]
    fn blocked_items_windows_not_yet_open_and_others_tasks_are_never_next() {
        let case = employee_card_case(d(2026, 12, 23));
        let today = d(2027, 1, 4);
        for i in case.next_steps(today, usize::MAX) {
            assert!(!case.is_blocked(i));
            assert!(!case.is_before_window(i, today));
            assert!(!case.items()[i].doer().is_other());
        }
        assert!(
            !case.can_start(index(&case, "card-collect"), today),
            "waits for the biometrics"
        );
        let extension = index(&case, "ext-ltr");
        assert!(case.is_before_window(extension, today), "opens in 2028");
        assert!(!case.can_start(extension, today));
        assert!(
            case.can_start(extension, d(2028, 10, 31)),
            "open 120 days before"
        );
        let job_ended = index(&case, "ec-gap");
        assert!(
            case.is_waiting_for_event(job_ended),
            "no last day of work entered"
        );
        assert!(!case.can_start(job_ended, today));
    }

    #[test]
    fn an_item_becomes_a_next_step_when_its_prerequisite_is_done() {
        let mut case = employee_card_case(d(2026, 12, 23));
        let cal = Calendar::czech();
        let today = d(2027, 1, 4);
        let bio = index(&case, "biometrics");
        let collect = index(&case, "card-collect");
        case.apply(bio, &Action::Complete, today, &cal).unwrap();
        assert!(case.can_start(collect, today));
        assert!(case.next_steps(today, usize::MAX).contains(&collect));
    }
}
