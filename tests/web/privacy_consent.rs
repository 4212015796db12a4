//! Privacy, part A (issue 23): a case's lawful basis (staff set it; the portal explains it),
//! the consent register (staff and the person give and withdraw; history kept; audited), and
//! withdrawal taking effect at once wherever it is checked: the reminder job, the buddy's
//! pages, the employer's pages.

use reqwest::Method;
use serde_json::json;
use softland_web::auth::Role;
use softland_web::db::{cases, history, privacy, reminders};
use softland_web::ids::{CaseId, UserId};

use crate::api::spawn_api;
use crate::messages::{household, page, signed_in};
use crate::support::{PASSWORD, TestApp, csrf_in, date, make_user, spawn_app};

/// Jana's case of Priya (her portal account linked), and Priya signed in.
async fn setup() -> (TestApp, UserId, CaseId, reqwest::Client) {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (case, _) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let priya = signed_in(&app, "priya@mail.test").await;
    (app, jana, case, priya)
}

/// `client` posts `fields` with the CSRF token of `from` to `path`.
async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    from: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(app, client, from).await;
    let csrf = csrf_in(&html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

async fn person_id(app: &TestApp, case: CaseId) -> String {
    let stored = cases::load(&app.db, case).await.unwrap();
    stored.person_ids[0].0.to_string()
}

#[tokio::test]
async fn staff_set_the_lawful_basis_and_a_value_not_offered_is_422_beside_the_field() {
    let (app, _, case, _) = setup().await;
    assert_eq!(
        privacy::basis(&app.db, case).await.unwrap().as_str(),
        "contract",
        "the default"
    );
    app.sign_in("jana@centre.test", PASSWORD).await;
    let path = format!("/cases/{case}/privacy");
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("Lawful basis of the processing"), "{html}");
    app.state.access.flush().await;
    let log = sea_orm::Database::connect(&app.state.config.database_url)
        .await
        .unwrap();
    let viewed = sea_orm::ConnectionTrait::query_all_raw(
        &log,
        sea_orm::Statement::from_string(
            sea_orm::ConnectionTrait::get_database_backend(&log),
            format!(
                "SELECT id FROM access_log WHERE case_id = {} AND kind = 'case.page'",
                case.0
            ),
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        viewed.len(),
        1,
        "the privacy page, which names the people, is in the access log"
    );
    let csrf = csrf_in(&html);
    let basis_path = format!("/cases/{case}/lawful-basis");
    let res = app
        .post_form(&basis_path, &[("csrf", &csrf), ("lawful_basis", "whim")])
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("aria-describedby=\"lawful_basis-error\""),
        "{html}"
    );
    let res = app
        .post_form(
            &basis_path,
            &[("csrf", &csrf), ("lawful_basis", "public_task")],
        )
        .await;
    assert!(res.status().is_redirection());
    assert_eq!(
        privacy::basis(&app.db, case).await.unwrap().as_str(),
        "public_task"
    );
    let lines = history::older_of_case(&app.db, case, None, 100)
        .await
        .unwrap();
    assert!(lines.iter().any(|l| l.action.label() == "Lawful basis"));
}

#[tokio::test]
async fn staff_record_and_withdraw_a_consent_and_the_history_keeps_both() {
    let (app, _, case, _) = setup().await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let path = format!("/cases/{case}/privacy");
    let csrf = app.csrf(&path).await;
    let person = person_id(&app, case).await;
    let consents = format!("/cases/{case}/consents");
    let give = [
        ("csrf", csrf.as_str()),
        ("person", person.as_str()),
        ("purpose", "photos"),
        ("action", "give"),
        ("consent_how", "paper"),
    ];
    assert!(
        app.post_form(&consents, &give)
            .await
            .status()
            .is_redirection()
    );
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("Given on"), "{html}");
    let withdraw = [
        ("csrf", csrf.as_str()),
        ("person", person.as_str()),
        ("purpose", "photos"),
        ("action", "withdraw"),
    ];
    assert!(
        app.post_form(&consents, &withdraw)
            .await
            .status()
            .is_redirection()
    );
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("withdrawn on"), "history kept: {html}");
    let records = privacy::consents_of_cases(&app.db, &[case]).await.unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].given_at.is_some() && records[0].withdrawn_at.is_some());
    let lines = history::older_of_case(&app.db, case, None, 100)
        .await
        .unwrap();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.action.label() == "Consent")
            .count(),
        2
    );
    // A purpose the register does not keep is refused beside its field, nothing stored.
    let wrong = [
        ("csrf", csrf.as_str()),
        ("person", person.as_str()),
        ("purpose", "employer_sharing"),
        ("action", "withdraw"),
    ];
    let res = app.post_form(&consents, &wrong).await;
    assert!(res.status().is_redirection());
    let html = app.get(&path).await.text().await.unwrap();
    assert!(html.contains("choose one of the values offered"), "{html}");
}

