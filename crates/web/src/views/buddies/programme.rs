//! `templates/buddies/programme.html`: the coordinator's view of the programme — open
//! requests and how long they wait, the pairs, the ambassadors' load, applicants, how matches
//! ended, the averages, and the calls for the centre's help.

use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;
use softland_domain::date_format::{count, long};

use super::{HelpCallLine, availability, help_call_line, places, state_text, topics, waited};
use crate::commands::buddies::{OpenRequest, Programme};
use crate::db::buddies::{Ambassador, AmbassadorStatus, Match, end_reason_label};
use crate::views::nav::Nav;

/// A request waiting for a match.
pub struct OpenRow {
    /// The request.
    pub id: i64,
    /// The newcomer's case.
    pub case_id: i64,
    /// The newcomer.
    pub person: String,
    /// What they want help with.
    pub topics: String,
    /// Their languages.
    pub languages: String,
    /// "12 days".
    pub waiting: String,
    /// "waiting for a buddy", "proposed to …".
    pub state: String,
}

/// A matched pair.
pub struct PairRow {
    /// The match.
    pub id: i64,
    /// The newcomer's case.
    pub case_id: i64,
    /// The newcomer.
    pub person: String,
    /// The ambassador's profile.
    pub ambassador_id: i64,
    /// The ambassador.
    pub ambassador: String,
    /// When the ambassador accepted.
    pub since: String,
    /// The latest check-in's day, or "none yet".
    pub last_checkin: String,
}

/// An ambassador in the load table.
pub struct AmbassadorRow {
    /// Their profile.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// "Active", "Paused" …
    pub status: &'static str,
    /// Badge class.
    pub status_class: &'static str,
    /// "2 of 3 places taken".
    pub load: String,
    /// "until …", "open-ended".
    pub availability: String,
    /// "Hindi, English".
    pub languages: String,
    /// Their district, or empty.
    pub district: String,
    /// When they applied.
    pub applied: String,
}

impl AmbassadorRow {
    /// The row of `a` on `today`.
    pub fn new(a: &Ambassador, today: NaiveDate, tz: Tz) -> Self {
        let names: Vec<_> = a.profile.languages.iter().map(|(l, _)| l.clone()).collect();
        Self {
            id: a.id.0,
            name: a.name.clone(),
            status: a.status.label(),
            status_class: super::status_class(a.status),
            load: places(a),
            availability: availability(a, today),
            languages: super::languages(&names),
            district: a.profile.district.clone().unwrap_or_default(),
            applied: super::day(a.applied_at, tz),
        }
    }
}

/// The programme page.
#[derive(Template)]
#[template(path = "buddies/programme.html")]
pub struct ProgrammePage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// The figures, a sentence each.
    pub figures: Vec<String>,
    /// Open requests, the longest waiting first.
    pub open: Vec<OpenRow>,
    /// Accepted and active pairs.
    pub pairs: Vec<PairRow>,
    /// Approved and paused ambassadors.
    pub ambassadors: Vec<AmbassadorRow>,
    /// Applicants waiting for approval.
    pub applicants: Vec<AmbassadorRow>,
    /// (reason, how many), every reason.
    pub ended: Vec<(&'static str, usize)>,
    /// Calls for the centre's help not handled yet.
    pub help_calls: Vec<HelpCallLine>,
}

/// The page's context besides the programme.
pub struct Context {
    /// Navigation.
    pub nav: Nav,
    /// Today.
    pub today: NaiveDate,
    /// The centre's time zone.
    pub tz: Tz,
}

fn open_row(o: &OpenRequest) -> OpenRow {
    OpenRow {
        id: o.request.id.0,
        case_id: o.request.case.0,
        person: o.request.person_name.clone(),
        topics: topics(&o.request.request.topics),
        languages: super::languages(&o.request.request.languages),
        waiting: waited(o.waiting_days),
        state: state_text(&o.request),
    }
}

