//! Seeding the benchmark workload into a fresh database.

use softland_domain::StatusKind;
use softland_domain::case::CaseStatus;

use super::seed;
use crate::auth::Role;
use crate::db::cases::{self, StoredCase};
use crate::db::jobs::{self, Filter as JobFilter};
use crate::db::messages::{self, Side};
use crate::db::outbox::{self, Filter as MailFilter, MailStatus};
use crate::db::{Db, notes, users};
use crate::ids::CaseId;
use crate::jobs::JobStatus;

use crate::db::test_db::{fresh_db, today};

async fn all_cases(db: &Db, count: i64) -> Vec<StoredCase> {
    let mut out = Vec::new();
    for id in 1..=count {
        out.push(cases::load(db, CaseId(id)).await.unwrap());
    }
    out
}

/// The households' messages of `stored` (written besides the three notes of each case).
async fn expat_messages(db: &Db, stored: &[crate::db::cases::StoredCase]) -> u64 {
    let mut n = 0;
    for s in stored {
        let thread = messages::thread(db, s.id, None, 20).await.unwrap();
        n += thread.iter().filter(|m| m.side == Side::Expat).count() as u64;
    }
    n
}

#[tokio::test]
async fn bench_seed_writes_the_expected_rows() {
    let (db, _dir) = fresh_db().await;
    let summary = seed(&db, 240, 7, today()).await.unwrap();
    let stored = all_cases(&db, 240).await;
    let items: usize = stored.iter().map(|s| s.case.items().len()).sum();
    assert_eq!(
        (
            summary.consultants,
            summary.cases,
            summary.expats,
            summary.notes + summary.messages - expat_messages(&db, &stored).await
        ),
        (40, 240, 240, 720)
    );
    assert_eq!(summary.items, items as u64);
    assert_eq!(cases::count(&db).await.unwrap(), 240);
    let accounts = users::list(&db).await.unwrap();
    assert_eq!(
        accounts
            .iter()
            .filter(|u| u.role == Role::Consultant)
            .count(),
        40
    );
    assert_eq!(
        accounts.iter().filter(|u| u.role == Role::Expat).count(),
        240
    );
    for s in stored.iter().step_by(17) {
        let notes = notes::list(&db, s.id, true, 20).await.unwrap().len();
        let thread = messages::thread(&db, s.id, None, 20).await.unwrap();
        let staff = thread.iter().filter(|m| m.side == Side::Staff).count();
        assert_eq!(notes + staff, 3, "case {}", s.id);
    }
    let secret = super::feed_secret("consultant1@bench.softland.test");
    // What scripts/bench/lib.sh computes with sha256sum.
    assert_eq!(
        secret,
        "8007b33bd03254a384f9e96d3660d729aed400fdc302f920d7167d08c849262c"
    );
    let owner = crate::db::feed_tokens::verify(&db, &secret).await.unwrap();
    assert_eq!(
        owner.map(|u| u.email).as_deref(),
        Some("consultant1@bench.softland.test")
    );
    assert!(messages::count_unread_cases(&db, None).await.unwrap() > 0);
    // The registrations' confirmations went out long ago: a server started on the seeded
    // centre has no mail to deliver and no job to run.
    let mails = |status| MailFilter {
        status: Some(status),
        ..MailFilter::default()
    };
    let with = |status| JobFilter {
        status: Some(status),
        before: None,
    };
    assert!(
        !outbox::list(&db, &mails(MailStatus::Sent), 1)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        outbox::list(&db, &mails(MailStatus::Pending), 1)
            .await
            .unwrap()
            .is_empty()
    );
    for status in [JobStatus::Pending, JobStatus::Failed] {
        assert!(jobs::list(&db, with(status), 1).await.unwrap().is_empty());
    }
    assert!(
        !jobs::list(&db, with(JobStatus::Done), 1)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bench_seed_is_the_same_for_the_same_seed() {
    let (first, _a) = fresh_db().await;
    let (second, _b) = fresh_db().await;
    seed(&first, 60, 42, today()).await.unwrap();
    seed(&second, 60, 42, today()).await.unwrap();
    let a = all_cases(&first, 60).await;
    let b = all_cases(&second, 60).await;
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.case, y.case);
        assert_eq!(x.consultant, y.consultant);
    }
    let (third, _c) = fresh_db().await;
    seed(&third, 60, 43, today()).await.unwrap();
    let c = all_cases(&third, 60).await;
    assert_ne!(a[0].case.principal().name, c[0].case.principal().name);
}

#[tokio::test]
async fn bench_seed_refuses_a_database_with_cases() {
    let (db, _dir) = fresh_db().await;
    seed(&db, 5, 1, today()).await.unwrap();
    let err = seed(&db, 5, 1, today()).await.unwrap_err();
    assert!(err.to_string().contains("already has 5 cases"), "{err}");
}

#[tokio::test]
async fn bench_cases_are_four_in_five_open_with_few_overdue_items() {
    let (db, _dir) = fresh_db().await;
    seed(&db, 400, 11, today()).await.unwrap();
    let stored = all_cases(&db, 400).await;
    let open: Vec<_> = stored
        .iter()
        .filter(|s| *s.case.status() == CaseStatus::Open)
        .collect();
    assert_eq!(open.len(), 320);
    let open_items: usize = open
        .iter()
        .map(|s| {
            s.case
                .items()
                .iter()
                .filter(|i| i.status().kind().is_open())
                .count()
        })
        .sum();
    let overdue: usize = open.iter().map(|s| s.case.overdue(today()).len()).sum();
    let items: usize = stored.iter().map(|s| s.case.items().len()).sum();
    let waiting = stored
        .iter()
        .flat_map(|s| s.case.items())
        .filter(|i| i.status().kind() == StatusKind::Submitted)
        .count();
    let permille = overdue * 1000 / open_items;
    assert!((50..=110).contains(&permille), "{permille} ‰ overdue");
    assert!(waiting > 0, "no item is waiting for the authority");
    assert!(
        (4800..=5800).contains(&items),
        "{items} items for 400 cases"
    );
}
