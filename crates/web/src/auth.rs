//! Accounts and roles, password hashing and the password policy.

pub mod browser;
pub mod csrf;
pub mod device;
pub mod extract;
pub mod hashing;
pub mod keys;
pub mod password;
pub mod session;
pub mod sign_in;
pub mod two_factor;
pub mod visitor;

use std::fmt;

use serde::{Deserialize, Serialize};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages staff accounts, route templates and office closures; also a consultant.
    Admin,
    /// Works on cases.
    Consultant,
    /// Sees their own household's case.
    Expat,
    /// An ambassador of the buddy programme (issue 20): sees only their own newcomers'
    /// shared details and their own profile, never a case.
    Buddy,
    /// A user of a partner employer (issue 21): sees only a progress summary of their own
    /// organisation's employees who consented, and asks the centre to take on new hires.
    Employer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Consultant,
        Role::Expat,
        Role::Buddy,
        Role::Employer,
    ];

    /// The identifier in storage and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Consultant => "consultant",
            Role::Expat => "expat",
            Role::Buddy => "buddy",
            Role::Employer => "employer",
        }
    }

    /// Parses [`Role::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// Whether the role works on cases (admins and consultants).
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Consultant)
    }

    /// Where the role's own pages start: after signing in or setting a password.
    pub fn home(self) -> &'static str {
        match self {
            Role::Admin | Role::Consultant => "/",
            Role::Expat => "/my",
            Role::Buddy => "/buddy",
            Role::Employer => "/employer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
