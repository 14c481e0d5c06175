//! "Best N together" under contention: counters asking at the same moment on a nearly empty
//! hall all get seats (a counter that loses the best block to another takes the next),
//! and a refusal, when no block is left, is said in words ("no 2 seats together are
//! free"). Real concurrency, both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use boxoffice::booking::BookingError;
use boxoffice::identity::Role;
use common::each_backend;
use tokio::sync::Barrier;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_counters_asking_best_two_at_once_all_get_seats() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            10,
            10,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let mut counters = Vec::new();
        for i in 0..8 {
            counters.push(
                s.identity
                    .create_user(
                        &format!("counter{i}"),
                        Role::Cashier,
                        "long enough password",
                    )
                    .await
                    .unwrap(),
            );
        }
        let mut refused = Vec::new();
        let mut seats = HashSet::new();
        for _round in 0..4 {
            let start = Arc::new(Barrier::new(counters.len()));
            let mut tasks = Vec::new();
            for c in &counters {
                let (s, c, start) = (s.clone(), c.clone(), start.clone());
                tasks.push(tokio::spawn(async move {
                    start.wait().await;
                    s.booking.hold_best(&c, st.id, 2, None).await
                }));
            }
            for t in tasks {
                match t.await.unwrap() {
                    Ok(view) => {
                        assert_eq!(view.seats.len(), 2);
                        for seat in view.seats {
                            assert!(seats.insert(seat.seat_id), "{} held twice", seat.label);
                        }
                    }
                    Err(e) => refused.push(e.to_string()),
                }
            }
        }
        assert!(
            refused.is_empty(),
            "{} of 32 refused: {refused:?}",
            refused.len()
        );
        assert_eq!(seats.len(), 64);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_block_left_is_said_in_words() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Tiny",
            1,
            3,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        s.booking
            .hold(&anna, st.id, &["A2".to_string()], None)
            .await
            .unwrap();
        let e = s
            .booking
            .hold_best(&anna, st.id, 2, None)
            .await
            .unwrap_err();
        assert!(matches!(e, BookingError::NoSeatsTogether(2)), "{e:?}");
        assert_eq!(e.to_string(), "no 2 seats together are free");
        s.booking
            .hold(&anna, st.id, &["A1".to_string(), "A3".to_string()], None)
            .await
            .unwrap();
        let e = s
            .booking
            .hold_best(&anna, st.id, 1, None)
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "no seat is free");
    })
    .await;
}
