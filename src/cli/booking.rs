//! Seat maps, holds, orders and order history from the command line.

use serde_json::{Value, json};

use crate::booking::model::SeatState;
use crate::booking::service::{MapSeat, OrderView, SeatMap};
use crate::identity::IdentityError;
use crate::screening::model::SeatKind;
use crate::services::Services;
use crate::vocab::ShowtimeId;

use super::common::{actor, order_id, showtime_json};
use super::output::{Failure, Outcome};

fn order_json(services: &Services, v: &OrderView) -> Value {
    json!({
        "id": v.order.id,
        // The word lists use too ("refunded", "part_refunded"), one vocabulary everywhere.
        "status": v.status_word().replace(' ', "_"),
        "user": v.order.username,
        "channel": v.order.channel.as_str(),
        "showtime": showtime_json(services, &v.showtime),
        "seats": v.seats.iter().map(|s| json!({"seat_id": s.seat_id, "label": s.label, "kind": s.kind.as_str()})).collect::<Vec<_>>(),
        "expires_at": v.order.expires_at.to_rfc3339(),
        "extended": v.order.extended,
        "total": v.order.total.map(|m| m.to_string()),
        "tickets": v.tickets.iter().map(|t| json!({
            "id": t.id, "code": t.code, "seat": t.seat, "type": t.ticket_type.as_str(),
            "price": t.price.to_string(), "price_cents": t.price.cents(), "valid": t.valid,
        })).collect::<Vec<_>>(),
    })
}

fn order_text(services: &Services, v: &OrderView) -> String {
    let seats: Vec<&str> = v.seats.iter().map(|s| s.label.as_str()).collect();
    let mut text = format!(
        "Order {} ({}) for {} in {} at {}: {}",
        v.order.id,
        v.status.as_str(),
        v.showtime.movie_title,
        v.showtime.hall_name,
        services.screening.local(v.showtime.starts_at),
        if seats.is_empty() {
            "no seats".to_string()
        } else {
            seats.join(" ")
        }
    );
    if v.status == crate::booking::model::OrderStatus::Draft {
        text.push_str(&format!(
            "\nHeld until {} (venue time).",
            services
                .screening
                .venue()
                .to_local(v.order.expires_at)
                .format("%H:%M:%S")
        ));
    }
    for t in &v.tickets {
        text.push_str(&format!(
            "\n  ticket {}  {:<4} {:<8} {} {}{}",
            t.code,
            t.seat,
            t.ticket_type.as_str(),
            t.price,
            services.venue.currency,
            if t.valid { "" } else { "  (refunded)" }
        ));
    }
    text
}

pub async fn hold(
    services: &Services,
    user: Option<&str>,
    showtime: ShowtimeId,
    seats: &[String],
    best: Option<usize>,
    order: Option<&str>,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let order = order.map(order_id).transpose()?;
    let view = match (best, seats.is_empty()) {
        (Some(n), true) => {
            services
                .booking
                .hold_best(&actor, showtime, n, order)
                .await?
        }
        (None, false) => {
            services
                .booking
                .hold(&actor, showtime, seats, order)
                .await?
        }
        _ => {
            return Err(Failure::invalid(
                "seats",
                "name the seats (A1 A2 ...) or ask for --best N, not both",
            ));
        }
    };
    Ok(Outcome::new(
        order_text(services, &view),
        order_json(services, &view),
    ))
}

pub async fn release(
    services: &Services,
    user: Option<&str>,
    order: &str,
    seats: &[String],
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let view = services
        .booking
        .release(&actor, order_id(order)?, seats)
        .await?;
    Ok(Outcome::new(
        order_text(services, &view),
        order_json(services, &view),
    ))
}

pub async fn order_show(
    services: &Services,
    user: Option<&str>,
    order: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let view = services.booking.order(&actor, order_id(order)?).await?;
    Ok(Outcome::new(
        order_text(services, &view),
        order_json(services, &view),
    ))
}

pub async fn order_extend(
    services: &Services,
    user: Option<&str>,
    order: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let view = services.booking.extend(&actor, order_id(order)?).await?;
    Ok(Outcome::new(
        order_text(services, &view),
        order_json(services, &view),
    ))
}

pub async fn order_cancel(
    services: &Services,
    user: Option<&str>,
    order: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let id = order_id(order)?;
    services.booking.cancel(&actor, id).await?;
    Ok(Outcome::new(
        format!("Order {id} cancelled; its seats are free again."),
        json!({"cancelled": id}),
    ))
}

