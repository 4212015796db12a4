//! An ambassador's call for the centre's help shows on the dashboard of the newcomer's
//! consultant (and every admin's, and the programme page) until someone marks it handled.

use softland_web::auth::Role;
use softland_web::db::buddies;

use super::{
    Programme, accept, ask, invitation, invite, post, propose, request_fields, request_of, setup,
};
use crate::messages::{page, signed_in};
use crate::support::{assert_redirects_to, make_user};

/// Anita looks after Priya and asks for the centre's help in a check-in; returns its id.
async fn call_for_help(p: &Programme) -> i64 {
    let anita = invite(p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    propose(p, id, anita).await;
    accept(&p.app, id, anita).await;
    let found = buddies::ambassador(&p.app.db, softland_web::ids::AmbassadorId(anita))
        .await
        .unwrap();
    let checkin = buddies::NewCheckIn {
        id,
        ambassador: found.id,
        author: found.user,
        met_on: crate::support::date(2027, 1, 3),
        body: "Her landlord keeps the deposit; she needs advice.",
        needs_help: true,
        notify: Vec::new(),
    };
    buddies::check_in(&p.app.db, checkin).await.unwrap().0
}

#[tokio::test]
async fn the_dashboard_shows_no_help_panel_when_nobody_asks() {
    let p = setup().await;
    let (status, html) = page(&p.app, &p.app.client, "/").await;
    assert_eq!(status, 200);
    assert!(!html.contains("Buddies ask for the centre"));
}

#[tokio::test]
async fn a_call_for_help_shows_on_the_consultants_dashboard_until_handled() {
    let p = setup().await;
    let checkin = call_for_help(&p).await;
    let (_, html) = page(&p.app, &p.app.client, "/").await;
    assert!(html.contains("Buddies ask for the centre's help"), "{html}");
    assert!(html.contains("Her landlord keeps the deposit"));
    assert!(html.contains("Anita Desai met them Sun 3 Jan 2027"));
    assert!(html.contains(&format!(r#"action="/help-calls/{checkin}/handled""#)));

    make_user(&p.app.db, "olga@centre.test", Role::Consultant).await;
    let olga = signed_in(&p.app, "olga@centre.test").await;
    let (_, other) = page(&p.app, &olga, "/").await;
    assert!(!other.contains("Her landlord"), "not Olga's case");
    make_user(&p.app.db, "ada@centre.test", Role::Admin).await;
    let ada = signed_in(&p.app, "ada@centre.test").await;
    let (_, admin) = page(&p.app, &ada, "/").await;
    assert!(admin.contains("Her landlord"), "an admin sees every call");
    let (_, programme) = page(&p.app, &p.cora, "/buddies").await;
    assert!(programme.contains("Her landlord") && programme.contains("Sun 3 Jan 2027"));

    let res = post(
        &p.app,
        &p.app.client,
        ("/", &format!("/help-calls/{checkin}/handled")),
        &[("back", "dashboard")],
    )
    .await;
    assert_redirects_to(&res, "/");
    let (_, html) = page(&p.app, &p.app.client, "/").await;
    assert!(!html.contains("Her landlord"), "handled: gone");
    let (_, programme) = page(&p.app, &p.cora, "/buddies").await;
    assert!(!programme.contains("Her landlord"));
}

#[tokio::test]
async fn only_staff_mark_a_call_handled() {
    let p = setup().await;
    let checkin = call_for_help(&p).await;
    let expat = signed_in(&p.app, "priya@mail.test").await;
    let res = post(
        &p.app,
        &expat,
        ("/my", &format!("/help-calls/{checkin}/handled")),
        &[],
    )
    .await;
    assert_eq!(res.status().as_u16(), 403);
    let open = buddies::help_calls(&p.app.db, None).await.unwrap();
    assert_eq!(open.len(), 1);
}

#[tokio::test]
async fn another_consultant_cannot_mark_a_call_handled_and_a_plain_check_in_is_no_call() {
    let p = setup().await;
    let checkin = call_for_help(&p).await;
    make_user(&p.app.db, "olga@centre.test", Role::Consultant).await;
    let olga = signed_in(&p.app, "olga@centre.test").await;
    let res = post(
        &p.app,
        &olga,
        ("/", &format!("/help-calls/{checkin}/handled")),
        &[("back", "dashboard")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 404, "not Olga's case");
    assert_eq!(buddies::help_calls(&p.app.db, None).await.unwrap().len(), 1);
    // The coordinator handles any call (the programme page lists them all).
    let res = post(
        &p.app,
        &p.cora,
        ("/buddies", &format!("/help-calls/{checkin}/handled")),
        &[("back", "buddies")],
    )
    .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(
        buddies::help_calls(&p.app.db, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_ambassador_with_newcomers_keeps_their_account_and_pausing_never_reopens_one() {
    let p = setup().await;
    call_for_help(&p).await;
    let anita = buddies::ambassadors(&p.app.db).await.unwrap().remove(0);
    make_user(&p.app.db, "ada@centre.test", Role::Admin).await;
    let ada = signed_in(&p.app, "ada@centre.test").await;
    let res = post(
        &p.app,
        &ada,
        (
            "/admin/users",
            &format!("/admin/users/{}/active", anita.user),
        ),
        &[("active", "false")],
    )
    .await;
    // Refused beside the account, like the admin page's other refusals.
    assert_eq!(
        res.status().as_u16(),
        422,
        "Priya would keep a buddy who cannot sign in"
    );
    assert!(res.text().await.unwrap().contains("looks after 1 newcomer"));
    assert!(users_active(&p, anita.user).await);
    // Without newcomers an admin may deactivate her; the coordinator's pause and resume
    // leave the account deactivated.
    let request = request_of(&p.app, p.case).await;
    let end = buddies::Step {
        id: request,
        version: None,
        event: softland_domain::buddy::MatchEvent::End(softland_domain::buddy::EndReason::Settled),
        actor: anita.user,
        ambassador: None,
        note: None,
        today: crate::support::date(2027, 1, 4),
        only_ambassador: None,
        notify: Vec::new(),
    };
    buddies::step(&p.app.db, end).await.unwrap();
    softland_web::db::users::set_active(&p.app.db, anita.user, false)
        .await
        .unwrap();
    for status in ["paused", "active"] {
        let res = post(
            &p.app,
            &p.cora,
            (
                "/buddies/ambassadors",
                &format!("/buddies/ambassadors/{}/status", anita.id),
            ),
            &[("status", status)],
        )
        .await;
        assert!(res.status().is_redirection(), "{status}: {}", res.status());
        assert!(
            !users_active(&p, anita.user).await,
            "{status} reopened the account"
        );
    }
}

async fn users_active(p: &Programme, user: softland_web::ids::UserId) -> bool {
    softland_web::db::users::get(&p.app.db, user)
        .await
        .unwrap()
        .active
}
