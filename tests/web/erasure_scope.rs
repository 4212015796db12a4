//! What an erasure must not touch: an account another case still uses, other cases' text
//! that merely contains the erased name, other addresses' throttle counters, and a ledger
//! written for another database.

use sea_orm::{ConnectionTrait as _, Statement};
use softland_web::db::{outbox, users};

use crate::support::TestApp;

use crate::erasure::{EMAIL, add_household, erase, expat_browser, household_with};

async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    let conn = sea_orm::Database::connect(&app.state.config.database_url)
        .await
        .unwrap();
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        to_backend(&conn, sql),
        values,
    ))
    .await
    .unwrap();
}

async fn count(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) -> i64 {
    let conn = sea_orm::Database::connect(&app.state.config.database_url)
        .await
        .unwrap();
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            to_backend(&conn, sql),
            values,
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// `?` placeholders as the backend writes them.
fn to_backend(conn: &sea_orm::DatabaseConnection, sql: &str) -> String {
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        sql.to_owned()
    }
}

#[tokio::test]
async fn erasing_an_old_case_keeps_an_account_another_case_uses() {
    let h = household_with(|_| {}).await;
    let (case2, principal2, _, _) = add_household(&h.app, h.consultant, "b").await;
    users::link_person(&h.app.db, principal2, h.expat)
        .await
        .unwrap();
    let mail = outbox::MailText {
        subject: "Case two news".to_owned(),
        body: "Your residence permit is ready.".to_owned(),
    };
    outbox::queue(&h.app.db, EMAIL, &mail).await.unwrap();
    let plan = h
        .app
        .get(&format!("/cases/{}/erasure", h.case))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        plan.contains(&format!(
            "Portal account {} is kept because another case uses it",
            h.expat
        )),
        "the dry run says the account stays"
    );

    assert!(erase(&h.app, h.case, None).await.status().is_redirection());

    expat_browser(&h.app, EMAIL).await;
    let linked = "SELECT COUNT(*) FROM people WHERE id = ? AND user_id = ?";
    let values = vec![principal2.0.into(), h.expat.0.into()];
    assert_eq!(
        count(&h.app, linked, values).await,
        1,
        "case {case2} keeps its account"
    );
    let kept = "SELECT COUNT(*) FROM outbox WHERE subject = 'Case two news'";
    assert_eq!(
        count(&h.app, kept, vec![]).await,
        1,
        "case two's mail is still queued"
    );
}

#[tokio::test]
async fn erasing_tom_leaves_tomas_and_customs_of_other_cases() {
    let h = household_with(|_| {}).await;
    let (case2, _, spouse2, _) = add_household(&h.app, h.consultant, "b").await;
    exec(
        &h.app,
        "UPDATE people SET name = 'Tom' WHERE id = ?",
        vec![h.spouse.0.into()],
    )
    .await;
    exec(
        &h.app,
        "UPDATE people SET name = 'Tomáš Dvořák' WHERE id = ?",
        vec![spouse2.0.into()],
    )
    .await;
    exec(&h.app,
        "INSERT INTO audit_events (case_id, actor_id, at, action, subject) \
         SELECT ?, actor_id, at, action, 'Tomáš Dvořák at customs' FROM audit_events WHERE case_id = ?",
        vec![case2.0.into(), case2.0.into()],
    )
    .await;
    let mail = outbox::MailText {
        subject: "Tomáš: the customs office".to_owned(),
        body: "Tom at customs".to_owned(),
    };
    outbox::queue(&h.app.db, "other@mail.test", &mail)
        .await
        .unwrap();

    assert!(
        erase(&h.app, h.case, Some(h.spouse))
            .await
            .status()
            .is_redirection()
    );

    let audit = "SELECT COUNT(*) FROM audit_events WHERE subject = 'Tomáš Dvořák at customs'";
    assert!(
        count(&h.app, audit, vec![]).await > 0,
        "another case's audit line is untouched"
    );
    let mails = "SELECT COUNT(*) FROM outbox WHERE subject = 'Tomáš: the customs office' \
        AND body = 'Tom at customs'";
    assert_eq!(
        count(&h.app, mails, vec![]).await,
        1,
        "another address's mail is untouched"
    );
}

