//! `templates/cases/show.html`: the case page. A header that answers "what now?" (overdue,
//! next steps, waiting for the authority, risks), the checklist as numbered steps with one
//! row per task and a chip per person, people and the key dates the case uses in a side
//! panel, then notes, the case's lifecycle and its history a page at a time.

mod items;

use askama::Template;
use chrono::NaiveDate;
use softland_domain::case::CaseStatus;
use softland_domain::date_format::{count, long};
use softland_domain::status::ItemStatus;
use softland_domain::{Calendar, KeyDate};

use super::due::describe;
use super::nav::Nav;
use super::wallet::WalletTyped;
use crate::commands::case_dates::person_field;
use crate::commands::case_view::CASE_PAGE_EVENTS;
use crate::db::cases::{PortalAccess, StoredCase};
use crate::db::history::Event;
use crate::db::notes::Note;
use crate::db::users::StaffMember;
pub use items::{ChecklistFilter, Show, Step, steps};

/// A person of the household.
pub struct PersonView {
    /// Name.
    pub name: String,
    /// "Principal", "Spouse" …
    pub relation: &'static str,
    /// Date of birth.
    pub born: String,
    /// Nationality.
    pub nationality: String,
    /// E-mail or empty.
    pub email: String,
    /// "Z1234567, valid until Thu 1 Jan 2032" or empty.
    pub passport: String,
    /// Position in the case (for the invite form).
    pub position: usize,
    /// "has an account", or empty when the person can be invited.
    pub portal: String,
    /// Whether the invite button is offered (an e-mail, no account yet or not signed in yet).
    pub invitable: bool,
    /// Their document wallet.
    pub documents: Vec<super::wallet::DocumentLine>,
}

/// A key date field of the dates form.
pub struct KeyDateField {
    /// Form name (`arrival`, `p1.arrival`).
    pub name: String,
    /// The same for an element id (`arrival`, `p1-arrival`).
    pub id: String,
    /// Label.
    pub label: &'static str,
    /// YYYY-MM-DD or empty.
    pub value: String,
}

/// One person's own key dates on the dates form.
pub struct PersonDatesView {
    /// "Ravi Rao (spouse)".
    pub heading: String,
    /// Form fields named `p1.permit_expiry`; empty ones use the household's date.
    pub fields: Vec<KeyDateField>,
    /// How many are set (said on the folded section).
    pub set: usize,
}

/// A note line.
pub struct NoteView {
    /// Author.
    pub author: String,
    /// When, in the centre's time zone.
    pub at: String,
    /// Internal or shared.
    pub visibility: &'static str,
    /// Text.
    pub body: String,
}

/// A history line.
pub struct EventView {
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What, in words.
    pub what: String,
    /// "before → after" or just one side.
    pub change: String,
}

/// A consultant option of the reassign form.
pub struct ConsultantOption {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Whether this is the current consultant.
    pub selected: bool,
}

/// A link of the checklist's filter.
pub struct FilterLink {
    /// Words.
    pub label: String,
    /// Where it goes.
    pub href: String,
    /// Whether it is the filter shown.
    pub current: bool,
}

/// A line of the "what now?" header pointing at an item.
pub struct Pointer {
    /// `#item-17`.
    pub href: String,
    /// "Register your address — Asha Rao".
    pub text: String,
    /// "overdue by 2 working days", "due Wed 30 Dec 2026", "filed Mon 4 Jan 2027".
    pub when: String,
    /// Urgency class of `when`.
    pub urgency: &'static str,
}

/// A refusal or conflict: an error summary at the top linking to the place it concerns,
/// and the message again beside it.
pub struct Problem {
    /// "Not saved", "Changed meanwhile".
    pub heading: String,
    /// The sentence.
    pub message: String,
    /// The element id of the place it concerns (`item-17`, `dates`, `lifecycle` …).
    pub at: String,
}

