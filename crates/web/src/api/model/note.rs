//! Notes on a case, as the API shows them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::schema;
use crate::db::notes::Note;

/// A note on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteOut {
    /// Note id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The author's user id (`null` once the account is gone).
    pub author_id: Option<i64>,
    /// The author's name, when known.
    pub author_name: Option<String>,
    /// `internal`: notes are for staff only (the household's conversation is
    /// `/cases/{id}/messages`).
    #[schema(schema_with = schema::visibility)]
    pub visibility: &'static str,
    /// The text.
    pub body: String,
    /// When it was written (RFC 3339).
    pub created_at: DateTime<Utc>,
}

impl From<Note> for NoteOut {
    fn from(note: Note) -> Self {
        Self {
            id: note.id.0,
            case_id: note.case_id.0,
            author_id: note.author.map(|a| a.0),
            author_name: note.author_name,
            visibility: note.visibility.as_str(),
            body: note.body,
            created_at: note.created_at,
        }
    }
}

/// Notes of a case, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteList {
    /// The notes.
    pub notes: Vec<NoteOut>,
}
