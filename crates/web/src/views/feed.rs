//! Calendar feeds (RFC 5545, issue 19): a consultant's open items, or an expat household's,
//! as all-day events. Written here line by line — text escaped (3.3.11) and every content line
//! folded at 75 octets on character boundaries (3.1) — rather than through a tree of
//! components: a busy consultant's feed holds hundreds of events and is fetched by every
//! calendar app every hour, so it must cost about what the dashboard does
//! (docs/performance.md). The tests parse it with the `icalendar` crate and Python's
//! `icalendar` package. Each event's UID is the item's (`item-<id>@<host>`) and its SEQUENCE
//! the item's version, so a calendar app updates an event instead of adding another; DTSTAMP
//! is the item's last change, so the same items give the same feed.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike as _, Days, NaiveDate, Timelike as _, Utc};

use crate::db::calendar_items::{DueItem, HouseholdItem};

/// Where the feed's links point and whose it is.
#[derive(Debug, Clone)]
pub struct FeedContext {
    /// The public address of softland, without a trailing `/` (`https://softland.example`).
    pub base_url: String,
    /// The feed's name in calendar apps ("softland: Jana Nováková").
    pub name: String,
}

impl FeedContext {
    /// The host of the public address (the right-hand side of every UID), or `softland`.
    fn host(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or_default();
        if host.is_empty() { "softland" } else { host }
    }
}

/// One event's facts.
struct EventFacts<'a> {
    item_id: i64,
    opens_on: Option<NaiveDate>,
    due_on: NaiveDate,
    version: i64,
    updated_at: DateTime<Utc>,
    summary: &'a str,
    url: String,
    description: Option<String>,
}

/// A feed being written.
struct Feed {
    out: String,
}

impl Feed {
    /// The calendar's head.
    fn new(context: &FeedContext, events: usize) -> Self {
        let mut feed = Self {
            out: String::with_capacity(512 + events * 320),
        };
        feed.raw("BEGIN", "VCALENDAR");
        feed.raw("VERSION", "2.0");
        feed.raw("PRODID", "-//softland//calendar feed//EN");
        feed.raw("CALSCALE", "GREGORIAN");
        feed.raw("METHOD", "PUBLISH");
        feed.text("NAME", &context.name);
        feed.text("X-WR-CALNAME", &context.name);
        feed.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT3600S");
        feed.raw("X-PUBLISHED-TTL", "PT3600S");
        feed
    }

    /// A content line `name:value`, `value` written as it is, folded at 75 octets.
    fn raw(&mut self, name: &str, value: &str) {
        let start = self.out.len();
        self.out.push_str(name);
        self.out.push(':');
        self.out.push_str(value);
        self.fold_from(start);
    }

    /// A content line whose value is TEXT: `\`, `;`, `,` and line breaks escaped.
    fn text(&mut self, name: &str, value: &str) {
        let start = self.out.len();
        self.out.push_str(name);
        self.out.push(':');
        for c in value.chars() {
            match c {
                '\\' => self.out.push_str("\\\\"),
                ';' => self.out.push_str("\\;"),
                ',' => self.out.push_str("\\,"),
                '\n' => self.out.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => self.out.push(c),
            }
        }
        self.fold_from(start);
    }

    /// Folds the line written from `start` (RFC 5545, 3.1: at most 75 octets a line, the rest
    /// on lines that begin with a space) and ends it with CRLF.
    fn fold_from(&mut self, start: usize) {
        const LIMIT: usize = 75;
        if self.out.len() - start > LIMIT {
            let line = self.out.split_off(start);
            let mut rest = line.as_str();
            let mut room = LIMIT;
            while rest.len() > room {
                let mut cut = room;
                while !rest.is_char_boundary(cut) {
                    cut -= 1;
                }
                self.out.push_str(&rest[..cut]);
                self.out.push_str("\r\n ");
                rest = &rest[cut..];
                room = LIMIT - 1;
            }
            self.out.push_str(rest);
        }
        self.out.push_str("\r\n");
    }

