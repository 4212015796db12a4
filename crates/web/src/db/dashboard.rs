//! The deadline dashboard's queries: open items due or overdue, items waiting for the
//! authority, counts and risk warnings, for one consultant or the whole team. Each is one
//! query over indexed columns; none runs per row.
//!
//! The item queries read one consultant's open items from an index on
//! `checklist_items.open_owner` (the consultant in charge while the case is open, kept by
//! every write of a case): the due list reads its 100 rows, the waiting list its 50, the
//! counts one index range. The dashboard lists the soonest 20 risk warnings
//! (`commands::overview::PANEL_RISKS`): the document warnings read the 21 cases whose papers
//! end soonest (`cases.papers_risk_on`, indexed), each item warning its 21 soonest from its
//! own index; the figures of the rest are counts of index ranges ([`risk_counts`]). None of
//! them visits every open case of the consultant, so the page costs about the same for 400
//! open cases as for 4,000. The list of all warnings reads a page at a time, and its total
//! ([`risk_total`]) every warning. See docs/performance-log.md.

use chrono::NaiveDate;
use sea_orm::Value;
use softland_domain::KeyDate;
use softland_domain::case::RiskKind;
use softland_domain::template::Watch;

use super::rows::{ReadRow, ReadRows, read_row};

use super::vocabulary::{self, OPEN_CASE, OPEN_ITEM, OPEN_ITEM_DUE_LIST, SUBMITTED_ITEM};
use super::{Db, DbError};
use crate::ids::UserId;

/// One row of the dashboard.
#[derive(Debug, Clone)]
pub struct DueRow {
    /// The item.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Whose item (the holder, or the principal for household items).
    pub person: String,
    /// The item's title.
    pub title: String,
    /// Its due date.
    pub due_on: Option<NaiveDate>,
    /// Its status.
    pub status: String,
    /// The day it was filed, for submitted items.
    pub status_on: Option<NaiveDate>,
    /// The consultant's name.
    pub consultant: String,
}

read_row!(DueRow {
    item_id,
    case_id,
    person,
    title,
    due_on,
    status,
    status_on,
    consultant
});

/// The counts at the top of the dashboard.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Open items past their due date.
    pub overdue: i64,
    /// Open items due from today to the horizon.
    pub due_soon: i64,
    /// Open cases.
    pub open_cases: i64,
}

/// A risk warning found by SQL, with the case it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRow {
    /// The case.
    pub case_id: i64,
    /// The principal's (or person's) name.
    pub person: String,
    /// Which warning.
    pub kind: RiskKind,
    /// The date that matters (expiry, closing day, due day).
    pub on_date: Option<NaiveDate>,
    /// The other date (permit expiry for passport/insurance, opening day for extensions).
    pub other_date: Option<NaiveDate>,
}

/// The name of a warning's kind as the SQL gives it (`passport`, `extension_missed` …),
/// which the API's list of warnings uses too.
pub fn kind_name(kind: RiskKind) -> &'static str {
    vocabulary::risk_kind(kind)
}

/// A [`RiskRow`] as SQL gives it: the kind by its name (`db::vocabulary::risk_kind`).
struct RiskRecord {
    case_id: i64,
    person: String,
    kind: String,
    on_date: Option<NaiveDate>,
    other_date: Option<NaiveDate>,
    /// The person's position (none for the household's insurance), for the list's order.
    holder: Option<i64>,
    /// The item of an item warning, for the list's order.
    item_id: Option<i64>,
}

// Its dates come from a union of expressions, which carry no declared type; a typed row
// reads them by the field's type (`db::rows`), so they need no cast to text.
read_row!(RiskRecord {
    case_id,
    person,
    kind,
    on_date,
    other_date,
    holder,
    item_id
});

/// The rows of `statement`. The whole team's are read off the async workers
/// (`Db::off_thread`): they visit every consultant's open items.
async fn fetch<R>(
    db: &Db,
    consultant: Option<UserId>,
    statement: sea_orm::Statement,
) -> Result<Vec<R>, DbError>
where
    R: ReadRow + Send + 'static,
{
    if consultant.is_some() {
        return Ok(db.conn().read_rows(statement).await?);
    }
    db.off_thread(move |db| async move { Ok(db.conn().read_rows(statement).await?) })
        .await
}

