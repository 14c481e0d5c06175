//! Staff see who holds a seat (a cashier's name, or "online"); a customer sees only that
//! it is held by someone else, never a staff member's username. Both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::model::SeatState;
use boxoffice::identity::Role;
use common::each_backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_never_sees_who_holds_a_seat() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            3,
            4,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let pw = "long enough password";
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, pw)
            .await
            .unwrap();
        let carl = s
            .identity
            .create_user("carl", Role::Customer, pw)
            .await
            .unwrap();
        s.booking
            .hold(&anna, st.id, &["A1".to_string()], None)
            .await
            .unwrap();
        let held_by = |map: &boxoffice::booking::service::SeatMap| {
            map.seats
                .iter()
                .find_map(|m| match &m.state {
                    SeatState::Held { by, .. } => Some(by.clone()),
                    _ => None,
                })
                .unwrap()
        };
        let staff = s.booking.seat_map(&op, st.id).await.unwrap();
        assert_eq!(held_by(&staff), "anna");
        let customer = s.booking.seat_map(&carl, st.id).await.unwrap();
        assert_eq!(held_by(&customer), "someone else");
        let json = serde_json::to_string(&customer).unwrap();
        assert!(!json.contains("anna"), "{json}");
    })
    .await;
}