fn pair_row(m: &Match, last_checkin: Option<&NaiveDate>, tz: Tz) -> PairRow {
    PairRow {
        id: m.id.0,
        case_id: m.case.0,
        person: m.person_name.clone(),
        ambassador_id: m.ambassador.map_or(0, |a| a.0),
        ambassador: m.ambassador_name.clone().unwrap_or_default(),
        since: m
            .accepted_at
            .map(|at| super::day(at, tz))
            .unwrap_or_default(),
        last_checkin: last_checkin.map_or_else(|| "none yet".to_owned(), |d| long(*d)),
    }
}

impl ProgrammePage {
    /// The page of `p`.
    pub fn new(p: Programme, cx: Context) -> Self {
        let (applicants, ambassadors): (Vec<_>, Vec<_>) = p
            .ambassadors
            .iter()
            .filter(|a| a.status != AmbassadorStatus::Declined)
            .partition(|a| a.status == AmbassadorStatus::Applied);
        let row = |a: &&Ambassador| AmbassadorRow::new(a, cx.today, cx.tz);
        Self {
            figures: figures(&p),
            open: p.open.iter().map(open_row).collect(),
            pairs: p
                .pairs
                .iter()
                .map(|m| pair_row(m, p.last_checkins.get(&m.id), cx.tz))
                .collect(),
            ambassadors: ambassadors.iter().map(row).collect(),
            applicants: applicants.iter().map(row).collect(),
            ended: p
                .ended_by_reason
                .iter()
                .map(|(r, n)| (end_reason_label(*r), *n))
                .collect(),
            help_calls: p.help_calls.into_iter().map(help_call_line).collect(),
            nav: cx.nav,
            notice: None,
        }
    }
}

/// "3.5 days", "less than a day".
pub fn days_in_words(days: f64) -> String {
    if days < 1.0 {
        "less than a day".to_owned()
    } else {
        format!("{days:.1} days").replace(".0 days", " days")
    }
}

/// "3 requests are", "1 pair is".
fn how_many(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one} is")
    } else {
        format!("{n} {many} are")
    }
}

fn counted(n: usize, unit: &str) -> String {
    count(i64::try_from(n).unwrap_or(i64::MAX), unit)
}

/// The programme's figures in words.
fn figures(p: &Programme) -> Vec<String> {
    let waiting = match p.open.first() {
        None => "No request is waiting for a buddy.".to_owned(),
        Some(longest) => format!(
            "{} waiting for a buddy; the longest for {}.",
            how_many(p.open.len(), "request", "requests"),
            waited(longest.waiting_days)
        ),
    };
    let pairs = format!(
        "{} matched (accepted or active).",
        how_many(p.pairs.len(), "pair", "pairs")
    );
    let active: Vec<_> = p
        .ambassadors
        .iter()
        .filter(|a| a.status == AmbassadorStatus::Active)
        .collect();
    let free: usize = active.iter().map(|a| usize::from(a.free_places())).sum();
    let ambassadors = format!(
        "{} active, {} free; {} waiting for approval.",
        counted(active.len(), "ambassador"),
        counted(free, "place"),
        counted(p.applicants().count(), "applicant"),
    );
    let time = p.average_days_to_match.map_or_else(
        || "No request has been matched yet, so there is no average time to a match.".to_owned(),
        |days| {
            let days = days_in_words(days);
            format!("From a request to an accepted match takes {days} on average.")
        },
    );
    let rating = p.rating.map_or_else(
        || "No newcomer has rated an ended match yet.".to_owned(),
        |(avg, n)| {
            let n = counted(n, "rating");
            format!("Newcomers rate their matches {avg:.1} of 5 on average ({n}).")
        },
    );
    vec![waiting, pairs, ambassadors, time, rating]
}

#[cfg(test)]
mod tests {
    use super::days_in_words;

    #[test]
    fn average_days_read_as_words() {
        assert_eq!(days_in_words(0.4), "less than a day");
        assert_eq!(days_in_words(2.0), "2 days");
        assert_eq!(days_in_words(2.54), "2.5 days");
    }
}
