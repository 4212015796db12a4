//! Requests for new hires: the employer's form (checked beside each field, a second open
//! request for the same e-mail refused), staff accept one into a case or decline it with a
//! reason the employer reads.

use softland_web::db::partners;

use super::setup;
use crate::messages::{page, signed_in};
use crate::support::csrf_in;

async fn send_request(s: &super::Setup, fields: &[(&str, &str)]) -> reqwest::Response {
    let (_, html) = s.page("/employer/requests/new").await;
    let mut form = vec![("csrf", csrf_in(&html))];
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    s.employer
        .post(s.app.url("/employer/requests/new"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

const GOOD: [(&str, &str); 5] = [
    ("name", "Ravi Kumar"),
    ("email", "ravi@mail.test"),
    ("route", "employee-card"),
    ("expected_arrival", "2027-03-01"),
    ("note", "Starts in the rolling mill"),
];

#[tokio::test]
async fn the_request_form_shows_each_mistake_beside_its_field_and_keeps_what_was_typed() {
    let s = setup().await;
    let (status, html) = s.page("/employer/requests/new").await;
    assert_eq!(status, 200, "{html}");
    let res = send_request(
        &s,
        &[
            ("name", "Ravi Kumar"),
            ("email", "nope"),
            ("route", "moon"),
            ("expected_arrival", "31.2.2027"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for id in ["hire-email-error", "hire-route-error", "hire-arrival-error"] {
        assert!(html.contains(id), "{id}: {html}");
    }
    assert!(html.contains(r#"value="Ravi Kumar""#), "{html}");
    assert!(send_request(&s, &GOOD).await.status().is_redirection());
    let again = send_request(&s, &GOOD).await;
    assert_eq!(again.status(), 422);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("open request for this e-mail")
    );
}

#[tokio::test]
async fn a_request_accepted_into_a_case_shows_progress_once_the_expat_consents() {
    let s = setup().await;
    partners::remove(&s.app.db, s.employment, s.jana)
        .await
        .unwrap();
    assert!(send_request(&s, &GOOD).await.status().is_redirection());
    let (_, home) = s.page("/employer").await;
    assert!(home.contains("Open: waiting for the centre"), "{home}");
    let staff = signed_in(&s.app, "jana@centre.test").await;
    let (status, list) = page(&s.app, &staff, "/partners/hire-requests").await;
    assert_eq!(status, 200, "{list}");
    assert!(
        list.contains("Ravi Kumar") && list.contains("Vítkov Steelworks"),
        "{list}"
    );
    let (_, dashboard) = page(&s.app, &staff, "/").await;
    assert!(dashboard.contains("New hires"), "{dashboard}");
    let request = partners::open_hire_requests(&s.app.db).await.unwrap()[0].id;
    let accept = |case: String| {
        let csrf = csrf_in(&list);
        let staff = staff.clone();
        let url = s
            .app
            .url(&format!("/partners/hire-requests/{}/accept", request.0));
        async move {
            staff
                .post(url)
                .form(&[("csrf", csrf), ("case", case)])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(accept("999999".to_owned()).await.status(), 422);
    assert!(accept(s.case.0.to_string()).await.status().is_redirection());
    let (_, home) = s.page("/employer").await;
    assert!(home.contains("waiting for the employee"), "{home}");
    assert!(!home.contains("steps done"), "no consent yet: {home}");
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (_, mine) = page(&s.app, &priya, "/my/employer").await;
    assert!(mine.contains("Share my progress"), "{mine}");
    let employment = partners::employments_of_cases(&s.app.db, &[s.case])
        .await
        .unwrap()[0]
        .id;
    let res = priya
        .post(s.app.url(&format!("/my/employer/{}/consent", employment.0)))
        .form(&[("csrf", csrf_in(&mine))])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let (_, home) = s.page("/employer").await;
    assert!(
        home.contains("Priya Sharma") && home.contains("steps done"),
        "{home}"
    );
    assert!(home.contains("Consent given"), "{home}");
}

#[tokio::test]
async fn a_declined_request_shows_the_reason_to_the_employer() {
    let s = setup().await;
    assert!(send_request(&s, &GOOD).await.status().is_redirection());
    let staff = signed_in(&s.app, "jana@centre.test").await;
    let (_, list) = page(&s.app, &staff, "/partners/hire-requests").await;
    let request = partners::open_hire_requests(&s.app.db).await.unwrap()[0].id;
    let url = s
        .app
        .url(&format!("/partners/hire-requests/{}/decline", request.0));
    let empty = staff
        .post(&url)
        .form(&[("csrf", csrf_in(&list).as_str()), ("reason", " ")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    let res = staff
        .post(&url)
        .form(&[
            ("csrf", csrf_in(&list).as_str()),
            ("reason", "Ravi already has a case with us"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let (_, home) = s.page("/employer").await;
    assert!(
        home.contains("Declined: Ravi already has a case with us"),
        "{home}"
    );
}

#[expect(
    clippy::too_many_lines,
    reason = "one request's whole way through the API, step by step, with the stale consent"
)]
#[tokio::test]
async fn the_api_takes_a_request_names_a_wrong_field_and_staff_accept_it_for_consent() {
    let s = setup().await;
    partners::remove(&s.app.db, s.employment, s.jana)
        .await
        .unwrap();
    let helena = softland_web::db::users::find_by_email(&s.app.db, "helena@steel.test")
        .await
        .unwrap()
        .unwrap();
    let name = softland_web::db::api_tokens::TokenName::parse("HR").unwrap();
    let token = softland_web::db::api_tokens::create(&s.app.db, helena.id, &name, None)
        .await
        .unwrap()
        .secret;
    let staff = softland_web::db::api_tokens::create(&s.app.db, s.jana, &name, None)
        .await
        .unwrap()
        .secret;
    let post = |path: &str, token: &str, body: serde_json::Value| {
        s.app
            .client
            .post(s.app.url(&format!("/api/v1{path}")))
            .bearer_auth(token.to_owned())
            .json(&body)
            .send()
    };
    let bad = serde_json::json!({"name": "Ravi Kumar", "email": "ravi@mail.test",
        "route": "employee-card", "expected_arrival": "soon"});
    let res = post("/employer/hire-requests", &token, bad).await.unwrap();
    assert_eq!(res.status(), 422);
    let error: serde_json::Value = res.json().await.unwrap();
    assert_eq!(error["error"]["field"], "expected_arrival", "{error}");
    let good = serde_json::json!({"name": "Ravi Kumar", "email": "ravi@mail.test",
        "route": "employee-card", "expected_arrival": "2027-03-01"});
    let res = post("/employer/hire-requests", &token, good).await.unwrap();
    assert_eq!(res.status(), 201);
    let made: serde_json::Value = res.json().await.unwrap();
    assert_eq!(made["status"], "open");
    let id = made["id"].as_i64().unwrap();
    let refused = post(
        "/hire-requests/1/accept",
        &token,
        serde_json::json!({"case": 1}),
    );
    assert_eq!(
        refused.await.unwrap().status(),
        403,
        "an employer token is not staff's"
    );
    let accept = serde_json::json!({"case": s.case.0});
    let res = post(
        &format!("/hire-requests/{id}/accept"),
        &staff,
        accept.clone(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let employment: serde_json::Value = res.json().await.unwrap();
    assert_eq!(employment["consent"], "not_given");
    let again = post(&format!("/hire-requests/{id}/accept"), &staff, accept)
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    let e = employment["id"].as_i64().unwrap();
    let seen = employment["version"].as_i64().unwrap();
    let missing = post(
        &format!("/employments/{e}/consent"),
        &staff,
        serde_json::json!({"consent_how": "paper"}),
    )
    .await
    .unwrap();
    assert_eq!(
        missing.status(),
        422,
        "staff must say which version they saw"
    );
    let res = post(
        &format!("/employments/{e}/consent"),
        &staff,
        serde_json::json!({"consent_how": "paper", "version": seen}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    // A page (or client) that read the employment before this change cannot change it again:
    // had the person withdrawn meanwhile, the withdrawal would stand.
    let stale = post(
        &format!("/employments/{e}/consent"),
        &staff,
        serde_json::json!({"consent_how": "mail", "version": seen}),
    )
    .await
    .unwrap();
    assert_eq!(stale.status(), 409);
    let res = s
        .app
        .client
        .get(s.app.url(&format!("/api/v1/employer/employees/{e}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = post(
        &format!("/employments/{e}/withdraw"),
        &staff,
        serde_json::json!({}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    let res = s
        .app
        .client
        .get(s.app.url(&format!("/api/v1/employer/employees/{e}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "withdrawn: the very next request");
}
