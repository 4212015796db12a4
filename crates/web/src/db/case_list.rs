//! The case list: cases filtered by consultant, route, status and overdue items, searched by
//! name, e-mail or passport number, sorted from an allow-list and paged. One statement for
//! the rows and one for the count; the next item due comes from a correlated subquery, so no
//! query runs per row. User text is always bound as a parameter.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Value};

use super::rows::{ReadRows, read_row};
use softland_domain::RouteKey;

use super::entities::case_routes;
use super::{Db, DbError};
use crate::ids::UserId;

/// The case statuses the list can show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListStatus {
    /// Being worked on.
    #[default]
    Open,
    /// Paused.
    OnHold,
    /// Finished.
    Closed,
}

impl ListStatus {
    /// Every status, in the order the filter offers them.
    pub const ALL: [ListStatus; 3] = [ListStatus::Open, ListStatus::OnHold, ListStatus::Closed];

    /// The identifier in URLs and storage: "open", "on_hold", "closed".
    pub fn as_str(self) -> &'static str {
        match self {
            ListStatus::Open => "open",
            ListStatus::OnHold => "on_hold",
            ListStatus::Closed => "closed",
        }
    }

    /// "Open", "On hold", "Closed".
    pub fn label(self) -> &'static str {
        match self {
            ListStatus::Open => "Open",
            ListStatus::OnHold => "On hold",
            ListStatus::Closed => "Closed",
        }
    }

    /// Parses [`ListStatus::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// The orders the list can be sorted in (an allow-list: the SQL is chosen here, never built
/// from the request).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Soonest next due date first; cases with nothing due last.
    #[default]
    NextDue,
    /// By the principal's name.
    Name,
    /// Newest case first.
    Opened,
}

impl SortBy {
    /// Every order, default first.
    pub const ALL: [SortBy; 3] = [SortBy::NextDue, SortBy::Name, SortBy::Opened];

    /// The identifier in URLs: `next_due`, `name`, `opened`.
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::NextDue => "next_due",
            SortBy::Name => "name",
            SortBy::Opened => "opened",
        }
    }

    /// "Next due date", "Name", "Opened (newest first)".
    pub fn label(self) -> &'static str {
        match self {
            SortBy::NextDue => "Next due date",
            SortBy::Name => "Name",
            SortBy::Opened => "Opened (newest first)",
        }
    }

    /// Parses [`SortBy::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    fn order_by(self) -> &'static str {
        match self {
            SortBy::NextDue => "c.next_due_on ASC NULLS LAST, c.id",
            SortBy::Name => "LOWER(c.principal_name), c.id",
            SortBy::Opened => "c.opened_on DESC, c.id DESC",
        }
    }
}

/// Which cases to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Only this consultant's cases; `None` for the whole team.
    pub consultant: Option<UserId>,
    /// Only cases on this route.
    pub route: Option<RouteKey>,
    /// Only cases in this status.
    pub status: ListStatus,
    /// Only cases with an open item due before today.
    pub overdue: bool,
    /// Only cases with messages from expats that staff have not read.
    pub unread_messages: bool,
    /// Text to find in a name, e-mail or passport number of anyone in the case.
    pub search: Option<String>,
    /// The order.
    pub sort: SortBy,
}

/// One case of the list.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// The case.
    pub id: i64,
    /// The principal's name.
    pub principal_name: String,
    /// The principal's e-mail.
    pub email: Option<String>,
    /// The principal's nationality.
    pub nationality: Option<String>,
    /// Route keys, in the case's order.
    pub routes: Vec<String>,
    /// The consultant's name.
    pub consultant: String,
    /// "open", "on_hold" or "closed".
    pub status: String,
    /// Day the case was opened.
    pub opened_on: NaiveDate,
    /// Due date of the open item due soonest.
    pub next_due_on: Option<NaiveDate>,
    /// Title of that item.
    pub next_title: Option<String>,
    /// Items done.
    pub items_done: i64,
    /// Items that apply.
    pub items_applicable: i64,
    /// Whether it has messages from expats that staff have not read.
    pub unread_messages: bool,
}