/// `AND c.consultant_id = ?` when scoped to one consultant.
fn scope(consultant: Option<UserId>, values: &mut Vec<Value>) -> &'static str {
    match consultant {
        Some(id) => {
            values.push(id.0.into());
            " AND c.consultant_id = ?"
        }
        None => "",
    }
}

/// Items of open cases: the consultant's (`i.open_owner = ?`) or the whole team's.
fn owned(consultant: Option<UserId>, values: &mut Vec<Value>) -> &'static str {
    match consultant {
        Some(id) => {
            values.push(id.0.into());
            "i.open_owner = ?"
        }
        None => "i.open_owner IS NOT NULL",
    }
}

/// The dashboard's columns, from items `i`, their consultant `u` and person `p`.
const ROW_COLUMNS: &str = "i.id AS item_id, i.case_id AS case_id, p.name AS person, \
    i.title AS title, i.due_on AS due_on, i.status AS status, i.status_on AS status_on, \
    u.display_name AS consultant";

/// Joins an item `i` to its consultant and its person: the item's holder, or the principal
/// (position 0, whose name is the case's `principal_name`) for an item of the whole case.
const ROW_JOINS: &str = "JOIN users u ON u.id = i.open_owner \
    JOIN people p ON p.case_id = i.case_id AND p.position = COALESCE(i.holder, 0)";

/// The dashboard rows of the items `top` (a subquery of item ids), in `order`. The
/// subquery picks its few ids from the index alone; only those rows are then joined.
fn rows_sql(top: &str, order: &str) -> String {
    format!(
        "SELECT {ROW_COLUMNS} FROM ({top}) top CROSS JOIN checklist_items i {ROW_JOINS} \
         WHERE i.id = top.id ORDER BY {order}"
    )
}

// The items of the due list are open (to do or in progress), named in the order of the
// partial index `idx_items_owner_open_due`, whose condition `OPEN_ITEM_DUE_LIST` is, word for
// word. SQLite uses a partial index only for a query whose conditions contain the index's
// own; the risk warnings name the same statuses the other way round (`OPEN_ITEM`), so that
// SQLite, which compares the lists in order, never reads them from this index (it did, for a
// tenth of the page's time: docs/performance-log.md, change 24;
// `tests::each_dashboard_query_reads_its_own_index`).

/// Which due dates a due list covers: up to `until`, and from `from` when given (the
/// dashboard's overdue list ends the day before today; its due-soon list starts today).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDays {
    /// The first due date listed (`None`: every date up to `until`).
    pub from: Option<NaiveDate>,
    /// The last due date listed.
    pub until: NaiveDate,
}

