//! Two-factor sign-in (issue 23): an account's TOTP secret as stored (masked with the server
//! key by `auth::two_factor`), the newest time step used (a code is accepted only for a later
//! step, checked and moved in one UPDATE so two requests cannot both use one code), its
//! recovery codes (hashes only; a code is spent by one UPDATE of an unused row), and the
//! centre's security settings. Every change ends the account's other sessions and writes an
//! audit line in the same transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait,
    QueryFilter, TransactionTrait,
};

use super::entities::{api_tokens, recovery_codes, security_settings, two_factor, users};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::auth::Role;
use crate::ids::UserId;

/// An account's enrolment as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// The secret as stored (masked: `auth::two_factor::unmask` reads it).
    pub stored_secret: String,
    /// When it was set up.
    pub enrolled_at: DateTime<Utc>,
    /// The newest time step accepted.
    pub last_step: Option<u64>,
    /// When a code (or a recovery code) was last accepted.
    pub last_used_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("enrolled_at", &self.enrolled_at)
            .field("last_step", &self.last_step)
            .finish_non_exhaustive()
    }
}

/// What a change of an account's two-factor records, and which session survives it.
#[derive(Debug, Clone)]
pub struct Consequences<'a> {
    /// Who made it (the owner, or an admin).
    pub actor: UserId,
    /// The audit line's words ("set up", "reset by an admin: lost phone").
    pub note: String,
    /// The session that made it, which stays signed in (none: every session ends).
    pub keep_session: Option<&'a str>,
    /// Whether the account's API tokens are revoked too (an admin's reset).
    pub revoke_tokens: bool,
}

fn to_enrolment(row: two_factor::Model) -> Enrolment {
    Enrolment {
        stored_secret: row.secret,
        enrolled_at: row.enrolled_at.with_timezone(&Utc),
        last_step: row.last_step.and_then(|s| u64::try_from(s).ok()),
        last_used_at: row.last_used_at.map(|t| t.with_timezone(&Utc)),
    }
}

fn step_value(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// `user`'s enrolment, if they have one.
pub async fn get(db: &Db, user: UserId) -> Result<Option<Enrolment>, DbError> {
    let row = super::first(two_factor::Entity::find_by_id(user.0), db.write_conn()).await?;
    Ok(row.map(to_enrolment))
}

/// Sets up two-factor for `user`: the secret, the step of the code that confirmed it (so
/// that code cannot sign in again), the hashes of the new recovery codes. Never replaces an
/// enrolment (a new secret means turning it off first, with the password and a code):
/// `false`, and nothing changed, when the account has one.
pub async fn enrol(
    db: &Db,
    user: UserId,
    stored_secret: &str,
    confirmed_step: u64,
    code_hashes: &[String],
    then: &Consequences<'_>,
) -> Result<bool, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let now = Utc::now().fixed_offset();
    if super::first(two_factor::Entity::find_by_id(user.0), &txn)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    two_factor::ActiveModel {
        user_id: Set(user.0),
        secret: Set(stored_secret.to_owned()),
        enrolled_at: Set(now),
        last_step: Set(Some(step_value(confirmed_step))),
        last_used_at: Set(Some(now)),
    }
    .insert(&txn)
    .await?;
    store_codes(&txn, user, code_hashes).await?;
    finish(&txn, user, then).await?;
    txn.commit().await?;
    Ok(true)
}

/// Replaces `user`'s recovery codes (the old ones stop working).
pub async fn replace_codes(
    db: &Db,
    user: UserId,
    code_hashes: &[String],
    then: &Consequences<'_>,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    store_codes(&txn, user, code_hashes).await?;
    finish(&txn, user, then).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes `user`'s two-factor (disabled by the owner, or reset by an admin). Removing what
/// is not there is not an error: the audit line and the sessions' end still happen.
pub async fn remove(db: &Db, user: UserId, then: &Consequences<'_>) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    two_factor::Entity::delete_by_id(user.0).exec(&txn).await?;
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user.0))
        .exec(&txn)
        .await?;
    finish(&txn, user, then).await?;
    txn.commit().await?;
    Ok(())
}

async fn store_codes(
    conn: &DatabaseTransaction,
    user: UserId,
    hashes: &[String],
) -> Result<(), DbError> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user.0))
        .exec(conn)
        .await?;
    if hashes.is_empty() {
        return Ok(());
    }
    recovery_codes::Entity::insert_many(hashes.iter().map(|hash| recovery_codes::ActiveModel {
        user_id: Set(user.0),
        code_hash: Set(hash.clone()),
        used_at: Set(None),
        ..Default::default()
    }))
    .exec(conn)
    .await?;
    Ok(())
}

