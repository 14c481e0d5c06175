//! Movies: adding, finding by id or title, deleting, and a runtime change re-checked
//! against the schedule.

use crate::identity::User;
use crate::identity::permissions::Permission;
use crate::vocab::{MovieId, ShowtimeId};

use super::super::error::{Clash, ScreeningError};
use super::super::model::{Interval, Movie, NewMovie, Runtime};
use super::super::movie_lookup::{TitleMatch, match_title};
use super::super::schedule;
use super::{ScreeningService, name_what, permit};

impl ScreeningService {
    pub async fn add_movie(
        &self,
        actor: &User,
        title: &str,
        minutes: i64,
        rating: Option<&str>,
        genre: Option<&str>,
    ) -> Result<Movie, ScreeningError> {
        permit(actor, Permission::ManageMovies)?;
        let movie = NewMovie::parse(title, minutes, rating, genre)?;
        self.store.create_movie(&movie).await
    }

    /// Changes what a manager may correct about a movie: title, runtime, rating and
    /// genre. Everything is checked before anything is written; a new runtime is
    /// re-checked against the schedule as `change_runtime` does, and when that is
    /// refused nothing changes.
    pub async fn edit_movie(
        &self,
        actor: &User,
        id: MovieId,
        title: &str,
        minutes: i64,
        rating: Option<&str>,
        genre: Option<&str>,
    ) -> Result<Movie, ScreeningError> {
        permit(actor, Permission::ManageMovies)?;
        let edited = NewMovie::parse(title, minutes, rating, genre)?;
        let current = self.movie(id).await?;
        if current.runtime_minutes != minutes {
            self.change_runtime(actor, id, minutes).await?;
        }
        self.store
            .set_movie_details(
                id,
                &edited.title,
                edited.rating.as_deref(),
                edited.genre.as_deref(),
            )
            .await
    }

    pub async fn list_movies(&self) -> Result<Vec<Movie>, ScreeningError> {
        Ok(self.store.list_movies().await?)
    }

    /// A movie as a person names it: its id, its whole title, or a part of the title
    /// only one movie has (see `movie_lookup`).
    pub async fn find_movie(&self, query: &str) -> Result<Movie, ScreeningError> {
        let movies = self.store.list_movies().await?;
        match match_title(&movies, query) {
            TitleMatch::One(m) => Ok(m.clone()),
            TitleMatch::None => Err(ScreeningError::NoMovieTitled(query.trim().to_string())),
            TitleMatch::Many(many) => Err(ScreeningError::AmbiguousMovie {
                query: query.trim().to_string(),
                matches: many
                    .iter()
                    .map(|m| format!("{} ({})", m.title, m.id.0))
                    .collect(),
            }),
        }
    }

    pub async fn movie(&self, id: MovieId) -> Result<Movie, ScreeningError> {
        self.store
            .movie(id)
            .await?
            .ok_or(ScreeningError::MovieNotFound(id.0))
    }

    pub async fn delete_movie(&self, actor: &User, id: MovieId) -> Result<(), ScreeningError> {
        permit(actor, Permission::ManageMovies)?;
        let movie = self.movie(id).await?;
        self.store
            .delete_movie(id)
            .await
            .map_err(|e| name_what(e, &format!("movie {:?}", movie.title)))
    }

    /// Changes a movie's runtime, moving the end of each of its future showtimes; refused
    /// if any of them would then overlap the next showtime in its hall.
    pub async fn change_runtime(
        &self,
        actor: &User,
        id: MovieId,
        minutes: i64,
    ) -> Result<Movie, ScreeningError> {
        permit(actor, Permission::ManageMovies)?;
        let runtime = Runtime::from_minutes(minutes)?;
        self.movie(id).await?;
        let now = self.now().await?;
        let future = self.store.showtimes_of_movie(id, now).await?;
        let reschedule: Vec<(ShowtimeId, Interval)> = future
            .iter()
            .map(|s| {
                (
                    s.id,
                    schedule::occupied_interval(s.starts_at, runtime, self.buffers),
                )
            })
            .collect();
        let mut clashes = Vec::new();
        for (id, new) in &reschedule {
            let mut neighbours = self
                .store
                .showtimes_between(new.start, new.end, None)
                .await?;
            // Other showtimes of this movie are judged at their new length too.
            for n in neighbours.iter_mut() {
                if let Some((_, i)) = reschedule.iter().find(|(rid, _)| *rid == n.id) {
                    n.occupied_until = i.end;
                }
            }
            let hall = future.iter().find(|s| s.id == *id).map(|s| s.hall_id);
            if let Some(hall) = hall {
                for c in schedule::clashes(new, hall, &neighbours, Some(*id)) {
                    if !clashes.iter().any(|x: &Clash| x.showtime_id == c.id.0) {
                        clashes.push(self.clash(c));
                    }
                }
            }
        }
        if !clashes.is_empty() {
            return Err(ScreeningError::RuntimeClash(clashes));
        }
        match self.store.change_runtime(id, runtime, &reschedule).await {
            Err(ScreeningError::HallBusy { .. }) => Err(ScreeningError::RuntimeClash(Vec::new())),
            other => other,
        }?;
        self.movie(id).await
    }
}
