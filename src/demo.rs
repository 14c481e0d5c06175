//! Demo data: a believable cinema on an empty database, so a new user sees the product
//! working at once. Everything goes through the services, like any other user's data.

use chrono::{Duration, NaiveTime};
use serde::Serialize;

use crate::identity::password::generate_password;
use crate::identity::{IdentityError, Role};
use crate::screening::ScreeningError;
use crate::services::Services;
use crate::vocab::text::count;
use crate::vocab::{DomainError, ErrorKind, Money, MovieId};

const HALLS: &[(&str, &str)] = &[
    ("Grand", include_str!("../assets/halls/grand.txt")),
    ("Studio", include_str!("../assets/halls/studio.txt")),
    ("Salon", include_str!("../assets/halls/salon.txt")),
];

/// (title, minutes, rating, genre)
const MOVIES: &[(&str, i64, &str, &str)] = &[
    ("The Last Projectionist", 118, "PG-13", "Drama"),
    ("Orbit of Ash", 142, "PG-13", "Science fiction"),
    ("Paper Lanterns", 96, "PG", "Animation"),
    ("Nine Lives of Mrs. Kettle", 104, "PG", "Comedy"),
    ("Cold Harbour", 127, "R", "Thriller"),
    ("The Quiet Ridge", 88, "PG", "Documentary"),
    ("Midnight Matinee", 111, "R", "Horror"),
    ("A Summer in Lisbon", 99, "PG-13", "Romance"),
    ("Gridlock", 133, "R", "Action"),
];

