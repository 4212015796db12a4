//! Conversations (issue 19): a household's expats and the centre write to each other on a
//! case; staff see what is unread in the navigation, on the dashboard, in the case list and
//! on the case page, until a conversation is opened.

mod api;
mod mail;
mod migration;

use softland_domain::person::Email;
use softland_web::auth::Role;
use softland_web::db::{cases, templates, users};
use softland_web::ids::{CaseId, UserId};

use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, csrf_in, date, edited, employee_card_case, make_user,
    spawn_app_with,
};

/// An app on Mon 4 Jan 2027; Jana (consultant, signed in on the app's client) with Priya's
/// case, whose principal has a portal account.
pub struct Setup {
    pub app: TestApp,
    pub case: CaseId,
    pub jana: UserId,
    pub priya: UserId,
}

pub async fn setup_with(adjust: impl FnOnce(&mut softland_web::config::Config)) -> Setup {
    let app = spawn_app_with(|c| {
        c.today_override = Some(date(2027, 1, 4));
        adjust(c);
    })
    .await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let (case, priya) = household(&app, jana, "priya@mail.test", "Priya Sharma").await;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    Setup {
        app,
        case,
        jana,
        priya,
    }
}

async fn setup() -> Setup {
    setup_with(|_| {}).await
}

/// A case of `consultant` whose principal `name` has a portal account at `email`.
pub async fn household(
    app: &TestApp,
    consultant: UserId,
    email: &str,
    name: &str,
) -> (CaseId, UserId) {
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].email = Some(Email::parse(email).unwrap());
        c.people[0].name = softland_domain::person::PersonName::parse(name).unwrap();
    });
    let id = cases::create(&app.db, &case, consultant, consultant, None)
        .await
        .unwrap();
    let user = make_user(&app.db, email, Role::Expat).await;
    let stored = cases::load(&app.db, id).await.unwrap();
    users::link_person(&app.db, stored.person_ids[0], user)
        .await
        .unwrap();
    (id, user)
}

/// A fresh browser signed in as `email`.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = crate::support::sign_in_with(app, &client, email, PASSWORD).await;
    assert!(res.status().is_redirection(), "{email} signs in");
    client
}

pub async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// `client` writes `body` in the conversation at `path` (`/my/cases/1/messages`, or the staff
/// page's); returns the answer.
pub async fn write(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: &str,
) -> reqwest::Response {
    let (_, html) = page(app, client, path).await;
    client
        .post(app.url(path))
        .form(&[("csrf", csrf_in(&html).as_str()), ("body", body)])
        .send()
        .await
        .unwrap()
}

const NAV_ONE: &str = "Messages <strong class=\"badge unread\">(1)</strong>";

#[tokio::test]
async fn a_portal_message_is_unread_for_the_consultant_until_the_conversation_is_opened() {
    let s = setup().await;
    let (app, id) = (&s.app, s.case);
    let expat = signed_in(app, "priya@mail.test").await;
    let mine = format!("/my/cases/{id}/messages");
    let sent = write(app, &expat, &mine, "Is my appointment confirmed?").await;
    assert_redirects_to(&sent, &format!("{mine}#reply"));
    let (_, portal) = page(app, &expat, "/my").await;
    assert!(portal.contains("Waiting for an answer"), "{portal}");

    let (_, dashboard) = page(app, &app.client, "/").await;
    assert!(dashboard.contains(NAV_ONE), "{dashboard}");
    assert!(dashboard.contains("1 case with new messages"));
    assert!(dashboard.contains(&format!(
        "href=\"/cases/{id}/messages\">Priya Sharma</a>: 1 new message"
    )));
    let (_, list) = page(app, &app.client, "/cases").await;
    assert!(list.contains(&format!(
        "<a class=\"badge unread\" href=\"/cases/{id}/messages\">new messages</a>"
    )));
    let (_, only) = page(app, &app.client, "/cases?messages=unread").await;
    assert!(only.contains("1 case."), "{only}");
    let (_, case_page) = page(app, &app.client, &format!("/cases/{id}")).await;
    assert!(case_page.contains("1 new</strong>"));
    assert!(
        case_page.contains("From the household"),
        "the history records the message"
    );

    let (_, thread) = page(app, &app.client, &format!("/cases/{id}/messages")).await;
    assert!(thread.contains("Is my appointment confirmed?"));
    assert!(thread.contains("message-new"), "marked new on this opening");
    assert!(!thread.contains(NAV_ONE), "read once opened");
    let (_, dashboard) = page(app, &app.client, "/").await;
    assert!(!dashboard.contains(NAV_ONE) && !dashboard.contains("with new messages"));
    let (_, only) = page(app, &app.client, "/cases?messages=unread").await;
    assert!(only.contains("No cases match."));
    let (_, again) = page(app, &app.client, &format!("/cases/{id}/messages")).await;
    assert!(!again.contains("message-new"));
}

