//! The `access_log` table (issue 23): batches of views inserted by `access::writer`, and the
//! admins' filtered, paged reading of it. The table is append-only (its migration's
//! triggers); the one change allowed — an erased person's own addresses set to NULL — is
//! a step of the erasure (`db/erasure/steps.rs`).

use std::collections::HashMap;
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::entities::{access_log, cases, people, users};
use super::{Db, DbError};
use crate::access::{AccessEntry, AccessKind, Viewed, Viewer};
use crate::auth::Role;
use crate::ids::{CaseId, FileId, PersonId, TokenId, UserId};

/// Which lines to read; every part left out matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessFilter {
    /// Views of this case.
    pub case: Option<CaseId>,
    /// Views of this person.
    pub person: Option<PersonId>,
    /// Views by this account.
    pub user: Option<UserId>,
    /// Views of this kind.
    pub kind: Option<AccessKind>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub until: Option<DateTime<Utc>>,
    /// From this address (exactly).
    pub address: Option<String>,
}

/// A line as admins see it: the entry with the viewer's name and the case's principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLine {
    /// Its id.
    pub id: i64,
    /// The entry.
    pub entry: AccessEntry,
    /// The viewer's name, if the account still exists.
    pub viewer_name: Option<String>,
    /// The case's principal's name, if the case still exists.
    pub case_name: Option<String>,
}

/// One page of lines, newest first, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPage {
    /// The lines.
    pub lines: Vec<AccessLine>,
    /// Every matching line.
    pub total: u64,
}

/// Inserts `entries` in one statement inside one transaction.
pub async fn insert(db: &Db, entries: &[AccessEntry]) -> Result<(), DbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows = entries.iter().map(|e| access_log::ActiveModel {
        at: Set(e.at.fixed_offset()),
        user_id: Set(e.viewer.user.0),
        token_id: Set(e.viewer.token.map(|t| t.0)),
        role: Set(e.viewer.role.as_str().to_owned()),
        kind: Set(e.kind.stored().to_owned()),
        case_id: Set(e.viewed.case.map(|c| c.0)),
        person_id: Set(e.viewed.person.map(|p| p.0)),
        file_id: Set(e.viewed.file.map(|f| f.0)),
        document_id: Set(e.viewed.document.map(|d| i64::from(d.get()))),
        address: Set(e.address.map(|a| a.to_string())),
        request_id: Set(e.request_id.clone()),
        ..Default::default()
    });
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    access_log::Entity::insert_many(rows).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The id of the person at `position` in `case`.
pub async fn person_at(
    db: &Db,
    case: CaseId,
    position: usize,
) -> Result<Option<PersonId>, DbError> {
    let position = i32::try_from(position).unwrap_or(i32::MAX);
    let found = super::first(
        people::Entity::find()
            .filter(people::Column::CaseId.eq(case.0))
            .filter(people::Column::Position.eq(position)),
        db.conn(),
    )
    .await?;
    Ok(found.map(|p| PersonId(p.id)))
}

fn condition(f: &AccessFilter) -> Condition {
    let mut c = Condition::all();
    if let Some(case) = f.case {
        c = c.add(access_log::Column::CaseId.eq(case.0));
    }
    if let Some(person) = f.person {
        c = c.add(access_log::Column::PersonId.eq(person.0));
    }
    if let Some(user) = f.user {
        c = c.add(access_log::Column::UserId.eq(user.0));
    }
    if let Some(kind) = f.kind {
        c = c.add(access_log::Column::Kind.eq(kind.stored()));
    }
    if let Some(from) = f.from {
        c = c.add(access_log::Column::At.gte(from.fixed_offset()));
    }
    if let Some(until) = f.until {
        c = c.add(access_log::Column::At.lt(until.fixed_offset()));
    }
    if let Some(address) = &f.address {
        c = c.add(access_log::Column::Address.eq(address.clone()));
    }
    c
}

/// The page `page` (from 1) of `per_page` lines matching `filter`, newest first.
pub async fn list(
    db: &Db,
    filter: &AccessFilter,
    page: u64,
    per_page: u64,
) -> Result<AccessPage, DbError> {
    let query = access_log::Entity::find().filter(condition(filter));
    let total = super::count(&query, db.conn()).await?;
    let rows = super::all(
        query
            .order_by_desc(access_log::Column::At)
            .order_by_desc(access_log::Column::Id)
            .offset(page.saturating_sub(1).saturating_mul(per_page))
            .limit(per_page),
        db.conn(),
    )
    .await?;
    let lines = named(db, rows).await?;
    Ok(AccessPage { lines, total })
}

/// The lines with their viewers' and cases' names, read in two queries.
async fn named(db: &Db, rows: Vec<access_log::Model>) -> Result<Vec<AccessLine>, DbError> {
    let user_ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let case_ids: Vec<i64> = rows.iter().filter_map(|r| r.case_id).collect();
    let names: HashMap<i64, String> = super::all(
        users::Entity::find().filter(users::Column::Id.is_in(user_ids)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|u| (u.id, u.display_name))
    .collect();
    let case_names: HashMap<i64, String> = super::all(
        cases::Entity::find().filter(cases::Column::Id.is_in(case_ids)),
        db.conn(),
    )
    .await?
    .into_iter()
    .map(|c| (c.id, c.principal_name))
    .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let viewer_name = names.get(&r.user_id).cloned();
            let case_name = r.case_id.and_then(|c| case_names.get(&c).cloned());
            let id = r.id;
            entry_of(r).map(|entry| AccessLine {
                id,
                entry,
                viewer_name,
                case_name,
            })
        })
        .collect())
}

fn entry_of(r: access_log::Model) -> Option<AccessEntry> {
    Some(AccessEntry {
        at: r.at.with_timezone(&Utc),
        viewer: Viewer {
            user: UserId(r.user_id),
            role: Role::parse(&r.role)?,
            token: r.token_id.map(TokenId),
        },
        kind: AccessKind::from_stored(&r.kind)?,
        viewed: Viewed {
            case: r.case_id.map(CaseId),
            person: r.person_id.map(PersonId),
            file: r.file_id.map(FileId),
            document: r
                .document_id
                .and_then(|d| u32::try_from(d).ok())
                .map(softland_domain::case::DocumentNo::new),
        },
        address: r.address.and_then(|a| a.parse::<IpAddr>().ok()),
        request_id: r.request_id,
    })
}