    /// An all-day event from the day the item opens (or its due date) to its due date, both
    /// included: DTEND of an all-day event is the day after (RFC 5545, 3.6.1).
    fn event(&mut self, context: &FeedContext, facts: &EventFacts<'_>) {
        let starts = facts
            .opens_on
            .filter(|o| *o <= facts.due_on)
            .unwrap_or(facts.due_on);
        let ends = facts.due_on + Days::new(1);
        let mut value = String::with_capacity(40);
        self.raw("BEGIN", "VEVENT");
        date(&mut value, ends);
        self.raw("DTEND;VALUE=DATE", &value);
        value.clear();
        let stamp = facts.updated_at;
        date(&mut value, stamp.date_naive());
        let _ = write!(
            value,
            "T{:02}{:02}{:02}Z",
            stamp.hour(),
            stamp.minute(),
            stamp.second()
        );
        self.raw("DTSTAMP", &value);
        value.clear();
        date(&mut value, starts);
        self.raw("DTSTART;VALUE=DATE", &value);
        if let Some(description) = &facts.description {
            self.text("DESCRIPTION", description);
        }
        value.clear();
        let _ = write!(value, "{}", facts.version.max(0));
        self.raw("SEQUENCE", &value);
        self.text("SUMMARY", facts.summary);
        self.raw("TRANSP", "TRANSPARENT");
        value.clear();
        let _ = write!(value, "item-{}@{}", facts.item_id, context.host());
        self.raw("UID", &value);
        self.raw("URL", &facts.url);
        self.raw("END", "VEVENT");
    }

    fn end(mut self) -> String {
        self.raw("END", "VCALENDAR");
        self.out
    }
}

/// `YYYYMMDD` (chrono's `format` parses its pattern on every call: too slow for hundreds of
/// events).
fn date(out: &mut String, day: NaiveDate) {
    let _ = write!(out, "{:04}{:02}{:02}", day.year(), day.month(), day.day());
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc(out: &mut String, at: DateTime<Utc>) {
    date(out, at.date_naive());
    let _ = write!(
        out,
        "T{:02}{:02}{:02}Z",
        at.hour(),
        at.minute(),
        at.second()
    );
}

/// An event of the centre's programme (issue 22) for its `.ics` file.
#[derive(Debug, Clone)]
pub struct ProgrammeEvent<'a> {
    /// Its id (the UID's).
    pub id: i64,
    /// Its title.
    pub title: &'a str,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// When it last changed (DTSTAMP).
    pub updated_at: DateTime<Utc>,
    /// Its version (SEQUENCE).
    pub version: i64,
    /// The place and/or online link.
    pub location: &'a str,
    /// Its summary.
    pub description: &'a str,
    /// Its public page.
    pub url: String,
    /// Whether it was called off (STATUS:CANCELLED).
    pub cancelled: bool,
}

