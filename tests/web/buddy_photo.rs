//! An ambassador's optional photo (issue 20, stored like a case's files, issue 18): the
//! ambassador on their profile and the coordinator on the ambassador's page upload, replace
//! and remove it (the replaced object is deleted from the file store); a PDF named `.jpg`, an
//! empty file and a too large one are refused beside the field; the household sees it on
//! the buddy's card only while the match is accepted or active; the API's coordinator
//! endpoints. With `SOFTLAND_TEST_S3_URL` set, the file store is the S3-compatible server.

use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use softland_domain::buddy::{EndReason, MatchEvent};
use softland_web::auth::Role;
use softland_web::db::buddies;
use softland_web::storage::{ObjectKey, ObjectStorage, Storage as _, sweep_orphans};

use crate::api::{Api, error_of, expect_invalid};
use crate::buddies_api::{coordinator_api, invite};
use crate::buddy_area::{Setup, ambassador, request, setup, step};
use crate::files::{PNG, pdf};
use crate::messages::{household, page, signed_in};
use crate::support::{TestApp, assert_redirects_to, csrf_in, make_user};

/// The first bytes of a JPEG (what the type checker reads), padded with zeros to `n`.
fn jpeg(n: usize) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    bytes.resize(n.max(bytes.len()), 0);
    bytes
}

/// A multipart form with the token first, then `bytes` as the `photo` part named `name`.
fn photo_form(csrf: &str, name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("csrf", csrf.to_owned())
        .part("photo", Part::bytes(bytes).file_name(name.to_owned()))
}

