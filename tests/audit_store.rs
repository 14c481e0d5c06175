//! The audit's reads on both stores: the ledger filtered by kind, acting user, order and
//! time, paged newest first, each row with who acted; and the chain check reporting its
//! progress as it walks, with the same verdict as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};

use boxoffice::identity::Role;
use boxoffice::payment::PaymentError;
use boxoffice::payment::model::LedgerKind;
use boxoffice::payment::ports::LedgerFilter;
use boxoffice::vocab::Money;
use chrono::Duration;
use common::{each_backend, local};

#[tokio::test]
async fn the_ledger_filters_by_kind_user_order_and_time_with_who_acted() {
    each_backend(|db| async move {
        let (s, clock) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Main", 4, 6)
            .await
            .unwrap();
        let film = s
            .screening
            .add_movie(&op, "Film", 90, None, None)
            .await
            .unwrap();
        let st = s
            .screening
            .schedule_showtime(
                &op,
                film.id,
                "Main",
                local("2026-12-01 20:00"),
                Money::parse("10").unwrap(),
            )
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
            .create_user("Ben", Role::Cashier, pw)
            .await
            .unwrap();
        let maria = s
            .identity
            .create_user("maria", Role::Manager, pw)
            .await
            .unwrap();
        let m = |t: &str| Money::parse(t).unwrap();
        s.payment.open_shift(&anna, m("100")).await.unwrap();
        s.payment.open_shift(&ben, m("50")).await.unwrap();
        clock.advance(Duration::hours(2));
        let mut orders = Vec::new();
        for (who, seat) in [(&anna, "A1"), (&ben, "B1"), (&anna, "C1")] {
            let o = s
                .booking
                .hold(who, st.id, &[seat.to_string()], None)
                .await
                .unwrap()
                .order
                .id;
            s.payment.pay_cash(who, o, &[], None).await.unwrap();
            orders.push(o);
            clock.advance(Duration::minutes(10));
        }
        let all = s
            .payment
            .ledger_search(&maria, &LedgerFilter::default(), None, 100)
            .await
            .unwrap();
        assert!(all.len() >= 5, "{all:?}");
        assert!(
            all.windows(2).all(|w| w[0].entry.seq > w[1].entry.seq),
            "newest first"
        );
        for row in &all {
            let expected = if row.entry.draft.actor == anna.id {
                "anna"
            } else {
                "Ben"
            };
            assert_eq!(row.username, expected);
        }
        let shifts = LedgerFilter {
            kind: Some(LedgerKind::ShiftOpen),
            ..LedgerFilter::default()
        };
        let got = s
            .payment
            .ledger_search(&maria, &shifts, None, 100)
            .await
            .unwrap();
        assert_eq!(got.len(), 2);
        assert!(
            got.iter()
                .all(|r| r.entry.draft.kind == LedgerKind::ShiftOpen)
        );
        // The username in any case.
        let bens = LedgerFilter {
            actor: Some("BEN".into()),
            ..LedgerFilter::default()
        };
        let got = s
            .payment
            .ledger_search(&maria, &bens, None, 100)
            .await
            .unwrap();
        assert!(!got.is_empty() && got.iter().all(|r| r.entry.draft.actor == ben.id));
        let one = LedgerFilter {
            order: Some(orders[2]),
            ..LedgerFilter::default()
        };
        let got = s
            .payment
            .ledger_search(&maria, &one, None, 100)
            .await
            .unwrap();
        assert!(!got.is_empty() && got.iter().all(|r| r.entry.draft.order == Some(orders[2])));
        // Only what happened in the hour after 11:05: the second and third sales.
        let hour = LedgerFilter {
            from: Some(local("2026-12-01 11:05")),
            to: Some(local("2026-12-01 12:05")),
            ..LedgerFilter::default()
        };
        let got = s
            .payment
            .ledger_search(&maria, &hour, None, 100)
            .await
            .unwrap();
        let mut seen: Vec<_> = got.iter().filter_map(|r| r.entry.draft.order).collect();
        seen.dedup();
        assert_eq!(seen, vec![orders[2], orders[1]]);
        // Paging: two at a time below the last row seen gives the same rows as one read.
        let mut paged = Vec::new();
        let mut before = None;
        loop {
            let page = s
                .payment
                .ledger_search(&maria, &LedgerFilter::default(), before, 2)
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            before = Some(last.entry.seq);
            paged.extend(page);
        }
        assert_eq!(paged, all);
        assert!(matches!(
            s.payment
                .ledger_search(&anna, &LedgerFilter::default(), None, 10)
                .await,
            Err(PaymentError::PermissionDenied(_))
        ));

        // The check walks every row and says how far it got.
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let v = s
            .payment
            .verify_with_progress(&maria, move |rows, head| {
                log.lock().unwrap().push((rows, head))
            })
            .await
            .unwrap();
        assert!(v.broken.is_none());
        assert_eq!(v.rows as usize, all.len());
        let steps = seen.lock().unwrap().clone();
        assert_eq!(steps.last(), Some(&(v.rows, v.head)));
        assert!(matches!(
            s.payment.verify_with_progress(&anna, |_, _| {}).await,
            Err(PaymentError::PermissionDenied(_))
        ));
    })
    .await;
}
