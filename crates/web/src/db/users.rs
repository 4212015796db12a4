//! Accounts: create, find, change password and role, (de)activate, list.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use std::sync::Arc;

use super::entities::users;
use super::rows::read_row;
use super::{Db, DbError};
use crate::auth::Role;
use crate::ids::UserId;

/// An account as stored.
#[derive(Clone)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Sign-in e-mail (lower case).
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Phone shown to expats (consultants).
    pub phone: String,
    /// Role.
    pub role: Role,
    /// argon2id hash; `None` until an invited expat sets a password.
    pub password_hash: Option<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// When the password last changed.
    pub password_changed_at: Option<DateTime<Utc>>,
    /// A team lead (staff): sees escalated items of the whole team.
    pub team_lead: bool,
    /// Staff: coordinates the buddy programme (issue 20).
    pub buddy_coordinator: bool,
    /// Employer accounts: the partner organisation they work for (issue 21).
    pub organisation: Option<crate::ids::OrganisationId>,
    /// What the account chose about mails (digest for staff, reminders for expats).
    pub notifications: Notifications,
}

/// An account's choices about the mails it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notifications {
    /// Staff: whether the daily digest is sent.
    pub digest: bool,
    /// Staff: their own digest time (`None`: the centre's).
    pub digest_time: Option<softland_domain::reminder::TimeOfDay>,
    /// Expats: whether reminders are sent (`None`: the centre's default).
    pub reminders: Option<bool>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// What a new account is made of.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Sign-in e-mail.
    pub email: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// argon2id hash, if a password is set now.
    pub password_hash: Option<String>,
}

/// The role stored as `text`.
pub(crate) fn stored_role(text: &str) -> Result<Role, DbError> {
    Role::parse(text)
        .ok_or_else(|| DbError::Other(sea_orm::DbErr::Custom(format!("unknown role {text}"))))
}

fn to_user(m: users::Model) -> Result<User, DbError> {
    let role = stored_role(&m.role)?;
    Ok(User {
        id: UserId(m.id),
        email: m.email,
        display_name: m.display_name,
        phone: m.phone,
        role,
        password_hash: m.password_hash,
        active: m.active,
        password_changed_at: m.password_changed_at.map(|t| t.with_timezone(&Utc)),
        team_lead: m.team_lead,
        buddy_coordinator: m.buddy_coordinator,
        organisation: m.organisation_id.map(crate::ids::OrganisationId),
        notifications: Notifications {
            digest: m.digest_enabled,
            digest_time: m
                .digest_time
                .as_deref()
                .and_then(|t| softland_domain::reminder::TimeOfDay::parse(t).ok()),
            reminders: super::vocabulary::reminder_choice_from(m.reminders.as_deref()),
        },
    })
}

/// A staff account as offered for choosing a consultant: no password hash, no phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Id.
    pub id: UserId,
    /// Sign-in e-mail.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Admin or consultant.
    pub role: Role,
}

impl From<&User> for StaffMember {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
        }
    }
}

/// The columns of a [`StaffMember`], as read.
struct StaffRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
}

read_row!(StaffRow {
    id,
    email,
    display_name,
    role
});

/// Creates an account; refuses an e-mail that is taken.
pub async fn create(db: &Db, new: NewUser<'_>) -> Result<UserId, DbError> {
    let _guard = db.write_guard().await;
    let email = new.email.trim().to_lowercase();
    if find_by_email(db, &email).await?.is_some() {
        return Err(DbError::Constraint(super::Constraint::EmailTaken));
    }
    let now = Utc::now().fixed_offset();
    let model = users::ActiveModel {
        email: Set(email),
        display_name: Set(new.display_name.trim().to_owned()),
        phone: Set(String::new()),
        role: Set(new.role.as_str().to_owned()),
        password_changed_at: Set(new.password_hash.as_ref().map(|_| now)),
        password_hash: Set(new.password_hash),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    };
    let saved = model.insert(db.write_conn()).await;
    db.staff.forget();
    match saved {
        Ok(saved) => Ok(UserId(saved.id)),
        // Another instance created the same e-mail between our check and the insert.
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Err(DbError::Constraint(super::Constraint::EmailTaken))
        }
        Err(err) => Err(err.into()),
    }
}

/// The account with `email` (case-insensitive).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<User>, DbError> {
    super::first(
        users::Entity::find().filter(users::Column::Email.eq(email.trim().to_lowercase())),
        db.conn(),
    )
    .await?
    .map(to_user)
    .transpose()
}

/// The account with `id`.
pub async fn get(db: &Db, id: UserId) -> Result<User, DbError> {
    super::first(users::Entity::find_by_id(id.0), db.conn())
        .await?
        .ok_or(DbError::NotFound)
        .and_then(to_user)
}

