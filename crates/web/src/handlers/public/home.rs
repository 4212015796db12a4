//! `GET /`: the centre's home page for visitors who are not signed in; the dashboard for
//! staff; anyone else signed in goes to their own pages.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use softland_domain::site::enquiry::Topic;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::extract::{CurrentUser, Denied, Staff};
use crate::commands::events::next_published;
use crate::error::AppError;
use crate::handlers::dashboard::{self, DashboardQuery};
use crate::views::public::home::{EventLine, HomePage};
use crate::views::public::{PageMeta, Section, event_time};
use crate::views::render;

/// How many upcoming events the home page lists.
const NEXT_EVENTS: usize = 3;

/// `GET /`.
pub async fn show(
    State(state): State<AppState>,
    current: Result<CurrentUser, Denied>,
    query: Query<DashboardQuery>,
    session: Session,
) -> Result<Response, AppError> {
    match current {
        Ok(current) if current.user.role.is_staff() => {
            Ok(dashboard::show(State(state), Staff(current), query)
                .await?
                .into_response())
        }
        Ok(current) => Ok(Redirect::to(current.user.role.home()).into_response()),
        Err(Denied::SignIn(_)) => public_home(&state, &session).await,
        Err(denied) => Ok(denied.into_response()),
    }
}

async fn public_home(state: &AppState, session: &Session) -> Result<Response, AppError> {
    let zone = state.config.time_zone;
    let events = next_published(state, NEXT_EVENTS)
        .await?
        .into_iter()
        .map(|e| EventLine {
            href: format!("/events/{}", e.id),
            title: e.title,
            kind: e.kind.label(),
            when: event_time(e.starts_at, e.ends_at, zone),
            place: e.place.unwrap_or_else(|| "Online".to_owned()),
        })
        .collect();
    let site = crate::commands::site::site_settings(state).await?;
    let meta = PageMeta::website("Welcome", format!("{} — {}", site.name, site.tagline), "/");
    let chrome = super::chrome(state, session, Some(Section::Home), meta).await?;
    let topics = Topic::ALL.iter().map(|t| (t.as_str(), t.label())).collect();
    let page = HomePage {
        chrome,
        events,
        topics,
    };
    Ok(render(&page)?.into_response())
}
