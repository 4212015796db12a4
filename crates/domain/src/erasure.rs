//! Erasure (GDPR Art. 17) and retention (Art. 5(1)(e), storage limitation): the pure rules —
//! why an erasure is made, when a closed case is due for anonymisation, which cases a
//! retention run takes and which a legal hold keeps, what the confirmation must say.

use chrono::{Months, NaiveDate};

/// Why an erasure was made. Stored as a category, never as free text, so that the tombstone
/// holds no personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    /// The person asked for it (Art. 17(1)).
    Request,
    /// Consent was withdrawn and nothing else allows keeping the data (Art. 17(1)(b)).
    ConsentWithdrawn,
    /// The data is no longer needed for the purpose it was collected for (Art. 17(1)(a)).
    NoLongerNeeded,
    /// The retention period after closing ran out (the retention job).
    Retention,
}

impl ErasureReason {
    /// The reasons an admin chooses from (retention is the job's own).
    pub const CHOSEN: [ErasureReason; 3] = [
        ErasureReason::Request,
        ErasureReason::ConsentWithdrawn,
        ErasureReason::NoLongerNeeded,
    ];

    /// The reason's key in forms and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErasureReason::Request => "request",
            ErasureReason::ConsentWithdrawn => "consent_withdrawn",
            ErasureReason::NoLongerNeeded => "no_longer_needed",
            ErasureReason::Retention => "retention",
        }
    }

    /// The reason in words.
    pub fn label(self) -> &'static str {
        match self {
            ErasureReason::Request => "The person asked for erasure (Art. 17(1))",
            ErasureReason::ConsentWithdrawn => "Consent withdrawn, no other basis",
            ErasureReason::NoLongerNeeded => "No longer needed for its purpose",
            ErasureReason::Retention => "Retention period after closing ran out",
        }
    }

    /// The reason a key names, if any.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            ErasureReason::Request,
            ErasureReason::ConsentWithdrawn,
            ErasureReason::NoLongerNeeded,
            ErasureReason::Retention,
        ]
        .into_iter()
        .find(|r| r.as_str() == raw.trim())
    }
}

/// How many years closed cases are kept before they are anonymised: a whole number from 1
/// to 30. Centre policy (no statutory period is known for an advisory centre's records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionYears(u32);

/// A retention period outside 1–30 years, or not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("enter a whole number of years from 1 to 30")]
pub struct InvalidRetentionYears;

impl RetentionYears {
    /// The period when the centre has not set one.
    pub const DEFAULT: RetentionYears = RetentionYears(3);

    /// `raw` as a number of years from 1 to 30.
    pub fn parse(raw: &str) -> Result<Self, InvalidRetentionYears> {
        let years: u32 = raw.trim().parse().map_err(|_| InvalidRetentionYears)?;
        Self::new(years)
    }

    /// `years` if it is from 1 to 30.
    pub fn new(years: u32) -> Result<Self, InvalidRetentionYears> {
        if (1..=30).contains(&years) {
            Ok(Self(years))
        } else {
            Err(InvalidRetentionYears)
        }
    }

    /// The number of years.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The day a case closed on `closed_on` becomes due for anonymisation.
    pub fn due_on(self, closed_on: NaiveDate) -> NaiveDate {
        closed_on
            .checked_add_months(Months::new(self.0 * 12))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// A closed case as retention sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedCase {
    /// The case's id.
    pub id: i64,
    /// When it closed.
    pub closed_on: NaiveDate,
    /// Whether a legal hold is on it.
    pub held: bool,
}

/// What a retention run does with one due case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionDue {
    /// The case.
    pub case: ClosedCase,
    /// The day it became due.
    pub due_on: NaiveDate,
}

/// The cases of `closed` due on or before `today`, split into those a run anonymises and
/// those a legal hold keeps.
pub fn retention_plan(
    closed: &[ClosedCase],
    years: RetentionYears,
    today: NaiveDate,
) -> (Vec<RetentionDue>, Vec<RetentionDue>) {
    closed
        .iter()
        .map(|case| RetentionDue {
            case: *case,
            due_on: years.due_on(case.closed_on),
        })
        .filter(|due| due.due_on <= today)
        .partition(|due| !due.case.held)
}

/// Whether what an admin typed to confirm an erasure matches the case reference shown
/// (`C-42`: spaces and case ignored).
pub fn confirms(typed: &str, reference: &str) -> bool {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    !typed.trim().is_empty() && clean(typed) == clean(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn retention_years_are_one_to_thirty() {
        assert!(RetentionYears::parse("0").is_err());
        assert!(RetentionYears::parse("31").is_err());
        assert!(RetentionYears::parse("three").is_err());
        assert_eq!(RetentionYears::parse(" 3 ").unwrap().get(), 3);
        assert_eq!(RetentionYears::parse("30").unwrap().get(), 30);
    }

    #[test]
    fn a_case_is_due_the_same_day_years_after_closing() {
        let years = RetentionYears::DEFAULT;
        assert_eq!(years.due_on(day(2023, 5, 10)), day(2026, 5, 10));
        // 29 February closes fall due on 28 February.
        assert_eq!(years.due_on(day(2024, 2, 29)), day(2027, 2, 28));
    }

    #[test]
    fn retention_takes_due_cases_and_leaves_held_ones() {
        let closed = [
            ClosedCase {
                id: 1,
                closed_on: day(2022, 1, 1),
                held: false,
            },
            ClosedCase {
                id: 2,
                closed_on: day(2022, 1, 1),
                held: true,
            },
            ClosedCase {
                id: 3,
                closed_on: day(2025, 1, 1),
                held: false,
            },
        ];
        let (taken, held) = retention_plan(&closed, RetentionYears::DEFAULT, day(2026, 12, 5));
        assert_eq!(taken.iter().map(|d| d.case.id).collect::<Vec<_>>(), [1]);
        assert_eq!(held.iter().map(|d| d.case.id).collect::<Vec<_>>(), [2]);
        assert_eq!(taken[0].due_on, day(2025, 1, 1));
    }

    #[test]
    fn confirmation_must_name_the_case() {
        assert!(confirms(" c-42 ", "C-42"));
        assert!(!confirms("C-4", "C-42"));
        assert!(!confirms("", ""));
    }

    #[test]
    fn reasons_round_trip() {
        for r in ErasureReason::CHOSEN {
            assert_eq!(ErasureReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(
            ErasureReason::parse("retention"),
            Some(ErasureReason::Retention)
        );
        assert_eq!(ErasureReason::parse("whim"), None);
    }
}
