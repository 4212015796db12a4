use softland_web::auth::Role;

use crate::support::{
    PASSWORD, assert_redirects_to, csrf_in, make_user, spawn_app, spawn_app_with,
};

#[tokio::test]
async fn pages_send_anonymous_visitors_to_sign_in_and_back() {
    let app = spawn_app().await;
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
    assert_redirects_to(
        &app.get("/cases?status=open").await,
        "/login?next=/cases%3Fstatus%3Dopen",
    );
    // The home page is the centre's public page for visitors who are not signed in.
    let home = app.get("/").await;
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Book a first meeting"));
}

#[tokio::test]
async fn a_consultant_signs_in_and_lands_on_the_dashboard() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let res = app.sign_in("Jana@Centre.test", PASSWORD).await;
    assert_redirects_to(&res, "/");
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("My deadlines"), "{html}");
    assert!(html.contains("jana · consultant"));
}

#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_but_only_on_this_site() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let csrf = app.csrf("/login?next=/%3Fteam%3D1").await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", "jana@centre.test"),
        ("password", PASSWORD),
        ("next", "/?team=1"),
    ];
    assert_redirects_to(&app.post_form("/login", &fields).await, "/?team=1");
    let other = spawn_app().await;
    make_user(&other.db, "jana@centre.test", Role::Consultant).await;
    let csrf = other.csrf("/login").await;
    let evil = [
        ("csrf", csrf.as_str()),
        ("email", "jana@centre.test"),
        ("password", PASSWORD),
        ("next", "//evil.test/"),
    ];
    assert_redirects_to(&other.post_form("/login", &evil).await, "/");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let wrong = app
        .sign_in("jana@centre.test", "not the password at all")
        .await;
    assert_eq!(wrong.status(), 401);
    let wrong_text = wrong.text().await.unwrap();
    let unknown = app
        .sign_in("nobody@centre.test", "not the password at all")
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown_text = unknown.text().await.unwrap();
    assert!(wrong_text.contains("The e-mail or password is not right."));
    assert_eq!(
        wrong_text
            .replace(&csrf_in(&wrong_text), "")
            .replace("jana@centre.test", ""),
        unknown_text
            .replace(&csrf_in(&unknown_text), "")
            .replace("nobody@centre.test", "")
    );
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_with_429() {
    let app = spawn_app_with(|c| c.throttle_per_account = 3).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for _ in 0..3 {
        assert_eq!(
            app.sign_in("jana@centre.test", "guessing wrongly now")
                .await
                .status(),
            401
        );
    }
    let throttled = app.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(throttled.status(), 429);
    assert!(
        throttled
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-ins")
    );
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
}

#[tokio::test]
async fn repeated_failures_from_one_address_throttle_every_account() {
    let app = spawn_app_with(|c| c.throttle_per_address = 3).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for n in 0..3 {
        app.sign_in(&format!("guess{n}@centre.test"), "guessing wrongly now")
            .await;
    }
    assert_eq!(
        app.sign_in("jana@centre.test", PASSWORD).await.status(),
        429
    );
}

