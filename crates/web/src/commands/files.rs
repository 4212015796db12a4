//! Files of a case (issue 18): upload (`upload.rs`), list, read, review, delete. Staff see
//! every case's files; an expat sees only their own household's, and any other file answers
//! "not found", exactly like one that does not exist.

mod upload;

#[cfg(test)]
pub(crate) use upload::sniff;
pub(crate) use upload::{Accepts, store_one};
pub use upload::{FileSource, IncomingFile, UploadFiles};

use softland_domain::file::{Review, ReviewReason};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::cases::{self, StoredCase};
use crate::db::files::{self, CaseFile};
use crate::db::portal;
use crate::ids::{CaseId, FileId};
use crate::storage::{ByteStream, ObjectKey, StorageError};

/// Why an upload (or a download) was refused; nothing was kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileRefusal {
    /// One file is larger than the limit (MiB).
    #[error("a file is larger than {0} MiB; please send a smaller scan or photo")]
    FileTooLarge(u64),
    /// The request as a whole is larger than the limit (MiB).
    #[error("the files together are larger than {0} MiB; please send fewer at once")]
    RequestTooLarge(usize),
    /// The bytes are not of a kind accepted.
    #[error("this file is not a PDF, JPEG, PNG or HEIC/HEIF image; only these types are accepted")]
    UnsupportedType,
    /// A file without bytes.
    #[error("the file is empty; please choose the file again")]
    Empty,
    /// No file in the request.
    #[error("please choose at least one file")]
    NoFile,
    /// The virus scanner found something.
    #[error("the virus scanner refused this file ({0})")]
    Infected(String),
    /// The request was cut off or is not a multipart form.
    #[error("the upload was interrupted or could not be read; please try again")]
    Interrupted,
    /// The file store cannot be reached.
    #[error(
        "files cannot be stored or read right now (the file store is unavailable); nothing was changed, please try again later"
    )]
    StoreUnavailable,
    /// The virus scanner cannot be reached.
    #[error(
        "files cannot be checked for viruses right now; nothing was stored, please try again later"
    )]
    ScannerUnavailable,
}

impl From<StorageError> for CommandError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound => {
                tracing::error!("a file's object is missing from the file store");
                CommandError::NotFound
            }
            StorageError::Unavailable(cause) => {
                tracing::warn!(%cause, "the file store is unavailable");
                CommandError::File(FileRefusal::StoreUnavailable)
            }
        }
    }
}

/// Loads case `case` if the actor may see it ("not found" otherwise).
async fn visible(
    state: &AppState,
    actor: &Actor,
    case: CaseId,
) -> Result<StoredCase, CommandError> {
    if !actor.role.is_staff() && !portal::may_see(&state.db, actor.id, case).await? {
        return Err(CommandError::NotFound);
    }
    Ok(cases::load(&state.db, case).await?)
}

/// The files of a case, with the case (its items and people name them).
#[derive(Debug, Clone, Copy)]
pub struct ListFiles {
    /// The case.
    pub case: CaseId,
}

impl ListFiles {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Vec<CaseFile>, CommandError> {
        visible(state, actor, self.case).await?;
        Ok(files::of_case(&state.db, self.case).await?)
    }
}

/// One file's metadata.
#[derive(Debug, Clone, Copy)]
pub struct ShowFile {
    /// The case.
    pub case: CaseId,
    /// The file.
    pub file: FileId,
}

impl ShowFile {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseFile, CommandError> {
        visible(state, actor, self.case).await?;
        Ok(files::get(&state.db, self.case, self.file).await?)
    }
}

/// One file's bytes, with its metadata.
#[derive(Debug, Clone, Copy)]
pub struct FetchFile {
    /// The case and file.
    pub file: ShowFile,
}

impl FetchFile {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<(CaseFile, ByteStream), CommandError> {
        let file = self.file.run(state, actor).await?;
        let key = ObjectKey::parse(&file.key).ok_or(CommandError::NotFound)?;
        let bytes = state.files.get(&key).await?;
        Ok((file, bytes))
    }
}

/// A consultant's verdict on a file.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    /// The case and file.
    pub file: ShowFile,
    /// Accepted, or another copy needed with a reason.
    pub review: Review,
}

impl ReviewFile {
    /// The verdict `raw` (`accepted` or `needs_another_copy`) with `reason`.
    pub fn review(raw: &str, reason: &str) -> Result<Review, CommandError> {
        match raw.trim() {
            "accepted" => Ok(Review::Accepted),
            "needs_another_copy" => ReviewReason::parse(reason)
                .map(Review::NeedsAnotherCopy)
                .map_err(|e| CommandError::invalid(Field::Reason, Problem::ReviewReason(e))),
            _ => Err(CommandError::invalid(Field::Review, Problem::NotOffered)),
        }
    }

    /// Runs it (staff only). The item's status is left as it is: the page offers the item's
    /// next action apart.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseFile, CommandError> {
        visible(state, actor, self.file.case).await?;
        actor.must_be_staff()?;
        let file = files::review(
            &state.db,
            self.file.case,
            self.file.file,
            actor.id,
            &self.review,
        )
        .await?;
        if let Review::NeedsAnotherCopy(reason) = &self.review {
            ask_for_another_copy(state, &file, reason.as_str()).await?;
        }
        Ok(file)
    }
}

/// Deletes a file (soft: the row is marked, the object kept for backups and audits).
#[derive(Debug, Clone, Copy)]
pub struct DeleteFile {
    /// The case and file.
    pub file: ShowFile,
}

impl DeleteFile {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseFile, CommandError> {
        let file = self.file.run(state, actor).await?;
        actor.must_be_staff()?;
        files::delete(&state.db, self.file.case, self.file.file, actor.id).await?;
        Ok(file)
    }
}

/// Tells the expats of the case who want reminders that another copy of `file` is needed:
/// the uploader when it is one of them, else all of them. Recorded in the case's history.
async fn ask_for_another_copy(
    state: &AppState,
    file: &CaseFile,
    reason: &str,
) -> Result<(), CommandError> {
    use crate::db::outbox::{self, MailKind, Notice};
    let accounts = crate::db::reminders::case_accounts(&state.db, file.case).await?;
    let uploader = accounts
        .iter()
        .find(|a| file.uploader.is_some_and(|u| u.0 == a.id));
    let to: Vec<_> = match uploader {
        Some(one) => vec![one.clone()],
        None => accounts,
    };
    let link = format!("{}/my/cases/{}/files", state.config.base_url(), file.case.0);
    let stamp = chrono::Utc::now().timestamp_millis();
    for account in to.into_iter().filter(|a| a.wants) {
        let text = crate::views::mail::another_copy(
            &account.display_name,
            file.name.as_str(),
            reason,
            &link,
        );
        let key = format!("copy:{}:{stamp}:{}", file.id.0, account.id);
        let mail = outbox::NewMail {
            to: &account.email,
            subject: &text.subject,
            body: &text.body,
            link: None,
            notice: Some(Notice {
                kind: MailKind::AnotherCopy,
                case: Some(file.case),
                recipient: Some(crate::ids::UserId(account.id)),
                key: Some(&key),
            }),
        };
        outbox::notify_case(&state.db, file.case, mail).await?;
    }
    Ok(())
}
