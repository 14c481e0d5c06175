//! Halls, movies, showtimes and seat maps from the command line.

use crate::vocab::text::count;
use std::path::Path;

use serde_json::{Value, json};

use crate::screening::model::{Hall, Movie};
use crate::services::Services;
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{Money, MovieId, ShowtimeId};

use super::common::{actor, showtime_json};
use super::output::{Failure, Outcome, table};

fn hall_json(h: &Hall) -> Value {
    json!({ "id": h.id, "name": h.name, "rows": h.rows, "seats": h.seats, "capacity": h.capacity })
}

fn movie_json(m: &Movie) -> Value {
    json!({ "id": m.id, "title": m.title, "runtime_minutes": m.runtime_minutes, "rating": m.rating, "genre": m.genre })
}

pub async fn hall_add(
    services: &Services,
    user: Option<&str>,
    name: &str,
    rows: Option<i64>,
    seats: Option<i64>,
    layout: Option<&Path>,
) -> Result<Outcome, Failure> {
    let hall = match (rows, seats, layout) {
        (_, _, Some(path)) => {
            let map = std::fs::read_to_string(path).map_err(|e| {
                Failure::invalid("layout", format!("cannot read {}: {e}", path.display()))
            })?;
            services
                .screening
                .create_hall_from_map(&actor(services, user).await?, name, &map)
                .await?
        }
        (Some(r), Some(s), None) => {
            services
                .screening
                .create_hall_grid(&actor(services, user).await?, name, r, s)
                .await?
        }
        _ => {
            return Err(Failure::invalid(
                "layout",
                "give either --rows and --seats, or --layout FILE",
            ));
        }
    };
    Ok(Outcome::new(
        format!(
            "Created hall {:?} (id {}): {}, {}.",
            hall.name,
            hall.id,
            count(hall.rows, "row", "rows"),
            count(hall.seats, "seat", "seats")
        ),
        hall_json(&hall),
    ))
}

pub async fn hall_list(services: &Services) -> Result<Outcome, Failure> {
    let halls = services.screening.list_halls().await?;
    let rows: Vec<Vec<String>> = halls
        .iter()
        .map(|h| {
            vec![
                h.id.to_string(),
                h.name.clone(),
                h.rows.to_string(),
                h.seats.to_string(),
                h.capacity.to_string(),
            ]
        })
        .collect();
    let text = if halls.is_empty() {
        "No halls yet. Add one with `boxoffice hall add NAME --rows N --seats N`.".to_string()
    } else {
        table(&["ID", "HALL", "ROWS", "SEATS", "SELLABLE"], &rows)
    };
    Ok(Outcome::new(
        text,
        Value::Array(halls.iter().map(hall_json).collect()),
    ))
}

pub async fn hall_delete(
    services: &Services,
    user: Option<&str>,
    name: &str,
) -> Result<Outcome, Failure> {
    services
        .screening
        .delete_hall(&actor(services, user).await?, name)
        .await?;
    Ok(Outcome::new(
        format!("Deleted hall {name:?}."),
        json!({ "deleted": name.trim() }),
    ))
}

pub async fn hall_seat_broken(
    services: &Services,
    user: Option<&str>,
    hall: &str,
    seat: &str,
    broken: bool,
) -> Result<Outcome, Failure> {
    let s = services
        .screening
        .set_seat_broken(&actor(services, user).await?, hall, seat, broken)
        .await?;
    let state = if broken {
        "broken: it is not sold for any showtime"
    } else {
        "in service again"
    };
    Ok(Outcome::new(
        format!("Seat {} of hall {:?} is {state}.", s.label(), hall.trim()),
        json!({ "hall": hall.trim(), "seat": s.label(), "broken": broken }),
    ))
}

pub async fn movie_add(
    services: &Services,
    user: Option<&str>,
    title: &str,
    minutes: i64,
    rating: Option<&str>,
    genre: Option<&str>,
) -> Result<Outcome, Failure> {
    let m = services
        .screening
        .add_movie(&actor(services, user).await?, title, minutes, rating, genre)
        .await?;
    Ok(Outcome::new(
        format!(
            "Added movie {:?} (id {}), {}.",
            m.title,
            m.id,
            count(m.runtime_minutes, "minute", "minutes")
        ),
        movie_json(&m),
    ))
}

