//! The writer thread: plans saved only while their case holds still, each once, none before
//! its commit.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::{Plan, Step, WriteError, Written};
use crate::db::Db;

async fn scratch() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let db = Db::connect(&url, 2).await.unwrap();
    {
        let _guard = db.write_guard().await;
        db.write_conn()
            .execute_unprepared(
                "CREATE TABLE office_closures (date TEXT NOT NULL); \
                 CREATE TABLE cases (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL DEFAULT 1, \
                   version INTEGER NOT NULL DEFAULT 1); \
                 CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE, \
                   parent INTEGER REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED); \
                 CREATE TRIGGER t_moves_revision AFTER INSERT ON t BEGIN \
                   UPDATE cases SET revision = revision + 1 WHERE id = 1; END; \
                 INSERT INTO cases (id) VALUES (1), (2);",
            )
            .await
            .unwrap();
    }
    (db, dir)
}

fn insert(v: &str) -> Statement {
    Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "INSERT INTO t (v) VALUES (?)",
        [v.into()],
    )
}

fn plan(case: i64, revision: i64, steps: Vec<Step>) -> Plan {
    Plan {
        case,
        revision,
        closures: None,
        steps,
    }
}

async fn values(db: &Db) -> Vec<String> {
    let rows = db
        .write_conn()
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT v FROM t ORDER BY v",
        ))
        .await
        .unwrap();
    rows.iter().map(|r| r.try_get("", "v").unwrap()).collect()
}

