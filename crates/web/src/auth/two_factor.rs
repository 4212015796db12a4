//! The secret side of two-factor sign-in (issue 23): a new 160-bit secret, the code of a
//! time step (RFC 6238 with `totp-rs`: SHA-1, 6 digits, 30 seconds), the secret masked for
//! storage, recovery codes and their hashes, the `otpauth://` address and its QR code as
//! inline SVG. The rules that need no secret (the window, replays) are the domain's
//! (`softland_domain::two_factor`).
//!
//! The stored secret is `v1:<nonce>:<secret XOR HMAC-SHA-256(server key, nonce)>` (hex): a
//! copy of the table alone (a log, an export, a table-level backup) does not give the codes.
//! The server key lives in the same database (`server_keys`), so a full copy of the database
//! does; docs/security.md says so.

use rand::Rng as _;
use softland_domain::two_factor::{RECOVERY_CODES, RECOVERY_LENGTH, RecoveryCode, TimeStep};
use totp_rs::{Builder, Secret, Totp};

use super::keys::{Keys, Purpose};

/// Bytes of a secret: 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;

/// A TOTP secret in the clear: exists only while a code is checked or an enrolment is
/// shown. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct FactorSecret(Vec<u8>);

impl std::fmt::Debug for FactorSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FactorSecret(<redacted>)")
    }
}

impl FactorSecret {
    /// A new random secret.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Reads a base32 secret (as apps show it; the demo's fixed one).
    pub fn from_base32(text: &str) -> Option<Self> {
        let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let secret = Secret::try_from_base32(cleaned.to_uppercase()).ok()?;
        (secret.len() >= 16).then(|| Self(secret.to_vec()))
    }

    /// The secret in base32, as an app takes it typed by hand.
    pub fn to_base32(&self) -> String {
        Secret::from(self.0.clone()).to_base32()
    }

    fn totp(&self) -> Option<Totp> {
        Builder::new().with_secret(self.0.clone()).build().ok()
    }

    /// Whether `code` is the code of `step`.
    pub fn is_code_of(&self, code: &str, step: TimeStep) -> bool {
        self.totp()
            .is_some_and(|totp| totp.generate(step.start()).to_string() == code)
    }

    /// The code of `step` (the unit tests'; the app only checks codes).
    #[cfg(test)]
    fn code_at(&self, step: TimeStep) -> String {
        self.totp()
            .map(|totp| totp.generate(step.start()).to_string())
            .unwrap_or_default()
    }

    /// The secret as stored: masked with the server key under a fresh nonce.
    pub fn mask(&self, keys: &Keys) -> String {
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let pad = keys.sign_bytes(Purpose::TwoFactorSecret, &nonce);
        let masked: Vec<u8> = self.0.iter().zip(pad).map(|(s, p)| s ^ p).collect();
        format!("v1:{}:{}", hex::encode(nonce), hex::encode(masked))
    }

    /// Reads what [`FactorSecret::mask`] stored (none: not one, or another server key).
    pub fn unmask(stored: &str, keys: &Keys) -> Option<Self> {
        let mut parts = stored.split(':');
        let (Some("v1"), Some(nonce), Some(masked), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let nonce = hex::decode(nonce).ok()?;
        let masked = hex::decode(masked).ok()?;
        if masked.len() > 32 {
            return None;
        }
        let pad = keys.sign_bytes(Purpose::TwoFactorSecret, &nonce);
        Some(Self(masked.iter().zip(pad).map(|(m, p)| m ^ p).collect()))
    }

    /// The address an authenticator app reads from the QR code: the issuer
    /// (`softland – <centre>`) and the account's e-mail.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent(issuer);
        format!(
            "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
            percent(account),
            self.to_base32()
        )
    }
}

/// `text` with everything but unreserved characters percent-encoded (RFC 3986).
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `uri` as a QR code in inline SVG (no XML prolog), labelled for screen readers.
pub fn qr_svg(uri: &str) -> Option<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"QR code to scan with your authenticator app\"",
        1,
    ))
}

/// Ten new recovery codes.
pub fn new_recovery_codes() -> Vec<RecoveryCode> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; RECOVERY_LENGTH];
            rand::rng().fill_bytes(&mut bytes);
            RecoveryCode::from_random(bytes)
        })
        .collect()
}

/// The stored hash of a recovery code (HMAC-SHA-256 with the server key, hex).
pub fn recovery_hash(keys: &Keys, code: &RecoveryCode) -> String {
    keys.sign(Purpose::RecoveryCode, code.as_str().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{FactorSecret, Keys, TimeStep, qr_svg};

    #[test]
    fn a_masked_secret_reads_back_with_its_key_only() {
        let keys = Keys::from_secret(b"test");
        let secret = FactorSecret::generate();
        let stored = secret.mask(&keys);
        assert!(!stored.contains(&hex::encode(&secret.0)));
        assert_eq!(FactorSecret::unmask(&stored, &keys), Some(secret.clone()));
        assert_ne!(
            FactorSecret::unmask(&stored, &Keys::from_secret(b"other")),
            Some(secret)
        );
        assert_eq!(FactorSecret::unmask("nonsense", &keys), None);
    }

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", T = 59 s.
        let secret = FactorSecret(b"12345678901234567890".to_vec());
        assert_eq!(secret.code_at(TimeStep::at(59)), "287082");
        assert!(secret.is_code_of("287082", TimeStep::at(59)));
        let back = FactorSecret::from_base32(&secret.to_base32()).expect("base32");
        assert_eq!(back, secret);
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = qr_svg("otpauth://totp/x:y?secret=AAAA").expect("svg");
        assert!(svg.starts_with("<svg role=\"img\""));
    }
}
