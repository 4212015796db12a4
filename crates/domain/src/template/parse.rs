//! Raw TOML shapes to validated template items and back.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::raw::{RawDeadline, RawItem};
use super::{AppliesTo, Category, Doer, TemplateFault, TemplateItem, Watch};
use crate::deadline::{Anchor, DeadlineRule, Direction, Offset, Roll, Schedule, Unit};
use crate::key::ItemKey;
use crate::key_date::KeyDate;

/// A fault located in one item: its key (or `#n`) and what is wrong.
pub(super) type ItemFault = (String, TemplateFault);

const DONE_PREFIX: &str = "done:";

fn required(value: Option<String>, field: &'static str) -> Result<String, TemplateFault> {
    let text = value.ok_or(TemplateFault::Missing(field))?;
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(TemplateFault::Empty(field));
    }
    Ok(text)
}

/// A required web address: `http://` or `https://`, a host, no spaces or control
/// characters (it becomes a link on staff pages: `javascript:` and the like never do).
pub(super) fn web_address(
    value: Option<String>,
    field: &'static str,
) -> Result<String, TemplateFault> {
    let text = required(value, field)?;
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or(TemplateFault::NotWebAddress(field))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let clean = !text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<');
    if host.is_empty() || !clean || text.len() > 2000 {
        return Err(TemplateFault::NotWebAddress(field));
    }
    Ok(text)
}

fn optional_text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn unknown(field: &'static str, value: &str, expected: &[&str]) -> TemplateFault {
    TemplateFault::UnknownValue {
        field,
        value: value.to_owned(),
        expected: expected.join(", "),
    }
}

fn date(value: Option<String>, field: &'static str) -> Result<Option<NaiveDate>, TemplateFault> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                TemplateFault::Range(format!(
                    "`{field}` must be a date like 2026-01-31, not `{v}`"
                ))
            })
        })
        .transpose()
}

/// Validates one item on its own (dependencies are checked across the template later).
pub(super) fn item(raw: RawItem, index: usize) -> Result<TemplateItem, ItemFault> {
    let name = raw.key.clone().unwrap_or_else(|| format!("#{}", index + 1));
    item_fields(raw).map_err(|fault| (name, fault))
}

