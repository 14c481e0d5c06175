//! The manager's back office against SQLite and PostgreSQL: a week read at once, days
//! copied (or refused whole), discounts as a share of the base price.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::model::TicketType;
use boxoffice::booking::service::Discount;
use boxoffice::screening::ScreeningError;
use boxoffice::screening::model::SeatKind;
use boxoffice::store::Backend;
use boxoffice::vocab::Money;
use chrono::NaiveDate;
use common::{each_backend, local};

fn price(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// Tuesday 1 December, 09:00: `halls` of 2 rows of 5 seats and the 96-minute "Kettle".
async fn kettle_in(
    db: &common::TestDb,
    halls: &[&str],
) -> (
    boxoffice::services::Services,
    boxoffice::identity::User,
    boxoffice::screening::model::Movie,
) {
    let (s, _) = db.services_at(local("2026-12-01 09:00"));
    let op = common::operator(&s).await;
    for hall in halls {
        s.screening.create_hall_grid(&op, hall, 2, 5).await.unwrap();
    }
    let film = s
        .screening
        .add_movie(&op, "Kettle", 96, None, None)
        .await
        .unwrap();
    (s, op, film)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_is_copied_whole_or_not_at_all() {
    each_backend(|db| async move {
        let (s, op, film) = kettle_in(&db, &["Grand", "Salon"]).await;
        for (hall, at) in [("Grand", "2026-12-02 14:00"), ("Salon", "2026-12-02 20:00")] {
            s.screening
                .schedule_showtime(&op, film.id, hall, local(at), price("9.00"))
                .await
                .unwrap();
        }
        let week = s.screening.showtimes_of_days(day(1), day(7)).await.unwrap();
        assert_eq!(week.len(), 2);

        let made = s.screening.copy_days(&op, day(2), 1, day(9)).await.unwrap();
        assert_eq!(made.len(), 2);
        let next = s.screening.showtimes_of_days(day(9), day(9)).await.unwrap();
        let starts: Vec<_> = next
            .iter()
            .map(|x| s.screening.local(x.starts_at))
            .collect();
        assert_eq!(starts, vec!["2026-12-09 14:00", "2026-12-09 20:00"]);

        // Something now in the way on the 16th: nothing is copied, the clash is named.
        s.screening
            .schedule_showtime(
                &op,
                film.id,
                "Salon",
                local("2026-12-16 19:00"),
                price("9.00"),
            )
            .await
            .unwrap();
        let err = s
            .screening
            .copy_days(&op, day(2), 1, day(16))
            .await
            .unwrap_err();
        let ScreeningError::CopyClash(clashes) = &err else {
            panic!("{err:?}");
        };
        assert_eq!(clashes.len(), 1);
        assert!(
            err.to_string()
                .contains("Kettle (Wed 16 Dec 19:00-21:06, Salon)"),
            "{err}"
        );
        assert_eq!(
            s.screening
                .showtimes_of_days(day(16), day(16))
                .await
                .unwrap()
                .len(),
            1
        );
        // Into the past: refused.
        let yesterday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let err = s.screening.copy_days(&op, day(2), 1, yesterday).await;
        assert!(
            matches!(err, Err(ScreeningError::StartsInPast(_))),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_week_is_copied_in_one_go_or_not_at_all() {
    each_backend(|db| async move {
        let (s, op, film) = kettle_in(&db, &["Grand"]).await;
        // The week of the 2nd to the 8th: a show on most days, the last at 7.77.
        let shows = [
            ("2026-12-02 14:00", "9.00"),
            ("2026-12-03 20:00", "9.00"),
            ("2026-12-05 17:30", "9.00"),
            ("2026-12-06 11:00", "6.50"),
            ("2026-12-08 22:15", "7.77"),
        ];
        for (at, p) in shows {
            s.screening
                .schedule_showtime(&op, film.id, "Grand", local(at), price(p))
                .await
                .unwrap();
        }
        let copied_to = |from: u32| {
            let s = s.clone();
            async move {
                s.screening
                    .showtimes_of_days(day(from), day(from + 6))
                    .await
                    .unwrap()
                    .iter()
                    .map(|x| (s.screening.local(x.starts_at), x.price.to_string()))
                    .collect::<Vec<_>>()
            }
        };

        // The database refuses the last copy (a fault injected): nothing is copied.
        let trigger = match db.backend {
            Backend::Sqlite => "CREATE TRIGGER fail_777 BEFORE INSERT ON showtimes WHEN NEW.price_cents = 777 \
                                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
                .to_string(),
            Backend::Postgres => "CREATE FUNCTION fail_777() RETURNS trigger LANGUAGE plpgsql AS $$ \
                                  BEGIN IF NEW.price_cents = 777 THEN RAISE EXCEPTION 'injected failure'; END IF; \
                                  RETURN NEW; END $$; \
                                  CREATE TRIGGER fail_777 BEFORE INSERT ON showtimes FOR EACH ROW EXECUTE FUNCTION fail_777();"
                .to_string(),
        };
        db.execute(&trigger).await.unwrap();
        let err = s.screening.copy_days(&op, day(2), 7, day(9)).await.unwrap_err();
        assert!(matches!(err, ScreeningError::Store(_)), "{err:?}");
        assert!(copied_to(9).await.is_empty(), "a part of the week was copied");
        db.execute("DROP TRIGGER fail_777 ON showtimes").await.ok();
        db.execute("DROP TRIGGER fail_777").await.ok();

        // Without the fault the whole week lands a week later, same times and prices.
        let made = s.screening.copy_days(&op, day(2), 7, day(9)).await.unwrap();
        assert_eq!(made.len(), 5);
        assert_eq!(
            copied_to(9).await,
            vec![
                ("2026-12-09 14:00".to_string(), "9.00".to_string()),
                ("2026-12-10 20:00".to_string(), "9.00".to_string()),
                ("2026-12-12 17:30".to_string(), "9.00".to_string()),
                ("2026-12-13 11:00".to_string(), "6.50".to_string()),
                ("2026-12-15 22:15".to_string(), "7.77".to_string()),
            ]
        );

        // Two managers copy the same week to the same place at once: one copies it
        // whole, the other is refused with the clashes named, and nothing is doubled.
        let racers: Vec<_> = (0..2)
            .map(|_| {
                let (s, op) = (s.clone(), op.clone());
                tokio::spawn(async move { s.screening.copy_days(&op, day(2), 7, day(16)).await })
            })
            .collect();
        let mut won = 0;
        for r in racers {
            match r.await.unwrap() {
                Ok(made) => {
                    assert_eq!(made.len(), 5);
                    won += 1;
                }
                Err(ScreeningError::CopyClash(clashes)) => assert!(!clashes.is_empty()),
                Err(e) => panic!("{e:?}"),
            }
        }
        assert_eq!(won, 1);
        assert_eq!(copied_to(16).await.len(), 5);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discount_is_an_amount_or_a_share_never_both() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        s.booking
            .set_ticket_discount(&op, TicketType::Student, Discount::Percent(20))
            .await
            .unwrap();
        let table = s.booking.price_table().await.unwrap();
        assert_eq!(table.percents.get(&TicketType::Student), Some(&20));
        assert_eq!(table.discounts[&TicketType::Student], Money::ZERO);
        assert_eq!(
            table.price(price("10.50"), SeatKind::Standard, TicketType::Student),
            price("8.40")
        );
        s.booking
            .set_ticket_discount(&op, TicketType::Student, Discount::Amount(price("1.50")))
            .await
            .unwrap();
        let table = s.booking.price_table().await.unwrap();
        assert_eq!(table.percents.get(&TicketType::Student), None);
        assert_eq!(table.discounts[&TicketType::Student], price("1.50"));
        // Over 100% never reaches the database (it would refuse it too).
        assert!(
            s.booking
                .set_discount_percent(&op, TicketType::Adult, 101)
                .await
                .is_err()
        );
        assert!(
            db.execute("UPDATE ticket_types SET discount_percent = 101")
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_blocked_for_a_showtime_goes_back_on_sale() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Salon", 2, 3)
            .await
            .unwrap();
        let film = s
            .screening
            .add_movie(&op, "Kettle", 96, None, None)
            .await
            .unwrap();
        let show = s
            .screening
            .schedule_showtime(
                &op,
                film.id,
                "Salon",
                local("2026-12-02 20:00"),
                price("9.00"),
            )
            .await
            .unwrap();
        s.booking.block_seat(&op, show.id, "A2").await.unwrap();
        assert_eq!(db.count("SELECT count(*) FROM blocked_seats").await, 1);
        assert!(
            s.booking
                .hold(&op, show.id, &["A2".to_string()], None)
                .await
                .is_err()
        );
        s.booking.unblock_seat(&op, show.id, "A2").await.unwrap();
        assert_eq!(db.count("SELECT count(*) FROM blocked_seats").await, 0);
        // Not blocked any more: saying so, changing nothing.
        assert!(s.booking.unblock_seat(&op, show.id, "A2").await.is_err());
        s.booking
            .hold(&op, show.id, &["A2".to_string()], None)
            .await
            .unwrap();
    })
    .await;
}
