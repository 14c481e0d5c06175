//! What the reports screen shows, worked out from the payment service's reports: every
//! day of the range (days without sales too), the groups with their bars, the heat map's
//! grid, and each view as CSV rows. Pure, so the drawing and the export agree.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::payment::model::signed;
use crate::payment::report::{Group, OccupancyLine, SalesReport};
use crate::vocab::venue_time::VenueTime;

/// The views, in the order Tab steps through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Sales,
    Titles,
    Occupancy,
    Refunds,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Sales, Pane::Titles, Pane::Occupancy, Pane::Refunds];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Sales => "Sales per day",
            Pane::Titles => "Movies & halls",
            Pane::Occupancy => "Occupancy",
            Pane::Refunds => "Refunds",
        }
    }

    /// Its name in an exported file's name.
    pub fn file_word(self) -> &'static str {
        match self {
            Pane::Sales => "sales",
            Pane::Titles => "movies-halls",
            Pane::Occupancy => "occupancy",
            Pane::Refunds => "refunds",
        }
    }

    pub fn step(self, by: i32) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) as i32;
        Pane::ALL[(i + by).rem_euclid(Pane::ALL.len() as i32) as usize]
    }
}

/// Both reports of one range.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub sales: SalesReport,
    pub occupancy: Vec<OccupancyLine>,
}

/// "Tu 1": a day's short label.
pub fn day_label(day: NaiveDate) -> String {
    let weekday = day.format("%a").to_string();
    format!("{} {}", &weekday[..2], day.day())
}

/// Every day of the range with its takings (cents) and tickets, zero where none sold.
pub fn days(report: &SalesReport) -> Vec<(NaiveDate, i64, i64)> {
    let sold: BTreeMap<&str, &Group> = report
        .by
        .get("day")
        .map(|groups| groups.iter().map(|g| (g.key.as_str(), g)).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut day = report.from;
    while day <= report.to {
        let key = day.to_string();
        let (cents, tickets) = sold
            .get(key.as_str())
            .map_or((0, 0), |g| (g.tally.amount_cents, g.tally.tickets));
        out.push((day, cents, tickets));
        day += Duration::days(1);
    }
    out
}

/// A dimension's groups, the biggest takings first.
pub fn ranked<'a>(report: &'a SalesReport, dim: &str) -> Vec<&'a Group> {
    let mut groups: Vec<&Group> = report
        .by
        .get(dim)
        .map(|g| g.iter().collect())
        .unwrap_or_default();
    groups.sort_by(|a, b| {
        b.tally
            .amount_cents
            .cmp(&a.tally.amount_cents)
            .then(a.key.cmp(&b.key))
    });
    groups
}

/// The heat map's grid: day labels, and per hall (by name) each day's showtimes'
/// percentages in start order.
/// A hall with, per day, its showtimes' percentages in start order.
pub type HeatRow = (String, Vec<Vec<f64>>);

pub fn heat(report: &Report, venue: &VenueTime) -> (Vec<String>, Vec<HeatRow>) {
    let (from, to) = (report.sales.from, report.sales.to);
    let span = (to - from).num_days().max(0) as usize + 1;
    let columns = (0..span)
        .map(|i| day_label(from + Duration::days(i as i64)))
        .collect();
    let mut halls: BTreeMap<&str, Vec<Vec<f64>>> = BTreeMap::new();
    let mut lines: Vec<&OccupancyLine> = report.occupancy.iter().collect();
    lines.sort_by_key(|l| l.fact.starts_at);
    for l in lines {
        let day = venue.business_day_of(l.fact.starts_at);
        let Ok(i) = usize::try_from((day - from).num_days()) else {
            continue;
        };
        let row = halls
            .entry(l.fact.hall.as_str())
            .or_insert_with(|| vec![Vec::new(); span]);
        if let Some(cell) = row.get_mut(i) {
            cell.push(l.percent);
        }
    }
    let rows = halls
        .into_iter()
        .map(|(hall, cells)| (hall.to_string(), cells))
        .collect();
    (columns, rows)
}

/// Sold seats over sellable seats of every showtime in the range, 0 to 100.
pub fn average_occupancy(report: &Report) -> f64 {
    let (sold, seats) = report
        .occupancy
        .iter()
        .fold((0, 0), |(s, c), l| (s + l.fact.sold, c + l.fact.capacity));
    if seats == 0 {
        0.0
    } else {
        (sold as f64 * 1000.0 / seats as f64).round() / 10.0
    }
}

/// The rows of the view on screen, header first, as the CSV export writes them.
pub fn csv_rows(pane: Pane, report: &Report, venue: &VenueTime) -> Vec<Vec<String>> {
    let s = &report.sales;
    let group_rows = |dim: &str, rows: &mut Vec<Vec<String>>| {
        for g in ranked(s, dim) {
            rows.push(vec![
                dim.to_string(),
                g.key.clone(),
                g.tally.tickets.to_string(),
                signed(g.tally.amount_cents),
            ]);
        }
    };
    match pane {
        Pane::Sales => {
            let mut rows = vec![vec![
                "dimension".into(),
                "key".into(),
                "tickets".into(),
                "amount".into(),
            ]];
            for (day, cents, tickets) in days(s) {
                rows.push(vec![
                    "day".into(),
                    day.to_string(),
                    tickets.to_string(),
                    signed(cents),
                ]);
            }
            group_rows("method", &mut rows);
            for (key, tickets, cents) in [
                ("sold", s.sold.tickets.to_string(), s.sold.amount_cents),
                (
                    "refunded",
                    s.refunded.tickets.to_string(),
                    s.refunded.amount_cents,
                ),
                ("net", String::new(), s.net_cents),
            ] {
                rows.push(vec!["total".into(), key.into(), tickets, signed(cents)]);
            }
            rows
        }
        Pane::Titles => {
            let mut rows = vec![vec![
                "dimension".into(),
                "key".into(),
                "tickets".into(),
                "amount".into(),
            ]];
            group_rows("movie", &mut rows);
            group_rows("hall", &mut rows);
            rows
        }
        Pane::Occupancy => {
            let mut rows = vec![
                [
                    "showtime", "starts", "movie", "hall", "status", "sold", "seats", "percent",
                    "revenue",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for l in &report.occupancy {
                let f = &l.fact;
                rows.push(vec![
                    f.showtime.to_string(),
                    venue
                        .to_local(f.starts_at)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    f.movie.clone(),
                    f.hall.clone(),
                    f.status.clone(),
                    f.sold.to_string(),
                    f.capacity.to_string(),
                    format!("{:.1}", l.percent),
                    f.revenue.to_string(),
                ]);
            }
            rows
        }
        Pane::Refunds => {
            let mut rows = vec![
                [
                    "at", "order", "movie", "hall", "by", "method", "tickets", "amount", "reason",
                ]
                .map(String::from)
                .to_vec(),
            ];
            for r in &s.refunds {
                rows.push(vec![
                    venue.to_local(r.at).format("%Y-%m-%d %H:%M").to_string(),
                    r.order.to_string(),
                    r.movie.clone(),
                    r.hall.clone(),
                    r.by.clone(),
                    r.method.clone(),
                    r.tickets.to_string(),
                    r.amount.to_string(),
                    r.reason.clone(),
                ]);
            }
            rows
        }
    }
}

/// CSV text of rows (quoted where needed).
pub fn csv_text(rows: &[Vec<String>]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
