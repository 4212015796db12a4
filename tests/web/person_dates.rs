//! Key dates of one person: a spouse's own permit expiry, a child arriving later. A person's
//! date moves that person's items only, on the case page and through the API; a second move
//! after the first was reported is a new duty.

use serde_json::{Value, json};
use softland_domain::case::Holder;
use softland_domain::person::{
    Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_domain::{Calendar, Case, KeyDate, NewCase, RouteKey};
use softland_web::db::{cases, templates};
use softland_web::ids::CaseId;

use crate::api::{Api, spawn_api};
use crate::support::{PASSWORD, assert_redirects_to, date};

fn person(name: &str, relation: Relation, born: chrono::NaiveDate) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z7654321").unwrap(),
            expiry: date(2035, 1, 1),
        }),
    }
}

/// Jana's employee-card case of Priya and her husband Arjun, arriving Wed 23 Dec 2026, the
/// permits ending Fri 30 Jun 2028.
async fn family(api: &Api) -> CaseId {
    let catalog = templates::catalog(&api.app.db).await.unwrap();
    let new = NewCase {
        principal: person("Priya Sharma", Relation::Principal, date(1991, 4, 12)),
        dependants: vec![person("Arjun Sharma", Relation::Spouse, date(1989, 9, 1))],
        routes: vec![RouteKey::parse("employee-card").unwrap()],
        key_dates: [
            (KeyDate::Arrival, date(2026, 12, 23)),
            (KeyDate::PermitExpiry, date(2028, 6, 30)),
        ]
        .into_iter()
        .collect(),
        opened_on: date(2026, 11, 25),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    cases::create(&api.app.db, &case, api.jana, api.jana, None)
        .await
        .unwrap()
}

fn item<'a>(case: &'a Value, key: &str, holder: &str) -> &'a Value {
    case["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key && i["holder"] == holder)
        .unwrap_or_else(|| panic!("{key} of {holder}"))
}

