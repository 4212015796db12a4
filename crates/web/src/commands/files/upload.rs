//! `UploadFiles`: files streamed into the file store, each checked for its real type (from
//! its bytes), size and, when a scanner is set up, viruses; then one row each, all in one
//! transaction. Any refusal removes every object the request stored: nothing is half kept.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use sha2::{Digest as _, Sha256};
use softland_domain::file::{FileKind, ScanStatus, kept_name};

use super::{CommandError, FileRefusal, visible};
use crate::app::AppState;
use crate::commands::{Actor, Field, Problem};
use crate::db::files::{self, Attachment, StoredObject};
use crate::ids::{CaseId, FileId, ItemId, PersonId};
use crate::storage::scan::{Scan, Verdict};
use crate::storage::{ObjectKey, ObjectWriter};

/// Bytes read before the type is decided (a PDF, JPEG, PNG or HEIF header fits easily).
const SNIFF_BYTES: usize = 4096;

/// What one file of an upload may be: a case's papers take every [`FileKind`] up to
/// `max_file_bytes`; an ambassador's photo fewer kinds and less.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accepts {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// The kinds taken (found from the bytes).
    pub kinds: &'static [FileKind],
}

/// One file as it arrives: the name its device gave it and its bytes.
pub struct IncomingFile<'a> {
    /// The name as sent.
    pub name: String,
    /// The bytes, or why reading them failed.
    pub body: BoxStream<'a, Result<Bytes, FileRefusal>>,
}

/// Where an upload's files come from (the multipart form of a page or of the API).
pub trait FileSource: Send {
    /// The next file, or `None` after the last.
    fn next_file(
        &mut self,
    ) -> impl Future<Output = Result<Option<IncomingFile<'_>>, FileRefusal>> + Send;
}

/// Uploads files to a case, optionally for one person or one checklist item.
#[derive(Debug, Clone, Copy)]
pub struct UploadFiles {
    /// The case.
    pub case: CaseId,
    /// The person, if the files are theirs.
    pub person: Option<PersonId>,
    /// The item the files answer, if any.
    pub item: Option<ItemId>,
}

fn id<T: std::str::FromStr>(raw: Option<&str>, field: Field) -> Result<Option<T>, CommandError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => r
            .parse()
            .map(Some)
            .map_err(|_| CommandError::invalid(field, Problem::NotOffered)),
    }
}

impl UploadFiles {
    /// The upload to case `case` for the item and person typed (ids, or empty for none).
    pub fn new(
        case: CaseId,
        item: Option<&str>,
        person: Option<&str>,
    ) -> Result<Self, CommandError> {
        Ok(Self {
            case,
            item: id(item, Field::Item)?,
            person: id(person, Field::Person)?,
        })
    }

    /// Runs it: checks who may upload where before a byte is stored.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
        source: &mut impl FileSource,
    ) -> Result<Vec<FileId>, CommandError> {
        let stored = visible(state, actor, self.case).await?;
        if self.item.is_some_and(|i| !stored.item_ids.contains(&i)) {
            return Err(CommandError::invalid(Field::Item, Problem::NotOffered));
        }
        if self.person.is_some_and(|p| !stored.person_ids.contains(&p)) {
            return Err(CommandError::invalid(Field::Person, Problem::NotOffered));
        }
        let mut objects = Vec::new();
        let outcome = receive(state, source, &mut objects).await;
        let outcome = match outcome {
            Ok(()) if objects.is_empty() => Err(CommandError::File(FileRefusal::NoFile)),
            Ok(()) => {
                let to = Attachment {
                    case: self.case,
                    person: self.person,
                    item: self.item,
                    uploader: actor.id,
                };
                files::add(&state.db, to, &objects, chrono::Utc::now())
                    .await
                    .map_err(CommandError::from)
            }
            Err(err) => Err(err),
        };
        if outcome.is_err() {
            discard(state, &objects).await;
        }
        outcome
    }
}

async fn receive(
    state: &AppState,
    source: &mut impl FileSource,
    objects: &mut Vec<StoredObject>,
) -> Result<(), CommandError> {
    let papers = Accepts {
        max_bytes: state.config.max_file_bytes,
        kinds: &FileKind::ALL,
    };
    while let Some(file) = source.next_file().await.map_err(CommandError::File)? {
        objects.push(store_one(state, file, papers).await?);
    }
    Ok(())
}

