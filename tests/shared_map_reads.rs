//! Many grids of one process (the SSH server's sessions) share their seat-map reads, yet
//! none of them is shown a map older than its request: a hold that committed before a
//! grid asked is always on that grid's map. Real concurrency: other grids read without
//! pause while holds land, on both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use boxoffice::booking::model::SeatState;
use boxoffice::identity::Role;
use common::each_backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_viewer_sees_the_holds_made_before_it_asked() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            4,
            10,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let labels: Vec<String> = ["A", "B", "C", "D"]
            .iter()
            .flat_map(|r| (1..=10).map(move |n| format!("{r}{n}")))
            .collect();
        // Other grids of the process keep reading the map all the time, so a read is
        // nearly always under way when the next one is asked for.
        let stop = Arc::new(AtomicBool::new(false));
        let mut others = Vec::new();
        for _ in 0..6 {
            let (s, op, stop) = (s.clone(), op.clone(), stop.clone());
            others.push(tokio::spawn(async move {
                let mut reads = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    s.booking
                        .seat_map(&op, st.id)
                        .await
                        .expect("the map is read");
                    reads += 1;
                }
                reads
            }));
        }
        for (i, label) in labels.iter().enumerate() {
            s.booking
                .hold(&anna, st.id, std::slice::from_ref(label), None)
                .await
                .expect("the seat is free");
            // Asked after the hold returned: whatever read is under way, the map must
            // have this hold and every earlier one.
            let map = s.booking.seat_map(&op, st.id).await.unwrap();
            assert_eq!(map.counts.held as usize, i + 1, "after holding {label}");
            for earlier in &labels[..=i] {
                let seat = map.seats.iter().find(|m| m.seat.label() == *earlier);
                assert!(
                    matches!(seat.map(|m| &m.state), Some(SeatState::Held { .. })),
                    "{earlier} was held before the map was asked for, it says {:?}",
                    seat.map(|m| &m.state)
                );
            }
        }
        stop.store(true, Ordering::Relaxed);
        for o in others {
            assert!(o.await.unwrap() > 0, "the other grids did read meanwhile");
        }
    })
    .await;
}
