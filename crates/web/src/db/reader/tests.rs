//! The SQLite reader reads the same rows as sqlx, refuses writes, and reads the stored forms
//! of dates and times that sqlx writes.
// They fill every table from the demo centre.
#![cfg(feature = "seed")]

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::*;
use crate::db::entities::{
    api_tokens, audit_events, case_key_dates, case_routes, cases, checklist_items,
    item_status_history, link_tokens, login_failures, notes, office_closures, outbox, people,
    route_templates, server_keys, sessions, template_libraries, users,
};
use crate::db::entities::{recovery_codes, security_settings, two_factor};
use crate::db::test_db::{fresh_db, today};
use crate::db::{Db, Reads};

/// Rows for the tables the demo centre leaves empty, with every optional column set in one
/// row and empty in another.
async fn fill_the_rest(db: &Db) {
    let conn = db.write_conn();
    let now = Utc::now().fixed_offset();
    let later = now + Duration::hours(2);
    for (i, user_id) in [(0, Some(1)), (1, None)] {
        sessions::ActiveModel {
            id: Set(format!("session-{i}")),
            user_id: Set(user_id),
            data: Set("{}".into()),
            expires_at: Set(later),
        }
        .insert(conn)
        .await
        .unwrap();
    }
    server_keys::ActiveModel {
        // The demo made the signing key (its admin's two-factor secret is masked with it).
        name: Set("test".into()),
        secret: Set("0123456789abcdef".into()),
        created_at: Set(now),
    }
    .insert(conn)
    .await
    .unwrap();
    office_closures::ActiveModel {
        date: Set(today()),
        reason: Set("Staff training".into()),
    }
    .insert(conn)
    .await
    .unwrap();
    login_failures::ActiveModel {
        key: Set("account:someone@example.com".into()),
        at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .unwrap();
    for (i, set) in [(0, Some(later)), (1, None)] {
        link_tokens::ActiveModel {
            purpose: Set("invite".into()),
            token_hash: Set(format!("hash-{i}")),
            user_id: Set(1),
            created_by: Set(set.map(|_| 1)),
            created_at: Set(now),
            expires_at: Set(later),
            used_at: Set(set),
            ..Default::default()
        }
        .insert(conn)
        .await
        .unwrap();
        outbox::ActiveModel {
            to_address: Set("someone@example.com".into()),
            subject: Set("Your invitation".into()),
            body: Set("Welcome".into()),
            status: Set("queued".into()),
            attempts: Set(i),
            last_error: Set(set.map(|_| "connection refused".into())),
            next_attempt_at: Set(now),
            claimed_until: Set(set),
            created_at: Set(now),
            sent_at: Set(set),
            ..Default::default()
        }
        .insert(conn)
        .await
        .unwrap();
        api_tokens::ActiveModel {
            user_id: Set(1),
            name: Set(format!("token {i}")),
            token_hash: Set(format!("token-hash-{i}")),
            created_at: Set(now),
            expires_at: Set(set),
            revoked_at: Set(set),
            last_used_at: Set(set),
            ..Default::default()
        }
        .insert(conn)
        .await
        .unwrap();
    }
}

/// Every row of entity `E`, read through the reader (typed rows, `db::rows`) and through
/// sqlx (sea-orm's own reading, and typed rows), must be equal.
macro_rules! same_rows {
    ($db:expr, $($entity:ident),+ $(,)?) => {$(
        let typed = crate::db::all($entity::Entity::find(), $db.conn()).await.unwrap();
        let typed_by_sqlx = crate::db::all($entity::Entity::find(), $db.write_conn()).await.unwrap();
        let stored = $entity::Entity::find().all($db.write_conn()).await.unwrap();
        assert!(!stored.is_empty(), "{} has no rows to compare", stringify!($entity));
        assert_eq!(typed, stored, "{} as typed rows", stringify!($entity));
        assert_eq!(typed_by_sqlx, stored, "{} as typed rows through sqlx", stringify!($entity));
    )+};
}

#[tokio::test]
async fn every_table_reads_the_same_through_the_reader_as_through_sqlx() {
    let (db, _dir) = fresh_db().await;
    assert!(matches!(db.conn(), Reads::Sqlite(_)));
    crate::seed::demo::seed(&db, today()).await.unwrap();
    fill_the_rest(&db).await;
    same_rows!(
        db,
        users,
        sessions,
        cases,
        people,
        case_key_dates,
        case_routes,
        checklist_items,
        item_status_history,
        notes,
        audit_events,
        route_templates,
        template_libraries,
        office_closures,
        login_failures,
        link_tokens,
        outbox,
        api_tokens,
        server_keys,
        two_factor,
        recovery_codes,
        security_settings,
    );
}

#[tokio::test]
async fn the_read_connection_refuses_writes() {
    #[expect(dead_code, reason = "the read must fail before any row is read")]
    struct Id {
        id: i64,
    }
    crate::db::rows::read_row!(Id { id });
    let (db, _dir) = fresh_db().await;
    // A write hidden in a query is stopped by `query_only`.
    let hidden: Result<Vec<Id>, _> = db
        .conn()
        .read_rows(Statement::from_string(
            DbBackend::Sqlite,
            "DELETE FROM route_templates RETURNING id",
        ))
        .await;
    assert!(hidden.is_err());
    let left = crate::db::all(route_templates::Entity::find(), db.conn())
        .await
        .unwrap();
    assert!(!left.is_empty());
}

#[tokio::test]
async fn reads_fail_once_the_database_is_closed() {
    let (db, _dir) = fresh_db().await;
    assert!(db.ping().await);
    db.clone().close().await;
    assert!(!db.ping().await);
    assert!(
        crate::db::all(users::Entity::find(), db.conn())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_readers_and_the_writer_map_a_file_beyond_two_gibibytes() {
    use sea_orm::ConnectionTrait as _;
    struct Size {
        mmap_size: i64,
    }
    crate::db::rows::read_row!(Size { mmap_size });
    let (db, _dir) = fresh_db().await;
    let pragma = || Statement::from_string(DbBackend::Sqlite, "PRAGMA mmap_size");
    let read: Vec<Size> = db.conn().read_rows(pragma()).await.unwrap();
    let written = db
        .write_conn()
        .query_one_raw(pragma())
        .await
        .unwrap()
        .unwrap();
    // 1 TiB: without `.cargo/config.toml`'s build flag SQLite lowers it to its ceiling of
    // 2,147,418,112 bytes, and a larger file is read outside the map.
    let asked = 1_i64 << 40;
    assert_eq!(
        read.iter().map(|r| r.mmap_size).collect::<Vec<_>>(),
        [asked]
    );
    assert_eq!(written.try_get::<i64>("", "mmap_size").unwrap(), asked);
}
