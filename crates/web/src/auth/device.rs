//! The trusted-device cookie (OWASP's "device cookies" against online guessing): a browser
//! that signed in to an account before carries a signed note of it. When an account is
//! under a guessing attack from many addresses, sign-in stays open to the browsers its owner
//! used before, while every other client must wait, so an attacker cannot lock the owner
//! out. A cookie has its own small failure budget, so a stolen one is no way around the
//! throttle.

use axum::http::{HeaderMap, HeaderValue, header};

use super::keys::{Keys, Purpose, random_hex};
use crate::ids::UserId;

/// The cookie's name.
pub const COOKIE: &str = "softland_device";
/// How long a browser stays trusted after its last sign-in, in seconds (a year).
const MAX_AGE_SECS: u64 = 365 * 24 * 3600;

/// A browser that signed in to `user` before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// The account it signed in to.
    pub user: UserId,
    /// The cookie's random part (its own throttle key).
    pub nonce: String,
}

/// The device cookie sent with `headers`, if it is one softland signed.
pub fn from_headers(headers: &HeaderMap, keys: &Keys) -> Option<Device> {
    let value = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)?
        .1;
    let (signed, signature) = value.rsplit_once('.')?;
    let (user, nonce) = signed.split_once('.')?;
    if !keys.verify(Purpose::Device, signed.as_bytes(), signature) {
        return None;
    }
    Some(Device {
        user: UserId(user.parse().ok()?),
        nonce: nonce.to_owned(),
    })
}

/// A new device cookie for `user` (set at every successful sign-in).
pub fn issue(keys: &Keys, user: UserId) -> Option<HeaderValue> {
    let signed = format!("{}.{}", user.0, random_hex(16));
    let signature = keys.sign(Purpose::Device, signed.as_bytes());
    HeaderValue::from_str(&format!(
        "{COOKIE}={signed}.{signature}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(cookie: &HeaderValue) -> HeaderMap {
        let pair = cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        headers
    }

    #[test]
    fn an_issued_cookie_is_recognised_and_a_changed_one_is_not() {
        let keys = Keys::from_secret(b"k");
        let cookie = issue(&keys, UserId(42)).unwrap();
        let device = from_headers(&sent(&cookie), &keys).unwrap();
        assert_eq!(device.user, UserId(42));
        let forged = cookie.to_str().unwrap().replacen("=42.", "=43.", 1);
        assert_eq!(
            from_headers(&sent(&HeaderValue::from_str(&forged).unwrap()), &keys),
            None
        );
        assert_eq!(
            from_headers(&sent(&cookie), &Keys::from_secret(b"other")),
            None
        );
    }
}
