//! The ambassador's own profile: editing it (errors beside the fields, what was typed kept, a
//! change made meanwhile not overwritten), pausing and resuming, the password.

use softland_web::db::buddies::{self, AmbassadorStatus};

use super::{Setup, setup};
use crate::support::{PASSWORD, assert_redirects_to, csrf_in, date};

/// A complete, valid profile form with `version`, changed by `changes`.
fn form(version: &str, changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("nationality", "Indian".into()),
        ("language", "Hindi".into()),
        ("level", "native".into()),
        ("language", "Czech".into()),
        ("level", "conversational".into()),
        ("language", String::new()),
        ("level", String::new()),
        ("years_here", "5".into()),
        ("district", "Ostrava-Jih".into()),
        ("occupation", "Engineer".into()),
        ("interests", "Cooking".into()),
        ("family", "Two children".into()),
        ("children_at_school", "yes".into()),
        ("helps_with", "school".into()),
        ("helps_with", "social_life".into()),
        ("capacity", "2".into()),
        ("available_until", "2027-06-30".into()),
        ("introduction", "Happy to help with schools.".into()),
        ("phone", "+420 777 333 444".into()),
        ("version", version.into()),
    ];
    for (name, value) in changes {
        for field in fields.iter_mut().filter(|(n, _)| n == name) {
            (*value).clone_into(&mut field.1);
        }
    }
    fields
}

async fn post(s: &Setup, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let (_, html) = s.page("/buddy/profile").await;
    let mut all = vec![("csrf", csrf_in(&html))];
    all.extend(fields.iter().map(|(n, v)| (*n, v.clone())));
    s.buddy
        .post(s.app.url(path))
        .form(&all)
        .send()
        .await
        .unwrap()
}

async fn stored(s: &Setup) -> buddies::Ambassador {
    buddies::ambassador(&s.app.db, s.asha).await.unwrap()
}