#[tokio::test]
async fn sign_in_without_or_with_a_wrong_csrf_token_is_refused() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.get("/login").await;
    let none = app
        .post_form(
            "/login",
            &[("email", "jana@centre.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(none.status(), 403);
    let wrong = app
        .post_form(
            "/login",
            &[
                ("csrf", "forged"),
                ("email", "jana@centre.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 403);
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let csrf = app.csrf("/login").await;
    let res = app
        .client
        .post(app.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "jana@centre.test"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_dies_at_sign_out() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let login_page = app.get("/login").await;
    let before = cookie(&login_page);
    let csrf = csrf_in(&login_page.text().await.unwrap());
    let res = app
        .post_form(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", "jana@centre.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let after = cookie(&res).expect("a new session cookie");
    assert_ne!(
        before,
        Some(after.clone()),
        "session fixation: the id did not change"
    );
    let csrf = app.csrf("/").await;
    assert_redirects_to(
        &app.post_form("/logout", &[("csrf", &csrf)]).await,
        "/login",
    );
    let stolen = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let replay = stolen
        .get(app.url("/cases"))
        .header("cookie", format!("softland_session={after}"))
        .send()
        .await
        .unwrap();
    assert_redirects_to(&replay, "/login?next=/cases");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let res = app.get("/login").await;
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(!set.contains("Secure"), "no HTTPS configured: {set}");
    let https = spawn_app_with(|c| c.public_url = Some("https://expat.example.cz".into())).await;
    let set = https.get("/login").await.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set.contains("Secure"), "{set}");
}

#[tokio::test]
async fn a_deactivated_account_is_signed_out_at_once() {
    let app = spawn_app().await;
    let id = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(app.get("/").await.status(), 200);
    softland_web::db::users::set_active(&app.db, id, false)
        .await
        .unwrap();
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
    assert_eq!(
        app.sign_in("jana@centre.test", PASSWORD).await.status(),
        401
    );
}

#[tokio::test]
async fn the_absolute_lifetime_ends_a_busy_session() {
    let app = spawn_app_with(|c| c.session_absolute = std::time::Duration::from_secs(0)).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
}

#[tokio::test]
async fn an_expat_may_not_open_the_staff_dashboard() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    app.sign_in("priya@mail.test", PASSWORD).await;
    // The home address takes an expat to their own pages; staff pages refuse them.
    assert_redirects_to(&app.get("/").await, "/my");
    assert_eq!(app.get("/cases").await.status(), 403);
}

fn cookie(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let text = v.to_str().ok()?;
        let value = text.strip_prefix("softland_session=")?;
        Some(value.split(';').next()?.to_owned())
    })
}

#[tokio::test]
async fn a_form_posted_while_signed_out_does_not_become_the_return_address() {
    let app = spawn_app().await;
    let csrf = app.csrf("/login").await;
    let res = app
        .post_form(
            "/cases/1/notes",
            &[("csrf", &csrf), ("body", "x"), ("visibility", "internal")],
        )
        .await;
    assert_redirects_to(&res, "/login");
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_deactivated_or_demoted() {
    use softland_web::db::users;
    let app = spawn_app().await;
    let only = make_user(&app.db, "petra@centre.test", Role::Admin).await;
    let refused = users::set_active(&app.db, only, false).await.unwrap_err();
    assert!(
        refused.to_string().contains("at least one active admin"),
        "{refused}"
    );
    assert!(
        users::set_role(&app.db, only, Role::Consultant)
            .await
            .is_err()
    );
    let second = make_user(&app.db, "martin@centre.test", Role::Admin).await;
    users::set_role(&app.db, only, Role::Consultant)
        .await
        .unwrap();
    assert!(
        users::set_active(&app.db, second, false).await.is_err(),
        "martin is now the only admin"
    );
}

#[tokio::test]
async fn a_taken_email_is_refused_not_a_server_error() {
    use softland_web::db::users::{self, NewUser};
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let again = NewUser {
        email: "JANA@centre.test",
        display_name: "Jana",
        role: Role::Consultant,
        password_hash: None,
    };
    let err = users::create(&app.db, again).await.unwrap_err();
    assert!(err.to_string().contains("exists already"), "{err}");
}

#[tokio::test]
async fn an_unknown_email_costs_about_as_long_as_a_wrong_password() {
    let app = spawn_app_with(|c| c.throttle_per_account = 100).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let mut timings = [std::time::Duration::ZERO; 2];
    // Interleaved, so that load on the machine affects both alike.
    for round in 0..6 {
        for (slot, email) in ["jana@centre.test", "nobody@centre.test"]
            .into_iter()
            .enumerate()
        {
            let started = std::time::Instant::now();
            assert_eq!(
                app.sign_in(email, &format!("wrong guess number {round}"))
                    .await
                    .status(),
                401
            );
            timings[slot] += started.elapsed();
        }
    }
    let (known, unknown) = (timings[0].as_secs_f64(), timings[1].as_secs_f64());
    // Both verify one argon2id hash; without the dummy hash the unknown e-mail would be ~10x faster.
    assert!(
        unknown > known / 2.5 && unknown < known * 2.5,
        "wrong password {known:.3}s vs unknown e-mail {unknown:.3}s"
    );
}

#[tokio::test]
async fn sign_ins_beyond_the_hashing_queue_are_told_to_retry_and_count_as_no_failure() {
    let app = spawn_app_with(|c| {
        c.hashing_concurrency = 1;
        c.hashing_queue = 0;
    })
    .await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    // Sixteen colleagues, each in a browser of their own, sign in at once; one password
    // check runs at a time and none may wait.
    let mut posts = tokio::task::JoinSet::new();
    for n in 0..16 {
        let email = format!("colleague{n}@centre.test");
        make_user(&app.db, &email, Role::Consultant).await;
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = client.get(app.url("/login")).send().await.unwrap();
        let csrf = csrf_in(&page.text().await.unwrap());
        let url = app.url("/login");
        posts.spawn(async move {
            let fields = [
                ("csrf", csrf.as_str()),
                ("email", email.as_str()),
                ("password", PASSWORD),
            ];
            let res = client.post(url).form(&fields).send().await.unwrap();
            let retry = res.headers().get("retry-after").cloned();
            (
                res.status().as_u16(),
                retry,
                res.text().await.unwrap(),
                email,
            )
        });
    }
    let (mut signed_in, mut told_to_retry) = (0, 0);
    while let Some(answer) = posts.join_next().await {
        match answer.unwrap() {
            (303, _, _, _) => signed_in += 1,
            (503, retry, body, email) => {
                assert_eq!(retry.unwrap(), "5");
                assert!(body.contains("Please try again in a few seconds"), "{body}");
                assert!(body.contains(&format!("value=\"{email}\"")), "{body}");
                told_to_retry += 1;
            }
            (status, _, body, _) => panic!("answered {status}: {body}"),
        }
    }
    assert!(signed_in >= 1, "nobody signed in");
    assert!(told_to_retry >= 1, "all {signed_in} waited");
    // The refused attempts checked no password, so none counts towards throttling.
    let since = chrono::Utc::now() - chrono::Duration::hours(1);
    let counted = softland_web::db::throttle::count_since(&app.db, "address:127.0.0.1", since);
    assert_eq!(counted.await.unwrap(), 0);
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
}
