//! Registering for an event and cancelling: from the public page (an anonymous visitor, or
//! an expat signed in to the portal, whose account gives the e-mail), by staff for someone
//! (a phone call, a walk-in), and the personal cancel link. Attendance is marked by staff.

use std::net::IpAddr;

use rand::Rng as _;
use sha2::{Digest, Sha256};
use softland_domain::person::{Email, PersonName};
use softland_domain::site::event::{Attendance, attendance_markable, registration_cancellable};

use crate::app::AppState;
use crate::commands::site::{PublicForm, admit, admit_recipient};
use crate::commands::{Actor, CommandError, FieldErrors};
use crate::db::events::registrations::{self, Cancelling, NewRegistration, Recipient, Registered};
use crate::db::events::{Event, Registration, read};
use crate::db::outbox::MailText;
use crate::ids::{EventId, RegistrationId};
use crate::views::mail::events::{EventWords, confirmation, promoted};

/// What a registration form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationInput {
    /// Their name.
    pub name: String,
    /// Their e-mail (ignored when signed in to the portal: the account's is used).
    pub email: String,
    /// They agree that the centre keeps their name and e-mail for the event.
    pub consent: bool,
    /// The field hidden from people: only robots fill it in.
    pub honeypot: String,
}

/// Who registers.
#[derive(Debug, Clone, Copy)]
pub enum Registrant<'a> {
    /// Someone on the public page (anonymous, or signed in to the portal with this account and
    /// e-mail), from this address.
    Public {
        /// Their address (the limit of public forms counts per address).
        ip: IpAddr,
        /// Their portal account and its e-mail, when signed in.
        account: Option<(&'a Actor, &'a str)>,
    },
    /// Staff add someone.
    Staff(&'a Actor),
}

/// What registering did.
#[derive(Debug, Clone)]
pub struct RegisterOutcome {
    /// The event.
    pub event: Event,
    /// The registration (`None`: a robot filled in the hidden field; nothing was stored).
    pub registration: Option<Registration>,
    /// Whether it was made now (else this e-mail had one already).
    pub new: bool,
}

/// Registers someone for an event.
pub struct Register<'a> {
    /// The event.
    pub event: EventId,
    /// What was typed.
    pub input: &'a RegistrationInput,
    /// Who.
    pub who: Registrant<'a>,
}

