//! The buddy programme through `/api/v1` (issue 20): a newcomer's request, the coordinator's
//! ranked suggestions and proposal (409 beyond the ambassador's places), the ambassador's
//! answer, the end and the household's feedback; field errors, `If-Match`, and who may do
//! what (another household's request is 404, a consultant without the coordinator
//! permission 403, an ambassador has no API access at all).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_domain::buddy::MatchEvent;
use softland_web::auth::Role;
use softland_web::db::{api_tokens, buddies, reminders};
use softland_web::ids::{AmbassadorId, MatchId, UserId};

use crate::api::{Api, error_of, spawn_api, today};

/// Jana (the API tests' consultant) made a buddy coordinator.
pub async fn coordinator_api() -> Api {
    let api = spawn_api().await;
    reminders::set_buddy_coordinator(&api.app.db, api.jana, true)
        .await
        .unwrap();
    api
}

/// The body of an invitation of an ambassador named `name` at `email`.
pub fn ambassador_body(name: &str, email: &str, capacity: u8) -> Value {
    json!({
        "name": name, "email": email, "consent": true,
        "nationality": "Indian",
        "languages": [{"language": "Hindi", "level": "native"}, {"language": "English", "level": "fluent"}],
        "years_here": 4, "district": "Poruba", "children_at_school": true,
        "helps_with": ["housing", "school"], "capacity": capacity,
        "introduction": "I came for work in 2022 and love showing people around."
    })
}

/// Invites an ambassador through the API; returns their id.
pub async fn invite(api: &Api, name: &str, email: &str, capacity: u8) -> i64 {
    let res = api
        .send(
            Method::POST,
            "/ambassadors",
            ambassador_body(name, email, capacity),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// A request for `person` (0: the principal) who speaks Hindi and English, as sent.
pub fn request_body(person: i64) -> Value {
    json!({
        "person": person, "languages": ["Hindi", "English"], "district": "Poruba",
        "topics": ["housing", "school"], "has_children": true,
        "wishes": "We would love tips on weekend trips.",
        "share_email": true, "consent": true
    })
}

/// The ambassador `id` accepts request `request` (their own pages do this; here the store).
pub async fn accept(api: &Api, id: i64, request: i64) {
    let ambassador = buddies::ambassador(&api.app.db, AmbassadorId(id))
        .await
        .unwrap();
    let step = buddies::Step {
        id: MatchId(request),
        version: None,
        event: MatchEvent::Accept,
        actor: ambassador.user,
        ambassador: None,
        note: None,
        today: today(),
        only_ambassador: Some(AmbassadorId(id)),
        notify: Vec::new(),
    };
    buddies::step(&api.app.db, step).await.unwrap();
}

/// Opens Priya's case and links her account; returns (case, her token).
async fn household(api: &Api) -> (i64, String) {
    let id = api.open_case().await["id"].as_i64().unwrap();
    let (_, token) = api.expat_of(id, "priya@example.com").await;
    (id, token)
}

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
async fn a_wrong_request_is_422_on_each_field_and_nothing_is_stored() {
    let api = coordinator_api().await;
    let mut body = crate::api::new_case_body();
    body["dependants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Anika Sharma", "relation": "child", "date_of_birth": "2019-05-01", "nationality": "Indian"}));
    let case = api.send_json(Method::POST, "/cases", body).await["id"].clone();
    let path = format!("/cases/{case}/buddy-requests");
    let wrong = json!({
        "languages": ["4 languages"], "topics": ["cooking"], "share_phone": true, "consent": false
    });
    let (code, error) = error_of(api.send(Method::POST, &path, wrong).await).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["consent", "languages", "phone", "topics"]);
    for (person, why) in [(7, "no person 7"), (2, "adults")] {
        let (code, error) =
            error_of(api.send(Method::POST, &path, request_body(person)).await).await;
        assert_eq!(
            (code, error["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("person"))
        );
        assert!(error["message"].as_str().unwrap().contains(why), "{error}");
    }
    let (code, error) = error_of(
        api.send(
            Method::POST,
            &path,
            json!({"languages": "Hindi", "topics": [], "consent": true}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("languages"))
    );
    let mut long = request_body(0);
    let names: Vec<String> = "abcdef"
        .chars()
        .map(|c| format!("{c}{}", "x".repeat(39)))
        .collect();
    long["languages"] = json!(names);
    let (code, error) = error_of(api.send(Method::POST, &path, long).await).await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("languages")),
        "six languages of 40 letters do not fit: {error}"
    );
    let list = api.get_json(&path).await;
    assert_eq!(list["requests"], json!([]));

    assert_eq!(
        api.send(Method::POST, &path, request_body(0))
            .await
            .status(),
        StatusCode::CREATED
    );
    let (code, error) = error_of(api.send(Method::POST, &path, request_body(0)).await).await;
    assert_eq!(
        code,
        StatusCode::CONFLICT,
        "one open request per person: {error}"
    );

    let mut bad = ambassador_body("", "not an e-mail", 11);
    bad["consent"] = json!(false);
    let (code, error) = error_of(api.send(Method::POST, "/ambassadors", bad).await).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["capacity", "consent", "email", "name"]);
}

