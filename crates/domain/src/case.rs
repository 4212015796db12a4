//! The case aggregate: a household, its routes and key dates, and the checklist items those
//! generate. Due dates are recomputed here and only here.

mod generate;
mod item;
mod lifecycle;
mod next_steps;
mod risk;
#[cfg(test)]
mod tests;
pub mod validate;
mod wallet;

use chrono::{Days, NaiveDate};

use crate::calendar::Calendar;
use crate::deadline::Anchor;
use crate::key::{ItemKey, RouteKey};
use crate::key_date::{KeyDate, KeyDates};
use crate::person::Person;
use crate::status::{Action, ItemStatus, Reason, StatusKind, TransitionError};

pub use generate::{NewCase, OpenError, Reevaluation, WITHDRAWN};
pub use item::{ChecklistItem, CustomItem, DueOverride, Holder, ItemParts, waiting_phrase};
pub use lifecycle::{CaseStatus, LifecycleError, Outcome as CaseOutcome};
pub use risk::{INTEGRATION_COURSE_DAYS, Risk, RiskKind};
pub use validate::{
    DateField, DateIssue, IN_ORDER, PersonDate, PersonDates, check_dates, order_issues,
};
pub use wallet::{
    DocumentNo, RecordAgeLimit, RenewalDue, RenewalRule, Synced, WalletChange, WalletEntry,
    WalletError, renewal_rules,
};

/// A case: one arriving household and its paperwork.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The principal first, then dependants (indices are stable: people are never reordered).
    pub(crate) people: Vec<Person>,
    /// The routes the checklist was generated from.
    pub(crate) routes: Vec<RouteKey>,
    /// The household's dates deadlines count from.
    pub(crate) key_dates: KeyDates,
    /// Each person's own dates, by position (always as many as `people`): a date here
    /// replaces the household's for that person's items.
    pub(crate) person_dates: Vec<KeyDates>,
    /// The checklist.
    pub(crate) items: Vec<ChecklistItem>,
    /// Day the case was opened.
    pub(crate) opened_on: NaiveDate,
    /// Open, on hold or closed.
    pub(crate) status: CaseStatus,
    /// The people's document wallets.
    pub(crate) documents: Vec<WalletEntry>,
}

/// A case as stored: what [`Case::restore`] puts back together.
#[derive(Debug, Clone)]
pub struct CaseParts {
    /// The principal first, then dependants.
    pub people: Vec<Person>,
    /// The routes the checklist was generated from.
    pub routes: Vec<RouteKey>,
    /// The household's dates deadlines count from.
    pub key_dates: KeyDates,
    /// Each person's own dates, by position (missing ones are empty).
    pub person_dates: Vec<KeyDates>,
    /// The checklist.
    pub items: Vec<ChecklistItem>,
    /// Day the case was opened.
    pub opened_on: NaiveDate,
    /// Open, on hold or closed.
    pub status: CaseStatus,
    /// The people's document wallets.
    pub documents: Vec<WalletEntry>,
}

impl Case {
    /// A case read back from storage, as a `Case` method left it. Its items' due dates are
    /// as stored; [`Case::recompute`] brings them up to date with a calendar.
    pub fn restore(parts: CaseParts) -> Self {
        let mut person_dates = parts.person_dates;
        person_dates.resize_with(parts.people.len(), KeyDates::default);
        Self {
            people: parts.people,
            routes: parts.routes,
            key_dates: parts.key_dates,
            person_dates,
            items: parts.items,
            opened_on: parts.opened_on,
            status: parts.status,
            documents: parts.documents,
        }
    }

    /// The case taken apart (to store it, or to build a variant of it in a test).
    pub fn into_parts(self) -> CaseParts {
        CaseParts {
            people: self.people,
            routes: self.routes,
            key_dates: self.key_dates,
            person_dates: self.person_dates,
            items: self.items,
            opened_on: self.opened_on,
            status: self.status,
            documents: self.documents,
        }
    }

    /// The principal first, then dependants (positions are stable: people are never
    /// reordered).
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The routes the checklist was generated from.
    pub fn routes(&self) -> &[RouteKey] {
        &self.routes
    }

    /// The household's dates deadlines count from.
    pub fn key_dates(&self) -> &KeyDates {
        &self.key_dates
    }

