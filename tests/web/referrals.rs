//! Referrals and "who can help" (issue 21): the lifecycle through the API and the forms
//! (sent → in contact → solved; not solved needs a note; reopen; a stale version; closing
//! clears the follow-up), consent when sharing, the consultant's follow-ups, "who can help"
//! by the household's languages, the household's referrals in the portal, and who may do
//! what.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_domain::partner::{Agreement, AgreementStatus, Labels, Languages};
use softland_web::auth::Role;
use softland_web::db::partners::{self, ContactPerson, Details, Helps};
use softland_web::ids::{ContactId, OrganisationId, UserId};

use crate::api::{Api, error_of, expect_error, expect_invalid, spawn_api, today};
use crate::messages::{page, signed_in};
use crate::support::{PASSWORD, csrf_in, make_user};

/// The built-in kind `slug`.
async fn kind_of(api: &Api, slug: &str) -> partners::Kind {
    partners::kinds(&api.app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.slug == slug)
        .unwrap()
}

/// Adds a partner of kind `kind` speaking `languages` (active unless said).
async fn partner(
    api: &Api,
    kind: &str,
    name: &str,
    languages: &str,
    active: bool,
) -> OrganisationId {
    let kind = kind_of(api, kind).await;
    let details = Details {
        kind: kind.id,
        name: name.to_owned(),
        address: Some("Hlavní třída 1, 708 00 Ostrava".to_owned()),
        district: Some("Poruba".to_owned()),
        opening_hours: None,
        website: None,
        email: None,
        phone: None,
        languages: Languages::parse(languages).unwrap(),
        services: Labels::default(),
        tags: Labels::default(),
        notes: Some("internal".to_owned()),
        active,
        public: true,
        agreement: Agreement::new(AgreementStatus::None, None, None).unwrap(),
        last_contact_on: None,
    };
    partners::create_organisation(&api.app.db, &details, api.jana)
        .await
        .unwrap()
}

async fn contact(api: &Api, org: OrganisationId, name: &str) -> ContactId {
    let person = ContactPerson {
        name: name.to_owned(),
        role: None,
        email: None,
        phone: None,
    };
    partners::add_contact(&api.app.db, org, &person, api.jana)
        .await
        .unwrap()
}