fn item_fields(raw: RawItem) -> Result<TemplateItem, TemplateFault> {
    let key = ItemKey::parse(&required(raw.key, "key")?)?;
    let category_text = required(raw.category, "category")?;
    let category = Category::parse(&category_text).ok_or_else(|| {
        let names: Vec<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
        unknown("category", &category_text, &names)
    })?;
    let applies_text = required(raw.applies_to, "applies_to")?;
    let applies_to = AppliesTo::parse(&applies_text).ok_or_else(|| {
        let names: Vec<_> = AppliesTo::ALL.iter().map(|a| a.as_str()).collect();
        unknown("applies_to", &applies_text, &names)
    })?;
    let watch = watch(raw.watch)?;
    let doer = doer(raw.doer)?;
    let valid_from = date(raw.valid_from, "valid_from")?;
    let valid_until = date(raw.valid_until, "valid_until")?;
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && from > until
    {
        return Err(TemplateFault::Range(format!(
            "valid_from {from} is after valid_until {until}"
        )));
    }
    if let (Some(min), Some(max)) = (raw.min_age, raw.max_age)
        && min > max
    {
        return Err(TemplateFault::Range(format!(
            "min_age {min} is above max_age {max}"
        )));
    }
    let documents = raw
        .documents
        .into_iter()
        .map(|d| d.trim().to_owned())
        .collect::<Vec<_>>();
    if documents.iter().any(String::is_empty) {
        return Err(TemplateFault::Empty("documents"));
    }
    let depends_on = raw
        .depends_on
        .iter()
        .map(|d| ItemKey::parse(d.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TemplateItem {
        key,
        title: required(raw.title, "title")?,
        category,
        applies_to,
        instructions: required(raw.instructions, "instructions")?,
        where_to_go: required(raw.where_to_go, "where_to_go")?,
        documents,
        deadline: raw.deadline.as_ref().map(deadline).transpose()?,
        depends_on,
        valid_from,
        valid_until,
        min_age: raw.min_age,
        max_age: raw.max_age,
        watch,
        source: web_address(raw.source, "source")?,
        caveat: optional_text(raw.caveat),
        doer,
    })
}

fn watch(raw: Option<String>) -> Result<Option<Watch>, TemplateFault> {
    optional_text(raw)
        .map(|w| {
            Watch::parse(&w).ok_or_else(|| {
                let names: Vec<_> = Watch::ALL.iter().map(|w| w.as_str()).collect();
                unknown("watch", &w, &names)
            })
        })
        .transpose()
}

fn doer(raw: Option<String>) -> Result<Doer, TemplateFault> {
    optional_text(raw).map_or(Ok(Doer::Expat), |d| {
        Doer::parse(&d).ok_or_else(|| {
            let names: Vec<_> = Doer::ALL.iter().map(|d| d.as_str()).collect();
            unknown("doer", &d, &names)
        })
    })
}

fn anchor(text: &str) -> Result<Anchor, TemplateFault> {
    if let Some(key) = text.strip_prefix(DONE_PREFIX) {
        return Ok(Anchor::ItemDone(ItemKey::parse(key.trim())?));
    }
    text.parse::<KeyDate>().map(Anchor::Date).map_err(|_| {
        let names: Vec<_> = KeyDate::ALL.iter().map(|k| k.as_str()).collect();
        TemplateFault::UnknownAnchor(text.to_owned(), names.join(", "))
    })
}

fn unit(text: Option<&str>) -> Result<Unit, TemplateFault> {
    match text.unwrap_or("days") {
        "days" => Ok(Unit::Days),
        "working_days" => Ok(Unit::WorkingDays),
        "weeks" => Ok(Unit::Weeks),
        "months" => Ok(Unit::Months),
        "years" => Ok(Unit::Years),
        other => Err(unknown(
            "unit",
            other,
            &["days", "working_days", "weeks", "months", "years"],
        )),
    }
}

fn roll(text: Option<&str>, default: Roll) -> Result<Roll, TemplateFault> {
    match text {
        None => Ok(default),
        Some("next_working_day") => Ok(Roll::NextWorkingDay),
        Some("previous_working_day") => Ok(Roll::PreviousWorkingDay),
        Some("none") => Ok(Roll::None),
        Some(other) => Err(unknown(
            "roll",
            other,
            &["next_working_day", "previous_working_day", "none"],
        )),
    }
}

fn one_of(
    after: Option<u32>,
    before: Option<u32>,
    what: &str,
) -> Result<Option<(u32, Direction)>, TemplateFault> {
    match (after, before) {
        (Some(_), Some(_)) => Err(TemplateFault::Deadline(format!(
            "give either `{what}after` or `{what}before`, not both"
        ))),
        (Some(n), None) => Ok(Some((n, Direction::After))),
        (None, Some(n)) => Ok(Some((n, Direction::Before))),
        (None, None) => Ok(None),
    }
}

fn bounded(offset: Offset) -> Result<Offset, TemplateFault> {
    if offset.is_bounded() {
        Ok(offset)
    } else {
        Err(TemplateFault::Deadline(
            "offsets are limited to ten years".into(),
        ))
    }
}

fn deadline(raw: &RawDeadline) -> Result<DeadlineRule, TemplateFault> {
    let anchor = anchor(
        raw.anchor
            .as_deref()
            .ok_or(TemplateFault::Missing("deadline.anchor"))?,
    )?;
    let unit = unit(raw.unit.as_deref())?;
    let plain = one_of(raw.after, raw.before, "")?;
    let opens = one_of(raw.opens_after, raw.opens_before, "opens_")?;
    let closes = one_of(raw.closes_after, raw.closes_before, "closes_")?;
    if raw.every_year_on.is_some() || raw.every_month_on.is_some() {
        return recurring(
            raw,
            anchor,
            plain.is_some() || opens.is_some() || closes.is_some(),
        );
    }
    match (plain, raw.day_of_next_month, opens) {
        (Some((amount, direction)), None, None) if closes.is_none() => {
            let offset = bounded(Offset {
                amount,
                unit,
                direction,
            })?;
            let roll = roll(raw.roll.as_deref(), offset.default_roll())?;
            Ok(DeadlineRule::Offset {
                anchor,
                offset,
                roll,
            })
        }
        (None, Some(day), None) if closes.is_none() && raw.unit.is_none() => {
            if !(1..=28).contains(&day) {
                return Err(TemplateFault::Deadline(
                    "`day_of_next_month` must be 1–28".into(),
                ));
            }
            let roll = roll(raw.roll.as_deref(), Roll::NextWorkingDay)?;
            Ok(DeadlineRule::DayOfNextMonth { anchor, day, roll })
        }
        (None, None, Some((amount, direction))) => {
            let opens = bounded(Offset {
                amount,
                unit,
                direction,
            })?;
            let (amount, direction) = closes.unwrap_or((0, Direction::Before));
            let closes = bounded(Offset {
                amount,
                unit,
                direction,
            })?;
            let roll = roll(raw.roll.as_deref(), closes.default_roll())?;
            if opens_after_it_closes(opens, closes) {
                return Err(TemplateFault::Deadline(
                    "the window opens after it closes; make `opens_…` earlier than `closes_…`"
                        .into(),
                ));
            }
            Ok(DeadlineRule::Window {
                anchor,
                opens,
                closes,
                roll,
            })
        }
        _ => Err(TemplateFault::Deadline(
            "give `after` or `before` (a period), `day_of_next_month` (with no unit), or \
             `opens_before`/`opens_after` with optional `closes_before`/`closes_after` (a window)"
                .into(),
        )),
    }
}

/// Checks that dependencies and `done:` anchors name items of the template and that they do
/// not go round in a circle.
pub(super) fn check_dependencies(items: &[TemplateItem]) -> Result<(), ItemFault> {
    let keys: BTreeSet<&ItemKey> = items.iter().map(|i| &i.key).collect();
    for item in items {
        let anchor_item = match item.deadline.as_ref().map(DeadlineRule::anchor) {
            Some(Anchor::ItemDone(k)) => Some(k),
            _ => None,
        };
        for dep in item.depends_on.iter().chain(anchor_item) {
            if !keys.contains(dep) {
                return Err((
                    item.key.to_string(),
                    TemplateFault::UnknownDependency(dep.to_string()),
                ));
            }
        }
    }
    // A `done:` anchor waits for that item just like a dependency does.
    let graph: BTreeMap<&ItemKey, Vec<&ItemKey>> = items
        .iter()
        .map(|i| {
            let anchor = match i.deadline.as_ref().map(DeadlineRule::anchor) {
                Some(Anchor::ItemDone(k)) => Some(k),
                _ => None,
            };
            (&i.key, i.depends_on.iter().chain(anchor).collect())
        })
        .collect();
    for item in items {
        if let Some(cycle) = find_cycle(&item.key, &graph, &mut Vec::new()) {
            return Err((item.key.to_string(), TemplateFault::DependencyCycle(cycle)));
        }
    }
    Ok(())
}

fn find_cycle<'a>(
    key: &'a ItemKey,
    graph: &BTreeMap<&'a ItemKey, Vec<&'a ItemKey>>,
    path: &mut Vec<&'a ItemKey>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|k| *k == key) {
        let mut cycle: Vec<String> = path[start..].iter().map(ToString::to_string).collect();
        cycle.push(key.to_string());
        return Some(cycle);
    }
    path.push(key);
    for dep in graph.get(key).map(Vec::as_slice).unwrap_or_default() {
        if let Some(cycle) = find_cycle(dep, graph, path) {
            return Some(cycle);
        }
    }
    path.pop();
    None
}

