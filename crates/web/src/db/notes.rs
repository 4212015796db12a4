//! Notes on a case: consultants' internal notes and notes shared with the expat.

use chrono::{DateTime, Utc};
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use super::entities::{audit_events, cases, notes, users};
use super::rows::{ReadRows, read_row};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::{CaseId, NoteId, UserId};
use softland_domain::note::NoteText;

#[cfg(test)]
pub(crate) mod tests;

/// How much of a note the audit trail keeps, in characters.
const AUDIT_EXCERPT_CHARS: usize = 80;

/// Who may read a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Staff only.
    Internal,
    /// Staff and the case's expats.
    Shared,
}

impl Visibility {
    /// Every visibility.
    pub const ALL: [Visibility; 2] = [Visibility::Internal, Visibility::Shared];

    /// The identifier in forms and storage: "internal", "shared".
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Internal => "internal",
            Visibility::Shared => "shared",
        }
    }

    /// Parses [`Visibility::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == raw)
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Internal => "Internal (staff only)",
            Visibility::Shared => "Shared with the client",
        }
    }
}

/// A note as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Id.
    pub id: NoteId,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// Who wrote it (`None` once the account is deleted).
    pub author: Option<UserId>,
    /// The author's display name, when known.
    pub author_name: Option<String>,
    /// Who may read it.
    pub visibility: Visibility,
    /// The text.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A note to store: what [`add`] is given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewNote<'a> {
    pub case_id: CaseId,
    pub author: UserId,
    pub visibility: Visibility,
    pub body: &'a NoteText,
}

/// Adds a note to case `case_id` and records it in the case's audit trail, in one
/// transaction.
pub async fn add(
    db: &Db,
    case_id: CaseId,
    author: UserId,
    visibility: Visibility,
    body: &NoteText,
) -> Result<NoteId, DbError> {
    let note = NewNote {
        case_id,
        author,
        visibility,
        body,
    };
    add_written_at(db, note, Utc::now()).await
}

/// [`add`] with the time the note was written (the demo centre backdates its notes).
pub(crate) async fn add_written_at(
    db: &Db,
    note: NewNote<'_>,
    at: DateTime<Utc>,
) -> Result<NoteId, DbError> {
    let body = note.body.as_str();
    let at = at.fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    // Only the id: the case's other columns are not this change's (and a test writes notes
    // on an older schema).
    let found = super::ids(
        &cases::Entity::find_by_id(note.case_id.0)
            .select_only()
            .column(cases::Column::Id),
        &txn,
    )
    .await?;
    if found.is_empty() {
        return Err(DbError::NotFound);
    }
    let saved = notes::ActiveModel {
        case_id: Set(note.case_id.0),
        author_id: Set(Some(note.author.0)),
        visibility: Set(note.visibility.as_str().to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit_events::ActiveModel {
        case_id: Set(Some(note.case_id.0)),
        actor_id: Set(Some(note.author.0)),
        at: Set(at),
        action: Set(AuditAction::NoteAdded.stored().to_owned()),
        subject: Set(note.visibility.label().to_owned()),
        before: Set(None),
        after: Set(Some(body.chars().take(AUDIT_EXCERPT_CHARS).collect())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(NoteId(saved.id))
}

#[derive(Debug)]
struct NoteRow {
    id: i64,
    case_id: i64,
    author_id: Option<i64>,
    author_name: Option<String>,
    visibility: String,
    body: String,
    created_at: DateTimeWithTimeZone,
}

read_row!(NoteRow {
    id,
    case_id,
    author_id,
    author_name,
    visibility,
    body,
    created_at
});

impl TryFrom<NoteRow> for Note {
    type Error = DbError;

    fn try_from(row: NoteRow) -> Result<Self, DbError> {
        let visibility = Visibility::parse(&row.visibility).ok_or_else(|| {
            DbError::Other(sea_orm::DbErr::Custom(format!(
                "stored note visibility is invalid: {}",
                row.visibility
            )))
        })?;
        Ok(Note {
            id: NoteId(row.id),
            case_id: CaseId(row.case_id),
            author: row.author_id.map(UserId),
            author_name: row.author_name,
            visibility,
            body: row.body,
            created_at: row.created_at.with_timezone(&Utc),
        })
    }
}

/// The notes of case `case_id` with their authors' names; internal ones only if
/// `include_internal`.
fn select(case_id: CaseId, include_internal: bool) -> sea_orm::Select<notes::Entity> {
    let query = notes::Entity::find()
        .select_only()
        .columns([
            notes::Column::Id,
            notes::Column::CaseId,
            notes::Column::AuthorId,
            notes::Column::Visibility,
            notes::Column::Body,
            notes::Column::CreatedAt,
        ])
        .column_as(users::Column::DisplayName, "author_name")
        .left_join(users::Entity)
        .filter(notes::Column::CaseId.eq(case_id.0));
    if include_internal {
        query
    } else {
        query.filter(notes::Column::Visibility.eq(Visibility::Shared.as_str()))
    }
}

/// The newest `limit` notes of case `case_id`, newest first, with their authors' names (one
/// query). Internal notes are left out unless `include_internal`.
pub async fn list(
    db: &Db,
    case_id: CaseId,
    include_internal: bool,
    limit: u64,
) -> Result<Vec<Note>, DbError> {
    let query = select(case_id, include_internal)
        .order_by_desc(notes::Column::CreatedAt)
        .order_by_desc(notes::Column::Id);
    let backend = db.conn().get_database_backend();
    db.conn()
        .read_rows::<NoteRow>(super::limited(&query, limit, backend))
        .await?
        .into_iter()
        .map(Note::try_from)
        .collect()
}

/// Note `id` of case `case_id`; an internal note is "not found" unless `include_internal`.
pub async fn get(
    db: &Db,
    case_id: CaseId,
    id: NoteId,
    include_internal: bool,
) -> Result<Note, DbError> {
    // By primary key: at most one row, so `all()` (no bound LIMIT: `db::limited` says why).
    let query = select(case_id, include_internal).filter(notes::Column::Id.eq(id.0));
    super::select_as::<NoteRow>(&query, db.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(DbError::NotFound)
        .and_then(Note::try_from)
}
