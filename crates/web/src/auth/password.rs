//! argon2id password hashes and the password policy (12–128 characters, common passwords
//! refused).

use std::fmt;

use std::cell::RefCell;

use argon2::password_hash::phc::Output;
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, PasswordHasher, Version};

/// argon2id memory cost in KiB (19 MiB), iterations and lanes: the OWASP minimum for
/// argon2id, documented in docs/security.md.
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
/// argon2id iterations.
pub const ARGON2_ITERATIONS: u32 = 2;
/// argon2id parallelism.
pub const ARGON2_LANES: u32 = 1;

const MIN_LEN: usize = 12;
const MAX_LEN: usize = 128;

/// Frequently used passwords, refused whatever their length.
const COMMON: &str = include_str!("common-passwords.txt");

/// A password that meets the policy. Its `Debug` never shows it.
pub struct Password(String);

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Fewer than 12 characters.
    #[error("use at least {MIN_LEN} characters")]
    TooShort,
    /// More than 128 characters.
    #[error("use at most {MAX_LEN} characters")]
    TooLong,
    /// On the list of common passwords.
    #[error("this password is too common; choose another")]
    Common,
}

impl Password {
    /// Checks `raw` against the policy.
    pub fn parse(raw: &str) -> Result<Self, WeakPassword> {
        let len = raw.chars().count();
        if len < MIN_LEN {
            return Err(WeakPassword::TooShort);
        }
        if len > MAX_LEN {
            return Err(WeakPassword::TooLong);
        }
        let lower = raw.to_lowercase();
        if COMMON.lines().any(|c| c == lower) {
            return Err(WeakPassword::Common);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_LANES, None)
        .expect("argon2 parameters are valid constants");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (argon2id, PHC string). Slow on purpose: call it off the async
/// workers (`spawn_blocking`).
pub fn hash(password: &Password) -> Result<String, anyhow::Error> {
    hasher()
        .hash_password(password.expose().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

thread_local! {
    /// argon2's 19 MiB of working memory, kept by each hashing thread (`auth::hashing`) for
    /// its next sign-in: allocated afresh for every hash it fragmented the thread's malloc
    /// arena to ~57 MiB a thread (docs/performance.md).
    static SCRATCH: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Whether `password` matches the stored `hash`. A malformed hash never matches.
pub fn verify(password: &str, hash: &str) -> bool {
    SCRATCH
        .with_borrow_mut(|memory| verify_in(password.as_bytes(), hash, memory))
        .unwrap_or(false)
}

/// argon2 with the algorithm, version, parameters and salt of `hash`, computed in `memory`;
/// the outputs are compared in constant time (`Output`'s `PartialEq`).
fn verify_in(password: &[u8], hash: &str, memory: &mut Vec<Block>) -> Option<bool> {
    let parsed = PasswordHash::new(hash).ok()?;
    let (salt, expected) = (parsed.salt.as_ref()?, parsed.hash.as_ref()?);
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).ok()?;
    let version = parsed
        .version
        .map_or(Ok(Version::default()), Version::try_from)
        .ok()?;
    let params = Params::try_from(&parsed).ok()?;
    memory.clear();
    memory.resize(params.block_count(), Block::default());
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt.as_ref(), &mut out, memory.as_mut_slice())
        .ok()?;
    Some(Output::new(&out).ok()? == *expected)
}

/// A hash of a random password, verified against when the account does not exist so that
/// an unknown e-mail costs the same time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let random = uuid::Uuid::new_v4().to_string() + &uuid::Uuid::new_v4().to_string();
        hasher()
            .hash_password(random.as_bytes())
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_short_long_and_common_passwords() {
        assert_eq!(Password::parse("short").err(), Some(WeakPassword::TooShort));
        assert_eq!(
            Password::parse(&"x".repeat(129)).err(),
            Some(WeakPassword::TooLong)
        );
        assert_eq!(
            Password::parse("Password1234").err(),
            Some(WeakPassword::Common)
        );
        assert!(Password::parse("correct horse battery").is_ok());
    }

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let pw = Password::parse("correct horse battery").unwrap();
        let h = hash(&pw).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("anything", "not a hash"));
    }
}
