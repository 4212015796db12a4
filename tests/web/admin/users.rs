//! Staff accounts: create, change role, deactivate / reactivate, set a new password.

use softland_web::auth::Role;
use softland_web::db::users;

use super::{ADMIN, Browser, admin_app, text_with_status};
use crate::support::{PASSWORD, assert_redirects_to, make_user};

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn an_admin_creates_a_consultant_who_can_then_sign_in() {
    let (app, _) = admin_app().await;
    let fields = [
        ("email", " Petr@Centre.test "),
        ("name", "Petr Novák"),
        ("role", "consultant"),
        ("password", NEW_PASSWORD),
    ];
    let res = app.post_with_csrf("/admin/users", &fields).await;
    assert_redirects_to(&res, "/admin/users?done=created");
    let html = text_with_status(app.get("/admin/users?done=created").await, 200).await;
    assert!(html.contains("The account was created."), "{html}");
    assert!(
        html.contains("Petr Novák") && html.contains("petr@centre.test"),
        "{html}"
    );
    let stored = users::find_by_email(&app.db, "petr@centre.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.role, Role::Consultant);
    assert!(stored.password_hash.unwrap().starts_with("$argon2id$"));
    let petr = Browser::new(&app);
    assert_redirects_to(&petr.sign_in("petr@centre.test", NEW_PASSWORD).await, "/");
    assert_eq!(petr.get("/").await.status(), 200);
}

#[tokio::test]
async fn creating_an_account_refuses_each_bad_input_with_422_and_stores_nothing() {
    let (app, _) = admin_app().await;
    make_user(&app.db, "taken@centre.test", Role::Consultant).await;
    let good = [
        ("email", "new@centre.test"),
        ("name", "New Person"),
        ("role", "consultant"),
        ("password", NEW_PASSWORD),
    ];
    let cases = [
        (
            "email",
            "not-an-email",
            "enter an e-mail address like name@example.com",
        ),
        (
            "email",
            "Taken@centre.test",
            "an account with this e-mail exists already",
        ),
        ("name", "  ", "please enter the name"),
        ("role", "expat", "choose admin or consultant"),
        ("password", "short", "use at least 12 characters"),
        ("password", "password1234", "this password is too common"),
    ];
    for (field, value, message) in cases {
        let fields: Vec<_> = good
            .iter()
            .map(|&(k, v)| (k, if k == field { value } else { v }))
            .collect();
        let html = text_with_status(app.post_with_csrf("/admin/users", &fields).await, 422).await;
        assert!(html.contains(message), "{field}={value}: {html}");
        assert!(
            html.contains(&format!(r#"id="new-{field}-error""#)),
            "{field}: message beside the field"
        );
        assert!(!html.contains(NEW_PASSWORD), "the password is never echoed");
        let accounts = users::list(&app.db).await.unwrap();
        assert_eq!(accounts.len(), 2, "{field}={value} stored something");
    }
}

#[tokio::test]
async fn an_admin_changes_a_consultant_into_an_admin_and_back() {
    let (app, _) = admin_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let res = app
        .post_with_csrf(&format!("/admin/users/{jana}/role"), &[("role", "admin")])
        .await;
    assert_redirects_to(&res, &format!("/admin/users?done=role#user-{jana}"));
    assert_eq!(users::get(&app.db, jana).await.unwrap().role, Role::Admin);
    app.post_with_csrf(
        &format!("/admin/users/{jana}/role"),
        &[("role", "consultant")],
    )
    .await;
    assert_eq!(
        users::get(&app.db, jana).await.unwrap().role,
        Role::Consultant
    );
}

#[tokio::test]
async fn an_expat_account_cannot_be_made_staff() {
    let (app, _) = admin_app().await;
    let priya = make_user(&app.db, "priya@mail.test", Role::Expat).await;
    let res = app
        .post_with_csrf(
            &format!("/admin/users/{priya}/role"),
            &[("role", "consultant")],
        )
        .await;
    let html = text_with_status(res, 422).await;
    assert!(
        html.contains("An expat account cannot be given a staff role here."),
        "{html}"
    );
    assert_eq!(users::get(&app.db, priya).await.unwrap().role, Role::Expat);
    assert!(
        html.contains("priya@mail.test"),
        "expat accounts are listed: {html}"
    );
}

#[tokio::test]
async fn deactivating_ends_the_users_session_and_stops_sign_in() {
    let (app, _) = admin_app().await;
    let jana_id = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let jana = Browser::new(&app);
    jana.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(jana.get("/").await.status(), 200);
    let res = app
        .post_with_csrf(
            &format!("/admin/users/{jana_id}/active"),
            &[("active", "false")],
        )
        .await;
    assert_redirects_to(
        &res,
        &format!("/admin/users?done=deactivated#user-{jana_id}"),
    );
    assert!(!users::get(&app.db, jana_id).await.unwrap().active);
    let count = softland_web::db::sessions::end_sessions_of(&app.db, jana_id, None)
        .await
        .unwrap();
    assert_eq!(count, 0, "the deactivation ended her sessions already");
    assert_redirects_to(&jana.get("/cases").await, "/login?next=/cases");
    assert_eq!(
        jana.sign_in("jana@centre.test", PASSWORD).await.status(),
        401
    );

    app.post_with_csrf(
        &format!("/admin/users/{jana_id}/active"),
        &[("active", "true")],
    )
    .await;
    assert_redirects_to(&jana.sign_in("jana@centre.test", PASSWORD).await, "/");
}

#[tokio::test]
async fn an_admin_cannot_deactivate_or_demote_themself() {
    let (app, me) = admin_app().await;
    let res = app
        .post_with_csrf(&format!("/admin/users/{me}/active"), &[("active", "false")])
        .await;
    let html = text_with_status(res, 422).await;
    assert!(
        html.contains("You cannot deactivate your own account"),
        "{html}"
    );
    let res = app
        .post_with_csrf(
            &format!("/admin/users/{me}/role"),
            &[("role", "consultant")],
        )
        .await;
    let html = text_with_status(res, 422).await;
    assert!(html.contains("You cannot change your own role"), "{html}");
    let res = app
        .post_with_csrf(
            &format!("/admin/users/{me}/password"),
            &[("password", "an unguessable new phrase")],
        )
        .await;
    let html = text_with_status(res, 422).await;
    assert!(html.contains("on your account page"), "{html}");
    let stored = users::get(&app.db, me).await.unwrap();
    assert!(stored.active && stored.role == Role::Admin);
    assert_eq!(app.get("/admin").await.status(), 200, "still signed in");
}

#[tokio::test]
async fn setting_a_password_ends_the_users_sessions_and_the_new_one_works() {
    let (app, _) = admin_app().await;
    let jana_id = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let jana = Browser::new(&app);
    jana.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(jana.get("/").await.status(), 200);
    let path = format!("/admin/users/{jana_id}/password");
    let weak = app.post_with_csrf(&path, &[("password", "short")]).await;
    assert!(
        text_with_status(weak, 422)
            .await
            .contains("New password: use at least 12 characters.")
    );
    assert_eq!(
        jana.get("/").await.status(),
        200,
        "a refused reset changes nothing"
    );

    let res = app
        .post_with_csrf(&path, &[("password", NEW_PASSWORD)])
        .await;
    assert_redirects_to(&res, &format!("/admin/users?done=password#user-{jana_id}"));
    assert_redirects_to(&jana.get("/cases").await, "/login?next=/cases");
    assert_eq!(
        jana.sign_in("jana@centre.test", PASSWORD).await.status(),
        401
    );
    assert_redirects_to(&jana.sign_in("jana@centre.test", NEW_PASSWORD).await, "/");
    assert_eq!(
        app.get("/admin").await.status(),
        200,
        "the admin stays signed in"
    );
}

#[tokio::test]
async fn user_forms_without_or_with_a_wrong_csrf_token_are_refused_and_change_nothing() {
    let (app, _) = admin_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let forms = [
        (
            "/admin/users".to_owned(),
            vec![
                ("email", "new@centre.test"),
                ("name", "New"),
                ("role", "admin"),
                ("password", NEW_PASSWORD),
            ],
        ),
        (format!("/admin/users/{jana}/role"), vec![("role", "admin")]),
        (
            format!("/admin/users/{jana}/active"),
            vec![("active", "false")],
        ),
        (
            format!("/admin/users/{jana}/password"),
            vec![("password", NEW_PASSWORD)],
        ),
    ];
    for (path, fields) in &forms {
        assert_eq!(
            app.post_form(path, fields).await.status(),
            403,
            "{path} without a token"
        );
        let mut forged = vec![("csrf", "forged")];
        forged.extend(fields.iter().copied());
        assert_eq!(
            app.post_form(path, &forged).await.status(),
            403,
            "{path} with a forged token"
        );
    }
    assert!(
        users::find_by_email(&app.db, "new@centre.test")
            .await
            .unwrap()
            .is_none()
    );
    let stored = users::get(&app.db, jana).await.unwrap();
    assert!(stored.active && stored.role == Role::Consultant);
    let other = Browser::new(&app);
    assert_redirects_to(&other.sign_in("jana@centre.test", PASSWORD).await, "/");
    assert!(
        users::find_by_email(&app.db, ADMIN)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn the_new_account_form_offers_the_consultant_role_first_and_chosen() {
    let (app, _) = admin_app().await;
    let html = text_with_status(app.get("/admin/users").await, 200).await;
    let select = &html[html.find(r#"<select id="new-role""#).unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains(r#"<option value="consultant" selected>"#),
        "{select}"
    );
    assert!(
        select.find("consultant").unwrap() < select.find("admin").unwrap(),
        "{select}"
    );
}
