//! The audit's filter as typed: four fields, read into the ledger's filter, each bad
//! one named.

use crate::payment::model::{LEDGER_KINDS, LedgerKind};
use crate::payment::ports::LedgerFilter;
use crate::vocab::OrderId;
use crate::vocab::venue_time::VenueTime;

pub const FIELDS: [&str; 4] = ["kind", "user", "order", "date"];

/// The fields as typed, in the order of `FIELDS`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub values: [String; 4],
    /// The field being typed into.
    pub field: usize,
}

impl FilterForm {
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(|v| v.trim().is_empty())
    }

    /// The ledger's filter, or what is wrong with a field.
    pub fn parse(&self, venue: &VenueTime) -> Result<LedgerFilter, String> {
        let given = |i: usize| {
            let v = self.values[i].trim();
            (!v.is_empty()).then_some(v)
        };
        let kind = given(0)
            .map(|k| {
                LedgerKind::parse(&k.to_lowercase()).ok_or_else(|| {
                    let all: Vec<&str> = LEDGER_KINDS.iter().map(|k| k.as_str()).collect();
                    format!("kind: {k:?} is not one of {}", all.join(", "))
                })
            })
            .transpose()?;
        let order = given(2)
            .map(|o| {
                o.trim_start_matches('#')
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(OrderId)
                    .ok_or_else(|| format!("order: {o:?} is not an order number"))
            })
            .transpose()?;
        let (from, to) = match given(3) {
            Some(d) => {
                let day = VenueTime::parse_date(d).map_err(|e| format!("date: {e}"))?;
                let (from, to) = venue.business_day_bounds(day);
                (Some(from), Some(to))
            }
            None => (None, None),
        };
        Ok(LedgerFilter {
            kind,
            actor: given(1).map(str::to_string),
            order,
            from,
            to,
        })
    }

    /// "kind=refund user=anna": the filter in force, for the title line.
    pub fn describe(&self) -> String {
        FIELDS
            .iter()
            .zip(&self.values)
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(f, v)| format!("{f}={}", v.trim()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn venue() -> VenueTime {
        VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        )
    }

    fn form(values: [&str; 4]) -> FilterForm {
        FilterForm {
            values: values.map(String::from),
            field: 0,
        }
    }

    #[test]
    fn each_field_is_read_and_a_bad_one_is_named() {
        let f = form(["Refund", " anna ", "#42", "2026-12-01"])
            .parse(&venue())
            .unwrap();
        assert_eq!(f.kind, Some(LedgerKind::Refund));
        assert_eq!(f.actor.as_deref(), Some("anna"));
        assert_eq!(f.order, Some(OrderId(42)));
        assert_eq!(f.from.unwrap().to_rfc3339(), "2026-12-01T05:00:00+00:00");
        assert_eq!(f.to.unwrap().to_rfc3339(), "2026-12-02T05:00:00+00:00");
        assert_eq!(
            form(["", "", "", ""]).parse(&venue()).unwrap(),
            LedgerFilter::default()
        );
        assert!(
            form(["sale", "", "", ""])
                .parse(&venue())
                .unwrap_err()
                .starts_with("kind:")
        );
        assert!(
            form(["", "", "x1", ""])
                .parse(&venue())
                .unwrap_err()
                .starts_with("order:")
        );
        assert!(
            form(["", "", "", "1.12."])
                .parse(&venue())
                .unwrap_err()
                .starts_with("date:")
        );
    }
}