#[tokio::test]
async fn the_expat_reads_the_basis_in_plain_words_and_withdraws_and_gives_again() {
    let (app, _, case, priya) = setup().await;
    let (status, html) = page(&app, &priya, "/my/privacy").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("You asked the centre to help you settle in"),
        "{html}"
    );
    assert!(html.contains("Download all my data"), "{html}");
    let person = person_id(&app, case).await;
    let case_id = case.0.to_string();
    let fields = [
        ("case", case_id.as_str()),
        ("person", person.as_str()),
        ("purpose", "mail_reminders"),
        ("action", "withdraw"),
    ];
    let res = post(&app, &priya, "/my/privacy", "/my/privacy/consents", &fields).await;
    assert!(res.status().is_redirection());
    let (_, html) = page(&app, &priya, "/my/privacy").await;
    assert!(html.contains("Withdrawn on"), "{html}");
    let fields = [
        ("case", case_id.as_str()),
        ("person", person.as_str()),
        ("purpose", "mail_reminders"),
        ("action", "give"),
    ];
    post(&app, &priya, "/my/privacy", "/my/privacy/consents", &fields).await;
    let records = privacy::consents_of_cases(&app.db, &[case]).await.unwrap();
    let last = records.last().unwrap();
    assert_eq!(
        last.given_how
            .map(softland_domain::partner::ConsentHow::as_str),
        Some("portal")
    );
    assert!(last.withdrawn_at.is_none());
}

