//! The screening store, written once for both backends. Every statement here is the same
//! in SQLite and PostgreSQL (`$n` placeholders work in both), so one body serves both
//! through this macro; what differs (how a write transaction begins, how an overlap is
//! refused) is behind `begin_write` and the migrations.

macro_rules! impl_screening_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::screening::ports::ScreeningStore for $store {
            async fn create_hall(&self, hall: &NewHall) -> Result<Hall, ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let id: i64 = sqlx::query_scalar("INSERT INTO halls (name, name_key) VALUES ($1, $2) RETURNING id")
                    .bind(hall.name.as_str())
                    .bind(hall.name.key())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            ScreeningError::HallNameTaken(hall.name.to_string())
                        } else {
                            StoreFailure::from(e).into()
                        }
                    })?;
                // One multi-row insert per batch keeps a 600-seat hall to a few round trips.
                for chunk in hall.layout.seats().chunks(500) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO seats (hall_id, row_label, number, kind, grid_row, grid_col) ",
                    );
                    q.push_values(chunk, |mut b, s| {
                        b.push_bind(id)
                            .push_bind(s.row_label.clone())
                            .push_bind(i32::from(s.number))
                            .push_bind(s.kind.as_str())
                            .push_bind(i32::from(s.grid_row))
                            .push_bind(i32::from(s.grid_col));
                    });
                    q.build().execute(&mut *tx).await.map_err(StoreFailure::from)?;
                }
                let row: HallRow = sqlx::query_as(concat!(hall_select!(), "WHERE h.id = $1"))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(row.into())
            }

            async fn list_halls(&self) -> Result<Vec<Hall>, StoreFailure> {
                let rows: Vec<HallRow> = sqlx::query_as(concat!(hall_select!(), "ORDER BY h.name_key"))
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(Hall::from).collect())
            }

            async fn find_hall(&self, name_key: &str) -> Result<Option<Hall>, StoreFailure> {
                let row: Option<HallRow> = sqlx::query_as(concat!(hall_select!(), "WHERE h.name_key = $1"))
                    .bind(name_key)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(Hall::from))
            }

            async fn hall_seats(&self, hall: HallId) -> Result<Vec<Seat>, StoreFailure> {
                let rows: Vec<SeatRow> = sqlx::query_as(
                    "SELECT id, hall_id, row_label, number, kind, grid_row, grid_col, broken \
                     FROM seats WHERE hall_id = $1 ORDER BY grid_row, grid_col",
                )
                .bind(hall.0)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Seat::try_from).collect()
            }

            async fn set_seat_broken(&self, hall: HallId, seat: SeatId, broken: bool) -> Result<(), ScreeningError> {
                let done = sqlx::query("UPDATE seats SET broken = $1 WHERE id = $2 AND hall_id = $3")
                    .bind(broken)
                    .bind(seat.0)
                    .bind(hall.0)
                    .execute(&self.pool)
                    .await
                    .map_err(StoreFailure::from)?;
                if done.rows_affected() == 0 {
                    return Err(ScreeningError::SeatNotFound {
                        hall: hall.to_string(),
                        seat: seat.to_string(),
                    });
                }
                Ok(())
            }

            async fn delete_hall(&self, hall: HallId) -> Result<(), ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let deps = dependents(&mut tx, "SELECT id FROM showtimes WHERE hall_id = $1 ORDER BY starts_at", hall.0).await?;
                let result = sqlx::query("DELETE FROM halls WHERE id = $1").bind(hall.0).execute(&mut *tx).await;
                match result {
                    Err(e) if is_foreign_key_violation(&e) || !deps.is_empty() => Err(has_dependents("hall", "deleted", &deps)),
                    Err(e) => Err(StoreFailure::from(e).into()),
                    Ok(_) => {
                        tx.commit().await.map_err(StoreFailure::from)?;
                        Ok(())
                    }
                }
            }

            async fn create_movie(&self, movie: &NewMovie) -> Result<Movie, ScreeningError> {
                let row: MovieRow = sqlx::query_as(
                    "INSERT INTO movies (title, runtime_minutes, rating, genre) VALUES ($1, $2, $3, $4) \
                     RETURNING id, title, runtime_minutes, rating, genre",
                )
                .bind(movie.title.as_str())
                .bind(movie.runtime.minutes() as i32)
                .bind(movie.rating.as_deref())
                .bind(movie.genre.as_deref())
                .fetch_one(&self.pool)
                .await
                .map_err(StoreFailure::from)?;
                Ok(row.into())
            }

            async fn set_movie_details(
                &self,
                id: MovieId,
                title: &MovieTitle,
                rating: Option<&str>,
                genre: Option<&str>,
            ) -> Result<Movie, ScreeningError> {
                let row: Option<MovieRow> = sqlx::query_as(
                    "UPDATE movies SET title = $1, rating = $2, genre = $3 WHERE id = $4 \
                     RETURNING id, title, runtime_minutes, rating, genre",
                )
                .bind(title.as_str())
                .bind(rating)
                .bind(genre)
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(StoreFailure::from)?;
                row.map(Movie::from).ok_or(ScreeningError::MovieNotFound(id.0))
            }

            async fn list_movies(&self) -> Result<Vec<Movie>, StoreFailure> {
                let rows: Vec<MovieRow> =
                    sqlx::query_as("SELECT id, title, runtime_minutes, rating, genre FROM movies ORDER BY title, id")
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(Movie::from).collect())
            }

            async fn movie(&self, id: MovieId) -> Result<Option<Movie>, StoreFailure> {
                let row: Option<MovieRow> =
                    sqlx::query_as("SELECT id, title, runtime_minutes, rating, genre FROM movies WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Movie::from))
            }

            async fn delete_movie(&self, id: MovieId) -> Result<(), ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let deps = dependents(&mut tx, "SELECT id FROM showtimes WHERE movie_id = $1 ORDER BY starts_at", id.0).await?;
                let result = sqlx::query("DELETE FROM movies WHERE id = $1").bind(id.0).execute(&mut *tx).await;
                match result {
                    Err(e) if is_foreign_key_violation(&e) || !deps.is_empty() => Err(has_dependents("movie", "deleted", &deps)),
                    Err(e) => Err(StoreFailure::from(e).into()),
                    Ok(done) if done.rows_affected() == 0 => Err(ScreeningError::MovieNotFound(id.0)),
                    Ok(_) => {
                        tx.commit().await.map_err(StoreFailure::from)?;
                        Ok(())
                    }
                }
            }

            async fn change_runtime(
                &self,
                id: MovieId,
                runtime: Runtime,
                reschedule: &[(ShowtimeId, Interval)],
            ) -> Result<(), ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let done = sqlx::query("UPDATE movies SET runtime_minutes = $1 WHERE id = $2")
                    .bind(runtime.minutes() as i32)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                if done.rows_affected() == 0 {
                    return Err(ScreeningError::MovieNotFound(id.0));
                }
                for (showtime, occupied) in reschedule {
                    sqlx::query("UPDATE showtimes SET occupied_until = $1 WHERE id = $2 AND movie_id = $3")
                        .bind(occupied.end)
                        .bind(showtime.0)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| overlap_or_failure(e, ""))?;
                }
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(())
            }

            async fn insert_showtime(&self, s: &NewShowtime) -> Result<Showtime, ScreeningError> {
                let mut made = self.insert_showtimes(std::slice::from_ref(s)).await?;
                made.pop().ok_or_else(|| StoreFailure::new("the new showtime was not read back").into())
            }

            async fn insert_showtimes(&self, all: &[NewShowtime]) -> Result<Vec<Showtime>, ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let mut made = Vec::with_capacity(all.len());
                for s in all {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO showtimes (movie_id, hall_id, starts_at, occupied_until, price_cents) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(s.movie_id.0)
                    .bind(s.hall_id.0)
                    .bind(s.occupied.start)
                    .bind(s.occupied.end)
                    .bind(s.price.cents())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if is_foreign_key_violation(&e) {
                            ScreeningError::MovieNotFound(s.movie_id.0)
                        } else {
                            overlap_or_failure(e, &s.hall_id.to_string())
                        }
                    })?;
                    let row: ShowtimeRow = sqlx::query_as(concat!(showtime_select!(), "WHERE s.id = $1"))
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(StoreFailure::from)?;
                    made.push(Showtime::try_from(row)?);
                }
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(made)
            }

            async fn move_showtime(
                &self,
                id: ShowtimeId,
                occupied: Interval,
                now: DateTime<Utc>,
            ) -> Result<Showtime, ScreeningError> {
                let mut tx = self.begin_write().await.map_err(StoreFailure::from)?;
                let done = sqlx::query("UPDATE showtimes SET starts_at = $1, occupied_until = $2 WHERE id = $3")
                    .bind(occupied.start)
                    .bind(occupied.end)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| overlap_or_failure(e, ""))?;
                if done.rows_affected() == 0 {
                    return Err(ScreeningError::ShowtimeNotFound(id.0));
                }
                // Counted after the update, under its row lock: on PostgreSQL a sale holds
                // the showtime's row shared until it commits, so the update waited for any
                // sale under way and this count sees its tickets. A sale is always of
                // seats held first, so a hold counted here is one whose sale could still
                // be printing the old time.
                let (sold, held): (i64, i64) = sqlx::query_as(crate::store::screening_sql::BOOKINGS)
                    .bind(id.0)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                if let Some(refused) = ScreeningError::booked(id, Bookings { sold, held }, "moved") {
                    return Err(refused);
                }
                let row: ShowtimeRow = sqlx::query_as(concat!(showtime_select!(), "WHERE s.id = $1"))
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StoreFailure::from)?;
                tx.commit().await.map_err(StoreFailure::from)?;
                Ok(Showtime::try_from(row)?)
            }

            async fn delete_showtime(&self, id: ShowtimeId) -> Result<(), ScreeningError> {
                let done = sqlx::query("DELETE FROM showtimes WHERE id = $1")
                    .bind(id.0)
                    .execute(&self.pool)
                    .await
                    .map_err(|e| {
                        if is_foreign_key_violation(&e) {
                            ScreeningError::HasDependents {
                                what: format!("showtime #{id}"),
                                action: "deleted",
                                reason: "tickets were sold for it; cancel it instead".into(),
                            }
                        } else {
                            StoreFailure::from(e).into()
                        }
                    })?;
                if done.rows_affected() == 0 {
                    return Err(ScreeningError::ShowtimeNotFound(id.0));
                }
                Ok(())
            }

            async fn set_showtime_price(&self, id: ShowtimeId, price: Money) -> Result<(), ScreeningError> {
                let done = sqlx::query("UPDATE showtimes SET price_cents = $1 WHERE id = $2")
                    .bind(price.cents())
                    .bind(id.0)
                    .execute(&self.pool)
                    .await
                    .map_err(StoreFailure::from)?;
                if done.rows_affected() == 0 {
                    return Err(ScreeningError::ShowtimeNotFound(id.0));
                }
                Ok(())
            }

            async fn bookings(&self, id: ShowtimeId, now: DateTime<Utc>) -> Result<Bookings, StoreFailure> {
                let (sold, held): (i64, i64) = sqlx::query_as(crate::store::screening_sql::BOOKINGS)
                    .bind(id.0)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(Bookings { sold, held })
            }

            async fn showtime(&self, id: ShowtimeId) -> Result<Option<Showtime>, StoreFailure> {
                let row: Option<ShowtimeRow> = sqlx::query_as(concat!(showtime_select!(), "WHERE s.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(Showtime::try_from).transpose()
            }

            async fn showtimes_between(
                &self,
                from: DateTime<Utc>,
                to: DateTime<Utc>,
                hall: Option<HallId>,
            ) -> Result<Vec<Showtime>, StoreFailure> {
                let rows: Vec<ShowtimeRow> = sqlx::query_as(concat!(
                    showtime_select!(),
                    "WHERE s.status = 'scheduled' AND s.starts_at < $2 AND s.occupied_until > $1 \
                     AND ($3 IS NULL OR s.hall_id = $3) ORDER BY s.starts_at, h.name_key"
                ))
                .bind(from)
                .bind(to)
                .bind(hall.map(|h| h.0))
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Showtime::try_from).collect()
            }

            async fn showtimes_of_movie(&self, movie: MovieId, from: DateTime<Utc>) -> Result<Vec<Showtime>, StoreFailure> {
                let rows: Vec<ShowtimeRow> = sqlx::query_as(concat!(
                    showtime_select!(),
                    "WHERE s.status = 'scheduled' AND s.movie_id = $1 AND s.starts_at >= $2 ORDER BY s.starts_at"
                ))
                .bind(movie.0)
                .bind(from)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Showtime::try_from).collect()
            }
        }

        /// The ids of the rows that depend on the one about to be deleted.
        async fn dependents(
            tx: &mut $crate::store::write_tx::WriteTx<$db>,
            sql: &'static str,
            id: i64,
        ) -> Result<Vec<i64>, StoreFailure> {
            Ok(sqlx::query_scalar(sql).bind(id).fetch_all(&mut **tx).await?)
        }
    };
}