/// A [`CaseRow`] as its query reads it: everything but the routes.
struct CaseRecord {
    id: i64,
    principal_name: String,
    email: Option<String>,
    nationality: Option<String>,
    consultant: String,
    status: String,
    opened_on: NaiveDate,
    next_due_on: Option<NaiveDate>,
    next_title: Option<String>,
    items_done: i64,
    items_applicable: i64,
    unread_messages: bool,
}

read_row!(CaseRecord {
    id,
    principal_name,
    email,
    nationality,
    consultant,
    status,
    opened_on,
    next_due_on,
    next_title,
    items_done,
    items_applicable,
    unread_messages
});

impl CaseRow {
    /// The route keys.
    pub fn route_keys(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(String::as_str)
    }
}

static COLUMNS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "c.id AS id, c.principal_name AS principal_name, p.email AS email, \
         p.nationality AS nationality, u.display_name AS consultant, \
         c.status AS status, c.opened_on AS opened_on, c.next_due_on AS next_due_on, \
         (SELECT i.title FROM checklist_items i WHERE i.case_id = c.id AND i.due_on = c.next_due_on \
           AND {} ORDER BY i.position LIMIT 1) AS next_title, \
         c.items_done AS items_done, c.items_applicable AS items_applicable, \
         EXISTS (SELECT 1 FROM conversations v WHERE v.case_id = c.id \
           AND v.staff_unread_at IS NOT NULL) AS unread_messages \
         FROM cases c JOIN users u ON u.id = c.consultant_id \
         LEFT JOIN people p ON p.case_id = c.id AND p.position = 0",
        *super::vocabulary::OPEN_ITEM
    )
});

/// `text` with the LIKE wildcards `%` and `_` (and the escape character) taken literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The WHERE clause of `filter`, pushing its values.
fn conditions(filter: &CaseFilter, today: NaiveDate, values: &mut Vec<Value>) -> String {
    let mut sql = String::from(" WHERE c.status = ?");
    values.push(filter.status.as_str().into());
    if let Some(id) = filter.consultant {
        sql.push_str(" AND c.consultant_id = ?");
        values.push(id.0.into());
    }
    if let Some(route) = &filter.route {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM case_routes r WHERE r.case_id = c.id AND r.route = ?)",
        );
        values.push(route.as_str().into());
    }
    if filter.overdue {
        sql.push_str(" AND c.next_due_on < ?");
        values.push(today.into());
    }
    if filter.unread_messages {
        // From the few conversations with unread messages (`idx_conversations_staff_unread`).
        sql.push_str(
            " AND c.id IN (SELECT v.case_id FROM conversations v \
             WHERE v.staff_unread_at IS NOT NULL)",
        );
    }
    if let Some(text) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        sql.push_str(" AND ");
        sql.push_str(&search_condition(text, values));
    }
    sql
}

/// The condition on cases `c` that some name, e-mail or passport number of their people
/// holds `text` (case-insensitively, wildcards taken literally), pushing its value: the case
/// list's search, and the people found by the search in the navigation.
pub(crate) fn search_condition(text: &str, values: &mut Vec<Value>) -> String {
    values.push(like_pattern(text).into());
    "c.search_text LIKE ? ESCAPE '\\'".to_owned()
}

/// The LIKE pattern finding `text` anywhere in lower-cased text, wildcards taken literally.
pub(crate) fn like_pattern(text: &str) -> String {
    format!("%{}%", escape_like(&text.to_lowercase()))
}

