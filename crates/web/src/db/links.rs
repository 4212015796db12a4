//! Single-use links: invitations of expats and password resets. Only a SHA-256 hash of each
//! token is stored; the mail that carries the link is queued in the same transaction.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::entities::{audit_events, link_tokens, people, sessions, users};
use super::{Db, DbError, outbox};
use crate::auth::Role;
use crate::ids::{CaseId, UserId};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An expat sets their first password.
    Invitation,
    /// Anyone sets a new password.
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
        }
    }
}

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkProblem {
    /// No such link (mistyped or forged).
    #[error("This link is not valid. Check that you copied all of it, or ask for a new one.")]
    Unknown,
    /// Used already.
    #[error("This link has been used already. Sign in, or ask for a new link.")]
    Used,
    /// Too old.
    #[error(
        "This link has expired. Ask your consultant for a new one, or request a new password link."
    )]
    Expired,
}

/// A new link: the token (shown once) and the full URL.
#[derive(Debug, Clone)]
pub struct NewLink {
    /// The secret token.
    pub token: String,
    /// `{base}/invite/{token}` or `{base}/password/reset/{token}`.
    pub url: String,
    /// When it stops working.
    pub expires_at: chrono::DateTime<Utc>,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// What an invitation is made from.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    /// The case.
    pub case: CaseId,
    /// The person's position in the case.
    pub position: i64,
    /// The consultant inviting.
    pub actor: UserId,
    /// The site's address, for the link.
    pub base_url: &'a str,
    /// How long the link works.
    pub ttl: Duration,
    /// The consultant's name, for the mail.
    pub from_name: &'a str,
}