/// The active accounts that coordinate the buddy programme: admins, and consultants with the
/// permission (a few rows of the users table, not every expat's).
pub async fn coordinators(db: &Db) -> Result<Vec<User>, DbError> {
    let coordinating = sea_orm::Condition::any()
        .add(users::Column::Role.eq(Role::Admin.as_str()))
        .add(
            sea_orm::Condition::all()
                .add(users::Column::Role.eq(Role::Consultant.as_str()))
                .add(users::Column::BuddyCoordinator.eq(true)),
        );
    super::all(
        users::Entity::find()
            .filter(users::Column::Active.eq(true))
            .filter(coordinating)
            .order_by_asc(users::Column::Id),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(to_user)
    .collect()
}

/// Every account, staff first, then by e-mail. Every expat's too, so read off the async
/// workers (`Db::off_thread`).
pub async fn list(db: &Db) -> Result<Vec<User>, DbError> {
    db.off_thread(|db| async move {
        super::all(
            users::Entity::find()
                .order_by_asc(users::Column::Role)
                .order_by_asc(users::Column::Email),
            db.conn(),
        )
        .await?
        .into_iter()
        .map(to_user)
        .collect()
    })
    .await
}

/// Staff accounts (admins and consultants) that are active, by name. Offered on every case
/// page and case list, so read at most every [`super::CALENDAR_REUSE`] and at once after an
/// account is created or changed through this process (another instance sees the change
/// within that time; what is chosen is checked again when it is saved).
pub async fn list_staff(db: &Db) -> Result<Arc<[StaffMember]>, DbError> {
    db.staff.get_or_read(|| read_staff(db)).await
}

async fn read_staff(db: &Db) -> Result<Arc<[StaffMember]>, DbError> {
    let query = users::Entity::find()
        .select_only()
        .columns([
            users::Column::Id,
            users::Column::Email,
            users::Column::DisplayName,
            users::Column::Role,
        ])
        .filter(users::Column::Role.is_in([Role::Admin.as_str(), Role::Consultant.as_str()]))
        .filter(users::Column::Active.eq(true));
    let mut staff = super::select_as::<StaffRow>(&query, db.conn())
        .await?
        .into_iter()
        .map(|r| {
            Ok(StaffMember {
                role: stored_role(&r.role)?,
                id: UserId(r.id),
                email: r.email,
                display_name: r.display_name,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    // Sorted here: in SQL the two roles' ranges were merged by a sort of whole rows.
    staff.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(staff.into())
}

/// Changes account `id` in one transaction. A change that takes an active admin away
/// (`removes_admin`) is refused when no other active admin would remain: on PostgreSQL every
/// active admin's row is locked first, so that two concurrent demotions cannot both pass
/// (on SQLite the writer lock serialises them).
async fn update(
    db: &Db,
    id: UserId,
    removes_admin: bool,
    f: impl FnOnce(&mut users::ActiveModel),
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    // Every active admin first, in id order, then the account: two changes lock in the same
    // order, so they wait for each other instead of deadlocking.
    let admins = if removes_admin {
        let mut admins = users::Entity::find()
            .filter(users::Column::Role.eq(Role::Admin.as_str()))
            .filter(users::Column::Active.eq(true))
            .order_by_asc(users::Column::Id);
        if !db.is_sqlite() {
            admins = admins.lock_exclusive();
        }
        admins.all(&txn).await?
    } else {
        Vec::new()
    };
    let mut target = users::Entity::find_by_id(id.0);
    if !db.is_sqlite() {
        target = target.lock_exclusive();
    }
    let model = target.one(&txn).await?.ok_or(DbError::NotFound)?;
    let is_active_admin = model.active && model.role == Role::Admin.as_str();
    if removes_admin && is_active_admin && admins.iter().all(|a| a.id == id.0) {
        return Err(DbError::Constraint(super::Constraint::LastAdmin));
    }
    let mut active: users::ActiveModel = model.into();
    f(&mut active);
    active.update(&txn).await?;
    txn.commit().await?;
    db.staff.forget();
    Ok(())
}

/// Changes account `id`'s sign-in e-mail to `email` (lower case); refuses one another
/// account has. `notice` goes to the old address in the same transaction, so that an owner
/// whose account was taken over hears of it where they still read mail.
pub async fn change_email(
    db: &Db,
    id: UserId,
    email: &str,
    notice: &super::outbox::MailText,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let email = email.trim().to_lowercase();
    if find_by_email(db, &email)
        .await?
        .is_some_and(|other| other.id != id)
    {
        return Err(DbError::Constraint(super::Constraint::EmailTaken));
    }
    let txn = db.write_conn().begin().await?;
    let model = users::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let old = model.email.clone();
    let mut active: users::ActiveModel = model.into();
    active.email = Set(email);
    match active.update(&txn).await {
        Ok(_) => {}
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(DbError::Constraint(super::Constraint::EmailTaken));
        }
        Err(err) => return Err(err.into()),
    }
    super::outbox::enqueue(&txn, &old, &notice.subject, &notice.body).await?;
    txn.commit().await?;
    db.staff.forget();
    Ok(())
}

/// Allows or stops sign-in. The last active admin cannot be deactivated.
pub async fn set_active(db: &Db, id: UserId, active: bool) -> Result<(), DbError> {
    update(db, id, !active, |m| m.active = Set(active)).await
}

/// Changes the role. The last active admin keeps the admin role.
pub async fn set_role(db: &Db, id: UserId, role: Role) -> Result<(), DbError> {
    update(db, id, role != Role::Admin, |m| {
        m.role = Set(role.as_str().to_owned());
    })
    .await
}

/// Links expat account `user` to `person` of a case: the person the account belongs to, whose
/// case the expat then sees. Only expat accounts are linked.
pub async fn link_person(
    db: &Db,
    person: crate::ids::PersonId,
    user: UserId,
) -> Result<(), DbError> {
    use super::entities::people;
    use sea_orm::sea_query::Expr;

    if get(db, user).await?.role != Role::Expat {
        return Err(DbError::Constraint(super::Constraint::NotAnExpat));
    }
    let _guard = db.write_guard().await;
    let result = people::Entity::update_many()
        .col_expr(people::Column::UserId, Expr::value(user.0))
        .filter(people::Column::Id.eq(person.0))
        .exec(db.write_conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// How many accounts there are, for the admin overview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountCounts {
    /// Active admins.
    pub admins: u64,
    /// Active consultants.
    pub consultants: u64,
    /// Active expat accounts.
    pub expats: u64,
    /// Deactivated accounts of any role.
    pub inactive: u64,
}

/// Counts active accounts by role, and the deactivated ones.
pub async fn counts(db: &Db) -> Result<AccountCounts, DbError> {
    let active = |role: Role| {
        users::Entity::find()
            .filter(users::Column::Role.eq(role.as_str()))
            .filter(users::Column::Active.eq(true))
    };
    let inactive = users::Entity::find().filter(users::Column::Active.eq(false));
    Ok(AccountCounts {
        admins: super::count(&active(Role::Admin), db.conn()).await?,
        consultants: super::count(&active(Role::Consultant), db.conn()).await?,
        expats: super::count(&active(Role::Expat), db.conn()).await?,
        inactive: super::count(&inactive, db.conn()).await?,
    })
}

/// Inserts a new account in `txn`; an e-mail that has an account already is
/// [`Constraint::EmailTaken`](super::Constraint::EmailTaken) — checked first, and the unique
/// index decides when another request made the same e-mail's account meanwhile.
pub(crate) async fn insert_unique(
    txn: &sea_orm::DatabaseTransaction,
    account: users::ActiveModel,
    email: &str,
) -> Result<users::Model, DbError> {
    let taken = super::first(
        users::Entity::find().filter(users::Column::Email.eq(email)),
        txn,
    )
    .await?;
    if taken.is_some() {
        return Err(DbError::Constraint(super::Constraint::EmailTaken));
    }
    account.insert(txn).await.map_err(|err| {
        if matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ) {
            DbError::Constraint(super::Constraint::EmailTaken)
        } else {
            err.into()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db::fresh_db;

    fn names(staff: &[StaffMember]) -> Vec<&str> {
        staff.iter().map(|s| s.display_name.as_str()).collect()
    }

    #[tokio::test]
    async fn the_staff_list_follows_every_change_made_here_at_once() {
        let (db, _dir) = fresh_db().await;
        let new = |email, name, role| NewUser {
            email,
            display_name: name,
            role,
            password_hash: None,
        };
        let zoe = create(&db, new("zoe@example.com", "Zoë Malá", Role::Consultant))
            .await
            .unwrap();
        assert_eq!(names(&list_staff(&db).await.unwrap()), ["Zoë Malá"]);
        // Kept now: each change below must be seen by the next read all the same.
        create(&db, new("adam@example.com", "Adam Novák", Role::Admin))
            .await
            .unwrap();
        create(&db, new("expat@example.com", "An Expat", Role::Expat))
            .await
            .unwrap();
        let staff = list_staff(&db).await.unwrap();
        assert_eq!(names(&staff), ["Adam Novák", "Zoë Malá"]);
        assert_eq!(staff[0].role, Role::Admin);
        set_active(&db, zoe, false).await.unwrap();
        assert_eq!(names(&list_staff(&db).await.unwrap()), ["Adam Novák"]);
        set_active(&db, zoe, true).await.unwrap();
        set_role(&db, zoe, Role::Expat).await.unwrap();
        assert_eq!(names(&list_staff(&db).await.unwrap()), ["Adam Novák"]);
    }
}
