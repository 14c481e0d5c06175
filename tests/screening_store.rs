//! The screening rules of PRODUCT.md, each run against SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use boxoffice::screening::ScreeningError;
use boxoffice::screening::model::{Interval, NewShowtime};
use boxoffice::store::Backend;
use boxoffice::vocab::{Money, MovieId, ShowtimeId};
use chrono::{Duration, NaiveDate};
use common::{TestDb, each_backend, local};

fn price(text: &str) -> Money {
    Money::parse(text).unwrap()
}

/// "Now" in these tests: the morning of 2026-12-01, venue time.
fn morning() -> chrono::DateTime<chrono::Utc> {
    local("2026-12-01 09:00")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hall_is_created_whole_or_not_at_all() {
    each_backend(|db| async move {
        // Make seat generation fail part-way: row C can never be inserted.
        let trigger = match db.backend {
            Backend::Sqlite => "CREATE TRIGGER fail_row_c BEFORE INSERT ON seats WHEN NEW.row_label = 'C' \
                                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
                .to_string(),
            Backend::Postgres => "CREATE FUNCTION fail_row_c() RETURNS trigger LANGUAGE plpgsql AS $$ \
                                  BEGIN IF NEW.row_label = 'C' THEN RAISE EXCEPTION 'injected failure'; END IF; \
                                  RETURN NEW; END $$; \
                                  CREATE TRIGGER fail_row_c BEFORE INSERT ON seats FOR EACH ROW EXECUTE FUNCTION fail_row_c();"
                .to_string(),
        };
        db.execute(&trigger).await.unwrap();
        let (s, _) = db.services_at(morning());
        let op = common::operator(&s).await;
        let err = s.screening.create_hall_grid(&op, "Doomed", 5, 10).await.unwrap_err();
        assert!(matches!(err, ScreeningError::Store(_)), "{err:?}");
        assert_eq!(db.count("SELECT count(*) FROM halls").await, 0);
        assert_eq!(db.count("SELECT count(*) FROM seats").await, 0);
        // Without the fault, the same hall is created with every seat.
        db.execute("DROP TRIGGER fail_row_c ON seats").await.ok();
        db.execute("DROP TRIGGER fail_row_c").await.ok();
        let hall = s.screening.create_hall_grid(&op, "Doomed", 5, 10).await.unwrap();
        assert_eq!((hall.rows, hall.seats, hall.capacity), (5, 50, 50));
        assert_eq!(db.count("SELECT count(*) FROM seats").await, 50);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hall_names_are_unique_ignoring_case_and_spaces() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(morning());
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Hall One", 2, 2)
            .await
            .unwrap();
        for dup in ["hall one", "  HALL ONE ", "Hall   One"] {
            let err = s
                .screening
                .create_hall_grid(&op, dup, 3, 3)
                .await
                .unwrap_err();
            assert!(
                matches!(err, ScreeningError::HallNameTaken(_)),
                "{dup}: {err:?}"
            );
        }
        assert!(matches!(
            s.screening.create_hall_grid(&op, "   ", 3, 3).await,
            Err(ScreeningError::Invalid { field: "name", .. })
        ));
        assert_eq!(db.count("SELECT count(*) FROM halls").await, 1);
        assert_eq!(db.count("SELECT count(*) FROM seats").await, 4);
        // Found by any spelling.
        assert_eq!(s.screening.hall("HALL one").await.unwrap().seats, 4);
    })
    .await;
}

/// A cinema with three halls and one 90-minute film (occupies 2h with ads and cleaning).
async fn cinema(
    db: &TestDb,
) -> (
    boxoffice::services::Services,
    boxoffice::vocab::ManualClock,
    MovieId,
    boxoffice::identity::User,
) {
    let (s, clock) = db.services_at(morning());
    let op = common::operator(&s).await;
    s.screening
        .create_hall_grid(&op, "Main", 10, 10)
        .await
        .unwrap(); // 100
    s.screening
        .create_hall_grid(&op, "Near", 9, 10)
        .await
        .unwrap(); // 90
    s.screening
        .create_hall_grid(&op, "Big", 10, 20)
        .await
        .unwrap(); // 200
    let movie = s
        .screening
        .add_movie(&op, "Ninety", 90, Some("PG"), None)
        .await
        .unwrap();
    (s, clock, movie.id, op)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_hall_is_refused_with_exact_suggestions() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        // Main: 18:00-20:00. Big: 19:00-21:00.
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(&op, movie, "Big", local("2026-12-01 19:00"), price("10"))
            .await
            .unwrap();
        // Back to back is allowed: Main 20:00 starts exactly when 18:00 is cleaned.
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 20:00"), price("10"))
            .await
            .unwrap();
        // 19:30 in Main clashes with both Main shows (18:00-20:00, 20:00-22:00).
        let err = sc
            .schedule_showtime(&op, movie, "main", local("2026-12-01 19:30"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy {
            hall,
            clashes,
            suggestions,
        } = &err
        else {
            panic!("expected hall_busy, got {err:?}")
        };
        assert_eq!(hall, "Main");
        assert_eq!(clashes.len(), 2);
        assert_eq!(clashes[0].occupied, "18:00-20:00");
        // Near (90 seats) is free 19:30-21:30; Big is busy until 21:00.
        let halls: Vec<&str> = suggestions
            .other_halls
            .iter()
            .map(|h| h.hall.as_str())
            .collect();
        assert_eq!(halls, vec!["Near"]);
        // Main is free again exactly when the 20:00 show is cleaned: 22:00.
        let starts: Vec<&str> = suggestions
            .start_times
            .iter()
            .map(|t| t.local.as_str())
            .collect();
        assert_eq!(starts, vec!["2026-12-01 22:00"]);
        assert!(
            err.to_string()
                .contains("free at that time: Near (90 seats)"),
            "{err}"
        );
        // Nothing was written by the refusal.
        assert_eq!(db.count("SELECT count(*) FROM showtimes").await, 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_halls_come_closest_in_capacity_first_and_all_busy_gives_none() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        let err = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 19:00"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy { suggestions, .. } = err else {
            panic!()
        };
        let halls: Vec<(&str, u32)> = suggestions
            .other_halls
            .iter()
            .map(|h| (h.hall.as_str(), h.capacity))
            .collect();
        assert_eq!(halls, vec![("Near", 90), ("Big", 200)]);
        // A hall busy until the very minute the new show starts counts as free.
        sc.schedule_showtime(&op, movie, "Near", local("2026-12-01 17:00"), price("10"))
            .await
            .unwrap(); // until 19:00
        let err = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 19:00"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy { suggestions, .. } = err else {
            panic!()
        };
        assert_eq!(suggestions.other_halls.len(), 2);
        // Fill the other halls: none is offered.
        sc.schedule_showtime(&op, movie, "Near", local("2026-12-01 19:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(&op, movie, "Big", local("2026-12-01 18:30"), price("10"))
            .await
            .unwrap();
        let err = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 19:00"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy { suggestions, .. } = err else {
            panic!()
        };
        assert!(suggestions.other_halls.is_empty());
        assert_eq!(suggestions.start_times[0].local, "2026-12-01 20:00");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_night_hall_offers_no_start_past_the_business_day() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        // Main busy 03:30-05:30 next morning; the business day ends at 06:00, so a 2h
        // slot requested at 04:00 cannot start after 05:30 and still be that day... it can
        // (05:30 < 06:00): starts count, not ends.
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-02 03:30"), price("10"))
            .await
            .unwrap();
        let err = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-02 04:00"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy { suggestions, .. } = err else {
            panic!()
        };
        let starts: Vec<&str> = suggestions
            .start_times
            .iter()
            .map(|t| t.local.as_str())
            .collect();
        assert_eq!(starts, vec!["2026-12-02 05:30"]);
        // Busy until 06:10: the next free start is the next day's, so none is offered.
        sc.schedule_showtime(&op, movie, "Big", local("2026-12-02 04:10"), price("10"))
            .await
            .unwrap();
        let err = sc
            .schedule_showtime(&op, movie, "Big", local("2026-12-02 05:00"), price("10"))
            .await
            .unwrap_err();
        let ScreeningError::HallBusy { suggestions, .. } = err else {
            panic!()
        };
        assert!(suggestions.start_times.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_inserts_past_the_service_leave_exactly_one() {
    each_backend(|db| async move {
        let (s, _, movie, _) = cinema(&db).await;
        let hall = s.screening.hall("Main").await.unwrap();
        let start = local("2026-12-01 18:00");
        let mut tasks = Vec::new();
        for i in 0..12i64 {
            let store = db.store.screening.clone();
            // Each insert overlaps every other: starts 18:00..18:55, all 2h long.
            let occupied = Interval::new(
                start + Duration::minutes(5 * i),
                start + Duration::minutes(5 * i + 120),
            )
            .unwrap();
            tasks.push(tokio::spawn(async move {
                store
                    .insert_showtime(&NewShowtime {
                        movie_id: movie,
                        hall_id: hall.id,
                        occupied,
                        price: Money::ZERO,
                    })
                    .await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => ok += 1,
                Err(ScreeningError::HallBusy { .. }) => {}
                Err(e) => panic!("unexpected refusal: {e:?}"),
            }
        }
        assert_eq!(ok, 1);
        assert_eq!(db.count("SELECT count(*) FROM showtimes").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schema_itself_refuses_an_overlap() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let st = s
            .screening
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        let (a, b) = (st.starts_at + Duration::minutes(30), st.occupied_until + Duration::minutes(30));
        let fmt = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339();
        let sql = format!(
            "INSERT INTO showtimes (movie_id, hall_id, starts_at, occupied_until, price_cents) VALUES ({}, {}, '{}', '{}', 0)",
            movie, st.hall_id, fmt(a), fmt(b)
        );
        assert!(db.execute(&sql).await.is_err(), "an overlapping row went in");
        // A cancelled showtime does not hold the hall.
        db.execute(&format!("UPDATE showtimes SET status = 'cancelled' WHERE id = {}", st.id)).await.unwrap();
        db.execute(&sql).await.unwrap();
        // Negative prices and zero runtimes are refused by the schema too.
        assert!(db.execute("INSERT INTO movies (title, runtime_minutes) VALUES ('x', 0)").await.is_err());
        assert!(db.execute(&sql.replace(", 0)", ", -1)").replace(&fmt(a), &fmt(a + Duration::days(3))).replace(&fmt(b), &fmt(b + Duration::days(3)))).await.is_err());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_a_showtime_never_clashes_with_its_own_slot() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        let a = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 21:00"), price("10"))
            .await
            .unwrap();
        // 30 minutes later overlaps only its old self: allowed.
        let moved = sc
            .move_showtime(&op, a.id, local("2026-12-01 18:30"))
            .await
            .unwrap();
        assert_eq!(sc.local(moved.starts_at), "2026-12-01 18:30");
        assert_eq!(sc.local(moved.occupied_until), "2026-12-01 20:30");
        // Into the 21:00 show: refused, and the showtime stays where it was.
        let err = sc
            .move_showtime(&op, a.id, local("2026-12-01 19:30"))
            .await
            .unwrap_err();
        assert!(matches!(err, ScreeningError::HallBusy { .. }), "{err:?}");
        assert_eq!(
            sc.showtime(a.id).await.unwrap().starts_at,
            local("2026-12-01 18:30")
        );
        // Unknown showtime.
        assert!(matches!(
            sc.move_showtime(&op, ShowtimeId(9999), local("2026-12-01 12:00"))
                .await,
            Err(ScreeningError::ShowtimeNotFound(9999))
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_past_cannot_be_scheduled_moved_or_deleted() {
    each_backend(|db| async move {
        let (s, clock, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        let err = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 08:59"), price("10"))
            .await
            .unwrap_err();
        assert!(matches!(err, ScreeningError::StartsInPast(_)), "{err:?}");
        let st = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 10:00"), price("10"))
            .await
            .unwrap();
        clock.set(local("2026-12-01 10:00"));
        assert!(matches!(
            sc.move_showtime(&op, st.id, local("2026-12-01 12:00"))
                .await,
            Err(ScreeningError::HasDependents { .. })
        ));
        assert!(matches!(
            sc.delete_showtime(&op, st.id).await,
            Err(ScreeningError::HasDependents { .. })
        ));
        assert_eq!(db.count("SELECT count(*) FROM showtimes").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn halls_and_movies_with_showtimes_cannot_be_deleted() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        let st = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        let err = sc.delete_hall(&op, "main").await.unwrap_err();
        assert!(
            matches!(err, ScreeningError::HasDependents { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("1 showtime refers to it"), "{err}");
        assert!(err.to_string().contains(&format!("#{}", st.id)), "{err}");
        let err = sc.delete_movie(&op, movie).await.unwrap_err();
        assert!(
            err.to_string()
                .contains("movie \"Ninety\" cannot be deleted"),
            "{err}"
        );
        assert_eq!(db.count("SELECT count(*) FROM halls").await, 3);
        assert_eq!(db.count("SELECT count(*) FROM seats").await, 390);
        // Once the showtime is gone both may go, seats with the hall.
        sc.delete_showtime(&op, st.id).await.unwrap();
        sc.delete_hall(&op, "Main").await.unwrap();
        sc.delete_movie(&op, movie).await.unwrap();
        assert_eq!(db.count("SELECT count(*) FROM seats").await, 290);
        assert!(matches!(
            sc.delete_hall(&op, "Main").await,
            Err(ScreeningError::HallNotFound(_))
        ));
        assert!(matches!(
            sc.delete_movie(&op, movie).await,
            Err(ScreeningError::MovieNotFound(_))
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_longer_runtime_is_refused_when_it_would_overlap() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        let other = sc.add_movie(&op, "Other", 60, None, None).await.unwrap();
        let first = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(
            &op,
            other.id,
            "Main",
            local("2026-12-01 20:00"),
            price("10"),
        )
        .await
        .unwrap();
        // 18:00 + 91 + 30 runs into 20:00.
        let err = sc.change_runtime(&op, movie, 91).await.unwrap_err();
        let ScreeningError::RuntimeClash(clashes) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(clashes[0].movie, "Other");
        assert_eq!(sc.movie(movie).await.unwrap().runtime_minutes, 90);
        assert_eq!(
            sc.showtime(first.id).await.unwrap().occupied_until,
            local("2026-12-01 20:00")
        );
        // Shorter is fine, and the hall is free earlier.
        sc.change_runtime(&op, movie, 80).await.unwrap();
        assert_eq!(
            sc.showtime(first.id).await.unwrap().occupied_until,
            local("2026-12-01 19:50")
        );
        assert_eq!(sc.movie(movie).await.unwrap().runtime_minutes, 80);
        // Two showtimes of the same movie back to back both grow: the first runs into the second.
        sc.schedule_showtime(&op, movie, "Big", local("2026-12-01 12:00"), price("10"))
            .await
            .unwrap(); // until 13:50
        sc.schedule_showtime(&op, movie, "Big", local("2026-12-01 13:50"), price("10"))
            .await
            .unwrap();
        assert!(matches!(
            sc.change_runtime(&op, movie, 85).await,
            Err(ScreeningError::RuntimeClash(_))
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_movie_is_corrected_whole_or_not_at_all() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        let other = sc.add_movie(&op, "Other", 60, None, None).await.unwrap();
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(
            &op,
            other.id,
            "Main",
            local("2026-12-01 20:00"),
            price("10"),
        )
        .await
        .unwrap();
        let before = sc.movie(movie).await.unwrap();
        // A new title with a runtime that would run into the next show: nothing changes.
        let err = sc
            .edit_movie(&op, movie, "Renamed", 91, Some("16"), Some("Drama"))
            .await
            .unwrap_err();
        assert!(matches!(err, ScreeningError::RuntimeClash(_)), "{err:?}");
        assert_eq!(sc.movie(movie).await.unwrap(), before);
        // A bad field is refused before anything is written, the runtime included.
        let err = sc
            .edit_movie(&op, movie, "  ", 80, None, None)
            .await
            .unwrap_err();
        assert!(matches!(err, ScreeningError::Invalid { .. }), "{err:?}");
        assert_eq!(sc.movie(movie).await.unwrap(), before);
        // Title, rating and genre corrected, runtime shortened; the genre cleared later.
        let edited = sc
            .edit_movie(&op, movie, "Renamed", 80, Some("16"), Some("Drama"))
            .await
            .unwrap();
        assert_eq!(
            (
                edited.title.as_str(),
                edited.runtime_minutes,
                edited.rating.as_deref(),
                edited.genre.as_deref()
            ),
            ("Renamed", 80, Some("16"), Some("Drama"))
        );
        assert_eq!(sc.movie(movie).await.unwrap(), edited);
        let shows = sc
            .showtimes_of_days(
                chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            )
            .await
            .unwrap();
        assert!(shows.iter().any(|s| s.movie_title == "Renamed"));
        let cleared = sc
            .edit_movie(&op, movie, "Renamed", 80, Some("16"), None)
            .await
            .unwrap();
        assert_eq!(cleared.genre, None);
        // No such movie.
        assert!(matches!(
            sc.edit_movie(&op, boxoffice::vocab::MovieId(9999), "X", 80, None, None)
                .await,
            Err(ScreeningError::MovieNotFound(9999))
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_seats_leave_the_capacity_and_the_map_shows_them() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        sc.set_seat_broken(&op, "Main", "c5", true).await.unwrap();
        let hall = sc.hall("Main").await.unwrap();
        assert_eq!((hall.seats, hall.capacity), (100, 99));
        let st = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), price("10"))
            .await
            .unwrap();
        let map = sc.showtime_seats(st.id).await.unwrap();
        let c5 = map.seats.iter().find(|x| x.label() == "C5").unwrap();
        assert!(c5.broken);
        assert_eq!(map.seats.iter().filter(|x| x.broken).count(), 1);
        sc.set_seat_broken(&op, "Main", "C5", false).await.unwrap();
        assert_eq!(sc.hall("Main").await.unwrap().capacity, 100);
        assert!(matches!(
            sc.set_seat_broken(&op, "Main", "Z99", true).await,
            Err(ScreeningError::SeatNotFound { .. })
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_show_after_midnight_belongs_to_the_evening_before() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-01 21:00"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-02 00:30"), price("10"))
            .await
            .unwrap();
        sc.schedule_showtime(&op, movie, "Main", local("2026-12-02 06:00"), price("10"))
            .await
            .unwrap();
        let day1 = sc
            .showtimes_on(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
            .await
            .unwrap();
        let day2 = sc
            .showtimes_on(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
            .await
            .unwrap();
        let times = |v: &[boxoffice::screening::model::Showtime]| {
            v.iter().map(|x| sc.local(x.starts_at)).collect::<Vec<_>>()
        };
        assert_eq!(times(&day1), vec!["2026-12-01 21:00", "2026-12-02 00:30"]);
        assert_eq!(times(&day2), vec!["2026-12-02 06:00"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_movie_or_hall_is_not_found() {
    each_backend(|db| async move {
        let (s, _, movie, op) = cinema(&db).await;
        let sc = &s.screening;
        assert!(matches!(
            sc.schedule_showtime(
                &op,
                MovieId(4242),
                "Main",
                local("2026-12-01 18:00"),
                price("1")
            )
            .await,
            Err(ScreeningError::MovieNotFound(4242))
        ));
        assert!(matches!(
            sc.schedule_showtime(&op, movie, "Nowhere", local("2026-12-01 18:00"), price("1"))
                .await,
            Err(ScreeningError::HallNotFound(_))
        ));
        // Free screenings are fine.
        let free = sc
            .schedule_showtime(&op, movie, "Main", local("2026-12-01 18:00"), Money::ZERO)
            .await
            .unwrap();
        assert_eq!(free.price, Money::ZERO);
        let _ = Arc::new(());
    })
    .await;
}
