//! The case list (`/cases`): who sees what, filters and search. Sorting and pages, the CSV
//! export and hostile input are in the submodules.

mod export;
mod order;
mod safety;

use chrono::NaiveDate;
use softland_domain::case::CaseOutcome;
use softland_domain::person::Relation;
use softland_domain::person::{Email, Nationality, Passport, PassportNumber, Person, PersonName};
use softland_domain::{Calendar, Case, Catalog, KeyDate, KeyDates, NewCase, Reason, RouteKey};
use softland_web::auth::Role;
use softland_web::db::cases::{self, Expect};
use softland_web::db::templates;
use softland_web::ids::{CaseId, UserId};

use crate::support::{PASSWORD, TestApp, date, edited, make_user, spawn_app_with};

/// Today in these tests: Mon 4 Jan 2027.
fn today() -> NaiveDate {
    date(2027, 1, 4)
}

fn person(name: &str, relation: Relation, email: Option<&str>, passport: &str) -> Person {
    let number = PassportNumber::parse(passport).expect("valid passport number");
    Person {
        name: PersonName::parse(name).expect("valid name"),
        relation,
        date_of_birth: date(1990, 5, 17),
        nationality: Nationality::parse("Indian").expect("valid nationality"),
        email: email.map(|e| Email::parse(e).expect("valid e-mail")),
        passport: Some(Passport {
            number,
            expiry: date(2032, 1, 1),
        }),
    }
}

struct Setup {
    app: TestApp,
    jana: UserId,
    petr: UserId,
    catalog: Catalog,
}

/// An app with two consultants, Jana signed in.
async fn setup() -> Setup {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.expect("stored catalog");
    app.sign_in("jana@centre.test", PASSWORD).await;
    Setup {
        app,
        jana,
        petr,
        catalog,
    }
}

impl Setup {
    /// A case of `route` for `name` arriving on `arrival`, opened on 1 Dec 2026.
    fn case(&self, name: &str, route: &str, arrival: NaiveDate) -> Case {
        let new = NewCase {
            principal: person(name, Relation::Principal, None, "P1234567"),
            dependants: vec![],
            routes: vec![RouteKey::parse(route).expect("valid route key")],
            key_dates: [(KeyDate::Arrival, arrival)]
                .into_iter()
                .collect::<KeyDates>(),
            opened_on: date(2026, 12, 1),
        };
        Case::open(new, &self.catalog, &Calendar::czech()).expect("case opens")
    }

    async fn store(&self, case: &Case, consultant: UserId) -> CaseId {
        cases::create(&self.app.db, case, consultant, consultant, None)
            .await
            .expect("case stored")
    }

    /// Stores a case of `route` for `name` arriving on `arrival`.
    async fn open(&self, name: &str, route: &str, arrival: NaiveDate, who: UserId) -> CaseId {
        self.store(&self.case(name, route, arrival), who).await
    }

    async fn html(&self, path: &str) -> String {
        let res = self.app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.expect("page text")
    }

    /// The principals listed at `path`, in order.
    async fn names(&self, path: &str) -> Vec<String> {
        names_in(&self.html(path).await)
    }
}

/// The principals listed, in order.
fn names_in(html: &str) -> Vec<String> {
    html.split("<td data-label=\"Principal\"><a href=\"/cases/")
        .skip(1)
        .map(name_in_row)
        .collect()
}

/// The text of the case link that starts `row`.
fn name_in_row(row: &str) -> String {
    let name = row
        .split_once('>')
        .and_then(|(_, rest)| rest.split('<').next());
    name.expect("a case link").to_owned()
}

