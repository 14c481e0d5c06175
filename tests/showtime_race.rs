//! A showtime cancelled or moved while its seats are being sold. Whatever the order of
//! events, a cancelled showtime keeps no valid ticket and every cent taken for it is
//! given back (refunded, or the card charge voided); a showtime with tickets (or seats
//! held, whose sale could print the old time) is never moved, as the command line and
//! the back office both promise. Real concurrency, on
//! both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Timelike;

use boxoffice::booking::BookingError;
use boxoffice::identity::Role;
use boxoffice::payment::PaymentError;
use boxoffice::payment::service::{RefundTarget, Tender};
use boxoffice::screening::ScreeningError;
use common::each_backend;

const SELLERS: usize = 4;
const ROUNDS: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_showtime_cancelled_while_its_seats_sell_keeps_no_valid_ticket() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Main", 10, 20)
            .await
            .unwrap();
        let movie = s
            .screening
            .add_movie(&op, "Ninety", 90, None, None)
            .await
            .unwrap();
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        common::on_shift(&s, &[&anna]).await;
        let (mut sales_met_the_cancel, mut sold_in_all) = (0, 0);
        for round in 0..ROUNDS {
            let start = chrono::Utc::now() + chrono::Duration::days(1 + round as i64);
            let st = s
                .screening
                .schedule_showtime(
                    &op,
                    movie.id,
                    "Main",
                    start,
                    boxoffice::vocab::Money::parse("10").unwrap(),
                )
                .await
                .unwrap();
            let seats: Vec<String> = (0..10u8)
                .flat_map(|r| (1..=20).map(move |n| format!("{}{n}", char::from(b'A' + r))))
                .collect();
            let seats = Arc::new(std::sync::Mutex::new(seats));
            let mut sellers = Vec::new();
            for seller in 0..SELLERS {
                let (s, anna, seats) = (s.clone(), anna.clone(), seats.clone());
                sellers.push(tokio::spawn(async move {
                    let (mut sold, mut refused) = (0i64, 0);
                    loop {
                        let Some(seat) = seats.lock().unwrap().pop() else {
                            break;
                        };
                        let hold = match s.booking.hold(&anna, st.id, &[seat], None).await {
                            Ok(hold) => hold,
                            Err(BookingError::ShowtimeCancelled) => break,
                            Err(e) => panic!("hold: {e}"),
                        };
                        // Half the counters take cards, so a charge made just before the
                        // cancel must be voided.
                        let tender = if seller % 2 == 0 {
                            Tender::Cash { tendered: None }
                        } else {
                            Tender::Card { number: None }
                        };
                        match s.payment.pay(&anna, hold.order.id, &[], tender, None).await {
                            Ok(receipt) => sold += receipt.total.cents(),
                            Err(PaymentError::Booking(BookingError::ShowtimeCancelled))
                            | Err(PaymentError::Voided {
                                cause: BookingError::ShowtimeCancelled,
                            }) => {
                                refused += 1;
                                break;
                            }
                            Err(e) => panic!("sale: {e}"),
                        }
                    }
                    (sold, refused)
                }));
            }
            tokio::time::sleep(Duration::from_millis(15 + 10 * round as u64)).await;
            let report = s
                .payment
                .cancel_showtime(&op, st.id, "projector broke")
                .await
                .unwrap();
            let (mut sold_cents, mut refused) = (0i64, 0);
            for seller in sellers {
                let (sold, r) = seller.await.unwrap();
                sold_cents += sold;
                refused += r;
            }
            sold_in_all += sold_cents;
            sales_met_the_cancel += refused;
            let valid = db
                .count(&format!(
                    "SELECT count(*) FROM tickets WHERE showtime_id = {} AND status = 'valid'",
                    st.id.0
                ))
                .await;
            assert_eq!(
                valid,
                0,
                "{}, round {round}: a valid ticket for a cancelled showtime",
                db.backend.name()
            );
            assert!(report.failed.is_empty(), "{:?}", report.failed);
            let refunded: i64 = report.refunds.iter().map(|r| r.amount.cents()).sum();
            assert_eq!(
                refunded,
                sold_cents,
                "{}, round {round}: every sale made before the cancel is refunded by it",
                db.backend.name()
            );
        }
        // Every charge, refund and void is in the ledger, and the chain is whole.
        let verified = s.payment.verify(&op).await.unwrap();
        assert!(verified.broken.is_none(), "{verified:?}");
        assert!(
            sold_in_all > 0,
            "no sale went through: the race was not run"
        );
        assert!(
            sales_met_the_cancel > 0,
            "{}: no sale met the cancel: the race was not run",
            db.backend.name()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_showtime_with_holds_or_tickets_is_not_moved_until_they_are_gone() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        // Whole seconds: the databases keep microseconds at most.
        let start = (chrono::Utc::now() + chrono::Duration::days(2))
            .with_nanosecond(0)
            .unwrap();
        let st = common::ninety_minutes_in(&s, &op, "Main", 5, 10, start).await;
        common::on_shift(&s, &[&op]).await;
        let hold = s
            .booking
            .hold(&op, st.id, &["C5".to_string()], None)
            .await
            .unwrap();
        // A seat held: its buyer chose this time, and its sale may be printing it.
        let err = s
            .screening
            .move_showtime(&op, st.id, start + chrono::Duration::hours(3))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "showtime #{} cannot be moved: 1 seat is held for it right now; it moves only \
                 while nothing is held or sold (the Floor tab lists the holds)",
                st.id
            )
        );
        let receipt = s
            .payment
            .pay_cash(&op, hold.order.id, &[], None)
            .await
            .unwrap();
        let later = start + chrono::Duration::hours(3);
        let err = s
            .screening
            .move_showtime(&op, st.id, later)
            .await
            .unwrap_err();
        assert!(
            matches!(
                &err,
                ScreeningError::HasDependents {
                    action: "moved",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "showtime #{} cannot be moved: 1 ticket was sold for it; cancel it instead",
                st.id
            )
        );
        // Still where it was, its ticket valid.
        let now = s.screening.showtime(st.id).await.unwrap();
        assert_eq!(now.starts_at, st.starts_at);
        // Once the ticket is given back, nothing holds the showtime to its time.
        s.payment
            .refund(&op, RefundTarget::Order(receipt.order), "wrong day")
            .await
            .unwrap();
        let moved = s.screening.move_showtime(&op, st.id, later).await.unwrap();
        assert_eq!(moved.starts_at, later);
    })
    .await;
}
