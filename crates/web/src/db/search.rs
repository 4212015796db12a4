//! The search in the navigation: people of the whole team's cases found by name, e-mail or
//! passport number (the case list's search: `case_list::search_condition`), and checklist
//! items found by title. Each kind is bounded; one statement per kind plus one for the
//! routes, never one per row. User text is always bound as a parameter.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Value};
use softland_domain::person::Relation;
use softland_domain::status::StatusKind;

use super::case_list::{ListStatus, like_pattern, search_condition};
use super::cases::write::person_search_text;
use super::entities::case_routes;
use super::rows::{ReadRows, read_row};
use super::{Db, DbError};
use crate::ids::CaseId;

/// A person found, with their case.
#[derive(Debug, Clone)]
pub struct PersonFound {
    /// Their case.
    pub case: CaseId,
    /// Their name.
    pub name: String,
    /// Their relation to the case's principal.
    pub relation: Relation,
    /// The principal's name (their own, for the principal).
    pub principal: String,
    /// Their e-mail, if known.
    pub email: Option<String>,
    /// The case's status.
    pub status: ListStatus,
    /// The case's consultant's name.
    pub consultant: String,
    /// The case's route keys, in the case's order.
    pub routes: Vec<String>,
}

/// A checklist item found, with its case.
#[derive(Debug, Clone)]
pub struct ItemFound {
    /// Its case.
    pub case: CaseId,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: StatusKind,
    /// Its route key (none for an item a consultant added).
    pub route: Option<String>,
    /// The name of the person it is for (none: the household's).
    pub holder: Option<String>,
    /// The case's principal's name.
    pub principal: String,
    /// The case's consultant's name.
    pub consultant: String,
}

/// Up to `limit` found, and whether there are more.
#[derive(Debug, Clone)]
pub struct Found<T> {
    /// What was found, at most the limit.
    pub rows: Vec<T>,
    /// Whether more matched than are shown.
    pub more: bool,
}

struct PersonRecord {
    case_id: i64,
    name: String,
    relation: String,
    email: Option<String>,
    passport_number: Option<String>,
    principal: String,
    status: String,
    consultant: String,
}

read_row!(PersonRecord {
    case_id,
    name,
    relation,
    email,
    passport_number,
    principal,
    status,
    consultant
});

/// The people whose name, e-mail or passport number holds `text`, in the first `limit` cases
/// (by principal's name) where someone does, of every consultant and status.
pub async fn people(db: &Db, text: &str, limit: u64) -> Result<Found<PersonFound>, DbError> {
    let Ok(cases) = i64::try_from(limit.saturating_add(1)) else {
        return Ok(Found {
            rows: Vec::new(),
            more: false,
        });
    };
    let mut values = Vec::new();
    let condition = search_condition(text, &mut values);
    // The cases are chosen first, then every person of those cases is read and the ones who
    // match are kept (`person_search_text`, the same text the case's search_text joins).
    let sql = format!(
        "SELECT p.case_id AS case_id, p.name AS name, p.relation AS relation, p.email AS email, \
         p.passport_number AS passport_number, c.principal_name AS principal, \
         c.status AS status, u.display_name AS consultant \
         FROM people p JOIN cases c ON c.id = p.case_id JOIN users u ON u.id = c.consultant_id \
         WHERE p.case_id IN (SELECT c.id FROM cases c WHERE {condition} \
           ORDER BY LOWER(c.principal_name), c.id LIMIT {cases}) \
         ORDER BY LOWER(c.principal_name), c.id, p.position"
    );
    let backend = db.conn().get_database_backend();
    let records: Vec<PersonRecord> = db
        .conn()
        .read_rows(super::statement(backend, &sql, values))
        .await?;
    let mut case_ids: Vec<i64> = records.iter().map(|r| r.case_id).collect();
    case_ids.dedup();
    let more_cases = case_ids.len() as u64 > limit;
    case_ids.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut routes = routes_of(db, &case_ids).await?;
    let needle = text.to_lowercase();
    let mut rows = Vec::new();
    for id in &case_ids {
        let household: Vec<&PersonRecord> = records.iter().filter(|r| r.case_id == *id).collect();
        let matching: Vec<&PersonRecord> = household
            .iter()
            .copied()
            .filter(|r| {
                person_search_text(&r.name, r.email.as_deref(), r.passport_number.as_deref())
                    .contains(&needle)
            })
            .collect();
        // Text that spans two people of the case matches only the case: show its principal.
        let shown = if matching.is_empty() {
            household.into_iter().take(1).collect()
        } else {
            matching
        };
        let case_routes = routes.remove(id).unwrap_or_default();
        rows.extend(
            shown
                .into_iter()
                .map(|r| person_found(r, case_routes.clone())),
        );
    }
    let more = more_cases || rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(Found { rows, more })
}