/// The audit line, the end of the other sessions (and tokens, on a reset).
async fn finish(
    conn: &DatabaseTransaction,
    user: UserId,
    then: &Consequences<'_>,
) -> Result<(), DbError> {
    let email = super::first(users::Entity::find_by_id(user.0), conn)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    super::history::record(
        conn,
        None,
        Some(then.actor),
        AuditAction::TwoFactorChanged,
        &email,
        Some(then.note.clone()),
    )
    .await?;
    super::sessions::end_all(conn, user, then.keep_session).await?;
    if then.revoke_tokens {
        api_tokens::Entity::update_many()
            .col_expr(
                api_tokens::Column::RevokedAt,
                Expr::value(Utc::now().fixed_offset()),
            )
            .filter(api_tokens::Column::UserId.eq(user.0))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Records that `user` used the code of `step`, if no code of that step or a later one was
/// used before: `false` is a replay (checked and moved in one statement).
pub async fn use_step(db: &Db, user: UserId, step: u64) -> Result<bool, DbError> {
    let step = step_value(step);
    let _guard = db.write_guard().await;
    let result = two_factor::Entity::update_many()
        .col_expr(two_factor::Column::LastStep, Expr::value(step))
        .col_expr(
            two_factor::Column::LastUsedAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .filter(two_factor::Column::UserId.eq(user.0))
        .filter(
            Condition::any()
                .add(two_factor::Column::LastStep.is_null())
                .add(two_factor::Column::LastStep.lt(step)),
        )
        .exec(db.write_conn())
        .await?;
    Ok(result.rows_affected == 1)
}

/// Spends `user`'s unused recovery code with `hash`: `false` if there is none (wrong, or
/// used already). The lookup by hash is the comparison: no byte of the code is compared.
pub async fn use_recovery_code(db: &Db, user: UserId, hash: &str) -> Result<bool, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let spent = recovery_codes::Entity::update_many()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(now))
        .filter(recovery_codes::Column::UserId.eq(user.0))
        .filter(recovery_codes::Column::CodeHash.eq(hash))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(db.write_conn())
        .await?;
    if spent.rows_affected != 1 {
        return Ok(false);
    }
    two_factor::Entity::update_many()
        .col_expr(two_factor::Column::LastUsedAt, Expr::value(now))
        .filter(two_factor::Column::UserId.eq(user.0))
        .exec(db.write_conn())
        .await?;
    Ok(true)
}

/// How many of `user`'s recovery codes are unused.
pub async fn codes_left(db: &Db, user: UserId) -> Result<u64, DbError> {
    let query = recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user.0))
        .filter(recovery_codes::Column::UsedAt.is_null());
    Ok(super::count(&query, db.write_conn()).await?)
}

/// Whether the centre requires two-factor of every staff member (admins always need it).
pub async fn requires_all_staff(db: &Db) -> Result<bool, DbError> {
    let row = super::first(security_settings::Entity::find_by_id(1), db.conn()).await?;
    Ok(row.is_some_and(|r| r.require_all_staff))
}

/// Sets [`requires_all_staff`], with an audit line.
pub async fn set_requires_all_staff(db: &Db, on: bool, by: UserId) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    security_settings::Entity::update_many()
        .col_expr(security_settings::Column::RequireAllStaff, Expr::value(on))
        .col_expr(
            security_settings::Column::UpdatedAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .col_expr(security_settings::Column::UpdatedBy, Expr::value(by.0))
        .filter(security_settings::Column::Id.eq(1))
        .exec(&txn)
        .await?;
    let words = if on {
        "two-factor required of all staff"
    } else {
        "two-factor required of admins only"
    };
    super::history::record(
        &txn,
        None,
        Some(by),
        AuditAction::SecuritySettingsChanged,
        "security settings",
        Some(words.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// One staff member's two-factor, as the admins' security page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFactor {
    /// The account.
    pub user: UserId,
    /// Their name.
    pub name: String,
    /// Their sign-in e-mail.
    pub email: String,
    /// Admin or consultant.
    pub role: Role,
    /// Whether the account is active.
    pub active: bool,
    /// When they set up two-factor (none: not set up).
    pub enrolled_at: Option<DateTime<Utc>>,
    /// Unused recovery codes.
    pub codes_left: u64,
    /// When a code was last accepted.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Every staff account with its two-factor, by name (three queries, whatever the number).
pub async fn staff_overview(db: &Db) -> Result<Vec<StaffFactor>, DbError> {
    let staff = super::all(
        users::Entity::find()
            .filter(users::Column::Role.is_in([Role::Admin.as_str(), Role::Consultant.as_str()])),
        db.conn(),
    )
    .await?;
    let enrolments = super::all(two_factor::Entity::find(), db.conn()).await?;
    let unused = super::all(
        recovery_codes::Entity::find().filter(recovery_codes::Column::UsedAt.is_null()),
        db.conn(),
    )
    .await?;
    let mut list = Vec::with_capacity(staff.len());
    for u in staff {
        list.push({
            let enrolment = enrolments.iter().find(|e| e.user_id == u.id);
            StaffFactor {
                user: UserId(u.id),
                role: super::users::stored_role(&u.role)?,
                active: u.active,
                enrolled_at: enrolment.map(|e| e.enrolled_at.with_timezone(&Utc)),
                last_used_at: enrolment.and_then(|e| e.last_used_at.map(|t| t.with_timezone(&Utc))),
                codes_left: unused.iter().filter(|c| c.user_id == u.id).count() as u64,
                name: u.display_name,
                email: u.email,
            }
        });
    }
    list.sort_by(|a, b| a.name.cmp(&b.name).then(a.email.cmp(&b.email)));
    Ok(list)
}
