//! The programme's forms as typed (the same for a page and the API), parsed once here so
//! that both refuse the same input with the same message for the same field.

use std::collections::BTreeSet;

use softland_domain::buddy::{Capacity, Language, Level, Phone, Topic};
use softland_domain::person::{Email, PersonName};

use super::super::{CommandError, FieldErrors, Problem};
use crate::db::buddies::{Profile, RequestDetails};

/// The most languages one profile or request lists.
pub const MAX_LANGUAGES: usize = 6;

/// The most characters of a request's languages together (their stored column's size).
const REQUEST_LANGUAGES_MAX: usize = 200;

/// An ambassador's profile as typed. Field names: `name`, `email`, `nationality`,
/// `languages`, `years_here`, `district`, `occupation`, `interests`, `family`,
/// `helps_with`, `capacity`, `available_until`, `introduction`, `phone`, `consent`.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    /// Name (new ambassadors only).
    pub name: String,
    /// E-mail (new ambassadors only).
    pub email: String,
    /// Nationality.
    pub nationality: String,
    /// (language, level) pairs; pairs with an empty language are skipped.
    pub languages: Vec<(String, String)>,
    /// Whole years in Ostrava.
    pub years_here: String,
    /// District.
    pub district: String,
    /// Occupation or field.
    pub occupation: String,
    /// Interests.
    pub interests: String,
    /// Family situation.
    pub family: String,
    /// Has children at a Czech school.
    pub children_at_school: bool,
    /// Topic names.
    pub helps_with: Vec<String>,
    /// Places, 1–10.
    pub capacity: String,
    /// The last day they can take newcomers (empty: open-ended).
    pub available_until: String,
    /// A short introduction.
    pub introduction: String,
    /// Phone.
    pub phone: String,
    /// Consent to be contacted by the centre and their newcomers.
    pub consent: bool,
}

/// Text of at most `max` characters: `None` when empty.
fn optional(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> Option<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        errors.add(field, Problem::TooLong(max).to_string());
        return None;
    }
    (!text.is_empty()).then(|| text.to_owned())
}

/// Text of 1 to `max` characters.
fn required(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() {
        errors.add(field, Problem::Missing.to_string());
        return None;
    }
    optional(errors, field, raw, max)
}

fn topics(errors: &mut FieldErrors, field: &str, raw: &[String]) -> BTreeSet<Topic> {
    let mut topics = BTreeSet::new();
    for name in raw {
        match Topic::parse(name) {
            Some(t) => {
                topics.insert(t);
            }
            None => errors.add(field, Problem::NotOffered.to_string()),
        }
    }
    if topics.is_empty() {
        errors.add(field, "choose at least one");
    }
    topics
}

fn phone(errors: &mut FieldErrors, field: &str, raw: &str, needed: bool) -> Option<String> {
    if raw.trim().is_empty() {
        if needed {
            errors.add(
                field,
                "write the number you agree to share, or do not share one",
            );
        }
        return None;
    }
    match Phone::parse(raw) {
        Ok(p) => Some(p.as_str().to_owned()),
        Err(e) => {
            errors.add(field, e.to_string());
            None
        }
    }
}

