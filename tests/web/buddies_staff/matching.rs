//! Matching: suggestions ranked with their reasons, proposals refused clearly when the
//! programme's rules say no, and a match ended as not a fit asked for again.

use softland_web::db::buddies;

use super::{
    applicant, ask, invitation, invite, mails_to, post, propose, request_fields, request_of, setup,
};
use crate::messages::{household, page};
use crate::support::assert_redirects_to;

#[tokio::test]
async fn suggestions_are_ranked_best_first_with_their_reasons_in_words() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let ben = applicant(&p.app, "Ben Okafor", "ben@mail.test").await;
    let approve = format!("/buddies/ambassadors/{ben}/status");
    post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors", &approve),
        &[("status", "active")],
    )
    .await;
    let mut czech = invitation("Petr Novák", "petr@mail.test");
    czech[3] = ("language", "Czech");
    czech[5] = ("language", "Polish");
    invite(&p, &czech).await;
    assert_eq!(
        ask(&p.app, &p.app.client, p.case, &request_fields())
            .await
            .status()
            .as_u16(),
        303
    );
    let id = request_of(&p.app, p.case).await;
    let (status, html) = page(&p.app, &p.cora, &format!("/buddies/requests/{id}")).await;
    assert_eq!(status, 200);
    let first = html.find("Anita Desai</a>").unwrap();
    let second = html.find("Ben Okafor</a>").unwrap();
    assert!(
        first < second,
        "Anita (Hindi, same district) ranks above Ben"
    );
    assert!(
        html.contains("speaks Hindi and English; same district; helps with housing; 1 of 1 place free; 4 years in Ostrava"),
        "{html}"
    );
    assert!(html.contains("speaks English; 2 of 2 places free; 2 years in Ostrava"));
    assert!(html.contains("Not suggested") && html.contains("speaks none of the newcomer"));
    assert!(html.contains(&format!(r#"name="ambassador" value="{anita}""#)));
    assert!(html.contains("Propose <span class=\"sr-only\">Anita Desai</span>"));
}

#[tokio::test]
async fn proposing_beyond_an_ambassadors_places_is_refused_with_the_reason() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let first = request_of(&p.app, p.case).await;
    let res = propose(&p, first, anita).await;
    assert_redirects_to(&res, &format!("/buddies/requests/{first}?done=proposed"));
    let proposed = mails_to(&p.app, "anita@mail.test").await;
    assert!(
        proposed.iter().any(|m| m.body.contains("/buddy")),
        "Anita is told"
    );

    let (raj_case, _) = household(&p.app, p.jana, "raj@mail.test", "Raj Kumar").await;
    ask(&p.app, &p.app.client, raj_case, &request_fields()).await;
    let second = request_of(&p.app, raj_case).await;
    let (_, html) = page(&p.app, &p.cora, &format!("/buddies/requests/{second}")).await;
    assert!(html.contains("full: 1 of 1 place taken"), "{html}");
    let res = propose(&p, second, anita).await;
    assert_eq!(res.status().as_u16(), 409);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Every place of this ambassador is taken"),
        "{html}"
    );
    assert!(
        html.contains("A buddy for Raj Kumar"),
        "the request page, as it is now"
    );
    let stored = buddies::get_match(&p.app.db, second).await.unwrap();
    assert_eq!(stored.ambassador, None, "nothing was proposed");
}

#[tokio::test]
async fn proposing_an_ambassador_that_does_not_exist_or_on_a_stale_page_is_refused_clearly() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let unknown = propose(&p, id, 9999).await;
    assert_eq!(unknown.status().as_u16(), 422);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("Ambassador: choose one of the values offered.")
    );
    let path = format!("/buddies/requests/{id}");
    let stale = post(
        &p.app,
        &p.cora,
        (&path, &format!("{path}/propose")),
        &[("version", "7"), ("ambassador", &anita.to_string())],
    )
    .await;
    assert_eq!(stale.status().as_u16(), 409);
    assert!(
        stale
            .text()
            .await
            .unwrap()
            .contains("Below is how it is now")
    );
}

#[tokio::test]
async fn ending_a_match_as_not_a_fit_lets_the_newcomer_be_asked_for_again() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    propose(&p, id, anita).await;
    let again = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_eq!(
        again.status().as_u16(),
        409,
        "an open request is not asked twice"
    );
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("has asked for a buddy already")
    );

    let path = format!("/buddies/requests/{id}");
    let res = post(
        &p.app,
        &p.cora,
        (&path, &format!("{path}/end")),
        &[("reason", "not_a_fit"), ("note", "Different schedules")],
    )
    .await;
    assert_redirects_to(&res, &format!("{path}?done=ended"));
    let (_, html) = page(&p.app, &p.cora, &path).await;
    assert!(html.contains("ended: not a fit") && html.contains("Different schedules"));
    let again_href = format!("/cases/{}/buddy?again={id}", p.case);
    assert!(html.contains(&again_href), "{html}");
    let (_, form) = page(&p.app, &p.app.client, &again_href).await;
    assert!(
        form.contains(r#"value="Hindi, English""#),
        "the form starts from the request"
    );
    assert!(
        !form.contains(r#"name="consent" value="yes" checked"#),
        "consent is asked again"
    );
    let res = ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    assert_redirects_to(&res, &format!("/cases/{}?at=buddy#buddy", p.case));
    let (_, programme) = page(&p.app, &p.cora, "/buddies").await;
    assert!(
        programme.contains("1 request is waiting for a buddy"),
        "{programme}"
    );
}

#[tokio::test]
async fn proposing_a_paused_ambassador_is_refused_and_the_page_says_why_they_are_not_suggested() {
    let p = setup().await;
    let anita = invite(&p, &invitation("Anita Desai", "anita@mail.test")).await;
    let status = format!("/buddies/ambassadors/{anita}/status");
    let paused = post(
        &p.app,
        &p.cora,
        ("/buddies/ambassadors", &status),
        &[("status", "paused"), ("back", "profile")],
    )
    .await;
    assert_redirects_to(
        &paused,
        &format!("/buddies/ambassadors/{anita}?done=paused"),
    );
    ask(&p.app, &p.app.client, p.case, &request_fields()).await;
    let id = request_of(&p.app, p.case).await;
    let (_, html) = page(&p.app, &p.cora, &format!("/buddies/requests/{id}")).await;
    assert!(
        html.contains("No ambassador can take Priya Sharma now"),
        "{html}"
    );
    assert!(html.contains("Anita Desai</a></td><td data-label=\"Why not\">paused"));
    let res = propose(&p, id, anita).await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This ambassador is not active")
    );
}
