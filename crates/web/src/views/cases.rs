//! The pages of cases as a collection: the list (`list`), its CSV export (`csv`) and the
//! new-case form (`new`, with its checklist `preview`).

pub mod csv;
pub mod list;
pub mod new;
pub mod preview;

pub use list::{CaseListPage, ListInputs};
pub use new::NewCasePage;

/// An option of a `<select>`.
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
}

impl Choice {
    /// An option sending `value`, showing `label`.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
        }
    }
}
