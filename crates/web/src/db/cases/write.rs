//! Writing a case: the first insert, and the rows that differ after a change.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait,
    Iterable, QueryFilter, QueryTrait, Statement, TryIntoModel,
};
use softland_domain::Case;
use softland_domain::case::ChecklistItem;
use softland_domain::person::Person;

use super::super::DbError;
use super::super::entities::{
    audit_events, case_key_dates, case_routes, cases, checklist_items, item_status_history, people,
    person_key_dates,
};
use super::owner::{self, owner_of};
use super::rows::{holder_column, outcome_columns, status_columns, to_json};
use super::{ChangedMeanwhile, StoredCase, StoredRows};
use crate::audit::AuditAction;
use crate::ids::{CaseId, UserId};

/// One line of a case's history: who changed what, before → after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// What happened.
    pub action: AuditAction,
    /// What it happened to, in words ("Register your address — Asha Rao").
    pub subject: String,
    /// The value before, if any.
    pub before: Option<String>,
    /// The value after, if any.
    pub after: Option<String>,
    /// The item concerned, by index, and the reason given, for the item's status history.
    pub item: Option<(usize, Option<String>)>,
}

impl AuditEntry {
    /// An entry without item details.
    pub fn new(
        action: AuditAction,
        subject: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
    ) -> Self {
        Self {
            action,
            subject: subject.into(),
            before,
            after,
            item: None,
        }
    }
}

fn search_text(case: &Case) -> String {
    let parts: Vec<String> = case
        .people()
        .iter()
        .map(|p| {
            person_search_text(
                p.name.as_str(),
                p.email.as_ref().map(softland_domain::person::Email::as_str),
                p.passport.as_ref().map(|pp| pp.number.as_str()),
            )
        })
        .collect();
    parts.join(" ")
}

