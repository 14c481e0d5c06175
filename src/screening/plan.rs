//! Planning a showtime before it is saved, as pure functions: where it clashes, which
//! other halls are free for all of it, and every start time in its own hall that day at
//! which it fits (earlier gaps included). The Schedule screen shows this live while a
//! block is placed; saving still goes through the service, which checks again.

use chrono::{DateTime, Duration, Timelike, Utc};

use crate::vocab::{HallId, ShowtimeId};

use super::model::{Hall, Interval, Showtime, ShowtimeStatus};
use super::schedule::{clashes, free_halls};

/// Start times are offered on five-minute marks.
const MARK_MINUTES: i64 = 5;

/// What placing a showtime at `candidate` in a hall would meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The showtimes of the hall it overlaps; empty: it fits.
    pub clashes: Vec<ShowtimeId>,
    /// Other halls free for the whole interval, closest capacity first.
    pub other_halls: Vec<HallId>,
    /// Start times in the same hall, the same business day, at which it fits.
    pub starts: Vec<DateTime<Utc>>,
}

/// Where a showtime may go instead, in the order they are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggestion {
    /// The same start in another hall.
    Hall(HallId),
    /// Another start in the same hall.
    Start(DateTime<Utc>),
}

/// How many suggestions are offered: one digit key each.
pub const OFFERED: usize = 9;

/// Start times in the hall kept among the offered however many halls are free, so a
/// building with many halls still offers the same hall at another time.
const STARTS_KEPT: usize = 4;

impl Preview {
    /// The suggestions offered, at most `OFFERED`: other halls first (the time the
    /// audience was told stays), then start times in the hall. Halls leave room for up
    /// to `STARTS_KEPT` starts; either kind fills what the other leaves.
    pub fn suggestions(&self) -> Vec<Suggestion> {
        let halls = self
            .other_halls
            .len()
            .min(OFFERED - self.starts.len().min(STARTS_KEPT));
        let starts = self.starts.len().min(OFFERED - halls);
        self.other_halls[..halls]
            .iter()
            .map(|h| Suggestion::Hall(*h))
            .chain(self.starts[..starts].iter().map(|t| Suggestion::Start(*t)))
            .collect()
    }
}

/// A showtime being placed: where, in which hall, whether it is one being moved (it
/// leaves its old place) and whether other halls may be offered (a move keeps its hall).
#[derive(Debug, Clone, Copy)]
pub struct Placing<'a> {
    pub candidate: Interval,
    pub hall: &'a Hall,
    pub moving: Option<ShowtimeId>,
    pub other_halls: bool,
}

/// What `candidate` in `hall` meets among `showtimes` (any number of halls and days; the
/// one being moved, if any, leaves its old place). `day` is the business day's bounds;
/// no start is offered before `not_before`. With `other_halls` false (a move keeps its
/// hall) no hall is offered.
pub fn preview(
    placing: &Placing<'_>,
    halls: &[Hall],
    showtimes: &[Showtime],
    day: (DateTime<Utc>, DateTime<Utc>),
    not_before: DateTime<Utc>,
) -> Preview {
    let Placing {
        candidate,
        hall,
        moving,
        other_halls,
    } = *placing;
    let candidate = &candidate;
    let clashing: Vec<ShowtimeId> = clashes(candidate, hall.id, showtimes, moving)
        .into_iter()
        .map(|s| s.id)
        .collect();
    if clashing.is_empty() {
        return Preview {
            clashes: clashing,
            other_halls: Vec::new(),
            starts: Vec::new(),
        };
    }
    let live = |s: &&Showtime| s.status == ShowtimeStatus::Scheduled && Some(s.id) != moving;
    let busy: Vec<(HallId, Interval)> = showtimes
        .iter()
        .filter(live)
        .map(|s| (s.hall_id, s.occupied()))
        .collect();
    let halls_free = if other_halls {
        free_halls(candidate, hall, halls, &busy)
            .into_iter()
            .map(|h| h.id)
            .collect()
    } else {
        Vec::new()
    };
    let in_hall: Vec<Interval> = busy
        .iter()
        .filter(|(id, _)| *id == hall.id)
        .map(|(_, i)| *i)
        .collect();
    Preview {
        clashes: clashing,
        other_halls: halls_free,
        starts: fitting_starts(candidate, &in_hall, day, not_before),
    }
}