/// What a consultant typed into a form that was refused, shown again.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The item whose form it was.
    pub item: Option<i64>,
    /// A due date typed into the override form.
    pub date: String,
    /// A reason typed (override, "not needed", "return").
    pub reason: String,
    /// The outcome chosen to close the case.
    pub outcome: String,
    /// A refused document form.
    pub wallet: super::wallet::WalletTyped,
}

/// The case page.
#[derive(Template)]
#[template(path = "cases/show.html")]
pub struct CasePage {
    /// Navigation.
    pub nav: Nav,
    /// Messages from the household that staff have not read (a link's badge).
    pub unread_messages: u64,
    /// Case id.
    pub id: i64,
    /// Case version (for forms that change the case).
    pub version: i64,
    /// Principal's name.
    pub title: String,
    /// Household.
    pub people: Vec<PersonView>,
    /// Route names.
    pub routes: String,
    /// Consultant's name.
    pub consultant: String,
    /// "open", "on_hold", "closed".
    pub status: &'static str,
    /// "Open", "On hold: reason", "Closed (Granted) on …".
    pub status_text: String,
    /// Opened on.
    pub opened: String,
    /// "7 of 12 done".
    pub progress: String,
    /// Done count.
    pub done: usize,
    /// Applicable count.
    pub applicable: usize,
    /// Items still to do, in progress or waiting for the authority (closing asks about them).
    pub open_items: usize,
    /// Open items past their due date.
    pub overdue: Vec<Pointer>,
    /// What can be done now, in the order to do it.
    pub next_steps: Vec<Pointer>,
    /// Items filed and waiting for the authority.
    pub waiting: Vec<Pointer>,
    /// Key dates form fields the case uses (the household's).
    pub key_dates: Vec<KeyDateField>,
    /// Dates of events the case watches for that have not happened, folded away.
    pub event_dates: Vec<KeyDateField>,
    /// The household's other key dates, folded away.
    pub other_dates: Vec<KeyDateField>,
    /// Each person's own dates, when the case has more than one person.
    pub person_dates: Vec<PersonDatesView>,
    /// Risk warnings.
    pub risks: Vec<String>,
    /// The checklist.
    pub steps: Vec<Step>,
    /// The checklist's filter links.
    pub filters: Vec<FilterLink>,
    /// Whether finished steps are shown open.
    pub expand_finished: bool,
    /// Options of the "whose item" select: (value, label).
    pub holders: Vec<(String, String)>,
    /// Categories: (value, label).
    pub categories: Vec<(&'static str, &'static str)>,
    /// Notes, newest first.
    pub notes: Vec<NoteView>,
    /// One page of the history, newest first.
    pub history: Vec<EventView>,
    /// The link to older history, when there is more.
    pub history_older: Option<String>,
    /// The link back to the newest history, on an older page.
    pub history_newest: Option<String>,
    /// Reassign options.
    pub consultants: Vec<ConsultantOption>,
    /// Case outcomes: (value, label).
    pub outcomes: Vec<(&'static str, &'static str)>,
    /// A message after a change.
    pub flash: Option<String>,
    /// Where the message belongs (`item-17`, `dates` …); empty: at the top.
    pub flash_at: String,
    /// A refusal or conflict.
    pub problem: Option<Problem>,
    /// What was typed into the refused form.
    pub typed: Typed,
    /// The household's requests for a buddy, newest first.
    pub buddies: Vec<super::buddies::case::BuddyLine>,
    /// The legal hold on the case: its reason (issue 23).
    pub legal_hold: Option<String>,
    /// The case's referrals to partners, open ones first (issue 21).
    pub referrals: Vec<super::referrals::ReferralRow>,
    /// "Who can help" beside the open tasks, by item key.
    pub help: Vec<super::referrals::HelpView>,
    /// The household's languages as stored, or as typed into a refused form.
    pub languages: String,
    /// The lawful basis of the processing, in words (issue 23).
    pub lawful_basis: &'static str,
}