#[tokio::test]
async fn erasing_an_address_keeps_the_throttle_counters_of_longer_addresses() {
    let h = household_with(|_| {}).await;
    exec(
        &h.app,
        "UPDATE people SET email = 'an@x.cz' WHERE id = ?",
        vec![h.spouse.0.into()],
    )
    .await;
    for key in [
        "account:jan@x.cz",
        "account:an@x.cz",
        "public-recipient:enquiry:an@x.cz",
        "account:an@xxcz",
    ] {
        exec(
            &h.app,
            "INSERT INTO login_failures (key, at) VALUES (?, ?)",
            vec![key.into(), chrono::Utc::now().fixed_offset().into()],
        )
        .await;
    }

    assert!(
        erase(&h.app, h.case, Some(h.spouse))
            .await
            .status()
            .is_redirection()
    );

    let left =
        "SELECT COUNT(*) FROM login_failures WHERE key IN ('account:jan@x.cz', 'account:an@xxcz')";
    assert_eq!(count(&h.app, left, vec![]).await, 2);
    let gone = "SELECT COUNT(*) FROM login_failures WHERE key LIKE '%:an@x.cz'";
    assert_eq!(count(&h.app, gone, vec![]).await, 0);
}

#[tokio::test]
async fn a_ledger_written_for_another_database_is_not_applied() {
    let a = household_with(|_| {}).await;
    assert!(erase(&a.app, a.case, None).await.status().is_redirection());
    let b = household_with(|_| {}).await;
    assert_eq!(a.case, b.case, "both databases have a case of that number");

    // A second instance on B's database, started with A's ledger.
    let (url, ledger) = (
        b.app.state.config.database_url.clone(),
        a.app.state.config.erasure_ledger.clone(),
    );
    let again = crate::support::spawn_app_with(move |c| {
        c.database_url = url;
        c.erasure_ledger = ledger;
    })
    .await;

    let erased = "SELECT COUNT(*) FROM people WHERE name = 'Erased person'";
    assert_eq!(count(&b.app, erased, vec![]).await, 0);
    again.stop().await;
}

#[tokio::test]
async fn start_up_skips_cancelled_and_malformed_ledger_lines() {
    let b = household_with(|_| {}).await;
    let database = softland_web::db::erasure::database_id(&b.app.db)
        .await
        .unwrap();
    let line = |id: &str, scope: &str, people: &str, cancelled: bool| {
        format!(
            r#"{{"id":"{id}","case":{},"scope":"{scope}","people":[{people}],"users":[],"reason":"request","at":"2026-12-01T10:00:00Z","database":"{database}","cancelled":{cancelled}}}"#,
            b.case
        )
    };
    let folder = tempfile::tempdir().unwrap();
    let ledger = folder.path().join("ledger.jsonl");
    let text = [
        line("failed-1", "household", "", false),
        line("failed-1", "household", "", true),
        line("empty-1", "person", "", false),
        line("stranger-1", "person", "999999", false),
        "{not json".to_owned(),
    ]
    .join("\n");
    std::fs::write(&ledger, text).unwrap();
    let url = b.app.state.config.database_url.clone();
    let again = crate::support::spawn_app_with(move |c| {
        c.database_url = url;
        c.erasure_ledger = ledger;
    })
    .await;

    let erased = "SELECT COUNT(*) FROM people WHERE name = 'Erased person'";
    assert_eq!(count(&b.app, erased, vec![]).await, 0);
    let tombstones = "SELECT COUNT(*) FROM erasures";
    assert_eq!(count(&b.app, tombstones, vec![]).await, 0);
    again.stop().await;
}
