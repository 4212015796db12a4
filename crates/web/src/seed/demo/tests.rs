//! Seeding the demo centre.

use std::collections::BTreeSet;

use softland_domain::StatusKind;
use softland_domain::case::CaseStatus;

use super::seed;
use crate::auth::Role;
use crate::db::cases::{self, StoredCase};
use crate::db::messages::{self, Side};
use crate::db::test_db::{fresh_db, today};
use crate::db::{Db, DbError, notes, users};
use crate::ids::{CaseId, PersonId};

async fn all_cases(db: &Db) -> Vec<StoredCase> {
    let count = i64::try_from(cases::count(db).await.unwrap()).unwrap();
    let mut out = Vec::new();
    for id in 1..=count {
        out.push(cases::load(db, CaseId(id)).await.unwrap());
    }
    out
}

#[tokio::test]
async fn demo_seed_creates_the_staff_an_expat_and_cases_over_every_route() {
    let (db, _dir) = fresh_db().await;
    let logins = seed(&db, today()).await.unwrap();
    let roles: Vec<&str> = logins.iter().map(|l| l.role.as_str()).collect();
    assert_eq!(
        roles,
        [
            "admin",
            "consultant",
            "consultant",
            "consultant",
            "expat",
            "buddy",
            "employer"
        ]
    );
    let accounts = users::list(&db).await.unwrap();
    // Two more households have portal accounts (without passwords) for the conversations;
    // seven ambassadors (one applying) have buddy accounts; one employer user.
    assert_eq!(accounts.len(), 15);
    assert_eq!(
        accounts
            .iter()
            .filter(|u| u.role == Role::Consultant)
            .count(),
        3
    );
    let stored = all_cases(&db).await;
    assert!((40..=50).contains(&stored.len()), "{} cases", stored.len());
    let routes: BTreeSet<String> = stored
        .iter()
        .flat_map(|s| s.case.routes().iter().map(ToString::to_string))
        .collect();
    assert_eq!(
        routes.len(),
        softland_domain::template::SHIPPED_ROUTES.len(),
        "every route: {routes:?}"
    );
    // The household erased last month (issue 23) keeps no notes.
    for s in stored
        .iter()
        .filter(|s| s.case.principal().name.as_str() != "Erased person")
    {
        let n = notes::list(&db, s.id, true, 10).await.unwrap().len();
        let m = messages::thread(&db, s.id, None, 10).await.unwrap();
        let written = n + m.iter().filter(|m| m.side == Side::Staff).count();
        assert!((1..=3).contains(&written), "case {}: {written} notes", s.id);
    }
}

#[tokio::test]
async fn demo_conversations_leave_new_messages_for_the_staff() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    assert!(messages::count_unread_cases(&db, None).await.unwrap() >= 2);
    let unread = messages::unread_cases(&db, None, 10).await.unwrap();
    assert!(unread.iter().all(|c| c.unread >= 1));
}

#[tokio::test]
async fn demo_cases_are_at_every_stage() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let stored = all_cases(&db).await;
    let cases: Vec<_> = stored.iter().map(|s| &s.case).collect();
    let closed = cases
        .iter()
        .filter(|c| matches!(c.status(), CaseStatus::Closed { .. }))
        .count();
    let held = cases
        .iter()
        .filter(|c| matches!(c.status(), CaseStatus::OnHold { .. }))
        .count();
    let open = cases.iter().filter(|c| *c.status() == CaseStatus::Open);
    let overdue: usize = open.map(|c| c.overdue(today()).len()).sum();
    let waiting: usize = cases
        .iter()
        .map(|c| c.waiting_longer_than(today(), 30).len())
        .sum();
    let items: Vec<_> = cases.iter().flat_map(|c| c.items()).collect();
    let not_needed = items
        .iter()
        .filter(|i| i.status().kind() == StatusKind::NotApplicable)
        .count();
    let overridden = items.iter().filter(|i| i.due_override().is_some()).count();
    let families = cases.iter().filter(|c| c.people().len() > 2).count();
    assert!(closed >= 1 && held >= 1, "closed {closed}, on hold {held}");
    assert!(
        overdue >= 1 && waiting >= 1,
        "overdue {overdue}, waiting {waiting}"
    );
    assert!(
        not_needed >= 2 && overridden >= 2,
        "not needed {not_needed}, overrides {overridden}"
    );
    assert!(families >= 1);
}

#[tokio::test]
async fn demo_seed_leaves_a_database_with_accounts_alone() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let count = cases::count(&db).await.unwrap();
    assert!(seed(&db, today()).await.unwrap().is_empty());
    assert_eq!(cases::count(&db).await.unwrap(), count);
    assert_eq!(users::list(&db).await.unwrap().len(), 15);
}

