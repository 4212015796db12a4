//! Personal-data breaches (GDPR Art. 33 and 34): the 72-hour notification rule, the risk
//! levels that decide who must be told, and the order a breach's dates must keep.
//!
//! Source: Regulation (EU) 2016/679, Art. 33(1) ("without undue delay and, where feasible, not
//! later than 72 hours after having become aware of it … where the notification … is not made
//! within 72 hours, it shall be accompanied by reasons for the delay") and Art. 34(1) (the
//! data subjects are told when the breach "is likely to result in a high risk").
//! <https://eur-lex.europa.eu/eli/reg/2016/679/oj>; the Czech supervisory authority is the
//! Úřad pro ochranu osobních údajů (ÚOOÚ), <https://uoou.gov.cz/>.

use chrono::{DateTime, Duration, Utc};

/// Hours from becoming aware of a breach to the latest notification of the authority.
pub const NOTIFY_WITHIN_HOURS: i64 = 72;

/// How likely the breach is to harm the people it touches (the controller's assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreachRisk {
    /// Unlikely to result in a risk: recorded, not notified (Art. 33(1), 33(5)).
    Unlikely,
    /// A risk: the authority is notified.
    Risk,
    /// A high risk: the authority and the people affected are notified (Art. 34).
    High,
}

impl BreachRisk {
    /// Every level, mildest first.
    pub const ALL: [BreachRisk; 3] = [BreachRisk::Unlikely, BreachRisk::Risk, BreachRisk::High];

    /// Whether the authority must be notified (Art. 33(1)).
    pub fn must_notify_authority(self) -> bool {
        self != BreachRisk::Unlikely
    }

    /// Whether the people affected must be told (Art. 34(1)).
    pub fn must_notify_people(self) -> bool {
        self == BreachRisk::High
    }

    /// Its name in forms and the API.
    pub fn key(self) -> &'static str {
        match self {
            BreachRisk::Unlikely => "unlikely",
            BreachRisk::Risk => "risk",
            BreachRisk::High => "high",
        }
    }

    /// The level named `key` (see [`BreachRisk::key`]).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Words for pages.
    pub fn label(self) -> &'static str {
        match self {
            BreachRisk::Unlikely => "Unlikely to result in a risk",
            BreachRisk::Risk => "Risk",
            BreachRisk::High => "High risk",
        }
    }
}

/// Whether the centre is still working on a breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreachStatus {
    /// Still being handled.
    Open,
    /// Handled: notifications made or decided against, measures taken.
    Closed,
}

impl BreachStatus {
    /// Both statuses.
    pub const ALL: [BreachStatus; 2] = [BreachStatus::Open, BreachStatus::Closed];

    /// Its name in forms, the API and storage.
    pub fn key(self) -> &'static str {
        match self {
            BreachStatus::Open => "open",
            BreachStatus::Closed => "closed",
        }
    }

    /// The status named `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Words for pages.
    pub fn label(self) -> &'static str {
        match self {
            BreachStatus::Open => "Open",
            BreachStatus::Closed => "Closed",
        }
    }
}

/// The latest moment the authority may be notified: 72 hours after the centre became aware.
pub fn authority_deadline(aware_at: DateTime<Utc>) -> DateTime<Utc> {
    aware_at
        .checked_add_signed(Duration::hours(NOTIFY_WITHIN_HOURS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Where a breach stands against the 72-hour rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// No notification is due (risk unlikely).
    NotRequired,
    /// Notified on or before the deadline.
    InTime,
    /// Notified after the deadline (the notification must give reasons).
    Late,
    /// Not notified yet; the deadline is still ahead.
    Due,
    /// Not notified and the deadline has passed.
    Overdue,
}

impl Timeliness {
    /// Words for pages.
    pub fn label(self) -> &'static str {
        match self {
            Timeliness::NotRequired => "Not required",
            Timeliness::InTime => "Notified in time",
            Timeliness::Late => "Notified late",
            Timeliness::Due => "Due",
            Timeliness::Overdue => "Overdue",
        }
    }

    /// Whether the page should draw attention to it.
    pub fn is_late(self) -> bool {
        matches!(self, Timeliness::Late | Timeliness::Overdue)
    }
}

/// The breach's standing: `notified_at` is when the authority was notified, `now` the clock.
pub fn timeliness(
    risk: BreachRisk,
    aware_at: DateTime<Utc>,
    notified_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Timeliness {
    let deadline = authority_deadline(aware_at);
    match notified_at {
        Some(at) if at <= deadline => Timeliness::InTime,
        Some(_) => Timeliness::Late,
        None if !risk.must_notify_authority() => Timeliness::NotRequired,
        None if now <= deadline => Timeliness::Due,
        None => Timeliness::Overdue,
    }
}

/// A breach's dates in the wrong order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BreachDateError {
    /// The breach ended before it began.
    #[error("the end must not be before the start")]
    EndsBeforeStart,
    /// The centre became aware before the breach began.
    #[error("the centre cannot have become aware before the breach began")]
    AwareBeforeStart,
    /// The breach was discovered before it began.
    #[error("the discovery must not be before the breach began")]
    DiscoveredBeforeStart,
    /// A notification dated before the centre became aware.
    #[error("a notification cannot be before the centre became aware")]
    NotifiedBeforeAware,
}

/// A breach's dates, for [`check_order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreachDates {
    /// When it began (if known).
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended (if known; open while it goes on).
    pub occurred_to: Option<DateTime<Utc>>,
    /// When it was discovered.
    pub discovered_at: DateTime<Utc>,
    /// When the centre became aware (the 72 hours start here).
    pub aware_at: DateTime<Utc>,
    /// When the authority was notified.
    pub authority_notified_at: Option<DateTime<Utc>>,
    /// When the people affected were told.
    pub people_notified_at: Option<DateTime<Utc>>,
}