#[tokio::test]
async fn a_plan_is_saved_only_while_its_case_holds_still() {
    let (db, _dir) = scratch().await;
    let writer = db.writer().expect("a SQLite file has a writer thread");
    // Case 1 at revision 1: saved, and the insert's trigger moved its revision.
    let written = writer
        .write(plan(1, 1, vec![Step::any(insert("a"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Saved { revision: 2 });
    // Computed from revision 1, which is gone: nothing written.
    let written = writer
        .write(plan(1, 1, vec![Step::any(insert("b"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Stale);
    // The office calendar moved since the plan was made: stale too.
    {
        let _guard = db.write_guard().await;
        db.write_conn()
            .execute_unprepared("INSERT INTO office_closures (date) VALUES ('2026-12-24')")
            .await
            .unwrap();
    }
    let written = writer
        .write(plan(1, 2, vec![Step::any(insert("c"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Stale);
    let mut with_calendar = plan(1, 2, vec![Step::any(insert("c"))]);
    with_calendar.closures = Some("2026-12-24".into());
    assert_eq!(
        writer.write(with_calendar).await.unwrap(),
        Written::Saved { revision: 3 }
    );
    // A case that is gone.
    let written = writer
        .write(plan(9, 1, vec![Step::any(insert("d"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Gone);
    assert_eq!(values(&db).await, ["a", "c"]);
}

#[tokio::test]
async fn a_version_checked_step_that_finds_another_version_writes_nothing() {
    let (db, _dir) = scratch().await;
    let writer = db.writer().unwrap();
    let stale_update = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "UPDATE cases SET version = version + 1 WHERE id = ? AND version = ?",
        [2i64.into(), 7i64.into()],
    );
    let written = writer
        .write(plan(
            2,
            1,
            vec![Step::any(insert("before")), Step::one(stale_update)],
        ))
        .await
        .unwrap();
    assert_eq!(written, Written::Conflict);
    assert!(
        values(&db).await.is_empty(),
        "its first step is rolled back"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_and_batched_changes_of_many_writers_are_each_saved_once() {
    let (db, _dir) = scratch().await;
    let db = Arc::new(db);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let db = Arc::clone(&db);
        tasks.push(tokio::spawn(async move {
            let v = format!("v{i:03}");
            if i % 2 == 0 {
                // Case 2's revision never moves: each plan holds.
                let mut steps = vec![Step::any(insert(&v))];
                // Every tenth fails on its own: a duplicate of its own row.
                if i % 10 == 0 {
                    steps.push(Step::any(insert(&v)));
                }
                match db.writer().unwrap().write(plan(2, 1, steps)).await {
                    Ok(written) => {
                        assert_eq!(written, Written::Saved { revision: 1 });
                        Ok(v)
                    }
                    Err(err) => Err(err.to_string()),
                }
            } else {
                db.batched(async |txn| {
                    txn.execute_raw(insert(&v)).await?;
                    Ok::<_, DbErr>(v)
                })
                .await
                .map_err(|err| err.to_string())
            }
        }));
    }
    let mut saved = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(v) => saved.push(v),
            Err(err) => assert!(err.contains("UNIQUE"), "{err}"),
        }
    }
    saved.sort();
    assert_eq!(saved.len(), 180);
    assert_eq!(values(&db).await, saved, "exactly the acknowledged changes");
}

#[tokio::test]
async fn a_batch_that_cannot_commit_acknowledges_none_of_its_plans() {
    let (db, _dir) = scratch().await;
    let writer = db.writer().unwrap();
    // A deferred foreign key is checked at COMMIT: the savepoint is released, the commit
    // fails.
    let orphan = Statement::from_string(
        DbBackend::Sqlite,
        "INSERT INTO t (v, parent) VALUES ('orphan', 7)",
    );
    let err = writer
        .write(plan(2, 1, vec![Step::any(orphan)]))
        .await
        .expect_err("the commit failed, so the plan is not acknowledged");
    assert!(err.to_string().contains("not saved"), "{err}");
    assert!(values(&db).await.is_empty());
    // The writer goes on.
    let written = writer
        .write(plan(2, 1, vec![Step::any(insert("after"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Saved { revision: 1 });
    assert_eq!(values(&db).await, ["after"]);
}

#[tokio::test]
async fn a_stopped_writer_refuses_plans() {
    let (db, _dir) = scratch().await;
    let writer = db.writer().unwrap();
    writer.stop().await;
    let err = writer
        .write(plan(2, 1, vec![Step::any(insert("late"))]))
        .await
        .expect_err("stopped");
    assert!(matches!(err, WriteError::NotRunning), "{err}");
    assert!(values(&db).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_soon_after_a_commit_wait_for_the_interval_and_share_the_next() {
    let (db, dir) = scratch().await;
    let group = Arc::clone(db.group.as_ref().expect("a SQLite file batches"));
    // Long enough that a slow machine cannot blur the two cases apart.
    let interval = Duration::from_secs(2);
    let writer = Arc::new(
        super::Writer::start(&dir.path().join("t.db"), "0", Arc::clone(&group), interval).unwrap(),
    );
    // After a quiet spell a plan commits at once, alone.
    let quiet = Instant::now();
    let written = writer
        .write(plan(2, 1, vec![Step::any(insert("a"))]))
        .await
        .unwrap();
    assert_eq!(written, Written::Saved { revision: 1 });
    assert!(
        quiet.elapsed() < interval,
        "it did not wait for the interval"
    );
    let (batches, _) = group.counts();
    let committed = Instant::now();
    // Two plans sent right after that commit, 100 ms apart: both wait for the interval and
    // share one commit.
    let send = |v: &'static str| {
        let writer = Arc::clone(&writer);
        tokio::spawn(async move { writer.write(plan(2, 1, vec![Step::any(insert(v))])).await })
    };
    let b = send("b");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let c = send("c");
    for task in [b, c] {
        assert_eq!(task.await.unwrap().unwrap(), Written::Saved { revision: 1 });
    }
    assert!(
        committed.elapsed() >= interval,
        "they waited for the interval"
    );
    assert_eq!(group.counts().0, batches + 1, "one commit for both");
    assert_eq!(values(&db).await, ["a", "b", "c"]);
    writer.stop().await;
}