#[tokio::test]
async fn the_demo_employer_sees_two_consented_employees_and_waits_for_the_centre_once() {
    use crate::db::partners::{self, HireStatus};
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let helena = users::find_by_email(&db, super::employers::EMPLOYER_EMAIL)
        .await
        .unwrap()
        .unwrap();
    let org = helena.organisation.unwrap();
    assert_eq!(
        partners::consented_employments(&db, org)
            .await
            .unwrap()
            .len(),
        2
    );
    let requests = partners::hire_requests_of(&db, org).await.unwrap();
    let count = |s: HireStatus| requests.iter().filter(|r| r.status == s).count();
    assert_eq!(
        (count(HireStatus::Open), count(HireStatus::Accepted)),
        (1, 2)
    );
}

#[tokio::test]
async fn the_demo_programme_is_alive() {
    use crate::db::buddies::{self, AmbassadorStatus, MatchFilter};
    use softland_domain::buddy::MatchState;
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let ambassadors = buddies::ambassadors(&db).await.unwrap();
    assert_eq!(ambassadors.len(), 7);
    assert!(
        ambassadors
            .iter()
            .any(|a| a.status == AmbassadorStatus::Applied)
    );
    assert!(
        ambassadors
            .iter()
            .any(|a| a.status == AmbassadorStatus::Paused)
    );
    let all = buddies::matches(&db, &MatchFilter::default())
        .await
        .unwrap();
    let count =
        |state: &dyn Fn(&MatchState) -> bool| all.iter().filter(|m| state(&m.state)).count();
    assert_eq!(count(&|s| *s == MatchState::Requested), 3);
    assert_eq!(count(&|s| *s == MatchState::Proposed), 2);
    assert_eq!(count(&|s| *s == MatchState::Active), 3);
    assert_eq!(count(&|s| matches!(s, MatchState::Ended(_))), 3);
    // The demo expat's family has an active buddy; Priya (the printed login) has a newcomer
    // and a proposal; one call for help waits for a consultant.
    let priya = ambassadors
        .iter()
        .find(|a| a.name == "Priya Sharma")
        .unwrap();
    assert_eq!(priya.load, 2);
    assert!(priya.account_active);
    assert_eq!(buddies::help_calls(&db, None).await.unwrap().len(), 1);
    let rajesh = all
        .iter()
        .find(|m| m.person_name == "Rajesh Kumar")
        .unwrap();
    assert_eq!(rajesh.state, MatchState::Active);
    assert!(rajesh.accepted_at.unwrap() > rajesh.requested_at);
    let lucie = users::find_by_email(&db, "lucie.horakova@demo.softland.test")
        .await
        .unwrap()
        .unwrap();
    assert!(lucie.buddy_coordinator);
}

#[tokio::test]
async fn only_an_expat_account_is_linked_to_a_person() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let staff = users::find_by_email(&db, "jana.novakova@demo.softland.test")
        .await
        .unwrap()
        .unwrap();
    let refused = users::link_person(&db, PersonId(1), staff.id).await;
    assert!(matches!(
        refused,
        Err(DbError::Constraint(crate::db::Constraint::NotAnExpat))
    ));
    let expat = users::find_by_email(&db, "rajesh.kumar@example.com")
        .await
        .unwrap()
        .unwrap();
    let missing = users::link_person(&db, PersonId(9999), expat.id).await;
    assert!(matches!(missing, Err(DbError::NotFound)));
}

#[tokio::test]
async fn the_demo_expat_has_an_item_due_on_a_closed_office_day_with_its_legal_date_kept() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let cal = cases::calendar_of(&db).await.unwrap();
    assert!(cal.closures().count() >= 1);
    let portal_user = users::list(&db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.role == Role::Expat && u.password_hash.is_some())
        .unwrap();
    let case = crate::db::portal::cases_of(&db, portal_user.id)
        .await
        .unwrap()[0];
    let stored = cases::load(&db, case).await.unwrap();
    let advised: Vec<_> = stored
        .case
        .items()
        .iter()
        .filter_map(softland_domain::ChecklistItem::due)
        .filter(|d| cal.go_by(*d).is_some())
        .collect();
    assert!(!advised.is_empty(), "an item due on a closure day");
    // The closure is a working day in law, so the due date did not move past it.
    assert!(advised.iter().all(|d| cal.is_working_day(*d)));
}

#[tokio::test]
async fn the_demo_has_a_family_with_different_permit_expiries_and_an_eu_citizens_non_eu_husband() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let stored = all_cases(&db).await;
    let family = stored
        .iter()
        .find(|s| {
            let case = &s.case;
            case.people().len() > 1
                && (1..case.people().len()).any(|p| {
                    case.person_dates(p)
                        .get(softland_domain::KeyDate::PermitExpiry)
                        .is_some()
                        && case.date_for(
                            softland_domain::case::Holder::Person(p),
                            softland_domain::KeyDate::PermitExpiry,
                        ) != case.key_dates().get(softland_domain::KeyDate::PermitExpiry)
                })
        })
        .expect("a family whose members' permits end on different days");
    assert!(
        family
            .case
            .items()
            .iter()
            .filter(|i| i.key().as_str() == "ext-ltr")
            .count()
            >= 2
    );
    assert!(
        stored
            .iter()
            .any(|s| s.case.routes().iter().any(|r| r.as_str() == "eu-family")),
        "an EU citizen's non-EU family member"
    );
}

