//! A case's history: who changed what and when, before → after, from the audit events.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::rows::read_row;

use super::entities::{audit_events, users};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::{CaseId, UserId};

/// One history line.
#[derive(Debug, Clone)]
pub struct Event {
    /// The event's number (newer events have larger ones), for paging.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (display name), when known.
    pub actor: Option<String>,
    /// What.
    pub action: AuditAction,
    /// What it concerned.
    pub subject: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

/// An actor's name, read by column name, not as a tuple (`db::reader` says why).
struct Actor {
    id: i64,
    display_name: String,
}

read_row!(Actor { id, display_name });

/// Up to `limit` events of case `id` older than event `before` (all of them when `None`),
/// newest first: one page of the case's history.
pub async fn older_of_case(
    db: &Db,
    id: CaseId,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<Event>, DbError> {
    let mut query = audit_events::Entity::find().filter(audit_events::Column::CaseId.eq(id.0));
    if let Some(before) = before {
        query = query.filter(audit_events::Column::Id.lt(before));
    }
    let rows = super::first_n(
        query.order_by_desc(audit_events::Column::Id),
        limit,
        db.conn(),
    )
    .await?;
    let mut actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names_query = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::DisplayName)
        .filter(users::Column::Id.is_in(actor_ids));
    let names: Vec<(i64, String)> = super::select_as::<Actor>(&names_query, db.conn())
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    rows.into_iter()
        .map(|r| {
            let action = AuditAction::from_stored(&r.action).ok_or_else(|| {
                DbError::Other(sea_orm::DbErr::Custom(format!(
                    "audit event {} has an unknown action {:?}",
                    r.id, r.action
                )))
            })?;
            Ok(Event {
                id: r.id,
                at: r.at.with_timezone(&Utc),
                actor: r.actor_id.and_then(|a| {
                    names
                        .iter()
                        .find(|(id, _)| *id == a)
                        .map(|(_, n)| n.clone())
                }),
                action,
                subject: r.subject,
                before: r.before,
                after: r.after,
            })
        })
        .collect()
}

/// Writes one history line (on `conn`, so inside the change's transaction).
pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    case: Option<CaseId>,
    actor: Option<UserId>,
    action: AuditAction,
    subject: &str,
    after: Option<String>,
) -> Result<(), DbError> {
    audit_events::ActiveModel {
        case_id: Set(case.map(|c| c.0)),
        actor_id: Set(actor.map(|a| a.0)),
        at: Set(Utc::now().fixed_offset()),
        action: Set(action.stored().to_owned()),
        subject: Set(subject.to_owned()),
        before: Set(None),
        after: Set(after),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
