//! The wallet on the case page (folded in the People section; add, refuse beside the field,
//! remove) and in the expat portal (read-only).

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::documents;
use crate::api::spawn_api;
use crate::support::{PASSWORD, csrf_in};

#[tokio::test]
async fn a_document_is_added_on_the_case_page_and_valid_until_before_issued_is_refused_beside_it() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let app = &api.app;
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(
        page.contains(r#"<details class="wallet" id="wallet-p1">"#),
        "folded"
    );
    let csrf = csrf_in(&page);
    let version = api.get_json(format!("/cases/{id}")).await["version"].to_string();
    let path = format!("/cases/{id}/people/1/documents");
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("kind", "residence_permit"),
        ("number", "EC 42"),
        ("issuing_country", "Czech Republic"),
        ("issued_on", "2027-02-01"),
        ("valid_until", "2027-01-31"),
    ];
    let res = app.post_form(&path, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error:"), "Error: in the title");
    assert!(
        html.contains(r#"id="doc-p1-until-error""#),
        "the message beside valid until"
    );
    assert!(
        html.contains(r#"value="EC 42""#) && html.contains(r#"value="2027-01-31""#),
        "typed values kept"
    );
    assert!(
        html.contains(r#"<details class="wallet" id="wallet-p1" open>"#),
        "the form open"
    );
    fields[6] = ("valid_until", "2029-01-31");
    let res = app.post_form(&path, &fields).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let page = app
        .get(&format!("/cases/{id}?at=people"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Residence card EC 42"), "listed");
    assert!(
        page.contains("Document saved"),
        "the message says what followed"
    );
    let case = api.get_json(format!("/cases/{id}")).await;
    assert_eq!(
        case["people"][1]["key_dates"]["permit_expiry"],
        "2029-01-31"
    );
    let version = case["version"].to_string();
    let remove = format!("/cases/{id}/people/1/documents/1/remove");
    let res = app
        .post_form(
            &remove,
            &[("csrf", csrf.as_str()), ("version", version.as_str())],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let case = api.get_json(format!("/cases/{id}")).await;
    assert_eq!(
        case["people"][1]["key_dates"]["permit_expiry"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn the_expat_sees_the_households_documents_read_only_and_cannot_post_to_the_wallet() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let card = json!({"kind": "residence_permit", "number": "EC1", "issuing_country": "Czech Republic",
                      "issued_on": "2027-01-20", "valid_until": "2029-06-30"});
    api.send(Method::POST, documents(id, 1), card).await;
    api.expat_of(id, "priya@example.com").await;
    let app = &api.app;
    assert!(
        app.sign_in("priya@example.com", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let portal = app.get("/my").await.text().await.unwrap();
    assert!(
        portal.contains("Your documents") && portal.contains("Residence card EC1"),
        "{portal}"
    );
    assert!(
        portal.contains("valid until Sat 30 Jun 2029, renew from"),
        "renewal window shown"
    );
    assert!(!portal.contains("/documents\""), "no form");
    let csrf = csrf_in(&portal);
    let res = app
        .post_form(
            &format!("/cases/{id}/people/0/documents"),
            &[
                ("csrf", csrf.as_str()),
                ("version", "1"),
                ("kind", "passport"),
            ],
        )
        .await;
    assert!(
        res.status().is_redirection()
            || res.status() == StatusCode::FORBIDDEN
            || res.status() == StatusCode::NOT_FOUND,
        "{}",
        res.status()
    );
    assert!(
        api.get_json(documents(id, 0)).await["documents"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_document_is_changed_on_the_case_page_through_its_change_link() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let app = &api.app;
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    let csrf = csrf_in(&page);
    let version = api.get_json(format!("/cases/{id}")).await["version"].to_string();
    let path = format!("/cases/{id}/people/1/documents");
    let added = app
        .post_form(
            &path,
            &[
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("kind", "residence_permit"),
                ("number", "EC 42"),
                ("issuing_country", "Czech Republic"),
                ("issued_on", "2027-02-01"),
                ("valid_until", "2029-01-31"),
            ],
        )
        .await;
    assert!(added.status().is_redirection());
    let page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    let link = format!("/cases/{id}?edit=1-1#wallet-p1");
    assert!(page.contains(&link.replace('&', "&amp;")), "a Change link");
    let form = app.get(&link).await.text().await.unwrap();
    assert!(form.contains(r#"<details class="wallet" id="wallet-p1" open>"#));
    assert!(form.contains(r#"<input type="hidden" name="document" value="1">"#));
    assert!(form.contains(r#"value="EC 42""#) && form.contains(r#"value="2029-01-31""#));
    assert!(form.contains("Save the changes"));
    let version = api.get_json(format!("/cases/{id}")).await["version"].to_string();
    let changed = app
        .post_form(
            &path,
            &[
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("document", "1"),
                ("kind", "residence_permit"),
                ("number", "EC 43"),
                ("issuing_country", "Czech Republic"),
                ("issued_on", "2027-02-01"),
                ("valid_until", "2029-06-30"),
            ],
        )
        .await;
    assert!(changed.status().is_redirection(), "{}", changed.status());
    let list = api
        .get_json(format!("/cases/{id}/people/1/documents"))
        .await;
    let docs = list["documents"]
        .as_array()
        .or(list.as_array())
        .unwrap()
        .clone();
    assert_eq!(docs.len(), 1, "changed, not added: {list}");
    assert_eq!(docs[0]["number"], "EC 43");
    let case = api.get_json(format!("/cases/{id}")).await;
    assert_eq!(
        case["people"][1]["key_dates"]["permit_expiry"],
        "2029-06-30"
    );
}
