//! The portal's side of an invitation to an account in use: the requests waiting for an
//! expat to confirm that they are a person of a case, and their answer.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::super::entities::people;
use super::super::rows::{ReadRows, read_row};
use super::super::{Db, DbError};
use super::audit;
use crate::audit::AuditAction;
use crate::ids::{CaseId, PersonId, UserId};

/// A request, waiting for an expat, to confirm that they are a person of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    /// The person.
    pub person: i64,
    /// The person's name as the consultant entered it.
    pub name: String,
    /// The name of the case's principal (the household's first person).
    pub principal: String,
    /// The consultant in charge.
    pub consultant: String,
}

read_row!(LinkRequest {
    person,
    name,
    principal,
    consultant
});

/// The requests waiting for `user`.
pub async fn requests_for(db: &Db, user: UserId) -> Result<Vec<LinkRequest>, DbError> {
    const SQL: &str = "SELECT p.id AS person, p.name AS name, pr.name AS principal, \
         u.display_name AS consultant FROM people p \
         JOIN cases c ON c.id = p.case_id \
         JOIN people pr ON pr.case_id = p.case_id AND pr.position = 0 \
         JOIN users u ON u.id = c.consultant_id \
         WHERE p.pending_user_id = ? ORDER BY p.id";
    let backend = db.conn().get_database_backend();
    let statement = super::super::statement(backend, SQL, vec![user.0.into()]);
    Ok(db.conn().read_rows(statement).await?)
}

/// The expat's answer to a [`LinkRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// "Yes, that is me": the account is linked to the person.
    Confirm,
    /// "No": the request is dropped.
    Decline,
}

/// Answers the request of `person` for `user`; a request that is not `user`'s (or no
/// longer waiting) is "not found".
pub async fn answer(
    db: &Db,
    user: UserId,
    person: PersonId,
    answer: Answer,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = super::super::first(
        people::Entity::find_by_id(person.0).filter(people::Column::PendingUserId.eq(user.0)),
        &txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let mut update = people::Entity::update_many()
        .col_expr(
            people::Column::PendingUserId,
            Expr::value(Option::<i64>::None),
        )
        .filter(people::Column::Id.eq(person.0))
        .filter(people::Column::PendingUserId.eq(user.0));
    let action = match answer {
        Answer::Confirm => {
            update = update
                .col_expr(people::Column::UserId, Expr::value(user.0))
                .filter(people::Column::UserId.is_null());
            AuditAction::ExpatLinkConfirmed
        }
        Answer::Decline => AuditAction::ExpatLinkDeclined,
    };
    if update.exec(&txn).await?.rows_affected != 1 {
        return Err(DbError::NotFound);
    }
    audit(
        &txn,
        CaseId(row.case_id),
        Some(user),
        action,
        &row.name,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
