//! Files of a case (issue 18): the rows that describe the objects in the file store, their
//! review and soft deletion, each change with its audit event in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use softland_domain::file::{DisplayName, FileKind, Review, ScanStatus};

use super::entities::{audit_events, case_files, users};
use super::rows::read_row;
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::{CaseId, FileId, ItemId, PersonId, UserId};

/// An object stored for one file, before its row exists.
#[derive(Debug, Clone)]
pub struct StoredObject {
    /// The object's key in the file store.
    pub key: String,
    /// The name as the uploader's device gave it (kept without NUL, cut to 1000 characters).
    pub original_name: String,
    /// Bytes.
    pub size: u64,
    /// What the bytes are.
    pub kind: FileKind,
    /// SHA-256, hex.
    pub sha256: String,
    /// Whether it was scanned.
    pub scan: ScanStatus,
}

/// What the files of one upload belong to.
#[derive(Debug, Clone, Copy)]
pub struct Attachment {
    /// The case.
    pub case: CaseId,
    /// One person of it, if the files are theirs.
    pub person: Option<PersonId>,
    /// One checklist item, if the files answer it.
    pub item: Option<ItemId>,
    /// Who uploaded them.
    pub uploader: UserId,
}

/// A file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// Id.
    pub id: FileId,
    /// Its case.
    pub case: CaseId,
    /// Its person, if any.
    pub person: Option<PersonId>,
    /// Its item, if any.
    pub item: Option<ItemId>,
    /// Who uploaded it (`None` once the account is gone).
    pub uploader: Option<UserId>,
    /// The uploader's display name.
    pub uploader_name: Option<String>,
    /// When.
    pub uploaded_at: DateTime<Utc>,
    /// The name to show and to download as.
    pub name: DisplayName,
    /// Bytes.
    pub size: u64,
    /// What the bytes are.
    pub kind: FileKind,
    /// SHA-256, hex.
    pub sha256: String,
    /// The object's key in the file store.
    pub key: String,
    /// The consultant's verdict.
    pub review: Review,
    /// Whether it was scanned.
    pub scan: ScanStatus,
}

#[derive(Debug)]
struct FileRow {
    id: i64,
    case_id: i64,
    person_id: Option<i64>,
    item_id: Option<i64>,
    uploaded_by: Option<i64>,
    uploader_name: Option<String>,
    uploaded_at: DateTimeWithTimeZone,
    original_name: String,
    size_bytes: i64,
    media_type: String,
    sha256: String,
    storage_key: String,
    review: String,
    review_reason: Option<String>,
    scan: String,
}

read_row!(FileRow {
    id,
    case_id,
    person_id,
    item_id,
    uploaded_by,
    uploader_name,
    uploaded_at,
    original_name,
    size_bytes,
    media_type,
    sha256,
    storage_key,
    review,
    review_reason,
    scan
});

fn corrupt(what: &str, value: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!(
        "stored file {what} is invalid: {value}"
    )))
}

impl TryFrom<FileRow> for CaseFile {
    type Error = DbError;

    fn try_from(row: FileRow) -> Result<Self, DbError> {
        let kind = FileKind::from_media_type(&row.media_type)
            .ok_or_else(|| corrupt("type", &row.media_type))?;
        let review = super::vocabulary::review_from(&row.review, row.review_reason.as_deref())
            .ok_or_else(|| corrupt("review", &row.review))?;
        let scan =
            super::vocabulary::scan_from(&row.scan).ok_or_else(|| corrupt("scan", &row.scan))?;
        Ok(CaseFile {
            id: FileId(row.id),
            case: CaseId(row.case_id),
            person: row.person_id.map(PersonId),
            item: row.item_id.map(ItemId),
            uploader: row.uploaded_by.map(UserId),
            uploader_name: row.uploader_name,
            uploaded_at: row.uploaded_at.with_timezone(&Utc),
            name: DisplayName::of(&row.original_name),
            size: u64::try_from(row.size_bytes).unwrap_or(0),
            kind,
            sha256: row.sha256,
            key: row.storage_key,
            review,
            scan,
        })
    }
}

fn select(case: CaseId) -> sea_orm::Select<case_files::Entity> {
    use case_files::Column as C;
    case_files::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::CaseId,
            C::PersonId,
            C::ItemId,
            C::UploadedBy,
            C::UploadedAt,
            C::OriginalName,
            C::SizeBytes,
            C::MediaType,
            C::Sha256,
            C::StorageKey,
            C::Review,
            C::ReviewReason,
            C::Scan,
        ])
        .column_as(users::Column::DisplayName, "uploader_name")
        .left_join(users::Entity)
        .filter(C::CaseId.eq(case.0))
        .filter(C::DeletedAt.is_null())
}

/// The files of case `case` not deleted, oldest first (one query).
pub async fn of_case(db: &Db, case: CaseId) -> Result<Vec<CaseFile>, DbError> {
    let query = select(case)
        .order_by_asc(case_files::Column::UploadedAt)
        .order_by_asc(case_files::Column::Id);
    super::select_as::<FileRow>(&query, db.conn())
        .await?
        .into_iter()
        .map(CaseFile::try_from)
        .collect()
}