    /// Person `person`'s own dates (empty for a position the case does not have).
    pub fn person_dates(&self, person: usize) -> &KeyDates {
        static NONE: std::sync::LazyLock<KeyDates> = std::sync::LazyLock::new(KeyDates::default);
        self.person_dates.get(person).unwrap_or(&NONE)
    }

    /// The date of `kind` that counts for `holder`: a person's own date, else the
    /// household's. A person's dates never count for anybody else.
    pub fn date_for(&self, holder: Holder, kind: KeyDate) -> Option<NaiveDate> {
        if kind.is_from_passport() {
            return match holder {
                Holder::Person(p) => Some(self.people.get(p)?.passport.as_ref()?.expiry),
                Holder::Household => None,
            };
        }
        match holder {
            Holder::Person(p) => self
                .person_dates(p)
                .get(kind)
                .or_else(|| self.key_dates.get(kind)),
            Holder::Household => self.key_dates.get(kind),
        }
    }

    /// The checklist, in the order it was made (custom items last).
    pub fn items(&self) -> &[ChecklistItem] {
        &self.items
    }

    /// Day the case was opened.
    pub fn opened_on(&self) -> NaiveDate {
        self.opened_on
    }

    /// Open, on hold or closed.
    pub fn status(&self) -> &CaseStatus {
        &self.status
    }
}

/// What setting a date did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateChange {
    /// Items whose due date moved.
    pub moved: Vec<DueChange>,
    /// Items added for a new occurrence of a repeated event (indexes of the new items).
    pub repeated: Vec<usize>,
}

/// A due date that moved because a date changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueChange {
    /// Index of the item in [`Case::items`].
    pub index: usize,
    /// The item's due date before.
    pub before: Option<NaiveDate>,
    /// The item's due date after.
    pub after: Option<NaiveDate>,
}

/// Done items out of applicable ones (everything except "not applicable").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Items done.
    pub done: usize,
    /// Items that apply.
    pub applicable: usize,
}

impl Progress {
    /// The share done, 0.0–1.0 (1.0 when nothing applies).
    #[expect(
        clippy::cast_precision_loss,
        reason = "checklists have far fewer than 2^52 items"
    )]
    pub fn ratio(self) -> f64 {
        if self.applicable == 0 {
            1.0
        } else {
            self.done as f64 / self.applicable as f64
        }
    }

    /// Whole percent done, 0–100.
    pub fn percent(self) -> u32 {
        if self.applicable == 0 {
            return 100;
        }
        u32::try_from(self.done * 100 / self.applicable).unwrap_or(100)
    }
}

impl Case {
    /// Whom an item is for, in words: a person's name, or "Whole household".
    pub fn holder_name(&self, holder: Holder) -> String {
        match holder {
            Holder::Household => "Whole household".to_owned(),
            Holder::Person(i) => self
                .people
                .get(i)
                .map(|p| p.name.to_string())
                .unwrap_or_default(),
        }
    }

    /// Item `index` in words for the history: "Register your address — Asha Rao".
    pub fn item_subject(&self, index: usize) -> String {
        let item = &self.items[index];
        format!("{} — {}", item.title, self.holder_name(item.holder))
    }

    /// The first person of the household, whose case it is.
    pub fn principal(&self) -> &Person {
        &self.people[0]
    }

    /// The index of the item that `dependency` of `index` resolves to: the same person's
    /// item first, then the household's, then the principal's.
    pub fn resolve(&self, index: usize, dependency: &ItemKey) -> Option<usize> {
        let holder = self.items[index].holder;
        [holder, Holder::Household, Holder::Person(0)]
            .into_iter()
            .find_map(|h| self.position(dependency, h))
    }

    /// The index of the item with `key` held by `holder`.
    pub fn position(&self, key: &ItemKey, holder: Holder) -> Option<usize> {
        self.items
            .iter()
            .position(|i| &i.key == key && i.holder == holder)
    }

    /// Titles of the prerequisites of item `index` that are not done (or not applicable).
    pub fn waiting_for(&self, index: usize) -> Vec<String> {
        self.items[index]
            .depends_on
            .iter()
            .filter_map(|d| self.resolve(index, d))
            .filter(|&i| {
                !matches!(
                    self.items[i].status.kind(),
                    StatusKind::Done | StatusKind::NotApplicable
                )
            })
            .map(|i| self.items[i].title.clone())
            .collect()
    }

