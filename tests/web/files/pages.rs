//! Files on the pages: staff upload on the case's files page, the household on the portal;
//! the CSRF token is the form's first field; previews inline for staff only.

use reqwest::StatusCode;

use super::{PNG, form, pdf, setup};
use crate::support::{PASSWORD, TestApp, assert_redirects_to, csrf_in};

async fn post_upload(
    app: &TestApp,
    path: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_consultant_uploads_on_the_page_reviews_and_previews() {
    let (api, id) = setup(|_| {}).await;
    let item = api.item_id(id, "ext-ltr").await;
    let app = &api.app;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let case_page = app.get(&format!("/cases/{id}")).await.text().await.unwrap();
    assert!(
        case_page.contains(&format!("/cases/{id}/files#item-{item}")),
        "each item links to its files"
    );
    let page = app
        .get(&format!("/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"type="file" name="files" multiple accept="image/jpeg,image/png,image/heic,image/heif,application/pdf""#));
    let csrf = csrf_in(&page);
    let res = post_upload(
        app,
        &format!("/cases/{id}/files"),
        form(
            &[("csrf", csrf.clone()), ("item", item.to_string())],
            &[
                ("<img src=x onerror=alert(1)>.pdf", pdf(500)),
                ("photo.png", PNG.to_vec()),
            ],
        ),
    )
    .await;
    assert_redirects_to(&res, &format!("/cases/{id}/files#item-{item}"));
    let page = app
        .get(&format!("/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("2 files uploaded."));
    assert!(
        page.contains("&#60;img src=x onerror=alert(1)&#62;.pdf"),
        "the name is escaped"
    );
    assert!(!page.contains("<img src=x"));

    let fid = api.files_of(id).await[1]["id"].as_i64().unwrap();
    let preview = app.get(&format!("/cases/{id}/files/{fid}?inline=1")).await;
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(preview.headers()["content-type"], "image/png");
    assert!(
        preview.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert_eq!(preview.headers()["content-security-policy"], "sandbox");

    let res = app
        .post_form(
            &format!("/cases/{id}/files/{fid}/review"),
            &[("csrf", &csrf), ("review", "accepted")],
        )
        .await;
    assert_redirects_to(&res, &format!("/cases/{id}/files#item-{item}"));
    let page = app
        .get(&format!("/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("The item&#39;s status is unchanged")
            || page.contains("The item's status is unchanged"),
        "{page}"
    );
}

#[tokio::test]
async fn an_upload_without_its_csrf_token_is_refused_and_nothing_is_stored() {
    let (api, id) = setup(|_| {}).await;
    let app = &api.app;
    app.sign_in("jana@centre.test", PASSWORD).await;
    for fields in [vec![], vec![("csrf", "forged".to_owned())]] {
        let res = post_upload(
            app,
            &format!("/cases/{id}/files"),
            form(&fields, &[("a.png", PNG.to_vec())]),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(api.objects().await, 0);
    assert!(api.files_of(id).await.is_empty());
}

#[tokio::test]
async fn the_expat_uploads_on_the_portal_and_sees_requested_uploaded_and_upload_again() {
    let (api, id) = setup(|_| {}).await;
    let item = api.item_id(id, "ext-ltr").await;
    let other = api.open_case().await["id"].as_i64().unwrap();
    api.expat_of(id, "priya@example.com").await;
    let app = &api.app;
    assert_redirects_to(&app.sign_in("priya@example.com", PASSWORD).await, "/my");
    let portal = app.get("/my").await.text().await.unwrap();
    assert!(
        portal.contains(&format!("/my/cases/{id}/files")),
        "the checklist links to the papers"
    );
    let page = app
        .get(&format!("/my/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Requested"), "{page}");
    let csrf = csrf_in(&page);
    let res = post_upload(
        app,
        &format!("/my/cases/{other}/files"),
        form(&[("csrf", csrf.clone())], &[("a.png", PNG.to_vec())]),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "another household's case"
    );
    assert_eq!(api.objects().await, 0);
    let res = post_upload(
        app,
        &format!("/my/cases/{id}/files"),
        form(
            &[("csrf", csrf), ("item", item.to_string())],
            &[("a.png", PNG.to_vec())],
        ),
    )
    .await;
    assert_redirects_to(&res, &format!("/my/cases/{id}/files#item-{item}"));
    let page = app
        .get(&format!("/my/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Uploaded, awaiting review"));
    let fid = api.files_of(id).await[0]["id"].as_i64().unwrap();
    api.send_json(
        reqwest::Method::POST,
        format!("/cases/{id}/files/{fid}/review"),
        serde_json::json!({"review": "needs_another_copy", "reason": "the photo is cut off"}),
    )
    .await;
    let page = app
        .get(&format!("/my/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Please upload again") && page.contains("the photo is cut off"));
    let res = app.get(&format!("/my/cases/{id}/files/{fid}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(
        app.get(&format!("/cases/{id}/files/{fid}")).await.status(),
        StatusCode::FORBIDDEN,
        "the staff route"
    );
}

#[tokio::test]
async fn a_refused_upload_or_review_on_the_page_is_told_beside_the_form() {
    let (api, id) = setup(|_| {}).await;
    let item = api.item_id(id, "ext-ltr").await;
    let app = &api.app;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    let page = app
        .get(&format!("/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&page);
    let html_named_pdf = b"<!doctype html><script>alert(1)</script>".to_vec();
    let res = post_upload(
        app,
        &format!("/cases/{id}/files"),
        form(
            &[("csrf", csrf.clone()), ("item", item.to_string())],
            &[("passport.pdf", html_named_pdf)],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: Files"), "{html}");
    assert!(html.contains(r#"class="error-summary""#));
    assert!(
        html.contains(r##"<a href="#upload-files">"##),
        "the summary links to the field"
    );
    assert!(
        html.contains(r#"id="upload-files-error""#),
        "the message is beside the field"
    );
    assert!(
        html.contains(r#"<nav aria-label="Main">"#),
        "the page keeps its navigation"
    );
    // A review asking for another copy without a reason.
    let res = post_upload(
        app,
        &format!("/cases/{id}/files"),
        form(
            &[("csrf", csrf.clone()), ("item", item.to_string())],
            &[("photo.png", PNG.to_vec())],
        ),
    )
    .await;
    assert!(res.status().is_redirection());
    let page = app
        .get(&format!("/cases/{id}/files"))
        .await
        .text()
        .await
        .unwrap();
    let file = page
        .split("/review\"")
        .next()
        .and_then(|s| s.rsplit("/files/").next())
        .expect("a review form")
        .to_owned();
    let res = app
        .post_form(
            &format!("/cases/{id}/files/{file}/review"),
            &[
                ("csrf", &csrf),
                ("review", "needs_another_copy"),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"class="error-summary""#), "{html}");
}