fn seat_char(s: &MapSeat) -> char {
    match &s.state {
        SeatState::Free => match s.seat.kind {
            SeatKind::Standard => 'o',
            SeatKind::Premium => 'P',
            SeatKind::Wheelchair => 'W',
            SeatKind::Companion => 'C',
        },
        SeatState::HeldByMe { .. } => '*',
        SeatState::Held { .. } => 'h',
        SeatState::Sold => 'x',
        SeatState::Broken | SeatState::Blocked => '#',
    }
}

pub fn seat_map_text(map: &SeatMap) -> String {
    let seats = &map.seats;
    let width = seats.iter().map(|s| s.seat.grid_col + 1).max().unwrap_or(0) as usize;
    let height = seats.iter().map(|s| s.seat.grid_row + 1).max().unwrap_or(0) as usize;
    let mut grid = vec![vec![' '; width]; height];
    let mut labels = vec![String::new(); height];
    for s in seats {
        grid[s.seat.grid_row as usize][s.seat.grid_col as usize] = seat_char(s);
        labels[s.seat.grid_row as usize] = s.seat.row_label.clone();
    }
    let w = width * 2 + 6;
    let mut out = format!("{:^w$}\n{:^w$}\n", "SCREEN", "-".repeat((width * 2).max(6)));
    for (row, cells) in grid.iter().enumerate() {
        let line: String = cells.iter().map(|c| format!("{c} ")).collect();
        out.push_str(
            format!("{:>2}  {}  {}\n", labels[row], line.trim_end(), labels[row]).trim_end(),
        );
        out.push('\n');
    }
    out.push_str("\no free  P premium  W wheelchair  C companion  * held by you  h held  x sold  # broken/blocked");
    out
}

pub async fn seats(
    services: &Services,
    user: Option<&str>,
    showtime: ShowtimeId,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let map = services.booking.seat_map(&actor, showtime).await?;
    let s = &map.showtime;
    let c = &map.counts;
    let text = format!(
        "Showtime {}: {} in {} at {}\n{} free, {} held, {} sold, {} not for sale\n\n{}",
        s.id,
        s.movie_title,
        s.hall_name,
        services.screening.local(s.starts_at),
        c.free,
        c.held,
        c.sold,
        c.unavailable,
        seat_map_text(&map)
    );
    let seats: Vec<Value> = map
        .seats
        .iter()
        .map(|x| {
            let mut v = json!({
                "id": x.seat.id, "row": x.seat.row_label, "number": x.seat.number, "label": x.seat.label(),
                "kind": x.seat.kind.as_str(), "state": x.state.word(),
                "grid_row": x.seat.grid_row, "grid_col": x.seat.grid_col,
            });
            match &x.state {
                SeatState::Held { by, until } => {
                    v["held_by"] = json!(by);
                    v["held_until"] = json!(until.to_rfc3339());
                }
                SeatState::HeldByMe { order_id, until } => {
                    v["order"] = json!(order_id);
                    v["held_until"] = json!(until.to_rfc3339());
                }
                _ => {}
            }
            v
        })
        .collect();
    Ok(Outcome::new(
        text,
        json!({ "showtime": showtime_json(services, s), "counts": map.counts, "seats": seats }),
    ))
}

pub async fn history(
    services: &Services,
    user: Option<&str>,
    of: Option<&str>,
    limit: i64,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let whose = match of {
        Some(name) => Some(
            services
                .identity
                .find(name)
                .await?
                .ok_or_else(|| IdentityError::UserNotFound(name.to_string()))?,
        ),
        None => None,
    };
    let orders = services
        .booking
        .history(&actor, whose.as_ref(), limit.clamp(1, 1000))
        .await?;
    let now = services.screening.now().await?;
    let rows: Vec<Vec<String>> = orders
        .iter()
        .map(|s| {
            let o = &s.order;
            vec![
                o.id.to_string(),
                services.screening.local(o.created_at),
                o.showtime_id.to_string(),
                o.channel.as_str().to_string(),
                s.status_word(now).to_string(),
                o.total
                    .map(|t| format!("{t} {}", services.venue.currency))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let json: Vec<Value> = orders
        .iter()
        .map(|s| {
            let o = &s.order;
            json!({
                "id": o.id, "created_at": o.created_at.to_rfc3339(), "showtime_id": o.showtime_id,
                "user": o.username, "channel": o.channel.as_str(),
                "status": s.status_word(now).replace(' ', "_"),
                "total": o.total.map(|t| t.to_string()),
                "tickets": s.tickets, "refunded": s.refunded,
            })
        })
        .collect();
    let text = if orders.is_empty() {
        "No orders.".to_string()
    } else {
        super::output::table(
            &["ORDER", "CREATED", "SHOWTIME", "CHANNEL", "STATUS", "TOTAL"],
            &rows,
        )
    };
    Ok(Outcome::new(text, Value::Array(json)))
}
