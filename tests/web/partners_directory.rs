//! The partner directory (issue 21): staff add and change organisations through the form and
//! the API, every mistake beside its field; possible duplicates flagged before saving; stale
//! changes refused; filters; partnership management's CSV; the admins' kinds and "who can
//! help" links; expats read public fields only; employers and ambassadors are kept out of
//! staff pages.

use reqwest::Method;
use serde_json::{Value, json};
use softland_web::auth::Role;

use crate::api::{error_of, etag, spawn_api};
use crate::messages::{page, signed_in};
use crate::support::{TestApp, csrf_in, make_user, spawn_app};

/// An app with Ada (admin) signed in on `app.client`.
async fn setup() -> TestApp {
    let app = spawn_app().await;
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let res = app
        .sign_in("ada@centre.test", crate::support::PASSWORD)
        .await;
    assert!(res.status().is_redirection());
    app
}

/// Posts the organisation form at `path` (its CSRF token from `/partners/new`) with `fields`
/// over a valid organisation's.
async fn post_org(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf("/partners/new").await;
    let mut all: Vec<(&str, &str)> = vec![
        ("csrf", csrf.as_str()),
        ("name", "Fakultní nemocnice Ostrava"),
        ("kind", "health-care"),
        ("address", "17. listopadu 1790/5, 708 52 Ostrava-Poruba"),
        ("district", "Poruba"),
        ("opening_hours", "Mon-Fri 7:00-15:30"),
        ("website", "www.fno.cz"),
        ("email", "info@fno.cz"),
        ("phone", "+420 597 371 111"),
        ("languages", "English, Czech"),
        ("services", "Hospital, Emergency"),
        ("active", "yes"),
        ("public", "yes"),
        ("agreement", "none"),
    ];
    for (name, value) in fields {
        all.retain(|(n, _)| n != name);
        all.push((name, value));
    }
    app.client
        .post(app.url(path))
        .form(&all)
        .send()
        .await
        .unwrap()
}

