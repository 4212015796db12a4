//! Changing the programme: each change in one transaction with its history line and the
//! mails it queues.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, TransactionTrait,
};
use softland_domain::buddy::{self, EndReason, MatchEvent, MatchState};

use super::read::{encode_languages, encode_spoken, encode_topics, to_profile};
use super::{AmbassadorStatus, Profile, RequestDetails, Stage};
use crate::audit::AuditAction;
use crate::auth::Role;
use crate::db::entities::{ambassadors, buddy_checkins, buddy_matches, people, users};
use crate::db::history::record as audit;
use crate::db::links::{self, Invitee};
use crate::db::outbox::{self, MailKind, MailText, NewMail, Notice};
use crate::db::vocabulary::{match_state, match_state_from};
use crate::db::{Constraint, Db, DbError};
use crate::ids::{AmbassadorId, CaseId, CheckInId, MatchId, PersonId, UserId};

/// A mail to queue with a change: to whom and what.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The address.
    pub to: String,
    /// The account it is for.
    pub recipient: Option<UserId>,
    /// The case it is about.
    pub case: Option<CaseId>,
    /// Its text.
    pub text: MailText,
}

async fn queue(conn: &impl ConnectionTrait, mail: &Mail, link: Option<i64>) -> Result<(), DbError> {
    outbox::enqueue_mail(
        conn,
        NewMail {
            to: &mail.to,
            subject: &mail.text.subject,
            body: &mail.text.body,
            link,
            notice: Some(Notice {
                kind: MailKind::Buddy,
                case: mail.case,
                recipient: mail.recipient,
                key: None,
            }),
        },
    )
    .await?;
    Ok(())
}

/// A change a match in its state does not take.
fn refused_step(from: &'static str, event: &'static str) -> DbError {
    DbError::Constraint(Constraint::MatchStep(buddy::InvalidStep { from, event }))
}

/// One history line of match `m`, in its case and under its newcomer's name.
async fn audit_match(
    conn: &DatabaseTransaction,
    m: &buddy_matches::Model,
    (actor, action): (UserId, AuditAction),
    after: String,
) -> Result<(), DbError> {
    let person = crate::db::first(people::Entity::find_by_id(m.person_id), conn)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let case = Some(CaseId(m.case_id));
    audit(conn, case, Some(actor), action, &person, Some(after)).await
}

/// Where an ambassador saw a newcomer's shared details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// In the list of their area's home page.
    InList,
    /// On the newcomer's own page.
    OnPage,
}

