//! What an expat may see: only the cases whose people are linked to their account.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::people;
use super::rows::read_row;
use super::{Db, DbError};
use crate::ids::{CaseId, PersonId, UserId};

struct CaseOf {
    case_id: i64,
}

read_row!(CaseOf { case_id });

/// The cases of `user`'s household(s), oldest first.
pub async fn cases_of(db: &Db, user: UserId) -> Result<Vec<CaseId>, DbError> {
    let query = people::Entity::find()
        .select_only()
        .column(people::Column::CaseId)
        .filter(people::Column::UserId.eq(user.0))
        .order_by_asc(people::Column::CaseId)
        .distinct();
    let ids: Vec<CaseOf> = super::select_as(&query, db.conn()).await?;
    Ok(ids.into_iter().map(|r| CaseId(r.case_id)).collect())
}

/// Whether `user` belongs to case `case` (else the case answers 404, as if it did not exist).
pub async fn may_see(db: &Db, user: UserId, case: CaseId) -> Result<bool, DbError> {
    Ok(cases_of(db, user).await?.contains(&case))
}

struct PersonOf {
    id: i64,
}

read_row!(PersonOf { id });

/// The people of any case that are `user` themself (the account is linked to them).
pub async fn own_people(db: &Db, user: UserId) -> Result<Vec<PersonId>, DbError> {
    let query = people::Entity::find()
        .select_only()
        .column(people::Column::Id)
        .filter(people::Column::UserId.eq(user.0));
    let ids: Vec<PersonOf> = super::select_as(&query, db.conn()).await?;
    Ok(ids.into_iter().map(|r| PersonId(r.id)).collect())
}