#[tokio::test]
async fn the_list_shows_my_open_cases_with_progress_and_the_next_item_due() {
    let s = setup().await;
    let id = s
        .open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    s.open("Someone Else", "study", date(2026, 12, 23), s.petr)
        .await;
    let case = cases::load(&s.app.db, id).await.unwrap().case;
    let next = &case.items()[case.next_due().unwrap()];
    let applicable = case.progress().applicable;
    let html = s.html("/cases").await;
    assert!(
        html.contains(&format!(r#"<a href="/cases/{id}">Priya Sharma</a>"#)),
        "{html}"
    );
    assert!(
        !html.contains("Someone Else"),
        "another consultant's case: {html}"
    );
    for text in [
        "Employee card",
        ">Open<",
        "overdue by",
        "1 case.",
        next.title(),
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(
        html.contains(&format!(r#"<progress value="0" max="{applicable}""#)),
        "{html}"
    );
    assert!(html.contains(&format!("0 of {applicable} done")), "{html}");
    let due = softland_domain::date_format::long(next.due().unwrap());
    assert!(html.contains(&due), "{due}: {html}");
}

#[tokio::test]
async fn the_whole_team_or_another_consultant_can_be_listed() {
    let s = setup().await;
    s.open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    s.open("Someone Else", "study", date(2026, 12, 23), s.petr)
        .await;
    assert_eq!(s.names("/cases?consultant=all").await.len(), 2);
    let petr = s.names(&format!("/cases?consultant={}", s.petr)).await;
    assert_eq!(petr, vec!["Someone Else"]);
}

#[tokio::test]
async fn a_search_in_my_cases_says_how_many_more_the_team_has() {
    let s = setup().await;
    s.open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    s.open("Priya Rao", "study", date(2026, 12, 23), s.petr)
        .await;
    let html = s.html("/cases?q=priya").await;
    assert_eq!(names_in(&html), vec!["Priya Sharma"]);
    assert!(
        html.contains("<strong>1 more</strong> among the team's cases"),
        "{html}"
    );
    let link = html
        .split("among the team's cases: <a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the whole team")
        .replace("&amp;", "&");
    assert!(link.contains("consultant=all"), "{link}");
    assert_eq!(s.names(&link).await.len(), 2);
    let all = s.html("/cases?q=priya&consultant=all").await;
    assert!(!all.contains("among the team's cases"), "{all}");
    let unsearched = s.html("/cases").await;
    assert!(!unsearched.contains("among the team's cases"));
}

#[tokio::test]
async fn cases_are_filtered_by_route() {
    let s = setup().await;
    s.open("Priya Sharma", "employee-card", date(2026, 12, 23), s.jana)
        .await;
    s.open("Lin Wei", "study", date(2026, 12, 23), s.jana).await;
    assert_eq!(s.names("/cases?route=study").await, vec!["Lin Wei"]);
    assert_eq!(
        s.names("/cases?route=employee-card").await,
        vec!["Priya Sharma"]
    );
    assert_eq!(s.names("/cases?route=").await.len(), 2);
}

#[tokio::test]
async fn cases_are_filtered_by_status_open_by_default() {
    let s = setup().await;
    s.open("Open Case", "study", date(2026, 12, 23), s.jana)
        .await;
    let held = s
        .open("Held Case", "study", date(2026, 12, 23), s.jana)
        .await;
    let closed = s
        .open("Closed Case", "study", date(2026, 12, 23), s.jana)
        .await;
    let db = &s.app.db;
    let reason = Reason::parse("waiting for the employer").unwrap();
    cases::update(db, held, s.jana, Expect::Case(1), |c, _| {
        c.hold(reason.clone())
            .map(|()| ((), vec![]))
            .map_err(|e| e.to_string())
    })
    .await
    .unwrap();
    cases::update(db, closed, s.jana, Expect::Case(1), |c, _| {
        let closing = c.close(CaseOutcome::Granted, today());
        closing.map(|()| ((), vec![])).map_err(|e| e.to_string())
    })
    .await
    .unwrap();
    assert_eq!(s.names("/cases").await, vec!["Open Case"]);
    assert_eq!(s.names("/cases?status=on_hold").await, vec!["Held Case"]);
    assert_eq!(s.names("/cases?status=closed").await, vec!["Closed Case"]);
}

#[tokio::test]
async fn only_cases_with_overdue_items_can_be_listed() {
    let s = setup().await;
    s.open(
        "Arrived Long Ago",
        "employee-card",
        date(2026, 12, 1),
        s.jana,
    )
    .await;
    s.open("Arriving Later", "employee-card", date(2027, 3, 1), s.jana)
        .await;
    assert_eq!(s.names("/cases").await.len(), 2);
    assert_eq!(s.names("/cases?overdue=1").await, vec!["Arrived Long Ago"]);
}

#[tokio::test]
async fn search_finds_names_emails_and_passport_numbers_of_anyone_in_the_case() {
    let s = setup().await;
    let case = edited(
        s.case("Priya Sharma", "employee-card", date(2026, 12, 23)),
        |c| {
            c.people[0].email = Some(Email::parse("priya.sharma@example.com").unwrap());
            c.people.push(person(
                "Ravi Kumar",
                Relation::Spouse,
                Some("ravi@mail.example"),
                "K9988776",
            ));
        },
    );
    s.store(&case, s.jana).await;
    s.open("Lin Wei", "study", date(2026, 12, 23), s.jana).await;
    let queries = [
        "sharma",
        "Ravi%20Kumar",
        "PRIYA.SHARMA%40example",
        "ravi%40mail",
        "k99887",
        "K9988776",
    ];
    for q in queries {
        assert_eq!(
            s.names(&format!("/cases?q={q}")).await,
            vec!["Priya Sharma"],
            "q={q}"
        );
    }
    let none = s.html("/cases?q=nobody").await;
    assert!(
        names_in(&none).is_empty() && none.contains("No cases match."),
        "{none}"
    );
}
