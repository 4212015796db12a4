//! The text stored for each value of the application's vocabularies: written here and only
//! here, so that no other module spells a stored name.

use crate::audit::AuditAction;

impl AuditAction {
    /// The text in `audit_events.action`.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            AuditAction::CaseOpened => "case.opened",
            AuditAction::CaseReassigned => "case.reassigned",
            AuditAction::CaseStatus => "case.status",
            AuditAction::ItemStatus => "item.status",
            AuditAction::ItemDueOverride => "item.due_override",
            AuditAction::ItemDueMoved => "item.due_moved",
            AuditAction::ItemAdded => "item.added",
            AuditAction::KeyDateChanged => "key_date.changed",
            AuditAction::NoteAdded => "note.added",
            AuditAction::ExpatInvited => "expat.invited",
            AuditAction::ExpatLinkRequested => "expat.link_requested",
            AuditAction::ExpatLinkConfirmed => "expat.link_confirmed",
            AuditAction::ExpatLinkDeclined => "expat.link_declined",
            AuditAction::AccountSignInsPaused => "account.sign_ins_paused",
        }
    }

    /// The action stored as `text`.
    pub(crate) fn from_stored(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.stored() == text)
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::AuditAction;

    #[test]
    fn every_action_reads_back_from_its_stored_text() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_stored(action.stored()), Some(action));
        }
        assert_eq!(AuditAction::from_stored("item.due_overridden"), None);
    }
}
