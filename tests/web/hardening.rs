//! Hardening, round 2 (issue 24): each test drives one attack found by the attack run and
//! checks the defence. Floods are bounded by what they leave behind (rows, bytes, closed
//! connections), never by wall time.

mod accounts;
mod links;
mod sign_in;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{PASSWORD, make_user, spawn_app, spawn_app_with};
use softland_web::auth::Role;

const SCRAPE: &str = "scrape-secret-for-tests";

#[tokio::test]
async fn metrics_need_their_token() {
    let open = spawn_app().await;
    assert_eq!(
        open.get("/metrics").await.status(),
        404,
        "off without a token"
    );
    let app = spawn_app_with(|c| c.metrics_token = Some(SCRAPE.to_owned().into())).await;
    assert_eq!(app.get("/metrics").await.status(), 404);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    let right = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(SCRAPE)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn invented_methods_do_not_grow_the_metrics() {
    let app = spawn_app_with(|c| c.metrics_token = Some(SCRAPE.to_owned().into())).await;
    for n in 0..300 {
        let method = format!("X{n}{}", "M".repeat(20 * 1024));
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let res = app
            .client
            .request(method, app.url("/login"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
    }
    let text = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(SCRAPE)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains(r#"method="other""#), "{text}");
    assert!(!text.contains("MMMM"), "no invented method is kept");
    assert!(
        text.len() < 20_000,
        "300 invented methods of 20 KB left {} bytes of metrics",
        text.len()
    );
}

/// Opens a connection and sends the start of a request head, never its end.
async fn half_a_request(addr: std::net::SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    stream
}

/// Whether the server closes `stream` (EOF or reset) within `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let app = spawn_app_with(|c| c.header_read_timeout = Duration::from_millis(500)).await;
    let mut slow = half_a_request(app.addr).await;
    assert!(
        closed_within(&mut slow, Duration::from_secs(20)).await,
        "the server keeps a connection whose headers never end"
    );
}

#[tokio::test]
async fn slow_clients_beyond_the_connection_cap_do_not_lock_others_out() {
    let app = spawn_app_with(|c| {
        c.header_read_timeout = Duration::from_millis(500);
        c.max_connections = 8;
    })
    .await;
    let mut slow = Vec::new();
    for _ in 0..8 {
        slow.push(half_a_request(app.addr).await);
    }
    // Every slot is taken by a client that will never finish; a real one still gets in
    // once the slow ones are cut off.
    let res = tokio::time::timeout(Duration::from_secs(20), app.get("/healthz"))
        .await
        .expect("a real client is served");
    assert_eq!(res.status(), 200);
    for stream in &mut slow {
        assert!(closed_within(stream, Duration::from_secs(20)).await);
    }
}

#[tokio::test]
async fn a_body_that_never_arrives_is_not_waited_for() {
    let app = spawn_app_with(|c| c.body_read_timeout = Duration::from_millis(500)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=",
        )
        .await
        .unwrap();
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut answer))
        .await
        .expect("an answer")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]);
    assert!(
        head.starts_with("HTTP/1.1 408") || head.starts_with("HTTP/1.1 400"),
        "the server stops waiting for the body: {head}"
    );
}

