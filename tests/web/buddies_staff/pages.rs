//! The coordinator's pages (the programme, ambassadors' invitation and approval) and the
//! case page's Buddy section.

use softland_web::db::buddies;

use super::{
    accept, applicant, ask, invitation, invite, mails_to, post, propose, request_fields,
    request_of, setup,
};
use crate::messages::page;
use crate::support::assert_redirects_to;

#[tokio::test]
async fn an_invited_ambassador_is_active_at_once_and_mailed_a_first_password_link() {
    let p = setup().await;
    let id = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let (status, html) = page(
        &p.app,
        &p.cora,
        &format!("/buddies/ambassadors/{id}?done=invited"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Anita Desai") && html.contains("Active"),
        "{html}"
    );
    assert!(html.contains("0 of 1 place taken"));
    let mails = mails_to(&p.app, "anita@mail.test").await;
    assert_eq!(mails.len(), 1, "one invitation mail");
    assert!(mails[0].link.is_some(), "it carries a first-password link");
}

#[tokio::test]
async fn approving_an_applicant_activates_them_and_mails_a_first_password_link() {
    let p = setup().await;
    let id = applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    let (_, list) = page(&p.app, &p.cora, "/buddies/ambassadors").await;
    assert!(list.contains("Waiting for approval") && list.contains("Ben Okafor"));
    let res = post(
        &p.app,
        &p.cora,
        (
            "/buddies/ambassadors",
            &format!("/buddies/ambassadors/{id}/status"),
        ),
        &[("status", "active"), ("back", "list")],
    )
    .await;
    assert_redirects_to(
        &res,
        &format!("/buddies/ambassadors?done=active#ambassador-{id}"),
    );
    let found = buddies::ambassador(&p.app.db, softland_web::ids::AmbassadorId(id))
        .await
        .unwrap();
    assert_eq!(found.status, buddies::AmbassadorStatus::Active);
    assert!(found.account_active);
    let mails = mails_to(&p.app, "ben@mail.test").await;
    assert!(
        mails.iter().any(|m| m.link.is_some()),
        "an approval mail with a link"
    );
}

#[tokio::test]
async fn the_programme_page_shows_waiting_requests_pairs_load_and_figures() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let (status, html) = page(&p.app, &p.cora, "/buddies").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"aria-current="page">Buddies"#),
        "the nav's section"
    );
    assert!(html.contains("1 request is waiting for a buddy; the longest for less than a day."));
    assert!(html.contains(&format!(
        r#"href="/buddies/requests/{id}">Match Priya Sharma"#
    )));
    assert!(html.contains("0 of 1 place taken"));
    assert!(html.contains("1 ambassador active, 1 place free; 1 applicant waiting for approval."));
    assert!(html.contains("No request has been matched yet"));
    assert!(html.contains("<caption>"));

    propose(&p, id, anita).await;
    accept(&p.app, id, anita).await;
    let (_, html) = page(&p.app, &p.cora, "/buddies").await;
    assert!(html.contains("1 pair is matched"), "{html}");
    assert!(html.contains("From a request to an accepted match takes less than a day on average."));
    assert!(html.contains("1 of 1 place taken"));
    assert!(html.contains("none yet"), "no check-in yet");
}

#[tokio::test]
async fn the_case_page_lists_the_households_requests_and_links_the_form() {
    let p = setup().await;
    let path = format!("/cases/{}", p.case);
    let (_, before) = page(&p.app, &p.app.client, &path).await;
    assert!(before.contains(&format!(
        r#"href="/cases/{}/buddy">Ask for a buddy"#,
        p.case
    )));
    let res = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_redirects_to(&res, &format!("/cases/{}?at=buddy#buddy", p.case));
    let (_, after) = page(&p.app, &p.app.client, &format!("{path}?at=buddy")).await;
    assert!(
        after.contains("Priya Sharma: waiting for a buddy"),
        "{after}"
    );
    assert!(
        after.contains("Asked for a buddy: the programme"),
        "the flash beside the section"
    );
    assert!(
        !after.contains("/buddies/requests/"),
        "Jana does not coordinate: no link"
    );
    let (_, cora_sees) = page(&p.app, &p.cora, &path).await;
    let id = request_of(&p.app, p.case).await;
    assert!(cora_sees.contains(&format!(r#"href="/buddies/requests/{id}""#)));
    let mails = mails_to(&p.app, "cora@centre.test").await;
    assert!(!mails.is_empty(), "the coordinator is told of the request");
    let _ = p.priya;
}
