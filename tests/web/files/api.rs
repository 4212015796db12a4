//! The files API end to end: upload, list, metadata, content with safe headers, review,
//! soft delete; an expat's token reaches only its own household's files.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::Digest as _;

use super::{PNG, form, pdf, setup};

#[tokio::test]
async fn an_uploaded_file_is_listed_described_and_served_with_safe_headers() {
    let (api, id) = setup(|_| {}).await;
    let item = api.item_id(id, "ext-ltr").await;
    let body = pdf(3000);
    let res = api
        .upload_as(
            id,
            form(
                &[("item", item.to_string())],
                &[("pas Ž.pdf", body.clone())],
            ),
            &api.token.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let files = api.files_of(id).await;
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(file["item_id"], item);
    assert_eq!(file["media_type"], "application/pdf");
    assert_eq!(file["size"], body.len());
    assert_eq!(file["sha256"], hex::encode(sha2::Sha256::digest(&body)));
    assert_eq!(file["review"], "pending");
    assert_eq!(file["scan"], "not_scanned");
    let fid = file["id"].as_i64().unwrap();
    let meta = api.get_json(format!("/cases/{id}/files/{fid}")).await;
    assert_eq!(meta["name"], "pas Ž.pdf");

    let res = api.get(format!("/cases/{id}/files/{fid}/content")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"pas _.pdf\"; filename*=UTF-8''pas%20%C5%BD.pdf"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["content-security-policy"], "sandbox");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(res.bytes().await.unwrap().as_ref(), body.as_slice());
    // Papers are sent as they are, never gzipped (they are compressed already).
    let res = api
        .request(
            reqwest::Method::GET,
            &format!("/cases/{id}/files/{fid}/content"),
            Some(&api.token),
        )
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn a_review_reaches_the_expat_and_accepting_leaves_the_item_as_it_was() {
    let sink = crate::mail_sink::MailSink::start().await;
    let url = sink.url.clone();
    let (api, id) = setup(move |c| {
        c.smtp_url = Some(url);
        c.mail_interval = std::time::Duration::from_millis(50);
    })
    .await;
    let item = api.item_id(id, "ext-ltr").await;
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let res = api
        .upload_as(
            id,
            form(&[("item", item.to_string())], &[("scan.png", PNG.to_vec())]),
            &expat,
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fid = api.files_of(id).await[0]["id"].as_i64().unwrap();
    let before = api.get_json(format!("/cases/{id}/items/{item}")).await;

    let refused = api
        .send(
            Method::POST,
            format!("/cases/{id}/files/{fid}/review"),
            json!({"review": "needs_another_copy", "reason": " "}),
        )
        .await;
    crate::api::expect_invalid(refused, "reason").await;
    let asked = api
        .send_json(
            Method::POST,
            format!("/cases/{id}/files/{fid}/review"),
            json!({"review": "needs_another_copy", "reason": "the photo is cut off — scan all four corners"}),
        )
        .await;
    assert_eq!(asked["review"], "needs_another_copy");
    let seen: serde_json::Value = api
        .get_as(format!("/cases/{id}/files/{fid}"), &expat)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        seen["review_reason"],
        "the photo is cut off — scan all four corners"
    );
    // The expat (reminders on by the centre's default) is asked by mail, with the reason.
    let mails = sink.wait_for(1).await;
    let asked_by_mail = mails
        .iter()
        .find(|m| m.text.contains("Please upload another copy of scan.png"))
        .unwrap_or_else(|| panic!("a mail asking for another copy: {mails:#?}"));
    assert_eq!(asked_by_mail.to, ["priya@example.com"]);
    assert!(asked_by_mail.text.contains("scan all four corners"));
    assert!(
        asked_by_mail
            .text
            .contains(&format!("/my/cases/{id}/files"))
    );
    let by_expat = api
        .send_as(
            Method::POST,
            format!("/cases/{id}/files/{fid}/review"),
            json!({"review": "accepted"}),
            &expat,
        )
        .await;
    assert_eq!(by_expat.status(), StatusCode::FORBIDDEN);

    let accepted = api
        .send_json(
            Method::POST,
            format!("/cases/{id}/files/{fid}/review"),
            json!({"review": "accepted"}),
        )
        .await;
    assert_eq!(accepted["review"], "accepted");
    let after = api.get_json(format!("/cases/{id}/items/{item}")).await;
    assert_eq!(after["status"], before["status"], "no silent status change");
    assert_eq!(after["version"], before["version"]);
}

#[tokio::test]
async fn a_deleted_file_is_gone_from_lists_and_downloads_but_kept_in_the_history() {
    let (api, id) = setup(|_| {}).await;
    let fid = api.upload_ok(id, &[("a.png", PNG.to_vec())]).await[0]["id"]
        .as_i64()
        .unwrap();
    let res = api
        .request(
            Method::DELETE,
            &format!("/cases/{id}/files/{fid}"),
            Some(&api.token.clone()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(api.files_of(id).await.is_empty());
    assert_eq!(
        api.get(format!("/cases/{id}/files/{fid}/content"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.objects().await, 1, "soft delete: the object stays");
    let history = softland_web::db::history::older_of_case(
        &api.app.db,
        softland_web::ids::CaseId(id),
        None,
        50,
    )
    .await
    .unwrap();
    let labels: Vec<&str> = history.iter().map(|e| e.action.label()).collect();
    assert!(
        labels.contains(&"File uploaded") && labels.contains(&"File deleted"),
        "{labels:?}"
    );
}

#[tokio::test]
async fn another_households_expat_gets_the_same_404_as_for_a_missing_file() {
    let (api, id) = setup(|_| {}).await;
    let other = api.open_case().await["id"].as_i64().unwrap();
    let fid = api.upload_ok(id, &[("a.png", PNG.to_vec())]).await[0]["id"]
        .as_i64()
        .unwrap();
    let (_, stranger) = api.expat_of(other, "someone@example.com").await;
    for path in [
        format!("/cases/{id}/files"),
        format!("/cases/{id}/files/{fid}"),
        format!("/cases/{id}/files/{fid}/content"),
        format!("/cases/{id}/files/999999/content"),
    ] {
        let (status, body) = crate::api::error_of(api.get_as(&path, &stranger).await).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{path}"
        );
    }
    let res = api
        .upload_as(id, form(&[], &[("b.png", PNG.to_vec())]), &stranger)
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.files_of(id).await.len(), 1);
    assert_eq!(api.objects().await, 1, "nothing stored for the stranger");
}
