//! The document wallet (issue 18 part B): documents per person through the API and the case
//! page; the passport and the person's own dates follow them; renewals are added when a
//! document enters its window (on saving, and in the daily sweep); expats read theirs.

mod page;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::db::{cases, history, recurring};
use softland_web::ids::CaseId;

use crate::api::{Api, expect_error, expect_invalid, item, spawn_api};
use crate::support::date;

/// `path` of Priya's case (`id`) for person `person`.
fn documents(id: i64, person: usize) -> String {
    format!("/cases/{id}/people/{person}/documents")
}

fn passport(number: &str, until: &str) -> Value {
    json!({"kind": "passport", "number": number, "issuing_country": "India",
           "issued_on": "2017-03-02", "valid_until": until})
}

async fn case_json(api: &Api, id: i64) -> Value {
    api.get_json(format!("/cases/{id}")).await
}

#[tokio::test]
async fn a_passport_added_is_the_persons_passport_and_its_warning_follows() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    // Arjun's passport ends on 1 Mar 2027, before the household's permit (2 Jan 2028).
    let res = api
        .send(
            Method::POST,
            documents(id, 1),
            passport("Z1234567", "2027-03-01"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let doc: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1{}/{}", documents(id, 1), doc["id"])
    );
    assert_eq!(
        (doc["kind"].as_str(), doc["number"].as_str()),
        (Some("passport"), Some("Z1234567"))
    );
    let case = case_json(&api, id).await;
    assert_eq!(case["people"][1]["passport_number"], "Z1234567");
    assert_eq!(case["people"][1]["passport_expiry"], "2027-03-01");
    let stored = cases::load(&api.app.db, CaseId(id)).await.unwrap();
    let cal = cases::calendar_of(&api.app.db).await.unwrap();
    let warnings: Vec<String> = stored
        .case
        .risks(date(2026, 11, 25), &cal)
        .iter()
        .map(|r| r.message(&stored.case))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Arjun Sharma's passport expires")),
        "{warnings:?}"
    );
    let list = api.get_json(documents(id, 1)).await;
    assert_eq!(list["documents"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_permit_added_moves_its_holders_extension_item_and_the_history_says_so() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let card = json!({"kind": "residence_permit", "number": "EC 0012345", "issuing_country": "Czech Republic",
                      "issued_on": "2027-01-20", "valid_until": "2029-06-30"});
    let res = api.send(Method::POST, documents(id, 0), card).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let case = case_json(&api, id).await;
    assert_eq!(
        case["people"][0]["key_dates"]["permit_expiry"],
        "2029-06-30"
    );
    // Sat 30 Jun 2029: the last working day before, Fri 29 Jun.
    assert_eq!(item(&case, "ext-ltr", "0")["due_on"], "2029-06-29");
    assert_eq!(
        item(&case, "ext-ltr", "1")["due_on"],
        "2027-12-31",
        "Arjun keeps the household's (Sun 2 Jan 2028; 1 Jan is a holiday)"
    );
    let events = history::older_of_case(&api.app.db, CaseId(id), None, 50)
        .await
        .unwrap();
    let lines: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{}|{}|{:?}",
                e.subject,
                e.before.clone().unwrap_or_default(),
                e.after
            )
        })
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Documents — Priya Sharma||Some(\"Residence card EC 0012345")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Permit expiry — Priya Sharma||Some(\"Sat 30 Jun 2029")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "Apply to extend your residence permit — Priya Sharma|Fri 31 Dec 2027|Some(\"Fri 29 Jun 2029"
        )),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_date_the_wallet_supplies_is_refused_as_a_key_date_so_the_two_never_disagree() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let card = json!({"kind": "residence_permit", "number": "EC1", "issuing_country": "Czech Republic",
                      "issued_on": "2027-01-20", "valid_until": "2029-06-30"});
    assert_eq!(
        api.send(Method::POST, documents(id, 0), card)
            .await
            .status(),
        StatusCode::CREATED
    );
    let body = json!({"people": {"0": {"permit_expiry": "2030-01-01"}}});
    let res = api
        .send(Method::PATCH, format!("/cases/{id}/key-dates"), body)
        .await;
    expect_invalid(res, "people.0.key_dates.permit_expiry").await;
    let body = json!({"key_dates": {"passport_expiry": "2030-01-01"}});
    let res = api
        .send(Method::PATCH, format!("/cases/{id}/key-dates"), body)
        .await;
    expect_invalid(res, "key_dates.passport_expiry").await;
    // Arjun has no card in his wallet: his own date is still typed in.
    let body = json!({"people": {"1": {"permit_expiry": "2027-12-01"}}});
    let res = api
        .send(Method::PATCH, format!("/cases/{id}/key-dates"), body)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let case = case_json(&api, id).await;
    assert_eq!(
        case["people"][0]["key_dates"]["permit_expiry"],
        "2029-06-30"
    );
}