/// How the page is looked at: the checklist's filter, the history page, and where the
/// answer to the last change belongs.
#[derive(Debug, Clone, Default)]
pub struct PageView {
    /// The checklist's filter.
    pub filter: ChecklistFilter,
    /// The history page (events older than this one).
    pub history_before: Option<i64>,
    /// Where a message belongs (`item-17`, `dates` …).
    pub at: String,
    /// A wallet document opened for a change: (person, document number).
    pub edit_document: Option<(usize, u32)>,
}

/// What the page is built from.
pub struct CaseData<'a> {
    /// The case.
    pub stored: &'a StoredCase,
    /// Staff (the consultant among them).
    pub staff: &'a [StaffMember],
    /// Notes.
    pub notes: Vec<Note>,
    /// One page of history and, when there are older events, one more.
    pub history: Vec<Event>,
    /// Every route's key and name.
    pub route_names: &'a [(String, String)],
    /// Working days.
    pub cal: &'a Calendar,
    /// Today in the centre.
    pub today: NaiveDate,
    /// The centre's time zone.
    pub tz: chrono_tz::Tz,
    /// Messages from the household that staff have not read.
    pub unread_messages: u64,
}

fn person_view(
    position: usize,
    p: &softland_domain::person::Person,
    access: PortalAccess,
) -> PersonView {
    PersonView {
        position,
        portal: match access {
            PortalAccess::Linked(_) => "invited to the portal".to_owned(),
            PortalAccess::AwaitingConfirmation(_) => {
                "asked to confirm in the portal that this is their account".to_owned()
            }
            PortalAccess::None => String::new(),
        },
        invitable: p.email.is_some(),
        name: p.name.to_string(),
        relation: p.relation.label(),
        born: long(p.date_of_birth),
        nationality: p.nationality.to_string(),
        email: p
            .email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        passport: p
            .passport
            .as_ref()
            .map(|pp| format!("{}, valid until {}", pp.number, long(pp.expiry)))
            .unwrap_or_default(),
        documents: Vec::new(),
    }
}

fn status_text(status: &CaseStatus) -> String {
    match status {
        CaseStatus::Open => "Open".to_owned(),
        CaseStatus::OnHold { reason } => format!("On hold: {reason}"),
        CaseStatus::Closed { outcome, on } => {
            format!("Closed on {} — {}", long(*on), outcome.label())
        }
    }
}

