//! What an expat may see: only the cases whose people are linked to their account.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::people;
use super::{Db, DbError};
use crate::ids::{CaseId, UserId};

/// The cases of `user`'s household(s), oldest first.
pub async fn cases_of(db: &Db, user: UserId) -> Result<Vec<CaseId>, DbError> {
    let ids: Vec<i64> = people::Entity::find()
        .select_only()
        .column(people::Column::CaseId)
        .filter(people::Column::UserId.eq(user.0))
        .order_by_asc(people::Column::CaseId)
        .distinct()
        .into_tuple()
        .all(db.conn())
        .await?;
    Ok(ids.into_iter().map(CaseId).collect())
}

/// Whether `user` belongs to case `case` (else the case answers 404, as if it did not exist).
pub async fn may_see(db: &Db, user: UserId, case: CaseId) -> Result<bool, DbError> {
    Ok(cases_of(db, user).await?.contains(&case))
}
