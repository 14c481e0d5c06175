//! What every command module shares: who is acting, parsing ids and amounts from
//! arguments, and the JSON of a showtime. Kept apart so the command modules import it
//! and never each other.

use serde_json::{Value, json};

use crate::booking::BookingError;
use crate::booking::model::TicketType;
use crate::identity::{IdentityError, User};
use crate::screening::model::Showtime;
use crate::services::Services;
use crate::vocab::{Money, MovieId, OrderId, ShowtimeId};

use super::output::Failure;

/// The user the command acts as: `--user NAME`, or without it the local operator (a
/// manager, recorded as `operator`).
pub async fn actor(services: &Services, user: Option<&str>) -> Result<User, Failure> {
    let name = user.unwrap_or("operator");
    match services.identity.find(name).await? {
        Some(u) if u.active => Ok(u),
        Some(u) => Err(BookingError::PermissionDenied(format!(
            "the account {:?} is disabled",
            u.username
        ))
        .into()),
        None => Err(IdentityError::UserNotFound(name.to_string()).into()),
    }
}

pub fn order_id(text: &str) -> Result<OrderId, Failure> {
    text.trim_start_matches('#')
        .parse()
        .map_err(|e: String| Failure::invalid("order", e))
}

pub fn movie_id(text: &str) -> Result<MovieId, Failure> {
    text.parse()
        .map_err(|e: String| Failure::invalid("movie", e))
}

pub fn showtime_id(text: &str) -> Result<ShowtimeId, Failure> {
    text.parse()
        .map_err(|e: String| Failure::invalid("showtime", e))
}

pub fn money_arg(field: &str, text: &str) -> Result<Money, Failure> {
    Money::parse(text).map_err(|e| Failure::invalid(field, e.to_string()))
}

/// `--type adult,child` or `--type adult --type child`: one per seat, in seat order.
pub fn ticket_types(values: &[String]) -> Result<Vec<TicketType>, Failure> {
    let mut types = Vec::new();
    for v in values {
        for part in v.split(',').filter(|p| !p.trim().is_empty()) {
            types.push(TicketType::parse(part)?);
        }
    }
    Ok(types)
}

pub fn showtime_json(services: &Services, s: &Showtime) -> Value {
    let sc = &services.screening;
    let sc_ads = sc.buffers().ads_minutes;
    json!({
        "id": s.id,
        "movie_id": s.movie_id,
        "movie": s.movie_title,
        "rating": s.movie_rating,
        "runtime_minutes": s.runtime_minutes,
        "hall_id": s.hall_id,
        "hall": s.hall_name,
        "starts_at": s.starts_at.to_rfc3339(),
        "starts_local": sc.local(s.starts_at),
        "ends_at": s.film_ends_at(sc_ads).to_rfc3339(),
        "ends_local": sc.local(s.film_ends_at(sc_ads)),
        "occupied_until": s.occupied_until.to_rfc3339(),
        "price": s.price.to_string(),
        "price_cents": s.price.cents(),
        "currency": services.venue.currency,
        "status": s.status.as_str(),
    })
}