/// File `id` of case `case`, unless deleted.
pub async fn get(db: &Db, case: CaseId, id: FileId) -> Result<CaseFile, DbError> {
    let query = select(case).filter(case_files::Column::Id.eq(id.0));
    super::select_as::<FileRow>(&query, db.conn())
        .await?
        .into_iter()
        .next()
        .ok_or(DbError::NotFound)
        .and_then(CaseFile::try_from)
}

fn audit(
    case: CaseId,
    actor: UserId,
    at: DateTimeWithTimeZone,
    action: AuditAction,
    subject: String,
    after: Option<String>,
) -> audit_events::ActiveModel {
    audit_events::ActiveModel {
        case_id: Set(Some(case.0)),
        actor_id: Set(Some(actor.0)),
        at: Set(at),
        action: Set(action.stored().to_owned()),
        subject: Set(subject),
        before: Set(None),
        after: Set(after),
        ..Default::default()
    }
}

/// Adds a row for each of `objects`, uploaded at `at`, with an audit event each, in one
/// transaction.
pub async fn add(
    db: &Db,
    to: Attachment,
    objects: &[StoredObject],
    at: DateTime<Utc>,
) -> Result<Vec<FileId>, DbError> {
    let at = at.fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let mut ids = Vec::with_capacity(objects.len());
    for object in objects {
        let saved = case_files::ActiveModel {
            case_id: Set(to.case.0),
            person_id: Set(to.person.map(|p| p.0)),
            item_id: Set(to.item.map(|i| i.0)),
            uploaded_by: Set(Some(to.uploader.0)),
            uploaded_at: Set(at),
            original_name: Set(object.original_name.clone()),
            size_bytes: Set(i64::try_from(object.size).unwrap_or(i64::MAX)),
            media_type: Set(object.kind.media_type().to_owned()),
            sha256: Set(object.sha256.clone()),
            storage_key: Set(object.key.clone()),
            review: Set(super::vocabulary::review(&Review::Pending).to_owned()),
            review_reason: Set(None),
            reviewed_by: Set(None),
            reviewed_at: Set(None),
            scan: Set(super::vocabulary::scan(object.scan).to_owned()),
            deleted_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let name = DisplayName::of(&object.original_name);
        audit(
            to.case,
            to.uploader,
            at,
            AuditAction::FileUploaded,
            name.as_str().to_owned(),
            Some(format!("{}, {} bytes", object.kind.label(), object.size)),
        )
        .insert(&txn)
        .await?;
        ids.push(FileId(saved.id));
    }
    txn.commit().await?;
    Ok(ids)
}

/// Records `review` of file `id` of case `case` by `actor`, with its audit event.
pub async fn review(
    db: &Db,
    case: CaseId,
    id: FileId,
    actor: UserId,
    review: &Review,
) -> Result<CaseFile, DbError> {
    let now = Utc::now().fixed_offset();
    let file = get(db, case, id).await?;
    let reason = match review {
        Review::NeedsAnotherCopy(reason) => Some(reason.as_str().to_owned()),
        _ => None,
    };
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let changed = case_files::Entity::update_many()
        .col_expr(
            case_files::Column::Review,
            super::vocabulary::review(review).into(),
        )
        .col_expr(case_files::Column::ReviewReason, reason.clone().into())
        .col_expr(case_files::Column::ReviewedBy, Some(actor.0).into())
        .col_expr(case_files::Column::ReviewedAt, Some(now).into())
        .filter(case_files::Column::Id.eq(id.0))
        .filter(case_files::Column::CaseId.eq(case.0))
        .filter(case_files::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(DbError::NotFound);
    }
    let verdict = match review {
        Review::Pending => "awaiting review".to_owned(),
        Review::Accepted => "accepted".to_owned(),
        Review::NeedsAnotherCopy(reason) => format!("needs another copy: {}", reason.as_str()),
    };
    audit(
        case,
        actor,
        now,
        AuditAction::FileReviewed,
        file.name.as_str().to_owned(),
        Some(verdict),
    )
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(CaseFile {
        review: review.clone(),
        ..file
    })
}

/// Marks file `id` of case `case` deleted (its object stays until a backup no longer
/// needs it: soft deletion), with its audit event.
pub async fn delete(db: &Db, case: CaseId, id: FileId, actor: UserId) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    let file = get(db, case, id).await?;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let changed = case_files::Entity::update_many()
        .col_expr(case_files::Column::DeletedAt, Some(now).into())
        .filter(case_files::Column::Id.eq(id.0))
        .filter(case_files::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(DbError::NotFound);
    }
    audit(
        case,
        actor,
        now,
        AuditAction::FileDeleted,
        file.name.as_str().to_owned(),
        None,
    )
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Which of `keys` have a row (deleted ones too: their objects are kept).
pub async fn known_keys(db: &Db, keys: &[String]) -> Result<Vec<String>, DbError> {
    struct Key {
        storage_key: String,
    }
    read_row!(Key { storage_key });
    let mut known = Vec::new();
    for batch in keys.chunks(500) {
        let query = case_files::Entity::find()
            .select_only()
            .column(case_files::Column::StorageKey)
            .filter(case_files::Column::StorageKey.is_in(batch.iter().cloned()));
        let rows: Vec<Key> = super::select_as(&query, db.conn()).await?;
        known.extend(rows.into_iter().map(|k| k.storage_key));
    }
    Ok(known)
}
