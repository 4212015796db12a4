//! What staff type for an event (a form or JSON of text fields), read into an [`EventDraft`]
//! with every mistake named by its field. Times are typed as the centre's wall-clock time and
//! made instants in its time zone.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::{EventKind, local_instant};
use crate::buddy::Language;
use crate::partner::{Labels, Website};
use crate::reminder::TimeOfDay;

/// The most characters of a title.
const MAX_TITLE: usize = 200;
/// The most characters of a summary.
const MAX_SUMMARY: usize = 300;
/// The most characters of a description (Markdown).
const MAX_DESCRIPTION: usize = 20_000;
/// The most characters of a place.
const MAX_PLACE: usize = 300;
/// The longest event (a summer school), in days.
const MAX_DAYS: i64 = 14;
/// The most places an event offers.
const MAX_CAPACITY: u32 = 10_000;

/// The number of places of an event: 1 to 10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Capacity(u32);

impl Capacity {
    /// `raw` places, if 1 to 10,000.
    pub fn new(raw: u32) -> Option<Self> {
        (1..=MAX_CAPACITY).contains(&raw).then_some(Self(raw))
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// An event's fields as typed (form or JSON), each a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventText {
    /// The title.
    pub title: String,
    /// The kind's identifier (`workshop`).
    pub kind: String,
    /// One or two sentences for lists.
    pub summary: String,
    /// The description, in Markdown.
    pub description: String,
    /// The day it starts (`YYYY-MM-DD`).
    pub starts_on: String,
    /// When it starts (`HH:MM`, the centre's time).
    pub starts_time: String,
    /// The day it ends; blank: the day it starts.
    pub ends_on: String,
    /// When it ends (`HH:MM`).
    pub ends_time: String,
    /// Where it is held; blank when only online.
    pub place: String,
    /// The online link; blank when only in a place.
    pub online_url: String,
    /// Its language; blank: English.
    pub language: String,
    /// The places; blank: no limit.
    pub capacity: String,
    /// The last day to register; blank: until it starts.
    pub closes_on: String,
    /// The time registration closes that day; blank: the end of the day (or the start).
    pub closes_time: String,
    /// Topics, separated by commas.
    pub topics: String,
}

/// A field of [`EventText`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventInputField {
    /// `title`.
    Title,
    /// `kind`.
    Kind,
    /// `summary`.
    Summary,
    /// `description`.
    Description,
    /// `starts_on`.
    StartsOn,
    /// `starts_time`.
    StartsTime,
    /// `ends_on`.
    EndsOn,
    /// `ends_time`.
    EndsTime,
    /// `place`.
    Place,
    /// `online_url`.
    OnlineUrl,
    /// `language`.
    Language,
    /// `capacity`.
    Capacity,
    /// `closes_on`.
    ClosesOn,
    /// `closes_time`.
    ClosesTime,
    /// `topics`.
    Topics,
}

impl EventInputField {
    /// The field's name in forms and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Kind => "kind",
            Self::Summary => "summary",
            Self::Description => "description",
            Self::StartsOn => "starts_on",
            Self::StartsTime => "starts_time",
            Self::EndsOn => "ends_on",
            Self::EndsTime => "ends_time",
            Self::Place => "place",
            Self::OnlineUrl => "online_url",
            Self::Language => "language",
            Self::Capacity => "capacity",
            Self::ClosesOn => "closes_on",
            Self::ClosesTime => "closes_time",
            Self::Topics => "topics",
        }
    }
}

/// The mistakes of an event's fields, each with its field (in form order).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) need correcting", .problems.len())]
pub struct InvalidEvent {
    /// Each field's mistake, in words.
    pub problems: Vec<(EventInputField, String)>,
}