#[tokio::test]
async fn a_stale_if_match_is_412_for_a_profile_and_a_proposal() {
    let api = coordinator_api().await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let path = format!("/ambassadors/{anita}");
    let read = api.get(&path).await;
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"ambassador-{anita}-v1\""));
    let mut change = ambassador_body("-", "-", 3);
    for key in ["name", "email", "consent"] {
        change.as_object_mut().unwrap().remove(key);
    }
    let saved = api
        .request(Method::PUT, &path, Some(&api.token))
        .header("If-Match", &etag)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert_ne!(saved.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(saved.json::<Value>().await.unwrap()["capacity"], 3);
    let stale = api
        .request(Method::PUT, &path, Some(&api.token))
        .header("If-Match", &etag)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(stale).await.0, StatusCode::PRECONDITION_FAILED);

    let case = api.open_case().await["id"].clone();
    let created = api
        .send(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await;
    let request_etag = created.headers()["etag"].to_str().unwrap().to_owned();
    let id = created.json::<Value>().await.unwrap()["id"].clone();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/end"),
        json!({"reason": "not_a_fit"}),
    )
    .await;
    let stale = api
        .request(
            Method::POST,
            &format!("/buddy-requests/{id}/proposal"),
            Some(&api.token),
        )
        .header("If-Match", &request_etag)
        .json(&json!({"ambassador": anita}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(stale).await.0, StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn an_expat_cannot_touch_another_households_requests() {
    let api = coordinator_api().await;
    let (case, _) = household(&api).await;
    let other = api.open_case().await["id"].as_i64().unwrap();
    let (_, stranger) = api.expat_of(other, "someone@example.com").await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .clone();
    let attempts = [
        (Method::GET, format!("/buddy-requests/{id}"), json!({})),
        (
            Method::GET,
            format!("/cases/{case}/buddy-requests"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(1),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "withdrawn"}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/feedback"),
            json!({"rating": 1}),
        ),
    ];
    for (method, path, body) in attempts {
        let res = api.send_as(method.clone(), &path, body, &stranger).await;
        assert_eq!(
            error_of(res).await.0,
            StatusCode::NOT_FOUND,
            "{method} {path}"
        );
    }
    let still: Value = api.get_json(format!("/buddy-requests/{id}")).await;
    assert_eq!(still["state"], "requested");
    let own: Value = api
        .get_as(format!("/cases/{other}/buddy-requests"), &stranger)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["requests"], json!([]));
}

#[tokio::test]
async fn only_coordinators_and_admins_work_the_programme() {
    let api = spawn_api().await;
    let (case, priya) = household(&api).await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .clone();
    let (_, admin) = api.user_with_token("admin@centre.test", Role::Admin).await;
    let anita = api
        .send_as(
            Method::POST,
            "/ambassadors",
            ambassador_body("Anita Rao", "anita@buddy.test", 2),
            &admin,
        )
        .await;
    assert_eq!(anita.status(), StatusCode::CREATED, "admins coordinate");
    let anita = anita.json::<Value>().await.unwrap()["id"].clone();
    let coordinator_only = [
        (Method::GET, "/ambassadors".to_owned(), json!({})),
        (
            Method::POST,
            "/ambassadors".to_owned(),
            ambassador_body("Tom", "tom@buddy.test", 1),
        ),
        (Method::GET, format!("/ambassadors/{anita}"), json!({})),
        (
            Method::PUT,
            format!("/ambassadors/{anita}/status"),
            json!({"status": "paused"}),
        ),
        (Method::GET, "/buddy-requests".to_owned(), json!({})),
        (
            Method::GET,
            format!("/buddy-requests/{id}/suggestions"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/proposal"),
            json!({"ambassador": anita}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "not_a_fit"}),
        ),
        (Method::GET, "/buddy-programme".to_owned(), json!({})),
    ];
    for token in [&api.token, &priya] {
        for (method, path, body) in &coordinator_only {
            if token == &priya && path.ends_with("/end") {
                continue; // the household may end its own
            }
            let res = api.send_as(method.clone(), path, body.clone(), token).await;
            assert_eq!(
                error_of(res).await.0,
                StatusCode::FORBIDDEN,
                "{method} {path}"
            );
        }
    }
    let (_, error) = error_of(api.get("/buddy-programme").await).await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("buddy coordinator")
    );
    assert_eq!(
        api.get(format!("/buddy-requests/{id}")).await.status(),
        StatusCode::OK,
        "any staff token reads a request"
    );
    let state: Value = api
        .get_as(format!("/ambassadors/{anita}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["status"], "active", "nothing changed");
}

#[tokio::test]
async fn an_ambassador_gets_no_token_and_one_made_anyway_opens_nothing() {
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
        .clone();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        json!({"ambassador": anita}),
    )
    .await;
    accept(&api, anita, id.as_i64().unwrap()).await;
    let refused = softland_web::cli::token(
        &api.app.db,
        &softland_web::cli::TokenAction::Create {
            email: "anita@buddy.test".to_owned(),
            name: "mine".to_owned(),
            days: None,
        },
    )
    .await;
    assert!(
        refused.is_err(),
        "the command line makes no token for an ambassador"
    );
    let user: UserId = buddies::ambassador(&api.app.db, AmbassadorId(anita))
        .await
        .unwrap()
        .user;
    let token = api_tokens::create(
        &api.app.db,
        user,
        &api_tokens::TokenName::parse("smuggled").unwrap(),
        None,
    )
    .await
    .unwrap()
    .secret;
    for path in [
        "/me".to_owned(),
        "/cases".to_owned(),
        format!("/cases/{case}"),
        format!("/cases/{case}/buddy-requests"),
        format!("/buddy-requests/{id}"),
        "/buddy-help-calls".to_owned(),
    ] {
        let (code, error) = error_of(api.get_as(&path, &token).await).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{path}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("ambassadors have no API access")
        );
    }
}

