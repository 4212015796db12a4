//! The Art. 15/20 export of one person (issue 23): a ZIP of `data.json` (the machine-readable
//! data, `docs/export-schema.json`), `summary.html` (the same, readable, self-contained) and
//! `files/…` (their files and the household's, from the file store), built in memory with a
//! bound on the files' bytes and on how many exports are built at once.
//!
//! Who may: the person themselves (their own account; anyone else of the household, or of
//! another household, is not found), an admin, or the consultant in charge of the case.

use std::io::Write as _;

use chrono::Utc;
use futures_util::TryStreamExt as _;
use serde::Serialize;
use softland_domain::privacy::EXPORT_SCHEMA_VERSION;

use super::super::{Actor, CommandError};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::privacy::export::{PersonData, person_data, person_row};
use crate::ids::{CaseId, PersonId};
use crate::storage::ObjectKey;

/// The most bytes of files one export carries; past it, the rest are listed in `data.json`
/// but left out of the ZIP (and the summary says to ask the centre for them).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// How many exports one instance builds at once: each may hold up to [`MAX_FILE_BYTES`] of
/// files and the ZIP made of them in memory, so a burst of export requests waits here
/// instead of multiplying that (two at a time: at most about 800 MiB whatever the burst).
const EXPORTS_AT_ONCE: usize = 2;

/// The permits of [`EXPORTS_AT_ONCE`].
static EXPORTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(EXPORTS_AT_ONCE);

/// A finished export.
#[derive(Debug, Clone)]
pub struct Export {
    /// `softland-export-<case>-<person>-<date>.zip`.
    pub filename: String,
    /// The ZIP's bytes.
    pub bytes: Vec<u8>,
}

/// `data.json`: the data with its envelope.
#[derive(Debug, Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    generated_at: chrono::DateTime<Utc>,
    generated_by: &'static str,
    /// Paths of files listed but not in the ZIP (over [`MAX_FILE_BYTES`]).
    files_left_out: Vec<String>,
    #[serde(flatten)]
    data: &'a PersonData,
}

/// The export of person `person` of case `case`.
#[derive(Debug, Clone, Copy)]
pub struct ExportPerson {
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
}

impl ExportPerson {
    /// Refuses anyone but the person, an admin or the case's consultant.
    async fn check(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        match actor.role {
            Role::Expat => {
                let row = person_row(&state.db, self.case, self.person).await?;
                if row.user_id == Some(actor.id.0) {
                    Ok(())
                } else {
                    Err(CommandError::NotFound)
                }
            }
            Role::Admin => {
                person_row(&state.db, self.case, self.person).await?;
                Ok(())
            }
            Role::Consultant => {
                let stored = crate::db::cases::load(&state.db, self.case).await?;
                person_row(&state.db, self.case, self.person).await?;
                if stored.consultant == actor.id {
                    Ok(())
                } else {
                    Err(CommandError::Forbidden)
                }
            }
            Role::Buddy | Role::Employer => Err(CommandError::NotFound),
        }
    }

    /// Runs it; the history of the case records who exported whose data.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Export, CommandError> {
        self.check(state, actor).await?;
        let data = person_data(&state.db, self.case, self.person).await?;
        let now = Utc::now();
        let bytes = {
            let _permit = EXPORTS
                .acquire()
                .await
                .map_err(|e| CommandError::Internal(anyhow::Error::new(e)))?;
            zip(state, &data, now).await?
        };
        crate::db::privacy::record_export(&state.db, self.case, &data.person.name, actor.id)
            .await?;
        Ok(Export {
            filename: format!(
                "softland-export-{}-{}-{}.zip",
                self.case.0,
                self.person.0,
                now.date_naive()
            ),
            bytes,
        })
    }
}

/// The files' bytes, as many as fit in [`MAX_FILE_BYTES`]; the paths of those left out.
async fn file_bytes(
    state: &AppState,
    data: &PersonData,
) -> Result<(Vec<(String, Vec<u8>)>, Vec<String>), CommandError> {
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    let mut total = 0u64;
    for ((path, key), file) in data.objects.iter().zip(&data.files) {
        let Some(key) = ObjectKey::parse(key) else {
            left_out.push(path.clone());
            continue;
        };
        if total + file.size > MAX_FILE_BYTES {
            left_out.push(path.clone());
            continue;
        }
        let stream = match state.files.get(&key).await {
            Ok(stream) => stream,
            Err(crate::storage::StorageError::NotFound) => {
                left_out.push(path.clone());
                continue;
            }
            Err(other) => return Err(other.into()),
        };
        let parts: Vec<bytes::Bytes> = stream.try_collect().await?;
        let bytes = parts.concat();
        total += bytes.len() as u64;
        kept.push((path.clone(), bytes));
    }
    Ok((kept, left_out))
}

async fn zip(
    state: &AppState,
    data: &PersonData,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<u8>, CommandError> {
    let (files, left_out) = file_bytes(state, data).await?;
    let envelope = Envelope {
        schema_version: EXPORT_SCHEMA_VERSION,
        generated_at: now,
        generated_by: "softland",
        files_left_out: left_out.clone(),
        data,
    };
    let json = serde_json::to_vec_pretty(&envelope)
        .map_err(|e| CommandError::Internal(anyhow::Error::new(e)))?;
    let summary = crate::views::privacy::summary_html(data, now, &left_out)
        .map_err(|e| CommandError::Internal(anyhow::Error::new(e)))?;
    tokio::task::spawn_blocking(move || write_zip(&json, &summary, &files))
        .await
        .map_err(|e| CommandError::Internal(anyhow::Error::new(e)))?
        .map_err(CommandError::Internal)
}

fn write_zip(json: &[u8], summary: &str, files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.start_file("data.json", options)?;
    writer.write_all(json)?;
    writer.start_file("summary.html", options)?;
    writer.write_all(summary.as_bytes())?;
    for (path, bytes) in files {
        writer.start_file(path.as_str(), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}