#[tokio::test]
async fn a_spouse_arriving_later_moves_only_his_registration_on_the_case_page() {
    let api = spawn_api().await;
    let id = family(&api).await;
    let app = &api.app;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(
        page.contains(r#"name="p1.arrival""#),
        "a field per person: {page}"
    );
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    // The form sends every field; Arjun arrives on Thu 25 Mar 2027 (Good Friday 26 Mar,
    // the weekend and Easter Monday 29 Mar skipped: Tue 30, Wed 31 Mar, Thu 1 Apr 2027).
    let mut fields: Vec<(String, String)> = vec![
        ("csrf".into(), csrf),
        ("version".into(), "1".into()),
        ("arrival".into(), "2026-12-23".into()),
        ("permit_expiry".into(), "2028-06-30".into()),
        ("p1.arrival".into(), "2027-03-25".into()),
        ("p0.arrival".into(), String::new()),
    ];
    fields.push(("p1.permit_expiry".into(), String::new()));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.post_form(&format!("/cases/{id}/dates"), &form).await;
    assert_redirects_to(&res, &format!("/cases/{id}?at=dates#dates"));
    let stored = cases::load(&app.db, id).await.unwrap();
    let due = |key: &str, holder| {
        let key = softland_domain::ItemKey::parse(key).unwrap();
        let i = stored.case.position(&key, holder).unwrap();
        stored.case.items()[i].due()
    };
    assert_eq!(due("reg-dvr", Holder::Person(1)), Some(date(2027, 4, 1)));
    assert_eq!(due("reg-dvr", Holder::Person(0)), Some(date(2026, 12, 30)));
    let html = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    // His insurance (from arrival) and his registration; nothing of Priya's.
    assert!(html.contains("2 due date(s) moved"), "{html}");
    assert!(!html.contains("— Priya Sharma: Wed"), "{html}");
    assert!(
        html.contains("Arrival — Arjun Sharma"),
        "the history names whose date: {html}"
    );
}

#[tokio::test]
async fn a_spouses_own_permit_expiry_through_the_api_moves_his_extension_window_only() {
    let api = spawn_api().await;
    let id = family(&api).await;
    let path = format!("/cases/{id}/key-dates");
    let body = json!({"people": {"1": {"permit_expiry": "2027-06-30"}}, "version": 1});
    let case = api.send_json(reqwest::Method::PATCH, &path, body).await;
    assert_eq!(
        case["people"][1]["key_dates"]["permit_expiry"],
        "2027-06-30"
    );
    assert_eq!(case["people"][0]["key_dates"], json!({}));
    assert_eq!(item(&case, "ext-ltr", "1")["closes_on"], "2027-06-30");
    assert_eq!(item(&case, "ext-ltr", "0")["closes_on"], "2028-06-30");

    let version = case["version"].as_i64().unwrap();
    let nobody = json!({"people": {"7": {"permit_expiry": "2027-06-30"}}, "version": version});
    let res = api.send(reqwest::Method::PATCH, &path, nobody).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(
        err["error"]["field"], "people.7.key_dates.permit_expiry",
        "{err}"
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no person 7"),
        "{err}"
    );
    let bad = json!({"people": {"1": {"permit_expiry": "30.6.2027"}}, "version": version});
    let res = api.send(reqwest::Method::PATCH, &path, bad).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(
        err["error"]["field"], "people.1.key_dates.permit_expiry",
        "{err}"
    );
}

#[tokio::test]
async fn a_second_move_after_the_first_was_reported_is_a_new_duty_in_the_api_and_the_history() {
    let api = spawn_api().await;
    let id = family(&api).await;
    let path = format!("/cases/{id}/key-dates");
    let case = api
        .send_json(
            reqwest::Method::PATCH,
            &path,
            json!({"key_dates": {"address_change": "2027-02-01"}}),
        )
        .await;
    let first = item(&case, "addr-tcn", "household");
    // 30 days after Mon 1 Feb 2027: Wed 3 Mar 2027.
    assert_eq!(first["due_on"], "2027-03-03");
    let item_id = first["id"].as_i64().unwrap();
    let res = api
        .send(
            reqwest::Method::POST,
            format!("/cases/{id}/items/{item_id}/status"),
            json!({"action": "complete"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let case = api
        .send_json(
            reqwest::Method::PATCH,
            &path,
            json!({"key_dates": {"address_change": "2027-09-01"}}),
        )
        .await;
    let done = item(&case, "addr-tcn", "household");
    assert_eq!(done["status"], "done");
    assert_eq!(
        done["due_on"], "2027-03-03",
        "the reported move keeps its date"
    );
    let again = item(&case, "addr-tcn-r2", "household");
    assert_eq!(again["status"], "to_do");
    // 30 days after Wed 1 Sep 2027: Fri 1 Oct 2027.
    assert_eq!(again["due_on"], "2027-10-01");
    let events = softland_web::db::history::older_of_case(&api.app.db, id, None, 50)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.subject.starts_with("Report a change of address")
                && e.after
                    .as_deref()
                    .is_some_and(|a| a.starts_with("again: moved"))),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_child_who_turns_15_before_arriving_gets_her_registration_when_the_arrival_is_entered() {
    let api = spawn_api().await;
    let catalog = templates::catalog(&api.app.db).await.unwrap();
    // Opened on Wed 25 Nov 2026, when Mira (born 10 Jan 2012) is 14; arrival unknown.
    let new = NewCase {
        principal: person("Lin Wei", Relation::Principal, date(1980, 3, 3)),
        dependants: vec![person("Mira Wei", Relation::Child, date(2012, 1, 10))],
        routes: vec![RouteKey::parse("study").unwrap()],
        key_dates: softland_domain::KeyDates::new(),
        opened_on: date(2026, 11, 25),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    let id = cases::create(&api.app.db, &case, api.jana, api.jana, None)
        .await
        .unwrap();
    let before = api.get_json(format!("/cases/{id}")).await;
    assert!(
        !before["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["key"] == "reg-tcn" && i["holder"] == "1"),
        "not for a 14-year-old"
    );
    // They arrive on Mon 15 Feb 2027; she is 15.
    let case = api
        .send_json(
            reqwest::Method::PATCH,
            format!("/cases/{id}/key-dates"),
            json!({"key_dates": {"arrival": "2027-02-15"}}),
        )
        .await;
    let reg = item(&case, "reg-tcn", "1");
    // 3 working days after Mon 15 Feb 2027: Thu 18 Feb 2027.
    assert_eq!(reg["due_on"], "2027-02-18");
    let events = softland_web::db::history::older_of_case(&api.app.db, id, None, 50)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.after.as_deref() == Some("applies now that the dates changed")),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_job_that_ends_before_it_starts_is_refused_beside_the_end_date() {
    let api = spawn_api().await;
    let id = family(&api).await;
    let path = format!("/cases/{id}/key-dates");
    let res = api
        .send(
            reqwest::Method::PATCH,
            &path,
            json!({"key_dates": {"employment_start": "2027-01-04", "employment_end": "2026-12-01"}}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["field"], "key_dates.employment_end", "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("on or after the employment start date (Mon 4 Jan 2027)"),
        "{err}"
    );
    // Nothing was stored.
    let case = api.get_json(format!("/cases/{id}")).await;
    assert!(case["key_dates"].get("employment_end").is_none(), "{case}");
    // A person's own dates are checked against that person's other dates.
    let res = api
        .send(
            reqwest::Method::PATCH,
            &path,
            json!({"people": {"1": {"permit_expiry": "2026-12-01"}}}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(
        err["error"]["field"], "people.1.key_dates.permit_expiry",
        "{err}"
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("arrival is after"),
        "{err}"
    );
}
