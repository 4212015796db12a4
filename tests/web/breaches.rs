//! The breach register (issue 23, GDPR Art. 33): admins record a breach with its dates, the
//! cases affected, the risk and the notifications; the page shows the 72-hour deadline and
//! whether it was met; a timeline; the CSV; the API. Mistakes re-render the form (422).

use reqwest::Method;
use softland_web::auth::Role;

use crate::messages::{household, page, signed_in};
use crate::support::{TestApp, assert_redirects_to, csrf_in, make_user, spawn_app};

struct Register {
    app: TestApp,
    eva: reqwest::Client,
    case: softland_web::ids::CaseId,
}

async fn register() -> Register {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    make_user(&app.db, "eva@centre.test", Role::Admin).await;
    let (case, _) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    let eva = signed_in(&app, "eva@centre.test").await;
    Register { app, eva, case }
}

fn laptop(case: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Laptop stolen from the office".into()),
        (
            "description",
            "A staff laptop was taken from a desk overnight.".into(),
        ),
        ("discovered_at", "2026-11-02T08:30".into()),
        ("aware_at", "2026-11-02T09:00".into()),
        ("occurred_from", "2026-11-01T18:00".into()),
        ("occurred_to", "2026-11-02T07:00".into()),
        ("data_categories", "Names, passport numbers".into()),
        ("people_count", "40".into()),
        ("risk", "risk".into()),
        ("authority_notified_at", "2026-11-04T10:00".into()),
        ("cases", case.into()),
        ("status", "open".into()),
    ]
}

impl Register {
    async fn post(&self, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
        let (_, html) = page(&self.app, &self.eva, "/admin/breaches/new").await;
        let csrf = csrf_in(&html);
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf)];
        form.extend(fields.iter().cloned());
        self.eva
            .post(self.app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    async fn record(&self, fields: &[(&str, String)]) -> String {
        let res = self.post("/admin/breaches", fields).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        to.split('?').next().unwrap().to_owned()
    }
}

#[tokio::test]
async fn only_admins_reach_the_register() {
    let r = register().await;
    let jana = signed_in(&r.app, "jana@centre.test").await;
    for path in [
        "/admin/breaches",
        "/admin/breaches/new",
        "/admin/breaches.csv",
    ] {
        assert_eq!(page(&r.app, &jana, path).await.0, 403, "{path}");
    }
}

#[tokio::test]
async fn an_admin_records_a_breach_and_sees_the_72_hour_deadline_met() {
    let r = register().await;
    let path = r.record(&laptop(&r.case.to_string())).await;
    let (status, html) = page(&r.app, &r.eva, &path).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Laptop stolen from the office"), "{html}");
    assert!(
        html.contains("Thu 5 Nov 2026 09:00"),
        "deadline = aware + 72 h: {html}"
    );
    assert!(html.contains("Notified in time"), "{html}");
    assert!(
        html.contains(&format!("#{} Priya Sharma", r.case)),
        "{html}"
    );
    let (_, list) = page(&r.app, &r.eva, "/admin/breaches").await;
    assert!(list.contains("Laptop stolen from the office") && list.contains("Notified in time"));
    let events = softland_web::db::history::older_of_case(&r.app.db, r.case, None, 20)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.action != softland_web::audit::AuditAction::Breach)
    );
}

#[tokio::test]
async fn dates_out_of_order_re_render_the_form_with_each_message_beside_its_field() {
    let r = register().await;
    let mut fields = laptop("");
    fields.retain(|(k, _)| !matches!(*k, "occurred_to" | "authority_notified_at"));
    fields.push(("occurred_to", "2026-10-01T07:00".into()));
    fields.push(("authority_notified_at", "2026-11-01T10:00".into()));
    let res = r.post("/admin/breaches", &fields).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The end must not be before the start"),
        "{html}"
    );
    assert!(
        html.contains("A notification cannot be before the centre became aware"),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-describedby="breach-occurred-to-error""#),
        "{html}"
    );
    assert!(
        html.contains(r#"value="Laptop stolen from the office""#),
        "kept: {html}"
    );
}

#[tokio::test]
async fn a_late_notification_needs_its_reasons_and_is_shown_late() {
    let r = register().await;
    let mut fields = laptop("");
    fields.retain(|(k, _)| *k != "authority_notified_at");
    fields.push(("authority_notified_at", "2026-11-06T10:00".into()));
    let res = r.post("/admin/breaches", &fields).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("please give the reasons for the delay")
            || html.contains("Please give the reasons for the delay")
            || html.contains("after 72 hours"),
        "{html}"
    );
    fields.push((
        "late_reasons",
        "The theft was reported to us by the police only on the 5th.".into(),
    ));
    let path = r.record(&fields).await;
    let (_, html) = page(&r.app, &r.eva, &path).await;
    assert!(html.contains("Notified late"), "{html}");
    let res = r
        .eva
        .get(r.app.url("/admin/breaches.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert!(
        csv.contains("Notified late") && csv.contains("reported to us by the police"),
        "{csv}"
    );
}

