//! History lists what a cashier or a customer did, not what they undid: a draft order
//! whose seats were all given back is left out, on both stores, while drafts still
//! holding seats, lapsed holds and sales stay.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::identity::Role;
use boxoffice::payment::service::Tender;
use common::{each_backend, local};

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn releasing_the_last_seat_takes_the_draft_out_of_history() {
    each_backend(|db| async move {
        let (s, _clock) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(&s, &op, "Main", 5, 5, local("2026-12-01 20:00")).await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        let history = || async {
            s.booking
                .history(&anna, None, 50)
                .await
                .unwrap()
                .iter()
                .map(|o| o.order.id)
                .collect::<Vec<_>>()
        };

        // Held one seat, then gave it back: gone from history.
        let emptied = s
            .booking
            .hold(&anna, st.id, &labels(&["A1"]), None)
            .await
            .unwrap();
        let emptied = emptied.order.id;
        assert_eq!(
            history().await,
            [emptied],
            "a draft holding a seat is listed"
        );
        s.booking.release(&anna, emptied, &[]).await.unwrap();
        assert_eq!(history().await, [], "nothing held, nothing to list");

        // Two seats, one given back: still a draft with a seat, still listed.
        let partly = s
            .booking
            .hold(&anna, st.id, &labels(&["B1", "B2"]), None)
            .await
            .unwrap();
        let partly = partly.order.id;
        s.booking
            .release(&anna, partly, &labels(&["B2"]))
            .await
            .unwrap();
        // A sale.
        let sold = s
            .booking
            .hold(&anna, st.id, &labels(&["C1"]), None)
            .await
            .unwrap();
        let sold = sold.order.id;
        s.payment
            .pay(&anna, sold, &[], Tender::Card { number: None }, None)
            .await
            .unwrap();
        assert_eq!(history().await, [sold, partly]);

        // The emptied draft takes a seat again (the counter reuses its order): listed.
        s.booking
            .hold(&anna, st.id, &labels(&["D1"]), Some(emptied))
            .await
            .unwrap();
        assert_eq!(history().await, [sold, partly, emptied]);
    })
    .await;
}
