//! The seat rule: who of the people signing up gets a place and who waits, when the waiting
//! list moves up, and when registration is closed. Pure functions; the store applies them
//! inside the transaction that counts the registrations (so two sign-ups at once cannot both
//! take the last place).

use chrono::{DateTime, NaiveDate, Utc};

use super::EventStatus;

/// Where a new registration goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// A place at the event.
    Place,
    /// The waiting list, at this position (1 is next to move up).
    Waiting(u64),
}

/// The places still free when `registered` people have one; `None` when there is no limit.
pub fn free_places(capacity: Option<u32>, registered: u64) -> Option<u64> {
    capacity.map(|c| u64::from(c).saturating_sub(registered))
}

/// Where a new registration goes when `registered` people have a place and `waiting` wait: a
/// place while one is free and nobody waits (nobody jumps the queue), else the end of the
/// waiting list.
pub fn seat_for_new(capacity: Option<u32>, registered: u64, waiting: u64) -> Seat {
    match free_places(capacity, registered) {
        None => Seat::Place,
        Some(free) if free > 0 && waiting == 0 => Seat::Place,
        Some(_) => Seat::Waiting(waiting + 1),
    }
}

/// How many of the first people on the waiting list move up now that `registered` people have
/// a place and `waiting` wait (after a cancellation, or when the capacity was raised).
pub fn to_promote(capacity: Option<u32>, registered: u64, waiting: u64) -> u64 {
    free_places(capacity, registered).map_or(waiting, |free| free.min(waiting))
}

/// Why nobody can register for an event now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationClosed {
    /// Not published yet.
    #[error("this event is not open for registration yet")]
    Draft,
    /// Called off.
    #[error("this event was cancelled")]
    Cancelled,
    /// The registration deadline has passed.
    #[error("registration for this event has closed")]
    Deadline,
    /// It has started (or is over).
    #[error("this event has already started")]
    Started,
}

/// Whether someone may register at `now` for an event in `status` starting at `starts_at`
/// whose registration closes at `closes_at` (at the start when it has no deadline of its own).
pub fn registration_open(
    status: EventStatus,
    starts_at: DateTime<Utc>,
    closes_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), RegistrationClosed> {
    match status {
        EventStatus::Draft => return Err(RegistrationClosed::Draft),
        EventStatus::Cancelled => return Err(RegistrationClosed::Cancelled),
        EventStatus::Published => {}
    }
    if now >= starts_at {
        return Err(RegistrationClosed::Started);
    }
    if closes_at.is_some_and(|closes| now > closes) {
        return Err(RegistrationClosed::Deadline);
    }
    Ok(())
}

/// Whether the waiting list of an event in `status` starting at `starts_at` moves up at `now`
/// (after a cancellation, or when staff raise the capacity): only while it is published and
/// has not started — a cancelled or running event's list stays as it is, and attendance is
/// never touched.
pub fn waiting_list_moves(
    status: EventStatus,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    status == EventStatus::Published && now < starts_at
}

/// Whether a registration of an event starting at `starts_at` may still be cancelled at `now`:
/// until the start; from then on attendance is what counts.
pub fn registration_cancellable(starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < starts_at
}

/// Whether attendance can be marked on `today` for an event held on `event_day` (the centre's
/// local date of its start): on the day and after, never before.
pub fn attendance_markable(event_day: NaiveDate, today: NaiveDate) -> bool {
    today >= event_day
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_last_place_goes_then_the_waiting_list_starts() {
        assert_eq!(seat_for_new(Some(2), 1, 0), Seat::Place);
        assert_eq!(seat_for_new(Some(2), 2, 0), Seat::Waiting(1));
        assert_eq!(seat_for_new(Some(2), 2, 3), Seat::Waiting(4));
        assert_eq!(seat_for_new(None, 500, 0), Seat::Place);
    }

    #[test]
    fn nobody_jumps_the_queue_over_a_free_place() {
        assert_eq!(seat_for_new(Some(5), 4, 2), Seat::Waiting(3));
    }

    #[test]
    fn a_cancellation_moves_the_first_waiting_up() {
        assert_eq!(to_promote(Some(5), 4, 2), 1);
        assert_eq!(to_promote(Some(5), 5, 2), 0);
        assert_eq!(to_promote(Some(8), 4, 2), 2);
        assert_eq!(to_promote(None, 4, 2), 2);
    }

    #[test]
    fn the_waiting_list_moves_only_while_published_and_not_started() {
        let start = Utc.with_ymd_and_hms(2026, 12, 10, 16, 0, 0).unwrap();
        let before = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert!(waiting_list_moves(EventStatus::Published, start, before));
        assert!(!waiting_list_moves(EventStatus::Cancelled, start, before));
        assert!(!waiting_list_moves(EventStatus::Draft, start, before));
        assert!(!waiting_list_moves(EventStatus::Published, start, start));
        assert!(registration_cancellable(start, before));
        assert!(!registration_cancellable(start, start));
    }

    #[test]
    fn registration_closes_for_drafts_cancelled_after_deadline_and_start() {
        let start = Utc.with_ymd_and_hms(2026, 12, 10, 16, 0, 0).unwrap();
        let deadline = Utc.with_ymd_and_hms(2026, 12, 8, 22, 59, 0).unwrap();
        let before = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let between = Utc.with_ymd_and_hms(2026, 12, 9, 9, 0, 0).unwrap();
        let open = |status, now| registration_open(status, start, Some(deadline), now);
        assert_eq!(open(EventStatus::Published, before), Ok(()));
        assert_eq!(
            open(EventStatus::Draft, before),
            Err(RegistrationClosed::Draft)
        );
        assert_eq!(
            open(EventStatus::Cancelled, before),
            Err(RegistrationClosed::Cancelled)
        );
        assert_eq!(
            open(EventStatus::Published, between),
            Err(RegistrationClosed::Deadline)
        );
        assert_eq!(
            registration_open(EventStatus::Published, start, None, start),
            Err(RegistrationClosed::Started)
        );
    }

    #[test]
    fn attendance_is_marked_from_the_event_day_on() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        assert!(!attendance_markable(day, day.pred_opt().unwrap()));
        assert!(attendance_markable(day, day));
        assert!(attendance_markable(day, day.succ_opt().unwrap()));
    }

    proptest! {
        /// Whatever order people sign up and cancel in, applying the rule never gives more
        /// places than the capacity, and never leaves a free place while someone waits.
        #[test]
        fn places_never_exceed_capacity(
            capacity in proptest::option::of(1u32..20),
            steps in proptest::collection::vec(any::<bool>(), 0..120),
        ) {
            let (mut registered, mut waiting) = (0u64, 0u64);
            for sign_up in steps {
                if sign_up {
                    match seat_for_new(capacity, registered, waiting) {
                        Seat::Place => registered += 1,
                        Seat::Waiting(position) => {
                            prop_assert_eq!(position, waiting + 1);
                            waiting += 1;
                        }
                    }
                } else if registered > 0 {
                    registered -= 1;
                    let up = to_promote(capacity, registered, waiting);
                    registered += up;
                    waiting -= up;
                }
                if let Some(c) = capacity {
                    prop_assert!(registered <= u64::from(c));
                    prop_assert!(waiting == 0 || registered == u64::from(c));
                } else {
                    prop_assert_eq!(waiting, 0);
                }
            }
        }
    }
}
