//! Notes and messages on a case: staff write internal notes or shared ones; an expat writes
//! shared messages to their own household's case only.

use softland_domain::note::NoteText;

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::notes::{self, Visibility};
use crate::db::{cases, portal};
use crate::ids::{CaseId, NoteId};

/// Writes a note on a case.
#[derive(Debug, Clone)]
pub struct AddNote {
    /// The case.
    pub case: CaseId,
    /// Who may read it.
    pub visibility: Visibility,
    /// The text.
    pub body: NoteText,
}

impl AddNote {
    /// The text as typed.
    pub fn body(raw: &str) -> Result<NoteText, CommandError> {
        NoteText::parse(raw).map_err(|e| CommandError::invalid(Field::Body, Problem::Note(e)))
    }

    /// The visibility named `raw` (`internal` or `shared`), or none given.
    pub fn visibility(raw: Option<&str>) -> Result<Option<Visibility>, CommandError> {
        raw.map(|v| {
            Visibility::parse(v.trim()).ok_or(CommandError::invalid(
                Field::Visibility,
                Problem::NotOffered,
            ))
        })
        .transpose()
    }

    /// Runs it: staff write on any case; an expat only shared messages on a case of their
    /// household (any other case is "not found").
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<NoteId, CommandError> {
        if actor.role.is_staff() {
            cases::load(&state.db, self.case).await?;
        } else {
            if !portal::may_see(&state.db, actor.id, self.case).await? {
                return Err(CommandError::NotFound);
            }
            if self.visibility != Visibility::Shared {
                return Err(CommandError::Forbidden);
            }
        }
        let id = notes::add(&state.db, self.case, actor.id, self.visibility, &self.body).await?;
        Ok(id)
    }
}
