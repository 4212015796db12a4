//! Actions by name, as buttons and the API call them, and the action a name and a reason make.

use serde::{Deserialize, Serialize};

use super::{Action, InvalidReason, Reason};

/// An action without its reason: what a button or an API call names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// See [`Action::Start`].
    Start,
    /// See [`Action::Submit`].
    Submit,
    /// See [`Action::Complete`].
    Complete,
    /// See [`Action::Return`].
    Return,
    /// See [`Action::MarkNotApplicable`].
    MarkNotApplicable,
    /// See [`Action::Reopen`].
    Reopen,
    /// See [`Action::Reinstate`].
    Reinstate,
}

/// Why an action could not be built from a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidAction {
    /// Not one of the known actions.
    #[error("unknown action `{0}`")]
    Unknown(String),
    /// The action needs a reason that is missing or too long.
    #[error("{0}")]
    Reason(#[from] InvalidReason),
}

impl ActionKind {
    /// Every action.
    pub const ALL: [ActionKind; 7] = [
        ActionKind::Start,
        ActionKind::Submit,
        ActionKind::Complete,
        ActionKind::Return,
        ActionKind::MarkNotApplicable,
        ActionKind::Reopen,
        ActionKind::Reinstate,
    ];

    /// The identifier used in forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Start => "start",
            ActionKind::Submit => "submit",
            ActionKind::Complete => "complete",
            ActionKind::Return => "return",
            ActionKind::MarkNotApplicable => "not_applicable",
            ActionKind::Reopen => "reopen",
            ActionKind::Reinstate => "reinstate",
        }
    }

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Start => "Start",
            ActionKind::Submit => "Filed: waiting for the authority",
            ActionKind::Complete => "Done",
            ActionKind::Return => "Returned",
            ActionKind::MarkNotApplicable => "Not needed",
            ActionKind::Reopen => "Reopen",
            ActionKind::Reinstate => "Needed again",
        }
    }

    /// Whether the action must carry a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            ActionKind::Return | ActionKind::MarkNotApplicable | ActionKind::Reopen
        )
    }

    /// Builds the action from its name and, where needed, a reason.
    pub fn parse(name: &str, reason: &str) -> Result<Action, InvalidAction> {
        let kind = Self::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .ok_or_else(|| InvalidAction::Unknown(name.chars().take(40).collect()))?;
        Ok(match kind {
            ActionKind::Start => Action::Start,
            ActionKind::Submit => Action::Submit,
            ActionKind::Complete => Action::Complete,
            ActionKind::Reinstate => Action::Reinstate,
            ActionKind::Return => Action::Return(Reason::parse(reason)?),
            ActionKind::MarkNotApplicable => Action::MarkNotApplicable(Reason::parse(reason)?),
            ActionKind::Reopen => Action::Reopen(Reason::parse(reason)?),
        })
    }
}

impl Action {
    /// The action's kind.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Start => ActionKind::Start,
            Action::Submit => ActionKind::Submit,
            Action::Complete => ActionKind::Complete,
            Action::Return(_) => ActionKind::Return,
            Action::MarkNotApplicable(_) => ActionKind::MarkNotApplicable,
            Action::Reopen(_) => ActionKind::Reopen,
            Action::Reinstate => ActionKind::Reinstate,
        }
    }

    /// A short verb for messages: "start", "mark not applicable".
    pub fn verb(&self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Submit => "submit",
            Action::Complete => "complete",
            Action::Return(_) => "return",
            Action::MarkNotApplicable(_) => "mark not applicable",
            Action::Reopen(_) => "reopen",
            Action::Reinstate => "reinstate",
        }
    }

    /// The reason carried, if any.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Action::Return(r) | Action::MarkNotApplicable(r) | Action::Reopen(r) => Some(r),
            _ => None,
        }
    }
}
