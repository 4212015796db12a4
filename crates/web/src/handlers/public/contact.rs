//! `GET /contact` and `POST /contact`: the contact form, open to anyone (a visitor's CSRF
//! token, no account). A sent form becomes an enquiry staff see at `/enquiries`; the sender
//! is thanked on the page and by mail. Robots are kept out by a field people never see and
//! by the per-address limit of public forms (429, nothing stored).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::visitor::Visitor;
use crate::client::Client;
use crate::commands::site::enquiries::{ANSWER_WITHIN, EnquiryInput, SendEnquiry};
use crate::commands::{CommandError, FieldErrors};
use crate::error::AppError;
use crate::views::public::contact::{ContactForm, ContactPage, ContactedPage};
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// `?topic=work`: the home page's "What brings you" links start the form with the topic
/// chosen (never personal details: an address is logged and shared).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Started {
    topic: String,
}

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactFields {
    name: String,
    email: String,
    phone: String,
    topic: String,
    arrival: String,
    message: String,
    consent: Option<String>,
    /// The hidden field only a robot fills in.
    website: String,
}

impl ContactFields {
    fn input(&self) -> EnquiryInput {
        EnquiryInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            topic: self.topic.clone(),
            arrival: self.arrival.clone(),
            message: self.message.clone(),
            consent: self.consent.as_deref() == Some("yes"),
        }
    }
}

fn meta() -> PageMeta {
    PageMeta::website(
        "Contact us",
        "Write to the centre and book a free first meeting, in English: we answer within two working days.",
        "/contact",
    )
}

async fn form_page(
    state: &AppState,
    session: &Session,
    visitor: &Visitor,
    values: EnquiryInput,
    errors: FieldErrors,
) -> Result<String, AppError> {
    let page = ContactPage {
        chrome: super::chrome(state, session, Some(Section::Contact), meta()).await?,
        form: ContactForm {
            prefix: "contact",
            csrf: page_token(state, session, visitor).await?,
            values,
            errors,
        },
    };
    Ok(render(&page)?.0)
}

/// `GET /contact`: blank, or with the topic chosen on the home page (`?topic=work`).
pub async fn form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
    Query(started): Query<Started>,
) -> Result<Response, AppError> {
    let values = EnquiryInput {
        topic: started.topic,
        ..EnquiryInput::default()
    };
    let html = form_page(&state, &session, &visitor, values, FieldErrors::new()).await?;
    Ok(axum::response::Html(html).into_response())
}

/// `POST /contact`.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    visitor: Visitor,
    CsrfForm { form, session }: CsrfForm<ContactFields>,
) -> Result<Response, AppError> {
    let command = SendEnquiry {
        input: form.input(),
        honeypot: form.website.clone(),
        address: client.ip,
    };
    match command.run(&state).await {
        Ok(_) => {
            let meta = PageMeta::website("Thank you", "Your message is with us.", "/contact");
            let page = ContactedPage {
                chrome: super::chrome(&state, &session, Some(Section::Contact), meta).await?,
                answer_within: ANSWER_WITHIN,
            };
            Ok(render(&page)?.into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            let html = form_page(&state, &session, &visitor, form.input(), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html(html)).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
