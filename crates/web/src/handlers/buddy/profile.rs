//! The ambassador's own profile: `GET /buddy/profile`, `POST /buddy/profile` (the profile,
//! against the version the form was made from), `POST /buddy/profile/status` (pause or
//! resume) and `POST /buddy/profile/password`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use super::{chrome, sentences};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{BuddyUser, CurrentUser};
use crate::auth::session;
use crate::client::Client;
use crate::commands::accounts::{self, ChangeOwnPassword};
use crate::commands::buddies::{ProfileInput, SetAmbassadorStatus, UpdateAmbassador};
use crate::commands::{CommandError, Field, FieldErrors, Problem};
use crate::db::buddies::AmbassadorStatus;
use crate::error::AppError;
use crate::handlers::account::password::PasswordForm;
use crate::handlers::{actor, field_errors, sentence};
use crate::views::buddy::{ProfilePage, ProfileValues};
use crate::views::render;

/// The profile form, and the sign-up form (which adds name, e-mail, consent and the
/// honeypot field `website`). Languages come as rows of `language` and `level`; ticked
/// topics as `helps_with`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    /// The version the profile form was made from.
    pub(crate) version: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) consent: Option<String>,
    /// Hidden from people: whatever fills it in is a robot.
    pub(crate) website: String,
    pub(crate) nationality: String,
    pub(crate) language: Vec<String>,
    pub(crate) level: Vec<String>,
    pub(crate) years_here: String,
    pub(crate) district: String,
    pub(crate) occupation: String,
    pub(crate) interests: String,
    pub(crate) family: String,
    pub(crate) children_at_school: Option<String>,
    pub(crate) helps_with: Vec<String>,
    pub(crate) capacity: String,
    pub(crate) available_until: String,
    pub(crate) introduction: String,
    pub(crate) phone: String,
}

impl ProfileForm {
    /// The language rows as (language, level) pairs.
    fn languages(&self) -> Vec<(String, String)> {
        self.language
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), self.level.get(i).cloned().unwrap_or_default()))
            .collect()
    }

    /// The command's input.
    pub(crate) fn input(&self) -> ProfileInput {
        ProfileInput {
            name: self.name.clone(),
            email: self.email.clone(),
            consent: self.consent.is_some(),
            nationality: self.nationality.clone(),
            languages: self.languages(),
            years_here: self.years_here.clone(),
            district: self.district.clone(),
            occupation: self.occupation.clone(),
            interests: self.interests.clone(),
            family: self.family.clone(),
            children_at_school: self.children_at_school.is_some(),
            helps_with: self.helps_with.clone(),
            capacity: self.capacity.clone(),
            available_until: self.available_until.clone(),
            introduction: self.introduction.clone(),
            phone: self.phone.clone(),
        }
    }

    /// The form as typed, to show again.
    pub(crate) fn values(&self) -> ProfileValues {
        ProfileValues {
            name: self.name.clone(),
            email: self.email.clone(),
            consent: self.consent.is_some(),
            nationality: self.nationality.clone(),
            years_here: self.years_here.clone(),
            district: self.district.clone(),
            occupation: self.occupation.clone(),
            interests: self.interests.clone(),
            family: self.family.clone(),
            children_at_school: self.children_at_school.is_some(),
            helps_with: self.helps_with.clone(),
            capacity: self.capacity.clone(),
            available_until: self.available_until.clone(),
            introduction: self.introduction.clone(),
            phone: self.phone.clone(),
            ..ProfileValues::default()
        }
        .with_languages(self.languages())
    }
}

/// The page of `current`'s own profile.
async fn page(state: &AppState, current: &CurrentUser) -> Result<ProfilePage, AppError> {
    let me = actor(current).own_ambassador(state).await?;
    Ok(ProfilePage::new(chrome(state, current).await?, &me))
}

/// `GET /buddy/profile`.
pub async fn show(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /buddy/profile`: a wrong field shows the form again with the message beside it
/// and what was typed kept (422); a profile changed meanwhile (by the coordinator) shows
/// what was typed against the current version, with a warning (409).
pub async fn update(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let me = actor(&current).own_ambassador(&state).await?;
    let result = match form.version.trim().parse::<i64>() {
        Ok(version) => match UpdateAmbassador::parse(me.id, version, &form.input()) {
            Ok(update) => update.run(&state, &actor(&current)).await,
            Err(e) => Err(e),
        },
        Err(_) => Err(CommandError::invalid(Field::Version, Problem::NoVersion)),
    };
    let mut page = page(&state, &current).await?;
    match result {
        Ok(()) => {
            session::set_flash(&session, "Your profile is saved.".to_owned()).await?;
            return Ok(Redirect::to("/buddy/profile").into_response());
        }
        Err(CommandError::InvalidFields(errors)) => page.errors = sentences(&errors),
        Err(CommandError::Invalid { field, problem }) => {
            page.errors = field_errors(field, &problem);
        }
        Err(CommandError::ChangedMeanwhile(changed)) => {
            page.conflict = Some(format!(
                "Your profile was {changed} (perhaps by the coordinator). Your changes are below, not saved yet: check them and save again."
            ));
            page.form = form.values();
            return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
        }
        Err(other) => return Err(other.into()),
    }
    page.form = form.values();
    page.version = form.version.trim().parse().unwrap_or(page.version);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The pause/resume form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

/// `POST /buddy/profile/status`: `paused` or `active` (an ambassador cannot approve
/// themself: anything else is refused).
pub async fn update_status(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let me = actor(&current).own_ambassador(&state).await?;
    let Some(status @ (AmbassadorStatus::Paused | AmbassadorStatus::Active)) =
        AmbassadorStatus::parse(&form.status)
    else {
        let problem = sentence(&Problem::NotOffered.to_string());
        return Err(AppError::BadRequest(problem));
    };
    let change = SetAmbassadorStatus { id: me.id, status };
    change
        .run(&state, &actor(&current), &current.user.display_name)
        .await?;
    let message = if status == AmbassadorStatus::Paused {
        "You are paused: the coordinator proposes no new newcomers to you until you resume."
    } else {
        "Welcome back: the coordinator may propose newcomers to you again."
    };
    session::set_flash(&session, message.to_owned()).await?;
    Ok(Redirect::to("/buddy/profile").into_response())
}

/// `POST /buddy/profile/password`: the current password again and the new one twice.
pub async fn update_password(
    State(state): State<AppState>,
    client: Client,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let command = async {
        let change = ChangeOwnPassword {
            current: SecretString::from(form.current),
            new: accounts::new_password(&form.password, &form.confirm)?,
            keep_session: session.id().map(|id| id.to_string()),
            client,
        };
        change.run(&state, &actor(&current)).await
    };
    let errors: FieldErrors = match command.await {
        Ok(_) => {
            let message = "Your password is changed; your other sessions were signed out.";
            session::set_flash(&session, message.to_owned()).await?;
            return Ok(Redirect::to("/buddy/profile").into_response());
        }
        Err(CommandError::Invalid { field, problem }) => field_errors(field, &problem),
        Err(other) => return Err(other.into()),
    };
    let mut page = page(&state, &current).await?;
    page.password_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
