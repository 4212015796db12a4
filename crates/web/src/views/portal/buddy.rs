//! `templates/portal/buddy.html`: "A buddy in Ostrava" — the household's requests for a buddy
//! in words, the buddy's card once they accepted, the request form, withdrawing consent,
//! ending, and the feedback at the end.

use askama::Template;
use chrono::NaiveDate;
use softland_domain::buddy::{EndReason, MatchState, Topic};
use softland_domain::date_format::long;

use super::PortalChrome;
use crate::commands::FieldErrors;
use crate::commands::buddies::{ADULT_AGE, AmbassadorCard, HouseholdMatch, RequestInput, may_rate};
use crate::db::cases::{PortalAccess, StoredCase};
use crate::ids::UserId;

/// The feedback form as typed, for the request it belongs to.
#[derive(Debug, Clone, Default)]
pub struct FeedbackForm {
    /// The request.
    pub id: i64,
    /// `1`–`5` as chosen.
    pub rating: String,
    /// The comment.
    pub comment: String,
    /// What is wrong, by field (`rating`, `comment`).
    pub errors: FieldErrors,
}

/// A person who may be given a buddy.
pub struct PersonChoice {
    /// `<case>:<position>`.
    pub value: String,
    /// Their name ("Priya Sharma (you)").
    pub label: String,
}

/// A topic checkbox.
pub struct TopicChoice {
    /// Its name (`housing`).
    pub value: &'static str,
    /// Its words ("housing").
    pub label: &'static str,
    /// Whether it is ticked.
    pub checked: bool,
}

/// The buddy as the household meets them.
pub struct BuddyCard {
    /// Name.
    pub name: String,
    /// Introduction.
    pub introduction: String,
    /// "Hindi, English".
    pub languages: String,
    /// District, or empty.
    pub district: String,
    /// E-mail.
    pub email: String,
    /// Phone, or empty.
    pub phone: String,
    /// Where their photo is read, if they have one.
    pub photo: Option<String>,
}

/// One request of the household.
pub struct RequestCard {
    /// The request's id.
    pub id: i64,
    /// Whom it is for.
    pub person: String,
    /// Where it stands, in words.
    pub headline: String,
    /// What that means.
    pub explain: &'static str,
    /// "Asked on 4 January 2027 for help with housing and doctors".
    pub asked: String,
    /// Not ended: consent can be withdrawn.
    pub is_open: bool,
    /// Accepted or active: it can be ended as settled.
    pub may_settle: bool,
    /// The buddy, while they look after the newcomer.
    pub buddy: Option<BuddyCard>,
    /// Ended after an ambassador had accepted: feedback is asked for.
    pub may_rate: bool,
    /// The rating given, if any.
    pub rating: Option<u8>,
    /// The comment given, or empty.
    pub comment: String,
}

/// The page.
#[derive(Template)]
#[template(path = "portal/buddy.html")]
pub struct BuddyPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The household's requests, newest first.
    pub requests: Vec<RequestCard>,
    /// Adults of the household without an open request (the form is shown when there is
    /// one), the expat first.
    pub people: Vec<PersonChoice>,
    /// The topics, ticked as typed.
    pub topics: Vec<TopicChoice>,
    /// The request form as typed.
    /// The request form as typed (kept when it is refused); `person` is `<case>:<position>`.
    pub form: RequestInput,
    /// What is wrong in it, by field.
    pub errors: FieldErrors,
    /// What the error summary says was not sent ("Your request"), if anything was refused.
    pub refused: &'static str,
    /// The summary's links to the refused fields: (anchor, message).
    pub summary: Vec<(String, String)>,
    /// The feedback form refused, if one was.
    pub feedback: FeedbackForm,
    /// Whether the expat has no checklist yet (nothing to ask a buddy for).
    pub no_case: bool,
}

impl BuddyPage {
    /// The refused rating's message, when `id`'s feedback form was refused.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes the template's values by reference"
    )]
    pub fn feedback_error(&self, id: &i64, field: &str) -> Option<&str> {
        (self.feedback.id == *id)
            .then(|| self.feedback.errors.get(field))
            .flatten()
    }

    /// The comment of `card`'s feedback form: as typed into a refused form, else the one
    /// given.
    pub fn comment_typed<'a>(&'a self, card: &'a RequestCard) -> &'a str {
        if self.feedback.id == card.id {
            &self.feedback.comment
        } else {
            &card.comment
        }
    }

    /// Whether rating `n` is chosen on `card`'s feedback form: as typed into a refused form,
    /// else the rating given.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes the template's values by reference"
    )]
    pub fn rating_checked(&self, card: &RequestCard, n: &i32) -> bool {
        if self.feedback.id == card.id {
            self.feedback.rating.trim() == n.to_string()
        } else {
            card.rating.is_some_and(|r| i32::from(r) == *n)
        }
    }

    /// Whether anything on the page was refused (for the title).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || !self.feedback.errors.is_empty()
    }
}

/// Where each field of the request form is, for the summary's links.
const ANCHORS: [(&str, &str); 7] = [
    ("person", "buddy-person"),
    ("languages", "buddy-languages"),
    ("district", "buddy-district"),
    ("topics", "buddy-topic-housing"),
    ("wishes", "buddy-wishes"),
    ("phone", "buddy-phone"),
    ("consent", "buddy-consent"),
];