/// The SQL of the due list (see [`due_page`]).
fn due_sql(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    days: DueDays,
    window: Window,
) -> sea_orm::Statement {
    let mut values: Vec<Value> = Vec::new();
    let owned = owned(consultant, &mut values);
    let mut filter = format!("{owned} AND {} AND i.due_on <= ?", *OPEN_ITEM_DUE_LIST);
    values.push(days.until.into());
    if let Some(from) = days.from {
        filter.push_str(" AND i.due_on >= ?");
        values.push(from.into());
    }
    // LIMIT and OFFSET are written into the SQL, not bound (`db::limited` says why).
    let order = "i.due_on, i.id";
    let (limit, offset) = (window.limit, window.offset);
    let sql = if consultant.is_some() && backend == sea_orm::DbBackend::Sqlite {
        // One consultant's open items come from the partial index in due order: the first
        // `limit` are read and joined, with no sort. (PostgreSQL plans this form's join as a
        // hash of every person, expecting all 572 matches of consultant 1 before the LIMIT:
        // 15 ms against 1.5 ms for the form below.)
        format!(
            "SELECT {ROW_COLUMNS} FROM checklist_items i {ROW_JOINS} \
             WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        )
    } else {
        // The ids first (the whole team's come from every consultant's range and are
        // sorted), and only the `limit` kept are joined.
        rows_sql(
            &format!(
                "SELECT i.id FROM checklist_items i WHERE {filter} ORDER BY {order} \
                 LIMIT {limit} OFFSET {offset}"
            ),
            order,
        )
    };
    super::statement(backend, &sql, values)
}

/// Open items due on or before `until` (overdue first), at most `limit`.
pub async fn due_items(
    db: &Db,
    consultant: Option<UserId>,
    until: NaiveDate,
    limit: u64,
) -> Result<Vec<DueRow>, DbError> {
    let days = DueDays { from: None, until };
    due_page(db, consultant, days, Window::soonest(limit)).await
}

/// The open items due on `days`, soonest first: `window` of them.
pub async fn due_page(
    db: &Db,
    consultant: Option<UserId>,
    days: DueDays,
    window: Window,
) -> Result<Vec<DueRow>, DbError> {
    let backend = db.conn().get_database_backend();
    fetch(db, consultant, due_sql(backend, consultant, days, window)).await
}

/// The condition of the items waiting for the authority since `filed_before` or earlier,
/// with its values.
fn waiting_filter(
    consultant: Option<UserId>,
    filed_before: NaiveDate,
    values: &mut Vec<Value>,
) -> String {
    let owned = owned(consultant, values);
    values.push(filed_before.into());
    format!("{owned} AND {} AND i.status_on <= ?", *SUBMITTED_ITEM)
}

/// Items submitted on or before `filed_before` and still waiting for the authority, longest
/// waiting first: `window` of them.
pub async fn waiting_items(
    db: &Db,
    consultant: Option<UserId>,
    filed_before: NaiveDate,
    window: Window,
) -> Result<Vec<DueRow>, DbError> {
    let mut values: Vec<Value> = Vec::new();
    let filter = waiting_filter(consultant, filed_before, &mut values);
    let order = "i.status_on, i.id";
    let (limit, offset) = (window.limit, window.offset);
    let sql = rows_sql(
        &format!(
            "SELECT i.id FROM checklist_items i WHERE {filter} ORDER BY {order} \
             LIMIT {limit} OFFSET {offset}"
        ),
        order,
    );
    let backend = db.conn().get_database_backend();
    fetch(db, consultant, super::statement(backend, &sql, values)).await
}

struct Total {
    total: i64,
}
read_row!(Total { total });

/// How many items [`waiting_items`] lists in all (one count over an index range).
pub async fn waiting_count(
    db: &Db,
    consultant: Option<UserId>,
    filed_before: NaiveDate,
) -> Result<u64, DbError> {
    let statement = waiting_count_sql(db.conn().get_database_backend(), consultant, filed_before);
    let rows: Vec<Total> = fetch(db, consultant, statement).await?;
    Ok(rows
        .first()
        .and_then(|r| u64::try_from(r.total).ok())
        .unwrap_or(0))
}

fn waiting_count_sql(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    filed_before: NaiveDate,
) -> sea_orm::Statement {
    let mut values: Vec<Value> = Vec::new();
    let filter = waiting_filter(consultant, filed_before, &mut values);
    let sql = format!("SELECT COUNT(*) AS total FROM checklist_items i WHERE {filter}");
    super::statement(backend, &sql, values)
}

/// Overdue and due-soon item counts and open cases.
pub async fn counts(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    until: NaiveDate,
) -> Result<Counts, DbError> {
    let backend = db.conn().get_database_backend();
    let statement = counts_sql(backend, consultant, today, until);
    Ok(fetch(db, consultant, statement)
        .await?
        .pop()
        .unwrap_or_default())
}

read_row!(Counts {
    overdue,
    due_soon,
    open_cases
});

/// The SQL of [`counts`]: one count per figure of items, each over one range of an index
/// (`idx_items_owner_open_due` before today and from today to `until`), and the open cases
/// as the triggers of `consultant_open_cases` keep them (one row; the whole team's: one per
/// consultant), in one statement. Counting each range (`COUNT(*)`) costs less than half of
/// summing a test of every item up to `until`, which this replaced (0.27 → 0.11 ms for 1,689
/// items at 200,000 cases: docs/performance.md).
fn counts_sql(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    today: NaiveDate,
    until: NaiveDate,
) -> sea_orm::Statement {
    let mut values: Vec<Value> = Vec::new();
    let overdue = owned(consultant, &mut values);
    values.push(today.into());
    let due_soon = owned(consultant, &mut values);
    values.extend([today.into(), until.into()]);
    let counted = match consultant {
        Some(id) => {
            values.push(id.0.into());
            " WHERE n.consultant_id = ?"
        }
        None => "",
    };
    let open_item = &*OPEN_ITEM_DUE_LIST;
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM checklist_items i WHERE {overdue} AND {open_item} \
           AND i.due_on < ?) AS overdue, \
         (SELECT COUNT(*) FROM checklist_items i WHERE {due_soon} AND {open_item} \
           AND i.due_on >= ? AND i.due_on <= ?) AS due_soon, \
         (SELECT CAST(COALESCE(SUM(n.open_cases), 0) AS BIGINT) \
           FROM consultant_open_cases n{counted}) AS open_cases"
    );
    super::statement(backend, &sql, values)
}

