//! Two requests (or two instances) at once must not break what one alone cannot: run against
//! PostgreSQL in CI, where nothing serialises writers but the database's own locks.

use softland_web::auth::Role;
use softland_web::db::cases::{self, Expect};
use softland_web::db::{Constraint, DbError, templates, users};

use crate::support::{date, employee_card_case, fresh_db, make_consultant, make_user};

#[tokio::test]
async fn of_two_reassignments_from_the_same_version_one_is_refused() {
    let (db, _guard) = fresh_db().await;
    let jana = make_consultant(&db, "jana@centre.test").await;
    let petr = make_consultant(&db, "petr@centre.test").await;
    let eva = make_consultant(&db, "eva@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    for round in 0..10 {
        let case = employee_card_case(&catalog, date(2026, 12, 23));
        let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
        let version = cases::load(&db, id).await.unwrap().version;
        let (to_petr, to_eva) = tokio::join!(
            cases::reassign(&db, id, Expect::Case(version), petr, jana),
            cases::reassign(&db, id, Expect::Case(version), eva, jana),
        );
        let refused = [&to_petr, &to_eva]
            .iter()
            .filter(|r| matches!(r, Err(DbError::Conflict(_))))
            .count();
        assert_eq!(
            refused, 1,
            "round {round}: both were made from version {version}: {to_petr:?} {to_eva:?}"
        );
        let stored = cases::load(&db, id).await.unwrap();
        assert_eq!(stored.version, version + 1, "round {round}");
    }
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let (db, _guard) = fresh_db().await;
    for round in 0..10 {
        let a = make_user(&db, &format!("a{round}@centre.test"), Role::Admin).await;
        let b = make_user(&db, &format!("b{round}@centre.test"), Role::Admin).await;
        // Only these two are admins in this round.
        for user in users::list(&db).await.unwrap() {
            if user.role == Role::Admin && user.id != a && user.id != b {
                users::set_role(&db, user.id, Role::Consultant)
                    .await
                    .unwrap();
            }
        }
        let (demote_a, deactivate_b) = tokio::join!(
            users::set_role(&db, a, Role::Consultant),
            users::set_active(&db, b, false),
        );
        let refused = [&demote_a, &deactivate_b]
            .iter()
            .filter(|r| matches!(r, Err(DbError::Constraint(Constraint::LastAdmin))))
            .count();
        assert_eq!(refused, 1, "round {round}: {demote_a:?} {deactivate_b:?}");
        let admins = users::list(&db)
            .await
            .unwrap()
            .into_iter()
            .filter(|u| u.role == Role::Admin && u.active)
            .count();
        assert_eq!(admins, 1, "round {round}");
    }
}

#[tokio::test]
async fn two_proposals_for_an_ambassadors_last_place_fill_it_once() {
    use std::collections::BTreeSet;

    use softland_domain::buddy::{Capacity, Excluded, Language, Level, MatchEvent, Topic};
    use softland_web::db::buddies::{
        self, AmbassadorStatus, NewAmbassador, NewRequest, Profile, RequestDetails, Step,
    };
    let (db, _guard) = fresh_db().await;
    let jana = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let english = Language::parse("English").unwrap();
    let details = RequestDetails {
        languages: vec![english.clone()],
        district: None,
        topics: BTreeSet::from([Topic::Housing]),
        has_children: false,
        wishes: None,
        share_email: false,
        share_phone: false,
        phone: None,
    };
    for round in 0..10 {
        let profile = Profile {
            nationality: "Indian".into(),
            languages: vec![(english.clone(), Level::Fluent)],
            years_here: 3,
            district: None,
            occupation: None,
            interests: None,
            family: None,
            children_at_school: false,
            helps_with: BTreeSet::from([Topic::Housing]),
            capacity: Capacity::new(1).unwrap(),
            available_until: None,
            introduction: "Hello".into(),
            phone: None,
        };
        let email = format!("buddy{round}@centre.test");
        let new = NewAmbassador {
            name: "Priya Sharma",
            email: &email,
            status: AmbassadorStatus::Active,
            profile: &profile,
            actor: Some(jana),
            link: None,
            notify: Vec::new(),
        };
        let (_, ambassador) = buddies::create_ambassador(&db, new).await.unwrap();
        let mut requests = Vec::new();
        for _ in 0..2 {
            let case = employee_card_case(&catalog, date(2026, 12, 23));
            let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
            let person = cases::load(&db, id).await.unwrap().person_ids[0];
            let new = NewRequest {
                case: id,
                person,
                actor: jana,
                details: &details,
                notify: Vec::new(),
            };
            requests.push(buddies::request(&db, new).await.unwrap());
        }
        let propose = |id| Step {
            id,
            version: None,
            event: MatchEvent::Propose,
            actor: jana,
            ambassador: Some(ambassador),
            note: None,
            today: date(2026, 12, 1),
            only_ambassador: None,
            notify: Vec::new(),
        };
        let (first, second) = tokio::join!(
            buddies::step(&db, propose(requests[0])),
            buddies::step(&db, propose(requests[1])),
        );
        let full = [&first, &second]
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Err(DbError::Constraint(Constraint::NotMatchable(
                        Excluded::Full
                    )))
                )
            })
            .count();
        assert_eq!(full, 1, "round {round}: {first:?} {second:?}");
        assert_eq!(buddies::ambassador(&db, ambassador).await.unwrap().load, 1);
    }
}