fn household_field(stored: &StoredCase, kind: KeyDate) -> KeyDateField {
    let date = stored.case.key_dates().get(kind);
    KeyDateField {
        name: kind.as_str().to_owned(),
        id: kind.as_str().to_owned(),
        label: kind.label(),
        value: date.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// Dates of events that may never happen (a move, a lost card, a new job): the case page
/// keeps them folded until one is entered.
fn is_event(kind: KeyDate) -> bool {
    matches!(
        kind,
        KeyDate::AddressChange
            | KeyDate::DataChange
            | KeyDate::CardLost
            | KeyDate::ObstacleEnded
            | KeyDate::NewJobStart
            | KeyDate::TradeDataChange
    )
}

/// The household's key dates: those the case uses (up front), the events it watches for
/// that have not happened (folded), and the rest (folded).
fn key_date_fields(
    stored: &StoredCase,
    in_use: &[KeyDate],
) -> (Vec<KeyDateField>, Vec<KeyDateField>, Vec<KeyDateField>) {
    let (mut used, mut events, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for kind in KeyDate::ALL {
        let field = household_field(stored, kind);
        if !in_use.contains(&kind) {
            other.push(field);
        } else if is_event(kind) && field.value.is_empty() {
            events.push(field);
        } else {
            used.push(field);
        }
    }
    (used, events, other)
}

/// Each person's own dates, of the kinds the case uses.
fn person_date_fields(stored: &StoredCase, in_use: &[KeyDate]) -> Vec<PersonDatesView> {
    let case = &stored.case;
    if case.people().len() < 2 {
        return Vec::new();
    }
    case.people()
        .iter()
        .enumerate()
        .map(|(position, person)| {
            let own = case.person_dates(position);
            PersonDatesView {
                heading: format!("{} ({})", person.name, person.relation.label()),
                fields: in_use
                    .iter()
                    .map(|&kind| KeyDateField {
                        name: person_field(position, kind),
                        id: person_field(position, kind).replace('.', "-"),
                        label: kind.label(),
                        value: own.get(kind).map(|d| d.to_string()).unwrap_or_default(),
                    })
                    .collect(),
                set: own.iter().count(),
            }
        })
        .collect()
}

fn when(at: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    let local = at.with_timezone(&tz);
    format!("{} {}", long(local.date_naive()), local.format("%H:%M"))
}

/// The pointer to item `index` for the "what now?" header.
fn pointer(stored: &StoredCase, index: usize, when: String, urgency: &'static str) -> Pointer {
    Pointer {
        href: format!("#item-{}", stored.item_ids[index].0),
        text: stored.case.item_subject(index),
        when,
        urgency,
    }
}

/// Overdue items, the next steps (overdue ones excepted, five at most) and what waits for
/// the authority.
fn what_now(
    stored: &StoredCase,
    today: NaiveDate,
    cal: &Calendar,
) -> (Vec<Pointer>, Vec<Pointer>, Vec<Pointer>) {
    let case = &stored.case;
    if matches!(case.status(), CaseStatus::Closed { .. }) {
        return (Vec::new(), Vec::new(), Vec::new());
    }
    let overdue_items = case.overdue(today);
    let overdue = overdue_items
        .iter()
        .map(|&i| {
            let due = case.items()[i].due().unwrap_or(today);
            let d = describe(due, today, cal, 5);
            pointer(
                stored,
                i,
                format!("due {} — {}", long(due), d.text),
                d.class,
            )
        })
        .collect();
    let next = case
        .next_steps(today, overdue_items.len() + 5)
        .into_iter()
        .filter(|i| !overdue_items.contains(i))
        .take(5)
        .map(|i| match case.items()[i].due() {
            Some(due) => {
                let d = describe(due, today, cal, 5);
                pointer(
                    stored,
                    i,
                    format!("due {} — {}", long(due), d.text),
                    d.class,
                )
            }
            None => pointer(stored, i, "no due date".to_owned(), ""),
        })
        .collect();
    let waiting = case
        .items()
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item.status() {
            ItemStatus::Submitted { on } => Some(pointer(
                stored,
                i,
                format!(
                    "filed {} — {}",
                    long(*on),
                    count((today - *on).num_days(), "day")
                ),
                "",
            )),
            _ => None,
        })
        .collect();
    (overdue, next, waiting)
}

/// The page's address with `filter` (and nothing else).
fn filter_href(id: i64, filter: ChecklistFilter) -> String {
    let params = filter.params();
    if params.is_empty() {
        format!("/cases/{id}#checklist")
    } else {
        format!("/cases/{id}?{}#checklist", params.join("&"))
    }
}

fn filter_links(stored: &StoredCase, current: ChecklistFilter) -> Vec<FilterLink> {
    let id = stored.id.0;
    let mut links: Vec<FilterLink> = [
        (Show::Usual, "Finished steps folded"),
        (Show::Unfinished, "Still to do"),
        (Show::Everything, "Everything"),
    ]
    .into_iter()
    .map(|(show, label)| {
        let filter = ChecklistFilter { show, ..current };
        FilterLink {
            label: label.to_owned(),
            href: filter_href(id, filter),
            current: current.show == show,
        }
    })
    .collect();
    if stored.case.people().len() > 1 {
        let everyone = ChecklistFilter {
            person: None,
            ..current
        };
        links.push(FilterLink {
            label: "Everyone".to_owned(),
            href: filter_href(id, everyone),
            current: current.person.is_none(),
        });
        for (position, person) in stored.case.people().iter().enumerate() {
            let filter = ChecklistFilter {
                person: Some(position),
                ..current
            };
            links.push(FilterLink {
                label: person.name.to_string(),
                href: filter_href(id, filter),
                current: current.person == Some(position),
            });
        }
    }
    links
}

/// The route names of the case, joined ("Employee Card, Family reunification").
fn route_names(stored: &StoredCase, names: &[(String, String)]) -> String {
    stored
        .case
        .routes()
        .iter()
        .map(|r| {
            names
                .iter()
                .find(|(key, _)| key == r.as_str())
                .map_or_else(|| r.to_string(), |(_, name)| name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// History links: older (when the page is full and one more event was read) and newest.
fn history_links(
    id: i64,
    history: &mut Vec<Event>,
    before: Option<i64>,
) -> (Option<String>, Option<String>) {
    let page = usize::try_from(CASE_PAGE_EVENTS).unwrap_or(usize::MAX);
    let older = if history.len() > page {
        history.truncate(page);
        history
            .last()
            .map(|e| format!("/cases/{id}?history_before={}#history", e.id))
    } else {
        None
    };
    let newest = before.map(|_| format!("/cases/{id}#history"));
    (older, newest)
}

impl CasePage {
    /// Builds the page from the case and its surroundings.
    #[expect(
        clippy::too_many_lines,
        reason = "one field per part of the page, each built by its own function"
    )]
    pub fn build(nav: Nav, data: CaseData<'_>, view: PageView) -> Self {
        let stored = data.stored;
        let case = &stored.case;
        let progress = case.progress();
        let consultant = data.staff.iter().find(|u| u.id == stored.consultant);
        let mut holders = vec![("household".to_owned(), "Whole household".to_owned())];
        holders.extend(
            case.people()
                .iter()
                .enumerate()
                .map(|(i, p)| (i.to_string(), p.name.to_string())),
        );
        let in_use = case.key_dates_in_use();
        let (key_dates, event_dates, other_dates) = key_date_fields(stored, &in_use);
        let (overdue, next_steps, waiting) = what_now(stored, data.today, data.cal);
        let mut history = data.history;
        let (history_older, history_newest) =
            history_links(stored.id.0, &mut history, view.history_before);
        let steps = steps(stored, view.filter, data.today, data.cal);
        let mut page = Self {
            nav,
            unread_messages: data.unread_messages,
            id: stored.id.0,
            version: stored.version,
            title: case.principal().name.to_string(),
            people: people(stored),
            routes: route_names(stored, data.route_names),
            consultant: consultant
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            status: case.status().as_str(),
            status_text: status_text(case.status()),
            opened: long(case.opened_on()),
            progress: format!("{} of {} done", progress.done, progress.applicable),
            done: progress.done,
            applicable: progress.applicable,
            open_items: case
                .items()
                .iter()
                .filter(|i| i.status().kind().is_open())
                .count(),
            overdue,
            next_steps,
            waiting,
            key_dates,
            event_dates,
            other_dates,
            person_dates: person_date_fields(stored, &in_use),
            risks: case
                .risks(data.today, data.cal)
                .iter()
                .map(|r| r.message(case))
                .collect(),
            filters: filter_links(stored, view.filter),
            expand_finished: view.filter.show == Show::Everything,
            steps,
            holders,
            categories: softland_domain::template::Category::ALL
                .iter()
                .map(|c| (c.as_str(), c.label()))
                .collect(),
            notes: data
                .notes
                .into_iter()
                .map(|n| note_view(n, data.tz))
                .collect(),
            history: history
                .into_iter()
                .map(|e| event_view(e, data.tz))
                .collect(),
            history_older,
            history_newest,
            consultants: data
                .staff
                .iter()
                .map(|u| ConsultantOption {
                    id: u.id.0,
                    name: u.display_name.clone(),
                    selected: u.id == stored.consultant,
                })
                .collect(),
            outcomes: softland_domain::case::CaseOutcome::ALL
                .iter()
                .map(|o| (o.as_str(), o.label()))
                .collect(),
            flash: None,
            flash_at: String::new(),
            problem: None,
            typed: Typed::default(),
            buddies: Vec::new(),
            legal_hold: None,
            referrals: Vec::new(),
            help: Vec::new(),
            languages: data.stored.languages.to_text(),
            lawful_basis: data.stored.lawful_basis.label(),
        };
        if page.place_shown(&view.at) {
            page.flash_at = view.at;
        }
        if let Some(wallet) = view
            .edit_document
            .and_then(|(person, no)| WalletTyped::changing(case, person, no))
        {
            page.typed.wallet = wallet;
        }
        page
    }

    /// Shows a refusal or conflict: at the top, and beside the place it concerns when that
    /// place is on the page.
    pub fn refuse(&mut self, heading: String, message: String, at: &str, typed: Typed) {
        let at = if self.place_shown(at) {
            at.to_owned()
        } else {
            String::new()
        };
        self.problem = Some(Problem {
            heading,
            message,
            at,
        });
        self.typed = typed;
    }

    fn place_shown(&self, at: &str) -> bool {
        [
            "people",
            "dates",
            "checklist",
            "notes",
            "lifecycle",
            "buddy",
            "referrals",
        ]
        .contains(&at)
            || self.steps.iter().any(|s| {
                s.tasks
                    .iter()
                    .any(|t| t.chips.iter().any(|c| c.anchor == at))
            })
    }

    /// The kinds of document the wallet's form offers, as (value, label).
    #[expect(
        clippy::unused_self,
        reason = "the template calls it as a method of the page"
    )]
    pub fn document_kinds(&self) -> Vec<(&'static str, &'static str)> {
        super::wallet::kinds()
    }

    /// "Who can help" beside the task of item key `key`, if any partner is named for it.
    pub fn help_for(&self, key: &str) -> Option<&super::referrals::HelpView> {
        super::referrals::help_for(&self.help, key)
    }

    /// Whether the problem belongs at `at` (for the template).
    pub fn problem_at(&self, at: &str) -> bool {
        self.problem.as_ref().is_some_and(|p| p.at == at)
    }

    /// Whether a finished task of step `step` holds the place the last answer belongs to
    /// (the step and its folded tasks then start open).
    pub fn holds_place(&self, step: &Step) -> bool {
        step.tasks
            .iter()
            .filter(|t| t.finished)
            .flat_map(|t| t.chips.iter())
            .any(|c| self.chip_open(&c.anchor))
    }

    /// Whether the chip at `anchor` starts open: its message or problem is shown in it.
    pub fn chip_open(&self, anchor: &str) -> bool {
        self.flash_at == anchor || self.problem_at(anchor)
    }

    /// What was typed into the refused form of item `id`: (date, reason), or its values.
    pub fn typed_for(&self, id: i64) -> Option<&Typed> {
        (self.typed.item == Some(id)).then_some(&self.typed)
    }

    /// Whether `outcome` was chosen in the refused close form.
    pub fn outcome_chosen(&self, outcome: &str) -> bool {
        self.typed.outcome == outcome
    }
}

/// The household, each with their portal access.
fn people(stored: &StoredCase) -> Vec<PersonView> {
    stored
        .case
        .people()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let access = stored
                .person_accounts
                .get(i)
                .copied()
                .unwrap_or(PortalAccess::None);
            let mut view = person_view(i, p, access);
            view.documents = super::wallet::lines(&stored.case, i);
            view
        })
        .collect()
}

fn note_view(n: Note, tz: chrono_tz::Tz) -> NoteView {
    NoteView {
        author: n
            .author_name
            .unwrap_or_else(|| "(deleted account)".to_owned()),
        at: when(n.created_at, tz),
        visibility: n.visibility.label(),
        body: n.body,
    }
}

fn event_view(e: Event, tz: chrono_tz::Tz) -> EventView {
    let what = e.action.label();
    let change = match (e.before, e.after) {
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => a,
        (Some(b), None) => format!("{b} → (removed)"),
        (None, None) => String::new(),
    };
    EventView {
        at: when(e.at, tz),
        actor: e.actor.unwrap_or_else(|| "softland".to_owned()),
        what: format!("{what}: {}", e.subject),
        change,
    }
}
