//! Route templates are data an admin changes: a new version of a route's template is checked
//! in full and stored, and new cases use it from then on (a case keeps the items it was given).

use softland_domain::template::ChecklistTemplate;

use super::{Actor, CommandError, Refusal};
use crate::app::AppState;
use crate::db::templates::{self, UploadError};

/// Uploads a template file's text.
#[derive(Debug, Clone)]
pub struct UploadTemplate {
    /// The name faults are reported against (`work-permit.toml`).
    pub file_name: String,
    /// The TOML text.
    pub text: String,
}

impl UploadTemplate {
    /// Runs it (admins only): the template stored, or why nothing was.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<ChecklistTemplate, CommandError> {
        actor.must_be_admin()?;
        match templates::upload(&state.db, &self.file_name, &self.text, actor.id).await {
            Ok(template) => {
                // The public guide and its search row follow the new version at once here
                // (other instances within seconds); a failure leaves the stored upload as is.
                if let Err(err) = super::site::guides::refresh(state).await {
                    tracing::warn!(error = %err, "the public guides were not refreshed");
                }
                Ok(template)
            }
            Err(UploadError::Refused(why)) => Err(Refusal::Template(why).into()),
            Err(UploadError::Db(err)) => Err(err.into()),
        }
    }
}