/// A new cancel link's token (64 hex digits) and the hash that is stored.
fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` has a token's shape (anything else is not looked up).
fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The address of the page of `event`, of its calendar file, and where it is, for mails.
struct Words {
    when: String,
    /// Where, without the online link ("online" only).
    place: String,
    /// Where, with the online link (for people with a place).
    place_with_link: String,
    /// Whether the link is for people with a place only (the event has a capacity).
    link_for_places: bool,
    page: String,
    ics: String,
    title: String,
}

impl Words {
    fn of(state: &AppState, event: &Event) -> Self {
        let base = state.config.base_url();
        let base = base.trim_end_matches('/');
        let place_with_link = match (&event.place, &event.online_url) {
            (Some(p), Some(u)) => format!("{p} and online at {u}"),
            (Some(p), None) => p.clone(),
            (None, Some(u)) => format!("online at {u}"),
            (None, None) => String::new(),
        };
        Self {
            when: format!(
                "{} (Prague time)",
                crate::views::public::event_time(
                    event.starts_at,
                    event.ends_at,
                    state.config.time_zone
                )
            ),
            place: crate::views::events::place_words(event),
            place_with_link,
            link_for_places: event.capacity.is_some(),
            page: format!("{base}/events/{}", event.id),
            ics: format!("{base}/events/{}/event.ics", event.id),
            title: event.title.clone(),
        }
    }

    /// The words of a mail to someone with a place (`has_place`) or waiting: the online link
    /// of an event with a capacity only for those with a place.
    fn words(&self, has_place: bool) -> EventWords<'_> {
        let place = if has_place || !self.link_for_places {
            &self.place_with_link
        } else {
            &self.place
        };
        EventWords {
            title: &self.title,
            when: &self.when,
            place,
            page: &self.page,
            ics: &self.ics,
        }
    }
}

/// The "you have a place now" mail of `event` (as saved), for the store to write for each
/// person who moves up.
pub(crate) fn promoted_mail(
    state: &AppState,
    event: &Event,
) -> impl Fn(&Recipient) -> MailText + Send + Sync + use<> {
    let words = Words::of(state, event);
    move |_: &Recipient| promoted(&words.words(true))
}

impl Register<'_> {
    /// Public registrations count against the address's limit first (a refused one stores
    /// nothing); staff may add someone after the deadline.
    pub async fn run(self, state: &AppState) -> Result<RegisterOutcome, CommandError> {
        let (user, account_email, by_staff) = match self.who {
            Registrant::Public { ip, account } => {
                admit(state, ip, PublicForm::Registration).await?;
                (account.map(|(a, _)| a.id), account.map(|(_, e)| e), false)
            }
            Registrant::Staff(actor) => {
                actor.must_be_staff()?;
                (None, None, true)
            }
        };
        let event = PublicEventOf(self.event).read(state, by_staff).await?;
        if !self.input.honeypot.trim().is_empty() {
            tracing::warn!(event = %self.event, "registration dropped: the hidden field was filled in");
            return Ok(RegisterOutcome {
                event,
                registration: None,
                new: false,
            });
        }
        let (name, email) = validate(self.input, account_email, by_staff)?;
        if !by_staff {
            admit_recipient(
                state,
                email.as_str(),
                PublicForm::Registration,
                state.config.public_posts_per_recipient,
            )
            .await?;
        }
        let (token, token_hash) = new_token();
        let base = state.config.base_url();
        let cancel_link = format!(
            "{}/events/registrations/{token}",
            base.trim_end_matches('/')
        );
        let words = Words::of(state, &event);
        let confirm = |r: &Recipient| {
            confirmation(&words.words(r.position.is_none()), r.position, &cancel_link)
        };
        let new = NewRegistration {
            event: self.event,
            name: name.as_str(),
            email: &email,
            user,
            token_hash: &token_hash,
            now: state.config.clock.now(),
            by_staff,
            confirmation: &confirm,
        };
        let registered = registrations::register(&state.db, new).await?;
        state.upcoming.forget();
        match registered {
            Ok(Registered::New(r)) => Ok(RegisterOutcome {
                event,
                registration: Some(r),
                new: true,
            }),
            Ok(Registered::Existing(r)) => Ok(RegisterOutcome {
                event,
                registration: Some(r),
                new: false,
            }),
            Err(closed) => {
                let mut errors = FieldErrors::new();
                errors.add("event", closed.to_string());
                Err(CommandError::InvalidFields(errors))
            }
        }
    }
}

/// Event `0` as the public reads it (staff read drafts too, and are refused there by the
/// seat rule's draft check).
struct PublicEventOf(EventId);

impl PublicEventOf {
    async fn read(self, state: &AppState, staff: bool) -> Result<Event, CommandError> {
        let event = read::event(&state.db, self.0).await?;
        if event.status == softland_domain::site::event::EventStatus::Draft && !staff {
            return Err(CommandError::NotFound);
        }
        Ok(event)
    }
}

fn validate(
    input: &RegistrationInput,
    account_email: Option<&str>,
    by_staff: bool,
) -> Result<(PersonName, Email), CommandError> {
    let mut errors = FieldErrors::new();
    let name = PersonName::parse(&input.name)
        .map_err(|e| errors.add("name", e.to_string()))
        .ok();
    let email = Email::parse(account_email.unwrap_or(&input.email))
        .map_err(|e| errors.add("email", e.to_string()))
        .ok();
    if !by_staff && !input.consent {
        errors.add(
            "consent",
            "please agree so that we can keep your name and e-mail for the event",
        );
    }
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok((name, email)),
        _ => Err(CommandError::InvalidFields(errors)),
    }
}

/// The registration of a cancel link, with its event.
pub struct RegistrationByToken<'a> {
    /// The link's token.
    pub token: &'a str,
}

impl RegistrationByToken<'_> {
    /// Anyone with the link; an unknown token is not found.
    pub async fn run(self, state: &AppState) -> Result<(Registration, Event), CommandError> {
        if !is_token(self.token) {
            return Err(CommandError::NotFound);
        }
        Ok(read::by_token(&state.db, &hash(self.token)).await?)
    }
}

/// Why a registration cannot be cancelled once its event has started.
pub const NOT_CANCELLABLE: &str =
    "the event has started, so this registration can no longer be cancelled";

/// Cancels a registration.
pub enum CancelRegistration<'a> {
    /// Through its personal link, from this address (public forms' limit).
    Link {
        /// The link's token.
        token: &'a str,
        /// The address.
        ip: IpAddr,
    },
    /// By staff.
    Staff {
        /// The event.
        event: EventId,
        /// The registration.
        id: RegistrationId,
        /// Who.
        actor: &'a Actor,
    },
    /// By its owner in the portal.
    Own {
        /// The event.
        event: EventId,
        /// The registration.
        id: RegistrationId,
        /// Who (only registrations made while signed in to this account are theirs).
        actor: &'a Actor,
    },
}

impl CancelRegistration<'_> {
    /// Cancels it (cancelling it again changes nothing); the first person waiting moves up.
    /// Refused once the event has started (on the field `status`: attendance is what counts
    /// then). Returns the registration as it was and whether it was cancelled now.
    pub async fn run(self, state: &AppState) -> Result<(Registration, bool), CommandError> {
        let (which, event) = match self {
            CancelRegistration::Link { token, ip } => {
                admit(state, ip, PublicForm::Cancellation).await?;
                let (r, _) = RegistrationByToken { token }.run(state).await?;
                (Cancelling(r.event, r.id), r.event)
            }
            CancelRegistration::Staff { event, id, actor } => {
                actor.must_be_staff()?;
                (Cancelling(event, id), event)
            }
            CancelRegistration::Own { event, id, actor } => {
                let mine = read::registrations(&state.db, event)
                    .await?
                    .into_iter()
                    .any(|r| r.id == id && r.user == Some(actor.id));
                if !mine {
                    return Err(CommandError::NotFound);
                }
                (Cancelling(event, id), event)
            }
        };
        let event = read::event(&state.db, event).await?;
        let now = state.config.clock.now();
        if !registration_cancellable(event.starts_at, now) {
            let mut errors = FieldErrors::new();
            errors.add("status", NOT_CANCELLABLE);
            return Err(CommandError::InvalidFields(errors));
        }
        let promoted = promoted_mail(state, &event);
        let cancelled = registrations::cancel(&state.db, which, now, &promoted).await?;
        state.upcoming.forget();
        Ok(cancelled)
    }
}

/// Marks who came and who did not.
pub struct MarkAttendance<'a> {
    /// The event.
    pub event: EventId,
    /// Each registration's mark.
    pub marks: &'a [(RegistrationId, Attendance)],
}

impl MarkAttendance<'_> {
    /// Staff only, from the event's day on. Returns how many were marked.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        actor.must_be_staff()?;
        let event = read::event(&state.db, self.event).await?;
        let day = event
            .starts_at
            .with_timezone(&state.config.time_zone)
            .date_naive();
        if !attendance_markable(day, state.config.today()) {
            let mut errors = FieldErrors::new();
            errors.add(
                "attendance",
                "attendance can be marked from the day of the event on",
            );
            return Err(CommandError::InvalidFields(errors));
        }
        let marked = registrations::mark_attendance(&state.db, self.event, self.marks).await?;
        state.upcoming.forget();
        Ok(marked)
    }
}
