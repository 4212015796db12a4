//! Reply addresses: `reply+<case>.<user>.<signature>@<domain>`, where the signature (HMAC
//! with the server's key, `auth::keys`) names the case and the recipient, so a reply by mail
//! is filed on that case as that person and nobody can make an address of their own.

use crate::app::AppState;
use crate::auth::keys::{Keys, Purpose};
use crate::ids::{CaseId, UserId};

/// What a valid reply address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyAddress {
    /// The case.
    pub case: CaseId,
    /// The recipient the address was made for.
    pub user: UserId,
}

fn signed(case: CaseId, user: UserId) -> String {
    format!("{case}:{user}")
}

impl ReplyAddress {
    /// The local part of the address (`reply+<case>.<user>.<signature>`).
    pub fn local_part(self, keys: &Keys) -> String {
        let signature =
            keys.sign_short(Purpose::MailReply, signed(self.case, self.user).as_bytes());
        format!("reply+{}.{}.{signature}", self.case, self.user)
    }

    /// The case and recipient of address `to` (`reply+…@domain`, any display name or angle
    /// brackets around it); `None` when it is not one softland signed for `domain`.
    pub fn verify(keys: &Keys, domain: &str, to: &str) -> Option<Self> {
        let address = bare_address(to);
        let (local, at) = address.rsplit_once('@')?;
        if !at.eq_ignore_ascii_case(domain) {
            return None;
        }
        let token = local.strip_prefix("reply+")?;
        let mut parts = token.split('.');
        let case = CaseId(parts.next()?.parse().ok()?);
        let user = UserId(parts.next()?.parse().ok()?);
        let signature = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        keys.verify_short(Purpose::MailReply, signed(case, user).as_bytes(), signature)
            .then_some(Self { case, user })
    }
}

/// `someone@example.com` out of `Someone <someone@example.com>`, trimmed.
pub(super) fn bare_address(raw: &str) -> &str {
    let raw = raw.trim();
    match (raw.rfind('<'), raw.rfind('>')) {
        (Some(open), Some(close)) if open < close => raw[open + 1..close].trim(),
        _ => raw,
    }
}

/// The reply address of case `case` for `user`, when replies by mail are accepted.
pub fn reply_address(state: &AppState, case: CaseId, user: UserId) -> Option<String> {
    let domain = state.config.inbound_mail_domain.as_deref()?;
    let local = ReplyAddress { case, user }.local_part(&state.keys);
    Some(format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_address_names_its_case_and_user_and_refuses_changes() {
        let keys = Keys::from_secret(b"k");
        let mine = ReplyAddress {
            case: CaseId(12),
            user: UserId(7),
        };
        let address = format!("Jana <{}@in.example.cz>", mine.local_part(&keys));
        assert_eq!(
            ReplyAddress::verify(&keys, "in.example.cz", &address),
            Some(mine)
        );
        assert_eq!(ReplyAddress::verify(&keys, "other.cz", &address), None);
        let forged = address.replace("reply+12.", "reply+13.");
        assert_eq!(ReplyAddress::verify(&keys, "in.example.cz", &forged), None);
        let other_key = Keys::from_secret(b"other");
        assert_eq!(
            ReplyAddress::verify(&other_key, "in.example.cz", &address),
            None
        );
        assert!(mine.local_part(&keys).len() <= 64);
    }
}