/// An event as staff described it, every rule kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    /// The title, 1–200 characters.
    pub title: String,
    /// Its kind.
    pub kind: EventKind,
    /// At most 300 characters.
    pub summary: String,
    /// Markdown, at most 20,000 characters.
    pub description: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends: after the start, at most 14 days later.
    pub ends_at: DateTime<Utc>,
    /// Where it is held.
    pub place: Option<String>,
    /// Where it is streamed (a place, a link or both).
    pub online_url: Option<Website>,
    /// Its language.
    pub language: Language,
    /// Its places; `None`: no limit.
    pub capacity: Option<Capacity>,
    /// When registration closes (at the start or before); `None`: at the start.
    pub closes_at: Option<DateTime<Utc>>,
    /// Its topics ("Events for you" matches a household's interests against them).
    pub topics: Labels,
}

/// The start, the end and the registration deadline.
struct Times {
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    closes: Option<DateTime<Utc>>,
}

/// A part of the form refused (its mistake is recorded).
struct Refused;

/// Collects each field's mistake.
#[derive(Default)]
struct Problems(Vec<(EventInputField, String)>);

impl Problems {
    fn take<T, E: ToString>(&mut self, field: EventInputField, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.add(field, e.to_string())).ok()
    }

    fn add(&mut self, field: EventInputField, message: impl Into<String>) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, message.into()));
        }
    }
}

fn text(raw: &str, max: usize, required: bool) -> Result<String, String> {
    let text = raw.trim();
    if required && text.is_empty() {
        return Err("please fill this in".into());
    }
    if text.chars().count() > max {
        return Err(format!("use at most {max} characters"));
    }
    Ok(text.to_owned())
}

fn one_line(raw: &str, max: usize, required: bool) -> Result<String, String> {
    let text = text(raw, max, required)?;
    if text.chars().any(char::is_control) {
        return Err("write it on one line".into());
    }
    Ok(text)
}

fn date(raw: &str) -> Result<NaiveDate, String> {
    crate::date_input::parse(raw).map_err(|e| e.to_string())
}

fn time(raw: &str) -> Result<NaiveTime, String> {
    TimeOfDay::parse(raw)
        .map(TimeOfDay::time)
        .map_err(|e| e.to_string())
}

fn capacity(raw: &str) -> Result<Option<Capacity>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<u32>()
        .ok()
        .and_then(Capacity::new)
        .map(Some)
        .ok_or_else(|| {
            "write a whole number of places from 1 to 10000, or leave it empty for no limit".into()
        })
}

fn language(raw: &str) -> Result<Language, String> {
    if raw.trim().is_empty() {
        Ok(Language::english())
    } else {
        Language::parse(raw).map_err(|e| e.to_string())
    }
}

impl EventText {
    /// The event typed, its times read as the wall-clock time of `zone`; every mistake with its
    /// field otherwise.
    pub fn parse<Z: TimeZone>(&self, zone: &Z) -> Result<EventDraft, InvalidEvent> {
        use EventInputField as F;
        let mut p = Problems::default();
        let title = p.take(F::Title, one_line(&self.title, MAX_TITLE, true));
        let kind = p.take(
            F::Kind,
            EventKind::parse(self.kind.trim()).ok_or("choose one of the kinds offered"),
        );
        let summary = p.take(F::Summary, one_line(&self.summary, MAX_SUMMARY, false));
        let description = p.take(
            F::Description,
            text(&self.description, MAX_DESCRIPTION, false),
        );
        let place = p.take(F::Place, one_line(&self.place, MAX_PLACE, false));
        let online_url = if self.online_url.trim().is_empty() {
            Some(None)
        } else {
            p.take(F::OnlineUrl, Website::parse(&self.online_url).map(Some))
        };
        if self.place.trim().is_empty() && self.online_url.trim().is_empty() {
            p.add(F::Place, "give a place, an online link or both");
        }
        let language = p.take(F::Language, language(&self.language));
        let capacity = p.take(F::Capacity, capacity(&self.capacity));
        let topics = p.take(F::Topics, Labels::parse(&self.topics));
        let times = self.times(zone, &mut p);
        match (
            title,
            kind,
            summary,
            description,
            place,
            online_url,
            language,
            capacity,
            topics,
            times,
        ) {
            (
                Some(title),
                Some(kind),
                Some(summary),
                Some(description),
                Some(place),
                Some(online_url),
                Some(language),
                Some(capacity),
                Some(topics),
                Some(Times {
                    starts: starts_at,
                    ends: ends_at,
                    closes: closes_at,
                }),
            ) if p.0.is_empty() => Ok(EventDraft {
                title,
                kind,
                summary,
                description,
                starts_at,
                ends_at,
                place: (!place.is_empty()).then_some(place),
                online_url,
                language,
                capacity,
                closes_at,
                topics,
            }),
            _ => Err(InvalidEvent { problems: p.0 }),
        }
    }

