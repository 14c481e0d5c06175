//! The booking engine's promises, each on SQLite and PostgreSQL: nobody ever holds or
//! sells a seat twice, holds are all or nothing, expiry is exact, prices are frozen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use boxoffice::booking::BookingError;
use boxoffice::booking::model::TicketType;
use boxoffice::events::SeatEvent;
use boxoffice::identity::{Role, User};
use boxoffice::payment::PaymentError;
use boxoffice::services::Services;
use boxoffice::store::Store;
use boxoffice::vocab::{ManualClock, Money, ShowtimeId};
use chrono::Duration;
use common::{TestDb, each_backend, local};

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

struct Counter {
    services: Services,
    clock: ManualClock,
    showtime: ShowtimeId,
    cashier: User,
    other: User,
    manager: User,
    customer: User,
}

/// A 10x10 hall, a 90-minute film at 20:00 for 10.00, and one user of each kind; now is
/// 09:00 the same day.
async fn counter(db: &TestDb) -> Counter {
    let (services, clock) = db.services_at(local("2026-12-01 09:00"));
    let op = common::operator(&services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&op, "Main", 10, 10).await.unwrap();
    let movie = sc.add_movie(&op, "Ninety", 90, None, None).await.unwrap();
    let st = sc
        .schedule_showtime(
            &op,
            movie.id,
            "Main",
            local("2026-12-01 20:00"),
            Money::parse("10.00").unwrap(),
        )
        .await
        .unwrap();
    let id = &services.identity;
    let pw = "long enough password";
    let cashier = id.create_user("anna", Role::Cashier, pw).await.unwrap();
    let other = id.create_user("ben", Role::Cashier, pw).await.unwrap();
    let manager = id.create_user("maria", Role::Manager, pw).await.unwrap();
    let customer = id.create_user("carl", Role::Customer, pw).await.unwrap();
    common::on_shift(&services, &[&cashier, &other, &manager]).await;
    Counter {
        services,
        clock,
        showtime: st.id,
        cashier,
        other,
        manager,
        customer,
    }
}