#[tokio::test]
async fn the_demo_network_covers_every_kind_the_issue_names_and_links_items() {
    use crate::db::partners::{self, Filter, Helps};
    use softland_domain::partner::Language;
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let all = partners::organisations(&db, &Filter::default())
        .await
        .unwrap();
    let kinds: BTreeSet<&str> = all.iter().map(|o| o.kind.slug.as_str()).collect();
    for kind in [
        "university",
        "employer",
        "health-care",
        "accommodation",
        "school",
        "insurer",
        "bank",
        "language-school",
        "public-office",
        "community",
    ] {
        assert!(kinds.contains(kind), "{kind}");
    }
    // An English-speaking paediatrician, as the issue's walk-through needs.
    let english = Filter {
        language: Some(Language::parse("english").unwrap()),
        service: Some("paediatrician".into()),
        ..Filter::default()
    };
    let found = partners::organisations(&db, &english).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].details.name, super::partners::PAEDIATRICIAN);
    assert!(
        !partners::contacts(&db, found[0].id)
            .await
            .unwrap()
            .is_empty()
    );
    let links = partners::helpers_of_items(&db, &["health-insurance", "aik"])
        .await
        .unwrap();
    assert!(matches!(links["health-insurance"][..], [Helps::Kind(_)]));
    assert!(matches!(links["aik"][..], [Helps::Organisation(_)]));
}

#[tokio::test]
async fn the_demo_family_is_referred_to_the_paediatrician_and_a_school_due_today() {
    use crate::db::partners;
    use softland_domain::partner::ReferralStatus;
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let stored = all_cases(&db)
        .await
        .into_iter()
        .find(|s| s.case.principal().name.as_str() == "Rajesh Kumar")
        .unwrap();
    let family = vec![stored.id];
    assert_eq!(stored.languages.to_text(), "English, Hindi");
    let theirs = partners::referrals_of_cases(&db, &family).await.unwrap();
    let names = partners::organisation_names(
        &db,
        &theirs.iter().map(|r| r.organisation).collect::<Vec<_>>(),
    )
    .await
    .unwrap();
    let status_of = |name: &str| {
        theirs
            .iter()
            .find(|r| names[&r.organisation] == name)
            .map(|r| (r.status, r.follow_up_on))
    };
    assert_eq!(
        status_of(super::partners::PAEDIATRICIAN).map(|s| s.0),
        Some(ReferralStatus::InContact)
    );
    assert_eq!(
        status_of(super::partners::SCHOOL),
        Some((ReferralStatus::Sent, Some(today())))
    );
    // The school's follow-up is on the family's consultant's dashboard today.
    let due = partners::follow_ups(&db, stored.consultant, today())
        .await
        .unwrap();
    assert!(
        due.iter()
            .any(|f| f.organisation == super::partners::SCHOOL)
    );
    // Every status is somewhere in the demo, closed ones with their note.
    let ids: Vec<_> = all_cases(&db).await.iter().map(|s| s.id).collect();
    let every = partners::referrals_of_cases(&db, &ids).await.unwrap();
    for status in ReferralStatus::ALL {
        assert!(every.iter().any(|r| r.status == status), "{status:?}");
    }
    assert!(
        every
            .iter()
            .filter(|r| !r.status.is_open())
            .all(|r| r.note.is_some() && r.follow_up_on.is_none())
    );
}

#[tokio::test]
async fn demo_seed_saves_the_ostrava_centre_and_its_enquiries() {
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let fallback = crate::config::Centre::default();
    let site = crate::db::site::settings::load(&db, &fallback)
        .await
        .unwrap();
    assert_eq!(
        site.address,
        "Českobratrská 1888/14, 702 00 Moravská Ostrava"
    );
    assert_eq!(site.hours, "Mon–Thu 10:00–16:00");
    assert!(site.phone.is_empty(), "the real number is unconfirmed");
    assert_eq!(site.version, 1);
    let enquiries = crate::db::site::enquiries::list(&db, None, None, 10)
        .await
        .unwrap();
    assert_eq!(enquiries.len(), 3);
    assert_eq!(crate::db::site::enquiries::count_new(&db).await.unwrap(), 2);
}

#[tokio::test]
async fn demo_events_have_a_waiting_list_attendance_and_a_draft() {
    use crate::db::events::read::{self, Listing};
    use softland_domain::site::event::EventStatus;
    let (db, _dir) = fresh_db().await;
    seed(&db, today()).await.unwrap();
    let far_past = chrono::DateTime::<chrono::Utc>::MIN_UTC;
    let events = read::list(&db, Listing::Upcoming(far_past), false, 50)
        .await
        .unwrap();
    assert_eq!(events.len(), 7);
    assert_eq!(
        events
            .iter()
            .filter(|e| e.status == EventStatus::Draft)
            .count(),
        1
    );
    assert!(
        events
            .iter()
            .any(|e| e.counts.waiting > 0 && e.capacity == Some(4))
    );
    assert!(
        events
            .iter()
            .any(|e| e.counts.attended > 0 && e.counts.no_show > 0)
    );
    assert!(events.iter().any(|e| !e.organisers.is_empty()));
}
