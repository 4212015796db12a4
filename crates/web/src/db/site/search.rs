//! The public site's full-text index (`site_search`): one row per route guide and per
//! published article, rewritten when a template version is uploaded or an article is
//! published or unpublished, and rebuilt at start. SQLite searches it with FTS5 (porter
//! stemming, ranked by `bm25` with the title weighted highest), PostgreSQL with its weighted
//! `tsvector` (ranked by `ts_rank`). Only words the visitor typed reach the database, each
//! bound as a value, never as query syntax.

use sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait, Value};

use crate::db::rows::{ReadRows, read_row};
use crate::db::site::articles::VersionText;
use crate::db::{Db, DbError, statement};

/// The kind of a guide's row.
pub const ROUTE: &str = "route";
/// The kind of an article's row.
pub const ARTICLE: &str = "article";

/// Marks the start of a matched word in a snippet (a private-use character, removed from
/// everything indexed, so a text can never fake one).
pub const MARK_START: char = '\u{E000}';
/// Marks the end of a matched word in a snippet.
pub const MARK_END: char = '\u{E001}';

/// One row of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// [`ROUTE`] or [`ARTICLE`].
    pub kind: &'static str,
    /// The route key or the article's slug.
    pub key: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Everything else, as plain text.
    pub body: String,
}

impl SearchDoc {
    /// A published article's row.
    pub fn article(slug: &str, text: &VersionText, plain_body: &str) -> Self {
        Self {
            kind: ARTICLE,
            key: slug.to_owned(),
            title: text.title.clone(),
            summary: text.summary.clone(),
            body: plain_body.to_owned(),
        }
    }
}

/// A row found.
#[derive(Debug, Clone)]
pub struct Hit {
    /// [`ROUTE`] or [`ARTICLE`].
    pub kind: String,
    /// The route key or slug.
    pub key: String,
    /// Title.
    pub title: String,
    /// Part of the text, matched words between [`MARK_START`] and [`MARK_END`].
    pub snippet: String,
}

read_row!(Hit {
    kind,
    key,
    title,
    snippet
});

fn clean(text: &str) -> String {
    text.replace([MARK_START, MARK_END], "")
}

/// Writes `doc` (on `conn`, inside the change's transaction): its old row is replaced.
pub(crate) async fn put_in(conn: &impl ConnectionTrait, doc: &SearchDoc) -> Result<(), DbError> {
    remove_in(conn, doc.kind, &doc.key).await?;
    let backend = conn.get_database_backend();
    conn.execute_raw(statement(
        backend,
        "INSERT INTO site_search (kind, key, title, summary, body) VALUES (?, ?, ?, ?, ?)",
        vec![
            doc.kind.into(),
            doc.key.clone().into(),
            clean(&doc.title).into(),
            clean(&doc.summary).into(),
            clean(&doc.body).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Removes the row of `kind` and `key`.
pub(crate) async fn remove_in(
    conn: &impl ConnectionTrait,
    kind: &str,
    key: &str,
) -> Result<(), DbError> {
    let backend = conn.get_database_backend();
    conn.execute_raw(statement(
        backend,
        "DELETE FROM site_search WHERE kind = ? AND key = ?",
        vec![kind.into(), key.into()],
    ))
    .await?;
    Ok(())
}

/// Writes the guides' rows (`docs`, all of kind [`ROUTE`]): each replaces its old row.
pub async fn put_routes(db: &Db, docs: &[SearchDoc]) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    for doc in docs {
        put_in(&txn, doc).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Replaces the whole index with `docs`.
pub async fn replace_all(db: &Db, docs: &[SearchDoc]) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    txn.execute_raw(statement(backend, "DELETE FROM site_search", Vec::new()))
        .await?;
    for doc in docs {
        put_in(&txn, doc).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The rows matching every one of `terms` (plain words: letters and digits only), the best
/// first, at most `limit`.
pub async fn find(db: &Db, terms: &[String], limit: u64) -> Result<Vec<Hit>, DbError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let conn = db.conn();
    let backend = conn.backend();
    let query = if backend == DatabaseBackend::Sqlite {
        // Each term quoted: FTS5 reads it as a word, never as an operator.
        let expression = terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" ");
        statement(
            backend,
            &format!(
                "SELECT kind, key, title, \
                 snippet(site_search, 4, '{MARK_START}', '{MARK_END}', '…', 24) AS snippet \
                 FROM site_search WHERE site_search MATCH ? \
                 ORDER BY bm25(site_search, 0.0, 0.0, 10.0, 4.0, 1.0), title LIMIT {limit}"
            ),
            vec![Value::from(expression)],
        )
    } else {
        let options = format!(
            "StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, \
             MaxFragments=2, FragmentDelimiter=\" … \""
        );
        statement(
            backend,
            &format!(
                "SELECT kind, key, title, ts_headline('english', body, q, ?) AS snippet \
                 FROM site_search, plainto_tsquery('english', ?) q WHERE document @@ q \
                 ORDER BY ts_rank(document, q) DESC, title LIMIT {limit}"
            ),
            vec![Value::from(options), Value::from(terms.join(" "))],
        )
    };
    Ok(conn.read_rows(query).await?)
}
