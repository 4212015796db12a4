//! A request's whole life through the API: ranked suggestions, a proposal (409 beyond the
//! ambassador's places), the ambassador's answer, the end and the feedback; withdrawing the
//! consent; an ambassador's call for the centre's help.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;
use softland_web::db::buddies;
use softland_web::ids::{AmbassadorId, MatchId};

use super::{accept, ambassador_body, coordinator_api, household, invite, request_body};
use crate::api::{Api, error_of, today};

/// The status and JSON of `method path` with `body` and `token`.
async fn call(
    api: &Api,
    method: Method,
    path: String,
    body: Value,
    token: &str,
) -> (StatusCode, Value) {
    let res = api.send_as(method, path, body, token).await;
    (res.status(), res.json().await.unwrap())
}

/// The household ends request `id` as settled and rates it: feedback is refused before.
async fn end_and_rate(api: &Api, id: i64, priya: &str) {
    let feedback = format!("/buddy-requests/{id}/feedback");
    let (early, _) = call(
        api,
        Method::POST,
        feedback.clone(),
        json!({"rating": 5}),
        priya,
    )
    .await;
    assert_eq!(early, StatusCode::CONFLICT, "feedback comes at the end");
    let end = json!({"reason": "settled"});
    let (_, ended) = call(
        api,
        Method::POST,
        format!("/buddy-requests/{id}/end"),
        end,
        priya,
    )
    .await;
    assert_eq!(
        (ended["state"].as_str(), ended["end_reason"].as_str()),
        (Some("ended"), Some("settled"))
    );
    assert!(ended["buddy"].is_null() && ended["may_give_feedback"] == true);
    let rating = json!({"rating": 5, "comment": "Anita found us a flat."});
    let (status, rated) = call(api, Method::POST, feedback, rating, priya).await;
    assert_eq!((status, &rated["rating"]), (StatusCode::OK, &json!(5)));
}

#[tokio::test]
async fn a_request_is_matched_from_ranked_suggestions_accepted_ended_and_rated() {
    let api = coordinator_api().await;
    let (case, priya) = household(&api).await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 1).await;
    let mut far = ambassador_body("Tom Berg", "tom@buddy.test", 3);
    far["languages"] = json!([{"language": "English", "level": "fluent"}]);
    far["district"] = json!("Zábřeh");
    api.send(Method::POST, "/ambassadors", far).await;

    let ask = format!("/cases/{case}/buddy-requests");
    let (status, created) = call(&api, Method::POST, ask.clone(), request_body(0), &priya).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        (created["state"].as_str(), created["newcomer"].as_str()),
        (Some("requested"), Some("Priya Sharma"))
    );

    let ranked = api
        .get_json(format!("/buddy-requests/{id}/suggestions"))
        .await;
    let first = &ranked["suggestions"][0];
    assert_eq!(first["ambassador"]["id"], anita);
    for reason in ["speaks Hindi and English", "same district"] {
        assert!(
            first["reasons"]
                .as_array()
                .unwrap()
                .contains(&json!(reason)),
            "{first}"
        );
    }
    assert!(first["score"].as_u64() > ranked["suggestions"][1]["score"].as_u64());

    let proposal = json!({"ambassador": anita});
    let (status, _) = call(
        &api,
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        proposal.clone(),
        &api.token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let theirs: Value = api
        .get_as(format!("/buddy-requests/{id}"), &priya)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["state"], "proposed");
    assert!(
        theirs["ambassador"].is_null() && theirs["buddy"].is_null(),
        "the household is not told who, before they accept: {theirs}"
    );

    // Arjun (the spouse) asks too: Anita's one place is taken.
    let (_, second) = call(&api, Method::POST, ask, request_body(1), &api.token).await;
    let beyond = api
        .send(
            Method::POST,
            format!("/buddy-requests/{}/proposal", second["id"]),
            proposal,
        )
        .await;
    let (code, error) = error_of(beyond).await;
    assert_eq!(
        (code, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("refused"))
    );
    assert!(
        error["message"].as_str().unwrap().contains("every place"),
        "{error}"
    );

    accept(&api, anita, id).await;
    let matched: Value = api
        .get_as(format!("/buddy-requests/{id}"), &priya)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(matched["state"], "accepted");
    assert_eq!(
        (
            matched["buddy"]["name"].as_str(),
            matched["buddy"]["email"].as_str()
        ),
        (Some("Anita Rao"), Some("anita@buddy.test"))
    );
    end_and_rate(&api, id, &priya).await;

    let figures = api.get_json("/buddy-programme").await;
    assert_eq!(figures["ended_by_reason"]["settled"], 1);
    assert_eq!(figures["average_rating"], 5.0);
    assert_eq!(figures["open_requests"][0]["id"], second["id"]);
}

