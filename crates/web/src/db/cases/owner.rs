//! `checklist_items.open_owner`: the consultant in charge while the item's case is open, else
//! NULL. Kept by every write of a case, so that the dashboard reads one consultant's open
//! items from one index instead of visiting each of their open cases (docs/performance-log.md).

use sea_orm::ConnectionTrait;
use softland_domain::case::CaseStatus;

use super::super::{DbError, statement};
use crate::ids::{CaseId, UserId};

/// The owner of a case's items: its consultant while it is open.
pub(crate) fn owner_of(status: &CaseStatus, consultant: UserId) -> Option<i64> {
    matches!(status, CaseStatus::Open).then_some(consultant.0)
}

/// Gives every item of `case` the owner `owner` (rows that have it already are left alone).
pub(crate) async fn sync(
    conn: &impl ConnectionTrait,
    case: CaseId,
    owner: Option<i64>,
) -> Result<(), DbError> {
    let sql = "UPDATE checklist_items SET open_owner = ? \
               WHERE case_id = ? AND open_owner IS DISTINCT FROM ?";
    let values = vec![owner.into(), case.0.into(), owner.into()];
    conn.execute_raw(statement(conn.get_database_backend(), sql, values))
        .await?;
    Ok(())
}

/// Gives `case`'s conversation (when it has one) its consultant after a reassignment.
pub(crate) async fn sync_conversation(
    conn: &impl ConnectionTrait,
    case: CaseId,
    consultant: UserId,
) -> Result<(), DbError> {
    let sql = "UPDATE conversations SET consultant_id = ? WHERE case_id = ?";
    let values = vec![consultant.0.into(), case.0.into()];
    conn.execute_raw(statement(conn.get_database_backend(), sql, values))
        .await?;
    Ok(())
}
