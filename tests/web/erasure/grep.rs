//! After an erasure, nothing of the person is left: no table cell and no log line holds
//! their name, e-mail or passport number, their files are gone from the store; and every
//! table of the database is classified in the erasure's list.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use sea_orm::{ConnectionTrait as _, Statement};

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

/// A visitor's browser: no session, its own cookies.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts `fields` to a form page's own address with the page's CSRF token.
async fn post_page_form(
    app: &crate::support::TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::StatusCode {
    let html = client
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
}

/// What a person leaves behind by using softland before they ask to be erased: a failed
/// sign-in and a request for a new password (throttle keys, a mail, log lines), their
/// portal pages (access-log lines with their address), a consent withdrawn in the portal,
/// their data export.
async fn leave_traces(h: &super::Household) {
    let stranger = browser();
    let status = post_page_form(
        &h.app,
        &stranger,
        "/login",
        "/login",
        &[("email", EMAIL), ("password", "Not-her-password-42")],
    )
    .await;
    assert_eq!(status, 401, "a failed sign-in with her address");
    let status = post_page_form(
        &h.app,
        &stranger,
        "/password/forgot",
        "/password/forgot",
        &[("email", EMAIL)],
    )
    .await;
    assert!(
        status.is_success(),
        "a request for a new password: {status}"
    );
    let expat = super::expat_browser(&h.app, EMAIL).await;
    for page in ["/my", "/my/privacy"] {
        let res = expat.get(h.app.url(page)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{page}");
    }
    let (case, person) = (h.case.0.to_string(), h.principal.0.to_string());
    let status = post_page_form(
        &h.app,
        &expat,
        "/my/privacy",
        "/my/privacy/consents",
        &[
            ("case", &case),
            ("person", &person),
            ("purpose", "mail_reminders"),
            ("action", "withdraw"),
        ],
    )
    .await;
    assert!(status.is_redirection(), "reminders withdrawn: {status}");
    let status = post_page_form(
        &h.app,
        &expat,
        "/my/privacy",
        "/my/privacy/export",
        &[("case", &case), ("person", &person)],
    )
    .await;
    assert_eq!(status, 200, "her export");
    h.app.state.access.flush().await;
    // Her mails delivered (without SMTP: into the log), as the server's runner does every
    // few seconds: the delivery's log line must not name her either.
    let delivered = h
        .app
        .runner(softland_web::mail::Transport::Log, "grep")
        .pass()
        .await
        .unwrap();
    assert_eq!(
        delivered.failed, 0,
        "her mails were delivered: {delivered:?}"
    );
}

/// Erases her (the household, or her alone) after she used softland, then looks for her
/// name, e-mail and passport number in every cell of every table and every log line.
async fn nothing_of_her_is_left(whole_household: bool) {
    let log = captured();
    let h = household_with(|_| {}).await;
    leave_traces(&h).await;
    let conn = raw(&h.app.state.config.database_url).await;
    let before = every_cell(&conn).await;
    assert!(
        before.iter().any(|(t, _)| t.starts_with("access_log."))
            && before
                .iter()
                .any(|(_, cell)| cell.to_lowercase().contains(EMAIL)),
        "the traces are there before the erasure"
    );
    let person = (!whole_household).then_some(h.principal);
    let res = erase(&h.app, h.case, person).await;
    assert!(res.status().is_redirection());
    h.app.state.access.flush().await;
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
    let addresses: Vec<String> = texts(
        &conn,
        &format!(
            "SELECT address AS v FROM access_log WHERE user_id = {} AND address IS NOT NULL",
            h.expat.0
        ),
    )
    .await;
    assert!(addresses.is_empty(), "her addresses stay in the access log");
    let log = String::from_utf8_lossy(&log.lock().unwrap()).to_lowercase();
    for needle in &needles {
        assert!(
            !log.contains(needle.as_str()),
            "the log names her ({needle})"
        );
    }
}

#[tokio::test]
async fn no_table_and_no_log_line_names_the_erased_household() {
    nothing_of_her_is_left(true).await;
}

#[tokio::test]
async fn no_table_and_no_log_line_names_the_erased_person() {
    nothing_of_her_is_left(false).await;
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
