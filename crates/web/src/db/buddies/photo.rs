//! An ambassador's photo in their row: which object of the file store it is, its type, size
//! and upload time. The object itself is written and deleted by `commands::buddies`; each
//! change here has its history line in the same transaction.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait};
use softland_domain::file::FileKind;

use super::write::display_name;
use crate::audit::AuditAction;
use crate::db::entities::ambassadors;
use crate::db::history::record as audit;
use crate::db::rows::read_row;
use crate::db::{Db, DbError};
use crate::ids::{AmbassadorId, UserId};

/// A photo stored in the file store, before a row names it.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    /// The object's key in the file store.
    pub key: String,
    /// What the bytes are.
    pub kind: FileKind,
    /// Bytes.
    pub size: u64,
}

/// Makes `photo` ambassador `id`'s photo, or removes theirs with `None`, with the history
/// line "Photo changed" or "Photo removed" by `actor`. Returns the key of the photo it
/// replaced or removed, whose object the caller deletes once this is committed (nothing
/// changes, and no line is written, when there is no photo to remove).
pub async fn set_photo(
    db: &Db,
    id: AmbassadorId,
    photo: Option<&NewPhoto>,
    actor: UserId,
) -> Result<Option<String>, DbError> {
    use ambassadors::Column as C;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    // Takes the row first (an update that changes nothing): on PostgreSQL a second change of
    // the same photo waits here, and then reads the key the first one stored.
    let taken = ambassadors::Entity::update_many()
        .col_expr(C::PhotoKey, Expr::col(C::PhotoKey))
        .filter(C::Id.eq(id.0))
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    let row = crate::db::first(ambassadors::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if photo.is_none() && row.photo_key.is_none() {
        return Ok(None);
    }
    let now = Utc::now().fixed_offset();
    ambassadors::Entity::update_many()
        .col_expr(C::PhotoKey, Expr::value(photo.map(|p| p.key.clone())))
        .col_expr(
            C::PhotoType,
            Expr::value(photo.map(|p| p.kind.media_type().to_owned())),
        )
        .col_expr(
            C::PhotoSize,
            Expr::value(photo.map(|p| i64::try_from(p.size).unwrap_or(i64::MAX))),
        )
        .col_expr(C::PhotoUploadedAt, Expr::value(photo.map(|_| now)))
        .filter(C::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let name = display_name(&txn, UserId(row.user_id)).await?;
    let what = if photo.is_some() {
        "Photo changed"
    } else {
        "Photo removed"
    };
    audit(
        &txn,
        None,
        Some(actor),
        AuditAction::AmbassadorChanged,
        &name,
        Some(what.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(row.photo_key)
}

/// Which of `keys` are an ambassador's photo (the file store's sweep keeps these objects).
pub async fn photo_keys(db: &Db, keys: &[String]) -> Result<Vec<String>, DbError> {
    struct Key {
        photo_key: String,
    }
    read_row!(Key { photo_key });
    let mut known = Vec::new();
    for batch in keys.chunks(500) {
        let query = ambassadors::Entity::find()
            .select_only()
            .column(ambassadors::Column::PhotoKey)
            .filter(ambassadors::Column::PhotoKey.is_in(batch.iter().cloned()));
        let rows: Vec<Key> = crate::db::select_as(&query, db.conn()).await?;
        known.extend(rows.into_iter().map(|k| k.photo_key));
    }
    Ok(known)
}