#[tokio::test]
async fn lists_come_a_page_at_a_time_and_filter_by_status_and_state() {
    let api = coordinator_api().await;
    let ids = [
        invite(&api, "Anita Rao", "anita@buddy.test", 1).await,
        invite(&api, "Ben Ode", "ben@buddy.test", 1).await,
        invite(&api, "Cleo Ma", "cleo@buddy.test", 1).await,
    ];
    api.send(
        Method::PUT,
        format!("/ambassadors/{}/status", ids[1]),
        json!({"status": "paused"}),
    )
    .await;
    let first = api.get_json("/ambassadors?limit=2").await;
    assert_eq!(first["ambassadors"].as_array().unwrap().len(), 2);
    let rest = api
        .get_json(format!(
            "/ambassadors?limit=2&after={}",
            first["next_after"]
        ))
        .await;
    assert_eq!(rest["ambassadors"][0]["id"], ids[2]);
    assert_eq!(rest["next_after"], Value::Null);
    let paused = api.get_json("/ambassadors?status=paused").await;
    assert_eq!(paused["ambassadors"][0]["id"], ids[1]);
    assert_eq!(paused["ambassadors"].as_array().unwrap().len(), 1);
    let (code, error) = error_of(api.get("/ambassadors?status=retired").await).await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status"))
    );
    let (code, _) = error_of(
        api.send(
            Method::PUT,
            format!("/ambassadors/{}/status", ids[0]),
            json!({"status": "applied"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        code,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no one becomes an applicant again"
    );

    let case = api.open_case().await["id"].clone();
    api.send(
        Method::POST,
        format!("/cases/{case}/buddy-requests"),
        request_body(0),
    )
    .await;
    let requested = api.get_json("/buddy-requests?state=requested").await;
    assert_eq!(requested["requests"].as_array().unwrap().len(), 1);
    let ended = api.get_json("/buddy-requests?state=ended").await;
    assert_eq!(ended["requests"], json!([]));
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
