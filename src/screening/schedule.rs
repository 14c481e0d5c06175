//! The rules of the schedule as pure functions: how long a showtime occupies its hall,
//! what it clashes with, and what to offer instead when the chosen slot is taken.

use chrono::{DateTime, Duration, Timelike, Utc};

use crate::vocab::{HallId, ShowtimeId};

use super::error::ScreeningError;
use super::model::{Hall, Interval, Runtime, Showtime};

/// Minutes around every film, from config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buffers {
    pub ads_minutes: i64,
    pub cleaning_minutes: i64,
}

/// Suggested start times are on the venue's five-minute marks, as a cinema prints them.
const START_GRANULARITY_MINUTES: i64 = 5;
/// How many alternative start times an error offers.
pub const MAX_START_SUGGESTIONS: usize = 3;

/// A showtime occupies its hall from its start until the film, the ads before it and the
/// cleaning after it are all over.
/// How far ahead a showtime may be scheduled. A cinema plans weeks or months ahead; a
/// start years away is a typo (2062 for 2026), and the year 9999 broke date arithmetic.
pub const HORIZON_DAYS: i64 = 2 * 366;

/// Refuses a start further ahead than the horizon, as bad input naming the limit.
pub fn within_horizon(start: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ScreeningError> {
    let last = now + Duration::days(HORIZON_DAYS);
    if start > last {
        return Err(ScreeningError::invalid(
            "start",
            format!(
                "a showtime can be scheduled at most {} days ahead (until {})",
                HORIZON_DAYS,
                last.format("%Y-%m-%d")
            ),
        ));
    }
    Ok(())
}

pub fn occupied_interval(start: DateTime<Utc>, runtime: Runtime, buffers: Buffers) -> Interval {
    let minutes = runtime.minutes() + buffers.ads_minutes + buffers.cleaning_minutes;
    Interval {
        start,
        end: start + Duration::minutes(minutes),
    }
}

/// The scheduled showtimes of `hall` that `candidate` would overlap, leaving out the
/// showtime being moved (it never collides with its own old slot).
pub fn clashes<'a>(
    candidate: &Interval,
    hall: HallId,
    existing: &'a [Showtime],
    moving: Option<ShowtimeId>,
) -> Vec<&'a Showtime> {
    existing
        .iter()
        .filter(|s| s.hall_id == hall && Some(s.id) != moving)
        .filter(|s| s.status == super::model::ShowtimeStatus::Scheduled)
        .filter(|s| s.occupied().overlaps(candidate))
        .collect()
}