/// The `.ics` file of one event: times in UTC, so that every calendar app shows it at the
/// right hour in its own zone.
pub fn event_file(context: &FeedContext, event: &ProgrammeEvent<'_>) -> String {
    let mut feed = Feed::new(context, 1);
    let mut value = String::with_capacity(40);
    feed.raw("BEGIN", "VEVENT");
    let _ = write!(value, "event-{}@{}", event.id, context.host());
    feed.raw("UID", &value);
    for (name, at) in [
        ("DTSTAMP", event.updated_at),
        ("DTSTART", event.starts_at),
        ("DTEND", event.ends_at),
    ] {
        value.clear();
        utc(&mut value, at);
        feed.raw(name, &value);
    }
    value.clear();
    let _ = write!(value, "{}", event.version.max(0));
    feed.raw("SEQUENCE", &value);
    feed.text("SUMMARY", event.title);
    if !event.location.is_empty() {
        feed.text("LOCATION", event.location);
    }
    if !event.description.is_empty() {
        feed.text("DESCRIPTION", event.description);
    }
    feed.raw(
        "STATUS",
        if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    feed.raw("URL", &event.url);
    feed.raw("END", "VEVENT");
    feed.end()
}

/// A staff feed: "Register your address — Priya Sharma", linking to the item on its case.
pub fn staff_feed(context: &FeedContext, items: &[DueItem]) -> String {
    let mut feed = Feed::new(context, items.len());
    let mut summary = String::new();
    for item in items {
        summary.clear();
        let _ = write!(summary, "{} — {}", item.title, item.person);
        feed.event(
            context,
            &EventFacts {
                item_id: item.item_id,
                opens_on: item.opens_on,
                due_on: item.due_on,
                version: item.version,
                updated_at: item.updated_at.with_timezone(&Utc),
                summary: &summary,
                url: format!(
                    "{}/cases/{}?at=item-{id}#item-{id}",
                    context.base_url,
                    item.case_id,
                    id = item.item_id
                ),
                description: None,
            },
        );
    }
    feed.end()
}

/// An expat's feed: the plain title, what to do, where to go and what to bring (the text
/// the portal shows), linking to the task on the portal.
pub fn household_feed(context: &FeedContext, items: &[HouseholdItem]) -> String {
    let mut feed = Feed::new(context, items.len());
    for item in items {
        feed.event(
            context,
            &EventFacts {
                item_id: item.item_id,
                opens_on: item.opens_on,
                due_on: item.due_on,
                version: item.version,
                updated_at: item.updated_at.with_timezone(&Utc),
                summary: &item.title,
                url: format!("{}/my#item-{}", context.base_url, item.item_id),
                description: Some(household_description(item)),
            },
        );
    }
    feed.end()
}

fn household_description(item: &HouseholdItem) -> String {
    let mut parts = Vec::new();
    if !item.instructions.trim().is_empty() {
        parts.push(item.instructions.trim().to_owned());
    }
    if !item.where_to_go.trim().is_empty() {
        parts.push(format!("Where to go: {}", item.where_to_go.trim()));
    }
    let documents = item.documents();
    if !documents.is_empty() {
        let lines: Vec<String> = documents.iter().map(|d| format!("- {d}")).collect();
        parts.push(format!("What to bring:\n{}", lines.join("\n")));
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::{Feed, FeedContext};

    #[test]
    fn long_lines_fold_to_75_octets_on_character_boundaries_and_text_is_escaped() {
        let mut feed = Feed { out: String::new() };
        let text = "Přihlášení k pobytu — ".repeat(20);
        feed.text("DESCRIPTION", &text);
        assert!(feed.out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            feed.out.replace("\r\n ", ""),
            format!("DESCRIPTION:{text}\r\n")
        );
        let mut feed = Feed { out: String::new() };
        feed.text("SUMMARY", "a;b,c\\d\ne");
        assert_eq!(feed.out, "SUMMARY:a\\;b\\,c\\\\d\\ne\r\n");
        let mut feed = Feed { out: String::new() };
        feed.raw("A", "b");
        assert_eq!(feed.out, "A:b\r\n");
    }

    #[test]
    fn a_window_item_spans_from_its_opening_to_the_day_after_its_due_date() {
        use crate::db::calendar_items::DueItem;
        let day = |d| chrono::NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
        let item = DueItem {
            item_id: 7,
            case_id: 3,
            person: "Priya Sharma".into(),
            title: "Apply to extend the card".into(),
            opens_on: Some(day(1)),
            due_on: day(20),
            version: 4,
            updated_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        };
        let context = FeedContext {
            base_url: "https://cases.centre.cz".into(),
            name: "softland: Jana".into(),
        };
        let ics = super::staff_feed(&context, &[item]);
        assert!(ics.contains("DTSTART;VALUE=DATE:20270301\r\n"), "{ics}");
        assert!(ics.contains("DTEND;VALUE=DATE:20270321\r\n"), "{ics}");
        assert!(ics.contains("UID:item-7@cases.centre.cz\r\n"), "{ics}");
        assert!(ics.contains("SEQUENCE:4\r\n"), "{ics}");
    }

    #[test]
    fn uids_name_the_public_host_or_softland() {
        let context = |base: &str| FeedContext {
            base_url: base.to_owned(),
            name: String::new(),
        };
        assert_eq!(
            context("https://cases.centre.cz/app").host(),
            "cases.centre.cz"
        );
        assert_eq!(context("http://127.0.0.1:8080").host(), "127.0.0.1");
        assert_eq!(context("").host(), "softland");
    }
}
