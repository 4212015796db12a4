//! After an erasure, nothing of the person is left: no table cell and no log line holds
//! their name, e-mail or passport number, their files are gone from the store; and every
//! table of the database is classified in the erasure's list.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use sea_orm::{ConnectionTrait as _, Statement};
use softland_web::db::throttle;

use super::{EMAIL, NAME, PASSPORT, erase, household_with};

/// Every log line of this test binary from the moment the first test asks, at the level
/// the server logs at by default (info).
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Capture(buffer.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        buffer
    })
    .clone()
}

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn raw(url: &str) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(url).await.unwrap()
}

async fn texts(conn: &sea_orm::DatabaseConnection, sql: &str) -> Vec<String> {
    let backend = conn.get_database_backend();
    conn.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .filter_map(|row| {
            row.try_get::<Option<String>>("", "v").unwrap_or_else(|_| {
                // Binary cells (SQLite's full-text index): their bytes as far as they read.
                let bytes: Option<Vec<u8>> = row.try_get("", "v").unwrap();
                bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
            })
        })
        .collect()
}

async fn tables(conn: &sea_orm::DatabaseConnection) -> Vec<String> {
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        texts(
            conn,
            "SELECT name AS v FROM sqlite_master WHERE type = 'table'",
        )
        .await
    } else {
        texts(
            conn,
            "SELECT CAST(table_name AS TEXT) AS v FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .await
    }
}

/// Every cell of every table, as text.
async fn every_cell(conn: &sea_orm::DatabaseConnection) -> Vec<(String, String)> {
    let sqlite = conn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite;
    let mut out = Vec::new();
    for table in tables(conn).await {
        let columns = if sqlite {
            texts(
                conn,
                &format!("SELECT name AS v FROM pragma_table_info('{table}')"),
            )
            .await
        } else {
            texts(
                conn,
                &format!(
                    "SELECT CAST(column_name AS TEXT) AS v FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = '{table}'"
                ),
            )
            .await
        };
        for column in columns {
            let sql = format!("SELECT CAST(\"{column}\" AS TEXT) AS v FROM \"{table}\"");
            for cell in texts(conn, &sql).await {
                out.push((format!("{table}.{column}"), cell));
            }
        }
    }
    out
}

#[tokio::test]
async fn no_table_and_no_log_line_names_the_erased_person() {
    let log = captured();
    let h = household_with(|_| {}).await;
    // A failed sign-in keeps a throttle key with her e-mail (written as sign-in writes it;
    // the sign-in's own log line names the typed e-mail, which no erasure can reach).
    let rule = throttle::Rule {
        key: throttle::account_key(EMAIL),
        limit: 5,
        window: chrono::Duration::minutes(15),
        counting: throttle::Counting::Reserved,
    };
    let kept = throttle::reserve(&h.app.db, &[rule])
        .await
        .unwrap()
        .unwrap();
    throttle::keep(&h.app.db, kept).await.unwrap();
    let res = erase(&h.app, h.case, None).await;
    assert!(res.status().is_redirection());
    let conn = raw(&h.app.state.config.database_url).await;
    let needles = [
        NAME.to_lowercase(),
        EMAIL.to_lowercase(),
        PASSPORT.to_lowercase(),
    ];
    let hits: Vec<(String, String)> = every_cell(&conn)
        .await
        .into_iter()
        .filter(|(_, cell)| {
            let cell = cell.to_lowercase();
            needles.iter().any(|n| cell.contains(n.as_str()))
        })
        .collect();
    assert!(hits.is_empty(), "cells still naming her: {hits:?}");
    let log = String::from_utf8_lossy(&log.lock().unwrap()).to_lowercase();
    for needle in &needles {
        assert!(
            !log.contains(needle.as_str()),
            "the log names her ({needle})"
        );
    }
}

#[tokio::test]
async fn every_table_is_classified_for_erasure() {
    let h = household_with(|_| {}).await;
    let conn = raw(&h.app.state.config.database_url).await;
    let known: Vec<&str> = softland_web::db::erasure::steps::TABLES
        .iter()
        .map(|(table, _, _)| *table)
        .collect();
    let unclassified: Vec<String> = tables(&conn)
        .await
        .into_iter()
        .filter(|t| !known.contains(&t.as_str()))
        .collect();
    assert!(
        unclassified.is_empty(),
        "tables nobody classified in db/erasure/steps.rs TABLES: {unclassified:?}"
    );
    for step in softland_web::db::erasure::steps::STEPS {
        assert!(
            known.contains(&step.table),
            "{} has a step but no class",
            step.table
        );
    }
}