/// `client` sends `bytes` named `name` with the photo form of the page at `from` to `to`.
async fn send_photo(
    app: &TestApp,
    client: &reqwest::Client,
    (from, to): (&str, &str),
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let (_, html) = page(app, client, from).await;
    let form = photo_form(&csrf_in(&html), name, bytes);
    client
        .post(app.url(to))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// `client` presses "Remove the photo" on the page at `from`, which posts to `to`.
async fn remove_photo(
    app: &TestApp,
    client: &reqwest::Client,
    (from, to): (&str, &str),
) -> reqwest::Response {
    let (_, html) = page(app, client, from).await;
    client
        .post(app.url(to))
        .form(&[("csrf", csrf_in(&html))])
        .send()
        .await
        .unwrap()
}

/// The keys of every object in `app`'s file store.
async fn objects(app: &TestApp) -> Vec<ObjectKey> {
    let store = ObjectStorage::open(&app.file_store).unwrap();
    let later = chrono::Utc::now() + chrono::TimeDelta::days(1);
    store.older_than(later).await.unwrap()
}

/// The stored key of ambassador `s.asha`'s photo.
async fn stored_key(s: &Setup) -> Option<String> {
    let asha = buddies::ambassador(&s.app.db, s.asha).await.unwrap();
    asha.photo.map(|p| p.key)
}

const OWN: (&str, &str) = ("/buddy/profile", "/buddy/profile/photo");

/// Asha uploads `PNG` as her own photo.
async fn asha_uploads(s: &Setup) {
    let res = send_photo(&s.app, &s.buddy, OWN, "me.png", PNG.to_vec()).await;
    assert_redirects_to(&res, "/buddy/profile");
}

#[tokio::test]
async fn an_ambassador_uploads_their_photo_on_their_profile_and_sees_it_there() {
    let s = setup().await;
    let (_, before) = s.page("/buddy/profile").await;
    assert!(before.contains("You have no photo yet."), "{before}");
    assert!(before.contains(r#"enctype="multipart/form-data""#));
    assert!(before.contains(r#"type="file" name="photo" accept="image/jpeg,image/png""#));
    asha_uploads(&s).await;
    let (_, html) = s.page("/buddy/profile").await;
    assert!(html.contains("Your photo is saved."), "{html}");
    assert!(
        html.contains(
            r#"<img class="photo" src="/buddy/photo" alt="Asha Verma" width="96" height="96""#
        ),
        "{html}"
    );
    assert!(html.contains("Remove the photo"));
    let res = s.buddy.get(s.app.url("/buddy/photo")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers();
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let key = stored_key(&s).await.expect("stored");
    assert!(!html.contains(&key), "the storage key is never shown");
}

#[tokio::test]
async fn a_coordinator_uploads_replaces_and_removes_a_photo_and_the_old_object_goes() {
    let s = setup().await;
    let jana = signed_in(&s.app, "jana@centre.test").await;
    let at = format!("/buddies/ambassadors/{}", s.asha);
    let to = format!("{at}/photo");
    let res = send_photo(&s.app, &jana, (&at, &to), "asha.png", PNG.to_vec()).await;
    assert_redirects_to(&res, &format!("{at}?done=photo#photo"));
    let first = objects(&s.app).await;
    assert_eq!(first.len(), 1);
    let (_, html) = page(&s.app, &jana, &format!("{at}?done=photo")).await;
    assert!(html.contains("The photo was saved."));
    assert!(
        html.contains(&format!(
            r#"<img class="photo" src="{to}" alt="Asha Verma" width="96" height="96""#
        )),
        "{html}"
    );

    let res = send_photo(&s.app, &jana, (&at, &to), "new.jpg", jpeg(2000)).await;
    assert_redirects_to(&res, &format!("{at}?done=photo#photo"));
    let second = objects(&s.app).await;
    assert_eq!(second.len(), 1, "the replaced photo's object is deleted");
    assert_ne!(second, first);
    assert_eq!(stored_key(&s).await, Some(second[0].to_string()));
    let res = jana.get(s.app.url(&to)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().len(), 2000);

    let res = remove_photo(&s.app, &jana, (&at, &format!("{to}/delete"))).await;
    assert_redirects_to(&res, &format!("{at}?done=photo_removed#photo"));
    assert!(objects(&s.app).await.is_empty(), "its object is deleted");
    assert_eq!(stored_key(&s).await, None);
    let (_, html) = page(&s.app, &jana, &at).await;
    assert!(html.contains("No photo yet."), "{html}");
    assert_eq!(jana.get(s.app.url(&to)).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_requests_suggestions_show_each_ambassadors_photo_small() {
    let s = setup().await;
    asha_uploads(&s).await;
    let (chen_case, chen) = household(&s.app, s.jana, "chen@mail.test", "Chen Li").await;
    let id = request(&s.app, chen_case, chen).await;
    let jana = signed_in(&s.app, "jana@centre.test").await;
    let (_, html) = page(&s.app, &jana, &format!("/buddies/requests/{id}")).await;
    assert!(
        html.contains(&format!(
            r#"<img class="photo-small" src="/buddies/ambassadors/{}/photo" alt="" width="32" height="32""#,
            s.asha
        )),
        "{html}"
    );
}

#[tokio::test]
async fn a_pdf_named_jpg_an_empty_file_and_a_too_large_photo_are_refused_beside_the_field() {
    let s = setup().await;
    let too_large = jpeg(5 * 1024 * 1024 + 1);
    let refused = [
        ("me.jpg", pdf(500), "This file is not a JPEG or PNG image"),
        ("me.jpg", Vec::new(), "The file is empty"),
        ("me.jpg", too_large, "The photo is larger than 5 MiB"),
    ];
    for (name, bytes, message) in refused {
        let res = send_photo(&s.app, &s.buddy, OWN, name, bytes).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<title>Error: "), "{html}");
        assert!(
            html.contains(&format!(
                r#"<p class="field-error" id="photo-file-error">{message}"#
            )),
            "{html}"
        );
        assert!(html.contains(r#"aria-describedby="photo-file-hint photo-file-error""#));
        assert!(html.contains(r#"aria-invalid="true""#));
    }
    assert!(objects(&s.app).await.is_empty(), "nothing is kept");
    assert_eq!(stored_key(&s).await, None);

    let jana = signed_in(&s.app, "jana@centre.test").await;
    let at = format!("/buddies/ambassadors/{}", s.asha);
    let to = format!("{at}/photo");
    let res = send_photo(&s.app, &jana, (&at, &to), "scan.png", pdf(500)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            r#"<p class="field-error" id="photo-file-error">This file is not a JPEG or PNG image"#
        ),
        "the coordinator's page too: {html}"
    );
}

#[tokio::test]
async fn the_household_sees_the_buddys_photo_only_while_they_look_after_the_newcomer() {
    let s = setup().await;
    asha_uploads(&s).await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let path = format!("/my/buddy/{}/photo", s.id);
    let status = |c: &reqwest::Client| {
        let url = s.app.url(&path);
        let c = c.clone();
        async move { c.get(url).send().await.unwrap().status() }
    };
    assert_eq!(status(&priya).await, 404, "proposed: not named yet");
    let (_, html) = page(&s.app, &priya, "/my/buddy").await;
    assert!(!html.contains(&path));

    s.accept().await;
    let res = priya.get(s.app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let (_, html) = page(&s.app, &priya, "/my/buddy").await;
    assert!(
        html.contains(&format!(
            r#"<img class="photo" src="{path}" alt="Asha Verma" width="96" height="96""#
        )),
        "{html}"
    );

    household(&s.app, s.jana, "chen@mail.test", "Chen Li").await;
    let chen = signed_in(&s.app, "chen@mail.test").await;
    assert_eq!(status(&chen).await, 404, "another household");
    let (_, other) = page(&s.app, &chen, "/my/buddy").await;
    assert!(!other.contains("/photo"));

    step(
        &s.app,
        s.id,
        MatchEvent::End(EndReason::Settled),
        s.priya,
        None,
    )
    .await;
    assert_eq!(status(&priya).await, 404, "ended");
}

#[tokio::test]
async fn a_newcomer_whose_buddy_has_no_photo_sees_the_card_without_one() {
    let s = setup().await;
    s.accept().await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (_, html) = page(&s.app, &priya, "/my/buddy").await;
    assert!(html.contains("Your buddy is Asha Verma"), "{html}");
    assert!(!html.contains(r#"<img class="photo""#));
    let path = format!("/my/buddy/{}/photo", s.id);
    assert_eq!(
        priya.get(s.app.url(&path)).send().await.unwrap().status(),
        404
    );
}

#[tokio::test]
async fn nobody_else_reads_or_changes_an_ambassadors_photo() {
    let s = setup().await;
    asha_uploads(&s).await;
    let photo = format!("/buddies/ambassadors/{}/photo", s.asha);
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for path in [photo.as_str(), "/buddy/photo"] {
        let res = stranger.get(s.app.url(path)).send().await.unwrap();
        let location = res.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/login"), "{path}: {location}");
    }

    make_user(&s.app.db, "karel@centre.test", Role::Consultant).await;
    let karel = signed_in(&s.app, "karel@centre.test").await;
    let priya = signed_in(&s.app, "priya@mail.test").await;
    for (who, client, home) in [("consultant", &karel, "/"), ("expat", &priya, "/my")] {
        let res = client.get(s.app.url(&photo)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{who} reads");
        let res = send_photo(&s.app, client, (home, &photo), "x.png", PNG.to_vec()).await;
        assert_eq!(res.status(), 403, "{who} uploads");
        let res = remove_photo(&s.app, client, (home, &format!("{photo}/delete"))).await;
        assert_eq!(res.status(), 403, "{who} removes");
    }

    ambassador(&s.app, "bela@buddies.test", "Bela Kovacs").await;
    let bela = signed_in(&s.app, "bela@buddies.test").await;
    let res = bela.get(s.app.url("/buddy/photo")).send().await.unwrap();
    assert_eq!(res.status(), 404, "her own: she has none");
    assert_eq!(
        bela.get(s.app.url(&photo)).send().await.unwrap().status(),
        403
    );
    let res = send_photo(
        &s.app,
        &bela,
        ("/buddy/profile", &photo),
        "x.png",
        PNG.to_vec(),
    )
    .await;
    assert_eq!(res.status(), 403, "an ambassador changes only her own");
    assert_eq!(objects(&s.app).await.len(), 1, "Asha's photo, untouched");
}

#[tokio::test]
async fn an_ambassador_removes_their_own_photo() {
    let s = setup().await;
    asha_uploads(&s).await;
    let res = remove_photo(
        &s.app,
        &s.buddy,
        ("/buddy/profile", "/buddy/profile/photo/delete"),
    )
    .await;
    assert_redirects_to(&res, "/buddy/profile");
    assert!(objects(&s.app).await.is_empty());
    let (_, html) = s.page("/buddy/profile").await;
    assert!(html.contains("Your photo is removed."));
    assert!(html.contains("You have no photo yet."));
    assert_eq!(
        s.buddy
            .get(s.app.url("/buddy/photo"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_orphan_sweep_keeps_ambassadors_photos() {
    let s = setup().await;
    asha_uploads(&s).await;
    let store = ObjectStorage::open(&s.app.file_store).unwrap();
    let later = chrono::Utc::now() + chrono::TimeDelta::minutes(61);
    assert_eq!(sweep_orphans(&s.app.db, &store, later).await.unwrap(), 0);
    let res = s.buddy.get(s.app.url("/buddy/photo")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

/// `PUT /ambassadors/{id}/photo` with `bytes` named `name` and `token`.
async fn put_photo(
    api: &Api,
    id: i64,
    (name, bytes): (&str, Vec<u8>),
    token: &str,
) -> reqwest::Response {
    let form = Form::new().part("photo", Part::bytes(bytes).file_name(name.to_owned()));
    api.request(
        Method::PUT,
        &format!("/ambassadors/{id}/photo"),
        Some(token),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn the_api_puts_reads_and_deletes_an_ambassadors_photo() {
    let api = coordinator_api().await;
    let id = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let path = format!("/ambassadors/{id}/photo");
    assert_eq!(error_of(api.get(&path).await).await.0, 404, "none yet");

    let res = put_photo(&api, id, ("anita.png", PNG.to_vec()), &api.token.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["photo"]["content_type"], "image/png");
    assert_eq!(body["photo"]["size"], PNG.len());
    let key = buddies::ambassador(&api.app.db, softland_web::ids::AmbassadorId(id))
        .await
        .unwrap()
        .photo
        .unwrap()
        .key;
    assert!(!text.contains(&key), "the storage key is never sent");
    assert_eq!(
        api.get_json(format!("/ambassadors/{id}")).await["photo"]["size"],
        PNG.len()
    );

    let res = api.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    let res = put_photo(&api, id, ("scan.jpg", pdf(500)), &api.token.clone()).await;
    expect_invalid(res, "photo").await;
    let res = put_photo(&api, id, ("empty.png", Vec::new()), &api.token.clone()).await;
    expect_invalid(res, "photo").await;
    let res = put_photo(
        &api,
        id,
        ("big.jpg", jpeg(5 * 1024 * 1024 + 1)),
        &api.token.clone(),
    )
    .await;
    expect_invalid(res, "photo").await;
    assert_eq!(
        api.get(&path).await.bytes().await.unwrap().as_ref(),
        PNG,
        "kept"
    );

    let res = api
        .request(Method::DELETE, &path, Some(&api.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(error_of(api.get(&path).await).await.0, 404);
    assert!(api.get_json(format!("/ambassadors/{id}")).await["photo"].is_null());
    let store = ObjectStorage::open(&api.app.file_store).unwrap();
    let later = chrono::Utc::now() + chrono::TimeDelta::days(1);
    assert!(
        store.older_than(later).await.unwrap().is_empty(),
        "every object is gone"
    );
}

#[tokio::test]
async fn the_api_photo_endpoints_are_for_coordinators_only() {
    let api = coordinator_api().await;
    let id = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let path = format!("/ambassadors/{id}/photo");
    put_photo(&api, id, ("anita.png", PNG.to_vec()), &api.token.clone()).await;
    let (_, karel) = api
        .user_with_token("karel@centre.test", Role::Consultant)
        .await;
    assert_eq!(error_of(api.get_as(&path, &karel).await).await.0, 403);
    let res = put_photo(&api, id, ("x.png", PNG.to_vec()), &karel).await;
    assert_eq!(error_of(res).await.0, 403);
    let res = api
        .request(Method::DELETE, &path, Some(&karel))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(res).await.0, 403);
    let res = put_photo(&api, 999_999, ("x.png", PNG.to_vec()), &api.token.clone()).await;
    assert_eq!(error_of(res).await.0, 404, "no such ambassador");
    assert_eq!(api.get(&path).await.status(), 200, "still there");
}
