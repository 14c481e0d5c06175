//! The manager's floor on both stores: every live hold in the building in one read
//! (grouped by order, lapsed and released ones left out), a manager's release of
//! someone else's hold (logged), and every open shift with whose it is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::BookingError;
use boxoffice::booking::model::Channel;
use boxoffice::identity::Role;
use boxoffice::payment::PaymentError;
use boxoffice::vocab::Money;
use chrono::Duration;
use common::{each_backend, local};

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn live_holds_lists_every_order_once_and_drops_lapsed_and_released() {
    each_backend(|db| async move {
        let (s, clock) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Main", 5, 8)
            .await
            .unwrap();
        s.screening
            .create_hall_grid(&op, "Small", 3, 4)
            .await
            .unwrap();
        let film = s
            .screening
            .add_movie(&op, "Ninety", 90, None, None)
            .await
            .unwrap();
        let ten = Money::parse("10.00").unwrap();
        let main = s
            .screening
            .schedule_showtime(&op, film.id, "Main", local("2026-12-01 20:00"), ten)
            .await
            .unwrap();
        let small = s
            .screening
            .schedule_showtime(&op, film.id, "Small", local("2026-12-01 18:00"), ten)
            .await
            .unwrap();
        let pw = "long enough password";
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, pw)
            .await
            .unwrap();
        let ben = s
            .identity
            .create_user("ben", Role::Cashier, pw)
            .await
            .unwrap();
        let maria = s
            .identity
            .create_user("maria", Role::Manager, pw)
            .await
            .unwrap();

        assert!(s.booking.live_holds(&maria).await.unwrap().is_empty());
        let a = s
            .booking
            .hold(&anna, main.id, &labels(&["B3", "A2", "A1"]), None)
            .await
            .unwrap();
        clock.advance(Duration::minutes(2));
        let b = s
            .booking
            .hold(&ben, small.id, &labels(&["C4"]), None)
            .await
            .unwrap();
        let holds = s.booking.live_holds(&maria).await.unwrap();
        assert_eq!(holds.len(), 2, "{holds:?}");
        // The soonest to lapse first, seats in the hall's order.
        assert_eq!(holds[0].order, a.order.id);
        assert_eq!(holds[0].seats, labels(&["A1", "A2", "B3"]));
        assert_eq!(holds[0].username, "anna");
        assert_eq!(holds[0].hall, "Main");
        assert_eq!(holds[0].movie, "Ninety");
        assert_eq!(holds[0].channel, Channel::Counter);
        assert_eq!(holds[0].starts_at, local("2026-12-01 20:00"));
        assert_eq!(holds[0].held_until, a.order.expires_at);
        assert_eq!(holds[1].order, b.order.id);
        assert_eq!(holds[1].seats, labels(&["C4"]));
        assert_eq!(holds[1].username, "ben");
        assert_eq!(holds[1].hall, "Small");

        // A cashier may not look across the building.
        assert!(matches!(
            s.booking.live_holds(&anna).await,
            Err(BookingError::PermissionDenied(_))
        ));

        // The manager releases ben's hold: gone from the floor, and logged.
        s.booking.release(&maria, b.order.id, &[]).await.unwrap();
        let holds = s.booking.live_holds(&maria).await.unwrap();
        assert_eq!(holds.len(), 1);
        assert_eq!(holds[0].order, a.order.id);
        assert_eq!(
            db.count("SELECT count(*) FROM booking_log WHERE action = 'release_other'")
                .await,
            1
        );

        // Once anna's hold lapses, nothing is live.
        clock.advance(Duration::minutes(30));
        assert!(s.booking.live_holds(&maria).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn open_shifts_lists_each_open_shift_with_its_cashier() {
    each_backend(|db| async move {
        let (s, clock) = db.services_at(local("2026-12-01 09:00"));
        let pw = "long enough password";
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, pw)
            .await
            .unwrap();
        let ben = s
            .identity
            .create_user("ben", Role::Cashier, pw)
            .await
            .unwrap();
        let maria = s
            .identity
            .create_user("maria", Role::Manager, pw)
            .await
            .unwrap();
        assert!(s.payment.open_shifts(&maria).await.unwrap().is_empty());
        let m = |t: &str| Money::parse(t).unwrap();
        s.payment.open_shift(&anna, m("100.00")).await.unwrap();
        clock.advance(Duration::minutes(5));
        s.payment.open_shift(&ben, m("50.00")).await.unwrap();
        let open = s.payment.open_shifts(&maria).await.unwrap();
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].username, "anna");
        assert_eq!(open[0].shift.float, m("100.00"));
        assert_eq!(open[0].shift.opened_at, local("2026-12-01 09:00"));
        assert_eq!(open[1].username, "ben");
        assert_eq!(open[1].shift.opened_at, local("2026-12-01 09:05"));
        s.payment.close_shift(&anna, m("100.00")).await.unwrap();
        let open = s.payment.open_shifts(&maria).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].username, "ben");
        assert!(matches!(
            s.payment.open_shifts(&anna).await,
            Err(PaymentError::PermissionDenied(_))
        ));
    })
    .await;
}