#[tokio::test]
async fn visitors_who_do_not_sign_in_leave_no_session_rows() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for _ in 0..50 {
        let fresh = reqwest::Client::new();
        fresh.get(app.url("/login")).send().await.unwrap();
        fresh.get(app.url("/password/forgot")).send().await.unwrap();
        let refused = fresh
            .post(app.url("/login"))
            .form(&[("csrf", "forged"), ("email", "x@y.z"), ("password", "p")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
    let wrong = app
        .sign_in("jana@centre.test", "not the password at all")
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(softland_web::db::sessions::count(&app.db).await.unwrap(), 0);
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    assert_eq!(
        softland_web::db::sessions::count(&app.db).await.unwrap(),
        1,
        "a session is stored at sign-in"
    );
    assert_eq!(app.get("/").await.status(), 200);
}

#[tokio::test]
async fn a_login_form_without_its_visitor_cookie_is_refused() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let page = reqwest::Client::new()
        .get(app.url("/login"))
        .send()
        .await
        .unwrap();
    let csrf = crate::support::csrf_in(&page.text().await.unwrap());
    // The token without the cookie it was signed for (another browser, a forged post).
    let res = reqwest::Client::new()
        .post(app.url("/login"))
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
async fn expired_rows_are_purged() {
    use softland_web::db::{purge, throttle};
    let app = spawn_app_with(|c| c.session_idle = Duration::from_secs(1)).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    // Expiry is what is under test: waiting past it is the point.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let rule = throttle::Rule {
        key: "address:192.0.2.1".into(),
        limit: 5,
        window: chrono::Duration::minutes(15),
        counting: throttle::Counting::Reserved,
    };
    let kept = throttle::reserve(&app.db, &[rule]).await.unwrap().unwrap();
    throttle::keep(&app.db, kept).await.unwrap();
    let purged = purge::run_once(&app.db).await.unwrap();
    assert_eq!(purged.sessions, 1);
    assert_eq!(softland_web::db::sessions::count(&app.db).await.unwrap(), 0);
    assert_eq!(purged.failures, 0, "a failure in its window stays");
}

#[tokio::test]
async fn a_body_trickled_past_its_deadline_is_not_waited_for() {
    let app = spawn_app_with(|c| c.body_read_timeout = Duration::from_millis(800)).await;
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write
        .write_all(
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n",
        )
        .await
        .unwrap();
    // A byte every 100 ms: never a silence long enough for a per-read timeout.
    let trickle = tokio::spawn(async move {
        for _ in 0..200 {
            if write.write_all(b"a").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut answer = vec![0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), read.read(&mut answer))
        .await
        .expect("answered before the body is complete")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]);
    assert!(head.starts_with("HTTP/1.1 4"), "{head}");
    trickle.abort();
}

#[tokio::test]
async fn one_address_cannot_hold_every_connection() {
    let app = spawn_app_with(|c| {
        c.header_read_timeout = Duration::from_mins(1);
        c.max_connections_per_address = 4;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(half_a_request(app.addr).await);
    }
    let mut fifth = half_a_request(app.addr).await;
    assert!(
        closed_within(&mut fifth, Duration::from_secs(10)).await,
        "a fifth connection from the same address is refused at once"
    );
    drop(held);
    let res = tokio::time::timeout(Duration::from_secs(10), app.get("/healthz"))
        .await
        .expect("slots come back when connections close");
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn refused_sign_ins_write_nothing() {
    use softland_web::db::throttle;
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    for _ in 0..5 {
        let res = app
            .sign_in("jana@centre.test", "not the password at all")
            .await;
        assert_eq!(res.status(), 401);
    }
    let since = chrono::Utc::now() - chrono::Duration::hours(2);
    let keys = [
        "pair:jana@centre.test|127.0.0.1",
        "address:127.0.0.1",
        "account:jana@centre.test",
    ];
    let mut before = Vec::new();
    for key in keys {
        before.push(throttle::count_since(&app.db, key, since).await.unwrap());
    }
    assert_eq!(before, [5, 5, 5]);
    for _ in 0..10 {
        let res = app
            .sign_in("jana@centre.test", "not the password at all")
            .await;
        assert_eq!(res.status(), 429);
    }
    for (key, was) in keys.iter().zip(before) {
        assert_eq!(
            throttle::count_since(&app.db, key, since).await.unwrap(),
            was,
            "{key}"
        );
    }
}

#[tokio::test]
async fn an_overlong_email_is_a_wrong_sign_in_not_a_server_error() {
    let app = spawn_app().await;
    for length in [300, 100_000] {
        let email = format!("{}@centre.test", "x".repeat(length));
        let res = app.sign_in(&email, "not the password at all").await;
        assert_eq!(res.status(), 401, "{length}");
    }
}
