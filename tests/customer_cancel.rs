//! A customer cancels their own booking before the showtime starts: the card is refunded
//! and the seats are free again; another customer's booking is not theirs to find, and
//! once the film has started the answer is to ask at the counter. Both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::identity::Role;
use boxoffice::payment::PaymentError;
use boxoffice::payment::service::{RefundTarget, Tender};
use boxoffice::vocab::{DomainError, Money};
use common::{each_backend, local};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_cancels_their_own_booking_before_the_start() {
    each_backend(|db| async move {
        let (s, clock) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(&s, &op, "Main", 3, 4, local("2026-12-01 20:00")).await;
        let pw = "long enough password";
        let cora = s
            .identity
            .register("cora", pw, None, None, None)
            .await
            .unwrap();
        let dan = s
            .identity
            .register("dan", pw, None, None, None)
            .await
            .unwrap();
        assert_eq!(cora.role, Role::Customer);
        let book = |who: boxoffice::identity::User, seat: &'static str| {
            let s = s.clone();
            async move {
                let view = s
                    .booking
                    .hold(&who, st.id, &[seat.to_string()], None)
                    .await
                    .unwrap();
                s.payment
                    .pay(
                        &who,
                        view.order.id,
                        &[],
                        Tender::Card { number: None },
                        None,
                    )
                    .await
                    .unwrap()
            }
        };
        let mine = book(cora.clone(), "A1").await;
        let theirs = book(dan.clone(), "A2").await;

        // Someone else's booking: not found, nothing refunded.
        let e = s
            .payment
            .refund(&cora, RefundTarget::Order(theirs.order), "not mine")
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found", "{e}");

        // Her own: refunded by card, the seat free again.
        let back = s
            .payment
            .refund(&cora, RefundTarget::Order(mine.order), "plans changed")
            .await
            .unwrap();
        assert_eq!(back.amount, Money::parse("10").unwrap());
        let map = s.booking.seat_map(&cora, st.id).await.unwrap();
        assert_eq!(map.counts.sold, 1, "only dan's seat stays sold");

        // After the start: ask at the counter.
        clock.set(local("2026-12-01 20:01"));
        let e = s
            .payment
            .refund(&dan, RefundTarget::Order(theirs.order), "late")
            .await
            .unwrap_err();
        assert!(matches!(e, PaymentError::PermissionDenied(_)), "{e:?}");
        assert!(e.to_string().contains("ask at the counter"), "{e}");
    })
    .await;
}
