//! Opening a case: the checklist generated from the route templates for each person.

use chrono::NaiveDate;

use super::{Case, CaseStatus, ChecklistItem, Holder};
use crate::calendar::Calendar;
use crate::deadline::Anchor;
use crate::key::RouteKey;
use crate::key_date::KeyDates;
use crate::person::{Person, Relation};
use crate::status::{Action, ItemStatus, Reason};
use crate::template::{AppliesTo, Catalog, ChecklistTemplate, TemplateItem};

/// What a new case is opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// The principal.
    pub principal: Person,
    /// Family members coming along.
    pub dependants: Vec<Person>,
    /// Routes to generate items from (at least one).
    pub routes: Vec<RouteKey>,
    /// Dates known so far.
    pub key_dates: KeyDates,
    /// Day the case is opened (today in the centre's time zone).
    pub opened_on: NaiveDate,
}

/// Why a case cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// No route was chosen.
    #[error("choose at least one route")]
    NoRoute,
    /// A route has no template.
    #[error("unknown route `{0}`")]
    UnknownRoute(String),
    /// The same route twice.
    #[error("route `{0}` is chosen twice")]
    DuplicateRoute(String),
}

impl Case {
    /// Opens a case: items are generated from each route's template in `catalog` for the
    /// people they apply to (an item shared by two routes is generated once), then due dates
    /// are computed.
    pub fn open(new: NewCase, catalog: &Catalog, cal: &Calendar) -> Result<Case, OpenError> {
        let templates = templates(&new.routes, catalog)?;
        let mut principal = new.principal;
        principal.relation = Relation::Principal;
        let mut people = vec![principal];
        people.extend(new.dependants);
        let mut case = Case {
            person_dates: vec![KeyDates::default(); people.len()],
            people,
            routes: new.routes,
            key_dates: new.key_dates,
            items: Vec::new(),
            opened_on: new.opened_on,
            status: CaseStatus::Open,
            documents: Vec::new(),
        };
        for template in templates {
            for item in &template.items {
                case.add_generated(item, (&template.route, template.version));
            }
        }
        case.recompute(cal);
        Ok(case)
    }

    /// Generates `item` for every holder it applies to that does not have it yet.
    pub(crate) fn add_generated(&mut self, item: &TemplateItem, template: (&RouteKey, u32)) {
        for holder in self.holders(item.applies_to) {
            if !self.applies(item, holder) {
                continue;
            }
            if self.position(&item.key, holder).is_none() {
                self.items
                    .push(ChecklistItem::from_template(item, template, holder));
            }
        }
    }

    /// Whether `item` applies to `holder` now: the rule version is valid on the reference
    /// date, and a person's age on it is within the item's limits.
    pub(crate) fn applies(&self, item: &TemplateItem, holder: Holder) -> bool {
        let reference = self.reference_date(item, holder);
        if item.valid_from.is_some_and(|from| reference < from)
            || item.valid_until.is_some_and(|until| reference > until)
        {
            return false;
        }
        match holder {
            Holder::Person(p) => self.people.get(p).is_some_and(|person| {
                let age = person.age_on(reference);
                !(item.min_age.is_some_and(|m| age < m) || item.max_age.is_some_and(|m| age > m))
            }),
            Holder::Household => true,
        }
    }

    /// The date a rule's validity and age limits are judged on for `holder`: the date its
    /// deadline counts from when known (the person's own, else the household's), else the
    /// day the case was opened.
    fn reference_date(&self, item: &TemplateItem, holder: Holder) -> NaiveDate {
        match item
            .deadline
            .as_ref()
            .map(crate::deadline::DeadlineRule::anchor)
        {
            Some(Anchor::Date(kind)) => self.date_for(holder, *kind).unwrap_or(self.opened_on),
            _ => self.opened_on,
        }
    }

    pub(crate) fn holders(&self, applies_to: AppliesTo) -> Vec<Holder> {
        match applies_to {
            AppliesTo::Household => vec![Holder::Household],
            AppliesTo::Principal => vec![Holder::Person(0)],
            AppliesTo::EachDependant => (1..self.people.len()).map(Holder::Person).collect(),
            AppliesTo::EachPerson => (0..self.people.len()).map(Holder::Person).collect(),
        }
    }
}