/// Every date-order mistake, each named by the date it concerns (`occurred_to`, …).
pub fn check_order(d: &BreachDates) -> Vec<(&'static str, BreachDateError)> {
    let mut wrong = Vec::new();
    if let Some(from) = d.occurred_from {
        if d.occurred_to.is_some_and(|to| to < from) {
            wrong.push(("occurred_to", BreachDateError::EndsBeforeStart));
        }
        if d.discovered_at < from {
            wrong.push(("discovered_at", BreachDateError::DiscoveredBeforeStart));
        }
        if d.aware_at < from {
            wrong.push(("aware_at", BreachDateError::AwareBeforeStart));
        }
    }
    if d.authority_notified_at.is_some_and(|n| n < d.aware_at) {
        wrong.push((
            "authority_notified_at",
            BreachDateError::NotifiedBeforeAware,
        ));
    }
    if d.people_notified_at.is_some_and(|n| n < d.aware_at) {
        wrong.push(("people_notified_at", BreachDateError::NotifiedBeforeAware));
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use proptest::prelude::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .single()
            .expect("a valid test time")
    }

    #[test]
    fn the_deadline_is_seventy_two_hours_after_becoming_aware() {
        assert_eq!(authority_deadline(at(1, 9)), at(4, 9));
    }

    #[test]
    fn notified_on_the_deadline_is_in_time_and_a_minute_later_is_late() {
        let aware = at(1, 9);
        let on = timeliness(BreachRisk::Risk, aware, Some(at(4, 9)), at(10, 0));
        let after = timeliness(
            BreachRisk::Risk,
            aware,
            Some(at(4, 9) + Duration::minutes(1)),
            at(10, 0),
        );
        assert_eq!(on, Timeliness::InTime);
        assert_eq!(after, Timeliness::Late);
    }

    #[test]
    fn an_unnotified_breach_is_due_then_overdue() {
        let aware = at(1, 9);
        assert_eq!(
            timeliness(BreachRisk::High, aware, None, at(3, 9)),
            Timeliness::Due
        );
        assert_eq!(
            timeliness(BreachRisk::High, aware, None, at(4, 10)),
            Timeliness::Overdue
        );
    }

    #[test]
    fn an_unlikely_risk_needs_no_notification() {
        assert_eq!(
            timeliness(BreachRisk::Unlikely, at(1, 9), None, at(20, 9)),
            Timeliness::NotRequired
        );
        assert!(!BreachRisk::Unlikely.must_notify_authority());
        assert!(BreachRisk::High.must_notify_people());
        assert!(!BreachRisk::Risk.must_notify_people());
    }

    #[test]
    fn dates_out_of_order_are_each_named() {
        let dates = BreachDates {
            occurred_from: Some(at(5, 9)),
            occurred_to: Some(at(4, 9)),
            discovered_at: at(3, 9),
            aware_at: at(3, 9),
            authority_notified_at: Some(at(2, 9)),
            people_notified_at: None,
        };
        let fields: Vec<_> = check_order(&dates).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "occurred_to",
                "discovered_at",
                "aware_at",
                "authority_notified_at"
            ]
        );
    }

    proptest! {
        #[test]
        fn notified_before_the_deadline_is_never_late(aware in 0i64..1_000_000, delay in 0i64..(72 * 60)) {
            let aware = at(1, 0) + Duration::minutes(aware);
            let notified = aware + Duration::minutes(delay);
            prop_assert_eq!(
                timeliness(BreachRisk::Risk, aware, Some(notified), notified),
                Timeliness::InTime
            );
            prop_assert!(authority_deadline(aware) >= notified);
        }
    }
}
