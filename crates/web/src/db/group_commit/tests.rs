//! Group commit: each change saved once, a failing one alone rolled back, none acknowledged
//! before its commit.

use std::sync::Arc;

use sea_orm::{ConnectionTrait, DbErr, Statement};

use crate::db::Db;

async fn scratch() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let db = Db::connect(&url, 2).await.unwrap();
    {
        let _guard = db.write_guard().await;
        db.write_conn()
            .execute_unprepared(
                "CREATE TABLE parent (id INTEGER PRIMARY KEY); \
                 CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE, \
                   parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
            )
            .await
            .unwrap();
    }
    (db, dir)
}

async fn insert(txn: &impl ConnectionTrait, v: &str) -> Result<(), DbErr> {
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "INSERT INTO t (v) VALUES (?)",
        [v.into()],
    ))
    .await
    .map(|_| ())
}

async fn values(db: &Db) -> Vec<String> {
    let rows = db
        .write_conn()
        .query_all_raw(Statement::from_string(
            db.write_conn().get_database_backend(),
            "SELECT v FROM t ORDER BY v",
        ))
        .await
        .unwrap();
    rows.iter().map(|r| r.try_get("", "v").unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_changes_are_each_saved_once_and_failures_stay_their_own() {
    let (db, _dir) = scratch().await;
    let db = Arc::new(db);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let db = Arc::clone(&db);
        tasks.push(tokio::spawn(async move {
            db.batched(async |txn| {
                insert(txn, &format!("v{i:03}")).await?;
                // Every tenth change fails after writing: a duplicate of its own row.
                if i % 10 == 0 {
                    insert(txn, &format!("v{i:03}")).await?;
                }
                Ok::<_, DbErr>(i)
            })
            .await
        }));
    }
    let mut saved = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(i) => saved.push(format!("v{i:03}")),
            Err(err) => assert!(err.to_string().contains("UNIQUE"), "{err}"),
        }
    }
    assert_eq!(saved.len(), 180);
    assert_eq!(values(&db).await, saved, "exactly the acknowledged changes");
    let (batches, changes) = db.write_batches().unwrap();
    assert_eq!(changes, 180);
    assert!((1..=180).contains(&batches));
}

#[tokio::test]
async fn a_batch_that_cannot_commit_acknowledges_none_of_its_changes() {
    let (db, _dir) = scratch().await;
    // A deferred foreign key is checked at COMMIT: the savepoint is released, the
    // commit fails.
    let result = db
        .batched(async |txn| {
            txn.execute_unprepared("INSERT INTO t (v, parent) VALUES ('orphan', 7)")
                .await
                .map(|_| ())
        })
        .await;
    let err = result.expect_err("the commit failed, so the change is not acknowledged");
    assert!(err.to_string().contains("not saved"), "{err}");
    assert!(values(&db).await.is_empty());
    // The writer goes on: the next change is saved.
    db.batched(async |txn| insert(txn, "after").await)
        .await
        .unwrap();
    assert_eq!(values(&db).await, ["after"]);
}

#[tokio::test]
async fn an_exclusive_writer_commits_the_open_batch_first() {
    let (db, _dir) = scratch().await;
    db.batched(async |txn| insert(txn, "batched").await)
        .await
        .unwrap();
    let guard = db.write_guard().await;
    db.write_conn()
        .execute_unprepared("INSERT INTO t (v) VALUES ('exclusive')")
        .await
        .unwrap();
    drop(guard);
    assert_eq!(values(&db).await, ["batched", "exclusive"]);
}