fn person_found(r: &PersonRecord, routes: Vec<String>) -> PersonFound {
    PersonFound {
        case: CaseId(r.case_id),
        name: r.name.clone(),
        relation: Relation::parse(&r.relation).unwrap_or(Relation::Other),
        principal: r.principal.clone(),
        email: r.email.clone(),
        status: ListStatus::parse(&r.status).unwrap_or_default(),
        consultant: r.consultant.clone(),
        routes,
    }
}

/// The route keys of `cases`, by case, in each case's order.
async fn routes_of(db: &Db, cases: &[i64]) -> Result<HashMap<i64, Vec<String>>, DbError> {
    let rows = super::all(
        case_routes::Entity::find()
            .filter(case_routes::Column::CaseId.is_in(cases.iter().copied()))
            .order_by_asc(case_routes::Column::CaseId)
            .order_by_asc(case_routes::Column::Position),
        db.conn(),
    )
    .await?;
    let mut by_case: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows {
        by_case.entry(r.case_id).or_default().push(r.route);
    }
    Ok(by_case)
}

struct ItemRecord {
    case_id: i64,
    title: String,
    status: String,
    route: Option<String>,
    holder: Option<String>,
    principal: String,
    consultant: String,
}

read_row!(ItemRecord {
    case_id,
    title,
    status,
    route,
    holder,
    principal,
    consultant
});

/// The checklist items whose title holds `text` (case-insensitively; SQLite lower-cases
/// ASCII letters only), at most `limit`, of every consultant's cases.
pub async fn items(db: &Db, text: &str, limit: u64) -> Result<Found<ItemFound>, DbError> {
    let Ok(fetch) = i64::try_from(limit.saturating_add(1)) else {
        return Ok(Found {
            rows: Vec::new(),
            more: false,
        });
    };
    let sql = format!(
        "SELECT i.case_id AS case_id, i.title AS title, i.status AS status, i.route AS route, \
         p.name AS holder, c.principal_name AS principal, u.display_name AS consultant \
         FROM checklist_items i JOIN cases c ON c.id = i.case_id \
         JOIN users u ON u.id = c.consultant_id \
         LEFT JOIN people p ON p.case_id = i.case_id AND p.position = i.holder \
         WHERE LOWER(i.title) LIKE ? ESCAPE '\\' \
         ORDER BY LOWER(c.principal_name), c.id, i.position LIMIT {fetch}"
    );
    let values: Vec<Value> = vec![like_pattern(text).into()];
    let backend = db.conn().get_database_backend();
    let records: Vec<ItemRecord> = db
        .conn()
        .read_rows(super::statement(backend, &sql, values))
        .await?;
    let more = records.len() as u64 > limit;
    let rows = records
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|r| ItemFound {
            case: CaseId(r.case_id),
            title: r.title,
            status: StatusKind::parse(&r.status).unwrap_or(StatusKind::ToDo),
            route: r.route,
            holder: r.holder,
            principal: r.principal,
            consultant: r.consultant,
        })
        .collect();
    Ok(Found { rows, more })
}
