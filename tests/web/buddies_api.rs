//! The buddy programme through `/api/v1` (issue 20): a newcomer's request, the coordinator's
//! ranked suggestions and proposal (409 beyond the ambassador's places), the ambassador's
//! answer, the end and the household's feedback; field errors, `If-Match`, and who may do
//! what (another household's request is 404, a consultant without the coordinator
//! permission 403, an ambassador has no API access at all).

mod access;
mod checks;
mod lifecycle;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_domain::buddy::MatchEvent;
use softland_web::db::{buddies, reminders};
use softland_web::ids::{AmbassadorId, MatchId};

use crate::api::{Api, spawn_api, today};

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
