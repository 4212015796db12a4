//! Checks of a new case's dates, against each other and against today, before it is opened:
//! dates that cannot be right for a household arriving now.

use chrono::NaiveDate;

use super::NewCase;
use crate::date_format::long;
use crate::key_date::{KeyDate, KeyDates};

/// The dates of one person that are checked; either may be unknown (not entered, or not
/// readable), in which case the checks that need it are skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonDates {
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Last day of the passport's validity.
    pub passport_expiry: Option<NaiveDate>,
}

/// Which of a person's dates an issue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonDate {
    /// The date of birth.
    DateOfBirth,
    /// The passport's expiry.
    PassportExpiry,
}

/// The date an issue belongs beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// A date of person `index` (0 is the principal, then the dependants in order).
    Person(usize, PersonDate),
    /// A key date of the case.
    KeyDate(KeyDate),
}

/// A date of a new case that cannot be right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateIssue {
    /// Born after today.
    #[error("the date of birth cannot be in the future")]
    BornInFuture {
        /// The person, by index.
        person: usize,
    },
    /// The passport is no longer valid today.
    #[error("this passport expired on {}; enter the new passport", long(*.expiry))]
    PassportExpired {
        /// The person, by index.
        person: usize,
        /// Its last valid day.
        expiry: NaiveDate,
    },
    /// Arrival after the permit or visa stopped being valid.
    #[error("arrival is after the {} ({})", .expiry.noun(), long(*.on))]
    ArrivalAfterExpiry {
        /// `PermitExpiry` or `VisaExpiry`.
        expiry: KeyDate,
        /// That date.
        on: NaiveDate,
    },
    /// Health insurance ends before the person arrives.
    #[error("health insurance ends before arrival ({})", long(*.arrival))]
    InsuranceEndsBeforeArrival {
        /// The arrival date.
        arrival: NaiveDate,
    },
    /// A date that must come after another comes before it (a job that ends before it
    /// starts).
    #[error("this must be on or after the {} ({})", .earlier.noun(), long(*.earlier_on))]
    OutOfOrder {
        /// The date that comes first.
        earlier: KeyDate,
        /// Its value.
        earlier_on: NaiveDate,
        /// The date that must not be before it (where the message belongs).
        later: KeyDate,
    },
}

/// Pairs of key dates in the order they happen: the second is never before the first.
pub const IN_ORDER: [(KeyDate, KeyDate); 4] = [
    (KeyDate::EmploymentStart, KeyDate::EmploymentEnd),
    (KeyDate::Biometrics, KeyDate::CardCollection),
    (KeyDate::StudyStart, KeyDate::StudyCompleted),
    (KeyDate::TradeLicenceIssued, KeyDate::TradeDataChange),
];

/// The pairs of [`IN_ORDER`] that `date` (the date of a kind, as it counts) puts out of
/// order, and the date checks of [`check_dates`] that need no person.
pub fn order_issues(date: impl Fn(KeyDate) -> Option<NaiveDate>) -> Vec<DateIssue> {
    let mut issues: Vec<DateIssue> = IN_ORDER
        .iter()
        .filter_map(|&(earlier, later)| {
            let (first, second) = (date(earlier)?, date(later)?);
            (second < first).then_some(DateIssue::OutOfOrder {
                earlier,
                earlier_on: first,
                later,
            })
        })
        .collect();
    if let Some(arrival) = date(KeyDate::Arrival) {
        for expiry in [KeyDate::PermitExpiry, KeyDate::VisaExpiry] {
            if let Some(on) = date(expiry).filter(|on| arrival > *on) {
                issues.push(DateIssue::ArrivalAfterExpiry { expiry, on });
            }
        }
        if date(KeyDate::InsuranceEnd).is_some_and(|end| end < arrival) {
            issues.push(DateIssue::InsuranceEndsBeforeArrival { arrival });
        }
    }
    issues
}

impl DateIssue {
    /// The date the issue should be shown beside.
    pub fn field(&self) -> DateField {
        match self {
            DateIssue::BornInFuture { person } => {
                DateField::Person(*person, PersonDate::DateOfBirth)
            }
            DateIssue::PassportExpired { person, .. } => {
                DateField::Person(*person, PersonDate::PassportExpiry)
            }
            DateIssue::ArrivalAfterExpiry { .. } => DateField::KeyDate(KeyDate::Arrival),
            DateIssue::InsuranceEndsBeforeArrival { .. } => {
                DateField::KeyDate(KeyDate::InsuranceEnd)
            }
            DateIssue::OutOfOrder { later, .. } => DateField::KeyDate(*later),
        }
    }
}

/// Every issue with the dates of `people` (principal first) and `key_dates` when a case is
/// opened on `today`. A passport that expires today is still valid today.
pub fn check_dates(
    people: &[PersonDates],
    key_dates: &KeyDates,
    today: NaiveDate,
) -> Vec<DateIssue> {
    let mut issues = Vec::new();
    for (person, dates) in people.iter().enumerate() {
        if dates.date_of_birth.is_some_and(|born| born > today) {
            issues.push(DateIssue::BornInFuture { person });
        }
        if let Some(expiry) = dates.passport_expiry.filter(|e| *e < today) {
            issues.push(DateIssue::PassportExpired { person, expiry });
        }
    }
    issues.extend(order_issues(|kind| key_dates.get(kind)));
    issues
}

impl NewCase {
    /// Every issue with this case's dates if it is opened on `today` (see [`check_dates`]).
    pub fn date_issues(&self, today: NaiveDate) -> Vec<DateIssue> {
        let people: Vec<PersonDates> = std::iter::once(&self.principal)
            .chain(&self.dependants)
            .map(|p| PersonDates {
                date_of_birth: Some(p.date_of_birth),
                passport_expiry: p.passport.as_ref().map(|pp| pp.expiry),
            })
            .collect();
        check_dates(&people, &self.key_dates, today)
    }
}

#[cfg(test)]
mod tests;