/// Removes the objects of a refused upload.
async fn discard(state: &AppState, objects: &[StoredObject]) {
    for object in objects {
        if let Some(key) = ObjectKey::parse(&object.key)
            && let Err(err) = state.files.delete(&key).await
        {
            // The orphan sweep removes it within the hour.
            tracing::warn!(error = %err, "removing a refused upload's object failed");
        }
    }
}

/// The kind the first bytes of a file show, if accepted.
pub(crate) fn sniff(head: &[u8]) -> Option<FileKind> {
    let found = infer::get(head)?;
    match found.mime_type() {
        // infer says "image/heif" for both; the brand tells HEIC apart.
        "image/heif" if matches!(head.get(8..12), Some(b"heic" | b"heix")) => Some(FileKind::Heic),
        mime => FileKind::from_media_type(mime),
    }
}

/// What is known of a file once its bytes are through.
struct Pumped {
    size: u64,
    sha256: String,
    scan: Option<Scan>,
}

/// Stores one file that `accepts` takes: its type from its first bytes, its size counted as
/// it is written, the virus scan when one is set up. Nothing is left in the store when it is
/// refused.
pub(crate) async fn store_one(
    state: &AppState,
    file: IncomingFile<'_>,
    accepts: Accepts,
) -> Result<StoredObject, CommandError> {
    let IncomingFile { name, mut body } = file;
    let mut head = BytesMut::new();
    while head.len() < SNIFF_BYTES {
        match body.next().await {
            Some(chunk) => head.extend_from_slice(&chunk.map_err(CommandError::File)?),
            None => break,
        }
    }
    if head.is_empty() {
        return Err(CommandError::File(FileRefusal::Empty));
    }
    let kind = sniff(&head)
        .filter(|k| accepts.kinds.contains(k))
        .ok_or(CommandError::File(FileRefusal::UnsupportedType))?;
    let scan = match &state.config.clamd_url {
        Some(url) => Some(Scan::start(url).await.map_err(|e| scanner_down(&e))?),
        None => None,
    };
    let key = ObjectKey::random();
    let mut writer = state.files.put(&key).await?;
    let to = Pump {
        writer: &mut *writer,
        scan,
        max_bytes: accepts.max_bytes,
    };
    let pumped = pump(head.freeze(), &mut body, to).await;
    let pumped = match pumped {
        Ok(pumped) => pumped,
        Err(err) => {
            writer.abort().await;
            return Err(err);
        }
    };
    writer.finish().await?;
    let scan = match pumped.scan {
        None => ScanStatus::NotScanned,
        Some(scan) => match scan.verdict().await {
            Ok(Verdict::Clean) => ScanStatus::Clean,
            Ok(Verdict::Infected(signature)) => {
                state.files.delete(&key).await?;
                return Err(CommandError::File(FileRefusal::Infected(signature)));
            }
            Err(err) => {
                state.files.delete(&key).await?;
                return Err(scanner_down(&err));
            }
        },
    };
    Ok(StoredObject {
        key: key.to_string(),
        original_name: kept_name(&name),
        size: pumped.size,
        kind,
        sha256: pumped.sha256,
        scan,
    })
}

fn scanner_down(err: &crate::storage::scan::ScannerUnavailable) -> CommandError {
    tracing::warn!(error = %err, "the virus scanner is unavailable");
    CommandError::File(FileRefusal::ScannerUnavailable)
}

/// Where a file's bytes go, and how many may come.
struct Pump<'w> {
    writer: &'w mut dyn ObjectWriter,
    scan: Option<Scan>,
    max_bytes: u64,
}

/// Sends `head` and the rest of `body` to the writer (and the scanner), counting and hashing.
async fn pump(
    head: Bytes,
    body: &mut BoxStream<'_, Result<Bytes, FileRefusal>>,
    to: Pump<'_>,
) -> Result<Pumped, CommandError> {
    let Pump {
        writer,
        mut scan,
        max_bytes: limit,
    } = to;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut next = Some(head);
    loop {
        let chunk = match next.take() {
            Some(chunk) => chunk,
            None => match body.next().await {
                Some(chunk) => chunk.map_err(CommandError::File)?,
                None => break,
            },
        };
        size += chunk.len() as u64;
        if size > limit {
            return Err(CommandError::File(FileRefusal::FileTooLarge(
                limit.div_ceil(1024 * 1024),
            )));
        }
        hasher.update(&chunk);
        if let Some(scan) = scan.as_mut() {
            scan.feed(&chunk).await.map_err(|e| scanner_down(&e))?;
        }
        writer.write(chunk).await?;
    }
    Ok(Pumped {
        size,
        sha256: hex::encode(hasher.finalize()),
        scan,
    })
}