/// Refers the case's principal to `org` through the API.
async fn refer(api: &Api, case: i64, org: OrganisationId) -> Value {
    let res = api
        .send(
            Method::POST,
            format!("/cases/{case}/referrals"),
            json!({"organisation": org.0, "category": "health", "need": "A GP speaking English",
                   "follow_up_on": today().to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn step(api: &Api, id: &Value, body: Value) -> reqwest::Response {
    api.send(Method::POST, format!("/referrals/{id}/steps"), body)
        .await
}

#[tokio::test]
async fn a_referral_goes_from_sent_to_solved_and_closing_clears_the_follow_up() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "Czech, English", true).await;
    let made = refer(&api, case, gp).await;
    assert_eq!(made["status"], "sent");
    let id = &made["id"];
    let res = step(&api, id, json!({"event": "contacted"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let now: Value = res.json().await.unwrap();
    assert_eq!(now["status"], "in_contact");
    assert_eq!(now["follow_up_on"], today().to_string());
    let solved: Value = step(&api, id, json!({"event": "solved", "note": "Registered."}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(solved["status"], "solved");
    assert_eq!(solved["follow_up_on"], Value::Null);
    assert_eq!(solved["steps"].as_array().unwrap().len(), 3);
    // A closed referral takes no step but reopening.
    expect_error(
        step(&api, id, json!({"event": "contacted"})).await,
        StatusCode::CONFLICT,
        "refused",
    )
    .await;
    let reopened: Value = step(&api, id, json!({"event": "reopen"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "in_contact");
    assert!(reopened["follow_up_on"].is_string());
}

#[tokio::test]
async fn not_solved_needs_a_note_and_a_stale_version_is_a_conflict() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let made = refer(&api, case, gp).await;
    let id = &made["id"];
    expect_invalid(step(&api, id, json!({"event": "not_solved"})).await, "note").await;
    step(&api, id, json!({"event": "contacted", "version": 1})).await;
    expect_error(
        step(&api, id, json!({"event": "solved", "version": 1})).await,
        StatusCode::CONFLICT,
        "changed_meanwhile",
    )
    .await;
    let res = api
        .request(
            Method::POST,
            &format!("/referrals/{id}/steps"),
            Some(&api.token),
        )
        .header("If-Match", format!("\"referral-{id}-v1\""))
        .json(&json!({"event": "solved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    let done: Value = step(
        &api,
        id,
        json!({"event": "not_solved", "note": "No place."}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(done["status"], "not_solved");
    assert_eq!(done["note"], "No place.");
}

#[tokio::test]
async fn bad_input_names_its_field() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let other = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let closed = partner(&api, "health-care", "Old Clinic", "English", false).await;
    let bank = partner(&api, "bank", "A Bank", "English", true).await;
    let someone = contact(&api, bank, "Banker").await;
    let other_person = softland_web::db::cases::load(&api.app.db, softland_web::ids::CaseId(other))
        .await
        .unwrap()
        .person_ids[0];
    let path = format!("/cases/{case}/referrals");
    let base = json!({"organisation": gp.0, "category": "health", "need": "A GP"});
    let with = |extra: Value| {
        let mut body = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (with(json!({"share_contact": true})), "consent_how"),
        (with(json!({"organisation": 999_999})), "organisation"),
        (with(json!({"organisation": closed.0})), "organisation"),
        (with(json!({"contact": someone.0})), "contact"),
        (with(json!({"person": other_person.0})), "person"),
        (with(json!({"category": "magic"})), "category"),
        (with(json!({"need": "  "})), "need"),
        (with(json!({"follow_up_on": "soon"})), "follow_up_on"),
    ];
    for (body, field) in cases {
        expect_invalid(api.send(Method::POST, &path, body).await, field).await;
    }
    let res = api
        .send(Method::POST, &path, with(json!({"organisation": closed.0})))
        .await;
    let (_, error) = error_of(res).await;
    assert!(
        error["message"].as_str().unwrap().contains("inactive"),
        "{error}"
    );
    let shared = api
        .send(
            Method::POST,
            &path,
            with(json!({"share_contact": true, "consent_how": "phone"})),
        )
        .await;
    assert_eq!(shared.status(), StatusCode::CREATED);
    let body: Value = shared.json().await.unwrap();
    assert_eq!(body["consent"]["how"], "phone");
}

#[tokio::test]
async fn who_can_help_speaks_the_households_languages() {
    let api = spawn_api().await;
    let case_json = api.open_case().await;
    let case = case_json["id"].as_i64().unwrap();
    let key = case_json["items"][0]["key"].as_str().unwrap().to_owned();
    let ukrainian = partner(&api, "bank", "Bank Ukrainian", "Ukrainian, Czech", true).await;
    let czech = partner(&api, "bank", "Bank Czech", "Czech", true).await;
    let english = partner(&api, "bank", "Bank English", "English", true).await;
    let _inactive = partner(&api, "bank", "Bank Closed", "Ukrainian, English", false).await;
    let bank = kind_of(&api, "bank").await;
    partners::set_item_helpers(&api.app.db, &key, &[Helps::Kind(bank.id)], api.jana)
        .await
        .unwrap();
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key.as_str())
            .unwrap()["helpers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["name"].as_str().unwrap().to_owned())
            .collect()
    };
    // No languages recorded: English.
    let help = api.get_json(format!("/cases/{case}/who-can-help")).await;
    assert_eq!(names(&help), ["Bank English"]);
    let res = api
        .send(
            Method::PUT,
            format!("/cases/{case}/languages"),
            json!({"languages": ["Ukrainian"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let help = api.get_json(format!("/cases/{case}/who-can-help")).await;
    assert_eq!(names(&help), ["Bank Ukrainian"]);
    assert_eq!(help["items"][0]["others"], 2);
    let _ = (ukrainian, czech, english);
    expect_invalid(
        api.send(
            Method::PUT,
            format!("/cases/{case}/languages"),
            json!({"languages": ["Kl1ngon!"]}),
        )
        .await,
        "languages",
    )
    .await;
    // The case page shows the helper beside the item, linked to the directory.
    let app = &api.app;
    let client = signed_in(app, "jana@centre.test").await;
    let (status, html) = page(app, &client, &format!("/cases/{case}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Bank Ukrainian"));
    assert!(!html.contains("Bank Closed"));
    assert!(html.contains(&format!(
        "/cases/{case}/referrals/new?organisation={}",
        ukrainian.0
    )));
}

#[tokio::test]
async fn the_dashboard_lists_due_follow_ups_of_ones_own_open_referrals_only() {
    let api = spawn_api().await;
    let mine = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let due = refer(&api, mine, gp).await;
    let closed = refer(&api, mine, gp).await;
    step(&api, &closed["id"], json!({"event": "solved"})).await;
    let (_, petr_token) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let theirs = api
        .send_as(
            Method::POST,
            "/cases",
            crate::api::new_case_body(),
            &petr_token,
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let school = partner(&api, "school", "Petr's School", "English", true).await;
    api.send_as(
        Method::POST,
        format!("/cases/{theirs}/referrals"),
        json!({"organisation": school.0, "category": "schooling", "need": "Year 4",
               "follow_up_on": today().to_string()}),
        &petr_token,
    )
    .await;
    let list = api.get_json("/referrals?follow_up=due").await;
    let ids: Vec<&Value> = list["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, [&due["id"]]);
    expect_invalid(api.get("/referrals").await, "follow_up").await;
    let client = signed_in(&api.app, "jana@centre.test").await;
    let (_, html) = page(&api.app, &client, "/").await;
    assert!(html.contains("Referral follow-ups"));
    assert!(html.contains(&format!("/cases/{mine}/referrals/{}", due["id"])));
    assert!(!html.contains("Petr&#x27;s School") && !html.contains("Petr's School"));
}

#[tokio::test]
async fn the_portal_shows_the_households_referrals_and_no_others() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let other = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let school = partner(&api, "school", "Another School", "English", true).await;
    let made = refer(&api, case, gp).await;
    api.send(
        Method::POST,
        format!("/cases/{other}/referrals"),
        json!({"organisation": school.0, "category": "schooling", "need": "Year 4"}),
    )
    .await;
    let (_, token) = api.expat_of(case, "priya@mail.test").await;
    // Read-only: the household cannot refer or step.
    let res = api
        .send_as(
            Method::POST,
            format!("/cases/{case}/referrals"),
            json!({"organisation": gp.0, "category": "health", "need": "x"}),
            &token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let own = api
        .get_as(format!("/referrals/{}", made["id"]), &token)
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    let own: Value = own.json().await.unwrap();
    assert_eq!(own["note"], Value::Null);
    assert!(own["events"].as_array().unwrap().is_empty());
    let theirs = api
        .get_as(format!("/cases/{other}/referrals"), &token)
        .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    // A named contact person reaches the household only when sharing was agreed.
    let nurse = contact(&api, gp, "Nurse Eva").await;
    let named: Value = api
        .send(
            Method::POST,
            format!("/cases/{case}/referrals"),
            json!({"organisation": gp.0, "contact": nurse.0, "category": "health", "need": "Vaccinations"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/referrals/{}", named["id"]);
    assert_eq!(
        api.get_json(path.clone()).await["contact"]["name"],
        "Nurse Eva"
    );
    let seen: Value = api.get_as(path, &token).await.json().await.unwrap();
    assert_eq!(seen["contact"], Value::Null, "{seen}");
    let client = signed_in(&api.app, "priya@mail.test").await;
    let (status, html) = page(&api.app, &client, "/my/referrals").await;
    assert_eq!(status, 200);
    assert!(html.contains("Family Clinic"));
    assert!(!html.contains("Another School"));
    assert!(!html.contains("internal"));
    let (_, my) = page(&api.app, &client, "/my").await;
    assert!(my.contains("/my/referrals"));
}

#[tokio::test]
async fn ambassadors_and_employers_get_nothing() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let made = refer(&api, case, gp).await;
    for (email, role) in [
        ("buddy@b.test", Role::Buddy),
        ("boss@employer.test", Role::Employer),
    ] {
        let _: UserId = make_user(&api.app.db, email, role).await;
        let client = signed_in(&api.app, email).await;
        for path in [
            format!("/cases/{case}/referrals/new"),
            format!("/cases/{case}/referrals/{}", made["id"]),
            "/my/referrals".to_owned(),
        ] {
            let res = client.get(api.app.url(&path)).send().await.unwrap();
            assert!(
                res.status().is_redirection() || res.status().is_client_error(),
                "{email} {path}: {}",
                res.status()
            );
            let body = res.text().await.unwrap();
            assert!(!body.contains("Family Clinic"), "{email} {path}");
        }
    }
}

#[tokio::test]
async fn a_consultant_refers_and_follows_up_through_the_forms() {
    let api = spawn_api().await;
    let case = api.open_case().await["id"].as_i64().unwrap();
    let gp = partner(&api, "health-care", "Family Clinic", "English", true).await;
    let app = &api.app;
    let client = signed_in(app, "jana@centre.test").await;
    let new = format!("/cases/{case}/referrals/new?organisation={}", gp.0);
    let (status, html) = page(app, &client, &new).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<option value=\"{}\" selected>", gp.0)));
    let csrf = csrf_in(&html);
    let post = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields);
        client
            .post(app.url(&format!("/cases/{case}/referrals")))
            .form(&form)
            .send()
    };
    // Sharing needs the consent's way; what was typed is kept.
    let res = post(vec![
        ("organisation", gp.0.to_string()),
        ("category", "health".into()),
        ("need", "A GP for Priya".into()),
        ("share_contact", "yes".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("A GP for Priya"));
    assert!(html.contains("r-consent-how-error"));
    let res = post(vec![
        ("organisation", gp.0.to_string()),
        ("category", "health".into()),
        ("need", "A GP for Priya".into()),
        ("share_contact", "yes".into()),
        ("consent_how", "in_person".into()),
        ("follow_up_on", today().to_string()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = res.headers()["location"].to_str().unwrap().to_owned();
    let (_, html) = page(app, &client, &at).await;
    assert!(html.contains("Family Clinic"));
    let csrf = csrf_in(&html);
    let res = client
        .post(app.url(&format!("{at}/steps")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("event", "not_solved"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = client
        .post(app.url(&format!("{at}/steps")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("event", "contacted"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, case_page) = page(app, &client, &format!("/cases/{case}")).await;
    assert!(case_page.contains("In contact"));
    // The household's languages from the case page.
    let csrf = csrf_in(&case_page);
    let version = softland_web::db::cases::load(&app.db, softland_web::ids::CaseId(case))
        .await
        .unwrap()
        .version
        .to_string();
    let res = client
        .post(app.url(&format!("/cases/{case}/languages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("languages", "Hindi, English"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = client
        .post(app.url(&format!("/cases/{case}/languages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("languages", "Hindi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let _ = PASSWORD;
}