/// The digest lists at most this many risk warnings, soonest first.
pub const RISK_ROWS: u64 = 200;

/// Which rows of a whole ordered list (warnings, due items) to read: `limit` of them after
/// the first `offset` (a page of a list of all, or the dashboard's soonest few).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Rows skipped, soonest first.
    pub offset: u64,
    /// Most rows read.
    pub limit: u64,
}

impl Window {
    /// The soonest `limit` rows.
    pub fn soonest(limit: u64) -> Self {
        Self { offset: 0, limit }
    }

    /// How many of each part's soonest rows can reach the window.
    fn reach(self) -> u64 {
        self.offset.saturating_add(self.limit)
    }
}

/// What the dashboard says of the warnings it does not list, each figure one count over an
/// index (so that it costs the same however many warnings there are to count): the open
/// cases whose papers end before the stay (each has one warning per passport or insurance
/// that does), and the open items of each watched kind that warn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskCounts {
    /// Open cases with a passport or health insurance ending before the stay.
    pub papers_cases: i64,
    /// Extension windows open or missed with nothing filed.
    pub extensions: i64,
    /// Registrations missed.
    pub registrations: i64,
    /// Integration courses due.
    pub courses: i64,
}

read_row!(RiskCounts {
    papers_cases,
    extensions,
    registrations,
    courses
});

/// Risk warnings for open cases: passports and insurance ending before the permit, open or
/// closing extension windows, missed registrations, integration courses due; the `window`
/// of them in the order of the whole list: soonest first, then by case, kind, person and
/// item, so that pages of it follow each other without a gap or a repeat.
pub async fn risks(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
    window: Window,
) -> Result<Vec<RiskRow>, DbError> {
    let backend = db.conn().get_database_backend();
    let statement = risks_sql(backend, consultant, today, course_soon, window);
    let mut records: Vec<RiskRecord> = fetch(db, consultant, statement).await?;
    // The window's order, which the join to names does not keep (`risks_sql` says why the
    // sort is here).
    records.sort_by(|a, b| {
        (a.on_date, a.case_id, &a.kind, a.holder, a.item_id)
            .cmp(&(b.on_date, b.case_id, &b.kind, b.holder, b.item_id))
    });
    records
        .into_iter()
        .map(|r| {
            let kind = vocabulary::risk_kind_from(&r.kind).ok_or_else(|| {
                DbError::Other(sea_orm::DbErr::Custom(format!(
                    "unknown risk kind {:?}",
                    r.kind
                )))
            })?;
            Ok(RiskRow {
                case_id: r.case_id,
                person: r.person,
                kind,
                on_date: r.on_date,
                other_date: r.other_date,
            })
        })
        .collect()
}

