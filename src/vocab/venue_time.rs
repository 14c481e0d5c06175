//! The venue's wall clock: times are stored UTC and shown in the venue's zone, and the
//! business day runs from `business_day_starts` to the same time the next day, so a
//! 00:30 show belongs to the evening before.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VenueTime {
    pub zone: Tz,
    pub business_day_starts: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VenueTimeError {
    #[error("not a date and time: {0:?} (write it like 2026-11-24 19:30)")]
    BadDateTime(String),
    #[error("not a date: {0:?} (write it like 2026-11-24)")]
    BadDate(String),
    #[error("{0} does not exist in {1} (the clocks jump forward then)")]
    Skipped(String, Tz),
}

impl VenueTime {
    pub fn new(zone: Tz, business_day_starts: NaiveTime) -> Self {
        VenueTime {
            zone,
            business_day_starts,
        }
    }

    pub fn parse_date(text: &str) -> Result<NaiveDate, VenueTimeError> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| VenueTimeError::BadDate(text.to_string()))
    }

    /// "YYYY-MM-DD HH:MM" on the venue's wall clock, to UTC. In the hour repeated when
    /// clocks go back, the earlier of the two moments is meant.
    pub fn parse_local(&self, text: &str) -> Result<DateTime<Utc>, VenueTimeError> {
        let t = text.trim();
        let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
            .map_err(|_| VenueTimeError::BadDateTime(text.to_string()))?;
        self.from_local(naive)
            .ok_or_else(|| VenueTimeError::Skipped(t.to_string(), self.zone))
    }

    pub fn from_local(&self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.zone.from_local_datetime(&naive) {
            LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
            LocalResult::None => None,
        }
    }

    pub fn to_local(&self, t: DateTime<Utc>) -> DateTime<Tz> {
        t.with_timezone(&self.zone)
    }

    /// The business day a moment belongs to.
    pub fn business_day_of(&self, t: DateTime<Utc>) -> NaiveDate {
        let local = self.to_local(t).naive_local();
        if local.time() < self.business_day_starts {
            local.date() - Duration::days(1)
        } else {
            local.date()
        }
    }

    /// `[start, end)` of a business day in UTC. On a day whose start hour is skipped by a
    /// clock change, the day starts at the first moment after it.
    pub fn business_day_bounds(&self, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.day_start(day), self.day_start(day + Duration::days(1)))
    }

    fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        let mut naive = day.and_time(self.business_day_starts);
        // A skipped hour lasts at most a couple of hours; step forward a minute at a time.
        for _ in 0..240 {
            if let Some(t) = self.from_local(naive) {
                return t;
            }
            naive += Duration::minutes(1);
        }
        Utc.from_utc_datetime(&naive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn venue() -> VenueTime {
        VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        )
    }

    #[test]
    fn half_past_midnight_belongs_to_the_evening_before() {
        let v = venue();
        let t = v.parse_local("2026-11-25 00:30").unwrap();
        assert_eq!(
            v.business_day_of(t),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        let t = v.parse_local("2026-11-25 06:00").unwrap();
        assert_eq!(
            v.business_day_of(t),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
    }

    #[test]
    fn local_times_are_stored_utc() {
        let v = venue();
        let t = v.parse_local("2026-11-24 19:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-24T18:30:00+00:00");
        let (s, e) = v.business_day_bounds(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(s.to_rfc3339(), "2026-11-24T05:00:00+00:00");
        assert_eq!(e.to_rfc3339(), "2026-11-25T05:00:00+00:00");
    }

    #[test]
    fn a_skipped_hour_is_refused_and_bad_text_named() {
        let v = venue();
        assert!(matches!(
            v.parse_local("2026-03-29 02:30"),
            Err(VenueTimeError::Skipped(..))
        ));
        assert!(matches!(
            v.parse_local("24.11.2026 19:30"),
            Err(VenueTimeError::BadDateTime(_))
        ));
        assert!(matches!(
            v.parse_local("2026-02-30 19:30"),
            Err(VenueTimeError::BadDateTime(_))
        ));
        assert!(matches!(
            VenueTime::parse_date("2026-13-01"),
            Err(VenueTimeError::BadDate(_))
        ));
    }
}
