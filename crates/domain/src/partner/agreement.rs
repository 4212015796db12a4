//! The centre's partnership agreement with a partner: its status and dates.

use chrono::NaiveDate;

/// Where the agreement with a partner stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgreementStatus {
    /// No agreement (a partner the centre simply refers to).
    None,
    /// Being negotiated.
    Negotiating,
    /// Signed and in force.
    Active,
    /// It ended.
    Ended,
}

impl AgreementStatus {
    /// Every status.
    pub const ALL: [AgreementStatus; 4] = [
        AgreementStatus::None,
        AgreementStatus::Negotiating,
        AgreementStatus::Active,
        AgreementStatus::Ended,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::None => "none",
            AgreementStatus::Negotiating => "negotiating",
            AgreementStatus::Active => "active",
            AgreementStatus::Ended => "ended",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::None => "No agreement",
            AgreementStatus::Negotiating => "Negotiating",
            AgreementStatus::Active => "Agreement in force",
            AgreementStatus::Ended => "Agreement ended",
        }
    }

    /// Parses [`AgreementStatus::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }
}

/// An agreement's status with its dates, consistent: no dates without an agreement, a start
/// for one in force, an end for one that ended, never an end before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Agreement {
    status: AgreementStatus,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// Why an agreement's status and dates do not fit together; each names its form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidAgreement {
    /// A start date with no agreement.
    #[error("with no agreement, leave the start date empty")]
    FromWithoutAgreement,
    /// An end date with no agreement.
    #[error("with no agreement, leave the end date empty")]
    UntilWithoutAgreement,
    /// An agreement in force without its start.
    #[error("give the day the agreement came into force")]
    ActiveWithoutFrom,
    /// An ended agreement without its end.
    #[error("give the day the agreement ended")]
    EndedWithoutUntil,
    /// The end before the start.
    #[error("the end date is before the start date")]
    UntilBeforeFrom,
}

impl InvalidAgreement {
    /// The form field the message belongs beside: `agreement_from` or `agreement_until`
    /// (`agreement`, the status, for problems of the whole; none of today's).
    pub fn field(&self) -> &'static str {
        match self {
            InvalidAgreement::FromWithoutAgreement | InvalidAgreement::ActiveWithoutFrom => {
                "agreement_from"
            }
            InvalidAgreement::UntilWithoutAgreement
            | InvalidAgreement::EndedWithoutUntil
            | InvalidAgreement::UntilBeforeFrom => "agreement_until",
        }
    }
}

impl Agreement {
    /// An agreement with `status` from `from` until `until` (dates inclusive). A planned
    /// end of an agreement in force is given as `until`; negotiating may carry planned dates.
    pub fn new(
        status: AgreementStatus,
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Self, InvalidAgreement> {
        match status {
            AgreementStatus::None if from.is_some() => {
                return Err(InvalidAgreement::FromWithoutAgreement);
            }
            AgreementStatus::None if until.is_some() => {
                return Err(InvalidAgreement::UntilWithoutAgreement);
            }
            AgreementStatus::Active if from.is_none() => {
                return Err(InvalidAgreement::ActiveWithoutFrom);
            }
            AgreementStatus::Ended if until.is_none() => {
                return Err(InvalidAgreement::EndedWithoutUntil);
            }
            _ => {}
        }
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            return Err(InvalidAgreement::UntilBeforeFrom);
        }
        Ok(Self {
            status,
            from,
            until,
        })
    }

    /// No agreement.
    pub fn none() -> Self {
        Self {
            status: AgreementStatus::None,
            from: None,
            until: None,
        }
    }

    /// The status.
    pub fn status(&self) -> AgreementStatus {
        self.status
    }

    /// The first day in force.
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    /// The last day in force.
    pub fn until(&self) -> Option<NaiveDate> {
        self.until
    }

    /// Whether the agreement is in force on `today`: active, started, and not past its end.
    /// An ended one never is (record a notice period as active with its last day).
    pub fn in_force_on(&self, today: NaiveDate) -> bool {
        self.status == AgreementStatus::Active
            && self.from.is_some_and(|from| from <= today)
            && self.until.is_none_or(|until| today <= until)
    }
}

impl Default for Agreement {
    fn default() -> Self {
        Self::none()
    }
}