/// How many warnings [`risks`] finds in all (each one a row of the list of all warnings).
/// It reads every flagged case's people and dates: for the list of all warnings, not the
/// dashboard (which says [`risk_counts`]).
pub async fn risk_total(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
) -> Result<u64, DbError> {
    let backend = db.conn().get_database_backend();
    let (ctes, union, values) = risk_parts(backend, consultant, today, course_soon, None);
    let sql = format!("{ctes} SELECT COUNT(*) AS total FROM ({union}) r");
    let total: Option<Total> = fetch(db, consultant, super::statement(backend, &sql, values))
        .await?
        .pop();
    Ok(total.map_or(0, |t| u64::try_from(t.total).unwrap_or(0)))
}

/// `checklist_items i` of one watched kind, read from that kind's own partial index of open
/// items. SQLite, which keeps no statistics here, otherwise reads the whole team's watched
/// items from `idx_items_status_due` (every open item, by status): 1.3 s against 10 ms for
/// the team's figures at 200,000 cases, 490 ms against 13 ms for its soonest warnings
/// (docs/performance-log.md, issue 25); for one consultant it picks the same index by itself.
fn watched_items(backend: sea_orm::DbBackend, watch: Watch) -> &'static str {
    if backend != sea_orm::DbBackend::Sqlite {
        return "checklist_items i";
    }
    match watch {
        Watch::Extension => "checklist_items i INDEXED BY idx_items_owner_extension",
        Watch::Registration => "checklist_items i INDEXED BY idx_items_owner_registration",
        Watch::IntegrationCourse => "checklist_items i INDEXED BY idx_items_owner_course",
    }
}

/// The figures of [`RiskCounts`] (see there).
pub async fn risk_counts(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
) -> Result<RiskCounts, DbError> {
    let backend = db.conn().get_database_backend();
    let statement = risk_counts_sql(backend, consultant, today, course_soon);
    Ok(fetch(db, consultant, statement)
        .await?
        .pop()
        .unwrap_or_default())
}

/// The SQL of [`risk_counts`]: four counts, each over one index range (the flagged cases from
/// `idx_cases_consultant_status_papers_on`, each watched kind from its covering index).
fn risk_counts_sql(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
) -> sea_orm::Statement {
    let mut values: Vec<Value> = Vec::new();
    let flagged = scope(consultant, &mut values);
    let extension = owned(consultant, &mut values);
    values.push(today.into());
    let registration = owned(consultant, &mut values);
    values.push(today.into());
    let course = owned(consultant, &mut values);
    values.push(course_soon.into());
    let (open_case, open_item) = (&*OPEN_CASE, &*OPEN_ITEM);
    let (watch_extension, watch_registration, watch_course) = (
        vocabulary::watch(Watch::Extension),
        vocabulary::watch(Watch::Registration),
        vocabulary::watch(Watch::IntegrationCourse),
    );
    let (extensions, registrations, courses) = (
        watched_items(backend, Watch::Extension),
        watched_items(backend, Watch::Registration),
        watched_items(backend, Watch::IntegrationCourse),
    );
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM cases c WHERE {open_case}{flagged} \
           AND c.papers_risk_on IS NOT NULL) AS papers_cases, \
         (SELECT COUNT(*) FROM {extensions} WHERE {extension} \
           AND i.watch = '{watch_extension}' AND {open_item} AND i.opens_on <= ?) AS extensions, \
         (SELECT COUNT(*) FROM {registrations} WHERE {registration} \
           AND i.watch = '{watch_registration}' AND {open_item} AND i.due_on < ?) AS registrations, \
         (SELECT COUNT(*) FROM {courses} WHERE {course} \
           AND i.watch = '{watch_course}' AND {open_item} AND i.due_on <= ?) AS courses"
    );
    super::statement(backend, &sql, values)
}

