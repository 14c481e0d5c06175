//! Opening the manager's Schedule tab reads the week in a fixed number of statements,
//! one per kind of thing it shows (halls, showtimes, their sales, movies: four), never one per
//! showtime: the same count for a week of 4 showtimes and for one of 420 in 10 halls.
//! Statements are counted as the database driver reports them (sqlx logs each one it
//! sends under the `sqlx::query` target), on both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};

use boxoffice::services::Services;
use boxoffice::tui::screens::schedule::{Done as ScheduleDone, Work as ScheduleWork};
use boxoffice::tui::screens::{Done, Runner, Work};
use boxoffice::vocab::Money;
use chrono::NaiveDate;
use common::{each_backend, local};
use tracing::Subscriber;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Every statement the driver sent, by its first words.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl<S: Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        struct Summary(String);
        impl tracing::field::Visit for Summary {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "summary" {
                    self.0 = format!("{value:?}");
                }
            }
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                if field.name() == "summary" {
                    self.0 = value.to_string();
                }
            }
        }
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        self.0.lock().unwrap().push(summary.0);
    }
}

impl Statements {
    /// What was sent since the last call, but for the set-up of a connection the pool
    /// happened to open meanwhile (SQLite's `PRAGMA`s), which is not the screen's doing.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
            .into_iter()
            .filter(|s| !s.starts_with("PRAGMA"))
            .collect()
    }
}

/// The statements opening the Schedule on the week of `monday` sends, and how many
/// showtimes it then shows.
async fn open_schedule(
    s: &Services,
    statements: &Statements,
    monday: NaiveDate,
) -> (Vec<String>, usize) {
    let actor = common::operator(s).await;
    let (attempts, _) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner {
        services: s.clone(),
        attempts,
    };
    statements.take();
    let done = Work::Schedule(ScheduleWork::LoadWeek {
        actor,
        around: Some(monday),
    })
    .perform(runner)
    .await;
    let sent = statements.take();
    let Done::Schedule(ScheduleDone::Week(Ok(week))) = done else {
        panic!("the week was not read");
    };
    (sent, week.showtimes.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_reads_a_week_in_as_many_statements_whatever_it_holds() {
    let statements = Statements::default();
    let subscriber = tracing_subscriber::registry().with(
        statements
            .clone()
            .with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)),
    );
    tracing::subscriber::set_global_default(subscriber).unwrap();

    each_backend(|db| {
        let statements = statements.clone();
        async move {
            // Sunday morning; the week shown is the coming one, Monday 30 November.
            let (s, _) = db.services_at(local("2026-11-29 09:00"));
            let op = common::operator(&s).await;
            let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
            let film = s
                .screening
                .add_movie(&op, "Ninety", 90, None, None)
                .await
                .unwrap();
            let halls: Vec<String> = (1..=10).map(|n| format!("Hall {n}")).collect();
            for hall in &halls {
                s.screening
                    .create_hall_grid(&op, hall, 5, 10)
                    .await
                    .unwrap();
            }
            let price = Money::parse("9.50").unwrap();
            let schedule = |hall: &str, at: &str| {
                let (s, op, hall, at) = (s.clone(), op.clone(), hall.to_string(), at.to_string());
                async move {
                    s.screening
                        .schedule_showtime(&op, film.id, &hall, local(&at), price)
                        .await
                        .unwrap();
                }
            };
            // A quiet week: four showtimes, on Monday.
            let quiet_week = [
                ("Hall 1", 18),
                ("Hall 2", 20),
                ("Hall 3", 16),
                ("Hall 4", 10),
            ];
            for (hall, hour) in quiet_week {
                schedule(hall, &format!("2026-11-30 {hour}:00")).await;
            }
            let (quiet, shown) = open_schedule(&s, &statements, monday).await;
            assert_eq!(shown, 4);

            // A full week: every hall six times a day (two hours each, ads and cleaning
            // included), Monday scheduled and then copied to every other day.
            for hall in &halls {
                for hour in [10, 12, 14, 16, 18, 20] {
                    if !quiet_week.contains(&(hall.as_str(), hour)) {
                        schedule(hall, &format!("2026-11-30 {hour}:00")).await;
                    }
                }
            }
            for day in 1..=6 {
                s.screening
                    .copy_days(&op, monday, 1, monday + chrono::Duration::days(day))
                    .await
                    .unwrap();
            }
            let (full, shown) = open_schedule(&s, &statements, monday).await;
            assert_eq!(shown, 420);

            assert_eq!(
                full.len(),
                quiet.len(),
                "{}: statements grow with the showtimes: {quiet:#?} then {full:#?}",
                db.backend.name()
            );
            assert!(quiet.len() == 4, "{}: {quiet:#?}", db.backend.name());
        }
    })
    .await;
}
