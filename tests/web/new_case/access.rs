//! Who may open a case: staff only, signed in, with the form's CSRF token.

use softland_web::auth::Role;
use softland_web::db::cases;

use super::{Form, setup, today};
use crate::support::{PASSWORD, assert_redirects_to, make_user, spawn_app_with};

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused_and_nothing_is_stored() {
    let s = setup().await;
    let wrong = Form::valid(&s).await.set("csrf", "forged");
    assert_eq!(wrong.post(&s.app).await.status(), 403);
    let mut missing = Form::valid(&s).await;
    missing.0.retain(|(k, _)| k != "csrf");
    assert_eq!(missing.post(&s.app).await.status(), 403);
    assert_eq!(cases::count(&s.app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn visitors_who_are_not_signed_in_are_sent_to_sign_in() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    assert_redirects_to(&app.get("/cases/new").await, "/login?next=/cases/new");
    let res = app.post_form("/cases", &[("principal.name", "X")]).await;
    assert_redirects_to(&res, "/login");
}

#[tokio::test]
async fn expats_may_not_open_cases() {
    let app = spawn_app_with(|c| c.today_override = Some(today())).await;
    make_user(&app.db, "expat@mail.test", Role::Expat).await;
    app.sign_in("expat@mail.test", PASSWORD).await;
    assert_eq!(app.get("/cases/new").await.status(), 403);
    let fields = [("csrf", "x"), ("principal.name", "X"), ("action", "create")];
    let res = app.post_form("/cases", &fields).await;
    assert_eq!(res.status(), 403);
    assert_eq!(cases::count(&app.db).await.unwrap(), 0);
}