impl ProfileInput {
    /// The profile, with every wrong field reported.
    pub fn parse_profile(&self) -> Result<Profile, CommandError> {
        let mut errors = FieldErrors::new();
        let profile = self.profile(&mut errors);
        match profile {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Name, e-mail and profile of a new ambassador (consent required), every wrong field
    /// reported.
    pub fn parse_new(&self) -> Result<(PersonName, Email, Profile), CommandError> {
        let mut errors = FieldErrors::new();
        let name = PersonName::parse(&self.name)
            .map_err(|e| errors.add("name", e.0))
            .ok();
        let email = Email::parse(&self.email)
            .map_err(|e| errors.add("email", e.0))
            .ok();
        let profile = self.profile(&mut errors);
        if !self.consent {
            errors.add(
                "consent",
                "an ambassador agrees to be contacted by the centre and their newcomers",
            );
        }
        match (name, email, profile) {
            (Some(n), Some(e), Some(p)) if errors.is_empty() => Ok((n, e, p)),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    fn profile(&self, errors: &mut FieldErrors) -> Option<Profile> {
        let nationality = required(errors, "nationality", &self.nationality, 80);
        let mut languages: Vec<(Language, Level)> = Vec::new();
        for (name, level) in &self.languages {
            if name.trim().is_empty() {
                continue;
            }
            let language =
                Language::parse(name).map_err(|e| errors.add("languages", e.to_string()));
            let level = Level::parse(level)
                .ok_or_else(|| errors.add("languages", "choose how well you speak each language"));
            if let (Ok(language), Ok(level)) = (language, level)
                && !languages.iter().any(|(l, _)| *l == language)
            {
                languages.push((language, level));
            }
        }
        if languages.is_empty() {
            errors.add("languages", "name at least one language you speak");
        } else if languages.len() > MAX_LANGUAGES {
            errors.add(
                "languages",
                format!("name at most {MAX_LANGUAGES} languages"),
            );
        }
        languages.sort_by_key(|l| std::cmp::Reverse(l.1));
        let years_here = match self.years_here.trim() {
            "" => Some(0),
            raw => match raw.parse::<u8>() {
                Ok(n) if n <= 80 => Some(n),
                _ => {
                    errors.add("years_here", "write whole years, 0 to 80");
                    None
                }
            },
        };
        let capacity = match self.capacity.trim().parse::<u8>().ok().map(Capacity::new) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                errors.add("capacity", e.to_string());
                None
            }
            None => {
                errors.add("capacity", "write how many newcomers at once, 1 to 10");
                None
            }
        };
        let available_until = softland_domain::date_input::parse_optional(&self.available_until)
            .map_err(|e| errors.add("available_until", e.to_string()))
            .ok()
            .flatten();
        let helps_with = topics(errors, "helps_with", &self.helps_with);
        // Every field is read (and its mistake noted) before any missing one ends the reading.
        let district = optional(errors, "district", &self.district, 80);
        let occupation = optional(errors, "occupation", &self.occupation, 120);
        let interests = optional(errors, "interests", &self.interests, 500);
        let family = optional(errors, "family", &self.family, 500);
        let introduction = required(errors, "introduction", &self.introduction, 1000);
        let phone = phone(errors, "phone", &self.phone, false);
        let profile = Profile {
            nationality: nationality?,
            district,
            occupation,
            interests,
            family,
            introduction: introduction?,
            phone,
            languages,
            years_here: years_here?,
            children_at_school: self.children_at_school,
            helps_with,
            capacity: capacity?,
            available_until,
        };
        Some(profile)
    }
}

/// A request for a buddy as typed. Field names: `person`, `languages`, `district`,
/// `topics`, `wishes`, `phone`, `consent`.
#[derive(Debug, Clone, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the form's checkboxes, as ticked"
)]
pub struct RequestInput {
    /// The person's position in the case (0 is the principal); empty: the principal.
    pub person: String,
    /// Languages, preferred first, separated by commas ("Hindi, English").
    pub languages: String,
    /// District.
    pub district: String,
    /// Topic names.
    pub topics: Vec<String>,
    /// Comes with children.
    pub has_children: bool,
    /// Anything else (the buddy reads it).
    pub wishes: String,
    /// Share the e-mail address with the buddy.
    pub share_email: bool,
    /// Share a phone number with the buddy.
    pub share_phone: bool,
    /// The phone number to share.
    pub phone: String,
    /// Consent to share the listed details with the buddy.
    pub consent: bool,
}

impl RequestInput {
    /// The person's position and the request, with every wrong field reported.
    pub fn parse(&self) -> Result<(usize, RequestDetails), CommandError> {
        let mut errors = FieldErrors::new();
        let position = match self.person.trim() {
            "" => Some(0),
            raw => raw
                .parse::<usize>()
                .map_err(|_| errors.add("person", Problem::NotOffered.to_string()))
                .ok(),
        };
        let mut languages: Vec<Language> = Vec::new();
        for name in self.languages.split([',', ';']) {
            if name.trim().is_empty() {
                continue;
            }
            match Language::parse(name) {
                Ok(l) if !languages.contains(&l) => languages.push(l),
                Ok(_) => {}
                Err(e) => errors.add("languages", e.to_string()),
            }
        }
        if languages.is_empty() {
            errors.add(
                "languages",
                "name at least one language you speak, e.g. English",
            );
        } else if languages.len() > MAX_LANGUAGES {
            errors.add(
                "languages",
                format!("name at most {MAX_LANGUAGES} languages"),
            );
        } else if languages
            .iter()
            .map(|l| l.as_str().chars().count() + 1)
            .sum::<usize>()
            > REQUEST_LANGUAGES_MAX
        {
            // The stored list (`Hindi;English`) has room for this many characters.
            errors.add(
                "languages",
                Problem::TooLong(REQUEST_LANGUAGES_MAX).to_string(),
            );
        }
        let topics = topics(&mut errors, "topics", &self.topics);
        let district = optional(&mut errors, "district", &self.district, 80);
        let wishes = optional(&mut errors, "wishes", &self.wishes, 1000);
        let phone = if self.share_phone {
            phone(&mut errors, "phone", &self.phone, true)
        } else {
            None
        };
        if !self.consent {
            errors.add(
                "consent",
                "a buddy can only be found when you agree to share these details with them",
            );
        }
        match position {
            Some(position) if errors.is_empty() => Ok((
                position,
                RequestDetails {
                    languages,
                    district,
                    topics,
                    has_children: self.has_children,
                    wishes,
                    share_email: self.share_email,
                    share_phone: self.share_phone,
                    phone,
                },
            )),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

#[cfg(test)]
mod tests;