#[tokio::test]
async fn two_requests_for_the_same_newcomer_at_once_make_one() {
    use std::collections::BTreeSet;

    use softland_domain::buddy::{Language, Topic};
    use softland_web::db::buddies::{self, MatchFilter, NewRequest, RequestDetails};
    let (db, _guard) = fresh_db().await;
    let jana = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let details = RequestDetails {
        languages: vec![Language::parse("English").unwrap()],
        district: None,
        topics: BTreeSet::from([Topic::Housing]),
        has_children: false,
        wishes: None,
        share_email: false,
        share_phone: false,
        phone: None,
    };
    for round in 0..10 {
        let case = employee_card_case(&catalog, date(2026, 12, 23));
        let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
        let person = cases::load(&db, id).await.unwrap().person_ids[0];
        let new = || NewRequest {
            case: id,
            person,
            actor: jana,
            details: &details,
            notify: Vec::new(),
        };
        let (first, second) =
            tokio::join!(buddies::request(&db, new()), buddies::request(&db, new()));
        assert_eq!(
            usize::from(first.is_ok()) + usize::from(second.is_ok()),
            1,
            "round {round}: {first:?} {second:?}"
        );
        let filter = MatchFilter {
            case: Some(id),
            ..MatchFilter::default()
        };
        assert_eq!(buddies::matches(&db, &filter).await.unwrap().len(), 1);
    }
}

/// PostgreSQL: a handover moves the two consultants' open-case counts (a trigger) in the order
/// of their ids, whichever way it goes, so that two opposite handovers at once wait for each
/// other instead of deadlocking. Shown with a lock held by hand on the lower id's count: the
/// handover from the higher id to the lower must wait for it holding nothing else (the
/// higher id's count stays free).
#[tokio::test]
async fn a_handover_takes_the_consultants_counts_in_the_order_of_their_ids() {
    use sea_orm::{ConnectionTrait as _, TransactionTrait as _};
    let (db, database) = fresh_db().await;
    if database.is_sqlite() {
        return; // one writer: nothing to order
    }
    let low = make_consultant(&db, "jana@centre.test").await;
    let high = make_consultant(&db, "petr@centre.test").await;
    assert!(low.0 < high.0);
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let kept = cases::create(&db, &case, low, low, None).await.unwrap();
    let moved = cases::create(&db, &case, high, high, None).await.unwrap();
    let version = cases::load(&db, moved).await.unwrap().version;

    let hand = sea_orm::Database::connect(&database.url).await.unwrap();
    let held = hand.begin().await.unwrap();
    let lock = |id: i64, wait: &str| {
        format!(
            "SELECT open_cases FROM consultant_open_cases WHERE consultant_id = {id} FOR UPDATE{wait}"
        )
    };
    held.execute_unprepared(&lock(low.0, "")).await.unwrap();
    let handover = {
        let db = db.clone();
        tokio::spawn(
            async move { cases::reassign(&db, moved, Expect::Case(version), low, high).await },
        )
    };
    let pid = held
        .query_one_raw(raw("SELECT pg_backend_pid() AS pid"))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i32>("", "pid")
        .unwrap();
    wait_until_blocked_by(&hand, pid).await;
    let free = held.execute_unprepared(&lock(high.0, " NOWAIT")).await;
    assert!(
        free.is_ok(),
        "the handover holds the higher id's count while it waits for the lower's: {free:?}"
    );
    held.rollback().await.unwrap();
    handover.await.unwrap().unwrap();
    let counts = hand
        .query_all_raw(raw(
            "SELECT consultant_id, open_cases FROM consultant_open_cases ORDER BY consultant_id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "consultant_id").unwrap(),
                r.try_get::<i64>("", "open_cases").unwrap(),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        counts,
        [(low.0, 2), (high.0, 0)],
        "case {kept} stays, case {moved} moves"
    );
}

/// A PostgreSQL statement written out.
fn raw(sql: &str) -> sea_orm::Statement {
    sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql)
}

/// Waits until a session of this test's database waits for a lock that session `pid` holds
/// (at most 30 s: only a broken run waits that long).
async fn wait_until_blocked_by(conn: &sea_orm::DatabaseConnection, pid: i32) {
    use sea_orm::ConnectionTrait as _;
    let blocked = format!(
        "SELECT COUNT(*) AS n FROM pg_stat_activity \
         WHERE datname = current_database() AND {pid} = ANY(pg_blocking_pids(pid))"
    );
    for _ in 0..3_000 {
        let row = conn.query_one_raw(raw(&blocked)).await.unwrap().unwrap();
        if row.try_get::<i64>("", "n").unwrap() > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("nothing waited for session {pid}'s lock");
}