/// The SQL of the risk warnings (see [`risks`]).
fn risks_sql(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
    window: Window,
) -> sea_orm::Statement {
    let (ctes, union, values) = risk_parts(
        backend,
        consultant,
        today,
        course_soon,
        Some(window.reach()),
    );
    let (limit, offset) = (window.limit, window.offset);
    // Of all the parts' rows the window is kept, and only its rows are joined to names;
    // `risks` puts them back in order (sorting again in SQL after the join cost more than the
    // join). NULLS FIRST: SQLite's order, written out for PostgreSQL's.
    let sql = format!(
        "{ctes} SELECT r.case_id AS case_id, p.name AS person, r.kind AS kind, \
           r.on_date AS on_date, r.other_date AS other_date, r.holder AS holder, \
           r.item_id AS item_id FROM ( \
         {union} \
         ORDER BY on_date, case_id, kind, holder NULLS FIRST, item_id NULLS FIRST \
         LIMIT {limit} OFFSET {offset} \
         ) r JOIN people p ON p.case_id = r.case_id AND p.position = COALESCE(r.holder, 0)"
    );
    super::statement(backend, &sql, values)
}

/// The warnings as two common table expressions (`flagged`, `staying`) and a union of their
/// parts, with the values of their placeholders; each part keeps its soonest `reach` rows
/// in the list's order when `reach` is given, or every row.
///
/// The document warnings read only the consultant's open cases whose papers end soonest
/// (`papers_risk_on`, indexed; a case's earliest document warning is on that day, so the
/// soonest `reach` warnings are among the soonest `reach` cases, ties broken by id); each
/// item warning one range of its own covering index of open items
/// (`idx_items_owner_extension` by the day the window opens, `…_registration` and `…_course`
/// in due order).
fn risk_parts(
    backend: sea_orm::DbBackend,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
    reach: Option<u64>,
) -> (String, String, Vec<Value>) {
    let mut values: Vec<Value> = Vec::new();
    let flagged = scope(consultant, &mut values);
    // In the order of the placeholders: the missed-or-open test, the owner, the opening.
    values.push(today.into());
    let extension = owned(consultant, &mut values);
    values.push(today.into());
    let registration = owned(consultant, &mut values);
    values.push(today.into());
    let course = owned(consultant, &mut values);
    values.push(course_soon.into());
    // LIMIT is written into the SQL, not bound (`db::limited` says why).
    let (cases_limit, items_limit) = match reach {
        Some(n) => (
            format!("ORDER BY c.papers_risk_on, c.id LIMIT {n}"),
            format!("ORDER BY i.due_on, i.case_id, i.holder NULLS FIRST, i.id LIMIT {n}"),
        ),
        None => (String::new(), String::new()),
    };
    let (open_case, open_item) = (&*OPEN_CASE, &*OPEN_ITEM);
    let (permit, visa, insurance) = (
        vocabulary::key_date(KeyDate::PermitExpiry),
        vocabulary::key_date(KeyDate::VisaExpiry),
        vocabulary::key_date(KeyDate::InsuranceEnd),
    );
    let kind = vocabulary::risk_kind;
    let (passport_kind, insurance_kind) = (kind(RiskKind::Passport), kind(RiskKind::Insurance));
    let missed_kind = kind(RiskKind::ExtensionMissed);
    let (extension_kind, registration_kind, course_kind) = (
        kind(RiskKind::Extension),
        kind(RiskKind::Registration),
        kind(RiskKind::IntegrationCourse),
    );
    let (watch_extension, watch_registration, watch_course) = (
        vocabulary::watch(Watch::Extension),
        vocabulary::watch(Watch::Registration),
        vocabulary::watch(Watch::IntegrationCourse),
    );
    let ctes = format!(
        "WITH flagged AS (SELECT top.id AS id, k.date AS permit, v.date AS visa, \
           COALESCE(k.date, v.date) AS stay FROM ( \
           SELECT c.id FROM cases c WHERE {open_case}{flagged} \
           AND c.papers_risk_on IS NOT NULL {cases_limit}) top \
           LEFT JOIN case_key_dates k ON k.case_id = top.id AND k.kind = '{permit}' \
           LEFT JOIN case_key_dates v ON v.case_id = top.id AND v.kind = '{visa}'), \
         staying AS (SELECT f.id AS case_id, p.position AS holder, p.passport_expiry AS passport, \
           COALESCE(pk.date, f.permit, pv.date, f.visa) AS stay, pi.date AS own_insurance \
           FROM flagged f JOIN people p ON p.case_id = f.id \
           LEFT JOIN person_key_dates pk ON pk.person_id = p.id AND pk.kind = '{permit}' \
           LEFT JOIN person_key_dates pv ON pv.person_id = p.id AND pv.kind = '{visa}' \
           LEFT JOIN person_key_dates pi ON pi.person_id = p.id AND pi.kind = '{insurance}')"
    );
    let (extension_items, registration_items, course_items) = (
        watched_items(backend, Watch::Extension),
        watched_items(backend, Watch::Registration),
        watched_items(backend, Watch::IntegrationCourse),
    );
    let union = format!(
        "SELECT s.case_id AS case_id, s.holder AS holder, '{passport_kind}' AS kind, \
           s.passport AS on_date, s.stay AS other_date, CAST(NULL AS BIGINT) AS item_id \
           FROM staying s WHERE s.passport < s.stay \
         UNION ALL \
         SELECT s.case_id, s.holder, '{insurance_kind}', s.own_insurance, s.stay, \
           CAST(NULL AS BIGINT) FROM staying s WHERE s.own_insurance < s.stay \
         UNION ALL \
         SELECT f.id, CAST(NULL AS BIGINT), '{insurance_kind}', ins.date, f.stay, \
           CAST(NULL AS BIGINT) \
           FROM flagged f JOIN case_key_dates ins ON ins.case_id = f.id AND ins.kind = '{insurance}' \
           WHERE ins.date < f.stay \
         UNION ALL SELECT * FROM ( \
           SELECT i.case_id, i.holder, \
           CASE WHEN i.due_on < ? THEN '{missed_kind}' ELSE '{extension_kind}' END AS kind, \
           i.due_on, i.opens_on, i.id \
           FROM {extension_items} WHERE {extension} AND i.watch = '{watch_extension}' \
           AND {open_item} AND i.opens_on <= ? \
           {items_limit}) ext \
         UNION ALL SELECT * FROM ( \
           SELECT i.case_id, i.holder, '{registration_kind}', i.due_on, CAST(NULL AS DATE), i.id \
           FROM {registration_items} WHERE {registration} AND i.watch = '{watch_registration}' \
           AND {open_item} AND i.due_on < ? \
           {items_limit}) reg \
         UNION ALL SELECT * FROM ( \
           SELECT i.case_id, i.holder, '{course_kind}', i.due_on, CAST(NULL AS DATE), i.id \
           FROM {course_items} WHERE {course} AND i.watch = '{watch_course}' \
           AND {open_item} AND i.due_on <= ? \
           {items_limit}) course"
    );
    (ctes, union, values)
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, Statement};

    use super::*;
    use crate::db::test_db::{fresh_db, today};

    /// SQLite's plan of `statement`, one line per step.
    async fn plan(db: &Db, statement: Statement) -> Vec<String> {
        struct Step {
            detail: String,
        }
        crate::db::rows::read_row!(Step { detail });
        let explain = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("EXPLAIN QUERY PLAN {}", statement.sql),
            statement.values.map(|v| v.0).unwrap_or_default(),
        );
        let steps: Vec<Step> = db.conn().read_rows(explain).await.unwrap();
        steps.into_iter().map(|s| s.detail).collect()
    }

    #[tokio::test]
    async fn a_page_of_a_list_reads_its_index_range_and_the_waiting_count_its_index() {
        let (db, _dir) = fresh_db().await;
        let day = today();
        let consultant = Some(UserId(1));
        // A page of the due-soon list: the same index range, no sort.
        let soon = DueDays {
            from: Some(day),
            until: day,
        };
        let window = Window {
            offset: 50,
            limit: 50,
        };
        let page = plan(&db, due_sql(DbBackend::Sqlite, consultant, soon, window)).await;
        assert!(
            page.iter()
                .any(|step| step.contains("USING INDEX idx_items_owner_open_due")),
            "{page:#?}"
        );
        assert!(
            !page.iter().any(|step| step.contains("TEMP B-TREE")),
            "{page:#?}"
        );
        let waiting = plan(&db, waiting_count_sql(DbBackend::Sqlite, consultant, day)).await;
        assert!(
            waiting
                .iter()
                .any(|step| step.contains("COVERING INDEX idx_items_owner_status_filed")),
            "{waiting:#?}"
        );
    }

    #[tokio::test]
    async fn each_dashboard_query_reads_its_own_index() {
        let (db, _dir) = fresh_db().await;
        let day = today();
        let consultant = Some(UserId(1));
        let days = DueDays {
            from: None,
            until: day,
        };
        let due = plan(
            &db,
            due_sql(DbBackend::Sqlite, consultant, days, Window::soonest(100)),
        )
        .await;
        assert!(
            due.iter()
                .any(|step| step.contains("USING INDEX idx_items_owner_open_due")),
            "{due:#?}"
        );
        assert!(
            !due.iter().any(|step| step.contains("TEMP B-TREE")),
            "{due:#?}"
        );
        let counts = plan(&db, counts_sql(DbBackend::Sqlite, consultant, day, day)).await;
        assert_eq!(
            counts
                .iter()
                .filter(|step| step.contains("USING INDEX idx_items_owner_open_due"))
                .count(),
            2,
            "{counts:#?}"
        );
        // The open cases: one row of the figures the triggers keep, by its key.
        assert!(
            counts
                .iter()
                .any(|step| step.contains("SEARCH n USING INTEGER PRIMARY KEY")),
            "{counts:#?}"
        );
        let window = Window::soonest(21);
        // The whole team's warnings read the same indexes (`watched_items`).
        let team = plan(&db, risks_sql(DbBackend::Sqlite, None, day, day, window)).await;
        for index in [
            "idx_items_owner_extension",
            "idx_items_owner_registration",
            "idx_items_owner_course",
        ] {
            assert!(
                team.iter()
                    .any(|step| step.contains(&format!("COVERING INDEX {index}"))),
                "{index}: {team:#?}"
            );
        }
        let risks = plan(
            &db,
            risks_sql(DbBackend::Sqlite, consultant, day, day, window),
        )
        .await;
        for index in [
            "idx_items_owner_extension",
            "idx_items_owner_registration",
            "idx_items_owner_course",
        ] {
            assert!(
                risks
                    .iter()
                    .any(|step| step.contains(&format!("COVERING INDEX {index}"))),
                "{index}: {risks:#?}"
            );
        }
        assert!(
            !risks
                .iter()
                .any(|step| step.contains("idx_items_owner_open_due")),
            "{risks:#?}"
        );
        assert!(
            risks
                .iter()
                .any(|step| step.contains("INDEX idx_cases_consultant_status_papers_on")),
            "{risks:#?}"
        );
    }

    #[tokio::test]
    async fn the_warnings_figures_count_index_ranges_only() {
        let (db, _dir) = fresh_db().await;
        let day = today();
        for (consultant, cases) in [
            (
                Some(UserId(1)),
                "COVERING INDEX idx_cases_consultant_status_papers_on",
            ),
            (None, "COVERING INDEX idx_cases_status_papers_on"),
        ] {
            the_figures_read(&db, consultant, cases, day).await;
        }
    }

    /// Asserts that the figures of `consultant`'s warnings count the flagged cases from the
    /// index `cases` and each watched kind from its own, with no scan and no sort.
    async fn the_figures_read(db: &Db, consultant: Option<UserId>, cases: &str, day: NaiveDate) {
        let counts = plan(db, risk_counts_sql(DbBackend::Sqlite, consultant, day, day)).await;
        for index in [
            cases,
            "COVERING INDEX idx_items_owner_extension",
            "COVERING INDEX idx_items_owner_registration",
            "COVERING INDEX idx_items_owner_course",
        ] {
            assert!(
                counts.iter().any(|step| step.contains(index)),
                "{index}: {counts:#?}"
            );
        }
        assert!(
            !counts.iter().any(
                |step| (step.starts_with("SCAN") && step != "SCAN CONSTANT ROW")
                    || step.contains("TEMP B-TREE")
            ),
            "{counts:#?}"
        );
    }
}
