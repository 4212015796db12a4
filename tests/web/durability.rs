//! Crash safety and backups: acknowledged writes survive SIGKILL; a backup taken under write
//! load is a consistent database.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use softland_web::db::{Db, backup, cases, templates};
use softland_web::ids::CaseId;

use crate::support::{TestDb, date, employee_card_case, fresh_db, make_consultant};

const WRITER_ENV: &str = "SOFTLAND_CRASH_WRITER_DB";

/// Not a test on its own: when the crash test re-runs this binary with `WRITER_ENV` set, it
/// writes cases forever and prints each id once its transaction has committed.
#[tokio::test]
async fn crash_writer_child() {
    let Ok(url) = std::env::var(WRITER_ENV) else {
        return;
    };
    let db = Db::connect(&url, 2).await.unwrap();
    let consultant = match softland_web::db::users::find_by_email(&db, "writer@centre.test")
        .await
        .unwrap()
    {
        Some(user) => user.id,
        None => make_consultant(&db, "writer@centre.test").await,
    };
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    loop {
        let id = cases::create(&db, &case, consultant, consultant, None)
            .await
            .unwrap();
        println!("ack {id}");
    }
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill_and_the_database_stays_sound() {
    let (db, database) = fresh_db().await;
    db.close().await;
    for _round in 0..3 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "durability::crash_writer_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &database.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut acked: Vec<i64> = Vec::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while acked.len() < 40 {
            let line = lines.next().expect("writer output").unwrap();
            if let Some(id) = line.strip_prefix("ack ") {
                acked.push(id.trim().parse().unwrap());
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to flush or clean up
        child.wait().unwrap();
        let db = Db::connect(&database.url, 1).await.unwrap();
        if db.is_sqlite() {
            assert_eq!(backup::integrity_check(&db).await.unwrap(), "ok");
        }
        for id in &acked {
            let stored = cases::load(&db, CaseId(*id))
                .await
                .expect("acknowledged case present");
            assert!(!stored.case.items().is_empty());
        }
        db.close().await;
    }
}

#[tokio::test]
async fn a_backup_taken_under_write_load_is_consistent() {
    let (db, database) = fresh_db().await;
    if !database.is_sqlite() {
        return;
    }
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let items_per_case = case.items().len();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop, case) = (db.clone(), stop.clone(), case.clone());
        tokio::spawn(async move {
            let mut written = 0u32;
            while !stop.load(Ordering::Relaxed) {
                cases::create(&db, &case, consultant, consultant, None)
                    .await
                    .unwrap();
                written += 1;
            }
            written
        })
    };
    while cases::count(&db).await.unwrap() < 20 {
        tokio::task::yield_now().await;
    }
    let copy_path = database.dir.path().join("copy.db");
    backup::backup(&db, &copy_path).await.unwrap();
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    let copy = Db::connect(&format!("sqlite://{}?mode=ro", copy_path.display()), 1)
        .await
        .unwrap();
    assert_eq!(backup::integrity_check(&copy).await.unwrap(), "ok");
    let copied = cases::count(&copy).await.unwrap();
    assert!(
        copied >= 20 && copied <= u64::from(written) + 1,
        "copied {copied} of {written}"
    );
    for id in cases::ids_of(&copy, consultant).await.unwrap() {
        let stored = cases::load(&copy, id).await.unwrap();
        assert_eq!(
            stored.case.items().len(),
            items_per_case,
            "a case was copied half-written"
        );
    }
}

#[tokio::test]
async fn a_backup_refuses_to_overwrite_a_file() {
    let database = TestDb::new().await;
    if !database.is_sqlite() {
        return;
    }
    let db = Db::connect(&database.url, 1).await.unwrap();
    db.migrate().await.unwrap();
    let existing = database.dir.path().join("exists.db");
    std::fs::write(&existing, b"keep me").unwrap();
    let err = backup::backup(&db, &existing).await.unwrap_err();
    assert!(err.to_string().contains("exists already"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
}
