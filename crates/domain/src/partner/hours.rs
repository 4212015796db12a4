//! Opening hours as people type them ("Mon-Thu 8:00-12:00, 13:00-17:00; Fri 8-14;
//! Sat-Sun closed"), checked and written back in one canonical form.

use std::fmt;

use chrono::{NaiveTime, Timelike, Weekday};

/// The most entries one partner's opening hours have.
const MAX_ENTRIES: usize = 14;
/// The most characters of one entry.
const MAX_ENTRY_CHARS: usize = 100;

/// Closing at midnight ("24:00"): the last instant of the day, so every time of the day is
/// before it.
fn end_of_day() -> NaiveTime {
    NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap_or(NaiveTime::MIN)
}

/// Validated opening hours: entries of days with their open ranges, or closed. A day is in
/// at most one entry; the ranges of a day are in order and do not overlap. Closing at
/// midnight ("24:00") is kept as the last instant of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningHours {
    /// In week order of their first day.
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// In week order, Monday first, each once.
    days: Vec<Weekday>,
    /// Sorted, not overlapping; empty when closed.
    ranges: Vec<(NaiveTime, NaiveTime)>,
}

/// What is wrong with one entry of opening hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursProblem {
    /// More than 14 entries.
    #[error(
        "there are more than 14 entries; join days with the same hours, e.g. Mon-Fri 8:00-16:00"
    )]
    TooManyEntries,
    /// An entry longer than 100 characters.
    #[error("an entry has at most 100 characters")]
    TooLong,
    /// No days before the hours.
    #[error("write the days first, e.g. Mon-Fri 8:00-16:00")]
    NoDays,
    /// Days, but no hours and not "closed".
    #[error("after the days write the hours, e.g. Mon-Fri 8:00-16:00, or closed")]
    NoHours,
    /// A word that is not a day.
    #[error("“{0}” is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun")]
    UnknownDay(String),
    /// A range of days going backwards.
    #[error("{0}–{1} runs backwards; write days from Monday to Sunday, e.g. Mon-Fri")]
    BackwardDays(Weekday, Weekday),
    /// A day twice in one entry.
    #[error("{0} is given twice")]
    DayTwice(Weekday),
    /// A day given in an earlier entry.
    #[error("{0} is already given in entry {1}")]
    DayAgain(Weekday, usize),
    /// Not `open-close`.
    #[error("“{0}” is not a time range; write e.g. 8:00-12:00")]
    BadRange(String),
    /// Not a time of day.
    #[error("“{0}” is not a time; write e.g. 8:00 or 16:30")]
    BadTime(String),
    /// The closing time is not after the opening time.
    #[error("{close} is not after {open}")]
    NotAfter {
        /// The opening time, as written back.
        open: String,
        /// The closing time, as written back.
        close: String,
    },
    /// Two ranges of a day overlap.
    #[error("{0} overlaps {1}")]
    Overlap(String, String),
}

/// Opening hours that cannot be read: which entry (1-based, blank ones not counted) and what
/// is wrong with it, in words to show beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entry {entry}: {problem}")]
pub struct InvalidOpeningHours {
    /// The entry, counting from 1.
    pub entry: usize,
    /// What is wrong.
    pub problem: HoursProblem,
}

