//! The trusted-device cookie (OWASP's "device cookies" against online guessing): a browser
//! that signed in to an account before carries a signed note of it. When an account is
//! under a guessing attack from many addresses, sign-in stays open to the browsers its owner
//! used before, while every other client must wait, so an attacker cannot lock the owner
//! out. A cookie has its own small failure budget, so a stolen one is no way around the
//! throttle, and it is signed together with the time of the account's last password change,
//! so a new password makes every earlier cookie worthless.

use axum::http::{HeaderMap, HeaderValue, header};

use super::keys::{Keys, Purpose, random_hex};
use crate::db::users::User;
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
    /// The account's password epoch it was issued under ([`epoch`]).
    pub epoch: i64,
    /// The cookie's random part (its own throttle key).
    pub nonce: String,
}

impl Device {
    /// Whether this cookie vouches for `user` with its current password.
    pub fn is_for(&self, user: &User) -> bool {
        self.user == user.id && self.epoch == epoch(user)
    }
}

/// The password epoch of `user`: when its password last changed (Unix seconds; 0 if never).
pub fn epoch(user: &User) -> i64 {
    user.password_changed_at.map_or(0, |t| t.timestamp())
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
    let mut parts = signed.splitn(3, '.');
    let (user, epoch, nonce) = (parts.next()?, parts.next()?, parts.next()?);
    if !keys.verify(Purpose::Device, signed.as_bytes(), signature) {
        return None;
    }
    Some(Device {
        user: UserId(user.parse().ok()?),
        epoch: epoch.parse().ok()?,
        nonce: nonce.to_owned(),
    })
}

/// A new device cookie for `user` (set at every successful sign-in).
pub fn issue(keys: &Keys, user: &User) -> Option<HeaderValue> {
    let signed = format!("{}.{}.{}", user.id.0, epoch(user), random_hex(16));
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

    fn user(id: i64, changed: Option<i64>) -> User {
        User {
            id: UserId(id),
            email: "jana@centre.test".into(),
            display_name: "Jana".into(),
            phone: String::new(),
            role: crate::auth::Role::Consultant,
            password_hash: None,
            active: true,
            password_changed_at: changed.and_then(|t| chrono::DateTime::from_timestamp(t, 0)),
            team_lead: false,
            buddy_coordinator: false,
            organisation: None,
            notifications: crate::db::users::Notifications {
                digest: true,
                digest_time: None,
                reminders: None,
            },
        }
    }

    #[test]
    fn an_issued_cookie_is_recognised_and_a_changed_one_is_not() {
        let keys = Keys::from_secret(b"k");
        let jana = user(42, Some(1_700_000_000));
        let cookie = issue(&keys, &jana).unwrap();
        let device = from_headers(&sent(&cookie), &keys).unwrap();
        assert!(device.is_for(&jana));
        assert!(
            !device.is_for(&user(42, Some(1_800_000_000))),
            "a new password voids it"
        );
        assert!(!device.is_for(&user(43, Some(1_700_000_000))));
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
