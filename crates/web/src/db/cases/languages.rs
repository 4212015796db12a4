//! The languages a household speaks (`cases.languages`, issue 21): a case-level change like
//! the others, so it takes the case's next version (its `ETag` changes) and writes a history
//! line.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use softland_domain::partner::Languages;

use super::changed_meanwhile;
use crate::audit::AuditAction;
use crate::db::entities::cases;
use crate::db::{Db, DbError};
use crate::ids::{CaseId, UserId};

/// Sets case `id`'s languages if it is still at `version` (any version when `None`);
/// returns the case's new version.
pub async fn set_languages(
    db: &Db,
    id: CaseId,
    version: Option<i64>,
    languages: &Languages,
    actor: UserId,
) -> Result<i64, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(cases::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let expected = version.unwrap_or(row.version);
    if expected != row.version {
        return Err(changed_meanwhile(&txn, row.updated_by, row.updated_at.to_utc()).await?);
    }
    let text = languages.to_text();
    let now = Utc::now().fixed_offset();
    // Only from the version read (another instance may write between): the row decides.
    let changed = cases::Entity::update_many()
        .col_expr(cases::Column::Languages, Expr::value(text.clone()))
        .col_expr(cases::Column::Version, Expr::value(expected + 1))
        .col_expr(cases::Column::UpdatedAt, Expr::value(now))
        .col_expr(cases::Column::UpdatedBy, Expr::value(actor.0))
        .filter(cases::Column::Id.eq(id.0))
        .filter(cases::Column::Version.eq(expected))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(changed_meanwhile(&txn, Some(actor.0), Utc::now()).await?);
    }
    let after = if text.is_empty() {
        "Not recorded (English)".to_owned()
    } else {
        text
    };
    crate::db::history::record(
        &txn,
        Some(id),
        Some(actor),
        AuditAction::HouseholdLanguages,
        "The household speaks",
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(expected + 1)
}
