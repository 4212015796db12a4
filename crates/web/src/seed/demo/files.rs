//! The demo's papers (issue 18): a tiny PNG and a tiny PDF, made here, uploaded to the demo
//! expat's first items that ask for papers — one accepted, one that needs another copy, one
//! awaiting review — so that the files pages and the portal show every state.

use anyhow::Context as _;
use bytes::Bytes;
use sha2::{Digest as _, Sha256};
use softland_domain::file::{FileKind, Review, ReviewReason, ScanStatus};

use crate::db::files::{self, Attachment, StoredObject};
use crate::db::{Db, cases, portal, users};
use crate::ids::FileId;
use crate::storage::{ObjectKey, Storage};

/// The smallest valid PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A one-page PDF with a correct cross-reference table.
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

async fn store(
    storage: &dyn Storage,
    name: &str,
    kind: FileKind,
    bytes: &[u8],
) -> anyhow::Result<StoredObject> {
    let key = ObjectKey::random();
    let mut writer = storage.put(&key).await?;
    writer.write(Bytes::copy_from_slice(bytes)).await?;
    writer.finish().await?;
    Ok(StoredObject {
        key: key.to_string(),
        original_name: name.to_owned(),
        size: bytes.len() as u64,
        kind,
        sha256: hex::encode(Sha256::digest(bytes)),
        scan: ScanStatus::NotScanned,
    })
}

/// Uploads the demo papers for the expat signing in as `email`; returns how many.
pub async fn seed(db: &Db, storage: &dyn Storage, email: &str) -> anyhow::Result<usize> {
    let expat = users::find_by_email(db, email)
        .await?
        .context("the demo expat exists")?;
    let case = *portal::cases_of(db, expat.id)
        .await?
        .first()
        .context("the demo expat's case")?;
    let stored = cases::load(db, case).await?;
    let asking: Vec<_> = stored
        .case
        .items()
        .iter()
        .zip(&stored.item_ids)
        .filter(|(item, _)| !item.documents().is_empty() && item.status().kind().is_open())
        .map(|(_, id)| *id)
        .take(3)
        .collect();
    let papers = [
        ("passport-photo-page.png", FileKind::Png, PNG.to_vec()),
        ("employment-contract.pdf", FileKind::Pdf, pdf()),
        ("health-insurance.pdf", FileKind::Pdf, pdf()),
    ];
    let mut added: Vec<FileId> = Vec::new();
    for ((name, kind, bytes), item) in papers.iter().zip(asking) {
        let object = store(storage, name, *kind, bytes).await?;
        let to = Attachment {
            case,
            person: stored.person_ids.first().copied(),
            item: Some(item),
            uploader: expat.id,
        };
        added.extend(files::add(db, to, &[object], chrono::Utc::now()).await?);
    }
    if let Some(first) = added.first() {
        files::review(db, case, *first, stored.consultant, &Review::Accepted).await?;
    }
    if let Some(second) = added.get(1) {
        let reason = ReviewReason::parse(
            "the last page with the signatures is missing — please scan all pages",
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        files::review(
            db,
            case,
            *second,
            stored.consultant,
            &Review::NeedsAnotherCopy(reason),
        )
        .await?;
    }
    Ok(added.len())
}