/// Records that ambassador `actor` saw the shared details of each newcomer of `seen`
/// (case, first name), in one transaction: what a buddy sees is in the newcomer's history.
pub async fn record_views(
    db: &Db,
    actor: UserId,
    seen: &[(CaseId, &str)],
    how: Seen,
) -> Result<(), DbError> {
    if seen.is_empty() {
        return Ok(());
    }
    let words = match how {
        Seen::InList => "In the buddy's list",
        Seen::OnPage => "On the buddy's page for them",
    };
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    for (case, first_name) in seen {
        audit(
            &txn,
            Some(*case),
            Some(actor),
            AuditAction::BuddyViewed,
            first_name,
            Some(words.to_owned()),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A first-password link for a new ambassador account (the accounts' one, `db::links`).
pub use crate::db::links::AccountLink;

/// A new ambassador: invited by the coordinator (active, mailed a link) or applying through
/// the public form (waiting for approval, no link yet).
pub struct NewAmbassador<'a> {
    /// Their name.
    pub name: &'a str,
    /// Their e-mail (their sign-in).
    pub email: &'a str,
    /// Active (invited) or applied.
    pub status: AmbassadorStatus,
    /// Their profile.
    pub profile: &'a Profile,
    /// The coordinator who invited them; `None` for an application.
    pub actor: Option<UserId>,
    /// The link to mail (invitations).
    pub link: Option<AccountLink<'a>>,
    /// A mail to queue as well (to the coordinators about an application).
    pub notify: Vec<Mail>,
}

fn profile_columns(model: &mut ambassadors::ActiveModel, profile: &Profile) {
    model.nationality = Set(profile.nationality.clone());
    model.languages = Set(encode_spoken(&profile.languages));
    model.years_here = Set(i64::from(profile.years_here));
    model.district = Set(profile.district.clone());
    model.occupation = Set(profile.occupation.clone());
    model.interests = Set(profile.interests.clone());
    model.family = Set(profile.family.clone());
    model.children_at_school = Set(profile.children_at_school);
    model.helps_with = Set(encode_topics(&profile.helps_with));
    model.capacity = Set(i64::from(profile.capacity.get()));
    model.available_until = Set(profile.available_until);
    model.introduction = Set(profile.introduction.clone());
    model.phone = Set(profile.phone.clone());
}

/// Opens an ambassador's account (role `buddy`, no password) and profile. A taken e-mail is
/// [`Constraint::EmailTaken`].
pub async fn create_ambassador(
    db: &Db,
    new: NewAmbassador<'_>,
) -> Result<(UserId, AmbassadorId), DbError> {
    let now = Utc::now();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let account = users::ActiveModel {
        email: Set(new.email.to_owned()),
        display_name: Set(new.name.to_owned()),
        phone: Set(new.profile.phone.clone().unwrap_or_default()),
        role: Set(Role::Buddy.as_str().to_owned()),
        password_hash: Set(None),
        active: Set(new.status == AmbassadorStatus::Active),
        created_at: Set(now.fixed_offset()),
        password_changed_at: Set(None),
        ..Default::default()
    };
    let user = crate::db::users::insert_unique(&txn, account, new.email).await?;
    let mut model = ambassadors::ActiveModel {
        user_id: Set(user.id),
        status: Set(new.status.stored().to_owned()),
        consent_at: Set(now.fixed_offset()),
        applied_at: Set(now.fixed_offset()),
        decided_at: Set(new.actor.map(|_| now.fixed_offset())),
        decided_by: Set(new.actor.map(|a| a.0)),
        version: Set(1),
        ..Default::default()
    };
    profile_columns(&mut model, new.profile);
    let saved = model.insert(&txn).await?;
    if let Some(link) = &new.link {
        let who = Invitee {
            user: UserId(user.id),
            actor: new.actor,
            name: new.name,
            email: new.email,
            kind: MailKind::Buddy,
        };
        links::invite(&txn, &who, link).await?;
    }
    for mail in &new.notify {
        queue(&txn, mail, None).await?;
    }
    let what = if new.actor.is_some() {
        "Invited"
    } else {
        "Applied"
    };
    audit(
        &txn,
        None,
        new.actor.or(Some(UserId(user.id))),
        AuditAction::AmbassadorChanged,
        new.name,
        Some(what.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok((UserId(user.id), AmbassadorId(saved.id)))
}

/// Takes the ambassador's row for this transaction: on PostgreSQL a second proposal to (or
/// a second edit of) the same ambassador waits here until the first commits, so their places
/// are counted, and their version compared, after it.
async fn take_ambassador(
    txn: &DatabaseTransaction,
    id: AmbassadorId,
) -> Result<ambassadors::Model, DbError> {
    // An update that changes nothing takes the row's lock without touching its version: a
    // proposal is no change of the ambassador's profile (no false "changed meanwhile").
    let done = ambassadors::Entity::update_many()
        .col_expr(
            ambassadors::Column::Version,
            Expr::col(ambassadors::Column::Version),
        )
        .filter(ambassadors::Column::Id.eq(id.0))
        .exec(txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    crate::db::first(ambassadors::Entity::find_by_id(id.0), txn)
        .await?
        .ok_or(DbError::NotFound)
}

/// Changes an ambassador's profile, if it is still at `version`.
pub async fn update_profile(
    db: &Db,
    id: AmbassadorId,
    version: i64,
    profile: &Profile,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = take_ambassador(&txn, id).await?;
    if row.version != version {
        return Err(changed_meanwhile());
    }
    let user = row.user_id;
    let mut model: ambassadors::ActiveModel = row.into();
    profile_columns(&mut model, profile);
    model.version = Set(version + 1);
    model.update(&txn).await?;
    users::Entity::update_many()
        .col_expr(
            users::Column::Phone,
            Expr::value(profile.phone.clone().unwrap_or_default()),
        )
        .filter(users::Column::Id.eq(user))
        .exec(&txn)
        .await?;
    let name = display_name(&txn, UserId(user)).await?;
    audit(
        &txn,
        None,
        Some(actor),
        AuditAction::AmbassadorChanged,
        &name,
        Some("Profile changed".to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn changed_meanwhile() -> DbError {
    DbError::Conflict(crate::db::cases::ChangedMeanwhile {
        by: None,
        at: Utc::now(),
    })
}

pub(super) async fn display_name(
    conn: &DatabaseTransaction,
    user: UserId,
) -> Result<String, DbError> {
    Ok(crate::db::first(users::Entity::find_by_id(user.0), conn)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default())
}

/// Sets an ambassador's status. Approving an applicant activates their account and mails
/// them a first-password link; declining one keeps their account shut. Pausing keeps their
/// matches; a paused ambassador is not suggested.
pub async fn set_status(
    db: &Db,
    id: AmbassadorId,
    status: AmbassadorStatus,
    actor: UserId,
    link: Option<AccountLink<'_>>,
) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = take_ambassador(&txn, id).await?;
    if status == AmbassadorStatus::Declined {
        let load = crate::db::count(
            &buddy_matches::Entity::find()
                .filter(buddy_matches::Column::AmbassadorId.eq(id.0))
                .filter(
                    buddy_matches::Column::State.is_in(Stage::stored_all(&Stage::TAKING_A_PLACE)),
                ),
            &txn,
        )
        .await?;
        if load > 0 {
            return Err(DbError::Constraint(Constraint::AmbassadorBusy(load)));
        }
    }
    let was = AmbassadorStatus::from_stored(&row.status);
    let user = crate::db::first(users::Entity::find_by_id(row.user_id), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let decided = was == Some(AmbassadorStatus::Applied) && status != AmbassadorStatus::Applied;
    ambassadors::Entity::update_many()
        .col_expr(ambassadors::Column::Status, Expr::value(status.stored()))
        .col_expr(
            ambassadors::Column::DecidedAt,
            if decided {
                Expr::value(Some(now))
            } else {
                Expr::col(ambassadors::Column::DecidedAt)
            },
        )
        .col_expr(
            ambassadors::Column::DecidedBy,
            if decided {
                Expr::value(Some(actor.0))
            } else {
                Expr::col(ambassadors::Column::DecidedBy)
            },
        )
        .filter(ambassadors::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    // Only a decision opens or shuts the account: approving (an applicant, or a declined one
    // after all) opens it, declining shuts it. Pausing and resuming leave it as it is — an
    // account an admin deactivated stays deactivated.
    let opens = status == AmbassadorStatus::Active
        && matches!(
            was,
            Some(AmbassadorStatus::Applied | AmbassadorStatus::Declined)
        );
    let shuts = status == AmbassadorStatus::Declined;
    if opens || shuts {
        users::Entity::update_many()
            .col_expr(users::Column::Active, Expr::value(opens))
            .filter(users::Column::Id.eq(row.user_id))
            .exec(&txn)
            .await?;
    }
    if shuts {
        crate::db::sessions::end_all(&txn, UserId(row.user_id), None).await?;
    }
    if let Some(link) = &link
        && user.password_hash.is_none()
        && opens
    {
        let who = Invitee {
            user: UserId(user.id),
            actor: Some(actor),
            name: &user.display_name,
            email: &user.email,
            kind: MailKind::Buddy,
        };
        links::invite(&txn, &who, link).await?;
    }
    audit(
        &txn,
        None,
        Some(actor),
        AuditAction::AmbassadorChanged,
        &user.display_name,
        Some(status.label().to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A newcomer's request.
pub struct NewRequest<'a> {
    /// The case.
    pub case: CaseId,
    /// The newcomer (a person of the case).
    pub person: PersonId,
    /// Who asked: the newcomer's account or their consultant.
    pub actor: UserId,
    /// What they ask for.
    pub details: &'a RequestDetails,
    /// Mails to queue (to the coordinators).
    pub notify: Vec<Mail>,
}

/// Stores a request, unless the person has one still open ([`Constraint::OpenRequest`]).
pub async fn request(db: &Db, new: NewRequest<'_>) -> Result<MatchId, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let person = crate::db::first(
        people::Entity::find()
            .filter(people::Column::Id.eq(new.person.0))
            .filter(people::Column::CaseId.eq(new.case.0)),
        &txn,
    )
    .await?
    .ok_or(DbError::NotFound)?;
    // Take the person's row: on PostgreSQL a second request for the same person waits here
    // until the first commits, and then sees it.
    people::Entity::update_many()
        .col_expr(people::Column::UserId, Expr::col(people::Column::UserId))
        .filter(people::Column::Id.eq(person.id))
        .exec(&txn)
        .await?;
    let open = crate::db::first(
        buddy_matches::Entity::find()
            .filter(buddy_matches::Column::PersonId.eq(new.person.0))
            .filter(buddy_matches::Column::State.is_in(Stage::stored_all(&Stage::OPEN))),
        &txn,
    )
    .await?;
    if open.is_some() {
        return Err(DbError::Constraint(Constraint::OpenRequest));
    }
    let d = new.details;
    let (state, _) = match_state(&MatchState::Requested);
    let saved = buddy_matches::ActiveModel {
        case_id: Set(new.case.0),
        person_id: Set(new.person.0),
        requested_by: Set(Some(new.actor.0)),
        languages: Set(encode_languages(&d.languages)),
        district: Set(d.district.clone()),
        topics: Set(encode_topics(&d.topics)),
        has_children: Set(d.has_children),
        wishes: Set(d.wishes.clone()),
        share_email: Set(d.share_email),
        share_phone: Set(d.share_phone),
        phone: Set(d.phone.clone()),
        consent_at: Set(now),
        state: Set(state.to_owned()),
        requested_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for mail in &new.notify {
        queue(&txn, mail, None).await?;
    }
    let topics = d
        .topics
        .iter()
        .map(|t| t.label())
        .collect::<Vec<_>>()
        .join(", ");
    audit(
        &txn,
        Some(new.case),
        Some(new.actor),
        AuditAction::BuddyRequested,
        &person.name,
        Some(format!("Help with {topics}")),
    )
    .await?;
    txn.commit().await?;
    Ok(MatchId(saved.id))
}

/// A step of a match.
pub struct Step<'a> {
    /// The match.
    pub id: MatchId,
    /// The version the actor saw (`None`: any).
    pub version: Option<i64>,
    /// What happens.
    pub event: MatchEvent,
    /// Who does it.
    pub actor: UserId,
    /// The ambassador proposed (with [`MatchEvent::Propose`]).
    pub ambassador: Option<AmbassadorId>,
    /// A reason (declining) or a note (ending).
    pub note: Option<&'a str>,
    /// The day, for availability.
    pub today: NaiveDate,
    /// Only this ambassador may take the step (the ambassador's own answers and check-ins):
    /// anyone else's match is not found.
    pub only_ambassador: Option<AmbassadorId>,
    /// Mails to queue with it.
    pub notify: Vec<Mail>,
}

/// What a step changed: the match's state before and after, and its ambassador.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stepped {
    /// Before.
    pub from: MatchState,
    /// After.
    pub to: MatchState,
    /// The version now.
    pub version: i64,
}

/// Moves a match one step (the domain decides whether it may), with a proposal re-checked
/// against the ambassador's places, status, availability and languages inside the
/// transaction.
pub async fn step(db: &Db, step: Step<'_>) -> Result<Stepped, DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(buddy_matches::Entity::find_by_id(step.id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if let Some(only) = step.only_ambassador
        && row.ambassador_id != Some(only.0)
    {
        return Err(DbError::NotFound);
    }
    if step.version.is_some_and(|v| v != row.version) {
        return Err(changed_meanwhile());
    }
    let from = match_state_from(&row.state, row.end_reason.as_deref()).ok_or_else(|| {
        DbError::Other(sea_orm::DbErr::Custom(format!(
            "unknown match state {}",
            row.state
        )))
    })?;
    let to = from
        .step(step.event)
        .map_err(|e| DbError::Constraint(Constraint::MatchStep(e)))?;
    let person = crate::db::first(people::Entity::find_by_id(row.person_id), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let (state, end_reason) = match_state(&to);
    let update = buddy_matches::Entity::update_many()
        .col_expr(buddy_matches::Column::State, Expr::value(state))
        .col_expr(buddy_matches::Column::Version, Expr::value(row.version + 1));
    let (update, subject) =
        event_columns(&txn, &step, &row, &person, update, end_reason, now).await?;
    let done = update
        .filter(buddy_matches::Column::Id.eq(row.id))
        .filter(buddy_matches::Column::Version.eq(row.version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(changed_meanwhile());
    }
    for mail in &step.notify {
        queue(&txn, mail, None).await?;
    }
    let after = match (step.event, step.note) {
        (MatchEvent::Decline | MatchEvent::End(_), Some(note)) if !note.trim().is_empty() => {
            Some(format!("{subject}: {}", note.trim()))
        }
        _ => Some(subject),
    };
    audit(
        &txn,
        Some(CaseId(row.case_id)),
        Some(step.actor),
        AuditAction::BuddyMatch,
        &person.name,
        after,
    )
    .await?;
    txn.commit().await?;
    Ok(Stepped {
        from,
        to,
        version: row.version + 1,
    })
}

/// The columns `step` sets besides the state, and the history line's words.
async fn event_columns(
    txn: &DatabaseTransaction,
    step: &Step<'_>,
    row: &buddy_matches::Model,
    person: &people::Model,
    update: sea_orm::UpdateMany<buddy_matches::Entity>,
    end_reason: Option<&'static str>,
    now: DateTime<chrono::FixedOffset>,
) -> Result<(sea_orm::UpdateMany<buddy_matches::Entity>, String), DbError> {
    let mut update = update;
    let mut subject = match step.event {
        MatchEvent::Propose => "Proposed".to_owned(),
        MatchEvent::Accept => "Accepted".to_owned(),
        MatchEvent::Decline => "Declined".to_owned(),
        MatchEvent::Start => "First meeting".to_owned(),
        MatchEvent::End(reason) => format!("Ended: {}", super::end_reason_label(reason)),
    };
    match step.event {
        MatchEvent::Propose => {
            let ambassador = step.ambassador.ok_or(DbError::NotFound)?;
            check_matchable(txn, row, person, ambassador, step.today).await?;
            update = update
                .col_expr(
                    buddy_matches::Column::AmbassadorId,
                    Expr::value(Some(ambassador.0)),
                )
                .col_expr(buddy_matches::Column::ProposedAt, Expr::value(Some(now)))
                .col_expr(
                    buddy_matches::Column::ProposedBy,
                    Expr::value(Some(step.actor.0)),
                )
                .col_expr(
                    buddy_matches::Column::DeclineReason,
                    Expr::value(Option::<String>::None),
                );
            let ambassador_user =
                crate::db::first(ambassadors::Entity::find_by_id(ambassador.0), txn)
                    .await?
                    .map(|a| a.user_id);
            if let Some(user) = ambassador_user {
                subject = format!("Proposed to {}", display_name(txn, UserId(user)).await?);
            }
        }
        MatchEvent::Accept => {
            update = update.col_expr(buddy_matches::Column::AcceptedAt, Expr::value(Some(now)));
        }
        MatchEvent::Decline => {
            update = update
                .col_expr(
                    buddy_matches::Column::AmbassadorId,
                    Expr::value(Option::<i64>::None),
                )
                .col_expr(
                    buddy_matches::Column::DeclineReason,
                    Expr::value(step.note.map(str::to_owned)),
                );
        }
        MatchEvent::Start => {
            update = update.col_expr(buddy_matches::Column::StartedAt, Expr::value(Some(now)));
        }
        MatchEvent::End(reason) => {
            update = update
                .col_expr(buddy_matches::Column::EndedAt, Expr::value(Some(now)))
                .col_expr(buddy_matches::Column::EndReason, Expr::value(end_reason))
                .col_expr(
                    buddy_matches::Column::EndNote,
                    Expr::value(step.note.map(str::to_owned)),
                );
            if reason == EndReason::Withdrawn && step.only_ambassador.is_none() {
                // Only the newcomer (or staff for them) withdraws.
                update = update.col_expr(
                    buddy_matches::Column::ConsentWithdrawnAt,
                    Expr::value(Some(now)),
                );
            }
        }
    }
    Ok((update, subject))
}

/// Why `ambassador` cannot take the newcomer of `row` now, counted inside the transaction.
async fn check_matchable(
    txn: &DatabaseTransaction,
    row: &buddy_matches::Model,
    person: &people::Model,
    ambassador: AmbassadorId,
    today: NaiveDate,
) -> Result<(), DbError> {
    let taken = take_ambassador(txn, ambassador).await?;
    let user = crate::db::first(users::Entity::find_by_id(taken.user_id), txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let load = crate::db::count(
        &buddy_matches::Entity::find()
            .filter(buddy_matches::Column::AmbassadorId.eq(ambassador.0))
            .filter(buddy_matches::Column::State.is_in(Stage::stored_all(&Stage::TAKING_A_PLACE))),
        txn,
    )
    .await?;
    let profile = to_profile(&taken)?;
    let candidate = buddy::Ambassador {
        account: taken.user_id,
        active: taken.status == AmbassadorStatus::Active.stored() && user.active,
        available_until: profile.available_until,
        capacity: profile.capacity,
        load: u8::try_from(load).unwrap_or(u8::MAX),
        languages: profile.languages,
        district: profile.district,
        children_at_school: profile.children_at_school,
        helps_with: profile.helps_with,
        years_here: profile.years_here,
    };
    let same_email = person
        .email
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case(&user.email));
    let request = buddy::Request {
        account: if same_email {
            taken.user_id
        } else {
            person.user_id.unwrap_or(0)
        },
        languages: super::read::decode_languages(&row.languages),
        district: row.district.clone(),
        topics: super::read::decode_topics(&row.topics),
        has_children: row.has_children,
    };
    match buddy::excluded(&request, &candidate, today) {
        Some(why) => Err(DbError::Constraint(Constraint::NotMatchable(why))),
        None => Ok(()),
    }
}

/// A check-in to store.
pub struct NewCheckIn<'a> {
    /// The match.
    pub id: MatchId,
    /// Its ambassador (any other match is not found).
    pub ambassador: AmbassadorId,
    /// The ambassador's account.
    pub author: UserId,
    /// When they met or spoke.
    pub met_on: NaiveDate,
    /// How it went.
    pub body: &'a str,
    /// Whether the centre should step in.
    pub needs_help: bool,
    /// Mails to queue with it.
    pub notify: Vec<Mail>,
}

/// A check-in by the match's ambassador; only an accepted or active match takes one (the
/// first check-in of an accepted match makes it active: they met).
pub async fn check_in(db: &Db, new: NewCheckIn<'_>) -> Result<CheckInId, DbError> {
    let NewCheckIn {
        id,
        ambassador,
        author,
        met_on,
        body,
        needs_help,
        notify,
    } = new;
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(buddy_matches::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if row.ambassador_id != Some(ambassador.0) {
        return Err(DbError::NotFound);
    }
    let state = match_state_from(&row.state, row.end_reason.as_deref());
    // The match moves on from the version read here or not at all: an end (or a withdrawn
    // consent) committed meanwhile is never undone by a check-in.
    let update = buddy_matches::Entity::update_many()
        .col_expr(buddy_matches::Column::Version, Expr::value(row.version + 1))
        .filter(buddy_matches::Column::Id.eq(row.id))
        .filter(buddy_matches::Column::Version.eq(row.version));
    let update = match state {
        Some(MatchState::Active) => update,
        Some(MatchState::Accepted) => {
            let started = MatchState::Accepted
                .step(MatchEvent::Start)
                .map_err(|e| DbError::Constraint(Constraint::MatchStep(e)))?;
            update
                .col_expr(
                    buddy_matches::Column::State,
                    Expr::value(match_state(&started).0),
                )
                .col_expr(buddy_matches::Column::StartedAt, Expr::value(Some(now)))
        }
        Some(other) => {
            return Err(refused_step(other.label(), "checked in on"));
        }
        None => return Err(DbError::NotFound),
    };
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(changed_meanwhile());
    }
    let saved = buddy_checkins::ActiveModel {
        match_id: Set(row.id),
        author_id: Set(Some(author.0)),
        met_on: Set(met_on),
        body: Set(body.to_owned()),
        needs_help: Set(needs_help),
        created_at: Set(now),
        handled_at: Set(None),
        handled_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for mail in &notify {
        queue(&txn, mail, None).await?;
    }
    let after = if needs_help {
        format!("Needs the centre's help (met {met_on})")
    } else {
        format!("Met {met_on}")
    };
    audit_match(&txn, &row, (author, AuditAction::BuddyCheckIn), after).await?;
    txn.commit().await?;
    Ok(CheckInId(saved.id))
}

/// Marks a call for help handled (staff; `only_consultant`: only on that consultant's cases).
pub async fn handle_checkin(
    db: &Db,
    id: CheckInId,
    actor: UserId,
    only_consultant: Option<UserId>,
) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(buddy_checkins::Entity::find_by_id(id.0), &txn)
        .await?
        .filter(|c| c.needs_help)
        .ok_or(DbError::NotFound)?;
    if let Some(consultant) = only_consultant {
        let m = crate::db::first(buddy_matches::Entity::find_by_id(row.match_id), &txn)
            .await?
            .ok_or(DbError::NotFound)?;
        let case = crate::db::first(
            crate::db::entities::cases::Entity::find_by_id(m.case_id),
            &txn,
        )
        .await?
        .ok_or(DbError::NotFound)?;
        if case.consultant_id != consultant.0 {
            return Err(DbError::NotFound);
        }
    }
    if row.handled_at.is_some() {
        txn.commit().await?;
        return Ok(());
    }
    buddy_checkins::Entity::update_many()
        .col_expr(buddy_checkins::Column::HandledAt, Expr::value(Some(now)))
        .col_expr(
            buddy_checkins::Column::HandledBy,
            Expr::value(Some(actor.0)),
        )
        .filter(buddy_checkins::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let m = crate::db::first(buddy_matches::Entity::find_by_id(row.match_id), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let done = "Call for help handled".to_owned();
    audit_match(&txn, &m, (actor, AuditAction::BuddyCheckIn), done).await?;
    txn.commit().await?;
    Ok(())
}

/// The newcomer's feedback on an ended match (1–5 and a comment); given once, changeable.
pub async fn feedback(
    db: &Db,
    id: MatchId,
    rating: u8,
    comment: Option<&str>,
    actor: UserId,
) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let row = crate::db::first(buddy_matches::Entity::find_by_id(id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let state = match_state_from(&row.state, row.end_reason.as_deref());
    let Some(MatchState::Ended(_)) = state else {
        let from = state.as_ref().map_or("unknown", MatchState::label);
        return Err(refused_step(
            from,
            "rated (feedback is given when a match has ended)",
        ));
    };
    if row.ambassador_id.is_none() || row.accepted_at.is_none() {
        return Err(refused_step("ended before anyone was matched", "rated"));
    }
    buddy_matches::Entity::update_many()
        .col_expr(
            buddy_matches::Column::Rating,
            Expr::value(Some(i64::from(rating))),
        )
        .col_expr(
            buddy_matches::Column::Feedback,
            Expr::value(comment.map(str::to_owned)),
        )
        .col_expr(buddy_matches::Column::FeedbackAt, Expr::value(Some(now)))
        .col_expr(buddy_matches::Column::Version, Expr::value(row.version + 1))
        .filter(buddy_matches::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let after = format!("Feedback: {rating} of 5");
    audit_match(&txn, &row, (actor, AuditAction::BuddyMatch), after).await?;
    txn.commit().await?;
    Ok(())
}

/// When each step of a match happened (the demo centre dates its programme in the past).
#[cfg(feature = "seed")]
#[derive(Debug, Clone, Copy, Default)]
pub struct MatchTimes {
    /// The request.
    pub requested: Option<DateTime<Utc>>,
    /// The (last) proposal.
    pub proposed: Option<DateTime<Utc>>,
    /// The acceptance.
    pub accepted: Option<DateTime<Utc>>,
    /// The first meeting.
    pub started: Option<DateTime<Utc>>,
    /// The end.
    pub ended: Option<DateTime<Utc>>,
}

/// Dates match `id`'s steps at `times` (those given).
#[cfg(feature = "seed")]
pub async fn date_match(db: &Db, id: MatchId, times: MatchTimes) -> Result<(), DbError> {
    let mut update = buddy_matches::Entity::update_many();
    for (column, at) in [
        (buddy_matches::Column::RequestedAt, times.requested),
        (buddy_matches::Column::ConsentAt, times.requested),
        (buddy_matches::Column::ProposedAt, times.proposed),
        (buddy_matches::Column::AcceptedAt, times.accepted),
        (buddy_matches::Column::StartedAt, times.started),
        (buddy_matches::Column::EndedAt, times.ended),
    ] {
        if let Some(at) = at {
            update = update.col_expr(column, Expr::value(at.fixed_offset()));
        }
    }
    let _guard = db.write_guard().await;
    update
        .filter(buddy_matches::Column::Id.eq(id.0))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Dates an ambassador's application at `at`.
#[cfg(feature = "seed")]
pub async fn date_application(db: &Db, id: AmbassadorId, at: DateTime<Utc>) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    ambassadors::Entity::update_many()
        .col_expr(
            ambassadors::Column::AppliedAt,
            Expr::value(at.fixed_offset()),
        )
        .col_expr(
            ambassadors::Column::ConsentAt,
            Expr::value(at.fixed_offset()),
        )
        .filter(ambassadors::Column::Id.eq(id.0))
        .exec(db.write_conn())
        .await?;
    Ok(())
}
