//! Crash safety and backups: acknowledged writes survive SIGKILL; a backup taken under write
//! load is a consistent database.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use softland_domain::{KeyDate, Reason};
use softland_web::db::cases::Expect;
use softland_web::db::{Db, backup, cases, templates};
use softland_web::ids::CaseId;

use crate::support::{TestDb, date, employee_card_case, fresh_db, make_consultant};

const WRITER_ENV: &str = "SOFTLAND_CRASH_WRITER_DB";

/// Writers of batched changes (`Db::batched`: group commit on SQLite) in the crash child.
const BATCHED_WRITERS: usize = 8;

/// Writers of item changes (on SQLite computed outside the writer and saved by the writer
/// thread, `db::writer`, in batches of their own) in the crash child.
const ITEM_WRITERS: usize = 4;

/// Not a test on its own: when the crash test re-runs this binary with `WRITER_ENV` set, it
/// writes for ever and prints each write once it is acknowledged: `case C` for a case created
/// (a writer of its own, outside the batches), `change C N` when the `N`-th key-date change
/// of case `C` returned (changes that share commits, several writers at once), `item C N`
/// when the `N`-th due-date override of case `C`'s first item returned.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
    for _ in 0..BATCHED_WRITERS {
        let id = cases::create(&db, &case, consultant, consultant, None)
            .await
            .unwrap();
        println!("case {id}");
        let db = db.clone();
        tokio::spawn(async move {
            for n in 1u32.. {
                let start = date(2027, 1, 4) + chrono::Days::new(u64::from(n % 300));
                cases::update(&db, id, consultant, Expect::Any, |case, cal| {
                    case.set_key_date(KeyDate::EmploymentStart, Some(start), cal);
                    Ok::<_, String>(((), vec![]))
                })
                .await
                .unwrap();
                println!("change {id} {n}");
            }
        });
    }
    for _ in 0..ITEM_WRITERS {
        let id = cases::create(&db, &case, consultant, consultant, None)
            .await
            .unwrap();
        println!("case {id}");
        let item = cases::load(&db, id).await.unwrap().item_ids[0];
        let db = db.clone();
        tokio::spawn(async move {
            let reason = Reason::parse("agreed with the office").unwrap();
            for n in 1u32.. {
                let due = date(2027, 2, 1) + chrono::Days::new(u64::from(n % 300));
                cases::update_item(&db, (id, item), consultant, Expect::Any, |case, _, i| {
                    case.override_due(i, due, reason.clone());
                    Ok::<_, String>(((), vec![]))
                })
                .await
                .unwrap();
                println!("item {id} {n}");
            }
        });
    }
    loop {
        let id = cases::create(&db, &case, consultant, consultant, None)
            .await
            .unwrap();
        println!("case {id}");
    }
}

/// Kills the writer child (SIGKILL) 20 times in the middle of acknowledged writes, created
/// cases, batched changes and the writer thread's item changes alike; after each, the database is sound and holds every write
/// the child was told was saved.
#[tokio::test]
async fn acknowledged_writes_survive_sigkill_and_the_database_stays_sound() {
    let (db, database) = fresh_db().await;
    db.close().await;
    for round in 0..20 {
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
        let mut created: Vec<i64> = Vec::new();
        let mut changed: HashMap<i64, i32> = HashMap::new();
        let mut change_lines = 0;
        let mut overridden: HashMap<i64, i64> = HashMap::new();
        let mut item_lines = 0;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill at a different moment each round.
        while created.len() < 10 + round
            || change_lines < 40 + 7 * round
            || item_lines < 40 + 7 * round
        {
            let line = lines.next().expect("writer output").unwrap();
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["case", id] => created.push(id.parse().unwrap()),
                ["change", id, n] => {
                    let n: i32 = n.parse().unwrap();
                    let latest = changed.entry(id.parse().unwrap()).or_default();
                    *latest = (*latest).max(n);
                    change_lines += 1;
                }
                ["item", id, n] => {
                    let n: i64 = n.parse().unwrap();
                    let latest = overridden.entry(id.parse().unwrap()).or_default();
                    *latest = (*latest).max(n);
                    item_lines += 1;
                }
                _ => {}
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to flush or clean up
        child.wait().unwrap();
        let db = Db::connect(&database.url, 1).await.unwrap();
        if db.is_sqlite() {
            assert_eq!(backup::integrity_check(&db).await.unwrap(), "ok");
        }
        for id in &created {
            let stored = cases::load(&db, CaseId(*id))
                .await
                .expect("acknowledged case present");
            assert!(!stored.case.items().is_empty());
        }
        for (id, n) in &changed {
            // Created at version 1; each key-date change is one more.
            let stored = cases::load(&db, CaseId(*id)).await.unwrap();
            assert!(
                stored.version > i64::from(*n),
                "round {round}: case {id} is at version {} but {n} changes were acknowledged",
                stored.version
            );
        }
        for (id, n) in &overridden {
            // Each override is a new version of the item.
            let stored = cases::load(&db, CaseId(*id)).await.unwrap();
            assert!(
                stored.item_versions[0] > *n,
                "round {round}: case {id}'s item is at version {} but {n} overrides were acknowledged",
                stored.item_versions[0]
            );
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