#[tokio::test]
async fn missing_fields_an_unknown_case_and_a_formula_are_handled() {
    let r = register().await;
    let res = r
        .post(
            "/admin/breaches",
            &[("title", String::new()), ("cases", "999999".into())],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"aria-describedby="breach-title-hint breach-title-error""#),
        "{html}"
    );
    assert!(html.contains("Please choose the risk"), "{html}");
    let res = r.post("/admin/breaches", &laptop("999999")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("#999999"));
    let many: Vec<String> = (1..=501).map(|n| n.to_string()).collect();
    let res = r.post("/admin/breaches", &laptop(&many.join(", "))).await;
    assert_eq!(
        res.status(),
        422,
        "a list past the bound is refused, not a 500"
    );
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("At most 500 case numbers")
    );
    let mut fields = laptop("");
    fields.retain(|(k, _)| *k != "title");
    fields.push(("title", "=HYPERLINK(\"x\")".into()));
    r.record(&fields).await;
    let csv = r
        .eva
        .get(r.app.url("/admin/breaches.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

#[tokio::test]
async fn an_edit_from_a_stale_version_is_refused_and_a_timeline_entry_is_added() {
    let r = register().await;
    let path = r.record(&laptop("")).await;
    let (_, form) = page(&r.app, &r.eva, &format!("{path}/edit")).await;
    assert!(form.contains(r#"value="2026-11-02T09:00""#), "{form}");
    let mut fields = laptop("");
    fields.push(("version", "1".into()));
    fields.push((
        "measures",
        "Disk encryption checked; passwords changed.".into(),
    ));
    let res = r.post(&path, &fields).await;
    assert_redirects_to(&res, &format!("{path}?done=changed"));
    let res = r.post(&path, &fields).await;
    assert_eq!(res.status(), 409, "the second save is stale");
    let entry = [
        ("at", "2026-11-03T14:00".to_owned()),
        ("text", "Police report filed".to_owned()),
    ];
    let res = r.post(&format!("{path}/timeline"), &entry).await;
    assert_redirects_to(&res, &format!("{path}?done=entry"));
    let (_, html) = page(&r.app, &r.eva, &path).await;
    assert!(html.contains("Police report filed") && html.contains("Disk encryption checked"));
    let res = r
        .post(
            &format!("{path}/timeline"),
            &[("at", "soon".into()), ("text", String::new())],
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_high_risk_breach_cannot_be_closed_before_the_people_are_told() {
    let r = register().await;
    let mut fields = laptop("");
    fields.retain(|(k, _)| !matches!(*k, "risk" | "status"));
    fields.push(("risk", "high".into()));
    fields.push(("status", "closed".into()));
    let res = r.post("/admin/breaches", &fields).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("people affected are told")
    );
}

#[tokio::test]
async fn the_api_records_reads_and_changes_breaches_for_admin_tokens() {
    let api = crate::api::spawn_api().await;
    let (_, admin) = api.user_with_token("eva@centre.test", Role::Admin).await;
    let body = serde_json::json!({
        "title": "Mail sent to the wrong household",
        "description": "A reminder with a passport number went to another family.",
        "discovered_at": "2026-11-10T08:00:00Z",
        "aware_at": "2026-11-10T08:00:00Z",
        "data_categories": "Name, passport number",
        "people_count": 1,
        "risk": "unlikely",
        "cases": []
    });
    let res = api
        .request(Method::POST, "/breaches", Some(&api.token))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a consultant's token");
    let res = api
        .request(Method::POST, "/breaches", Some(&admin))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let json: serde_json::Value = res.json().await.unwrap();
    let id = json["breach"]["id"].as_i64().unwrap();
    assert_eq!(json["breach"]["notify_by"], "2026-11-13T08:00:00+00:00");
    assert_eq!(json["breach"]["notification"], "not_required");
    let mut changed = body.clone();
    changed["risk"] = "risk".into();
    changed["authority_notified_at"] = "2026-11-11T08:00:00Z".into();
    let res = api
        .request(Method::PUT, &format!("/breaches/{id}"), Some(&admin))
        .header("if-match", &etag)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["breach"]["notification"], "in_time");
    let res = api
        .request(Method::PUT, &format!("/breaches/{id}"), Some(&admin))
        .header("if-match", &etag)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412, "a stale If-Match");
    let mut wrong = body.clone();
    wrong["aware_at"] = "yesterday".into();
    let res = api
        .request(Method::POST, "/breaches", Some(&admin))
        .json(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("aware_at"));
    let res = api
        .request(
            Method::POST,
            &format!("/breaches/{id}/timeline"),
            Some(&admin),
        )
        .json(&serde_json::json!({"at": "2026-11-11T09:00:00Z", "text": "ÚOOÚ notified online"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = api
        .request(Method::GET, "/breaches", Some(&admin))
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["breaches"].as_array().unwrap().len(), 1);
    let res = api
        .request(Method::GET, &format!("/breaches/{id}"), Some(&admin))
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["timeline"][0]["text"], "ÚOOÚ notified online");
}
