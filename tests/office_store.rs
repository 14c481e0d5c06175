//! The manager's back office against SQLite and PostgreSQL: a week read at once, days
//! copied (or refused whole), discounts as a share of the base price.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::model::TicketType;
use boxoffice::booking::service::Discount;
use boxoffice::screening::ScreeningError;
use boxoffice::screening::model::SeatKind;
use boxoffice::vocab::Money;
use chrono::NaiveDate;
use common::{each_backend, local};

fn price(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_is_copied_whole_or_not_at_all() {
    each_backend(|db| async move {
        let (s, _) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Grand", 2, 5)
            .await
            .unwrap();
        s.screening
            .create_hall_grid(&op, "Salon", 2, 3)
            .await
            .unwrap();
        let film = s
            .screening
            .add_movie(&op, "Kettle", 96, None, None)
            .await
            .unwrap();
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
        assert!(err.to_string().contains("Kettle (19:00-21:06)"), "{err}");
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