#[tokio::test]
async fn valid_until_before_issued_on_is_422_on_valid_until_and_nothing_is_saved() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let res = api
        .send(
            Method::POST,
            documents(id, 0),
            passport("Z1234567", "2017-03-01"),
        )
        .await;
    expect_invalid(res, "valid_until").await;
    let bad = json!({"kind": "spaceship", "number": "", "issuing_country": "India",
                     "issued_on": "2017-02-30"});
    let res = api.send(Method::POST, documents(id, 0), bad).await;
    let error = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert!(
        error.to_string().contains("issued_on") && error.to_string().contains("kind"),
        "{error}"
    );
    assert!(
        api.get_json(documents(id, 0)).await["documents"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn documents_are_changed_and_removed_by_id_and_what_they_supplied_follows() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let doc: Value = api
        .send(
            Method::POST,
            documents(id, 1),
            passport("Z1234567", "2027-03-01"),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("{}/{}", documents(id, 1), doc["id"]);
    let res = api
        .send(Method::PUT, &path, passport("Z1234567", "2031-03-01"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        case_json(&api, id).await["people"][1]["passport_expiry"],
        "2031-03-01"
    );
    // Not Priya's document: 404.
    let other = format!("{}/{}", documents(id, 0), doc["id"]);
    let res = api
        .send(Method::PUT, &other, passport("Z1234567", "2031-03-01"))
        .await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = api
        .request(Method::DELETE, &path, Some(&api.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        case_json(&api, id).await["people"][1]["passport_number"],
        Value::Null
    );
    let res = api
        .request(Method::DELETE, &path, Some(&api.token))
        .send()
        .await
        .unwrap();
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn another_household_and_a_stranger_get_404_and_an_expat_reads_but_cannot_change() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let other = api.open_case().await["id"].as_i64().unwrap();
    api.send(
        Method::POST,
        documents(id, 0),
        passport("Z1234567", "2031-03-01"),
    )
    .await;
    let (_, priya) = api.expat_of(id, "priya@example.com").await;
    let (_, stranger) = api.expat_of(other, "stranger@example.com").await;
    let res = api.get_as(documents(id, 0), &priya).await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["documents"][0]["number"], "Z1234567");
    let res = api.get_as(documents(id, 0), &stranger).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = api
        .send_as(
            Method::POST,
            documents(id, 0),
            passport("Z7777777", "2035-01-01"),
            &priya,
        )
        .await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = api.get(documents(id, 9)).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = api.get(documents(999_999, 0)).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_passport_entering_its_lead_time_gets_its_renewal_once_in_the_daily_sweep() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    // Today is 25 Nov 2026; the passport ends on Mon 1 Nov 2027: its 180-day window opens on
    // Thu 5 May 2027.
    api.send(
        Method::POST,
        documents(id, 1),
        passport("Z1234567", "2027-11-01"),
    )
    .await;
    let keys = |case: &Value| -> Vec<String> {
        case["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["key"].as_str().unwrap().starts_with("passport-renew"))
            .map(|i| {
                format!(
                    "{}@{}",
                    i["key"].as_str().unwrap(),
                    i["holder"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(keys(&case_json(&api, id).await).is_empty());
    assert_eq!(
        recurring::sweep(&api.app.db, date(2027, 5, 4))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        recurring::sweep(&api.app.db, date(2027, 5, 5))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        recurring::sweep(&api.app.db, date(2027, 5, 6))
            .await
            .unwrap(),
        0
    );
    let case = case_json(&api, id).await;
    assert_eq!(keys(&case), ["passport-renew@1"]);
    assert_eq!(item(&case, "passport-renew", "1")["due_on"], "2027-11-01");
    let events = history::older_of_case(&api.app.db, CaseId(id), None, 50)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.subject == "Renew your passport — Arjun Sharma"
                && e.after.as_deref() == Some("renewal: passport Z1234567 expires Mon 1 Nov 2027")),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_passport_saved_inside_its_window_gets_the_renewal_at_once() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    api.send(
        Method::POST,
        documents(id, 0),
        passport("Z1234567", "2027-03-01"),
    )
    .await;
    let case = case_json(&api, id).await;
    assert_eq!(item(&case, "passport-renew", "0")["status"], "to_do");
    assert_eq!(
        recurring::sweep(&api.app.db, date(2026, 11, 26))
            .await
            .unwrap(),
        0
    );
}