/// Other halls free for the whole of `candidate`, closest in capacity to the chosen hall
/// first (ties: the larger hall, then by name), so the film keeps an audience of its size.
pub fn free_halls<'a>(
    candidate: &Interval,
    chosen: &Hall,
    halls: &'a [Hall],
    busy: &[(HallId, Interval)],
) -> Vec<&'a Hall> {
    let mut free: Vec<&Hall> = halls
        .iter()
        .filter(|h| h.id != chosen.id && h.capacity > 0)
        .filter(|h| {
            !busy
                .iter()
                .any(|(id, i)| *id == h.id && i.overlaps(candidate))
        })
        .collect();
    free.sort_by(|a, b| {
        let da = a.capacity.abs_diff(chosen.capacity);
        let db = b.capacity.abs_diff(chosen.capacity);
        da.cmp(&db)
            .then(b.capacity.cmp(&a.capacity))
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    free
}

fn round_up_to_mark(t: DateTime<Utc>) -> DateTime<Utc> {
    let base = t
        .with_second(0)
        .and_then(|x| x.with_nanosecond(0))
        .unwrap_or(t);
    let extra = if base < t { 1 } else { 0 };
    let minute = i64::from(base.minute()) + extra;
    let rem = minute % START_GRANULARITY_MINUTES;
    let add = if rem == 0 {
        extra
    } else {
        extra + START_GRANULARITY_MINUTES - rem
    };
    base + Duration::minutes(add)
}

/// The next start times, after the requested one and before `day_end`, at which the
/// chosen hall is free for a showtime as long as `candidate`. Only the moments when a
/// busy interval ends can open a slot, so those (rounded up to a five-minute mark) are
/// the candidates; none is earlier than `not_before` (now).
pub fn next_free_starts(
    candidate: &Interval,
    busy: &[Interval],
    day_end: DateTime<Utc>,
    not_before: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let mut ends: Vec<DateTime<Utc>> = busy
        .iter()
        .map(|i| round_up_to_mark(i.end))
        .filter(|t| *t > candidate.start && *t < day_end && *t >= not_before)
        .collect();
    ends.sort();
    ends.dedup();
    ends.into_iter()
        .filter(|t| {
            let slot = candidate.shifted_to(*t);
            !busy.iter().any(|b| b.overlaps(&slot))
        })
        .take(MAX_START_SUGGESTIONS)
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn a_start_beyond_the_horizon_is_bad_input() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(super::within_horizon(now + Duration::days(300), now).is_ok());
        let err = super::within_horizon(now + Duration::days(800), now).unwrap_err();
        assert!(err.to_string().contains("at most 732 days"), "{err}");
    }

    use super::*;
    use crate::screening::model::ShowtimeStatus;
    use crate::vocab::{Money, MovieId};
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap()
    }
    fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
        Interval::new(a, b).unwrap()
    }
    fn hall(id: i64, name: &str, capacity: u32) -> Hall {
        Hall {
            id: HallId(id),
            name: name.into(),
            seats: capacity,
            capacity,
            rows: 1,
        }
    }
    fn show(id: i64, hall: i64, occupied: Interval) -> Showtime {
        Showtime {
            id: ShowtimeId(id),
            movie_id: MovieId(1),
            movie_title: "Film".into(),
            movie_rating: None,
            runtime_minutes: 90,
            hall_id: HallId(hall),
            hall_name: "H".into(),
            starts_at: occupied.start,
            occupied_until: occupied.end,
            price: Money::ZERO,
            status: ShowtimeStatus::Scheduled,
        }
    }

    #[test]
    fn occupation_is_runtime_plus_ads_plus_cleaning() {
        let b = Buffers {
            ads_minutes: 15,
            cleaning_minutes: 15,
        };
        let i = occupied_interval(at(18, 0), Runtime::from_minutes(120).unwrap(), b);
        assert_eq!(i.end, at(20, 30));
    }

    #[test]
    fn back_to_back_is_allowed_and_a_minute_more_is_not() {
        let existing = vec![show(1, 1, iv(at(18, 0), at(20, 30)))];
        assert!(clashes(&iv(at(20, 30), at(22, 0)), HallId(1), &existing, None).is_empty());
        assert!(clashes(&iv(at(16, 0), at(18, 0)), HallId(1), &existing, None).is_empty());
        assert_eq!(
            clashes(&iv(at(20, 29), at(22, 0)), HallId(1), &existing, None).len(),
            1
        );
        // Another hall at the same time is no clash.
        assert!(clashes(&iv(at(19, 0), at(20, 0)), HallId(2), &existing, None).is_empty());
    }

    #[test]
    fn a_moved_showtime_does_not_clash_with_itself() {
        let existing = vec![show(1, 1, iv(at(18, 0), at(20, 30)))];
        let later = iv(at(18, 30), at(21, 0));
        assert!(clashes(&later, HallId(1), &existing, Some(ShowtimeId(1))).is_empty());
        assert_eq!(
            clashes(&later, HallId(1), &existing, Some(ShowtimeId(2))).len(),
            1
        );
    }

    #[test]
    fn cancelled_showtimes_free_their_hall() {
        let mut s = show(1, 1, iv(at(18, 0), at(20, 30)));
        s.status = ShowtimeStatus::Cancelled;
        assert!(clashes(&iv(at(19, 0), at(20, 0)), HallId(1), &[s], None).is_empty());
    }

    #[test]
    fn free_halls_closest_capacity_first_and_busy_ones_left_out() {
        let chosen = hall(1, "One", 100);
        let halls = vec![
            chosen.clone(),
            hall(2, "Big", 300),
            hall(3, "Near", 90),
            hall(4, "Busy", 100),
            hall(5, "Also near", 110),
            hall(6, "Tiny", 20),
        ];
        let busy = vec![
            (HallId(4), iv(at(19, 0), at(21, 0))),
            (HallId(6), iv(at(17, 0), at(18, 0))),
        ];
        let names: Vec<&str> = free_halls(&iv(at(18, 0), at(20, 0)), &chosen, &halls, &busy)
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        // 110 and 90 are both 10 away: the larger first.
        assert_eq!(names, vec!["Also near", "Near", "Tiny", "Big"]);
        // A hall busy only until the candidate starts is free (touching).
        let busy_edge = vec![(HallId(3), iv(at(16, 0), at(18, 0)))];
        let got = free_halls(&iv(at(18, 0), at(20, 0)), &chosen, &halls, &busy_edge);
        assert!(got.iter().any(|h| h.name == "Near"));
    }

    #[test]
    fn all_halls_busy_gives_no_hall() {
        let chosen = hall(1, "One", 100);
        let halls = vec![chosen.clone(), hall(2, "Two", 100)];
        let busy = vec![(HallId(2), iv(at(17, 0), at(23, 0)))];
        assert!(free_halls(&iv(at(18, 0), at(20, 0)), &chosen, &halls, &busy).is_empty());
    }

    #[test]
    fn next_starts_begin_exactly_where_a_busy_interval_ends() {
        // Busy 18:00-20:30 and 22:00-23:50; a 2h slot wanted at 19:00.
        let busy = vec![iv(at(18, 0), at(20, 30)), iv(at(22, 0), at(23, 50))];
        let day_end = Utc.with_ymd_and_hms(2026, 11, 25, 5, 0, 0).unwrap();
        let got = next_free_starts(&iv(at(19, 0), at(21, 0)), &busy, day_end, at(12, 0));
        // 20:30 would run into 22:00; 23:50 is free.
        assert_eq!(got, vec![at(23, 50)]);
        // A 90-minute slot fits at 20:30 exactly (touching both neighbours).
        let got = next_free_starts(&iv(at(19, 0), at(20, 30)), &busy, day_end, at(12, 0));
        assert_eq!(got, vec![at(20, 30), at(23, 50)]);
    }

    #[test]
    fn next_starts_round_up_to_five_minutes_and_stay_in_the_day() {
        let busy = vec![iv(at(18, 0), at(20, 32))];
        let day_end = at(21, 0);
        let got = next_free_starts(&iv(at(19, 0), at(20, 0)), &busy, day_end, at(12, 0));
        assert_eq!(got, vec![at(20, 35)]);
        let got = next_free_starts(&iv(at(19, 0), at(20, 0)), &busy, at(20, 35), at(12, 0));
        assert!(got.is_empty());
    }

    #[test]
    fn rounding_keeps_exact_marks() {
        assert_eq!(round_up_to_mark(at(20, 30)), at(20, 30));
        assert_eq!(round_up_to_mark(at(20, 31)), at(20, 35));
        assert_eq!(
            round_up_to_mark(at(20, 34) + Duration::seconds(59)),
            at(20, 35)
        );
        assert_eq!(
            round_up_to_mark(at(20, 35) + Duration::seconds(1)),
            at(20, 40)
        );
        assert_eq!(round_up_to_mark(at(20, 58)), at(21, 0));
    }
}
