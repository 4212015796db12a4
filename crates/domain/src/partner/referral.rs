//! Referrals: a person sent to a partner for a need, followed to its outcome.

use std::fmt;

/// What a referral is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Doctors, hospitals, dentists.
    Health,
    /// Finding and renting a home.
    Housing,
    /// Schools, kindergartens, childcare.
    Schooling,
    /// Jobs and employers.
    Work,
    /// Banks and taxes.
    Money,
    /// Health and other insurance.
    Insurance,
    /// Learning Czech, interpreting.
    Language,
    /// Offices and forms.
    Paperwork,
    /// Clubs, communities, leisure.
    Community,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the order forms list them.
    pub const ALL: [Category; 10] = [
        Category::Health,
        Category::Housing,
        Category::Schooling,
        Category::Work,
        Category::Money,
        Category::Insurance,
        Category::Language,
        Category::Paperwork,
        Category::Community,
        Category::Other,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Health => "health",
            Category::Housing => "housing",
            Category::Schooling => "schooling",
            Category::Work => "work",
            Category::Money => "money",
            Category::Insurance => "insurance",
            Category::Language => "language",
            Category::Paperwork => "paperwork",
            Category::Community => "community",
            Category::Other => "other",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Category::Health => "Health care",
            Category::Housing => "Housing",
            Category::Schooling => "School and childcare",
            Category::Work => "Work",
            Category::Money => "Banking and taxes",
            Category::Insurance => "Insurance",
            Category::Language => "Language",
            Category::Paperwork => "Paperwork and offices",
            Category::Community => "Community and leisure",
            Category::Other => "Something else",
        }
    }

    /// Parses [`Category::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw.trim())
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferralStatus {
    /// The consultant referred the person; nothing heard yet.
    Sent,
    /// The person and the partner are in contact.
    InContact,
    /// The need was met.
    Solved,
    /// The need was not met (with a note why).
    NotSolved,
}

/// What can happen to a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferralEvent {
    /// The person and the partner are in contact.
    Contacted,
    /// The need was met.
    Solved,
    /// The need was not met.
    NotSolved,
    /// A closed referral needs work again: back to in contact.
    Reopen,
}

/// A step a referral cannot take from where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct InvalidReferralStep {
    /// Where the referral was.
    pub from: ReferralStatus,
    /// What was asked.
    pub event: ReferralEvent,
}

impl InvalidReferralStep {
    fn message(self) -> String {
        use ReferralEvent as E;
        use ReferralStatus as S;
        let closed = match self.from {
            S::Solved => "a solved referral",
            S::NotSolved => "a referral marked not solved",
            S::Sent | S::InContact => "",
        };
        match (self.from, self.event) {
            (S::InContact, E::Contacted) => "this referral is already in contact".to_owned(),
            (S::Sent | S::InContact, E::Reopen) => {
                "only a solved or not solved referral can be reopened".to_owned()
            }
            (_, E::Contacted) => format!("{closed} cannot be marked in contact; reopen it first"),
            (_, event) => format!(
                "{closed} cannot be marked {}; reopen it first",
                event.label().to_lowercase()
            ),
        }
    }
}

impl ReferralStatus {
    /// Every status, in workflow order.
    pub const ALL: [ReferralStatus; 4] = [
        ReferralStatus::Sent,
        ReferralStatus::InContact,
        ReferralStatus::Solved,
        ReferralStatus::NotSolved,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Sent => "sent",
            ReferralStatus::InContact => "in_contact",
            ReferralStatus::Solved => "solved",
            ReferralStatus::NotSolved => "not_solved",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            ReferralStatus::Sent => "Sent",
            ReferralStatus::InContact => "In contact",
            ReferralStatus::Solved => "Solved",
            ReferralStatus::NotSolved => "Not solved",
        }
    }

    /// Parses [`ReferralStatus::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// Whether the referral still needs following up (sent or in contact).
    pub fn is_open(self) -> bool {
        matches!(self, ReferralStatus::Sent | ReferralStatus::InContact)
    }

    /// The status after `event`: sent → in contact; sent or in contact → solved or not
    /// solved; solved or not solved → (reopen) in contact. Anything else is refused.
    pub fn step(self, event: ReferralEvent) -> Result<ReferralStatus, InvalidReferralStep> {
        use ReferralEvent as E;
        use ReferralStatus as S;
        match (self, event) {
            (S::Sent, E::Contacted) | (S::Solved | S::NotSolved, E::Reopen) => Ok(S::InContact),
            (S::Sent | S::InContact, E::Solved) => Ok(S::Solved),
            (S::Sent | S::InContact, E::NotSolved) => Ok(S::NotSolved),
            (from, event) => Err(InvalidReferralStep { from, event }),
        }
    }

    /// The events allowed from this status, in [`ReferralEvent::ALL`] order (a page's
    /// buttons).
    pub fn events(self) -> Vec<ReferralEvent> {
        ReferralEvent::ALL
            .into_iter()
            .filter(|&e| self.step(e).is_ok())
            .collect()
    }
}

impl fmt::Display for ReferralStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl ReferralEvent {
    /// Every event.
    pub const ALL: [ReferralEvent; 4] = [
        ReferralEvent::Contacted,
        ReferralEvent::Solved,
        ReferralEvent::NotSolved,
        ReferralEvent::Reopen,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralEvent::Contacted => "contacted",
            ReferralEvent::Solved => "solved",
            ReferralEvent::NotSolved => "not_solved",
            ReferralEvent::Reopen => "reopen",
        }
    }

    /// Words for a button.
    pub fn label(self) -> &'static str {
        match self {
            ReferralEvent::Contacted => "They are in contact",
            ReferralEvent::Solved => "Solved",
            ReferralEvent::NotSolved => "Not solved",
            ReferralEvent::Reopen => "Reopen",
        }
    }

    /// Parses [`ReferralEvent::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == raw.trim())
    }

    /// Whether the consultant must write a note with it (why a need was not met).
    pub fn needs_note(self) -> bool {
        self == ReferralEvent::NotSolved
    }
}
