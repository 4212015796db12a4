//! Signing with the server's secret (HMAC-SHA-256): what softland hands out and must
//! recognise later without storing it — the CSRF token of a visitor who is not signed in,
//! the trusted-device cookie of a browser that signed in before. Each use signs under its
//! own purpose, so a value signed for one is never accepted for another.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret as _, SecretSlice};
use sha2::Sha256;

use crate::db::{Db, DbError, keys};

/// What a signature is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The CSRF token of a visitor's forms.
    VisitorCsrf,
    /// A trusted-device cookie.
    Device,
    /// A conversation's reply address (case and recipient), issue 19.
    MailReply,
    /// The mask of a stored two-factor secret (issue 23).
    TwoFactorSecret,
    /// The stored hash of a recovery code (issue 23).
    RecoveryCode,
    /// The pseudonym of an e-mail address in the server's log (issue 23).
    LogPseudonym,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::VisitorCsrf => b"visitor-csrf",
            Purpose::LogPseudonym => b"log-pseudonym",
            Purpose::Device => b"device",
            Purpose::MailReply => b"mail-reply",
            Purpose::TwoFactorSecret => b"two-factor-secret",
            Purpose::RecoveryCode => b"recovery-code",
        }
    }
}

/// The server's signing key.
#[derive(Clone)]
pub struct Keys {
    secret: SecretSlice<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

impl Keys {
    /// The key stored in the database, made on first start.
    pub async fn load(db: &Db) -> Result<Self, DbError> {
        let fresh = random_hex(32);
        let stored = keys::load_or_create(db, "signing", &fresh).await?;
        Ok(Self::from_secret(stored.as_bytes()))
    }

    /// A key from `secret` (tests).
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            secret: SecretSlice::from(secret.to_vec()),
        }
    }

    fn mac(&self, purpose: Purpose, data: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose_secret())
            .expect("HMAC takes a key of any length");
        mac.update(purpose.label());
        mac.update(&[0]);
        mac.update(data);
        mac
    }

    /// The signature of `data` for `purpose`, as bytes.
    pub fn sign_bytes(&self, purpose: Purpose, data: &[u8]) -> [u8; 32] {
        self.mac(purpose, data).finalize().into_bytes().into()
    }

    /// The signature of `data` for `purpose`, as hex.
    pub fn sign(&self, purpose: Purpose, data: &[u8]) -> String {
        hex::encode(self.mac(purpose, data).finalize().into_bytes())
    }

    /// Whether `signature` (hex) is the signature of `data` for `purpose`; compared in
    /// constant time.
    pub fn verify(&self, purpose: Purpose, data: &[u8], signature: &str) -> bool {
        let Ok(bytes) = hex::decode(signature) else {
            return false;
        };
        self.mac(purpose, data).verify_slice(&bytes).is_ok()
    }

    /// How the server's log names the account an e-mail address typed at sign-in or for a
    /// new password would be (issue 23): `acct-` and 64 bits of its keyed hash. The same
    /// address always gives the same pseudonym, so repeated attempts at one account can be
    /// seen in the log; the address itself never reaches the log, which no erasure could
    /// reach afterwards.
    pub fn log_pseudonym(&self, email: &str) -> String {
        let lower = email.trim().to_lowercase();
        let full = self.sign(Purpose::LogPseudonym, lower.as_bytes());
        format!("acct-{}", &full[..16])
    }

    /// The first 128 bits of [`Keys::sign`], as hex: for an address, whose local part is
    /// at most 64 characters.
    pub fn sign_short(&self, purpose: Purpose, data: &[u8]) -> String {
        hex::encode(&self.mac(purpose, data).finalize().into_bytes()[..16])
    }

    /// Whether `signature` (hex) is [`Keys::sign_short`] of `data` for `purpose`; compared
    /// in constant time.
    pub fn verify_short(&self, purpose: Purpose, data: &[u8], signature: &str) -> bool {
        match hex::decode(signature) {
            Ok(bytes) if bytes.len() == 16 => self
                .mac(purpose, data)
                .verify_truncated_left(&bytes)
                .is_ok(),
            _ => false,
        }
    }
}

/// `bytes` random bytes as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes * 2);
    while out.len() < bytes * 2 {
        out.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    out.truncate(bytes * 2);
    out
}

#[cfg(test)]
mod tests {
    use super::{Keys, Purpose};

    #[test]
    fn a_signature_holds_for_its_data_and_purpose_only() {
        let keys = Keys::from_secret(b"test secret");
        let sig = keys.sign(Purpose::Device, b"7.abc");
        assert!(keys.verify(Purpose::Device, b"7.abc", &sig));
        assert!(!keys.verify(Purpose::Device, b"8.abc", &sig));
        assert!(!keys.verify(Purpose::VisitorCsrf, b"7.abc", &sig));
        assert!(!Keys::from_secret(b"other").verify(Purpose::Device, b"7.abc", &sig));
        assert!(!keys.verify(Purpose::Device, b"7.abc", "not hex"));
    }
}
