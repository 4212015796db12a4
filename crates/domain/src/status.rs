//! The status machine of a checklist item: to do → in progress → submitted (waiting for the
//! authority) → done, with returns, reopening and "not applicable".

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod action;

pub use action::{ActionKind, InvalidAction};

const MAX_REASON_LEN: usize = 500;

/// A non-empty, trimmed reason of at most 500 characters (why an item is not applicable, was
/// returned, reopened, or why a due date was overridden).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reason(String);

/// Why a text is not a usable reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidReason {
    /// Empty or only spaces.
    #[error("please give a reason")]
    Empty,
    /// Longer than the limit.
    #[error("a reason has at most {MAX_REASON_LEN} characters")]
    TooLong,
}

impl Reason {
    /// Parses a reason, trimming surrounding spaces.
    pub fn parse(raw: &str) -> Result<Self, InvalidReason> {
        let text = raw.trim();
        if text.is_empty() {
            Err(InvalidReason::Empty)
        } else if text.chars().count() > MAX_REASON_LEN {
            Err(InvalidReason::TooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    /// The reason as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A reason written by softland itself (non-empty by construction).
    pub(crate) fn fixed(text: &'static str) -> Self {
        Self(text.to_owned())
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Reason {
    type Error = InvalidReason;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Reason> for String {
    fn from(r: Reason) -> String {
        r.0
    }
}

/// Where a checklist item stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemStatus {
    /// Not started.
    ToDo,
    /// Being prepared.
    InProgress,
    /// Filed; waiting for the authority since `on`.
    Submitted {
        /// Day it was filed.
        on: NaiveDate,
    },
    /// Finished on `on`.
    Done {
        /// Day it was done.
        on: NaiveDate,
    },
    /// Does not apply to this case.
    NotApplicable {
        /// Why not.
        reason: Reason,
    },
}

/// The status as a plain name, for storage, filters and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// See [`ItemStatus::ToDo`].
    ToDo,
    /// See [`ItemStatus::InProgress`].
    InProgress,
    /// See [`ItemStatus::Submitted`].
    Submitted,
    /// See [`ItemStatus::Done`].
    Done,
    /// See [`ItemStatus::NotApplicable`].
    NotApplicable,
}

impl StatusKind {
    /// Every status, in workflow order.
    pub const ALL: [StatusKind; 5] = [
        StatusKind::ToDo,
        StatusKind::InProgress,
        StatusKind::Submitted,
        StatusKind::Done,
        StatusKind::NotApplicable,
    ];

    /// The identifier used in storage and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::ToDo => "to_do",
            StatusKind::InProgress => "in_progress",
            StatusKind::Submitted => "submitted",
            StatusKind::Done => "done",
            StatusKind::NotApplicable => "not_applicable",
        }
    }

    /// Parses [`StatusKind::as_str`] back.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The label in plain words, as the expat portal shows it.
    pub fn label(self) -> &'static str {
        match self {
            StatusKind::ToDo => "To do",
            StatusKind::InProgress => "In progress",
            StatusKind::Submitted => "Waiting for the authority",
            StatusKind::Done => "Done",
            StatusKind::NotApplicable => "Not needed",
        }
    }

    /// Whether an item in this status still needs action (counts for due and overdue).
    pub fn is_open(self) -> bool {
        matches!(self, StatusKind::ToDo | StatusKind::InProgress)
    }
}

impl fmt::Display for StatusKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change a consultant asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start working on it.
    Start,
    /// Filed with the authority.
    Submit,
    /// Finished.
    Complete,
    /// The authority returned or rejected it: back to in progress.
    Return(Reason),
    /// Does not apply.
    MarkNotApplicable(Reason),
    /// A done item needs work again.
    Reopen(Reason),
    /// A not-applicable item applies after all: back to to do.
    Reinstate,
}

/// A status change that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action does not apply to the current status.
    #[error("cannot {action} an item that is {from}")]
    NotAllowed {
        /// The action tried.
        action: &'static str,
        /// The status it was tried on (its label in lower case).
        from: String,
    },
    /// Items it depends on are not done yet.
    #[error("cannot start yet: waiting for {}", .waiting_for.join(", "))]
    Blocked {
        /// Titles of the unfinished prerequisites.
        waiting_for: Vec<String>,
    },
}

impl ItemStatus {
    /// The plain status name.
    pub fn kind(&self) -> StatusKind {
        match self {
            ItemStatus::ToDo => StatusKind::ToDo,
            ItemStatus::InProgress => StatusKind::InProgress,
            ItemStatus::Submitted { .. } => StatusKind::Submitted,
            ItemStatus::Done { .. } => StatusKind::Done,
            ItemStatus::NotApplicable { .. } => StatusKind::NotApplicable,
        }
    }

    /// The day the item was done, if it is.
    pub fn done_on(&self) -> Option<NaiveDate> {
        match self {
            ItemStatus::Done { on } => Some(*on),
            _ => None,
        }
    }

    /// The status after `action` on day `on`. `waiting_for` lists unfinished prerequisites:
    /// while any remain, work cannot begin (only "not applicable" is allowed).
    pub fn apply(
        &self,
        action: &Action,
        on: NaiveDate,
        waiting_for: &[String],
    ) -> Result<ItemStatus, TransitionError> {
        use ItemStatus as S;
        let begins_work = matches!(self, S::ToDo)
            && matches!(action, Action::Start | Action::Submit | Action::Complete);
        if begins_work && !waiting_for.is_empty() {
            return Err(TransitionError::Blocked {
                waiting_for: waiting_for.to_vec(),
            });
        }
        let next = match (self, action) {
            (S::ToDo, Action::Start)
            | (S::Submitted { .. }, Action::Return(_))
            | (S::Done { .. }, Action::Reopen(_)) => S::InProgress,
            (S::ToDo | S::InProgress, Action::Submit) => S::Submitted { on },
            (S::ToDo | S::InProgress | S::Submitted { .. }, Action::Complete) => S::Done { on },
            (S::ToDo | S::InProgress, Action::MarkNotApplicable(reason)) => S::NotApplicable {
                reason: reason.clone(),
            },
            (S::NotApplicable { .. }, Action::Reinstate) => S::ToDo,
            _ => {
                return Err(TransitionError::NotAllowed {
                    action: action.verb(),
                    from: self.kind().label().to_lowercase(),
                });
            }
        };
        Ok(next)
    }

    /// The actions allowed from this status (what a page offers as buttons).
    pub fn allowed_actions(&self) -> &'static [ActionKind] {
        use ActionKind as A;
        match self {
            ItemStatus::ToDo => &[A::Start, A::Submit, A::Complete, A::MarkNotApplicable],
            ItemStatus::InProgress => &[A::Submit, A::Complete, A::MarkNotApplicable],
            ItemStatus::Submitted { .. } => &[A::Complete, A::Return],
            ItemStatus::Done { .. } => &[A::Reopen],
            ItemStatus::NotApplicable { .. } => &[A::Reinstate],
        }
    }
}