#[tokio::test]
async fn an_expat_cannot_change_another_households_consents() {
    let (app, jana, case, _) = setup().await;
    let (other, _) = household(&app, jana, "wei@mail.test", "Wei Chen").await;
    let wei = signed_in(&app, "wei@mail.test").await;
    let person = person_id(&app, case).await;
    let case_id = case.0.to_string();
    let fields = [
        ("case", case_id.as_str()),
        ("person", person.as_str()),
        ("purpose", "photos"),
        ("action", "give"),
    ];
    let res = post(&app, &wei, "/my/privacy", "/my/privacy/consents", &fields).await;
    assert_eq!(res.status(), 404);
    assert!(
        privacy::consents_of_cases(&app.db, &[case, other])
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn withdrawn_reminders_leave_the_person_out_of_the_next_reminder_run() {
    let (app, _, case, priya) = setup().await;
    let (from, until) = (date(2026, 1, 1), date(2030, 12, 31));
    let before = reminders::candidates(&app.db, from, until, from)
        .await
        .unwrap();
    assert!(!before.is_empty(), "Priya has items to be reminded of");
    let person = person_id(&app, case).await;
    let case_id = case.0.to_string();
    let fields = [
        ("case", case_id.as_str()),
        ("person", person.as_str()),
        ("purpose", "mail_reminders"),
        ("action", "withdraw"),
    ];
    post(&app, &priya, "/my/privacy", "/my/privacy/consents", &fields).await;
    let after = reminders::candidates(&app.db, from, until, from)
        .await
        .unwrap();
    assert!(after.is_empty(), "no reminder for Priya: {after:?}");
    let fields = [
        ("case", case_id.as_str()),
        ("person", person.as_str()),
        ("purpose", "mail_reminders"),
        ("action", "give"),
    ];
    post(&app, &priya, "/my/privacy", "/my/privacy/consents", &fields).await;
    let again = reminders::candidates(&app.db, from, until, from)
        .await
        .unwrap();
    assert_eq!(again.len(), before.len(), "given again: reminded again");
}

#[tokio::test]
async fn withdrawing_employer_sharing_from_the_privacy_page_ends_the_employers_view_at_once() {
    let s = crate::employers::setup().await;
    s.consent().await;
    let path = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(s.page(&path).await.0, 200);
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (_, html) = page(&s.app, &priya, "/my/privacy").await;
    let action = format!("/my/employer/{}/withdraw", s.employment.0);
    assert!(html.contains(&action), "{html}");
    let res = post(&s.app, &priya, "/my/privacy", &action, &[]).await;
    assert!(res.status().is_redirection());
    assert_eq!(s.page(&path).await.0, 404, "the very next request");
}

#[tokio::test]
async fn withdrawing_buddy_sharing_from_the_privacy_page_hides_the_newcomer_from_the_buddy() {
    let s = crate::buddy_area::setup().await;
    s.accept().await;
    let path = format!("/buddy/newcomers/{}", s.id);
    assert_eq!(s.page(&path).await.0, 200);
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (_, html) = page(&s.app, &priya, "/my/privacy").await;
    let action = format!("/my/buddy/{}/end", s.id);
    assert!(html.contains(&action), "{html}");
    let res = post(
        &s.app,
        &priya,
        "/my/privacy",
        &action,
        &[("reason", "withdrawn")],
    )
    .await;
    assert!(res.status().is_redirection());
    assert_eq!(s.page(&path).await.0, 404, "the very next request");
}

#[tokio::test]
async fn the_api_reads_and_sets_the_basis_and_the_consents_naming_the_field_on_error() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let id = case["id"].as_i64().unwrap();
    let privacy = api.get_json(format!("/cases/{id}/privacy")).await;
    assert_eq!(privacy["lawful_basis"], "contract", "{privacy}");
    let res = api
        .send(
            Method::PUT,
            format!("/cases/{id}/lawful-basis"),
            json!({"lawful_basis": "whim"}),
        )
        .await;
    crate::api::expect_invalid(res, "lawful_basis").await;
    let set = api
        .send_json(
            Method::PUT,
            format!("/cases/{id}/lawful-basis"),
            json!({"lawful_basis": "legal_obligation"}),
        )
        .await;
    assert_eq!(set["lawful_basis"], "legal_obligation");
    let given = api
        .send_json(
            Method::POST,
            format!("/cases/{id}/consents"),
            json!({"person": 1, "purpose": "photos", "action": "give", "consent_how": "paper"}),
        )
        .await;
    let photos = &given["people"][1]["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["purpose"] == "photos")
        .unwrap()
        .clone();
    assert_eq!(photos["standing"], "given", "{given}");
    assert_eq!(photos["records"][0]["given_how"], "paper");
    let res = api
        .send(
            Method::POST,
            format!("/cases/{id}/consents"),
            json!({"person": 1, "purpose": "photos", "action": "give", "consent_how": "telepathy"}),
        )
        .await;
    crate::api::expect_invalid(res, "consent_how").await;
    let res = api
        .send(
            Method::POST,
            format!("/cases/{id}/consents"),
            json!({"person": 7, "purpose": "photos", "action": "withdraw"}),
        )
        .await;
    crate::api::expect_invalid(res, "person").await;
}

#[tokio::test]
async fn a_case_opened_by_api_takes_its_lawful_basis_and_shows_it() {
    let api = spawn_api().await;
    let mut body = crate::api::new_case_body();
    body["lawful_basis"] = json!("whim");
    let res = api.send(Method::POST, "/cases", body.clone()).await;
    crate::api::expect_invalid(res, "lawful_basis").await;
    body["lawful_basis"] = json!("consent");
    let res = api.send(Method::POST, "/cases", body).await;
    assert_eq!(res.status(), 201);
    let case: serde_json::Value = res.json().await.unwrap();
    assert_eq!(case["lawful_basis"], "consent", "{case}");
    let opened = api.open_case().await;
    assert_eq!(opened["lawful_basis"], "contract");
}