/// What a search finds one person by: their name, e-mail and passport number, lower-cased
/// (a case's `search_text` joins its people's).
pub(crate) fn person_search_text(
    name: &str,
    email: Option<&str>,
    passport: Option<&str>,
) -> String {
    let mut parts = vec![name.to_lowercase()];
    parts.extend(email.map(str::to_owned));
    parts.extend(passport.map(str::to_lowercase));
    parts.join(" ")
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The case row's columns that follow from the aggregate.
pub(crate) fn summary(case: &Case, row: &mut cases::ActiveModel) {
    let progress = case.progress();
    let (hold_reason, outcome, closed_on) = match &case.status() {
        softland_domain::case::CaseStatus::Open => (None, None, None),
        softland_domain::case::CaseStatus::OnHold { reason } => {
            (Some(reason.to_string()), None, None)
        }
        softland_domain::case::CaseStatus::Closed { outcome, on } => {
            (None, Some(outcome.as_str().to_owned()), Some(*on))
        }
    };
    row.status = Set(case.status().as_str().to_owned());
    row.hold_reason = Set(hold_reason);
    row.outcome = Set(outcome);
    row.closed_on = Set(closed_on);
    row.principal_name = Set(case.principal().name.to_string());
    row.search_text = Set(search_text(case));
    row.next_due_on = Set(case.next_due().and_then(|i| case.items()[i].due()));
    row.items_done = Set(count(progress.done));
    row.items_applicable = Set(count(progress.applicable));
    row.papers_risk_on = Set(case.papers_risk_on());
}

/// The row of person `position` of a case (`user_id` left unset).
pub(crate) fn person_row(case_id: CaseId, position: usize, p: &Person) -> people::ActiveModel {
    people::ActiveModel {
        case_id: Set(case_id.0),
        position: Set(count(position)),
        name: Set(p.name.to_string()),
        relation: Set(p.relation.as_str().to_owned()),
        date_of_birth: Set(p.date_of_birth),
        nationality: Set(p.nationality.to_string()),
        email: Set(p.email.as_ref().map(ToString::to_string)),
        passport_number: Set(p.passport.as_ref().map(|pp| pp.number.to_string())),
        passport_expiry: Set(p.passport.as_ref().map(|pp| pp.expiry)),
        ..Default::default()
    }
}

/// The row of item `position` of a case, at version 1.
pub(crate) fn item_row(
    case_id: CaseId,
    case: &Case,
    position: usize,
    actor: Option<UserId>,
) -> checklist_items::ActiveModel {
    let item = &case.items()[position];
    let status = status_columns(item.status());
    let (computed, opens, explanation) = outcome_columns(case, position);
    checklist_items::ActiveModel {
        case_id: Set(case_id.0),
        position: Set(count(position)),
        key: Set(item.key().to_string()),
        holder: Set(holder_column(item.holder())),
        route: Set(item.route().map(ToString::to_string)),
        template_version: Set(item.template_version().map(i64::from)),
        title: Set(item.title().to_owned()),
        category: Set(item.category().as_str().to_owned()),
        instructions: Set(item.instructions().to_owned()),
        where_to_go: Set(item.where_to_go().to_owned()),
        documents: Set(to_json(&item.documents())),
        source: Set(item.source().to_owned()),
        caveat: Set(item.caveat().map(str::to_owned)),
        doer: Set(item.doer().as_str().to_owned()),
        watch: Set(item.watch().map(|w| w.as_str().to_owned())),
        rule: Set(item.rule().map(to_json)),
        depends_on: Set(to_json(&item.depends_on())),
        status: Set(status.status.to_owned()),
        status_on: Set(status.on),
        status_reason: Set(status.reason),
        due_on: Set(item.due()),
        computed_due_on: Set(computed),
        opens_on: Set(opens),
        explanation: Set(explanation),
        override_on: Set(item.due_override().map(|o| o.date)),
        override_reason: Set(item.due_override().map(|o| o.reason.to_string())),
        anchor_on: Set(item.anchor_on()),
        version: Set(1),
        updated_at: Set(Utc::now().fixed_offset()),
        updated_by: Set(actor.map(|a| a.0)),
        ..Default::default()
    }
}

/// The key date rows of a case.
pub(crate) fn key_date_rows(case_id: CaseId, case: &Case) -> Vec<case_key_dates::ActiveModel> {
    case.key_dates()
        .iter()
        .map(|(kind, date)| case_key_dates::ActiveModel {
            case_id: Set(case_id.0),
            kind: Set(kind.as_str().to_owned()),
            date: Set(date),
        })
        .collect()
}

async fn insert_key_dates(
    conn: &impl ConnectionTrait,
    case_id: CaseId,
    case: &Case,
) -> Result<(), DbError> {
    let rows = key_date_rows(case_id, case);
    if !rows.is_empty() {
        case_key_dates::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// The own key dates of person `person_id` (position `position` of `case`).
fn person_date_rows(
    person_id: i64,
    case: &Case,
    position: usize,
) -> Vec<person_key_dates::ActiveModel> {
    case.person_dates(position)
        .iter()
        .map(|(kind, date)| person_key_dates::ActiveModel {
            person_id: Set(person_id),
            kind: Set(kind.as_str().to_owned()),
            date: Set(date),
        })
        .collect()
}

/// Replaces the own key dates of the people (ids `person_ids`, by position) whose dates
/// differ from `before`'s (every person with dates, for a new case: `before` is `None`).
async fn save_person_dates(
    conn: &impl ConnectionTrait,
    person_ids: &[i64],
    before: Option<&Case>,
    case: &Case,
) -> Result<(), DbError> {
    for (position, person_id) in person_ids.iter().enumerate() {
        let unchanged = match before {
            Some(b) => b.person_dates(position) == case.person_dates(position),
            None => case.person_dates(position).iter().next().is_none(),
        };
        if unchanged {
            continue;
        }
        person_key_dates::Entity::delete_many()
            .filter(person_key_dates::Column::PersonId.eq(*person_id))
            .exec(conn)
            .await?;
        let rows = person_date_rows(*person_id, case, position);
        if !rows.is_empty() {
            person_key_dates::Entity::insert_many(rows)
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// The rows of `case`'s routes, in order.
pub(crate) fn route_rows(id: CaseId, case: &Case) -> Vec<case_routes::ActiveModel> {
    case.routes()
        .iter()
        .enumerate()
        .map(|(position, route)| case_routes::ActiveModel {
            case_id: Set(id.0),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            route: Set(route.to_string()),
        })
        .collect()
}

async fn insert_routes(
    conn: &impl ConnectionTrait,
    id: CaseId,
    case: &Case,
) -> Result<(), DbError> {
    let rows = route_rows(id, case);
    if !rows.is_empty() {
        case_routes::Entity::insert_many(rows).exec(conn).await?;
    }
    Ok(())
}

/// Inserts a new case with its people, key dates and items.
pub(crate) async fn insert_case(
    conn: &impl ConnectionTrait,
    case: &Case,
    consultant: UserId,
    actor: UserId,
    creation_token: Option<&str>,
) -> Result<CaseId, DbError> {
    let now = Utc::now().fixed_offset();
    let mut row = cases::ActiveModel {
        consultant_id: Set(consultant.0),
        opened_on: Set(case.opened_on()),
        creation_token: Set(creation_token.map(str::to_owned)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        updated_by: Set(Some(actor.0)),
        ..Default::default()
    };
    summary(case, &mut row);
    let id = CaseId(row.insert(conn).await?.id);
    let mut person_ids = Vec::with_capacity(case.people().len());
    for (i, p) in case.people().iter().enumerate() {
        person_ids.push(person_row(id, i, p).insert(conn).await?.id);
    }
    insert_routes(conn, id, case).await?;
    insert_key_dates(conn, id, case).await?;
    save_person_dates(conn, &person_ids, None, case).await?;
    super::wallet::save(conn, id, &person_ids, None, case).await?;
    let items: Vec<_> = (0..case.items().len())
        .map(|i| item_row(id, case, i, Some(actor)))
        .collect();
    for chunk in items.chunks(200) {
        checklist_items::Entity::insert_many(chunk.to_vec())
            .exec(conn)
            .await?;
    }
    owner::sync(conn, id, owner_of(case.status(), consultant)).await?;
    let opened = AuditEntry::new(
        AuditAction::CaseOpened,
        case.principal().name.to_string(),
        None,
        Some(format!("{} items", case.items().len())),
    );
    insert_audit(conn, id, Some(actor), std::slice::from_ref(&opened)).await?;
    Ok(id)
}

async fn insert_audit(
    conn: &impl ConnectionTrait,
    case_id: CaseId,
    actor: Option<UserId>,
    entries: &[AuditEntry],
) -> Result<(), DbError> {
    let steps = audit_step(conn.get_database_backend(), case_id, actor, entries);
    run_steps(conn, steps).await
}

/// The insert of `entries` into the case's history (none for no entries).
fn audit_step(
    backend: DbBackend,
    case_id: CaseId,
    actor: Option<UserId>,
    entries: &[AuditEntry],
) -> Option<Step> {
    if entries.is_empty() {
        return None;
    }
    let now = Utc::now().fixed_offset();
    let rows: Vec<_> = entries
        .iter()
        .map(|e| audit_events::ActiveModel {
            case_id: Set(Some(case_id.0)),
            actor_id: Set(actor.map(|a| a.0)),
            at: Set(now),
            action: Set(e.action.stored().to_owned()),
            subject: Set(e.subject.clone()),
            before: Set(e.before.clone()),
            after: Set(e.after.clone()),
            ..Default::default()
        })
        .collect();
    Some(Step::any(
        audit_events::Entity::insert_many(rows).build(backend),
    ))
}

/// One statement of a change, and how many rows it must touch.
#[derive(Debug)]
pub(crate) struct Step {
    /// The statement, with its values.
    pub statement: Statement,
    /// `Some(n)` for a version-checked update: touching any other number of rows means
    /// that another writer came first.
    pub touches: Option<u64>,
}

impl Step {
    /// A statement that may touch any number of rows.
    pub(crate) fn any(statement: Statement) -> Self {
        Self {
            statement,
            touches: None,
        }
    }

    /// A version-checked update of one row.
    pub(crate) fn one(statement: Statement) -> Self {
        Self {
            statement,
            touches: Some(1),
        }
    }
}

/// Runs `steps` in order on `conn`.
async fn run_steps(
    conn: &impl ConnectionTrait,
    steps: impl IntoIterator<Item = Step>,
) -> Result<(), DbError> {
    for step in steps {
        let result = conn.execute_raw(step.statement).await?;
        if step.touches.is_some_and(|n| result.rows_affected() != n) {
            return Err(conflict());
        }
    }
    Ok(())
}

/// Whether two versions of an item differ in more than their computed due date.
fn substantive_change(old: &ChecklistItem, new: &ChecklistItem) -> bool {
    !old.same_but_computed_due(new)
}

/// A write that lost to a concurrent writer.
fn conflict() -> DbError {
    DbError::Conflict(ChangedMeanwhile {
        by: None,
        at: Utc::now(),
    })
}

/// The rows a change left behind, when it changed nothing but existing items and the case
/// row's summary (a status change, a due date): the case as stored after it is `stored`
/// with these rows (`StoredCase::after`), so it can be kept without reading it again.
#[derive(Debug)]
pub(crate) struct Saved {
    /// The case row and every item row as they are now.
    pub rows: StoredRows,
    /// The items' versions now.
    pub item_versions: Vec<i64>,
}

/// Whether a change from `before` to `case` touches only existing items and the case row's
/// summary columns: no people, dates, routes or documents, no new item, no new status (which
/// moves the items' owner).
fn rows_only(before: &Case, case: &Case) -> bool {
    before.people() == case.people()
        && before.key_dates() == case.key_dates()
        && (0..case.people().len()).all(|p| before.person_dates(p) == case.person_dates(p))
        && before.documents() == case.documents()
        && before.routes() == case.routes()
        && before.status() == case.status()
        && before.items().len() == case.items().len()
}

/// Writes what differs between `stored.case` and `case`, then the audit entries. Returns
/// the rows as they are now when only rows of items and the case changed ([`Saved`]).
pub(crate) async fn save_changes(
    conn: &impl ConnectionTrait,
    stored: &StoredCase,
    case: &Case,
    actor: Option<UserId>,
    audit: &[AuditEntry],
) -> Result<Option<Saved>, DbError> {
    if let Some(planned) = plan(conn.get_database_backend(), stored, case, actor, audit)? {
        run_steps(conn, planned.steps).await?;
        return Ok(Some(planned.saved));
    }
    let before = &stored.case;
    let id = stored.id;
    for (i, person) in case.people().iter().enumerate() {
        match (before.people().get(i), stored.person_ids.get(i)) {
            (Some(old), _) if old == person => {}
            (Some(_), Some(pid)) => {
                let mut row = person_row(id, i, person);
                row.id = Set(pid.0);
                row.update(conn).await?;
            }
            _ => {
                person_row(id, i, person).insert(conn).await?;
            }
        }
    }
    if before.key_dates() != case.key_dates() {
        case_key_dates::Entity::delete_many()
            .filter(case_key_dates::Column::CaseId.eq(id.0))
            .exec(conn)
            .await?;
        insert_key_dates(conn, id, case).await?;
    }
    let person_ids: Vec<i64> = stored.person_ids.iter().map(|p| p.0).collect();
    save_person_dates(conn, &person_ids, Some(before), case).await?;
    super::wallet::save(conn, id, &person_ids, Some(before), case).await?;
    let backend = conn.get_database_backend();
    for i in 0..case.items().len() {
        match before.items().get(i) {
            Some(_) => {
                let (steps, _) = item_steps(backend, stored, case, i, (actor, audit))?;
                run_steps(conn, steps).await?;
            }
            None => {
                item_row(id, case, i, actor).insert(conn).await?;
            }
        }
    }
    let (step, _) = case_row_step(backend, stored, case, actor)?;
    run_steps(conn, step).await?;
    if before.routes() != case.routes() {
        case_routes::Entity::delete_many()
            .filter(case_routes::Column::CaseId.eq(stored.id.0))
            .exec(conn)
            .await?;
        insert_routes(conn, stored.id, case).await?;
    }
    // Items get their owner from the case's status: only new items or a new status can
    // leave one behind.
    if before.status() != case.status() || before.items().len() != case.items().len() {
        owner::sync(conn, id, owner_of(case.status(), stored.consultant)).await?;
    }
    insert_audit(conn, id, actor, audit).await?;
    Ok(None)
}

/// The statements of a change that touches only rows of existing items and the case row
/// (`rows_only`), and those rows as they will be once the statements have run.
#[derive(Debug)]
pub(crate) struct Planned {
    /// In order: the items', the case row's, the history's.
    pub steps: Vec<Step>,
    /// The rows after.
    pub saved: Saved,
}

/// The statements that save the change from `stored.case` to `case`, when it touches only
/// rows of existing items and the case row's summary; `None` for any other change, which
/// [`save_changes`] writes step by step (it inserts rows whose ids it needs).
pub(crate) fn plan(
    backend: DbBackend,
    stored: &StoredCase,
    case: &Case,
    actor: Option<UserId>,
    audit: &[AuditEntry],
) -> Result<Option<Planned>, DbError> {
    if !rows_only(&stored.case, case) {
        return Ok(None);
    }
    let mut steps = Vec::new();
    let mut items = Vec::with_capacity(case.items().len());
    for i in 0..case.items().len() {
        let (item_steps, after) = item_steps(backend, stored, case, i, (actor, audit))?;
        steps.extend(item_steps);
        match after.or_else(|| stored.rows.items.get(i).cloned()) {
            Some(row) => items.push(row),
            None => return Ok(None),
        }
    }
    let (case_step, case_row) = case_row_step(backend, stored, case, actor)?;
    steps.extend(case_step);
    steps.extend(audit_step(backend, stored.id, actor, audit));
    let item_versions = items.iter().map(|row| row.version).collect();
    Ok(Some(Planned {
        steps,
        saved: Saved {
            rows: StoredRows {
                case: case_row,
                items,
            },
            item_versions,
        },
    }))
}

/// `before` (a stored row) with the values `change` sets.
fn with_changes<A: ActiveModelTrait>(mut before: A, change: &A) -> Result<A, DbError>
where
    <A::Entity as EntityTrait>::Column: Iterable,
{
    for column in <A::Entity as EntityTrait>::Column::iter() {
        if let sea_orm::ActiveValue::Set(value) = change.get(column) {
            before.try_set(column, value)?;
        }
    }
    Ok(before)
}

/// The statements that write existing item `i` when it changed (version-checked), and its
/// status history; with the row as it will be then (`None`: unchanged, or no stored row).
fn item_steps(
    backend: DbBackend,
    stored: &StoredCase,
    case: &Case,
    i: usize,
    (actor, audit): (Option<UserId>, &[AuditEntry]),
) -> Result<(Vec<Step>, Option<checklist_items::Model>), DbError> {
    let id = stored.id;
    let item = &case.items()[i];
    let Some(old) = stored.case.items().get(i) else {
        return Ok((Vec::new(), None));
    };
    if old == item {
        return Ok((Vec::new(), None));
    }
    let substantive = substantive_change(old, item);
    let mut row = item_row(id, case, i, actor);
    row.version = sea_orm::ActiveValue::NotSet;
    if !substantive {
        row.updated_at = sea_orm::ActiveValue::NotSet;
        row.updated_by = sea_orm::ActiveValue::NotSet;
    }
    // Only the columns that changed: an UPDATE that names a column rewrites every index
    // holding it (the items table has seven), and long texts need not travel again.
    let before_row: Option<checklist_items::ActiveModel> =
        stored.rows.items.get(i).cloned().map(Into::into);
    for column in checklist_items::Column::iter() {
        let bookkeeping = matches!(
            column,
            checklist_items::Column::Id
                | checklist_items::Column::Version
                | checklist_items::Column::UpdatedAt
                | checklist_items::Column::UpdatedBy
        );
        let stored_value = before_row.as_ref().map(|r| r.get(column));
        if !bookkeeping
            && stored_value.is_some_and(|v| v.into_value() == row.get(column).into_value())
        {
            row.not_set(column);
        }
    }
    let after = match before_row {
        Some(before_row) => {
            let mut after = with_changes(before_row, &row)?;
            let version = stored.item_versions[i] + i64::from(substantive);
            after.try_set(checklist_items::Column::Version, version.into())?;
            Some(after.try_into_model()?)
        }
        None => None,
    };
    let update = checklist_items::Entity::update_many()
        .set(row)
        .col_expr(
            checklist_items::Column::Version,
            Expr::col(checklist_items::Column::Version).add(i64::from(substantive)),
        )
        .filter(checklist_items::Column::Id.eq(stored.item_ids[i].0))
        .filter(checklist_items::Column::Version.eq(stored.item_versions[i]))
        .build(backend);
    let mut steps = vec![Step::one(update)];
    if old.status() == item.status() {
        return Ok((steps, after));
    }
    let reason = audit.iter().find_map(|e| {
        e.item
            .as_ref()
            .filter(|(idx, _)| *idx == i)
            .and_then(|(_, r)| r.clone())
    });
    let now = Utc::now().fixed_offset();
    let history = item_status_history::ActiveModel {
        item_id: Set(stored.item_ids[i].0),
        case_id: Set(id.0),
        from_status: Set(old.status().kind().as_str().to_owned()),
        to_status: Set(item.status().kind().as_str().to_owned()),
        reason: Set(reason),
        on_date: Set(status_columns(item.status()).on.unwrap_or(now.date_naive())),
        actor_id: Set(actor.map(|a| a.0)),
        at: Set(now),
        ..Default::default()
    };
    steps.push(Step::any(
        item_status_history::Entity::insert(history).build(backend),
    ));
    Ok((steps, after))
}

/// The update of the case row: its summary always, its version when a case-level field
/// changed (none when nothing of the row moves); with the row as it will be then.
fn case_row_step(
    backend: DbBackend,
    stored: &StoredCase,
    case: &Case,
    actor: Option<UserId>,
) -> Result<(Option<Step>, cases::Model), DbError> {
    let before = &stored.case;
    let case_level = before.people() != case.people()
        || before.key_dates() != case.key_dates()
        || before.status() != case.status()
        || before.routes() != case.routes()
        || before.documents() != case.documents();
    let mut row = <cases::ActiveModel as Default>::default();
    summary(case, &mut row);
    // Only the summary columns whose stored value differs (each named column rewrites its
    // indexes); a stale stored summary is still written.
    let stored_row: cases::ActiveModel = stored.rows.case.clone().into();
    for column in cases::Column::iter() {
        if row.get(column).into_value().is_some()
            && stored_row.get(column).into_value() == row.get(column).into_value()
        {
            row.not_set(column);
        }
    }
    if case_level {
        row.updated_at = Set(Utc::now().fixed_offset());
        row.updated_by = Set(actor.map(|a| a.0));
    }
    let mut after = with_changes(stored_row, &row)?;
    let version = stored.version + i64::from(case_level);
    after.try_set(cases::Column::Version, version.into())?;
    let after = after.try_into_model()?;
    if !case_level && !cases::Column::iter().any(|column| row.get(column).is_set()) {
        // Nothing of the row moved (a status change that leaves the summary as it was, a
        // daily sweep that found nothing to add): no write. The case is locked (PostgreSQL)
        // or its revision checked in the writer slot (SQLite) already, so the version
        // filter below would find it unchanged anyway.
        return Ok((None, after));
    }
    let update = cases::Entity::update_many()
        .set(row)
        .col_expr(
            cases::Column::Version,
            Expr::col(cases::Column::Version).add(i64::from(case_level)),
        )
        .filter(cases::Column::Id.eq(stored.id.0))
        .filter(cases::Column::Version.eq(stored.version))
        .build(backend);
    Ok((Some(Step::one(update)), after))
}

/// Sets the consultant in charge and records it.
/// Gives `stored` to `consultant` if its version is still the one read; `false` when another
/// change came first.
pub(crate) async fn set_consultant(
    conn: &impl ConnectionTrait,
    stored: &StoredCase,
    consultant: UserId,
    actor: UserId,
) -> Result<bool, DbError> {
    let now = Utc::now().fixed_offset();
    let written = cases::Entity::update_many()
        .col_expr(cases::Column::ConsultantId, Expr::value(consultant.0))
        .col_expr(
            cases::Column::Version,
            Expr::col(cases::Column::Version).add(1),
        )
        .col_expr(cases::Column::UpdatedAt, Expr::value(now))
        .col_expr(cases::Column::UpdatedBy, Expr::value(actor.0))
        .filter(cases::Column::Id.eq(stored.id.0))
        .filter(cases::Column::Version.eq(stored.version))
        .exec(conn)
        .await?;
    if written.rows_affected != 1 {
        return Ok(false);
    }
    owner::sync(conn, stored.id, owner_of(stored.case.status(), consultant)).await?;
    owner::sync_conversation(conn, stored.id, consultant).await?;
    let entry = AuditEntry::new(
        AuditAction::CaseReassigned,
        stored.case.principal().name.to_string(),
        Some(stored.consultant.to_string()),
        Some(consultant.to_string()),
    );
    insert_audit(conn, stored.id, Some(actor), &[entry]).await?;
    Ok(true)
}