/// Invites a person of a case: creates (or reuses) their expat account, links it to the
/// person, makes a single-use link and queues the mail, all in one transaction.
pub async fn invite(db: &Db, inv: Invitation<'_>) -> Result<NewLink, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let person = super::first(
        people::Entity::find()
            .filter(people::Column::CaseId.eq(inv.case.0))
            .filter(people::Column::Position.eq(inv.position)),
        &txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    let email = person.email.clone().ok_or_else(|| {
        DbError::Invalid(format!(
            "{} has no e-mail address in the case; add one first.",
            person.name
        ))
    })?;
    let user = super::first(
        users::Entity::find().filter(users::Column::Email.eq(&email)),
        &txn,
    )
    .await?;
    let user_id = match user {
        Some(u) if u.role != Role::Expat.as_str() => {
            return Err(DbError::Invalid(format!(
                "{email} belongs to a staff account and cannot be invited."
            )));
        }
        Some(u) => u.id,
        None => {
            let now = Utc::now().fixed_offset();
            let model = users::ActiveModel {
                email: Set(email.clone()),
                display_name: Set(person.name.clone()),
                phone: Set(String::new()),
                role: Set(Role::Expat.as_str().to_owned()),
                password_hash: Set(None),
                active: Set(true),
                created_at: Set(now),
                password_changed_at: Set(None),
                ..Default::default()
            };
            model.insert(&txn).await?.id
        }
    };
    if person.user_id.is_some_and(|u| u != user_id) {
        return Err(DbError::Invalid(format!(
            "{} is linked to another account already.",
            person.name
        )));
    }
    let mut linked: people::ActiveModel = person.clone().into();
    linked.user_id = Set(Some(user_id));
    linked.update(&txn).await?;
    let link = make_link(
        &txn,
        Purpose::Invitation,
        UserId(user_id),
        Some(inv.actor),
        inv.base_url,
        inv.ttl,
    )
    .await?;
    let body = format!(
        "Hello {},\n\n{} from the expat centre has set up your softland checklist: what is done, what comes next, by when, what to bring and where to go.\n\nSet your password here (the link works once, until {}):\n{}\n\nIf you did not expect this mail, you can ignore it.\n",
        person.name,
        inv.from_name,
        link.expires_at.format("%-d %b %Y %H:%M UTC"),
        link.url
    );
    outbox::enqueue(&txn, &email, "Your checklist at the expat centre", &body).await?;
    audit_events::ActiveModel {
        case_id: Set(Some(inv.case.0)),
        actor_id: Set(Some(inv.actor.0)),
        at: Set(Utc::now().fixed_offset()),
        action: Set("expat.invited".to_owned()),
        subject: Set(person.name.clone()),
        before: Set(None),
        after: Set(Some(email)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(link)
}

async fn make_link(
    conn: &impl sea_orm::ConnectionTrait,
    purpose: Purpose,
    user: UserId,
    created_by: Option<UserId>,
    base_url: &str,
    ttl: Duration,
) -> Result<NewLink, DbError> {
    let token = new_token();
    let now = Utc::now();
    let expires_at = now + ttl;
    link_tokens::ActiveModel {
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(hash(&token)),
        user_id: Set(user.0),
        created_by: Set(created_by.map(|u| u.0)),
        created_at: Set(now.fixed_offset()),
        expires_at: Set(expires_at.fixed_offset()),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let path = match purpose {
        Purpose::Invitation => "invite",
        Purpose::PasswordReset => "password/reset",
    };
    Ok(NewLink {
        url: format!("{}/{path}/{token}", base_url.trim_end_matches('/')),
        token,
        expires_at,
    })
}

/// Queues a password-reset mail when `email` belongs to an active account with a password
/// or an invitation; says nothing either way (the page answers the same for everyone).
pub async fn request_reset(
    db: &Db,
    email: &str,
    base_url: &str,
    ttl: Duration,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let email = email.trim().to_lowercase();
    let Some(user) = super::first(
        users::Entity::find().filter(users::Column::Email.eq(&email)),
        &txn,
    )
    .await?
    else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    let link = make_link(
        &txn,
        Purpose::PasswordReset,
        UserId(user.id),
        None,
        base_url,
        ttl,
    )
    .await?;
    let body = format!(
        "Hello {},\n\nsomeone (hopefully you) asked to set a new softland password for this address. Choose a new password here (the link works once, until {}):\n{}\n\nIf you did not ask for this, ignore this mail: your password stays as it is.\n",
        user.display_name,
        link.expires_at.format("%-d %b %Y %H:%M UTC"),
        link.url
    );
    outbox::enqueue(&txn, &email, "Set a new softland password", &body).await?;
    txn.commit().await?;
    Ok(())
}

async fn find(
    conn: &impl super::rows::ReadRows,
    token: &str,
    purpose: Purpose,
) -> Result<link_tokens::Model, LinkProblem> {
    let row = super::first(
        link_tokens::Entity::find()
            .filter(link_tokens::Column::TokenHash.eq(hash(token)))
            .filter(link_tokens::Column::Purpose.eq(purpose.as_str())),
        conn,
    )
    .await
    .map_err(|_| LinkProblem::Unknown)?
    .ok_or(LinkProblem::Unknown)?;
    if row.used_at.is_some() {
        return Err(LinkProblem::Used);
    }
    if row.expires_at.with_timezone(&Utc) <= Utc::now() {
        return Err(LinkProblem::Expired);
    }
    Ok(row)
}

/// Whether `token` can still be used; the account's e-mail when it can.
pub async fn check(db: &Db, token: &str, purpose: Purpose) -> Result<String, LinkProblem> {
    let row = find(db.conn(), token, purpose).await?;
    let user = super::first(users::Entity::find_by_id(row.user_id), db.conn())
        .await
        .ok()
        .flatten()
        .ok_or(LinkProblem::Unknown)?;
    Ok(user.email)
}

/// Why a link could not be redeemed.
#[derive(Debug, thiserror::Error)]
pub enum RedeemError {
    /// The link itself is the problem (shown to the user).
    #[error(transparent)]
    Link(#[from] LinkProblem),
    /// The store failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for RedeemError {
    fn from(err: sea_orm::DbErr) -> Self {
        RedeemError::Db(err.into())
    }
}

/// Uses `token` once: sets the new password hash, marks the link used and ends every
/// session of the account, in one transaction. Returns the account.
pub async fn redeem(
    db: &Db,
    token: &str,
    purpose: Purpose,
    password_hash: String,
) -> Result<UserId, RedeemError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = find(&txn, token, purpose).await?;
    let now = Utc::now().fixed_offset();
    let marked = link_tokens::Entity::update_many()
        .col_expr(
            link_tokens::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(link_tokens::Column::Id.eq(row.id))
        .filter(link_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(LinkProblem::Used.into());
    }
    let user = super::first(users::Entity::find_by_id(row.user_id), &txn)
        .await?
        .ok_or(LinkProblem::Unknown)?;
    let mut active: users::ActiveModel = user.into();
    active.password_hash = Set(Some(password_hash));
    active.password_changed_at = Set(Some(now));
    active.update(&txn).await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(row.user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(UserId(row.user_id))
}
