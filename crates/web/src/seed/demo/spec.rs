//! How a demo case is described: its household, dates relative to today, and what happened
//! to it so far. The cases themselves are data in `work.rs` and `family.rs`.

use softland_domain::case::CaseOutcome;
use softland_domain::person::Relation;

use crate::db::notes::Visibility;

/// A member of a demo household.
#[derive(Debug, Clone, Copy)]
pub(super) struct Who {
    pub name: &'static str,
    pub relation: Relation,
    /// Date of birth (year, month, day).
    pub born: (i32, u32, u32),
    pub nationality: &'static str,
    /// Passport number and its expiry in days from today.
    pub passport: Option<(&'static str, i64)>,
    pub email: Option<&'static str>,
}

impl Who {
    /// A principal without passport or e-mail.
    pub(super) const fn new(
        name: &'static str,
        nationality: &'static str,
        born: (i32, u32, u32),
    ) -> Self {
        Self {
            name,
            relation: Relation::Principal,
            born,
            nationality,
            passport: None,
            email: None,
        }
    }

    /// With a passport expiring `expires_in` days from today.
    pub(super) const fn passport(mut self, number: &'static str, expires_in: i64) -> Self {
        self.passport = Some((number, expires_in));
        self
    }

    /// With an e-mail address.
    pub(super) const fn email(mut self, email: &'static str) -> Self {
        self.email = Some(email);
        self
    }

    /// As a dependant.
    pub(super) const fn is(mut self, relation: Relation) -> Self {
        self.relation = relation;
        self
    }
}

/// Where a demo case stands.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stage {
    Open,
    /// On hold, with the reason.
    Hold(&'static str),
    /// Closed with an outcome this many days ago.
    Closed(CaseOutcome, i64),
}

/// A demo case. Days are counted from today unless a field says otherwise.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    pub routes: &'static [&'static str],
    /// 0–2: the consultants; 3: the admin.
    pub consultant: usize,
    /// The principal first.
    pub people: &'static [Who],
    /// Arrival, in days from today (negative: in the past).
    pub arrival: i64,
    /// Opening day, in days from the arrival (capped at today).
    pub opened: i64,
    /// Key dates set or changed beyond the route's usual ones, in days from today.
    pub dates: &'static [(softland_domain::KeyDate, i64)],
    /// People's own dates (position, kind, days from today): a spouse's permit that ends
    /// earlier, a child arriving later.
    pub person_dates: &'static [(usize, softland_domain::KeyDate, i64)],
    /// Wallet documents of its people.
    pub documents: &'static [Paper],
    pub stage: Stage,
    /// Item keys that were missed (stay open; overdue once their due date has passed).
    pub missed: &'static [&'static str],
    /// Filings still waiting for the authority.
    pub waiting: &'static [&'static str],
    /// Items that do not apply, with the reason.
    pub not_needed: &'static [(&'static str, &'static str)],
    /// Due dates set by the consultant: item key, due in days from today, reason.
    pub overrides: &'static [(&'static str, i64, &'static str)],
    /// Notes written for this case: days ago, visibility, text (`{first}` is the principal's
    /// first name). Empty: one to three notes of the route's usual kind.
    pub notes: &'static [(i64, Visibility, &'static str)],
}

/// The defaults a case spec starts from.
/// A wallet document of a demo person: (position, kind, number, issuing country, issued
/// days from today, valid until days from today).
pub(super) type Paper = (
    usize,
    softland_domain::document::DocumentKind,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
);

pub(super) const BASE: Spec = Spec {
    routes: &[],
    consultant: 0,
    people: &[],
    arrival: 0,
    opened: -120,
    dates: &[],
    person_dates: &[],
    documents: &[],
    stage: Stage::Open,
    missed: &[],
    waiting: &[],
    not_needed: &[],
    overrides: &[],
    notes: &[],
};
