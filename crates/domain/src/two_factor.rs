//! Two-factor sign-in for staff (issue 23): the rules of RFC 6238 time-based codes that do not
//! need the secret — which time steps a code may come from (the current one and one either
//! side, as authenticator apps expect), refusing a code whose step was already used (a
//! replay), and the shapes of what a person types: a 6-digit code or a one-time recovery code.
//! Computing a code from the secret (HMAC-SHA-1) is the web crate's (`totp-rs`).

#[cfg(test)]
mod tests;

use std::fmt;

/// Seconds in one time step (RFC 6238's default, which every authenticator app uses).
pub const STEP_SECONDS: u64 = 30;
/// Steps accepted either side of the current one, for clocks a little apart.
pub const SKEW: u64 = 1;
/// Digits of a code.
pub const DIGITS: usize = 6;
/// Recovery codes given at once.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (50 bits).
pub const RECOVERY_LENGTH: usize = 10;
/// The letters of recovery codes: 32 of them (no `l`, `o`, `0`, `1`, easy to mistake), so
/// one random byte modulo 32 picks each without bias.
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// One 30-second time step: Unix time divided by [`STEP_SECONDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeStep(u64);

impl TimeStep {
    /// The step `unix_seconds` falls in.
    pub fn at(unix_seconds: u64) -> Self {
        Self(unix_seconds / STEP_SECONDS)
    }

    /// A step by its number (as stored).
    pub fn from_number(number: u64) -> Self {
        Self(number)
    }

    /// Its number (as stored).
    pub fn number(self) -> u64 {
        self.0
    }

    /// The first second of the step, for computing its code.
    pub fn start(self) -> u64 {
        self.0.saturating_mul(STEP_SECONDS)
    }

    /// The steps a code typed now may come from, oldest first: one before, the current one,
    /// one after.
    pub fn window(self) -> impl Iterator<Item = TimeStep> {
        (self.0.saturating_sub(SKEW)..=self.0.saturating_add(SKEW)).map(TimeStep)
    }
}

/// Why a code is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefusal {
    /// It is not the code of any step in the window.
    #[error("that code is not right; check the time on your phone and try the newest code")]
    Wrong,
    /// It is right, but its step (or a later one) was used already: a code works once.
    #[error("that code was used already; wait for the next code in your app")]
    Replayed,
}

/// Accepts a code typed at `now` if it is the code of a step in the window after
/// `last_used` (the newest step accepted before for this account); `is_code_of` tells
/// whether the typed code is a step's code. Returns the step to store as the newest used.
pub fn accept(
    now: TimeStep,
    last_used: Option<TimeStep>,
    is_code_of: impl Fn(TimeStep) -> bool,
) -> Result<TimeStep, CodeRefusal> {
    let mut replayed = false;
    for step in now.window() {
        if !is_code_of(step) {
            continue;
        }
        if last_used.is_some_and(|last| step <= last) {
            replayed = true;
        } else {
            return Ok(step);
        }
    }
    Err(if replayed {
        CodeRefusal::Replayed
    } else {
        CodeRefusal::Wrong
    })
}

/// What a person typed on the second step: an app's code or a recovery code.
#[derive(Clone, PartialEq, Eq)]
pub enum SecondFactor {
    /// Six digits from the authenticator app.
    Code(String),
    /// A recovery code, normalised (lower case, without spaces or dashes).
    Recovery(RecoveryCode),
}

impl fmt::Debug for SecondFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecondFactor::Code(_) => "Code(<redacted>)",
            SecondFactor::Recovery(_) => "Recovery(<redacted>)",
        })
    }
}

/// A typed code that is neither shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("enter the 6-digit code from your app, or one of your recovery codes")]
pub struct InvalidCode;

impl SecondFactor {
    /// Reads what was typed: spaces and dashes are ignored, letters may be capitals.
    pub fn parse(raw: &str) -> Result<Self, InvalidCode> {
        let cleaned: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if cleaned.len() == DIGITS && cleaned.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Code(cleaned));
        }
        RecoveryCode::parse(&cleaned)
            .map(Self::Recovery)
            .ok_or(InvalidCode)
    }

    /// Reads a 6-digit code only (enrolment and changes ask for the app's code).
    pub fn parse_code(raw: &str) -> Result<String, InvalidCode> {
        match Self::parse(raw)? {
            Self::Code(code) => Ok(code),
            Self::Recovery(_) => Err(InvalidCode),
        }
    }
}

/// A one-time recovery code: ten characters of an unambiguous alphabet, shown as
/// `abcde-fghij`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

impl RecoveryCode {
    /// A code made of ten random bytes (each picks one of 32 letters: no bias).
    pub fn from_random(bytes: [u8; RECOVERY_LENGTH]) -> Self {
        Self(
            bytes
                .iter()
                .map(|b| char::from(RECOVERY_ALPHABET[usize::from(b % 32)]))
                .collect(),
        )
    }

    /// Reads a typed code (spaces and dashes ignored, capitals allowed).
    pub fn parse(raw: &str) -> Option<Self> {
        let cleaned: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (cleaned.len() == RECOVERY_LENGTH
            && cleaned.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(Self(cleaned))
    }

    /// The normalised code, for hashing.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as shown: two groups of five.
    pub fn display(&self) -> String {
        let (a, b) = self.0.split_at(RECOVERY_LENGTH / 2);
        format!("{a}-{b}")
    }
}

/// A base32 secret in groups of four, for typing into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
