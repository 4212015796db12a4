//! Notes on a case: staff only, internal to the centre. What the household reads is the
//! case's conversation (`commands::messages`): a note asked to be `shared` is refused and
//! pointed there.

use softland_domain::note::NoteText;

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::cases;
use crate::db::notes::{self, Visibility};
use crate::ids::{CaseId, NoteId};

/// Writes a note on a case.
#[derive(Debug, Clone)]
pub struct AddNote {
    /// The case.
    pub case: CaseId,
    /// Who may read it: staff only (`Internal`).
    pub visibility: Visibility,
    /// The text.
    pub body: NoteText,
}

impl AddNote {
    /// The text as typed.
    pub fn body(raw: &str) -> Result<NoteText, CommandError> {
        NoteText::parse(raw).map_err(|e| CommandError::invalid(Field::Body, Problem::Note(e)))
    }

    /// The visibility named `raw` (`internal`), or none given; `shared` is refused with a
    /// pointer to the conversation.
    pub fn visibility(raw: Option<&str>) -> Result<Option<Visibility>, CommandError> {
        raw.map(|v| match Visibility::parse(v.trim()) {
            Some(Visibility::Internal) => Ok(Visibility::Internal),
            Some(Visibility::Shared) => Err(CommandError::invalid(
                Field::Visibility,
                Problem::SharedNote,
            )),
            None => Err(CommandError::invalid(
                Field::Visibility,
                Problem::NotOffered,
            )),
        })
        .transpose()
    }

    /// Runs it: staff write internal notes on any case; expats write messages instead.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<NoteId, CommandError> {
        actor.must_be_staff()?;
        if self.visibility != Visibility::Internal {
            return Err(CommandError::invalid(
                Field::Visibility,
                Problem::SharedNote,
            ));
        }
        cases::load(&state.db, self.case).await?;
        let id = notes::add(&state.db, self.case, actor.id, self.visibility, &self.body).await?;
        Ok(id)
    }
}