/// Every start time in the business day `day` at which a showtime as long as
/// `candidate` fits between the `busy` intervals of its hall: one per free gap, the one
/// nearest the requested start (so "just before the next show" and "right after the
/// last" both appear), on five-minute marks, never before `not_before`, in time order.
/// A showtime may run past the day's end (a late show), but must start inside it.
pub fn fitting_starts(
    candidate: &Interval,
    busy: &[Interval],
    day: (DateTime<Utc>, DateTime<Utc>),
    not_before: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let length = candidate.length();
    let mut busy: Vec<Interval> = busy.to_vec();
    busy.sort();
    let (day_start, day_end) = day;
    let first = mark_up(day_start.max(not_before));
    // The gaps between busy intervals, from the first possible start on.
    let mut gaps: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    let mut from = first;
    for b in &busy {
        if b.end <= from {
            continue;
        }
        if b.start > from {
            gaps.push((from, Some(b.start)));
        }
        from = from.max(mark_up(b.end));
    }
    gaps.push((from, None));
    let mut starts = Vec::new();
    for (open, close) in gaps {
        let earliest = mark_up(open);
        let latest = match close {
            Some(close) => mark_down(close - length),
            None => mark_down(day_end - Duration::seconds(1)),
        };
        let latest = latest.min(mark_down(day_end - Duration::seconds(1)));
        if latest < earliest || earliest >= day_end {
            continue;
        }
        let nearest = candidate.start.clamp(earliest, latest);
        let nearest = mark_up(nearest).min(latest);
        starts.push(nearest);
    }
    starts
}

fn floor_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_second(0)
        .and_then(|x| x.with_nanosecond(0))
        .unwrap_or(t)
}

/// The first five-minute mark at or after `t`.
fn mark_up(t: DateTime<Utc>) -> DateTime<Utc> {
    let down = mark_down(t);
    if down == t {
        t
    } else {
        down + Duration::minutes(MARK_MINUTES)
    }
}