    /// The start, the end and the registration deadline, in order.
    fn times<Z: TimeZone>(&self, zone: &Z, p: &mut Problems) -> Option<Times> {
        use EventInputField as F;
        let starts_on = p.take(F::StartsOn, date(&self.starts_on));
        let starts_time = p.take(F::StartsTime, time(&self.starts_time));
        let ends_on = if self.ends_on.trim().is_empty() {
            starts_on
        } else {
            p.take(F::EndsOn, date(&self.ends_on))
        };
        let ends_time = p.take(F::EndsTime, time(&self.ends_time));
        let starts = p.take(F::StartsTime, local_instant(starts_on?, starts_time?, zone))?;
        let ends = p.take(F::EndsTime, local_instant(ends_on?, ends_time?, zone))?;
        if ends <= starts {
            p.add(F::EndsTime, "the event must end after it starts");
            return None;
        }
        if ends - starts > chrono::Duration::days(MAX_DAYS) {
            p.add(F::EndsOn, "an event lasts at most 14 days");
            return None;
        }
        let closes = self.closes(zone, starts, p).ok()?;
        Some(Times {
            starts,
            ends,
            closes,
        })
    }

    fn closes<Z: TimeZone>(
        &self,
        zone: &Z,
        starts: DateTime<Utc>,
        p: &mut Problems,
    ) -> Result<Option<DateTime<Utc>>, Refused> {
        use EventInputField as F;
        if self.closes_on.trim().is_empty() {
            if !self.closes_time.trim().is_empty() {
                p.add(
                    F::ClosesOn,
                    "give the day registration closes, or clear the time",
                );
                return Err(Refused);
            }
            return Ok(None);
        }
        let day = p.take(F::ClosesOn, date(&self.closes_on)).ok_or(Refused)?;
        let explicit = !self.closes_time.trim().is_empty();
        let at = if explicit {
            p.take(F::ClosesTime, time(&self.closes_time))
                .ok_or(Refused)?
        } else {
            NaiveTime::from_hms_opt(23, 59, 0).ok_or(Refused)?
        };
        let closes = p
            .take(F::ClosesTime, local_instant(day, at, zone))
            .ok_or(Refused)?;
        if closes <= starts {
            return Ok(Some(closes));
        }
        let same_day = starts.with_timezone(zone).date_naive() == day;
        if same_day && !explicit {
            return Ok(Some(starts));
        }
        p.add(
            F::ClosesOn,
            "registration must close before the event starts",
        );
        Err(Refused)
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;
    use proptest::prelude::*;

    use super::*;

    fn cet() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    fn valid() -> EventText {
        EventText {
            title: "Taxes for newcomers".into(),
            kind: "workshop".into(),
            summary: "How to file your first Czech tax return.".into(),
            description: "Bring your **payslips**.".into(),
            starts_on: "2026-12-10".into(),
            starts_time: "17:00".into(),
            ends_on: String::new(),
            ends_time: "19:00".into(),
            place: "Českobratrská 1, Ostrava".into(),
            online_url: String::new(),
            language: String::new(),
            capacity: "20".into(),
            closes_on: "2026-12-08".into(),
            closes_time: String::new(),
            topics: "taxes, work".into(),
        }
    }

    fn fields(text: &EventText) -> Vec<EventInputField> {
        text.parse(&cet())
            .unwrap_err()
            .problems
            .into_iter()
            .map(|(f, _)| f)
            .collect()
    }

    #[test]
    fn a_complete_event_is_read_in_the_centres_time() {
        let draft = valid().parse(&cet()).unwrap();
        assert_eq!(draft.starts_at.to_rfc3339(), "2026-12-10T16:00:00+00:00");
        assert_eq!(draft.ends_at.to_rfc3339(), "2026-12-10T18:00:00+00:00");
        assert_eq!(
            draft.closes_at.unwrap().to_rfc3339(),
            "2026-12-08T22:59:00+00:00"
        );
        assert_eq!(draft.language, Language::english());
        assert_eq!(draft.capacity.map(Capacity::get), Some(20));
        assert_eq!(draft.topics.as_slice().len(), 2);
    }

    #[test]
    fn each_mistake_is_named_by_its_field() {
        let text = EventText {
            title: String::new(),
            kind: "party".into(),
            capacity: "0".into(),
            online_url: "javascript:alert(1)".into(),
            ..valid()
        };
        assert_eq!(
            fields(&text),
            vec![
                EventInputField::Title,
                EventInputField::Kind,
                EventInputField::OnlineUrl,
                EventInputField::Capacity
            ]
        );
    }

    #[test]
    fn an_event_needs_a_place_or_a_link() {
        let text = EventText {
            place: String::new(),
            ..valid()
        };
        assert_eq!(fields(&text), vec![EventInputField::Place]);
        let online = EventText {
            place: String::new(),
            online_url: "meet.example.org/taxes".into(),
            ..valid()
        };
        let draft = online.parse(&cet()).unwrap();
        assert_eq!(
            draft.online_url.unwrap().as_str(),
            "https://meet.example.org/taxes"
        );
    }

    #[test]
    fn it_ends_after_it_starts_and_within_two_weeks() {
        let backwards = EventText {
            ends_time: "16:00".into(),
            ..valid()
        };
        assert_eq!(fields(&backwards), vec![EventInputField::EndsTime]);
        let long = EventText {
            ends_on: "2026-12-30".into(),
            ..valid()
        };
        assert_eq!(fields(&long), vec![EventInputField::EndsOn]);
    }

    #[test]
    fn registration_closes_before_the_start() {
        let late = EventText {
            closes_on: "2026-12-11".into(),
            ..valid()
        };
        assert_eq!(fields(&late), vec![EventInputField::ClosesOn]);
        let same_day = EventText {
            closes_on: "2026-12-10".into(),
            ..valid()
        };
        let draft = same_day.parse(&cet()).unwrap();
        assert_eq!(draft.closes_at, Some(draft.starts_at));
    }

    proptest! {
        /// Any capacity typed is either refused or between 1 and 10,000.
        #[test]
        fn capacity_is_within_bounds(raw in "[0-9]{0,6}") {
            let text = EventText { capacity: raw.clone(), ..valid() };
            match text.parse(&cet()) {
                Ok(draft) => prop_assert!(draft
                    .capacity
                    .is_none_or(|c| (1..=10_000).contains(&c.get()))),
                Err(e) => prop_assert_eq!(e.problems[0].0, EventInputField::Capacity),
            }
        }

        /// Whatever times are typed, an accepted event starts before it ends, lasts at most
        /// 14 days, and closes registration no later than its start.
        #[test]
        fn accepted_times_are_in_order(
            day in 1u32..28, start in 0u32..24, end_day in 1u32..28, end in 0u32..24,
        ) {
            let text = EventText {
                starts_on: format!("2026-12-{day:02}"),
                starts_time: format!("{start:02}:00"),
                ends_on: format!("2026-12-{end_day:02}"),
                ends_time: format!("{end:02}:30"),
                closes_on: String::new(),
                ..valid()
            };
            if let Ok(draft) = text.parse(&cet()) {
                prop_assert!(draft.starts_at < draft.ends_at);
                prop_assert!(draft.ends_at - draft.starts_at <= chrono::Duration::days(14));
            }
        }
    }
}
