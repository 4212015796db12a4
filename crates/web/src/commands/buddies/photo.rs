//! An ambassador's optional photo: uploaded, replaced and removed by the ambassador (their
//! own) or a coordinator, through the checks every upload gets (`commands::files`: the type
//! from the bytes, the size while it is written, the virus scan when one is set up); read by
//! coordinators, by the ambassador, and by the household of a newcomer they look after now
//! (accepted or active: the rule of the ambassador's card). Anyone else gets "not found".
//!
//! The public sign-up form takes no photo: it needs no sign-in, and an upload open to anyone
//! would be a way to store anything. An applicant adds one once approved.

use softland_domain::file::FileKind;

use super::super::{Actor, CommandError, Field, Problem};
use super::queries::current_buddy;
use crate::app::AppState;
use crate::auth::Role;
use crate::commands::files::{Accepts, FileRefusal, FileSource, store_one};
use crate::db::buddies::{self, Ambassador, NewPhoto};
use crate::db::portal;
use crate::ids::{AmbassadorId, MatchId};
use crate::storage::{ByteStream, ObjectKey};

/// The largest photo, in bytes (5 MiB: a phone's photo, never a scan).
pub const PHOTO_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// The kinds of photo taken: what every browser shows. A phone's HEIC photo is sent as JPEG
/// by the phone itself when the form asks for these.
pub const PHOTO_KINDS: [FileKind; 2] = [FileKind::Jpeg, FileKind::Png];

/// What a photo upload takes.
const PHOTOS: Accepts = Accepts {
    max_bytes: PHOTO_MAX_BYTES,
    kinds: &PHOTO_KINDS,
};

/// Why a photo was refused: the `photo` field's mistake. Nothing was kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    /// No file was chosen.
    #[error("please choose a photo")]
    NoFile,
    /// A file without bytes.
    #[error("the file is empty; please choose the photo again")]
    Empty,
    /// The bytes are no JPEG or PNG image, whatever the name says.
    #[error("this file is not a JPEG or PNG image; please choose a photo saved as JPEG or PNG")]
    NotAnImage,
    /// Larger than the limit (MiB).
    #[error("the photo is larger than {0} MiB; please choose a smaller one")]
    TooLarge(u64),
    /// The virus scanner found something.
    #[error("the virus scanner refused this file ({0})")]
    Infected(String),
}

/// A refusal of the upload as the `photo` field's mistake; anything else (the file store or
/// the scanner unavailable, a request cut off) stays as it is.
fn as_photo_problem(err: CommandError) -> CommandError {
    let problem = match err {
        CommandError::File(FileRefusal::NoFile) => PhotoProblem::NoFile,
        CommandError::File(FileRefusal::Empty) => PhotoProblem::Empty,
        CommandError::File(FileRefusal::UnsupportedType) => PhotoProblem::NotAnImage,
        CommandError::File(FileRefusal::FileTooLarge(mib)) => PhotoProblem::TooLarge(mib),
        CommandError::File(FileRefusal::Infected(signature)) => PhotoProblem::Infected(signature),
        other => return other,
    };
    CommandError::invalid(Field::Photo, Problem::Photo(problem))
}

/// The ambassador whose photo `actor` changes: an ambassador their own (any other is not
/// found), a coordinator anyone's.
async fn changed_by(
    state: &AppState,
    actor: &Actor,
    id: AmbassadorId,
) -> Result<Ambassador, CommandError> {
    if actor.role == Role::Buddy {
        let own = actor.own_ambassador(state).await?;
        if own.id != id {
            return Err(CommandError::NotFound);
        }
        return Ok(own);
    }
    actor.must_coordinate(state).await?;
    Ok(buddies::ambassador(&state.db, id).await?)
}

/// Deletes the object under `key`; a failure is left to the orphan sweep.
async fn discard(state: &AppState, key: &str) {
    if let Some(key) = ObjectKey::parse(key)
        && let Err(err) = state.files.delete(&key).await
    {
        tracing::warn!(error = %err, "deleting a replaced photo's object failed");
    }
}