use crate::screening::ScreeningError;

/// A showtime's valid tickets and its seats held at $2: while there are any, its time
/// stays.
pub(crate) const BOOKINGS: &str = "SELECT (SELECT count(*) FROM tickets WHERE showtime_id = $1 AND status = 'valid'), \
            (SELECT count(*) FROM seat_claims WHERE showtime_id = $1 AND state = 'held' AND held_until > $2)";

pub(crate) fn has_dependents(
    what: &str,
    action: &'static str,
    showtimes: &[i64],
) -> ScreeningError {
    let shown: Vec<String> = showtimes
        .iter()
        .take(5)
        .map(|id| format!("#{id}"))
        .collect();
    let more = if showtimes.len() > 5 {
        format!(" and {} more", showtimes.len() - 5)
    } else {
        String::new()
    };
    ScreeningError::HasDependents {
        what: format!("this {what}"),
        action,
        reason: format!(
            "{} showtime{} refer{} to it ({}{more})",
            showtimes.len(),
            if showtimes.len() == 1 { "" } else { "s" },
            if showtimes.len() == 1 { "s" } else { "" },
            shown.join(", ")
        ),
    }
}

/// The database refused an overlap: the service names the clashes and suggestions.
pub(crate) fn overlap_or_failure(e: sqlx::Error, hall: &str) -> ScreeningError {
    if super::rows::is_overlap_violation(&e) {
        ScreeningError::HallBusy {
            hall: hall.to_string(),
            clashes: Vec::new(),
            suggestions: crate::screening::error::Suggestions {
                other_halls: Vec::new(),
                start_times: Vec::new(),
            },
        }
    } else {
        crate::vocab::StoreFailure::from(e).into()
    }
}
