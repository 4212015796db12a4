//! `templates/admin/access_log.html`: the access log, filtered and paged (issue 23), and its
//! CSV. Only ids, names and addresses are shown: the log holds no field values.

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::day_of;
use crate::access::AccessKind;
use crate::commands::FieldErrors;
use crate::commands::access_log::AccessLogInput;
use crate::db::access_log::{AccessLine, AccessPage};
use crate::views::cases::csv::{BOM, neutralise};
use crate::views::nav::Nav;

/// "Sat 5 Dec 2026 09:10" in the centre's time zone.
pub fn moment(at: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{} {}",
        day_of(at, zone),
        at.with_timezone(&zone).format("%H:%M:%S")
    )
}

/// A line of the table.
pub struct AccessRow {
    /// When, in words.
    pub at: String,
    /// When, ISO 8601.
    pub at_iso: String,
    /// The viewer's id.
    pub user: i64,
    /// The viewer's name ("account #7" once gone).
    pub viewer: String,
    /// "Consultant", "Employer user" …, and "API token #3" when through a token.
    pub how: String,
    /// The kind of view, in words.
    pub kind: &'static str,
    /// The case's id and principal, if a case.
    pub case: Option<(i64, String)>,
    /// Person, file and document ids, in words ("person 12, file 4").
    pub detail: String,
    /// The address, or "—".
    pub address: String,
    /// The request id.
    pub request_id: String,
}

fn role_words(role: crate::auth::Role) -> &'static str {
    use crate::auth::Role;
    match role {
        Role::Admin => "Admin",
        Role::Consultant => "Consultant",
        Role::Expat => "Expat (portal)",
        Role::Buddy => "Ambassador",
        Role::Employer => "Employer user",
    }
}

impl AccessRow {
    /// The row of `line`.
    pub fn of(line: &AccessLine, zone: Tz) -> Self {
        let e = &line.entry;
        let mut how = role_words(e.viewer.role).to_owned();
        if let Some(token) = e.viewer.token {
            how = format!("{how}, API token #{token}");
        }
        let mut detail = Vec::new();
        if let Some(p) = e.viewed.person {
            detail.push(format!("person {p}"));
        }
        if let Some(f) = e.viewed.file {
            detail.push(format!("file {f}"));
        }
        if let Some(d) = e.viewed.document {
            detail.push(format!("document {}", d.get()));
        }
        Self {
            at: moment(e.at, zone),
            at_iso: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            user: e.viewer.user.0,
            viewer: line
                .viewer_name
                .clone()
                .unwrap_or_else(|| format!("account #{}", e.viewer.user)),
            how,
            kind: e.kind.label(),
            case: e.viewed.case.map(|c| {
                let name = line.case_name.clone().unwrap_or_else(|| "(erased)".into());
                (c.0, name)
            }),
            detail: detail.join(", "),
            address: e.address.map_or_else(|| "—".to_owned(), |a| a.to_string()),
            request_id: e.request_id.clone(),
        }
    }
}

/// A choice of the kind filter.
pub struct KindChoice {
    /// Its key.
    pub value: &'static str,
    /// Its words.
    pub label: &'static str,
    /// Whether chosen.
    pub selected: bool,
}

/// The access log page.
#[derive(Template)]
#[template(path = "admin/access_log.html")]
pub struct AccessLogPage {
    /// Navigation.
    pub nav: Nav,
    /// "Access log", "Who viewed case #12", "What Jana Dvořáková viewed".
    pub heading: String,
    /// The filters as typed.
    pub form: AccessLogInput,
    /// Their mistakes.
    pub errors: FieldErrors,
    /// The kinds to filter by.
    pub kinds: Vec<KindChoice>,
    /// The page's lines.
    pub rows: Vec<AccessRow>,
    /// Every matching line.
    pub total: u64,
    /// The address of the page before, if any.
    pub newer: Option<String>,
    /// The address of the page after, if any.
    pub older: Option<String>,
    /// The CSV of the filtered list.
    pub csv: String,
}

/// The query string of `form` (and `page`).
fn query(form: &AccessLogInput, page: Option<u64>) -> String {
    let mut q = serde_html_form::to_string(form).unwrap_or_default();
    if let Some(p) = page {
        if !q.is_empty() {
            q.push('&');
        }
        q = format!("{q}page={p}");
    }
    q
}

impl AccessLogPage {
    /// The page `n` of `found` lines (of `per_page`), for the filters `form`.
    pub fn new(
        nav: Nav,
        form: AccessLogInput,
        shown: Option<(&AccessPage, u64, u64)>,
        zone: Tz,
    ) -> Self {
        let kinds = AccessKind::ALL
            .into_iter()
            .map(|k| KindChoice {
                value: k.key(),
                label: k.label(),
                selected: form.kind == k.key(),
            })
            .collect();
        let (rows, total, newer, older) = match shown {
            Some((found, page, per_page)) => {
                let rows = found.lines.iter().map(|l| AccessRow::of(l, zone)).collect();
                let newer = (page > 1)
                    .then(|| format!("/admin/access-log?{}", query(&form, Some(page - 1))));
                let older = (page.saturating_mul(per_page) < found.total)
                    .then(|| format!("/admin/access-log?{}", query(&form, Some(page + 1))));
                (rows, found.total, newer, older)
            }
            None => (Vec::new(), 0, None, None),
        };
        let heading = heading(&form, shown.and_then(|(f, _, _)| f.lines.first()));
        Self {
            nav,
            heading,
            csv: format!("/admin/access-log.csv?{}", query(&form, None)),
            form,
            errors: FieldErrors::new(),
            kinds,
            rows,
            total,
            newer,
            older,
        }
    }
}

/// The heading: the per-case and per-user views name what they show.
fn heading(form: &AccessLogInput, first: Option<&AccessLine>) -> String {
    let only_case = !form.case.trim().is_empty() && form.user.trim().is_empty();
    let only_user = !form.user.trim().is_empty() && form.case.trim().is_empty();
    if only_case {
        format!("Who viewed case #{}", form.case.trim())
    } else if only_user {
        let name = first.and_then(|l| l.viewer_name.clone());
        match name {
            Some(name) => format!("What {name} viewed"),
            None => format!("What account #{} viewed", form.user.trim()),
        }
    } else {
        "Access log".to_owned()
    }
}

/// The CSV header.
const HEADER: [&str; 11] = [
    "at",
    "user id",
    "user",
    "role",
    "api token",
    "kind",
    "case",
    "person",
    "file",
    "address",
    "request id",
];

/// The lines as a CSV file (semicolons, a byte order mark, formula cells neutralised).
pub fn access_csv(lines: &[AccessLine]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for l in lines {
        let e = &l.entry;
        let cells = [
            e.at.to_rfc3339(),
            e.viewer.user.to_string(),
            l.viewer_name.clone().unwrap_or_default(),
            role_words(e.viewer.role).to_owned(),
            e.viewer.token.map(|t| t.to_string()).unwrap_or_default(),
            e.kind.label().to_owned(),
            e.viewed.case.map(|c| c.to_string()).unwrap_or_default(),
            e.viewed.person.map(|p| p.to_string()).unwrap_or_default(),
            e.viewed.file.map(|f| f.to_string()).unwrap_or_default(),
            e.address.map(|a| a.to_string()).unwrap_or_default(),
            e.request_id.clone(),
        ];
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
