//! The work the screens ask for, run off the loop as tasks: each calls the services (and
//! nothing below them) and posts its answer back as a `Done`. Failures are logged here
//! and shown on screen.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;

use crate::services::Services;
use crate::vocab::DomainError;

use tokio::sync::mpsc::UnboundedSender;

use crate::payment::model::{AttemptReport, CardNumber};
use crate::payment::service::{RefundTarget, Tender};

use super::event::{Done, Payment, Problem, SaleRow, Work};

/// How many of the cashier's orders "my sales" lists.
const SALES_SHOWN: i64 = 100;

fn problem<E: DomainError>(work: &'static str, e: E) -> Problem {
    tracing::warn!("TUI: {work} failed: {e}");
    Problem::of(&e)
}

/// `attempts` hears of each card payment attempt as it happens, for the checkout screen.
pub async fn perform(
    work: Work,
    services: Services,
    attempts: UnboundedSender<AttemptReport>,
) -> Done {
    let s = &services;
    match work {
        Work::LoadToday => Done::Today(s.screening.today().await.map_err(|e| problem("today", e))),
        Work::LoadShowtimes(day) => Done::Showtimes {
            day,
            result: s
                .screening
                .showtimes_on(day)
                .await
                .map_err(|e| problem("showtimes", e)),
        },
        Work::LoadAvailability { actor, showtimes } => {
            let mut counts = Vec::with_capacity(showtimes.len());
            for id in showtimes {
                match s.booking.seat_map(&actor, id).await {
                    Ok(map) => counts.push((id, map.counts)),
                    Err(e) => return Done::Availability(Err(problem("availability", e))),
                }
            }
            Done::Availability(Ok(counts))
        }
        Work::SeedDemo => Done::Demo(crate::demo::seed(s).await.map_err(|e| problem("demo", e))),
        Work::Login { username, password } => Done::Login(
            s.identity
                .login(&username, &password.0)
                .await
                .map_err(|e| problem("login", e)),
        ),
        Work::LoadSeatMap {
            actor, showtime, ..
        } => Done::SeatMap {
            showtime,
            result: s
                .booking
                .seat_map(&actor, showtime)
                .await
                .map_err(|e| problem("seat map", e)),
        },
        Work::Hold {
            actor,
            showtime,
            seats,
            order,
        } => Done::Held {
            showtime,
            result: s
                .booking
                .hold_seat_ids(&actor, showtime, &seats, order)
                .await
                .map_err(|e| problem("hold", e)),
        },
        Work::HoldBest {
            actor,
            showtime,
            n,
            order,
        } => Done::Held {
            showtime,
            result: s
                .booking
                .hold_best(&actor, showtime, n, order)
                .await
                .map_err(|e| problem("best available", e)),
        },
        Work::Release {
            actor,
            showtime,
            order,
            seats,
        } => Done::Released {
            showtime,
            result: s
                .booking
                .release_seat_ids(&actor, order, &seats)
                .await
                .map_err(|e| problem("release", e)),
        },
        Work::Extend { actor, order } => Done::Extended(
            s.booking
                .extend(&actor, order)
                .await
                .map_err(|e| problem("extend", e)),
        ),
        Work::Cancel { actor, order } => Done::Cancelled(
            s.booking
                .cancel(&actor, order)
                .await
                .map_err(|e| problem("cancel", e)),
        ),
        Work::Quote {
            actor,
            order,
            types,
        } => Done::Quote {
            result: s
                .booking
                .quote(&actor, order, &types)
                .await
                .map_err(|e| problem("quote", e)),
            types,
        },
        Work::Pay {
            actor,
            order,
            types,
            payment,
        } => {
            let tender = match payment {
                Payment::Cash { tendered } => Tender::Cash { tendered },
                Payment::Card { number: None } => Tender::Card { number: None },
                Payment::Card {
                    number: Some(number),
                } => match CardNumber::parse(&number.0) {
                    Ok(card) => Tender::Card { number: Some(card) },
                    Err(e) => return Done::Sold(Err(Problem::refused(e))),
                },
            };
            Done::Sold(
                s.payment
                    .pay(&actor, order, &types, tender, Some(attempts))
                    .await
                    .map_err(|e| problem("payment", e)),
            )
        }
        Work::Refund {
            actor,
            order,
            ticket,
            reason,
        } => Done::Refunded(
            s.payment
                .refund(
                    &actor,
                    ticket.map_or(RefundTarget::Order(order), RefundTarget::Ticket),
                    &reason,
                )
                .await
                .map_err(|e| problem("refund", e)),
        ),
        Work::Print {
            path,
            text,
            printer,
        } => Done::Printed(print(&path, &text, &printer).await),
        Work::LoadSales { actor } => Done::Sales(sales(s, &actor).await),
        Work::LoadOrder { actor, order } => Done::Order(
            s.booking
                .order(&actor, order)
                .await
                .map_err(|e| problem("order", e)),
        ),
        Work::Ping => Done::Ping(
            s.identity
                .count()
                .await
                .map(|_| ())
                .map_err(|e| problem("ping", e)),
        ),
    }
}

async fn sales(s: &Services, actor: &crate::identity::User) -> Result<Vec<SaleRow>, Problem> {
    let orders = s
        .booking
        .history(actor, None, SALES_SHOWN)
        .await
        .map_err(|e| problem("sales", e))?;
    let mut showtimes = HashMap::new();
    let mut rows = Vec::with_capacity(orders.len());
    for sale in orders {
        let id = sale.order.showtime_id;
        if let std::collections::hash_map::Entry::Vacant(slot) = showtimes.entry(id) {
            // A showtime that cannot be read still lists its orders, by number.
            slot.insert(s.screening.showtime(id).await.ok());
        }
        rows.push(SaleRow {
            showtime: showtimes.get(&id).cloned().flatten(),
            sale,
        });
    }
    Ok(rows)
}

/// Writes the receipt, then hands it to the printer command. The command's output goes
/// to the log, never onto the screen.
async fn print(path: &Path, text: &str, printer: &[String]) -> Result<String, Problem> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!("TUI: {what} {}: {e}", path.display());
        Problem::refused(format!("{what} {}: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| fail("cannot create the folder of", &e))?;
    }
    tokio::fs::write(path, text)
        .await
        .map_err(|e| fail("cannot write", &e))?;
    let Some((program, args)) = printer.split_first() else {
        return Ok(format!("Receipt written to {}", path.display()));
    };
    let output = tokio::process::Command::new(program)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .map_err(|e| fail(&format!("{program} could not print"), &e))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        tracing::warn!(
            "TUI: printer {program} failed ({}): {stderr}",
            output.status
        );
        return Err(Problem::refused(format!(
            "{program} failed ({}); the receipt is in {}",
            output.status,
            path.display()
        )));
    }
    Ok(format!(
        "Receipt written to {} and sent to {program}",
        path.display()
    ))
}
