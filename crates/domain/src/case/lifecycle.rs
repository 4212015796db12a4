//! A case's own lifecycle: open, on hold, closed, and the moves between them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Case;
use crate::status::Reason;

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The permit or registration was granted and the person has settled.
    Granted,
    /// The application was refused.
    Refused,
    /// The person withdrew or did not come.
    Withdrawn,
    /// The person moved away or the centre handed the case over.
    Transferred,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 4] = [
        Outcome::Granted,
        Outcome::Refused,
        Outcome::Withdrawn,
        Outcome::Transferred,
    ];

    /// The identifier in forms and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Granted => "granted",
            Outcome::Refused => "refused",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Transferred => "transferred",
        }
    }

    /// Parses [`Outcome::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == raw)
    }

    /// A label.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Granted => "Granted, settled",
            Outcome::Refused => "Refused",
            Outcome::Withdrawn => "Withdrawn",
            Outcome::Transferred => "Transferred",
        }
    }
}

/// Where a case stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStatus {
    /// Being worked on.
    Open,
    /// Paused, with the reason.
    OnHold {
        /// Why.
        reason: Reason,
    },
    /// Finished.
    Closed {
        /// How it ended.
        outcome: Outcome,
        /// When.
        on: NaiveDate,
    },
}

impl CaseStatus {
    /// "open", "on_hold", "closed".
    pub fn as_str(&self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::OnHold { .. } => "on_hold",
            CaseStatus::Closed { .. } => "closed",
        }
    }

    /// A label: "Open", "On hold", "Closed".
    pub fn label(&self) -> &'static str {
        match self {
            CaseStatus::Open => "Open",
            CaseStatus::OnHold { .. } => "On hold",
            CaseStatus::Closed { .. } => "Closed",
        }
    }
}

/// A lifecycle move that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// Only open cases can be put on hold.
    #[error("only an open case can be put on hold; this one is {0}")]
    NotOpen(&'static str),
    /// Closed cases must be reopened first.
    #[error("the case is already closed")]
    AlreadyClosed,
    /// Only held or closed cases can be reopened.
    #[error("the case is already open")]
    AlreadyOpen,
}

impl Case {
    /// Puts an open case on hold.
    pub fn hold(&mut self, reason: Reason) -> Result<(), LifecycleError> {
        match self.status {
            CaseStatus::Open => {
                self.status = CaseStatus::OnHold { reason };
                Ok(())
            }
            _ => Err(LifecycleError::NotOpen(self.status.label())),
        }
    }

    /// Closes an open or held case.
    pub fn close(&mut self, outcome: Outcome, on: NaiveDate) -> Result<(), LifecycleError> {
        if matches!(self.status, CaseStatus::Closed { .. }) {
            return Err(LifecycleError::AlreadyClosed);
        }
        self.status = CaseStatus::Closed { outcome, on };
        Ok(())
    }

    /// Reopens a held or closed case.
    pub fn reopen(&mut self) -> Result<(), LifecycleError> {
        if self.status == CaseStatus::Open {
            return Err(LifecycleError::AlreadyOpen);
        }
        self.status = CaseStatus::Open;
        Ok(())
    }
}
