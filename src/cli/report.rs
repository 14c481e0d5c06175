//! Sales and occupancy reports: a table, CSV or JSON.

use chrono::NaiveDate;

use crate::payment::model::signed;
use crate::payment::report::{DIMENSIONS, OccupancyLine, SalesReport};
use crate::services::Services;
use crate::vocab::text::count;
use crate::vocab::venue_time::VenueTime;

use super::common::actor;
use super::output::{Failure, Outcome, table};

/// The report's range: `--from` and `--to` as business days, today by default.
async fn range(
    services: &Services,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), Failure> {
    let parse = |field: &str, t: &str| {
        VenueTime::parse_date(t).map_err(|e| Failure::invalid(field, e.to_string()))
    };
    let today = services.payment.today().await?;
    let from = from.map(|t| parse("from", t)).transpose()?;
    let to = to.map(|t| parse("to", t)).transpose()?;
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f.max(today)),
        (None, Some(t)) => (today.min(t), t),
        (None, None) => (today, today),
    };
    if to < from {
        return Err(Failure::invalid("to", format!("{to} is before {from}")));
    }
    Ok((from, to))
}

fn csv_text(rows: Vec<Vec<String>>) -> Result<String, Failure> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row)
            .map_err(|e| Failure::internal(format!("CSV: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::internal(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::internal(format!("CSV: {e}")))
}

fn sales_rows(r: &SalesReport, by: &[&str]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for dim in by {
        for g in r.by.get(*dim).into_iter().flatten() {
            rows.push(vec![
                dim.to_string(),
                g.key.clone(),
                g.tally.tickets.to_string(),
                signed(g.tally.amount_cents),
            ]);
        }
    }
    rows
}

pub async fn report_sales(
    services: &Services,
    user: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    by: Option<&str>,
    csv: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let dims: Vec<&str> = match by {
        None => DIMENSIONS.to_vec(),
        Some(d) => match DIMENSIONS.iter().find(|x| **x == d) {
            Some(x) => vec![*x],
            None => {
                return Err(Failure::invalid(
                    "by",
                    format!("{d:?} is not one of {}", DIMENSIONS.join(", ")),
                ));
            }
        },
    };
    let (from, to) = range(services, from, to).await?;
    let r = services.payment.sales_report(&actor, from, to).await?;
    let json = serde_json::to_value(&r).map_err(|e| Failure::internal(e.to_string()))?;
    if csv {
        let mut rows = vec![vec![
            "dimension".into(),
            "key".into(),
            "tickets".into(),
            "amount".into(),
        ]];
        rows.extend(sales_rows(&r, &dims));
        rows.push(vec![
            "total".into(),
            "sold".into(),
            r.sold.tickets.to_string(),
            signed(r.sold.amount_cents),
        ]);
        rows.push(vec![
            "total".into(),
            "refunded".into(),
            r.refunded.tickets.to_string(),
            signed(r.refunded.amount_cents),
        ]);
        rows.push(vec![
            "total".into(),
            "net".into(),
            String::new(),
            signed(r.net_cents),
        ]);
        return Ok(Outcome::new(csv_text(rows)?, json));
    }
    let cur = &r.currency;
    let mut text = format!(
        "Sales {from} to {to}: {}, {} {cur}; refunded {}, {} {cur}; net {} {cur}.",
        count(r.sold.tickets, "ticket", "tickets"),
        signed(r.sold.amount_cents),
        count(r.refunded.tickets, "ticket", "tickets"),
        signed(r.refunded.amount_cents),
        signed(r.net_cents)
    );
    for dim in &dims {
        let rows: Vec<Vec<String>> = sales_rows(&r, &[dim])
            .into_iter()
            .map(|row| row[1..].to_vec())
            .collect();
        text.push_str(&format!(
            "\n\nBy {dim}:\n{}",
            table(&[dim, "tickets", "amount"], &rows)
        ));
    }
    if !r.refunds.is_empty() {
        let rows: Vec<Vec<String>> = r
            .refunds
            .iter()
            .map(|f| {
                vec![
                    services.screening.local(f.at),
                    f.order.to_string(),
                    f.movie.clone(),
                    f.by.clone(),
                    f.method.clone(),
                    f.tickets.to_string(),
                    f.amount.to_string(),
                    f.reason.clone(),
                ]
            })
            .collect();
        text.push_str(&format!(
            "\n\nRefunds:\n{}",
            table(
                &[
                    "at", "order", "movie", "by", "method", "tickets", "amount", "reason"
                ],
                &rows
            )
        ));
    }
    Ok(Outcome::new(text, json))
}

pub async fn report_occupancy(
    services: &Services,
    user: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    csv: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let (from, to) = range(services, from, to).await?;
    let lines = services.payment.occupancy_report(&actor, from, to).await?;
    let json = serde_json::to_value(&lines).map_err(|e| Failure::internal(e.to_string()))?;
    let row = |l: &OccupancyLine| {
        vec![
            l.fact.showtime.to_string(),
            services.screening.local(l.fact.starts_at),
            l.fact.movie.clone(),
            l.fact.hall.clone(),
            l.fact.status.clone(),
            l.fact.sold.to_string(),
            l.fact.capacity.to_string(),
            format!("{:.1}", l.percent),
            l.fact.revenue.to_string(),
        ]
    };
    let headers = [
        "showtime", "starts", "movie", "hall", "status", "sold", "seats", "percent", "revenue",
    ];
    let rows: Vec<Vec<String>> = lines.iter().map(row).collect();
    if csv {
        let mut all = vec![headers.iter().map(|h| h.to_string()).collect()];
        all.extend(rows);
        return Ok(Outcome::new(csv_text(all)?, json));
    }
    if rows.is_empty() {
        return Ok(Outcome::new(
            format!("No showtimes from {from} to {to}."),
            json,
        ));
    }
    Ok(Outcome::new(
        format!("Occupancy {from} to {to}:\n{}", table(&headers, &rows)),
        json,
    ))
}