/// Uploads an ambassador's photo, replacing the one they had (whose object is deleted).
#[derive(Debug, Clone, Copy)]
pub struct SetPhoto {
    /// The ambassador.
    pub id: AmbassadorId,
}

impl SetPhoto {
    /// Runs it: the first file of `source`, checked before a byte is stored that the actor
    /// may change this photo.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
        source: &mut impl FileSource,
    ) -> Result<(), CommandError> {
        changed_by(state, actor, self.id).await?;
        let file = source
            .next_file()
            .await
            .map_err(|refusal| as_photo_problem(CommandError::File(refusal)))?
            .ok_or_else(|| as_photo_problem(CommandError::File(FileRefusal::NoFile)))?;
        let stored = store_one(state, file, PHOTOS)
            .await
            .map_err(as_photo_problem)?;
        let photo = NewPhoto {
            key: stored.key,
            kind: stored.kind,
            size: stored.size,
        };
        match buddies::set_photo(&state.db, self.id, Some(&photo), actor.id).await {
            Ok(replaced) => {
                if let Some(old) = replaced {
                    discard(state, &old).await;
                }
                Ok(())
            }
            Err(err) => {
                discard(state, &photo.key).await;
                Err(err.into())
            }
        }
    }
}

/// Removes an ambassador's photo (its object is deleted); nothing happens without one.
#[derive(Debug, Clone, Copy)]
pub struct RemovePhoto {
    /// The ambassador.
    pub id: AmbassadorId,
}

impl RemovePhoto {
    /// Runs it: the ambassador their own, a coordinator anyone's.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        changed_by(state, actor, self.id).await?;
        if let Some(old) = buddies::set_photo(&state.db, self.id, None, actor.id).await? {
            discard(state, &old).await;
        }
        Ok(())
    }
}

/// Whose photo is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoOf {
    /// An ambassador's (coordinators).
    Ambassador(AmbassadorId),
    /// The signed-in ambassador's own.
    Own,
    /// The buddy of a household's request (its expats, while accepted or active).
    Buddy(MatchId),
}

/// A photo's bytes, with what its answer says of them (never its key).
pub struct PhotoContent {
    /// JPEG or PNG.
    pub kind: FileKind,
    /// Bytes.
    pub size: u64,
    /// The bytes.
    pub bytes: ByteStream,
}

impl std::fmt::Debug for PhotoContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoContent")
            .field("kind", &self.kind)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// Reads a photo.
#[derive(Debug, Clone, Copy)]
pub struct FetchPhoto {
    /// Whose.
    pub of: PhotoOf,
}

impl FetchPhoto {
    /// Runs it; no photo, or one the actor may not see, is "not found".
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<PhotoContent, CommandError> {
        let ambassador = match self.of {
            PhotoOf::Ambassador(id) => {
                actor.must_coordinate(state).await?;
                buddies::ambassador(&state.db, id).await?
            }
            PhotoOf::Own => actor.own_ambassador(state).await?,
            PhotoOf::Buddy(id) => household_buddy(state, actor, id).await?,
        };
        let photo = ambassador.photo.ok_or(CommandError::NotFound)?;
        let key = ObjectKey::parse(&photo.key).ok_or(CommandError::NotFound)?;
        let bytes = state.files.get(&key).await?;
        Ok(PhotoContent {
            kind: photo.kind,
            size: photo.size,
            bytes,
        })
    }
}

/// The ambassador looking after request `id` of the actor's household now; anything else
/// (another household's request, one not accepted yet or ended) is not found.
async fn household_buddy(
    state: &AppState,
    actor: &Actor,
    id: MatchId,
) -> Result<Ambassador, CommandError> {
    if actor.role != Role::Expat {
        return Err(CommandError::Forbidden);
    }
    let found = buddies::get_match(&state.db, id).await?;
    if !portal::may_see(&state.db, actor.id, found.case).await? {
        return Err(CommandError::NotFound);
    }
    let id = current_buddy(&found).ok_or(CommandError::NotFound)?;
    Ok(buddies::ambassador(&state.db, id).await?)
}