#[tokio::test]
async fn withdrawing_consent_ends_the_match_at_once_and_records_it() {
    let api = coordinator_api().await;
    let (case, priya) = household(&api).await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        json!({"ambassador": anita}),
    )
    .await;
    accept(&api, anita, id).await;
    let res = api
        .send_as(
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "withdrawn"}),
            &priya,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended: Value = res.json().await.unwrap();
    assert_eq!(ended["end_reason"], "withdrawn");
    assert_eq!(ended["consent_withdrawn"], true);
    let stored = buddies::get_match(&api.app.db, MatchId(id)).await.unwrap();
    assert!(stored.consent_withdrawn && !stored.state.shares_with_ambassador());
    let again = api
        .send_as(
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "withdrawn"}),
            &priya,
        )
        .await;
    assert_eq!(error_of(again).await.0, StatusCode::CONFLICT);
    let anitas = api.get_json(format!("/ambassadors/{anita}")).await;
    assert_eq!(anitas["load"], 0, "the place is free again");
}

#[tokio::test]
async fn a_call_for_help_shows_for_the_consultant_until_handled() {
    let api = coordinator_api().await;
    let (case, _) = household(&api).await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        json!({"ambassador": anita}),
    )
    .await;
    accept(&api, anita, id).await;
    let author = buddies::ambassador(&api.app.db, AmbassadorId(anita))
        .await
        .unwrap()
        .user;
    let call = buddies::check_in(
        &api.app.db,
        buddies::NewCheckIn {
            id: MatchId(id),
            ambassador: AmbassadorId(anita),
            author,
            met_on: today(),
            body: "The landlord wants a deposit of three months.",
            needs_help: true,
            notify: Vec::new(),
        },
    )
    .await
    .unwrap();
    let calls = api.get_json("/buddy-help-calls").await;
    assert_eq!(calls["help_calls"][0]["id"], call.0);
    assert_eq!(calls["help_calls"][0]["newcomer"], "Priya Sharma");
    assert_eq!(calls["help_calls"][0]["ambassador"], "Anita Rao");
    let (_, petr) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let theirs: Value = api
        .get_as("/buddy-help-calls", &petr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["help_calls"], json!([]), "another consultant's case");
    let handled = api
        .send(
            Method::POST,
            format!("/buddy-help-calls/{}/handled", call.0),
            json!({}),
        )
        .await;
    assert_eq!(handled.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.get_json("/buddy-help-calls").await["help_calls"],
        json!([])
    );
}

#[tokio::test]
async fn an_ambassador_is_told_when_the_household_ends_and_cannot_be_declined_while_busy() {
    let api = coordinator_api().await;
    let (case, priya) = household(&api).await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let ask = format!("/cases/{case}/buddy-requests");
    let (_, created) = call(&api, Method::POST, ask, request_body(0), &priya).await;
    let id = created["id"].as_i64().unwrap();
    let (status, _) = call(
        &api,
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        json!({"ambassador": anita}),
        &api.token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    accept(&api, anita, id).await;
    // Declining Anita now would leave Priya with a buddy who cannot sign in.
    let declined = api
        .send(
            Method::PUT,
            format!("/ambassadors/{anita}/status"),
            json!({"status": "declined"}),
        )
        .await;
    let (code, error) = error_of(declined).await;
    assert_eq!(code, StatusCode::CONFLICT, "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("looks after 1 newcomer")
    );
    // Priya withdraws: Anita is told (first name and why; never a note), then may be declined.
    let (status, _) = call(
        &api,
        Method::POST,
        format!("/buddy-requests/{id}/end"),
        json!({"reason": "withdrawn", "note": "private reasons"}),
        &priya,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let filter = softland_web::db::outbox::Filter {
        to: Some("anita@buddy.test".to_owned()),
        ..softland_web::db::outbox::Filter::default()
    };
    let mails = softland_web::db::outbox::list(&api.app.db, &filter, 20)
        .await
        .unwrap();
    let ended = mails
        .iter()
        .find(|m| m.subject == "Your match with Priya has ended")
        .expect("the ambassador is told");
    assert!(ended.body.contains("(withdrawn)"), "{}", ended.body);
    assert!(!ended.body.contains("private reasons") && !ended.body.contains("Sharma"));
    let declined = api
        .send(
            Method::PUT,
            format!("/ambassadors/{anita}/status"),
            json!({"status": "declined"}),
        )
        .await;
    assert_eq!(declined.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_household_ends_only_as_withdrawn_or_settled() {
    let api = coordinator_api().await;
    let (case, priya) = household(&api).await;
    let ask = format!("/cases/{case}/buddy-requests");
    let (_, created) = call(&api, Method::POST, ask, request_body(0), &priya).await;
    let id = created["id"].as_i64().unwrap();
    let end = format!("/buddy-requests/{id}/end");
    for reason in ["not_a_fit", "moved_away"] {
        let res = api
            .send_as(
                Method::POST,
                end.clone(),
                json!({ "reason": reason }),
                &priya,
            )
            .await;
        let (code, error) = error_of(res).await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{reason}: {error}");
        assert_eq!(error["field"], "reason", "{error}");
    }
    let (status, ended) = call(
        &api,
        Method::POST,
        end,
        json!({"reason": "withdrawn"}),
        &priya,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
}
