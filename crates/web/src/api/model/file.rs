//! Files of a case, as the API shows and receives them (issue 18).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use softland_domain::file::{Review, ScanStatus};
use utoipa::ToSchema;

use crate::db::files::CaseFile;

/// A file uploaded to a case (its metadata; the bytes are at `…/content`).
#[derive(Debug, Serialize, ToSchema)]
pub struct FileOut {
    /// File id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The person the file is for, if any.
    pub person_id: Option<i64>,
    /// The checklist item the file answers, if any.
    pub item_id: Option<i64>,
    /// The name as uploaded, made safe to show (no folders, control or bidi characters; at
    /// most 100 characters). Never a path.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// The type found in the bytes: `application/pdf`, `image/jpeg`, `image/png`,
    /// `image/heic`, `image/heif`.
    pub media_type: &'static str,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Who uploaded it (`null` once the account is gone).
    pub uploaded_by: Option<i64>,
    /// When (RFC 3339).
    pub uploaded_at: DateTime<Utc>,
    /// `pending`, `accepted` or `needs_another_copy`.
    #[schema(example = "pending")]
    pub review: &'static str,
    /// Why another copy is needed (the expat reads it).
    pub review_reason: Option<String>,
    /// `not_scanned` (no virus scanner is set up) or `clean`.
    #[schema(example = "not_scanned")]
    pub scan: &'static str,
}

impl From<CaseFile> for FileOut {
    fn from(file: CaseFile) -> Self {
        let (review, review_reason) = match &file.review {
            Review::Pending => ("pending", None),
            Review::Accepted => ("accepted", None),
            Review::NeedsAnotherCopy(r) => ("needs_another_copy", Some(r.as_str().to_owned())),
        };
        Self {
            id: file.id.0,
            case_id: file.case.0,
            person_id: file.person.map(|p| p.0),
            item_id: file.item.map(|i| i.0),
            name: file.name.as_str().to_owned(),
            size: file.size,
            media_type: file.kind.media_type(),
            sha256: file.sha256,
            uploaded_by: file.uploader.map(|u| u.0),
            uploaded_at: file.uploaded_at,
            review,
            review_reason,
            scan: match file.scan {
                ScanStatus::NotScanned => "not_scanned",
                ScanStatus::Clean => "clean",
            },
        }
    }
}

/// The files of a case, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileList {
    /// The files (deleted ones left out).
    pub files: Vec<FileOut>,
}

/// A multipart upload: the optional `item` and `person` fields first, then one or more
/// `files` parts (PDF, JPEG, PNG or HEIC/HEIF, found from the bytes).
#[derive(Debug, ToSchema)]
pub struct FileUpload {
    /// The checklist item the files answer (an id of the case's items).
    pub item: Option<i64>,
    /// The person the files are for (an id of the case's people).
    pub person: Option<i64>,
    /// The files.
    #[schema(content_media_type = "application/octet-stream")]
    pub files: Vec<Vec<u8>>,
}

/// A consultant's review of a file.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewIn {
    /// `accepted` or `needs_another_copy`.
    #[schema(example = "needs_another_copy")]
    pub review: String,
    /// Required with `needs_another_copy`: what is wrong, for the expat (1–500 characters).
    #[schema(example = "the photo is cut off — scan all four corners")]
    pub reason: Option<String>,
}
