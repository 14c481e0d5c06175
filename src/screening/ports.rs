//! What the screening room asks of a store: halls and their seats, movies, showtimes.
//! Declared here, implemented for both backends in `store/`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::vocab::{HallId, Money, MovieId, SeatId, ShowtimeId, StoreFailure};

use super::ScreeningError;
use super::model::{
    Bookings, Hall, Interval, Movie, MovieTitle, NewHall, NewMovie, NewShowtime, Runtime, Seat,
    Showtime,
};

#[async_trait]
pub trait ScreeningStore: Send + Sync {
    /// Creates the hall and every seat in one transaction: all or nothing.
    /// Errors: `HallNameTaken`.
    async fn create_hall(&self, hall: &NewHall) -> Result<Hall, ScreeningError>;
    async fn list_halls(&self) -> Result<Vec<Hall>, StoreFailure>;
    /// By name, ignoring case and surrounding spaces.
    async fn find_hall(&self, name_key: &str) -> Result<Option<Hall>, StoreFailure>;
    async fn hall_seats(&self, hall: HallId) -> Result<Vec<Seat>, StoreFailure>;
    /// Errors: `SeatNotFound` (as `seat`'s id) if the seat is not in the hall.
    async fn set_seat_broken(
        &self,
        hall: HallId,
        seat: SeatId,
        broken: bool,
    ) -> Result<(), ScreeningError>;
    /// Errors: `HasDependents` while any showtime refers to the hall.
    async fn delete_hall(&self, hall: HallId) -> Result<(), ScreeningError>;

    async fn create_movie(&self, movie: &NewMovie) -> Result<Movie, ScreeningError>;
    /// Sets a movie's title, rating and genre (its runtime changes with its showtimes,
    /// through `change_runtime`). Errors: `MovieNotFound`.
    async fn set_movie_details(
        &self,
        id: MovieId,
        title: &MovieTitle,
        rating: Option<&str>,
        genre: Option<&str>,
    ) -> Result<Movie, ScreeningError>;
    async fn list_movies(&self) -> Result<Vec<Movie>, StoreFailure>;
    async fn movie(&self, id: MovieId) -> Result<Option<Movie>, StoreFailure>;
    /// Errors: `HasDependents` while any showtime refers to the movie.
    async fn delete_movie(&self, id: MovieId) -> Result<(), ScreeningError>;
    /// Sets the runtime and the new occupied intervals of the listed showtimes, all in one
    /// transaction. Errors: `HallBusy` (with no clashes named) if the database refuses an
    /// overlap.
    async fn change_runtime(
        &self,
        id: MovieId,
        runtime: Runtime,
        reschedule: &[(ShowtimeId, Interval)],
    ) -> Result<(), ScreeningError>;

    /// Inserts a scheduled showtime. Errors: `HallBusy` (with no clashes named) when the
    /// database finds an overlapping showtime in the hall, whoever inserted it.
    async fn insert_showtime(&self, showtime: &NewShowtime) -> Result<Showtime, ScreeningError>;
    /// Inserts them all in one transaction, or none (errors as for one).
    async fn insert_showtimes(&self, all: &[NewShowtime]) -> Result<Vec<Showtime>, ScreeningError>;
    /// Errors: `ShowtimeNotFound`, `HallBusy` as for insert, `HasDependents` when it has
    /// valid tickets or seats held at `now` (decided inside the write, so a sale under
    /// way is counted).
    async fn move_showtime(
        &self,
        id: ShowtimeId,
        occupied: Interval,
        now: DateTime<Utc>,
    ) -> Result<Showtime, ScreeningError>;
    async fn delete_showtime(&self, id: ShowtimeId) -> Result<(), ScreeningError>;
    /// Changes the base price of future sales; sold tickets keep theirs.
    async fn set_showtime_price(&self, id: ShowtimeId, price: Money) -> Result<(), ScreeningError>;
    async fn showtime(&self, id: ShowtimeId) -> Result<Option<Showtime>, StoreFailure>;
    /// Its valid (sold, not refunded) tickets and the seats held for it at `now`.
    async fn bookings(&self, id: ShowtimeId, now: DateTime<Utc>) -> Result<Bookings, StoreFailure>;
    /// Scheduled showtimes whose occupied interval meets `[from, to)`, by start time;
    /// only of `hall` if given.
    async fn showtimes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        hall: Option<HallId>,
    ) -> Result<Vec<Showtime>, StoreFailure>;
    /// Scheduled showtimes of a movie starting at or after `from`.
    async fn showtimes_of_movie(
        &self,
        movie: MovieId,
        from: DateTime<Utc>,
    ) -> Result<Vec<Showtime>, StoreFailure>;
}