    /// The one-line explanation of item `index`'s due date, naming the item a `done:`
    /// anchor waits for by its title.
    pub fn explanation(&self, index: usize) -> Option<String> {
        let title = match self.items[index]
            .rule
            .as_ref()
            .map(crate::deadline::DeadlineRule::anchor)
        {
            Some(Anchor::ItemDone(key)) => self
                .resolve(index, key)
                .map(|d| self.items[d].title.as_str()),
            _ => None,
        };
        self.items[index].explanation_with(title)
    }

    /// Whether item `index` is still to do and waits for unfinished prerequisites.
    pub fn is_blocked(&self, index: usize) -> bool {
        self.items[index].status == ItemStatus::ToDo && !self.waiting_for(index).is_empty()
    }

    fn anchor_of(&self, index: usize) -> Option<(Option<NaiveDate>, String)> {
        let item = &self.items[index];
        let rule = item.rule.as_ref()?;
        Some(match rule.anchor() {
            Anchor::Date(kind) => {
                let date = item.anchor_on.or_else(|| self.date_for(item.holder, *kind));
                (date, kind.event().to_owned())
            }
            Anchor::ItemDone(key) => {
                let dep = self.resolve(index, key);
                let date = dep.and_then(|d| self.items[d].status.done_on());
                let title = dep.map_or_else(|| key.to_string(), |d| self.items[d].title.clone());
                (date, format!("“{title}” done"))
            }
        })
    }

    /// Recomputes every due date; returns the items whose effective due date moved.
    /// Running it twice changes nothing the second time.
    pub fn recompute(&mut self, cal: &Calendar) -> Vec<DueChange> {
        let mut changes = Vec::new();
        for index in 0..self.items.len() {
            let outcome = self.items[index].rule.as_ref().and_then(|rule| {
                let (date, event) = self.anchor_of(index)?;
                Some(rule.compute(date, &event, cal))
            });
            let before = self.items[index].due();
            self.items[index].outcome = outcome;
            let after = self.items[index].due();
            if before != after {
                changes.push(DueChange {
                    index,
                    before,
                    after,
                });
            }
        }
        changes
    }

    /// Sets (or clears) a household key date and recomputes; returns the due dates that
    /// moved. See [`Case::set_date`] for a person's own dates and repeated events.
    pub fn set_key_date(
        &mut self,
        kind: KeyDate,
        date: Option<NaiveDate>,
        cal: &Calendar,
    ) -> Vec<DueChange> {
        self.set_date(Holder::Household, kind, date, cal).moved
    }

    /// Sets (or clears) a date of the household (`Holder::Household`) or a person's own
    /// date, and recomputes. When a repeated event happens again — the date of a kind that
    /// [`KeyDate::repeats`] moves later while an item counted from it is already done or
    /// filed — that item keeps the occurrence it was done for, and a new item is added for
    /// the new one (a second move is a second address report, never a rewritten done one).
    /// A person's position the case does not have, and [`KeyDate::PassportExpiry`] (see
    /// [`Case::set_passport`]), change nothing.
    pub fn set_date(
        &mut self,
        whose: Holder,
        kind: KeyDate,
        date: Option<NaiveDate>,
        cal: &Calendar,
    ) -> DateChange {
        if let Holder::Person(p) = whose
            && p >= self.people.len()
        {
            return DateChange::default();
        }
        if kind.is_from_passport() {
            return DateChange::default();
        }
        let repeated = self.repeat_finished(whose, kind, date);
        let dates = match whose {
            Holder::Household => &mut self.key_dates,
            Holder::Person(p) => &mut self.person_dates[p],
        };
        dates.set(kind, date);
        self.recompute_after(&repeated, cal)
    }

    /// Sets (or clears) person `person`'s passport and recomputes the items counted from its
    /// expiry ([`KeyDate::PassportExpiry`]), with the repeated-event rule of
    /// [`Case::set_date`]: a renewal done for the old passport stays with it.
    pub fn set_passport(
        &mut self,
        person: usize,
        passport: Option<crate::person::Passport>,
        cal: &Calendar,
    ) -> DateChange {
        if person >= self.people.len() {
            return DateChange::default();
        }
        let expiry = passport.as_ref().map(|p| p.expiry);
        let repeated =
            self.repeat_finished(Holder::Person(person), KeyDate::PassportExpiry, expiry);
        self.people[person].passport = passport;
        self.recompute_after(&repeated, cal)
    }