/// Whether a window with these ends opens after it closes for some anchor day. Units may
/// differ (months against days), so both ends are applied to every day of a leap year and of
/// the year after it, which covers every month length and weekday.
pub(crate) fn opens_after_it_closes(opens: Offset, closes: Offset) -> bool {
    let cal = crate::calendar::Calendar::czech();
    let Some(first) = chrono::NaiveDate::from_ymd_opt(2028, 1, 1) else {
        return false;
    };
    first
        .iter_days()
        .take(731)
        .any(|anchor| opens.apply(anchor, &cal) > closes.apply(anchor, &cal))
}

/// A recurring duty: `every_year_on = "MM-DD"` or `every_month_on = N`, alone.
fn recurring(
    raw: &RawDeadline,
    anchor: Anchor,
    other_shape: bool,
) -> Result<DeadlineRule, TemplateFault> {
    if other_shape || raw.day_of_next_month.is_some() || raw.unit.is_some() {
        return Err(TemplateFault::Deadline(
            "a recurring duty (`every_year_on` or `every_month_on`) takes no period, window or unit"
                .into(),
        ));
    }
    let schedule = match (&raw.every_year_on, raw.every_month_on) {
        (Some(text), None) => text
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
            .and_then(|(month, day)| {
                Schedule::yearly(month, day, raw.from_next_year.unwrap_or(false))
            })
            .ok_or_else(|| {
                TemplateFault::Deadline(format!(
                    "`every_year_on` is a day every year has, as \"MM-DD\" (e.g. \"04-01\"), not {text:?}"
                ))
            })?,
        (None, Some(_)) if raw.from_next_year.is_some() => {
            return Err(TemplateFault::Deadline(
                "`from_next_year` goes with `every_year_on` only".into(),
            ));
        }
        (None, Some(day)) => Schedule::monthly(day).ok_or_else(|| {
            TemplateFault::Deadline("`every_month_on` must be 1–28".into())
        })?,
        _ => {
            return Err(TemplateFault::Deadline(
                "give either `every_year_on` or `every_month_on`, not both".into(),
            ));
        }
    };
    let roll = roll(raw.roll.as_deref(), Roll::NextWorkingDay)?;
    Ok(DeadlineRule::Recurring {
        anchor,
        schedule,
        roll,
    })
}