#[tokio::test]
async fn a_buddy_edits_their_own_profile() {
    let s = setup().await;
    let (status, html) = s.page("/buddy/profile").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(
            r#"id="language-1" name="language" type="text" maxlength="40" value="Hindi""#
        ),
        "{html}"
    );
    assert!(html.contains(r#"value="Poruba""#));
    assert!(html.contains("asha@buddies.test"));
    let version = stored(&s).await.version.to_string();
    let res = post(&s, "/buddy/profile", &form(&version, &[])).await;
    assert_redirects_to(&res, "/buddy/profile");
    let me = stored(&s).await;
    assert_eq!(me.profile.district.as_deref(), Some("Ostrava-Jih"));
    assert_eq!(me.profile.capacity.get(), 2);
    assert_eq!(me.profile.available_until, Some(date(2027, 6, 30)));
    assert!(me.profile.children_at_school);
    assert_eq!(me.profile.languages.len(), 2);
    assert_eq!(me.name, "Asha Verma", "the name is not changed here");
    let (_, html) = s.page("/buddy/profile").await;
    assert!(html.contains("Your profile is saved."));
    let (_, home) = s.page("/buddy").await;
    assert!(home.contains("1 of 2 places taken"), "{home}");
    assert!(home.contains("You take newcomers until Wed 30 Jun 2027."));
}

#[tokio::test]
async fn wrong_profile_fields_are_shown_beside_them_with_what_was_typed_kept() {
    let s = setup().await;
    let version = stored(&s).await.version.to_string();
    let wrong = form(
        &version,
        &[
            ("nationality", ""),
            ("language", ""),
            ("capacity", "11"),
            ("available_until", "30.6.2027"),
            ("phone", "call me"),
            ("district", "Ostrava-Jih typed"),
        ],
    );
    let res = post(&s, "/buddy/profile", &wrong).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: Your profile · softland</title>"));
    assert!(html.contains(r#"<h2 id="profile-problem">Your profile was not saved</h2>"#));
    for (id, message) in [
        ("profile-nationality-error", "Please fill this in."),
        ("languages-error", "Name at least one language you speak."),
        (
            "profile-capacity-error",
            "An ambassador looks after 1 to 10 newcomers at once.",
        ),
        (
            "profile-available-until-error",
            "Enter a real date as YYYY-MM-DD, e.g. 2026-12-23.",
        ),
        (
            "profile-phone-error",
            "Write a phone number of 6 to 20 digits, e.g. +420 601 234 567.",
        ),
    ] {
        assert!(
            html.contains(&format!(
                r#"<p class="field-error" id="{id}"><span class="visually-hidden">Error: </span>{message}</p>"#
            )),
            "{id}: {html}"
        );
    }
    assert!(
        html.contains(r##"<a href="#profile-capacity">"##),
        "the summary links the field"
    );
    assert!(
        html.contains(r#"value="Ostrava-Jih typed""#),
        "typed values kept"
    );
    assert!(html.contains(r#"value="11""#));
    assert!(html.contains(r#"value="call me""#));
    assert!(html.contains(r#"id="helps-school" name="helps_with" value="school" checked"#));
    assert_eq!(
        stored(&s).await.profile.district.as_deref(),
        Some("Poruba"),
        "nothing saved"
    );
}

#[tokio::test]
async fn a_profile_changed_meanwhile_is_not_overwritten() {
    let s = setup().await;
    let before = stored(&s).await;
    let mut changed = before.profile.clone();
    changed.district = Some("Vítkovice".to_owned());
    buddies::update_profile(&s.app.db, s.asha, before.version, &changed, s.jana)
        .await
        .unwrap();
    let res = post(
        &s,
        "/buddy/profile",
        &form(&before.version.to_string(), &[]),
    )
    .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Your profile was changed at"), "{html}");
    assert!(
        html.contains(r#"value="Ostrava-Jih""#),
        "what was typed is kept"
    );
    let now = stored(&s).await;
    assert_eq!(now.profile.district.as_deref(), Some("Vítkovice"));
    assert!(html.contains(&format!(r#"name="version" value="{}""#, now.version)));
    let res = post(&s, "/buddy/profile", &form("", &[])).await;
    assert_eq!(res.status(), 422, "a form without its version");
}

#[tokio::test]
async fn pausing_takes_a_buddy_out_of_the_suggestions_and_resuming_brings_them_back() {
    let s = setup().await;
    // Priya's request, declined so that it may be proposed again.
    super::step(
        &s.app,
        s.id,
        softland_domain::buddy::MatchEvent::Decline,
        s.asha_user,
        Some(s.asha),
    )
    .await;
    let today = date(2027, 1, 4);
    let suggested = || async {
        let request = buddies::get_match(&s.app.db, s.id).await.unwrap();
        let me = stored(&s).await;
        softland_domain::buddy::suggest(&request.for_matching(), &[me.for_matching()], today)
    };
    assert_eq!(suggested().await.len(), 1);

    let res = post(&s, "/buddy/profile/status", &[("status", "paused".into())]).await;
    assert_redirects_to(&res, "/buddy/profile");
    assert_eq!(stored(&s).await.status, AmbassadorStatus::Paused);
    assert!(
        suggested().await.is_empty(),
        "a paused buddy is not suggested"
    );
    let (_, home) = s.page("/buddy").await;
    assert!(home.contains("You are paused"), "{home}");

    let res = post(&s, "/buddy/profile/status", &[("status", "active".into())]).await;
    assert_redirects_to(&res, "/buddy/profile");
    assert_eq!(stored(&s).await.status, AmbassadorStatus::Active);
    assert_eq!(suggested().await.len(), 1);

    for status in ["declined", "applied", ""] {
        let res = post(&s, "/buddy/profile/status", &[("status", status.into())]).await;
        assert_eq!(res.status(), 400, "{status:?}");
    }
    assert_eq!(stored(&s).await.status, AmbassadorStatus::Active);
}

#[tokio::test]
async fn a_buddy_changes_their_password_on_their_profile() {
    let s = setup().await;
    let new = "a long and new passphrase";
    let wrong = [
        ("current", "not my password".to_owned()),
        ("password", new.to_owned()),
        ("confirm", new.to_owned()),
    ];
    let res = post(&s, "/buddy/profile/password", &wrong).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"id="current-password-error">That is not your current password.</p>"#),
        "{html}"
    );
    let right = [
        ("current", PASSWORD.to_owned()),
        ("password", new.to_owned()),
        ("confirm", new.to_owned()),
    ];
    let res = post(&s, "/buddy/profile/password", &right).await;
    assert_redirects_to(&res, "/buddy/profile");
    let (_, html) = s.page("/buddy/profile").await;
    assert!(html.contains("Your password is changed"));
    assert_redirects_to(&s.app.sign_in("asha@buddies.test", new).await, "/buddy");
}
