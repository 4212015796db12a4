//! Refused uploads get a clear answer and leave nothing behind: no row, no object (no
//! temporary one either).

use reqwest::StatusCode;
use softland_web::storage::FileStore;

use super::{PNG, form, pdf, setup};
use crate::api::error_of;

#[tokio::test]
async fn a_file_over_the_limit_gets_413_and_nothing_is_stored() {
    let (api, id) = setup(|c| c.max_file_bytes = 4096).await;
    let res = api
        .upload_as(
            id,
            form(&[], &[("ok.png", PNG.to_vec()), ("big.pdf", pdf(20_000))]),
            &api.token.clone(),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["field"], "files");
    assert!(api.files_of(id).await.is_empty());
    assert_eq!(
        api.objects().await,
        0,
        "the first file's object was removed too"
    );
    if let FileStore::Folder(dir) = &api.app.file_store {
        let left: Vec<_> = walk(dir);
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}

#[tokio::test]
async fn a_request_over_the_request_limit_gets_413() {
    let (api, id) = setup(|c| c.max_upload_bytes = 8192).await;
    let res = api
        .upload_as(
            id,
            form(&[], &[("a.pdf", pdf(6000)), ("b.pdf", pdf(6000))]),
            &api.token.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.objects().await, 0);
}

#[tokio::test]
async fn html_svg_or_a_program_named_passport_pdf_gets_415_naming_the_accepted_types() {
    let (api, id) = setup(|_| {}).await;
    for bytes in [
        b"<!doctype html><html><script>alert(1)</script></html>".to_vec(),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
        [b"MZ\x90\x00\x03\x00\x00\x00".as_slice(), &[0u8; 120]].concat(),
    ] {
        let res = api
            .upload_as(
                id,
                form(&[], &[("passport.pdf", bytes)]),
                &api.token.clone(),
            )
            .await;
        let (status, body) = error_of(res).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("PDF, JPEG, PNG or HEIC"), "{message}");
    }
    assert_eq!(api.objects().await, 0);
}

#[tokio::test]
async fn an_empty_file_or_no_file_gets_422() {
    let (api, id) = setup(|_| {}).await;
    let res = api
        .upload_as(
            id,
            form(&[], &[("empty.pdf", Vec::new())]),
            &api.token.clone(),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("files"))
    );
    let res = api
        .upload_as(
            id,
            form(&[("item", String::new())], &[]),
            &api.token.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = api
        .upload_as(
            id,
            form(&[("item", "999999".into())], &[("a.png", PNG.to_vec())]),
            &api.token.clone(),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("item"))
    );
    assert_eq!(api.objects().await, 0);
}

#[tokio::test]
async fn hostile_names_are_shown_safely_and_never_become_paths() {
    let (api, id) = setup(|_| {}).await;
    let long = format!("{}.png", "a".repeat(300));
    let names = [
        "../../../etc/passwd.png",
        "tab\tbyte.png",
        long.as_str(),
        "invoice\u{202E}gnp.exe.png",
    ];
    for name in names {
        api.upload_ok(id, &[(name, PNG.to_vec())]).await;
    }
    // A raw NUL in a part's header is not HTTP: refused whole, nothing kept (a NUL that
    // reaches the name is removed: `softland_domain::file::tests`).
    let res = api
        .upload_as(
            id,
            form(&[], &[("nul\0byte.png", PNG.to_vec())]),
            &api.token.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.objects().await, 4);
    let shown: Vec<String> = api
        .files_of(id)
        .await
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shown[0], "passwd.png");
    assert_eq!(shown[1], "tabbyte.png");
    assert_eq!(shown[2].chars().count(), 100);
    assert_eq!(shown[2].rsplit_once('.').map(|(_, e)| e), Some("png"));
    assert_eq!(shown[3], "invoicegnp.exe.png");
    if let FileStore::Folder(dir) = &api.app.file_store {
        for path in walk(dir) {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert!(
                rel.starts_with("files/") && rel.len() == "files/".len() + 32,
                "{rel}"
            );
        }
        let outside = dir.parent().unwrap().join("etc");
        assert!(!outside.exists());
    }
}

#[tokio::test]
async fn the_file_store_down_gets_503_with_a_clear_message_and_the_item_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let (api, id) = setup(|c| c.file_store = FileStore::Folder(store.clone())).await;
    let item = api.item_id(id, "ext-ltr").await;
    let before = api.get_json(format!("/cases/{id}/items/{item}")).await;
    std::fs::remove_dir_all(&store).unwrap();
    std::fs::write(&store, b"not a folder").unwrap();
    let res = api
        .upload_as(
            id,
            form(&[("item", item.to_string())], &[("a.png", PNG.to_vec())]),
            &api.token.clone(),
        )
        .await;
    let (status, body) = error_of(res).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("file store is unavailable"),
        "{body}"
    );
    assert!(api.files_of(id).await.is_empty());
    assert_eq!(
        api.get_json(format!("/cases/{id}/items/{item}")).await,
        before
    );
}

/// Every file below `dir`.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
