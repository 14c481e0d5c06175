//! A cashier's shift closed on one terminal while the same cashier's cash sales are on
//! their way on others: every cash sale that went through is in a close-out, and every
//! one that was not counted was refused with nothing sold. Real concurrency, on both
//! stores: four tasks sell for cash as one cashier while the shift closes under them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use boxoffice::identity::Role;
use boxoffice::payment::PaymentError;
use boxoffice::vocab::Money;
use common::each_backend;

const SELLERS: usize = 4;
const ROUNDS: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cash_sold_while_the_shift_closes_is_counted_or_refused() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            20,
            20,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let seats: Vec<String> = (0..20u8)
            .flat_map(|r| (1..=20).map(move |n| format!("{}{n}", char::from(b'A' + r))))
            .collect();
        let seats = Arc::new(std::sync::Mutex::new(seats));
        let mut sold_cents = 0i64;
        let mut counted_cents = 0i64;
        let mut refused_at_the_close = 0;
        for round in 0..ROUNDS {
            s.payment.open_shift(&anna, Money::ZERO).await.unwrap();
            let mut sellers = Vec::new();
            for _ in 0..SELLERS {
                let (s, anna, seats) = (s.clone(), anna.clone(), seats.clone());
                sellers.push(tokio::spawn(async move {
                    let (mut sold, mut refused) = (0i64, 0);
                    loop {
                        let Some(seat) = seats.lock().unwrap().pop() else {
                            break;
                        };
                        let hold = s.booking.hold(&anna, st.id, &[seat], None).await.unwrap();
                        match s.payment.pay_cash(&anna, hold.order.id, &[], None).await {
                            Ok(receipt) => sold += receipt.total.cents(),
                            Err(PaymentError::CashNeedsShift) => {
                                refused += 1;
                                // Nothing was sold: the seat is still this order's hold.
                                let order = s.booking.order(&anna, hold.order.id).await.unwrap();
                                assert!(order.tickets.is_empty());
                                s.booking.cancel(&anna, hold.order.id).await.unwrap();
                                break;
                            }
                            Err(e) => panic!("cash sale: {e}"),
                        }
                    }
                    (sold, refused)
                }));
            }
            // Let the sellers get going, then close the drawer under them.
            tokio::time::sleep(Duration::from_millis(20 + 5 * round as u64)).await;
            let out = s
                .payment
                .close_shift(&anna, Money::ZERO)
                .await
                .expect("the shift closes");
            counted_cents += out.expected_cash - out.float.cents();
            for seller in sellers {
                let (sold, refused) = seller.await.unwrap();
                sold_cents += sold;
                refused_at_the_close += refused;
            }
            assert_eq!(
                counted_cents,
                sold_cents,
                "{}, round {round}: cash sold but in no close-out",
                db.backend.name()
            );
        }
        // Every sale is also in the ledger once, and the chain is whole.
        let verified = s.payment.verify(&op).await.unwrap();
        assert!(verified.broken.is_none(), "{verified:?}");
        assert!(
            refused_at_the_close > 0,
            "{}: no sale met a closed shift: the race was not run",
            db.backend.name()
        );
    })
    .await;
}
