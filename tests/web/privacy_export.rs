//! The Art. 15/20 export (issue 23, part A): a ZIP of `data.json`, `summary.html` and the
//! person's files, for the person in the portal and for an admin or the case's consultant;
//! nothing of another member of the household beyond what is theirs too, nothing of another
//! household; another household's export is 404.

use std::io::Read as _;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;
use softland_web::db::{cases, history};
use softland_web::ids::CaseId;

use crate::api::{Api, new_case_body, spawn_api};
use crate::files::{form, pdf};
use crate::messages::{page, signed_in};
use crate::support::csrf_in;

/// Priya's case (her husband Arjun with a passport of his own), Wei's case, a file each for
/// Priya and Arjun, and a message; Priya's portal account linked. Returns the case ids and
/// the person ids of Priya and Arjun.
async fn setup() -> (Api, i64, i64, [i64; 2]) {
    let api = spawn_api().await;
    let mut body = new_case_body();
    body["dependants"][0]["passport_number"] = json!("Y1234567");
    body["dependants"][0]["passport_expiry"] = json!("2031-05-05");
    let res = api.send(Method::POST, "/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut other = new_case_body();
    other["principal"]["name"] = json!("Wei Chen");
    other["principal"]["email"] = json!("wei@example.com");
    other["principal"]["passport_number"] = json!("W5555555");
    other["dependants"] = json!([]);
    let res = api.send(Method::POST, "/cases", other).await;
    let wei = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let stored = cases::load(&api.app.db, CaseId(id)).await.unwrap();
    let people = [stored.person_ids[0].0, stored.person_ids[1].0];
    for (person, name) in [
        (people[0], "priya-lease.pdf"),
        (people[1], "arjun-diploma.pdf"),
    ] {
        let fields = [("person", person.to_string())];
        let res = api
            .upload_as(id, form(&fields, &[(name, pdf(400))]), &api.token.clone())
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    api.send(
        Method::POST,
        format!("/cases/{id}/messages"),
        json!({"body": "Your appointment is on Monday."}),
    )
    .await;
    api.expat_of(id, "priya@mail.test").await;
    (api, id, wei, people)
}

/// The files of a ZIP by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().unwrap().to_string(), out)
        })
        .collect()
}

fn entry<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &files.iter().find(|(n, _)| n == name).unwrap().1;
    std::str::from_utf8(bytes).unwrap()
}

/// Priya's portal export of `person` of case `case`.
async fn portal_export(api: &Api, case: i64, person: i64) -> reqwest::Response {
    let priya = signed_in(&api.app, "priya@mail.test").await;
    let (_, html) = page(&api.app, &priya, "/my/privacy").await;
    priya
        .post(api.app.url("/my/privacy/export"))
        .form(&[
            ("csrf", csrf_in(&html)),
            ("case", case.to_string()),
            ("person", person.to_string()),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_expat_downloads_their_data_and_nothing_of_another_member_or_household() {
    let (api, id, _, [priya, _]) = setup().await;
    let res = portal_export(&api, id, priya).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains(&format!("softland-export-{id}-{priya}-")),
        "{disposition}"
    );
    let files = unzip(&res.bytes().await.unwrap());
    let json = entry(&files, "data.json");
    let data: Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["schema_version"], 1);
    assert_eq!(data["person"]["passport_number"], "Z7654321");
    assert_eq!(data["person"]["date_of_birth"], "1991-04-12");
    assert_eq!(data["case"]["lawful_basis"], "contract");
    assert!(data["checklist"].as_array().unwrap().len() > 3, "{data}");
    assert!(json.contains("Your appointment is on Monday."));
    for other in [
        "Y1234567",
        "1989-09-30",
        "arjun-diploma",
        "W5555555",
        "Wei Chen",
    ] {
        assert!(!json.contains(other), "{other} in data.json");
    }
    let summary = entry(&files, "summary.html");
    assert!(summary.contains("Z7654321") && !summary.contains("Y1234567"));
    assert!(
        !summary.contains("<script") && !summary.contains("<link") && !summary.contains("src=")
    );
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("priya-lease.pdf")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("arjun")), "{names:?}");
    let lines = history::older_of_case(&api.app.db, CaseId(id), None, 100)
        .await
        .unwrap();
    assert!(lines.iter().any(|l| l.action.label() == "Data exported"));
    assert_eq!(
        exports_logged(&api, id, priya).await,
        1,
        "the access log has it"
    );
}

/// How many exports of `person` of case `case` the access log holds (after a flush).
async fn exports_logged(api: &Api, case: i64, person: i64) -> usize {
    use sea_orm::{ConnectionTrait as _, Statement};
    api.app.state.access.flush().await;
    let db = sea_orm::Database::connect(&api.app.state.config.database_url)
        .await
        .unwrap();
    let sql = format!(
        "SELECT id FROM access_log WHERE kind = 'export' AND case_id = {case} AND person_id = {person}"
    );
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_expat_asking_for_another_members_or_households_export_gets_404() {
    let (api, id, wei, [_, arjun]) = setup().await;
    assert_eq!(portal_export(&api, id, arjun).await.status(), 404);
    let stored = cases::load(&api.app.db, CaseId(wei)).await.unwrap();
    let wei_person = stored.person_ids[0].0;
    assert_eq!(portal_export(&api, wei, wei_person).await.status(), 404);
    assert_eq!(portal_export(&api, id, wei_person).await.status(), 404);
}

#[tokio::test]
async fn the_case_consultant_and_admins_export_by_api_other_staff_are_refused() {
    let (api, id, _, _) = setup().await;
    let res = api.get(format!("/cases/{id}/people/0/export")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let files = unzip(&res.bytes().await.unwrap());
    let data: Value = serde_json::from_str(entry(&files, "data.json")).unwrap();
    assert_eq!(data["person"]["name"], "Priya Sharma");
    let principal = data["person"]["id"].as_i64().unwrap();
    assert_eq!(
        exports_logged(&api, id, principal).await,
        1,
        "API exports are logged"
    );
    let res = api.get(format!("/cases/{id}/people/1/export")).await;
    let files = unzip(&res.bytes().await.unwrap());
    let json = entry(&files, "data.json");
    assert!(
        json.contains("Y1234567") && !json.contains("Z7654321"),
        "Arjun's own"
    );
    let (_, admin) = api.user_with_token("ada@centre.test", Role::Admin).await;
    let res = api
        .get_as(format!("/cases/{id}/people/0/export"), &admin)
        .await;
    assert_eq!(res.status(), 200);
    let (_, petr) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let res = api
        .get_as(format!("/cases/{id}/people/0/export"), &petr)
        .await;
    assert_eq!(res.status(), 403);
    let res = api.get(format!("/cases/{id}/people/9/export")).await;
    assert!(res.status().is_client_error());
    let res = api.get("/cases/999999/people/0/export").await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn staff_export_from_the_privacy_page_only_as_admin_or_the_cases_consultant() {
    let (api, id, _, [priya, _]) = setup().await;
    let app = &api.app;
    app.sign_in("jana@centre.test", crate::support::PASSWORD)
        .await;
    let path = format!("/cases/{id}/privacy");
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("Export data of Priya Sharma"), "{html}");
    let csrf = csrf_in(&html);
    let export = format!("/cases/{id}/people/{priya}/export");
    let res = app.post_form(&export, &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 200);
    crate::support::make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let petr = signed_in(app, "petr@centre.test").await;
    let (_, html) = page(app, &petr, &path).await;
    assert!(!html.contains("Export data of"), "{html}");
    let res = petr
        .post(app.url(&export))
        .form(&[("csrf", csrf_in(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