    /// Pins the finished items counted from `whose`'s `kind` date to the current date when
    /// `date` moves it later (a repeated event), adding the next occurrence of each; returns
    /// the new items' indexes.
    fn repeat_finished(
        &mut self,
        whose: Holder,
        kind: KeyDate,
        date: Option<NaiveDate>,
    ) -> Vec<usize> {
        let affected: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.counts_from(i, whose, kind))
            .collect();
        let mut repeated = Vec::new();
        for index in affected {
            let item = &self.items[index];
            let old = self.date_for(item.holder, kind);
            let finished = matches!(item.status.kind(), StatusKind::Done | StatusKind::Submitted);
            if kind.repeats() && finished && old.is_some() && date.is_some() && date > old {
                self.items[index].anchor_on = old;
                let mut next = self.items[index].next_occurrence();
                while self.position(&next.key, next.holder).is_some() {
                    next = next.next_occurrence();
                }
                self.items.push(next);
                repeated.push(self.items.len() - 1);
            }
        }
        repeated
    }

    /// Recomputes after a date changed; the moved due dates, new items left out.
    fn recompute_after(&mut self, repeated: &[usize], cal: &Calendar) -> DateChange {
        let moved = self
            .recompute(cal)
            .into_iter()
            .filter(|c| !repeated.contains(&c.index))
            .collect();
        DateChange {
            moved,
            repeated: repeated.to_vec(),
        }
    }

    /// Adds the next occurrence of every recurring duty (a yearly tax return) whose latest
    /// occurrence is done or filed, or whose day has passed by `today`: the same duty, to do,
    /// due on the next scheduled day. Occurrences a consultant marked not applicable end the
    /// series. Returns the new items; running it again the same day adds nothing.
    pub fn renew_recurring(&mut self, today: NaiveDate, cal: &Calendar) -> Vec<usize> {
        let mut added = Vec::new();
        let mut index = 0;
        // New occurrences are appended, and each is examined in turn, so a series that was
        // not renewed for years catches up; bounded by the schedule reaching `today`.
        while index < self.items.len() {
            let item = &self.items[index];
            let recurring = matches!(
                item.rule,
                Some(crate::deadline::DeadlineRule::Recurring { .. })
            );
            let next_key = item.key.next_occurrence();
            let latest = self.position(&next_key, item.holder).is_none();
            let finished = matches!(item.status.kind(), StatusKind::Done | StatusKind::Submitted);
            let passed =
                item.status.kind().is_open() && item.computed_due().is_some_and(|d| d < today);
            if recurring && latest && (finished || passed) && added.len() < 400 {
                let mut next = item.next_occurrence();
                next.anchor_on = item.computed_due();
                if next.anchor_on.is_some() {
                    self.items.push(next);
                    let new = self.items.len() - 1;
                    added.push(new);
                    self.recompute(cal);
                }
            }
            index += 1;
        }
        added
    }

    /// Whether item `index` counts from the current `kind` date of `whose`: its anchor is
    /// `kind`, it is not pinned to an earlier occurrence, and the date it reads is that one
    /// (a household date does not reach a person who has an own date of that kind).
    fn counts_from(&self, index: usize, whose: Holder, kind: KeyDate) -> bool {
        let item = &self.items[index];
        let anchored = matches!(
            item.rule.as_ref().map(crate::deadline::DeadlineRule::anchor),
            Some(Anchor::Date(k)) if *k == kind
        );
        if !anchored || item.anchor_on.is_some() {
            return false;
        }
        match (whose, item.holder) {
            (Holder::Person(p), Holder::Person(h)) => p == h,
            (Holder::Person(_), Holder::Household) => false,
            (Holder::Household, Holder::Household) => true,
            (Holder::Household, Holder::Person(h)) => self.person_dates(h).get(kind).is_none(),
        }
    }

    /// Applies a status action to item `index` on day `on`. Completing an item can move the
    /// due dates of items counted from it; those changes are returned.
    pub fn apply(
        &mut self,
        index: usize,
        action: &Action,
        on: NaiveDate,
        cal: &Calendar,
    ) -> Result<Vec<DueChange>, TransitionError> {
        let waiting_for = self.waiting_for(index);
        let next = self.items[index].status.apply(action, on, &waiting_for)?;
        self.items[index].status = next;
        Ok(self.recompute(cal))
    }

    /// Overrides the due date of item `index`; the override survives recomputation.
    pub fn override_due(&mut self, index: usize, date: NaiveDate, reason: Reason) {
        self.items[index].due_override = Some(DueOverride { date, reason });
    }

    /// Removes an override: the computed due date applies again.
    pub fn clear_override(&mut self, index: usize) {
        self.items[index].due_override = None;
    }

    /// Adds a consultant's own item; returns its index.
    pub fn add_custom_item(&mut self, custom: CustomItem) -> usize {
        let number = self.items.iter().filter(|i| i.route.is_none()).count() + 1;
        self.items.push(ChecklistItem::custom(custom, number));
        self.items.len() - 1
    }

    /// Done out of applicable items.
    pub fn progress(&self) -> Progress {
        let applicable = self
            .items
            .iter()
            .filter(|i| i.status.kind() != StatusKind::NotApplicable)
            .count();
        let done = self
            .items
            .iter()
            .filter(|i| i.status.kind() == StatusKind::Done)
            .count();
        Progress { done, applicable }
    }

    /// Items that still need action and have a due date, soonest first.
    pub fn open_with_due(&self) -> Vec<(usize, NaiveDate)> {
        let mut out: Vec<(usize, NaiveDate)> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.status.kind().is_open())
            .filter_map(|(n, i)| i.due().map(|d| (n, d)))
            .collect();
        out.sort_by_key(|(n, d)| (*d, *n));
        out
    }

    /// The open item due soonest.
    pub fn next_due(&self) -> Option<usize> {
        self.open_with_due().first().map(|(n, _)| *n)
    }

    /// Open items whose due date is before `today`.
    pub fn overdue(&self, today: NaiveDate) -> Vec<usize> {
        self.open_with_due()
            .into_iter()
            .filter(|(_, d)| *d < today)
            .map(|(n, _)| n)
            .collect()
    }

    /// Open items due from `today` to `horizon_days` calendar days ahead, inclusive.
    pub fn due_soon(&self, today: NaiveDate, horizon_days: u32) -> Vec<usize> {
        let until = today
            .checked_add_days(Days::new(horizon_days.into()))
            .unwrap_or(today);
        self.open_with_due()
            .into_iter()
            .filter(|(_, d)| *d >= today && *d <= until)
            .map(|(n, _)| n)
            .collect()
    }

    /// The key dates this case has a use for, in [`KeyDate::ALL`] order: the arrival and the
    /// end of health insurance (every case), every date an item of its checklist counts from,
    /// the other date of each pair that must stay in order ([`validate::IN_ORDER`]), and any
    /// date already set for the household or a person. The case page shows these first and
    /// keeps the rest one click away.
    pub fn key_dates_in_use(&self) -> Vec<KeyDate> {
        let anchored = |kind: KeyDate| {
            self.items.iter().any(|i| {
                matches!(
                    i.rule.as_ref().map(crate::deadline::DeadlineRule::anchor),
                    Some(Anchor::Date(k)) if *k == kind
                )
            })
        };
        let set = |kind: KeyDate| {
            self.key_dates.get(kind).is_some()
                || self.person_dates.iter().any(|d| d.get(kind).is_some())
        };
        let direct = |kind: KeyDate| {
            matches!(kind, KeyDate::Arrival | KeyDate::InsuranceEnd) || anchored(kind) || set(kind)
        };
        KeyDate::ALL
            .into_iter()
            .filter(|&kind| {
                direct(kind)
                    || validate::IN_ORDER
                        .iter()
                        .any(|&(a, b)| (a == kind && direct(b)) || (b == kind && direct(a)))
            })
            .collect()
    }

    /// Items waiting for the authority for more than `days` calendar days.
    pub fn waiting_longer_than(&self, today: NaiveDate, days: u32) -> Vec<usize> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(n, i)| match i.status {
                ItemStatus::Submitted { on } if (today - on).num_days() > i64::from(days) => {
                    Some(n)
                }
                _ => None,
            })
            .collect()
    }
}