/// The cases matching `filter`, `limit` of them from `offset`.
pub async fn page(
    db: &Db,
    filter: &CaseFilter,
    today: NaiveDate,
    offset: u64,
    limit: u64,
) -> Result<Vec<CaseRow>, DbError> {
    // The numbers are written into the SQL (below): only ones the database can hold.
    let (Ok(offset), Ok(limit)) = (i64::try_from(offset), i64::try_from(limit)) else {
        return Ok(Vec::new());
    };
    let mut values = Vec::new();
    let conditions = conditions(filter, today, &mut values);
    let order = filter.sort.order_by();
    // The page's ids are chosen first (for the default order from the covering index alone);
    // the joins and the next item's title then run for the page's rows only, not for every
    // matching case (docs/performance-log.md). LIMIT and OFFSET are written into the SQL, not
    // bound (`db::limited` says why).
    let sql = format!(
        "SELECT {} WHERE c.id IN \
         (SELECT c.id FROM cases c{conditions} ORDER BY {order} LIMIT {limit} OFFSET {offset}) \
         ORDER BY {order}",
        *COLUMNS
    );
    let backend = db.conn().get_database_backend();
    let records: Vec<CaseRecord> = db
        .conn()
        .read_rows(super::statement(backend, &sql, values))
        .await?;
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let routes = super::all(
        case_routes::Entity::find()
            .filter(case_routes::Column::CaseId.is_in(ids))
            .order_by_asc(case_routes::Column::CaseId)
            .order_by_asc(case_routes::Column::Position),
        db.conn(),
    )
    .await?;
    Ok(with_routes(records, routes))
}

/// The rows with their routes (`routes` ordered by case, then position).
fn with_routes(records: Vec<CaseRecord>, routes: Vec<case_routes::Model>) -> Vec<CaseRow> {
    let mut by_case: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for r in routes {
        by_case.entry(r.case_id).or_default().push(r.route);
    }
    records
        .into_iter()
        .map(|r| CaseRow {
            routes: by_case.remove(&r.id).unwrap_or_default(),
            id: r.id,
            principal_name: r.principal_name,
            email: r.email,
            nationality: r.nationality,
            consultant: r.consultant,
            status: r.status,
            opened_on: r.opened_on,
            next_due_on: r.next_due_on,
            next_title: r.next_title,
            items_done: r.items_done,
            items_applicable: r.items_applicable,
            unread_messages: r.unread_messages,
        })
        .collect()
}

/// Every case matching `filter` (for the CSV export). The whole team's can be tens of
/// thousands of rows: read off the async workers (`Db::off_thread`).
pub async fn all(db: &Db, filter: &CaseFilter, today: NaiveDate) -> Result<Vec<CaseRow>, DbError> {
    let mut values = Vec::new();
    let conditions = conditions(filter, today, &mut values);
    let order = filter.sort.order_by();
    let sql = format!("SELECT {}{conditions} ORDER BY {order}", *COLUMNS);
    let backend = db.conn().get_database_backend();
    let routes_sql = format!(
        "SELECT r.case_id AS case_id, r.position AS position, r.route AS route \
         FROM case_routes r WHERE r.case_id IN (SELECT c.id FROM cases c{conditions}) \
         ORDER BY r.case_id, r.position"
    );
    let statement = super::statement(backend, &sql, values.clone());
    let routes_statement = super::statement(backend, &routes_sql, values);
    db.off_thread(move |db| async move {
        let records: Vec<CaseRecord> = db.conn().read_rows(statement).await?;
        let routes: Vec<case_routes::Model> = db.conn().read_rows(routes_statement).await?;
        Ok(with_routes(records, routes))
    })
    .await
}

/// How many cases match `filter`.
pub async fn count(db: &Db, filter: &CaseFilter, today: NaiveDate) -> Result<u64, DbError> {
    struct Count {
        n: i64,
    }
    read_row!(Count { n });
    let mut values = Vec::new();
    let conditions = conditions(filter, today, &mut values);
    let sql = format!("SELECT COUNT(*) AS n FROM cases c{conditions}");
    let backend = db.conn().get_database_backend();
    let rows: Vec<Count> = db
        .conn()
        .read_rows(super::statement(backend, &sql, values))
        .await?;
    Ok(rows.first().map_or(0, |r| u64::try_from(r.n).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_user_text_are_escaped() {
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
        assert_eq!(escape_like("' OR 1=1 --"), "' OR 1=1 --");
    }
}