fn templates<'a>(
    routes: &[RouteKey],
    catalog: &'a Catalog,
) -> Result<Vec<&'a ChecklistTemplate>, OpenError> {
    if routes.is_empty() {
        return Err(OpenError::NoRoute);
    }
    let mut out: Vec<&ChecklistTemplate> = Vec::new();
    for route in routes {
        if out.iter().any(|t| &t.route == route) {
            return Err(OpenError::DuplicateRoute(route.to_string()));
        }
        let template = catalog
            .template(route)
            .ok_or_else(|| OpenError::UnknownRoute(route.to_string()))?;
        out.push(template);
    }
    Ok(out)
}

/// The start of the reason softland gives when it withdraws an item that no longer applies;
/// only items withdrawn so are ever reinstated by [`Case::reevaluate`].
pub const WITHDRAWN: &str = "No longer applies: ";

/// What [`Case::reevaluate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reevaluation {
    /// Items added because they apply now (indexes).
    pub added: Vec<usize>,
    /// Items marked not applicable because they no longer apply (indexes).
    pub withdrawn: Vec<usize>,
    /// Items softland had withdrawn that apply again, back to do (indexes).
    pub reinstated: Vec<usize>,
}

impl Reevaluation {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.withdrawn.is_empty() && self.reinstated.is_empty()
    }
}

impl Case {
    /// Judges the rule versions and age limits of `templates` (the case's routes, at the
    /// versions its items came from) again on the dates the case has now — after a date
    /// that decides them was set or changed: items that apply now and are missing are added;
    /// items not yet filed that no longer apply are marked not applicable with the reason
    /// (never deleted); items softland withdrew that apply again are reinstated. Consultants'
    /// own decisions stay. Running it twice changes nothing the second time.
    pub fn reevaluate(
        &mut self,
        templates: &[&ChecklistTemplate],
        on: NaiveDate,
        cal: &Calendar,
    ) -> Reevaluation {
        let mut out = Reevaluation::default();
        for template in templates {
            for item in &template.items {
                for holder in self.holders(item.applies_to) {
                    let applies = self.applies(item, holder);
                    match self.position(&item.key, holder) {
                        None if applies => {
                            self.items.push(ChecklistItem::from_template(
                                item,
                                (&template.route, template.version),
                                holder,
                            ));
                            out.added.push(self.items.len() - 1);
                        }
                        Some(index) if !applies && self.withdraw(index, item, holder, on) => {
                            out.withdrawn.push(index);
                        }
                        Some(index) if applies && self.reinstate(index) => {
                            out.reinstated.push(index);
                        }
                        _ => {}
                    }
                }
            }
        }
        if !out.is_empty() {
            self.recompute(cal);
        }
        out
    }

    /// Marks item `index` not applicable, saying why `item` no longer applies to `holder`;
    /// `false` when it is filed or done already (or not applicable for another reason).
    fn withdraw(
        &mut self,
        index: usize,
        item: &TemplateItem,
        holder: Holder,
        on: NaiveDate,
    ) -> bool {
        let status = &self.items[index].status;
        if !matches!(status, ItemStatus::ToDo | ItemStatus::InProgress) {
            return false;
        }
        let why = self.why_not(item, holder);
        let Ok(reason) = Reason::parse(&format!("{WITHDRAWN}{why}")) else {
            return false;
        };
        match status.apply(&Action::MarkNotApplicable(reason), on, &[]) {
            Ok(next) => {
                self.items[index].status = next;
                true
            }
            Err(_) => false,
        }
    }

    /// Puts item `index` back to do when softland had withdrawn it.
    fn reinstate(&mut self, index: usize) -> bool {
        let ItemStatus::NotApplicable { reason } = &self.items[index].status else {
            return false;
        };
        if !reason.as_str().starts_with(WITHDRAWN) {
            return false;
        }
        self.items[index].status = ItemStatus::ToDo;
        true
    }

    /// Why `item` does not apply to `holder`, in words.
    fn why_not(&self, item: &TemplateItem, holder: Holder) -> String {
        let reference = self.reference_date(item, holder);
        let on = crate::date_format::long(reference);
        if let Some(from) = item.valid_from.filter(|from| reference < *from) {
            return format!(
                "the rule applies from {} and the date it counts from is {on}",
                crate::date_format::long(from)
            );
        }
        if let Some(until) = item.valid_until.filter(|until| reference > *until) {
            return format!(
                "the rule applies until {} and the date it counts from is {on}",
                crate::date_format::long(until)
            );
        }
        match (item.min_age, item.max_age) {
            (Some(min), Some(max)) => format!("it is for people aged {min}–{max} on {on}"),
            (Some(min), None) => format!("it is for people aged {min} or over on {on}"),
            (None, Some(max)) => format!("it is for people aged {max} or under on {on}"),
            (None, None) => "its conditions are not met".to_owned(),
        }
    }
}