/// Start times by hall (venue wall clock); each day rotates the films through them.
/// With 15 + 15 minutes of ads and cleaning and films up to 142 minutes, consecutive
/// starts 3 hours apart never overlap.
const DAILY_STARTS: &[&[(u32, u32)]] = &[
    &[(14, 0), (17, 0), (20, 0), (23, 0)],
    &[(13, 30), (16, 30), (19, 30), (22, 30)],
    &[(15, 0), (18, 0), (21, 0)],
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    pub username: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub halls: usize,
    pub seats: u32,
    pub movies: usize,
    pub showtimes: usize,
    pub accounts: Vec<DemoAccount>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data goes only into an empty database, and this one already has {0}")]
    NotEmpty(String),
    #[error(transparent)]
    Screening(#[from] ScreeningError),
    #[error(transparent)]
    Identity(#[from] IdentityError),
}

impl DomainError for DemoError {
    fn kind(&self) -> ErrorKind {
        match self {
            DemoError::NotEmpty(_) => ErrorKind::Refused,
            DemoError::Screening(e) => e.kind(),
            DemoError::Identity(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            DemoError::NotEmpty(_) => "not_empty",
            DemoError::Screening(e) => e.code(),
            DemoError::Identity(e) => e.code(),
        }
    }
}

/// The demo's staff accounts, created last: when both exist the demo is complete.
const ACCOUNTS: [(&str, Role); 2] = [("manager", Role::Manager), ("cashier", Role::Cashier)];

/// True when demo data may go in: the database is empty, or holds a demo that was cut
/// off half way (a seeding killed before its accounts were made), which `seed` completes.
pub async fn may_seed(services: &Services) -> Result<bool, DemoError> {
    Ok(what_is_there(services).await?.is_none())
}

/// What stands in the demo's way: `None` when the database is empty or holds only a
/// half-made demo (the demo's halls and movies, at most one of its accounts).
async fn what_is_there(services: &Services) -> Result<Option<String>, DemoError> {
    let halls = services.screening.list_halls().await?;
    let movies = services.screening.list_movies().await?;
    let users = services.identity.count().await?;
    let mut accounts = 0;
    for (username, _) in ACCOUNTS {
        accounts += i64::from(services.identity.find(username).await?.is_some());
    }
    let only_demo = halls
        .iter()
        .all(|h| HALLS.iter().any(|(n, _)| *n == h.name))
        && movies
            .iter()
            .all(|m| MOVIES.iter().any(|(t, ..)| *t == m.title))
        && users == accounts
        && accounts < ACCOUNTS.len() as i64;
    if only_demo {
        return Ok(None);
    }
    Ok(Some(format!(
        "{}, {} and {}",
        count(halls.len() as u64, "hall", "halls"),
        count(movies.len() as u64, "movie", "movies"),
        count(users.unsigned_abs(), "account", "accounts")
    )))
}

/// Seeds halls, movies, seven days of showtimes from today and two staff accounts whose
/// passwords are returned (and shown once by the caller). Refuses a database that holds
/// other data, so it never runs twice over a cinema. A seeding cut off half way (the
/// process killed) is completed by the next one: each step keeps what is already there,
/// and the accounts come last, so a demo without its passwords is never left behind.
pub async fn seed(services: &Services) -> Result<DemoSummary, DemoError> {
    if let Some(there) = what_is_there(services).await? {
        return Err(DemoError::NotEmpty(there));
    }
    let s = &services.screening;
    let operator = services.identity.operator().await?;
    let existing_halls = s.list_halls().await?;
    let mut halls = Vec::new();
    for (name, map) in HALLS {
        match existing_halls.iter().find(|h| h.name == *name) {
            Some(hall) => halls.push(hall.clone()),
            None => halls.push(s.create_hall_from_map(&operator, name, map).await?),
        }
    }
    let existing_movies = s.list_movies().await?;
    let mut movies: Vec<MovieId> = Vec::new();
    for (title, minutes, rating, genre) in MOVIES {
        match existing_movies.iter().find(|m| m.title == *title) {
            Some(movie) => movies.push(movie.id),
            None => movies.push(
                s.add_movie(&operator, title, *minutes, Some(rating), Some(genre))
                    .await?
                    .id,
            ),
        }
    }
    let now = s.now().await?;
    let today = s.today().await?;
    let venue = s.venue();
    // A seeding cut off half way left some of these slots taken already.
    let mut scheduled = Vec::new();
    for day in 0..7i64 {
        for showtime in s.showtimes_on(today + Duration::days(day)).await? {
            scheduled.push((showtime.hall_id, showtime.starts_at));
        }
    }
    let mut showtimes = 0;
    for day in 0..7i64 {
        let date = today + Duration::days(day);
        for (h, hall) in halls.iter().enumerate() {
            let starts = DAILY_STARTS.get(h).copied().unwrap_or(&[]);
            for (k, (hh, mm)) in starts.iter().enumerate() {
                let Some(time) = NaiveTime::from_hms_opt(*hh, *mm, 0) else {
                    continue;
                };
                let Some(start) = venue.from_local(date.and_time(time)) else {
                    continue;
                };
                if start <= now {
                    continue;
                }
                let movie = movies[(day as usize * 3 + h * 4 + k) % movies.len()];
                let cents = match (h, *hh >= 18) {
                    (0, true) => 1250,
                    (0, false) => 1050,
                    (_, true) => 1100,
                    (_, false) => 900,
                };
                let price = Money::from_cents(cents)
                    .map_err(|e| ScreeningError::invalid("price", e.to_string()))?;
                let scheduled = scheduled
                    .iter()
                    .any(|(h, at)| *h == hall.id && *at == start);
                if !scheduled {
                    s.schedule_showtime(&operator, movie, &hall.name, start, price)
                        .await?;
                }
                showtimes += 1;
            }
        }
    }
    let mut accounts = Vec::new();
    for (username, role) in ACCOUNTS {
        let password = generate_password();
        // An account made just before a seeding was cut off: its password was never
        // shown, so it gets a new one now.
        if services.identity.find(username).await?.is_some() {
            services
                .identity
                .set_password(&operator, username, &password)
                .await?;
        } else {
            services
                .identity
                .create_user(username, role, &password)
                .await?;
        }
        accounts.push(DemoAccount {
            username: username.to_string(),
            role,
            password,
        });
    }
    Ok(DemoSummary {
        halls: halls.len(),
        seats: halls.iter().map(|h| h.seats).sum(),
        movies: movies.len(),
        showtimes,
        accounts,
    })
}