async fn live_claims(db: &TestDb) -> i64 {
    db.count("SELECT count(*) FROM seat_claims WHERE state = 'held'")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_tasks_race_for_one_seat_and_one_wins() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let booking = c.services.booking.clone();
            let who = c.cashier.clone();
            let st = c.showtime;
            tasks.push(tokio::spawn(async move {
                booking.hold(&who, st, &labels(&["E5"]), None).await
            }));
        }
        let (mut won, mut refused) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => won += 1,
                Err(BookingError::SeatUnavailable(seats)) => {
                    assert_eq!(seats, vec!["E5".to_string()]);
                    refused += 1;
                }
                Err(e) => panic!("unexpected: {e:?}"),
            }
        }
        assert_eq!((won, refused), (1, 49));
        assert_eq!(live_claims(&db).await, 1);
        // Orders of the losers were rolled back with their holds.
        assert_eq!(db.count("SELECT count(*) FROM orders").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_multi_seat_holds_one_wins_all_the_other_nothing() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        for round in 0..20 {
            let row = (b'A' + (round % 10) as u8) as char;
            let a = labels(&[&format!("{row}1"), &format!("{row}2")]);
            let b = labels(&[&format!("{row}3"), &format!("{row}2")]);
            if round >= 10 {
                // Second pass over the rows: release first.
                db.execute("UPDATE seat_claims SET state = 'released'").await.unwrap();
            }
            let (b1, b2) = (c.services.booking.clone(), c.services.booking.clone());
            let (u1, u2) = (c.cashier.clone(), c.other.clone());
            let st = c.showtime;
            let t1 = tokio::spawn(async move { b1.hold(&u1, st, &a, None).await });
            let t2 = tokio::spawn(async move { b2.hold(&u2, st, &b, None).await });
            let r = tokio::time::timeout(StdDuration::from_secs(20), async { (t1.await.unwrap(), t2.await.unwrap()) })
                .await
                .expect("the two holds deadlocked");
            let wins = [r.0.is_ok(), r.1.is_ok()].iter().filter(|x| **x).count();
            assert_eq!(wins, 1, "round {round}: {r:?}");
            let loser = if r.0.is_ok() { &r.1 } else { &r.0 };
            assert!(matches!(loser, Err(BookingError::SeatUnavailable(s)) if s == &vec![format!("{row}2")]));
            // Exactly the winner's two seats are held: nothing partial.
            assert_eq!(live_claims(&db).await, 2);
            db.execute("UPDATE seat_claims SET state = 'released'").await.unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_expires_exactly_at_its_time_and_the_old_owner_cannot_pay() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let b = &c.services.booking;
        let t = c.clock.get();
        let order = b
            .hold(&c.cashier, c.showtime, &labels(&["C3", "C4"]), None)
            .await
            .unwrap();
        assert_eq!(order.order.expires_at, t + Duration::minutes(10));
        c.clock
            .set(t + Duration::minutes(10) - Duration::seconds(1));
        let err = b
            .hold(&c.other, c.showtime, &labels(&["C3"]), None)
            .await
            .unwrap_err();
        assert!(matches!(err, BookingError::SeatUnavailable(_)), "{err:?}");
        c.clock.set(t + Duration::minutes(10));
        // Free at once, without any clean-up: another cashier takes C3 over in place.
        let taken = b
            .hold(&c.other, c.showtime, &labels(&["C3"]), None)
            .await
            .unwrap();
        assert_eq!(taken.seats.len(), 1);
        let err = c
            .services
            .payment
            .pay_cash(&c.cashier, order.order.id, &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, PaymentError::Booking(BookingError::HoldExpired)),
            "{err:?}"
        );
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 0);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 0);
        // The first order's seat C4 is free too (nobody else holds it).
        let map = b.seat_map(&c.manager, c.showtime).await.unwrap();
        let c4 = map.seats.iter().find(|s| s.seat.label() == "C4").unwrap();
        assert!(c4.state.is_free());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prices_are_frozen_at_sale() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let b = &c.services.booking;
        let first = b
            .hold(&c.cashier, c.showtime, &labels(&["A1"]), None)
            .await
            .unwrap();
        let receipt = c
            .services
            .payment
            .pay_cash(
                &c.cashier,
                first.order.id,
                &[],
                Some(Money::parse("20").unwrap()),
            )
            .await
            .unwrap();
        assert_eq!(receipt.total, Money::parse("10.00").unwrap());
        assert_eq!(receipt.change, Some(Money::parse("10.00").unwrap()));
        c.services
            .screening
            .set_price(&c.manager, c.showtime, Money::parse("15.00").unwrap())
            .await
            .unwrap();
        let again = b.order(&c.cashier, first.order.id).await.unwrap();
        assert_eq!(again.order.total, Some(Money::parse("10.00").unwrap()));
        assert_eq!(again.tickets[0].price, Money::parse("10.00").unwrap());
        assert_eq!(db.count("SELECT price_cents FROM order_lines").await, 1000);
        let second = b
            .hold(&c.cashier, c.showtime, &labels(&["A2"]), None)
            .await
            .unwrap();
        let receipt = c
            .services
            .payment
            .pay_cash(&c.cashier, second.order.id, &[], None)
            .await
            .unwrap();
        assert_eq!(receipt.total, Money::parse("15.00").unwrap());
        // The price table too: a child discount change never touches sold tickets.
        b.set_discount(&c.manager, TicketType::Child, Money::parse("5.00").unwrap())
            .await
            .unwrap();
        assert_eq!(
            db.count("SELECT CAST(sum(price_cents) AS BIGINT) FROM tickets")
                .await,
            2500
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_types_and_seat_kinds_are_priced_and_change_is_exact() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let b = &c.services.booking;
        let o = b
            .hold(&c.cashier, c.showtime, &labels(&["B1", "B2", "B3"]), None)
            .await
            .unwrap();
        let types = [TicketType::Adult, TicketType::Child, TicketType::Student];
        let r = c
            .services
            .payment
            .pay_cash(
                &c.cashier,
                o.order.id,
                &types,
                Some(Money::parse("50").unwrap()),
            )
            .await
            .unwrap();
        // 10.00 + 7.00 + 8.50
        assert_eq!(r.total, Money::parse("25.50").unwrap());
        assert_eq!(r.change, Some(Money::parse("24.50").unwrap()));
        assert_eq!(r.tickets.len(), 3);
        // Too little cash is refused before anything is written.
        let o = b
            .hold(&c.cashier, c.showtime, &labels(&["B5"]), None)
            .await
            .unwrap();
        let err = c
            .services
            .payment
            .pay_cash(
                &c.cashier,
                o.order.id,
                &[],
                Some(Money::parse("9.99").unwrap()),
            )
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            PaymentError::Booking(BookingError::TenderedTooLittle { .. })
        ));
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 3);
        // Paying twice is refused: one set of tickets.
        c.services
            .payment
            .pay_cash(&c.cashier, o.order.id, &[], None)
            .await
            .unwrap();
        let err = c
            .services
            .payment
            .pay_cash(&c.cashier, o.order.id, &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                PaymentError::Booking(BookingError::OrderClosed { status: "paid", .. })
            ),
            "{err:?}"
        );
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 4);
        assert_eq!(b.integrity().await.unwrap(), Default::default());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_names_the_seat_and_leaves_no_hold() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let b = &c.services.booking;
        let (who, st) = (&c.cashier, c.showtime);
        // Too many seats.
        let eleven: Vec<String> = (1..=10).map(|n| format!("A{n}")).chain(["B1".to_string()]).collect();
        assert!(matches!(b.hold(who, st, &eleven, None).await, Err(BookingError::TooManySeats { max: 10 })));
        // A seat named twice.
        let err = b.hold(who, st, &labels(&["A1", "a1"]), None).await.unwrap_err();
        assert!(err.to_string().contains("A1 is named twice"), "{err}");
        // Unknown seat (the hall has rows A-J, 10 seats each).
        let err = b.hold(who, st, &labels(&["A1", "K1", "A11"]), None).await.unwrap_err();
        assert!(err.to_string().contains("K1, A11"), "{err}");
        // Broken and blocked seats.
        c.services.screening.set_seat_broken(&c.manager, "Main", "D4", true).await.unwrap();
        b.block_seat(&c.manager, st, "D5").await.unwrap();
        let err = b.hold(who, st, &labels(&["D3", "D4", "D5"]), None).await.unwrap_err();
        let text = err.to_string();
        assert!(text.contains("D4 (broken)") && text.contains("D5 (blocked"), "{text}");
        // Someone else's hold, named.
        b.hold(&c.other, st, &labels(&["F1"]), None).await.unwrap();
        let err = b.hold(who, st, &labels(&["F2", "F1"]), None).await.unwrap_err();
        assert!(matches!(&err, BookingError::SeatUnavailable(s) if s == &vec!["F1".to_string()]), "{err:?}");
        // Adding a taken seat to one's own order is refused by name; the order keeps its seat.
        let mine = b.hold(who, st, &labels(&["E1"]), None).await.unwrap().order.id;
        let err = b.hold(who, st, &labels(&["F1"]), Some(mine)).await.unwrap_err();
        assert!(matches!(&err, BookingError::SeatUnavailable(s) if s == &vec!["F1".to_string()]), "{err:?}");
        let kept = b.order(who, mine).await.unwrap();
        assert_eq!(kept.seats.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["E1"]);
        b.release(who, mine, &[]).await.unwrap();
        // Someone else's order is not found; a manager may see it.
        let theirs = b.hold(&c.other, st, &labels(&["G1"]), None).await.unwrap().order.id;
        assert!(matches!(b.order(who, theirs).await, Err(BookingError::OrderNotFound(_))));
        assert!(matches!(b.release(who, theirs, &[]).await, Err(BookingError::OrderNotFound(_))));
        assert!(matches!(c.services.payment.pay_cash(who, theirs, &[], None).await, Err(PaymentError::Booking(BookingError::OrderNotFound(_)))));
        assert!(b.order(&c.manager, theirs).await.is_ok());
        // Only the two holds of `other` exist, and only their two orders and the one
        // released above: a refused hold that had begun writing (D3 was free) left no
        // draft order behind.
        assert_eq!(live_claims(&db).await, 2);
        assert_eq!(db.count("SELECT count(*) FROM orders").await, 3);
        // No hold once the showtime has started.
        c.clock.set(local("2026-12-01 20:00"));
        let err = b.hold(who, st, &labels(&["H1"]), None).await.unwrap_err();
        assert!(matches!(err, BookingError::ShowtimeStarted(_)), "{err:?}");
        assert_eq!(db.count("SELECT count(*) FROM seat_claims WHERE seat_id IN (SELECT id FROM seats WHERE row_label = 'H')").await, 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_cannot_sell_the_counter_reserve() {
    each_backend(|db| async move {
        let (services, _) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&services).await;
        let mut venue = common::venue();
        venue.booking.counter_reserve_seats = 3;
        let clock = ManualClock::new(local("2026-12-01 09:00"));
        let store: Store = db.store.clone().with_clock(Arc::new(clock));
        let kiosk_services = Services::new(store, venue);
        services
            .screening
            .create_hall_grid(&op, "Tiny", 1, 6)
            .await
            .unwrap();
        let movie = services
            .screening
            .add_movie(&op, "M", 60, None, None)
            .await
            .unwrap();
        let st = services
            .screening
            .schedule_showtime(
                &op,
                movie.id,
                "Tiny",
                local("2026-12-01 20:00"),
                Money::ZERO,
            )
            .await
            .unwrap();
        let customer = services
            .identity
            .create_user("carl", Role::Customer, "long enough password")
            .await
            .unwrap();
        let cashier = services
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let k = &kiosk_services.booking;
        // 6 seats, 3 kept for the counter: the kiosk may take 3.
        let err = k
            .hold(&customer, st.id, &labels(&["A1", "A2", "A3", "A4"]), None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                BookingError::CounterReserve {
                    left: 3,
                    reserve: 3
                }
            ),
            "{err:?}"
        );
        k.hold(&customer, st.id, &labels(&["A1", "A2", "A3"]), None)
            .await
            .unwrap();
        assert!(matches!(
            k.hold(&customer, st.id, &labels(&["A4"]), None).await,
            Err(BookingError::CounterReserve { .. })
        ));
        // The counter can sell the reserve.
        k.hold(&cashier, st.id, &labels(&["A4", "A5", "A6"]), None)
            .await
            .unwrap();
        // Staff see the kiosk's hold as "online".
        let map = k.seat_map(&cashier, st.id).await.unwrap();
        let a1 = map.seats.iter().find(|s| s.seat.label() == "A1").unwrap();
        assert_eq!(a1.state.word(), "held");
        assert!(serde_json::to_string(&a1.state).unwrap().contains("online"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_extend_and_a_managers_release_of_anothers_hold() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let b = &c.services.booking;
        let t = c.clock.get();
        let o = b
            .hold(&c.cashier, c.showtime, &labels(&["J1", "J2", "J3"]), None)
            .await
            .unwrap()
            .order
            .id;
        let v = b.release(&c.cashier, o, &labels(&["J2"])).await.unwrap();
        assert_eq!(
            v.seats.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
            vec!["J1", "J3"]
        );
        // Adding to the order keeps one expiry for all its seats.
        c.clock.set(t + Duration::minutes(4));
        let v = b
            .hold(&c.cashier, c.showtime, &labels(&["J4"]), Some(o))
            .await
            .unwrap();
        assert_eq!(v.seats.len(), 3);
        assert_eq!(v.order.expires_at, t + Duration::minutes(10));
        // Extend once by the owner: a full 10 minutes more on top of the 6 left.
        let v = b.extend(&c.cashier, o).await.unwrap();
        assert_eq!(v.order.expires_at, t + Duration::minutes(20));
        assert!(matches!(
            b.extend(&c.cashier, o).await,
            Err(BookingError::AlreadyExtended)
        ));
        c.clock.set(t + Duration::minutes(13));
        let map = b.seat_map(&c.other, c.showtime).await.unwrap();
        assert_eq!(map.counts.held, 3);
        // A manager releases it, and that is logged; the cashier's order keeps nothing.
        b.release(&c.manager, o, &[]).await.unwrap();
        assert_eq!(live_claims(&db).await, 0);
        assert_eq!(
            db.count("SELECT count(*) FROM booking_log WHERE action = 'release_other'")
                .await,
            1
        );
        // Releasing never touches another order's hold.
        let mine = b
            .hold(&c.cashier, c.showtime, &labels(&["I1"]), None)
            .await
            .unwrap()
            .order
            .id;
        let theirs = b
            .hold(&c.other, c.showtime, &labels(&["I2"]), None)
            .await
            .unwrap()
            .order
            .id;
        b.release(&c.cashier, mine, &[]).await.unwrap();
        assert_eq!(b.order(&c.other, theirs).await.unwrap().seats.len(), 1);
        // Cancel gives the seats back at once.
        b.cancel(&c.other, theirs).await.unwrap();
        assert_eq!(live_claims(&db).await, 0);
        let _ = &c.customer;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_payment_of_one_order_makes_one_set_of_tickets() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        let o = c
            .services
            .booking
            .hold(&c.cashier, c.showtime, &labels(&["E1", "E2"]), None)
            .await
            .unwrap()
            .order
            .id;
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (pay, who) = (c.services.payment.clone(), c.cashier.clone());
            tasks.push(tokio::spawn(async move {
                pay.pay_cash(&who, o, &[], None).await
            }));
        }
        let mut ok = 0;
        for t in tasks {
            if t.await.unwrap().is_ok() {
                ok += 1;
            }
        }
        assert_eq!(ok, 1);
        assert_eq!(db.count("SELECT count(*) FROM tickets").await, 2);
        assert_eq!(db.count("SELECT count(*) FROM payments").await, 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_on_one_connection_reaches_a_subscriber_on_another_within_a_second() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        // A second process's view: its own pool, its own feed.
        let other_store = match db.backend {
            boxoffice::store::Backend::Sqlite => Store::from_sqlite(Arc::new(
                boxoffice::store::sqlite::SqliteStore::connect(&db.url)
                    .await
                    .unwrap(),
            )),
            boxoffice::store::Backend::Postgres => Store::from_postgres(Arc::new(
                boxoffice::store::postgres::PgStore::connect(&db.url)
                    .await
                    .unwrap(),
            )),
        };
        let mut events = other_store.feed.subscribe();
        // Let the watcher connect (it says Resync when it listens) before the change.
        tokio::time::sleep(StdDuration::from_millis(500)).await;
        while events.try_recv().is_ok() {}
        let started = std::time::Instant::now();
        c.services
            .booking
            .hold(&c.cashier, c.showtime, &labels(&["A5"]), None)
            .await
            .unwrap();
        let got = tokio::time::timeout(StdDuration::from_secs(1), async {
            loop {
                if let Ok(SeatEvent::Changed(st)) = events.recv().await
                    && st == c.showtime
                {
                    return;
                }
            }
        })
        .await;
        assert!(
            got.is_ok(),
            "no change seen within a second on {}",
            db.backend.name()
        );
        eprintln!("{}: seen after {:?}", db.backend.name(), started.elapsed());
    })
    .await;
}

/// A hold writes no lock on its showtime, account or order rows (PostgreSQL keeps no
/// foreign key from the order to them, migration 0015), yet neither an order nor the
/// account that made it can be deleted from under its seats, by any program.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_and_its_account_cannot_be_deleted_from_under_a_hold() {
    each_backend(|db| async move {
        let c = counter(&db).await;
        c.services
            .booking
            .hold(&c.cashier, c.showtime, &["A1".to_string()], None)
            .await
            .unwrap();
        let order = db.execute("DELETE FROM orders").await;
        assert!(
            order.is_err(),
            "{}: an order was deleted",
            db.backend.name()
        );
        let account = db
            .execute("DELETE FROM users WHERE username_key = 'anna'")
            .await;
        assert!(
            account.is_err(),
            "{}: an account was deleted",
            db.backend.name()
        );
        assert_eq!(live_claims(&db).await, 1);
        assert_eq!(db.count("SELECT count(*) FROM orders").await, 1);
    })
    .await;
}