impl OpeningHours {
    /// Reads opening hours: entries on separate lines or separated by `;`. Each entry is
    /// days (`Mon`, `Monday`, `Mon-Fri`, `Mon, Wed`; any case, hyphen or en dash) followed by
    /// time ranges (`8:00-12:00`, `8-16`, separated by commas; `24:00` closes at midnight)
    /// or by `closed`. Blank input means the hours are not given: `Ok(None)`.
    pub fn parse(raw: &str) -> Result<Option<Self>, InvalidOpeningHours> {
        let texts: Vec<&str> = raw
            .split(['\n', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return Ok(None);
        }
        if texts.len() > MAX_ENTRIES {
            return Err(InvalidOpeningHours {
                entry: MAX_ENTRIES + 1,
                problem: HoursProblem::TooManyEntries,
            });
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: [Option<usize>; 7] = [None; 7];
        for (i, text) in texts.iter().enumerate() {
            let number = i + 1;
            let fail = |problem| InvalidOpeningHours {
                entry: number,
                problem,
            };
            let entry = parse_entry(text).map_err(fail)?;
            for &day in &entry.days {
                let slot = &mut seen[day.num_days_from_monday() as usize];
                if let Some(first) = *slot {
                    return Err(fail(HoursProblem::DayAgain(day, first)));
                }
                *slot = Some(number);
            }
            entries.push(entry);
        }
        entries.sort_by_key(|e| e.days.first().map(Weekday::num_days_from_monday));
        Ok(Some(Self { entries }))
    }

    /// The canonical text, which [`OpeningHours::parse`] reads back to an equal value:
    /// `Mon–Thu 08:00–12:00, 13:00–17:00; Fri 08:00–14:00; Sat–Sun closed`.
    pub fn to_text(&self) -> String {
        self.lines().join("; ")
    }

    /// One line per entry, in week order, for display ("Mon–Thu 08:00–12:00, 13:00–17:00").
    pub fn lines(&self) -> Vec<String> {
        self.entries.iter().map(Entry::line).collect()
    }

    /// The open ranges on `day`: `None` when the day is not mentioned, empty when closed.
    pub fn on(&self, day: Weekday) -> Option<&[(NaiveTime, NaiveTime)]> {
        self.entries
            .iter()
            .find(|e| e.days.contains(&day))
            .map(|e| e.ranges.as_slice())
    }

    /// Whether the partner is open on `day` at `time` (from the opening time, until before
    /// the closing time); `None` when the day is not mentioned.
    pub fn is_open_at(&self, day: Weekday, time: NaiveTime) -> Option<bool> {
        self.on(day).map(|ranges| {
            ranges
                .iter()
                .any(|&(open, close)| open <= time && time < close)
        })
    }
}

impl fmt::Display for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl Entry {
    fn line(&self) -> String {
        let hours = if self.ranges.is_empty() {
            "closed".to_owned()
        } else {
            self.ranges
                .iter()
                .map(|&(open, close)| range_text(open, close))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!("{} {hours}", days_text(&self.days))
    }
}

/// "Mon–Wed, Fri, Sat–Sun": runs of two or more days as a range.
fn days_text(days: &[Weekday]) -> String {
    let mut runs: Vec<(Weekday, Weekday)> = Vec::new();
    for &day in days {
        match runs.last_mut() {
            Some((_, last)) if last.succ() == day && day != Weekday::Mon => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn time_text(time: NaiveTime) -> String {
    if time == end_of_day() {
        "24:00".to_owned()
    } else {
        format!("{:02}:{:02}", time.hour(), time.minute())
    }
}

fn range_text(open: NaiveTime, close: NaiveTime) -> String {
    format!("{}–{}", time_text(open), time_text(close))
}

fn parse_entry(text: &str) -> Result<Entry, HoursProblem> {
    if text.chars().count() > MAX_ENTRY_CHARS {
        return Err(HoursProblem::TooLong);
    }
    let (days, hours) = match text.find(|c: char| c.is_ascii_digit()) {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => match text.len().checked_sub("closed".len()) {
            Some(at) if text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case("closed") => {
                (&text[..at], None)
            }
            _ => return Err(missing_hours(text)),
        },
    };
    let days = days.trim().trim_end_matches(':').trim();
    if days.is_empty() {
        return Err(HoursProblem::NoDays);
    }
    let days = parse_days(days)?;
    let ranges = match hours {
        Some(hours) => parse_ranges(hours)?,
        None => Vec::new(),
    };
    Ok(Entry { days, ranges })
}

/// The problem of an entry with neither hours nor "closed".
fn missing_hours(text: &str) -> HoursProblem {
    match parse_days(text.trim_end_matches(':').trim()) {
        Ok(_) => HoursProblem::NoHours,
        Err(problem) => problem,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

fn parse_days(text: &str) -> Result<Vec<Weekday>, HoursProblem> {
    let mut days: Vec<Weekday> = Vec::new();
    for piece in text.split(',').map(str::trim) {
        let (from, to) = match piece.split_once(is_dash) {
            Some((a, b)) => (day(a.trim())?, day(b.trim())?),
            None => (day(piece)?, day(piece)?),
        };
        if to.num_days_from_monday() < from.num_days_from_monday() {
            return Err(HoursProblem::BackwardDays(from, to));
        }
        let mut d = from;
        loop {
            if days.contains(&d) {
                return Err(HoursProblem::DayTwice(d));
            }
            days.push(d);
            if d == to {
                break;
            }
            d = d.succ();
        }
    }
    days.sort_by_key(Weekday::num_days_from_monday);
    Ok(days)
}

fn day(word: &str) -> Result<Weekday, HoursProblem> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let lower = word.to_lowercase();
    NAMES
        .iter()
        .find(|(full, _)| lower == *full || (lower.len() == 3 && full.starts_with(&lower)))
        .map(|&(_, d)| d)
        .ok_or_else(|| HoursProblem::UnknownDay(word.to_owned()))
}

fn parse_ranges(text: &str) -> Result<Vec<(NaiveTime, NaiveTime)>, HoursProblem> {
    let mut ranges = Vec::new();
    for piece in text.split(',').map(str::trim) {
        let bad = || HoursProblem::BadRange(piece.to_owned());
        let (open, close) = piece.split_once(is_dash).ok_or_else(bad)?;
        let (open, close) = (time(open.trim(), false)?, time(close.trim(), true)?);
        if close <= open {
            return Err(HoursProblem::NotAfter {
                open: time_text(open),
                close: time_text(close),
            });
        }
        ranges.push((open, close));
    }
    ranges.sort();
    for pair in ranges.windows(2) {
        if pair[1].0 < pair[0].1 {
            return Err(HoursProblem::Overlap(
                range_text(pair[1].0, pair[1].1),
                range_text(pair[0].0, pair[0].1),
            ));
        }
    }
    Ok(ranges)
}

/// `8`, `08`, `8:30`, `08.30`; `24:00` only as a closing time.
fn time(text: &str, closing: bool) -> Result<NaiveTime, HoursProblem> {
    let bad = || HoursProblem::BadTime(text.to_owned());
    let (hour, minute) = match text.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(bad()),
        None => (text, "00"),
    };
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !digits(hour) || !digits(minute) {
        return Err(bad());
    }
    let (hour, minute): (u32, u32) = (
        hour.parse().map_err(|_| bad())?,
        minute.parse().map_err(|_| bad())?,
    );
    if closing && hour == 24 && minute == 0 {
        return Ok(end_of_day());
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(bad)
}