#[tokio::test]
async fn staff_sessions_share_the_read_state_and_a_reply_reaches_the_portal() {
    let s = setup().await;
    let (app, id) = (&s.app, s.case);
    let expat = signed_in(app, "priya@mail.test").await;
    write(app, &expat, &format!("/my/cases/{id}/messages"), "Hello?").await;
    let other_session = signed_in(app, "jana@centre.test").await;
    let (_, before) = page(app, &other_session, "/cases").await;
    assert!(before.contains(NAV_ONE));
    let staff = format!("/cases/{id}/messages");
    let sent = write(app, &app.client, &staff, "Yes, Monday at 10:00.").await;
    assert_redirects_to(&sent, &format!("{staff}#reply"));
    let (_, after) = page(app, &other_session, "/cases").await;
    assert!(!after.contains(NAV_ONE), "read in the other session too");

    let (_, portal) = page(app, &expat, "/my").await;
    assert!(portal.contains("New reply"), "{portal}");
    let (_, thread) = page(app, &expat, &format!("/my/cases/{id}/messages")).await;
    assert!(thread.contains("Yes, Monday at 10:00."));
    assert!(thread.contains("message-new"));
    let (_, portal) = page(app, &expat, "/my").await;
    assert!(portal.contains("Answered"), "{portal}");
}

#[tokio::test]
async fn only_the_consultant_in_charge_and_admins_count_a_cases_messages() {
    let s = setup().await;
    let (app, id) = (&s.app, s.case);
    make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    make_user(&app.db, "admin@centre.test", Role::Admin).await;
    let expat = signed_in(app, "priya@mail.test").await;
    write(app, &expat, &format!("/my/cases/{id}/messages"), "Hello?").await;
    let petr = signed_in(app, "petr@centre.test").await;
    let (_, theirs) = page(app, &petr, "/").await;
    assert!(!theirs.contains(NAV_ONE) && !theirs.contains("with new messages"));
    let admin = signed_in(app, "admin@centre.test").await;
    let (_, everyone) = page(app, &admin, "/").await;
    assert!(everyone.contains(NAV_ONE), "an admin counts every case");
    let (_, mine) = page(app, &app.client, "/").await;
    assert!(mine.contains(NAV_ONE));
}

#[tokio::test]
async fn an_expat_of_another_household_gets_404() {
    let s = setup().await;
    let (app, id) = (&s.app, s.case);
    household(app, s.jana, "tomas@mail.test", "Tomas Novak").await;
    let tomas = signed_in(app, "tomas@mail.test").await;
    let path = format!("/my/cases/{id}/messages");
    assert_eq!(page(app, &tomas, &path).await.0, 404);
    let (_, own) = page(app, &tomas, "/my").await;
    let res = tomas
        .post(app.url(&path))
        .form(&[("csrf", csrf_in(&own).as_str()), ("body", "hi")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        page(app, &tomas, &format!("/cases/{id}/messages")).await.0,
        403
    );
}

#[tokio::test]
async fn an_over_size_message_is_refused_beside_the_field_with_the_text_kept() {
    let s = setup().await;
    let (app, id) = (&s.app, s.case);
    let expat = signed_in(app, "priya@mail.test").await;
    let long = "x".repeat(10_001);
    for (client, path) in [
        (&expat, format!("/my/cases/{id}/messages")),
        (&app.client, format!("/cases/{id}/messages")),
    ] {
        let res = write(app, client, &path, &long).await;
        assert_eq!(res.status(), 422, "{path}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"message-body-error\">A message has at most 10000 characters and this one has 10001"),
            "{path}"
        );
        assert!(
            html.contains(&format!(">{long}</textarea>")),
            "the text is kept"
        );
    }
    assert!(
        softland_web::db::messages::thread(&app.db, id, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let _ = s.priya;
}

#[tokio::test]
async fn unread_messages_follow_their_case_to_another_consultant() {
    let s = setup().await;
    let expat = signed_in(&s.app, "priya@mail.test").await;
    write(
        &s.app,
        &expat,
        &format!("/my/cases/{}/messages", s.case),
        "Who is my consultant now?",
    )
    .await;
    assert_eq!(
        softland_web::db::messages::count_unread_cases(&s.app.db, Some(s.jana))
            .await
            .unwrap(),
        1
    );
    let petr = make_user(&s.app.db, "petr@centre.test", Role::Consultant).await;
    softland_web::db::cases::reassign(
        &s.app.db,
        s.case,
        softland_web::db::cases::Expect::Any,
        petr,
        s.jana,
    )
    .await
    .unwrap();
    assert_eq!(
        softland_web::db::messages::count_unread_cases(&s.app.db, Some(s.jana))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        softland_web::db::messages::count_unread_cases(&s.app.db, Some(petr))
            .await
            .unwrap(),
        1
    );
}