fn created_id(res: &reqwest::Response) -> i64 {
    assert!(res.status().is_redirection(), "got {}", res.status());
    let location = res.headers()["location"].to_str().unwrap();
    location
        .trim_start_matches("/partners/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn version_in(html: &str) -> String {
    let marker = r#"name="version" value=""#;
    let start = html.find(marker).unwrap() + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn staff_add_an_organisation_and_change_it_through_the_form() {
    let app = setup().await;
    let id = created_id(&post_org(&app, "/partners", &[]).await);
    let html = app
        .get(&format!("/partners/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Fakultní nemocnice Ostrava"));
    assert!(html.contains(
        "https://www.openstreetmap.org/search?query=17.%20listopadu%201790%2F5%2C%20708%2052%20Ostrava-Poruba"
    ));
    let edit = app
        .get(&format!("/partners/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    let version = version_in(&edit);
    let res = post_org(
        &app,
        &format!("/partners/{id}"),
        &[("version", &version), ("district", "Ostrava-Jih")],
    )
    .await;
    assert_eq!(created_id(&res), id);
    let html = app
        .get(&format!("/partners/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Ostrava-Jih"));
}

#[tokio::test]
async fn every_mistake_is_shown_beside_its_field_and_what_was_typed_is_kept() {
    let app = setup().await;
    let res = post_org(
        &app,
        "/partners",
        &[
            ("email", "not-an-address"),
            ("phone", "call us"),
            ("website", "javascript:alert(1)"),
            ("opening_hours", "Mon-Fri 16:00-8:00"),
            ("agreement", "active"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "org-email-error",
        "org-phone-error",
        "org-website-error",
        "org-opening-hours-error",
        "org-agreement-from-error",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "no {id}");
    }
    assert!(html.contains("not javascript:"));
    assert!(html.contains(r#"value="javascript:alert(1)""#));
    assert!(html.contains(r#"value="not-an-address""#));
}

#[tokio::test]
async fn an_agreement_ending_before_it_starts_is_refused_on_its_end_date() {
    let app = setup().await;
    let res = post_org(
        &app,
        "/partners",
        &[
            ("agreement", "active"),
            ("agreement_from", "2026-05-01"),
            ("agreement_until", "2026-01-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="org-agreement-until-error""#));
    assert!(html.contains("The end date is before the start date"));
}

#[tokio::test]
async fn a_name_like_another_is_flagged_until_confirmed() {
    let app = setup().await;
    let first = created_id(
        &post_org(
            &app,
            "/partners",
            &[("name", "Vítkovice a.s."), ("email", "")],
        )
        .await,
    );
    let res = post_org(
        &app,
        "/partners",
        &[
            ("name", "VITKOVICE, a. s."),
            ("email", ""),
            ("district", "Vítkovice"),
        ],
    )
    .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!(r#"href="/partners/{first}""#)));
    assert!(html.contains(r#"value="VITKOVICE, a. s.""#));
    assert!(html.contains("This is a different organisation"));
    let res = post_org(
        &app,
        "/partners",
        &[
            ("name", "VITKOVICE, a. s."),
            ("email", ""),
            ("confirm_duplicate", "yes"),
        ],
    )
    .await;
    assert_ne!(created_id(&res), first);
}

#[tokio::test]
async fn an_e_mail_another_organisation_has_is_flagged() {
    let app = setup().await;
    let first = created_id(&post_org(&app, "/partners", &[]).await);
    let res = post_org(&app, "/partners", &[("name", "Hospital Annex")]).await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(&format!(r#"href="/partners/{first}""#))
    );
}

#[tokio::test]
async fn a_change_made_against_an_old_version_is_refused() {
    let app = setup().await;
    let id = created_id(&post_org(&app, "/partners", &[]).await);
    let edit = app
        .get(&format!("/partners/{id}/edit"))
        .await
        .text()
        .await
        .unwrap();
    let version = version_in(&edit);
    let path = format!("/partners/{id}");
    post_org(
        &app,
        &path,
        &[("version", &version), ("district", "Zábřeh")],
    )
    .await;
    let res = post_org(
        &app,
        &path,
        &[("version", &version), ("district", "Hrabůvka")],
    )
    .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("changed meanwhile"));
    assert!(html.contains(r#"value="Zábřeh""#));
}

#[tokio::test]
async fn the_directory_filters_by_kind_language_district_service_and_text() {
    let app = setup().await;
    post_org(&app, "/partners", &[]).await;
    post_org(
        &app,
        "/partners",
        &[
            ("name", "Banka Ostrava"),
            ("kind", "bank"),
            ("email", "bank@example.cz"),
            ("languages", "Czech"),
            ("district", "Moravská Ostrava"),
            ("services", "Accounts"),
        ],
    )
    .await;
    let names = |html: &str| {
        (
            html.contains("Fakultní nemocnice Ostrava"),
            html.contains("Banka Ostrava"),
        )
    };
    for (query, expected) in [
        ("kind=bank", (false, true)),
        ("language=English", (true, false)),
        ("district=poruba", (true, false)),
        ("service=emergency", (true, false)),
        ("q=banka", (false, true)),
        ("", (true, true)),
    ] {
        let html = app
            .get(&format!("/partners?{query}"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(names(&html), expected, "{query}");
    }
    let html = app
        .get("/partners?language=Klingon1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"id="language-error""#));
    let html = app.get("/partners?q=zzz").await.text().await.unwrap();
    assert!(html.contains("No organisation matches"));
}

#[tokio::test]
async fn partnerships_export_as_csv_with_formula_cells_neutralised() {
    let app = setup().await;
    post_org(
        &app,
        "/partners",
        &[
            ("name", "=HYPERLINK(\"http://evil.example\")"),
            ("agreement", "active"),
            ("agreement_from", "2025-01-01"),
            ("last_contact_on", "2020-02-03"),
        ],
    )
    .await;
    let page = app
        .get("/partners/partnerships")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("over 6 months ago"));
    let res = app.get("/partners/partnerships.csv").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("referrals received"));
    assert!(text.contains("'=HYPERLINK"));
    assert!(text.contains("Agreement in force;2025-01-01"));
    let only_ended = app
        .get("/partners/partnerships.csv?agreement=ended")
        .await
        .text()
        .await
        .unwrap();
    assert!(!only_ended.contains("HYPERLINK"));
}

#[tokio::test]
async fn admins_add_and_rename_kinds_with_a_key_made_from_the_name() {
    let app = setup().await;
    let csrf = app.csrf("/admin/partner-kinds").await;
    let res = app
        .post_form(
            "/admin/partner-kinds",
            &[("csrf", &csrf), ("name", "Sports club")],
        )
        .await;
    assert!(res.status().is_redirection());
    let html = app.get("/admin/partner-kinds").await.text().await.unwrap();
    assert!(html.contains("sports-club"));
    let res = app
        .post_form(
            "/admin/partner-kinds",
            &[("csrf", &csrf), ("name", "Sports  Club!")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(r#"id="new-kind-name-error""#)
    );
    let kinds = softland_web::db::partners::kinds(&app.db).await.unwrap();
    let bank = kinds.iter().find(|k| k.slug == "bank").unwrap();
    let res = app
        .post_form(
            &format!("/admin/partner-kinds/{}", bank.id.0),
            &[("csrf", &csrf), ("name", "Bank or credit union")],
        )
        .await;
    assert!(res.status().is_redirection());
    let html = app.get("/admin/partner-kinds").await.text().await.unwrap();
    assert!(html.contains("Bank or credit union"));
}

#[tokio::test]
async fn admins_name_who_can_help_with_a_checklist_item() {
    let app = setup().await;
    let id = created_id(&post_org(&app, "/partners", &[]).await);
    let html = app.get("/admin/partner-links").await.text().await.unwrap();
    assert!(html.contains("bank-account"));
    let csrf = csrf_in(&html);
    let org = id.to_string();
    let res = app
        .post_form(
            "/admin/partner-links/bank-account",
            &[("csrf", &csrf), ("kinds", "bank"), ("organisations", &org)],
        )
        .await;
    assert!(res.status().is_redirection());
    let show = app
        .get(&format!("/partners/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(show.contains("bank-account"));
    let res = app
        .post_form(
            "/admin/partner-links/no-such-item",
            &[("csrf", &csrf), ("kinds", "bank")],
        )
        .await;
    assert_eq!(res.status(), 404);
    let templates = app.get("/admin/templates").await.text().await.unwrap();
    assert!(templates.contains(r#"href="/admin/partner-links""#));
}

#[tokio::test]
async fn expats_and_ambassadors_read_public_fields_only() {
    let app = setup().await;
    let id = created_id(
        &post_org(
            &app,
            "/partners",
            &[
                ("notes", "Secret internal remark"),
                ("agreement", "negotiating"),
                ("tags", "slowtoanswer"),
            ],
        )
        .await,
    );
    make_user(&app.db, "eve@example.com", Role::Expat).await;
    let eve = signed_in(&app, "eve@example.com").await;
    for path in ["/my/partners".to_owned(), format!("/my/partners/{id}")] {
        let (status, html) = page(&app, &eve, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("Fakultní nemocnice Ostrava"));
        assert!(!html.contains("Secret internal remark"));
        assert!(!html.contains("Negotiating"));
    }
    assert_eq!(page(&app, &eve, "/partners").await.0, 403);
    assert_eq!(page(&app, &eve, &format!("/partners/{id}")).await.0, 403);
    // The public search never covers the internal tags (staff's does).
    let staff = app
        .get("/partners?q=slowtoanswer")
        .await
        .text()
        .await
        .unwrap();
    assert!(staff.contains("Fakultní nemocnice Ostrava"), "{staff}");
    let (_, found) = page(&app, &eve, "/my/partners?q=slowtoanswer").await;
    assert!(!found.contains("Fakultní nemocnice Ostrava"), "{found}");
    make_user(&app.db, "amy@buddy.test", Role::Buddy).await;
    let amy = signed_in(&app, "amy@buddy.test").await;
    for path in [
        "/buddy/partners".to_owned(),
        format!("/buddy/partners/{id}"),
    ] {
        let (status, html) = page(&app, &amy, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("Fakultní nemocnice Ostrava"));
        assert!(!html.contains("Secret internal remark"));
        assert!(!html.contains("Negotiating"));
    }
    assert_eq!(page(&app, &amy, "/partners").await.0, 403);
}

#[tokio::test]
async fn employers_and_ambassadors_are_refused_on_staff_pages() {
    let app = setup().await;
    make_user(&app.db, "emil@employer.test", Role::Employer).await;
    let emil = signed_in(&app, "emil@employer.test").await;
    for path in [
        "/partners",
        "/partners/new",
        "/partners/partnerships",
        "/my/partners",
    ] {
        assert_eq!(page(&app, &emil, path).await.0, 403, "{path}");
    }
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let jana = signed_in(&app, "jana@centre.test").await;
    assert_eq!(page(&app, &jana, "/partners").await.0, 200);
    assert_eq!(page(&app, &jana, "/admin/partner-kinds").await.0, 403);
    assert_eq!(page(&app, &jana, "/admin/partner-links").await.0, 403);
}

#[tokio::test]
async fn contact_people_are_added_changed_and_removed_with_messages_beside_fields() {
    let app = setup().await;
    let id = created_id(&post_org(&app, "/partners", &[]).await);
    let csrf = app.csrf(&format!("/partners/{id}")).await;
    let path = format!("/partners/{id}/contacts");
    let res = app
        .post_form(
            &path,
            &[("csrf", &csrf), ("name", "Dr. Nováková"), ("email", "bad")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="contact-new-email-error""#));
    assert!(html.contains(r#"value="Dr. Nováková""#));
    let res = app
        .post_form(
            &path,
            &[
                ("csrf", &csrf),
                ("name", "Dr. Nováková"),
                ("role", "Paediatrics"),
            ],
        )
        .await;
    assert!(res.status().is_redirection());
    let contacts =
        softland_web::db::partners::contacts(&app.db, softland_web::ids::OrganisationId(id))
            .await
            .unwrap();
    let contact = contacts[0].id.0;
    let res = app
        .post_form(&format!("{path}/{contact}/remove"), &[("csrf", &csrf)])
        .await;
    assert!(res.status().is_redirection());
    let html = app
        .get(&format!("/partners/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("No contact people yet"));
}

fn organisation(name: &str, kind: &str) -> Value {
    json!({
        "name": name,
        "kind": kind,
        "address": "Nádražní 1, Ostrava",
        "district": "Moravská Ostrava",
        "opening_hours": "Mon-Fri 8:00-16:00",
        "website": "https://example.cz",
        "email": format!("{}@example.cz", kind),
        "languages": ["English", "Czech"],
        "services": ["Health insurance"],
        "notes": "internal"
    })
}

#[tokio::test]
async fn the_api_lists_reads_and_changes_organisations_with_etags() {
    let api = spawn_api().await;
    let res = api
        .send(
            Method::POST,
            "/organisations",
            organisation("VZP Ostrava", "insurer"),
        )
        .await;
    assert_eq!(res.status(), 201);
    let tag = etag(&res);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["languages"], json!(["English", "Czech"]));
    let list = api
        .get_json("/organisations?kind=insurer&language=English")
        .await;
    assert_eq!(list["organisations"].as_array().unwrap().len(), 1);
    let list = api.get_json("/organisations?kind=bank").await;
    assert!(list["organisations"].as_array().unwrap().is_empty());
    let mut changed = organisation("VZP Ostrava", "insurer");
    changed["district"] = json!("Poruba");
    let res = api
        .request(
            Method::PUT,
            &format!("/organisations/{id}"),
            Some(&api.token),
        )
        .header("If-Match", &tag)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_ne!(etag(&res), tag);
    let res = api
        .request(
            Method::PUT,
            &format!("/organisations/{id}"),
            Some(&api.token),
        )
        .header("If-Match", &tag)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412);
}

#[tokio::test]
async fn the_api_names_the_refused_field_and_flags_duplicates() {
    let api = spawn_api().await;
    let mut bad = organisation("Bad one", "bank");
    bad["website"] = json!("javascript:alert(1)");
    let (status, body) = error_of(api.send(Method::POST, "/organisations", bad).await).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("website"));
    let res = api
        .send(
            Method::POST,
            "/organisations",
            organisation("Vítkovice a.s.", "employer"),
        )
        .await;
    assert_eq!(res.status(), 201);
    let mut twin = organisation("VITKOVICE, a. s.", "employer");
    twin["email"] = json!("other@example.cz");
    let (status, body) =
        error_of(api.send(Method::POST, "/organisations", twin.clone()).await).await;
    assert_eq!(status, 409);
    assert_eq!(body["field"], "confirm_duplicate");
    twin["confirm_duplicate"] = json!(true);
    let res = api.send(Method::POST, "/organisations", twin).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn expat_tokens_are_refused_by_the_directory_api() {
    let api = spawn_api().await;
    let (_, token) = api.user_with_token("eve@example.com", Role::Expat).await;
    let res = api.get_as("/organisations", &token).await;
    assert_eq!(res.status(), 403);
    let res = api.get_as("/partner-kinds", &token).await;
    assert_eq!(res.status(), 403);
    let kinds = api.get_json("/partner-kinds").await;
    assert!(kinds["kinds"].as_array().unwrap().len() >= 11);
    let res = api
        .send(
            Method::PUT,
            "/checklist-items/bank-account/helpers",
            json!({"kinds": ["bank"]}),
        )
        .await;
    assert_eq!(res.status(), 403);
}