/// What was refused and the summary's links: the request form's `errors` in the form's
/// order, else those of the feedback form.
pub fn summary(
    errors: &FieldErrors,
    feedback: &FeedbackForm,
) -> (&'static str, Vec<(String, String)>) {
    if errors.is_empty() {
        let id = feedback.id;
        let links = [
            ("rating", format!("rating-{id}-1")),
            ("comment", format!("comment-{id}")),
        ]
        .into_iter()
        .filter_map(|(field, anchor)| Some((anchor, feedback.errors.get(field)?.to_owned())))
        .collect();
        return ("Your feedback", links);
    }
    let links = ANCHORS
        .iter()
        .filter_map(|(field, anchor)| Some(((*anchor).to_owned(), errors.get(field)?.to_owned())))
        .collect();
    ("Your request", links)
}

/// The topic checkboxes, ticked as `ticked`.
pub fn topic_choices(ticked: &[String]) -> Vec<TopicChoice> {
    Topic::ALL
        .into_iter()
        .map(|t| TopicChoice {
            value: t.as_str(),
            label: t.label(),
            checked: ticked.iter().any(|v| v == t.as_str()),
        })
        .collect()
}

/// The adults of `cases` who may be given a buddy (none with an open request), `me` first.
pub fn people(
    cases: &[StoredCase],
    open: &[crate::ids::PersonId],
    me: UserId,
    today: NaiveDate,
) -> Vec<PersonChoice> {
    let mut mine = Vec::new();
    let mut others = Vec::new();
    for stored in cases {
        let people = stored.case.people();
        for (position, person) in people.iter().enumerate() {
            let id = stored.person_ids.get(position);
            if person.age_on(today) < ADULT_AGE || id.is_none_or(|id| open.contains(id)) {
                continue;
            }
            let is_me = stored.person_accounts.get(position) == Some(&PortalAccess::Linked(me));
            let household = if cases.len() > 1 {
                format!(" (household of {})", stored.case.principal().name)
            } else {
                String::new()
            };
            let choice = PersonChoice {
                value: format!("{}:{position}", stored.id),
                label: format!(
                    "{}{}{household}",
                    person.name,
                    if is_me { " (you)" } else { "" }
                ),
            };
            if is_me { &mut mine } else { &mut others }.push(choice);
        }
    }
    mine.extend(others);
    mine
}

/// Whether the first household has a child, to tick "we come with children" at first.
pub fn has_children(cases: &[StoredCase], today: NaiveDate) -> bool {
    cases
        .first()
        .is_some_and(|c| c.case.people().iter().any(|p| p.age_on(today) < ADULT_AGE))
}

fn headline(m: &HouseholdMatch) -> (String, &'static str) {
    match (&m.request.state, &m.ambassador) {
        (MatchState::Accepted | MatchState::Active, Some(card)) => (
            format!("Your buddy is {}", card.name),
            "Write or call them when it suits you both; they know you are new here.",
        ),
        (MatchState::Proposed, _) => (
            "Proposed to an ambassador — waiting for their answer".to_owned(),
            "We tell you their name as soon as they say yes.",
        ),
        (MatchState::Ended(EndReason::Withdrawn), _) => (
            "Ended: you withdrew your consent".to_owned(),
            "No ambassador sees anything of you any more.",
        ),
        (MatchState::Ended(reason), _) => (
            format!("Ended: {}", crate::db::buddies::end_reason_label(*reason)),
            "Your buddy no longer sees your details.",
        ),
        _ => (
            "We are looking for a buddy for you".to_owned(),
            "The programme's coordinator looks for an ambassador who speaks your language and knows your part of Ostrava.",
        ),
    }
}

/// The card of `c`, the buddy of request `id`.
fn card(c: &AmbassadorCard, id: i64) -> BuddyCard {
    BuddyCard {
        name: c.name.clone(),
        introduction: c.introduction.clone(),
        languages: c
            .languages
            .iter()
            .map(softland_domain::buddy::Language::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        district: c.district.clone().unwrap_or_default(),
        email: c.email.clone(),
        phone: c.phone.clone().unwrap_or_default(),
        photo: c.has_photo.then(|| format!("/my/buddy/{id}/photo")),
    }
}

/// One request of the household as the page shows it.
pub fn request_card(m: &HouseholdMatch, tz: chrono_tz::Tz) -> RequestCard {
    let (headline, explain) = headline(m);
    let r = &m.request;
    let topics: Vec<&str> = r.request.topics.iter().map(|t| t.label()).collect();
    RequestCard {
        id: r.id.0,
        person: r.person_name.clone(),
        headline,
        explain,
        asked: format!(
            "Asked on {} for help with {}",
            long(r.requested_at.with_timezone(&tz).date_naive()),
            topics.join(", ")
        ),
        is_open: r.is_open(),
        may_settle: r.state.shares_with_ambassador(),
        buddy: m.ambassador.as_ref().map(|c| card(c, r.id.0)),
        may_rate: may_rate(r),
        rating: r.rating,
        comment: r.feedback.clone().unwrap_or_default(),
    }
}
