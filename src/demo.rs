//! Demo data: a believable cinema on an empty database, so a new user sees the product
//! working at once. Everything goes through the services, like any other user's data.

use chrono::{Duration, NaiveTime};
use serde::Serialize;

use crate::identity::password::generate_password;
use crate::identity::{IdentityError, Role};
use crate::screening::ScreeningError;
use crate::services::Services;
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

/// True when the database holds no halls, movies or accounts: demo data may go in.
pub async fn is_empty(services: &Services) -> Result<bool, DemoError> {
    Ok(what_is_there(services).await?.is_none())
}

async fn what_is_there(services: &Services) -> Result<Option<String>, DemoError> {
    let halls = services.screening.list_halls().await?.len();
    let movies = services.screening.list_movies().await?.len();
    let users = services.identity.count().await?;
    if halls + movies == 0 && users == 0 {
        return Ok(None);
    }
    Ok(Some(format!(
        "{halls} hall(s), {movies} movie(s) and {users} account(s)"
    )))
}

/// Seeds halls, movies, seven days of showtimes from today and two staff accounts whose
/// passwords are returned (and shown once by the caller). Refuses a database that already
/// holds data, so it never runs twice.
pub async fn seed(services: &Services) -> Result<DemoSummary, DemoError> {
    if let Some(there) = what_is_there(services).await? {
        return Err(DemoError::NotEmpty(there));
    }
    let s = &services.screening;
    let operator = services.identity.operator().await?;
    let mut halls = Vec::new();
    for (name, map) in HALLS {
        halls.push(s.create_hall_from_map(&operator, name, map).await?);
    }
    let mut movies: Vec<MovieId> = Vec::new();
    for (title, minutes, rating, genre) in MOVIES {
        movies.push(
            s.add_movie(&operator, title, *minutes, Some(rating), Some(genre))
                .await?
                .id,
        );
    }
    let now = s.now().await?;
    let today = s.today().await?;
    let venue = s.venue();
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
                s.schedule_showtime(&operator, movie, &hall.name, start, price)
                    .await?;
                showtimes += 1;
            }
        }
    }
    let mut accounts = Vec::new();
    for (username, role) in [("manager", Role::Manager), ("cashier", Role::Cashier)] {
        let password = generate_password();
        services
            .identity
            .create_user(username, role, &password)
            .await?;
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
