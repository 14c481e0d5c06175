//! A sold order cannot be cancelled or released: that would say the seats are free while
//! its tickets stay valid. Refused with `order_paid` ("refund it instead"), on both
//! stores, through the services and as the real binary; and a cancel racing a payment
//! never both "works": either the sale stands and the cancel is refused, or the cancel
//! stands and the sale is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use boxoffice::booking::BookingError;
use boxoffice::identity::Role;
use boxoffice::vocab::DomainError;
use common::bin::{databases, json, run};
use common::{each_backend, local};

fn labels(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_paid_order_is_refused_cancel_and_release_and_keeps_its_tickets() {
    each_backend(|db| async move {
        let (s, _clock) = db.services_at(local("2026-12-01 09:00"));
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(&s, &op, "Main", 5, 5, local("2026-12-01 20:00")).await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        common::on_shift(&s, &[&anna]).await;
        let view = s
            .booking
            .hold(&anna, st.id, &labels(&["A1", "A2"]), None)
            .await
            .unwrap();
        let order = view.order.id;
        s.payment.pay_cash(&anna, order, &[], None).await.unwrap();

        let cancel = s.booking.cancel(&anna, order).await.unwrap_err();
        assert!(matches!(cancel, BookingError::OrderPaid(_)), "{cancel:?}");
        assert_eq!(cancel.code(), "order_paid");
        assert!(cancel.to_string().contains("refund it instead"), "{cancel}");
        let release = s.booking.release(&anna, order, &[]).await.unwrap_err();
        assert!(matches!(release, BookingError::OrderPaid(_)), "{release:?}");
        let one = s.booking.release(&anna, order, &labels(&["A1"])).await;
        assert!(one.is_err(), "{one:?}");

        // Nothing changed: both tickets valid, the order paid, the seats sold.
        let after = s.booking.order(&anna, order).await.unwrap();
        assert_eq!(after.status.as_str(), "paid");
        assert!(after.tickets.iter().all(|t| t.valid));
        assert_eq!(
            db.count("SELECT count(*) FROM tickets WHERE status = 'valid'")
                .await,
            2
        );
        let map = s.booking.seat_map(&anna, st.id).await.unwrap();
        assert_eq!(map.counts.sold, 2, "{:?}", map.counts);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancel_racing_a_payment_never_both_succeed() {
    each_backend(|db| async move {
        let s = db.services();
        let op = common::operator(&s).await;
        let st = common::ninety_minutes_in(
            &s,
            &op,
            "Main",
            6,
            10,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await;
        let anna = s
            .identity
            .create_user("anna", Role::Cashier, "long enough password")
            .await
            .unwrap();
        common::on_shift(&s, &[&anna]).await;
        for seat in 1..=20 {
            let label = format!(
                "{}{}",
                if seat <= 10 { "A" } else { "B" },
                (seat - 1) % 10 + 1
            );
            let view = s
                .booking
                .hold(&anna, st.id, &labels(&[&label]), None)
                .await
                .unwrap();
            let order = view.order.id;
            let (pay, cancel) = tokio::join!(
                {
                    let s = s.clone();
                    let anna = anna.clone();
                    tokio::spawn(async move { s.payment.pay_cash(&anna, order, &[], None).await })
                },
                {
                    let s = s.clone();
                    let anna = anna.clone();
                    tokio::spawn(async move { s.booking.cancel(&anna, order).await })
                }
            );
            let (paid, cancelled) = (pay.unwrap().is_ok(), cancel.unwrap().is_ok());
            assert!(
                paid != cancelled,
                "seat {label}: paid {paid}, cancelled {cancelled}"
            );
            let valid = db
                .count(&format!(
                    "SELECT count(*) FROM tickets WHERE order_id = {} AND status = 'valid'",
                    order.0
                ))
                .await;
            assert_eq!(valid, i64::from(paid), "seat {label}");
        }
    })
    .await;
}

#[test]
fn the_command_line_refuses_to_cancel_or_release_a_sold_order() {
    for db in databases() {
        let ok = |args: &[&str]| {
            let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
            let out = run(&db, &all);
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            json(&out)
        };
        ok(&["hall", "add", "Salon", "--rows", "3", "--seats", "4"]);
        let movie = ok(&["movie", "add", "Kettle", "--minutes", "90"]);
        let at = (chrono::Utc::now() + chrono::Duration::days(2))
            .format("%Y-%m-%d 20:00")
            .to_string();
        let st = ok(&[
            "showtime",
            "add",
            "--movie",
            &movie["id"].to_string(),
            "--hall",
            "Salon",
            "--at",
            &at,
            "--price",
            "9.00",
        ]);
        let held = ok(&["hold", &st["id"].to_string(), "A1", "A2"]);
        let order = held["id"].to_string();
        // Cash goes into an open shift's drawer.
        ok(&["shift", "open", "--float", "0"]);
        ok(&["sell", &order, "--pay", "cash"]);
        for args in [vec!["order", "cancel", &order], vec!["release", &order]] {
            let all: Vec<&str> = ["--json"].iter().chain(args.iter()).copied().collect();
            let out = run(&db, &all);
            assert_eq!(out.status.code(), Some(3), "{args:?}");
            let v = json(&out);
            assert_eq!(v["error"]["code"], "order_paid", "{args:?}: {v}");
            let text = run(&db, &args);
            let stderr = String::from_utf8_lossy(&text.stderr);
            assert!(stderr.contains("refund it instead"), "{stderr}");
            assert!(text.stdout.is_empty(), "nothing said to have worked");
        }
        let shown = ok(&["order", "show", &order]);
        assert!(
            shown["tickets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["valid"] == true),
            "{shown}"
        );
    }
}