/// The last five-minute mark at or before `t`.
fn mark_down(t: DateTime<Utc>) -> DateTime<Utc> {
    let minute = floor_minute(t);
    let rem = i64::from(minute.minute()) % MARK_MINUTES;
    minute - Duration::minutes(rem)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::vocab::{Money, MovieId};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }
    fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
        Interval::new(a, b).unwrap()
    }
    fn day() -> (DateTime<Utc>, DateTime<Utc>) {
        (at(6, 0), at(6, 0) + Duration::days(1))
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
    fn every_gap_of_the_day_offers_its_nearest_start() {
        // Busy 14:00-16:00 and 19:00-21:10; a 2h show wanted at 19:30.
        let busy = [iv(at(14, 0), at(16, 0)), iv(at(19, 0), at(21, 10))];
        let got = fitting_starts(&iv(at(19, 30), at(21, 30)), &busy, day(), at(8, 0));
        // Morning gap: as late as it fits (12:00, ending as the 14:00 begins); the
        // afternoon gap: 17:00 (ends at 19:00 sharp); after the last: 21:10.
        assert_eq!(got, vec![at(12, 0), at(17, 0), at(21, 10)]);
    }

    #[test]
    fn a_gap_too_short_offers_nothing_and_marks_round_inward() {
        let busy = [iv(at(14, 0), at(16, 2)), iv(at(17, 0), at(23, 0))];
        let got = fitting_starts(&iv(at(16, 0), at(17, 30)), &busy, day(), at(13, 0));
        // 13:00-14:00 is too short for 90 minutes; 16:05-17:00 too; after 23:00 fits.
        assert_eq!(got, vec![at(23, 0)]);
        let busy = [iv(at(14, 0), at(16, 2))];
        let got = fitting_starts(&iv(at(15, 0), at(16, 0)), &busy, day(), at(13, 3));
        // From 13:05 (not before now, on a mark) the hour does not fit before 14:00;
        // after 16:02 the first mark is 16:05.
        assert_eq!(got, vec![at(16, 5)]);
    }

    #[test]
    fn nothing_starts_before_now_or_after_the_day() {
        let busy = [iv(at(10, 0), at(12, 0))];
        let got = fitting_starts(&iv(at(11, 0), at(12, 0)), &busy, day(), at(9, 30));
        // 9:30-10:00 cannot hold an hour; from 12:00 it can.
        assert_eq!(got, vec![at(12, 0)]);
        let busy = [iv(at(6, 0), day().1 + Duration::hours(2))];
        assert!(fitting_starts(&iv(at(11, 0), at(12, 0)), &busy, day(), at(6, 0)).is_empty());
    }

    #[test]
    fn many_free_halls_still_leave_room_for_starts_in_the_same_hall() {
        let with = |halls: i64, starts: u32| Preview {
            clashes: vec![ShowtimeId(1)],
            other_halls: (2..2 + halls).map(HallId).collect(),
            starts: (0..starts).map(|h| at(8 + h, 0)).collect(),
        };
        let kinds = |p: &Preview| {
            let s = p.suggestions();
            let halls = s
                .iter()
                .filter(|x| matches!(x, Suggestion::Hall(_)))
                .count();
            (halls, s.len() - halls)
        };
        // Ten halls free and three starts: six halls, the three starts.
        assert_eq!(kinds(&with(10, 3)), (6, 3));
        // Ten halls and six starts: five halls, four starts.
        assert_eq!(kinds(&with(10, 6)), (5, 4));
        // Few halls: the starts fill the rest; no starts: halls fill all nine.
        assert_eq!(kinds(&with(2, 12)), (2, 7));
        assert_eq!(kinds(&with(12, 0)), (9, 0));
        // The halls offered are the closest in size (the first of the list).
        assert_eq!(with(10, 6).suggestions()[0], Suggestion::Hall(HallId(2)));
    }

    #[test]
    fn a_free_slot_needs_no_suggestion_and_a_clash_gets_halls_and_starts() {
        let grand = hall(1, "Grand", 272);
        let halls = vec![grand.clone(), hall(2, "Studio", 120), hall(3, "Salon", 48)];
        let shows = vec![
            show(1, 1, iv(at(18, 0), at(20, 30))),
            show(2, 3, iv(at(19, 0), at(21, 0))),
        ];
        let fine = preview(
            &Placing {
                candidate: iv(at(21, 0), at(23, 0)),
                hall: &grand,
                moving: None,
                other_halls: true,
            },
            &halls,
            &shows,
            day(),
            at(8, 0),
        );
        assert!(fine.clashes.is_empty() && fine.suggestions().is_empty());
        let clash = preview(
            &Placing {
                candidate: iv(at(19, 30), at(21, 30)),
                hall: &grand,
                moving: None,
                other_halls: true,
            },
            &halls,
            &shows,
            day(),
            at(8, 0),
        );
        assert_eq!(clash.clashes, vec![ShowtimeId(1)]);
        assert_eq!(clash.other_halls, vec![HallId(2)]);
        assert_eq!(clash.starts, vec![at(16, 0), at(20, 30)]);
        assert_eq!(
            clash.suggestions(),
            vec![
                Suggestion::Hall(HallId(2)),
                Suggestion::Start(at(16, 0)),
                Suggestion::Start(at(20, 30)),
            ]
        );
        // Moving showtime 1 itself: its old place does not count.
        let moved = preview(
            &Placing {
                candidate: iv(at(19, 0), at(21, 30)),
                hall: &grand,
                moving: Some(ShowtimeId(1)),
                other_halls: false,
            },
            &halls,
            &shows,
            day(),
            at(8, 0),
        );
        assert!(moved.clashes.is_empty());
    }
}
