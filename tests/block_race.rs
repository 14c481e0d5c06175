//! Blocking a seat for a showtime races a hold of the same seat: the seat ends up held or
//! blocked, never both (on PostgreSQL under READ COMMITTED too). Real concurrency: for
//! each of many seats a manager blocks it while a cashier holds it, at the same moment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use boxoffice::identity::Role;
use common::each_backend;
use tokio::sync::Barrier;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_seat_is_held_or_blocked_never_both() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            8,
            10,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let (mut held, mut blocked) = (0, 0);
        for row in ["A", "B", "C", "D", "E", "F", "G", "H"] {
            for n in 1..=10 {
                let label = format!("{row}{n}");
                let start = Arc::new(Barrier::new(2));
                let hold = {
                    let (s, anna, start, label) =
                        (s.clone(), anna.clone(), start.clone(), label.clone());
                    tokio::spawn(async move {
                        start.wait().await;
                        s.booking.hold(&anna, st.id, &[label], None).await
                    })
                };
                let block = {
                    let (s, op, start, label) =
                        (s.clone(), op.clone(), start.clone(), label.clone());
                    tokio::spawn(async move {
                        start.wait().await;
                        s.booking.block_seat(&op, st.id, &label).await
                    })
                };
                let (hold, block) = (hold.await.unwrap(), block.await.unwrap());
                assert!(
                    hold.is_ok() != block.is_ok(),
                    "{label}: hold {hold:?}, block {block:?}"
                );
                held += usize::from(hold.is_ok());
                blocked += usize::from(block.is_ok());
            }
        }
        // What the database holds agrees with what each side was told.
        let both = db
            .count(
                "SELECT count(*) FROM seat_claims c JOIN blocked_seats b \
                 ON b.showtime_id = c.showtime_id AND b.seat_id = c.seat_id WHERE c.state = 'held'",
            )
            .await;
        assert_eq!(both, 0, "seats both held and blocked");
        assert_eq!(
            db.count("SELECT count(*) FROM blocked_seats").await as usize,
            blocked
        );
        assert_eq!(
            db.count("SELECT count(*) FROM seat_claims WHERE state = 'held'")
                .await as usize,
            held
        );
        eprintln!("{}: {held} held, {blocked} blocked", db.backend.name());
    })
    .await;
}
