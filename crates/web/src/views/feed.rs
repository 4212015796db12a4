//! Calendar feeds (RFC 5545, issue 19): a consultant's open items, or an expat household's,
//! as all-day events. Written by the `icalendar` crate, which escapes text and folds lines at
//! 75 octets. Each event's UID is the item's (`item-<id>@<host>`) and its SEQUENCE the
//! item's version, so a calendar app updates an event instead of adding another; DTSTAMP is
//! the item's last change, so the same items give the same feed.

use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component as _, EventLike as _, Property};

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

fn calendar(context: &FeedContext) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//softland//calendar feed//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name(&context.name)
        .ttl(&chrono::Duration::hours(1));
    calendar
}

/// An all-day event from the day the item opens (or its due date) to its due date, both
/// included: DTEND of an all-day event is the day after (RFC 5545, 3.6.1).
fn event(context: &FeedContext, facts: EventFacts<'_>) -> icalendar::Event {
    let starts = facts
        .opens_on
        .filter(|o| *o <= facts.due_on)
        .unwrap_or(facts.due_on);
    let ends = facts.due_on + Days::new(1);
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("item-{}@{}", facts.item_id, context.host()))
        .sequence(u32::try_from(facts.version.max(0)).unwrap_or(u32::MAX))
        .timestamp(facts.updated_at)
        .starts(starts)
        .ends(ends)
        .summary(facts.summary)
        .url(&facts.url)
        .append_property(Property::new("TRANSP", "TRANSPARENT"));
    if let Some(description) = facts.description {
        event.description(&description);
    }
    event.done()
}

/// A staff feed: "Register your address — Priya Sharma", linking to the item on its case.
pub fn staff_feed(context: &FeedContext, items: &[DueItem]) -> String {
    let mut feed = calendar(context);
    for item in items {
        let summary = format!("{} — {}", item.title, item.person);
        feed.push(event(
            context,
            EventFacts {
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
        ));
    }
    folded(&feed.to_string())
}

/// An expat's feed: the plain title, what to do, where to go and what to bring (the text
/// the portal shows), linking to the task on the portal.
pub fn household_feed(context: &FeedContext, items: &[HouseholdItem]) -> String {
    let mut feed = calendar(context);
    for item in items {
        feed.push(event(
            context,
            EventFacts {
                item_id: item.item_id,
                opens_on: item.opens_on,
                due_on: item.due_on,
                version: item.version,
                updated_at: item.updated_at.with_timezone(&Utc),
                summary: &item.title,
                url: format!("{}/my#item-{}", context.base_url, item.item_id),
                description: Some(household_description(item)),
            },
        ));
    }
    folded(&feed.to_string())
}

/// `ics` with every content line folded to at most 75 octets (RFC 5545, 3.1). The crate folds
/// too, but the last piece of a long line can be 76 octets (icalendar 0.17.17), which strict
/// parsers refuse; so its lines are unfolded and folded again here, on character boundaries.
fn folded(ics: &str) -> String {
    const LIMIT: usize = 75;
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 25);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut room = LIMIT;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = LIMIT - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
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
    use super::{FeedContext, folded};

    #[test]
    fn long_lines_fold_to_75_octets_on_character_boundaries() {
        let long = format!("DESCRIPTION:{}\r\n", "Přihlášení k pobytu — ".repeat(20));
        let out = folded(&long);
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", ""), long);
        assert_eq!(folded("A:b\r\n"), "A:b\r\n");
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