pub async fn movie_list(services: &Services) -> Result<Outcome, Failure> {
    let movies = services.screening.list_movies().await?;
    let rows: Vec<Vec<String>> = movies
        .iter()
        .map(|m| {
            vec![
                m.id.to_string(),
                m.title.clone(),
                format!("{} min", m.runtime_minutes),
                m.rating.clone().unwrap_or_default(),
                m.genre.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let text = if movies.is_empty() {
        "No movies yet. Add one with `boxoffice movie add TITLE --minutes N`.".to_string()
    } else {
        table(&["ID", "TITLE", "RUNTIME", "RATING", "GENRE"], &rows)
    };
    Ok(Outcome::new(
        text,
        Value::Array(movies.iter().map(movie_json).collect()),
    ))
}

pub async fn movie_delete(
    services: &Services,
    user: Option<&str>,
    id: MovieId,
) -> Result<Outcome, Failure> {
    services
        .screening
        .delete_movie(&actor(services, user).await?, id)
        .await?;
    Ok(Outcome::new(
        format!("Deleted movie {id}."),
        json!({ "deleted": id }),
    ))
}

pub async fn movie_runtime(
    services: &Services,
    user: Option<&str>,
    id: MovieId,
    minutes: i64,
) -> Result<Outcome, Failure> {
    let m = services
        .screening
        .change_runtime(&actor(services, user).await?, id, minutes)
        .await?;
    Ok(Outcome::new(
        format!(
            "Movie {:?} now runs {}; its future showtimes were re-checked.",
            m.title,
            count(m.runtime_minutes, "minute", "minutes")
        ),
        movie_json(&m),
    ))
}

/// What `movie edit` was given; what is not stays as it is.
pub struct MovieEdit {
    pub title: Option<String>,
    pub minutes: Option<i64>,
    pub rating: Option<String>,
    pub genre: Option<String>,
}

pub async fn movie_edit(
    services: &Services,
    user: Option<&str>,
    id: MovieId,
    edit: MovieEdit,
) -> Result<Outcome, Failure> {
    let actor = actor(services, user).await?;
    let m = services.screening.movie(id).await?;
    let edited = services
        .screening
        .edit_movie(
            &actor,
            id,
            edit.title.as_deref().unwrap_or(&m.title),
            edit.minutes.unwrap_or(m.runtime_minutes),
            edit.rating.as_deref().or(m.rating.as_deref()),
            edit.genre.as_deref().or(m.genre.as_deref()),
        )
        .await?;
    Ok(Outcome::new(
        format!(
            "Movie {} is now {:?}, {}, rated {}, {}.",
            edited.id,
            edited.title,
            count(edited.runtime_minutes, "minute", "minutes"),
            edited.rating.as_deref().unwrap_or("-"),
            edited.genre.as_deref().unwrap_or("no genre")
        ),
        movie_json(&edited),
    ))
}

fn parse_at(venue: &VenueTime, at: &str) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    venue
        .parse_local(at)
        .map_err(|e| Failure::invalid("at", e.to_string()))
}

pub async fn showtime_add(
    services: &Services,
    user: Option<&str>,
    movie: MovieId,
    hall: &str,
    at: &str,
    price: &str,
) -> Result<Outcome, Failure> {
    let start = parse_at(&services.screening.venue(), at)?;
    let price = Money::parse(price).map_err(|e| Failure::invalid("price", e.to_string()))?;
    let s = services
        .screening
        .schedule_showtime(&actor(services, user).await?, movie, hall, start, price)
        .await?;
    Ok(Outcome::new(
        format!(
            "Scheduled showtime {}: {} in {} at {} (hall busy until {}), {} {}.",
            s.id,
            s.movie_title,
            s.hall_name,
            services.screening.local(s.starts_at),
            services.screening.local(s.occupied_until),
            s.price,
            services.venue.currency
        ),
        showtime_json(services, &s),
    ))
}

pub async fn showtime_move(
    services: &Services,
    user: Option<&str>,
    id: ShowtimeId,
    at: &str,
) -> Result<Outcome, Failure> {
    let start = parse_at(&services.screening.venue(), at)?;
    let s = services
        .screening
        .move_showtime(&actor(services, user).await?, id, start)
        .await?;
    Ok(Outcome::new(
        format!(
            "Moved showtime {} to {}.",
            s.id,
            services.screening.local(s.starts_at)
        ),
        showtime_json(services, &s),
    ))
}

pub async fn showtime_delete(
    services: &Services,
    user: Option<&str>,
    id: ShowtimeId,
) -> Result<Outcome, Failure> {
    services
        .screening
        .delete_showtime(&actor(services, user).await?, id)
        .await?;
    Ok(Outcome::new(
        format!("Deleted showtime {id}."),
        json!({ "deleted": id }),
    ))
}

pub async fn showtimes(services: &Services, date: Option<&str>) -> Result<Outcome, Failure> {
    let day = match date {
        Some(d) => VenueTime::parse_date(d).map_err(|e| Failure::invalid("date", e.to_string()))?,
        None => services.screening.today().await?,
    };
    let list = services.screening.showtimes_on(day).await?;
    let venue = services.screening.venue();
    let sc_ads = services.screening.buffers().ads_minutes;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                venue.to_local(s.starts_at).format("%H:%M").to_string(),
                venue
                    .to_local(s.film_ends_at(sc_ads))
                    .format("%H:%M")
                    .to_string(),
                venue.to_local(s.occupied_until).format("%H:%M").to_string(),
                s.movie_title.clone(),
                s.hall_name.clone(),
                format!("{} min", s.runtime_minutes),
                format!("{} {}", s.price, services.venue.currency),
            ]
        })
        .collect();
    let text = if list.is_empty() {
        format!("No showtimes on {day}.")
    } else {
        format!(
            "Showtimes on {day}:\n{}",
            table(
                &[
                    "ID",
                    "START",
                    "END",
                    "HALL FREE",
                    "MOVIE",
                    "HALL",
                    "RUNTIME",
                    "PRICE"
                ],
                &rows
            )
        )
    };
    let json = json!({
        "date": day.to_string(),
        "showtimes": list.iter().map(|s| showtime_json(services, s)).collect::<Vec<_>>(),
    });
    Ok(Outcome::new(text, json))
}

pub(super) async fn showtime_price(
    services: &Services,
    user: Option<&str>,
    id: ShowtimeId,
    price: &str,
) -> Result<Outcome, Failure> {
    let price = Money::parse(price).map_err(|e| Failure::invalid("price", e.to_string()))?;
    let s = services
        .screening
        .set_price(&actor(services, user).await?, id, price)
        .await?;
    Ok(Outcome::new(
        format!(
            "Showtime {} now costs {} {} (tickets already sold keep their price).",
            s.id, s.price, services.venue.currency
        ),
        showtime_json(services, &s),
    ))
}
