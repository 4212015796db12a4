//! `templates/account/two_factor.html`: one's own two-factor sign-in (issue 23) — set it up
//! (QR code, the secret to type, a code to confirm), the recovery codes shown once, new
//! codes, turning it off.

use askama::Template;
use chrono_tz::Tz;
use softland_domain::two_factor::RecoveryCode;

use super::moment_of;
use crate::commands::two_factor::{OwnTwoFactor, Setup};
use crate::views::nav::Nav;

/// Two-factor as it is set up.
pub struct EnrolledView {
    /// "Thu 24 Dec 2026 09:30".
    pub since: String,
    /// "Thu 24 Dec 2026 09:30" or "never".
    pub last_used: String,
    /// Unused recovery codes.
    pub codes_left: u64,
}

/// Recovery codes just made, shown once.
pub struct NewCodesView {
    /// The codes, `abcde-fghjk`.
    pub codes: Vec<String>,
    /// The codes as a `data:` address of a text file, for "Download as text".
    pub download: String,
}

impl NewCodesView {
    /// The view of `codes` for `email`'s account.
    pub fn new(codes: &[RecoveryCode], email: &str) -> Self {
        let codes: Vec<String> = codes.iter().map(RecoveryCode::display).collect();
        let text = format!(
            "softland recovery codes for {email}\nEach code works once.\n\n{}\n",
            codes.join("\n")
        );
        let encoded: String = text
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        Self {
            codes,
            download: format!("data:text/plain;charset=utf-8,{encoded}"),
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "account/two_factor.html")]
pub struct TwoFactorPage {
    /// Navigation.
    pub nav: Nav,
    /// A message from the last change.
    pub flash: Option<String>,
    /// Whether the account must set it up before anything else.
    pub due: bool,
    /// Whether the account must use it.
    pub required: bool,
    /// How it is set up (none: not set up).
    pub enrolled: Option<EnrolledView>,
    /// The set-up form's QR code and secret (when not set up).
    pub setup: Option<Setup>,
    /// Recovery codes just made.
    pub new_codes: Option<NewCodesView>,
    /// What is wrong, for the page's title and summary.
    pub error: Option<String>,
    /// The set-up form's code problem.
    pub setup_error: Option<String>,
    /// The new-codes form's code problem.
    pub codes_error: Option<String>,
    /// The turn-off form's password problem.
    pub disable_password_error: Option<String>,
    /// The turn-off form's code problem.
    pub disable_code_error: Option<String>,
}

impl TwoFactorPage {
    /// The page for `own`, without messages.
    pub fn new(nav: Nav, own: &OwnTwoFactor, due: bool, zone: Tz) -> Self {
        Self {
            nav,
            flash: None,
            due,
            required: own.required,
            enrolled: own.enrolment.as_ref().map(|e| EnrolledView {
                since: moment_of(e.enrolled_at, zone),
                last_used: e
                    .last_used_at
                    .map_or_else(|| "never".to_owned(), |at| moment_of(at, zone)),
                codes_left: own.codes_left,
            }),
            setup: None,
            new_codes: None,
            error: None,
            setup_error: None,
            codes_error: None,
            disable_password_error: None,
            disable_code_error: None,
        }
    }
}
