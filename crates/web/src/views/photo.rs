//! `templates/partials/photo.html`: an ambassador's photo with the forms to upload, replace
//! and remove it, on the coordinator's page of the ambassador and on the ambassador's own
//! profile page.

use crate::commands::buddies::PHOTO_MAX_BYTES;

/// The photo and its forms.
pub struct PhotoForm {
    /// Where the photo is read, when there is one.
    pub src: Option<String>,
    /// Where an upload goes; the remove form posts to `{action}/delete`.
    pub action: String,
    /// The ambassador's name: the image's text alternative.
    pub name: String,
    /// The forms' CSRF token.
    pub csrf: String,
    /// Why the last upload was refused, shown beside the field.
    pub error: Option<String>,
    /// Whether the page speaks to the ambassador ("you") or to a coordinator ("they").
    pub own: bool,
}

impl PhotoForm {
    /// The largest photo, in MiB, for the form's hint.
    #[expect(clippy::unused_self, reason = "the template asks its photo form")]
    pub fn limit_mib(&self) -> u64 {
        PHOTO_MAX_BYTES / (1024 * 1024)
    }
}
