//! Alerts to the admins: an audit event and a mail to every active admin, at most once per
//! subject within a period (the same throttle table counts them, so several instances agree).

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::entities::{audit_events, users};
use super::outbox::MailText;
use super::throttle::{self, Rule};
use super::{Db, DbError, outbox};
use crate::audit::AuditAction;
use crate::auth::Role;

/// An alert about `subject`.
#[derive(Debug, Clone)]
pub struct Alert<'a> {
    /// What it is about (an account's e-mail): at most one alert per subject and period.
    pub subject: &'a str,
    /// The period.
    pub once_within: Duration,
    /// The audit event's action.
    pub action: AuditAction,
    /// The mail.
    pub mail: MailText,
}

/// Records the alert and mails every active admin, unless the same alert went out within
/// its period; returns whether it went out now.
pub async fn send_to_admins_once(db: &Db, alert: &Alert<'_>) -> Result<bool, DbError> {
    let rule = Rule {
        key: format!(
            "alert:{}:{}",
            alert.action.stored(),
            throttle::subject(alert.subject)
        ),
        limit: 1,
        window: alert.once_within,
        counting: throttle::Counting::Reserved,
    };
    let Ok(sent) = throttle::reserve(db, &[rule]).await? else {
        return Ok(false);
    };
    throttle::keep(db, sent).await?;
    let admins = super::all(
        users::Entity::find()
            .filter(users::Column::Role.eq(Role::Admin.as_str()))
            .filter(users::Column::Active.eq(true)),
        db.conn(),
    )
    .await?;
    let _guard = db.write_guard().await;
    let txn = sea_orm::TransactionTrait::begin(db.write_conn()).await?;
    audit_events::ActiveModel {
        case_id: Set(None),
        actor_id: Set(None),
        at: Set(Utc::now().fixed_offset()),
        action: Set(alert.action.stored().to_owned()),
        subject: Set(alert.subject.to_owned()),
        before: Set(None),
        after: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for admin in admins {
        outbox::enqueue(&txn, &admin.email, &alert.mail.subject, &alert.mail.body).await?;
    }
    txn.commit().await?;
    Ok(true)
}
