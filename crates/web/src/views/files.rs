//! `templates/files/`: the files of a case, for staff (`case.html`: review, preview, delete)
//! and for the household (`portal.html`: per item requested → uploaded → accepted / please
//! upload again).

use askama::Template;
use softland_domain::file::{PapersState, Review, ScanStatus};
use softland_domain::status::StatusKind;

use super::nav::Nav;
use super::portal::PortalChrome;
use crate::db::cases::StoredCase;
use crate::db::files::CaseFile;

/// The `accept` list of every file input: the kinds accepted.
pub const ACCEPT: &str = "image/jpeg,image/png,image/heic,image/heif,application/pdf";

/// One file as listed.
#[derive(Debug, Clone)]
pub struct FileView {
    /// Id.
    pub id: i64,
    /// The name, made safe (escaped again by the template).
    pub name: String,
    /// "PDF, 120 KB".
    pub what: String,
    /// "uploaded by Priya on 2026-12-06 10:14".
    pub uploaded: String,
    /// "Awaiting review", "Accepted", "Needs another copy".
    pub review: &'static str,
    /// The reason another copy is needed.
    pub reason: String,
    /// Whether it was accepted.
    pub accepted: bool,
    /// "not scanned" or "scanned, clean".
    pub scan: &'static str,
}

/// Files grouped by what they answer.
#[derive(Debug, Clone)]
pub struct FileGroup {
    /// `item-17` or `other`.
    pub anchor: String,
    /// The item's id (0 for the case's other files).
    pub item: i64,
    /// The item's title, or "Other files of the case".
    pub title: String,
    /// Requested → uploaded → accepted / please upload again.
    pub state: &'static str,
    /// Whether the expat may add files here (an open item).
    pub open: bool,
    /// Its files, oldest first.
    pub files: Vec<FileView>,
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => {
            let tenths = b * 10 / (1024 * 1024);
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

fn file_view(file: &CaseFile, tz: chrono_tz::Tz) -> FileView {
    let (review, reason) = match &file.review {
        Review::Pending => ("Awaiting review", String::new()),
        Review::Accepted => ("Accepted", String::new()),
        Review::NeedsAnotherCopy(r) => ("Needs another copy", r.as_str().to_owned()),
    };
    FileView {
        id: file.id.0,
        name: file.name.as_str().to_owned(),
        what: format!("{}, {}", file.kind.label(), size(file.size)),
        uploaded: format!(
            "uploaded by {} on {}",
            file.uploader_name.as_deref().unwrap_or("a former user"),
            file.uploaded_at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        ),
        review,
        reason,
        accepted: file.review == Review::Accepted,
        scan: match file.scan {
            ScanStatus::NotScanned => "not scanned for viruses",
            ScanStatus::Clean => "scanned, no virus found",
        },
    }
}

/// The groups of `stored`'s files: one per item that asks for papers or has files (only
/// open ones unless `all`), then the rest.
pub fn groups(stored: &StoredCase, files: &[CaseFile], tz: chrono_tz::Tz) -> Vec<FileGroup> {
    let mut out = Vec::new();
    for (index, (item, id)) in stored.case.items().iter().zip(&stored.item_ids).enumerate() {
        let mine: Vec<&CaseFile> = files.iter().filter(|f| f.item == Some(*id)).collect();
        let kind = item.status().kind();
        let open = kind.is_open();
        let asks = !item.documents().is_empty() && open && kind != StatusKind::NotApplicable;
        if mine.is_empty() && !asks {
            continue;
        }
        let reviews: Vec<&Review> = mine.iter().map(|f| &f.review).collect();
        out.push(FileGroup {
            anchor: format!("item-{id}"),
            item: id.0,
            // "Give your biometrics — Sunita Kumar": the same item of two people is two
            // sections, each with a name of its own.
            title: stored.case.item_subject(index),
            state: PapersState::of(&reviews).label(),
            open,
            files: mine.into_iter().map(|f| file_view(f, tz)).collect(),
        });
    }
    let rest: Vec<FileView> = files
        .iter()
        .filter(|f| f.item.is_none())
        .map(|f| file_view(f, tz))
        .collect();
    out.push(FileGroup {
        anchor: "other".to_owned(),
        item: 0,
        title: "Other papers of the household".to_owned(),
        state: if rest.is_empty() { "" } else { "Uploaded" },
        open: true,
        files: rest,
    });
    out
}

/// `templates/files/case.html`: a case's files for staff.
#[derive(Template)]
#[template(path = "files/case.html")]
pub struct CaseFilesPage {
    /// Navigation.
    pub nav: Nav,
    /// The case id.
    pub id: i64,
    /// The principal's name.
    pub title: String,
    /// The files by item.
    pub groups: Vec<FileGroup>,
    /// The people: (id, name).
    pub people: Vec<(i64, String)>,
    /// The `accept` list.
    pub accept: &'static str,
    /// A message after a change.
    pub flash: Option<String>,
    /// Why the last upload or review was refused: shown in an error summary and beside the
    /// form it concerns.
    pub problem: Option<String>,
}

/// `templates/files/portal.html`: the household's papers in the portal.
#[derive(Template)]
#[template(path = "files/portal.html")]
pub struct PortalFilesPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// The case id.
    pub id: i64,
    /// The files by item.
    pub groups: Vec<FileGroup>,
    /// The `accept` list.
    pub accept: &'static str,
    /// A message after a change.
    pub flash: Option<String>,
    /// Why the last upload was refused, and the anchor of the group whose form it came from.
    pub problem: Option<(String, String)>,
}
